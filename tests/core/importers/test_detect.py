"""Telling the formats apart by content."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.importers.detect import detect_format
from tests.core.importers.samples import KINDLE_CLIPPINGS, KOREADER_SIDECAR, READWISE_CSV


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (KINDLE_CLIPPINGS.encode("utf-8"), "kindle"),
        (KOREADER_SIDECAR, "koreader"),
        (READWISE_CSV.encode("utf-8"), "readwise"),
        (json.dumps({"total": 1, "rows": [{"uri": "https://x", "user": "acct:a"}]}).encode(),
         "hypothesis"),
        (json.dumps({"type": "AnnotationCollection", "first": {"items": []}}).encode(), "w3c"),
        (b"[]", "w3c"),
        (b"just some text", None),
    ],
)  # fmt: skip
def test_formats_are_told_apart_by_content(data: bytes, expected: str | None) -> None:
    assert detect_format(data, Path("renamed.dat")) == expected


def test_the_name_decides_only_when_the_content_cannot() -> None:
    assert detect_format(b"", Path("My Clippings.txt")) == "kindle"
    assert detect_format(b"", Path("metadata.epub.lua")) == "koreader"
    assert detect_format(b"", Path("notes.txt")) is None
