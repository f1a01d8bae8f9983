"""Helpers for the store tests: small documents written to disk and read back."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from reader.model import Document
from reader.readers import load_document
from reader.store import AnnotationStore

MakeDocument = Callable[..., Document]

PARAGRAPHS = [
    f"Paragraph number {n} talks about {topic} at some length, with enough words to be unique."
    for n, topic in enumerate(
        ["rivers", "mountains", "cities", "forests", "deserts", "oceans", "islands", "valleys"]
    )
]


def write_document(path: Path, paragraphs: Sequence[str]) -> Document:
    """Write ``paragraphs`` as a plain-text file at ``path`` and read it back."""
    path.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    return load_document(path)


@pytest.fixture
def make_document(tmp_path: Path) -> MakeDocument:
    """Build a document file in a temporary folder (default: :data:`PARAGRAPHS`)."""

    def make(paragraphs: Sequence[str] = PARAGRAPHS, name: str = "doc.txt") -> Document:
        return write_document(tmp_path / name, paragraphs)

    return make


@pytest.fixture
def store(data_dir: Path) -> AnnotationStore:
    """A store in the test's own data folder."""
    return AnnotationStore.open(data_dir)
