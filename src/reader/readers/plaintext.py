"""Reader for the text format (first cut: blank-line paragraphs; being rewritten)."""

from __future__ import annotations

from pathlib import Path

from reader.model import Document
from reader.readers.builder import DocumentBuilder

FORMAT = "text"
EXTENSIONS: frozenset[str] = frozenset()


def sniff(text: str) -> bool:
    """Never claims a file yet."""
    return False


def read(text: str, *, path: Path | None = None, encoding: str = "utf-8") -> Document:
    """Read text as blank-line separated paragraphs."""
    builder = DocumentBuilder(FORMAT, path=path, encoding=encoding)
    for block in text.split("\n\n"):
        builder.paragraph(block)
    return builder.build()
