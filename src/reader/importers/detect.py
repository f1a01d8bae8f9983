"""Which format an annotation file is in, from its content (and, failing that, its name).

Each format is recognised by what its files always start with, so a file
renamed or saved under an unusual name is still read: a Lua sidecar begins with
``return {`` (after comments), a Readwise export's first line is its CSV
header, a clippings file has ``==========`` lines and a ``- Your ...`` second
line, and Hypothesis and W3C files are JSON (told apart by their keys).
"""

from __future__ import annotations

import json
from pathlib import Path

from reader.importers import FORMATS
from reader.importers.kindle import looks_like_kindle
from reader.importers.koreader import looks_like_koreader
from reader.importers.readwise import looks_like_readwise

__all__ = ["FORMATS", "JSON_FORMATS", "detect_format"]

JSON_FORMATS = frozenset({"hypothesis", "w3c"})
"""The formats read by :mod:`reader.export.webannotation_import`."""

_HEAD = 64 * 1024


def detect_format(head: bytes, path: Path | None = None) -> str | None:
    """The format of a file whose first bytes are ``head``; ``None`` when unknown.

    Args:
        head: The start of the file (64 KB is plenty).
        path: Its name, consulted only when the content is not conclusive.
    """
    head = head[:_HEAD]
    if looks_like_koreader(head):
        return "koreader"
    text = head.decode("utf-8", "replace").lstrip("\ufeff")
    stripped = text.lstrip()
    if stripped.startswith(("{", "[")):
        return _json_format(stripped)
    if looks_like_readwise(text):
        return "readwise"
    if looks_like_kindle(text):
        return "kindle"
    if path is not None:
        name = path.name.casefold()
        if name.endswith(".lua"):
            return "koreader"
        if name.startswith("my clippings") and name.endswith(".txt"):
            return "kindle"
    return None


def _json_format(text: str) -> str:
    """Hypothesis (``rows``/``annotations`` of objects with ``uri``) or W3C otherwise.

    Only the start of a large file is at hand: keys are looked for in the text
    when it cannot be decoded whole.
    """
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return "hypothesis" if '"uri"' in text and '"user"' in text else "w3c"
    entries = data if isinstance(data, list) else None
    if isinstance(data, dict):
        for key in ("rows", "annotations"):
            if isinstance(data.get(key), list):
                entries = data[key]
    if entries and isinstance(entries[0], dict) and "uri" in entries[0]:
        return "hypothesis"
    return "w3c"
