"""Format readers: pick the right one for a file and read it into a Document.

Each format is its own module exposing ``FORMAT`` (its name), ``EXTENSIONS`` (the
suffixes that select it outright), a ``read(text, *, path, encoding) -> Document``
function and, for formats that hide inside ``.txt`` files, ``sniff(text) -> bool``.
This module chooses among them by extension first and by content second (plain
text is the fallback), and is the only entry point the rest of
reader uses (:func:`load_document`, :func:`read_text`).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

from reader.decode import decode_bytes
from reader.errors import DocumentTooLargeError, NotFoundError
from reader.model import Document
from reader.readers import epub, html, markdown, pdf, plaintext, webclip

__all__ = ["FORMATS", "MAX_BYTES", "SUFFIXES", "load_document", "read_bytes", "read_text"]

MAX_BYTES = 256 * 1024 * 1024
"""Files larger than this are refused (a 5 MB book is large; 256 MB is not a document)."""

_TEXT_READERS: tuple[ModuleType, ...] = (html, markdown, webclip, plaintext)
_BINARY_READERS: tuple[ModuleType, ...] = (epub, pdf)
"""Formats read from bytes (``read(data, *, path)``, ``sniff(data)``), chosen by extension
or magic bytes before any text decoding."""
_SNIFF_ORDER: tuple[ModuleType, ...] = (html, webclip, markdown)
"""Most specific first: a clip's JSON object is unmistakable, Markdown is a guess
(a clip's ``- `` lines would pass for a Markdown list)."""
FORMATS: dict[str, ModuleType] = {m.FORMAT: m for m in (*_TEXT_READERS, *_BINARY_READERS)}
SUFFIXES: frozenset[str] = frozenset(
    {".txt", ".text", *(ext for m in (*_TEXT_READERS, *_BINARY_READERS) for ext in m.EXTENSIONS)}
)
"""File suffixes reader opens (used by the library to list documents)."""


def read_text(
    text: str,
    *,
    path: Path | None = None,
    format: str | None = None,
    encoding: str = "utf-8",
) -> Document:
    """Read already-decoded text into a document.

    Args:
        text: The file's text.
        path: Where it came from (used for the extension and the metadata).
        format: Force a reader by name (``"text"``, ``"webclip"``, ``"markdown"``).
        encoding: Recorded in :attr:`Document.encoding`.
    """
    module = FORMATS[format] if format else _choose(text, path)
    read: Callable[..., Document] = module.read
    return read(text, path=path, encoding=encoding)


def read_bytes(data: bytes, *, path: Path | None = None, format: str | None = None) -> Document:
    """Read ``data`` with a binary reader (EPUB, PDF) or decode it (see :func:`read_text`)."""
    binary = _choose_binary(data, path, format)
    if binary is not None:
        read: Callable[..., Document] = binary.read
        return read(data, path=path)
    name = path.name if path is not None else "standard input"
    decoded = decode_bytes(data, name=name)
    return read_text(decoded.text, path=path, format=format, encoding=decoded.encoding)


def load_document(source: str | Path, *, format: str | None = None) -> Document:
    """Read a file (or ``"-"`` for standard input) into a document.

    Raises:
        NotFoundError: The path is missing or not a regular file.
        DocumentTooLargeError: The file is larger than :data:`MAX_BYTES`.
        NotATextDocumentError: The file is binary.
    """
    if str(source) == "-":
        data = sys.stdin.buffer.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise DocumentTooLargeError(
                f"standard input is over {MAX_BYTES // 2**20} MB; save it to a file and split it"
            )
        return read_bytes(data, format=format)
    path = Path(source)
    if not path.exists():
        raise NotFoundError(f"{path}: no such file")
    if path.is_dir():
        raise NotFoundError(f"{path} is a folder: give a document inside it")
    if not path.is_file():
        raise NotFoundError(f"{path} is not a regular file")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise DocumentTooLargeError(
            f"{path.name} is {size // 2**20} MB; reader opens files up to {MAX_BYTES // 2**20} MB"
        )
    try:
        data = path.read_bytes()
    except OSError as error:
        raise NotFoundError(f"{path}: cannot read it ({error.strerror or error})") from None
    return read_bytes(data, path=path, format=format)


def _choose(text: str, path: Path | None) -> ModuleType:
    suffix = path.suffix.lower() if path is not None else ""
    for module in _TEXT_READERS:
        if suffix in module.EXTENSIONS:
            return module
    for module in _SNIFF_ORDER:
        if module.sniff(text):
            return module
    return plaintext


def _choose_binary(data: bytes, path: Path | None, format: str | None) -> ModuleType | None:
    if format is not None:
        module = FORMATS.get(format)
        return module if module in _BINARY_READERS else None
    suffix = path.suffix.lower() if path is not None else ""
    for module in _BINARY_READERS:
        if suffix in module.EXTENSIONS or module.sniff(data):
            return module
    return None
