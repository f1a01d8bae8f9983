"""Format readers: pick the right one for a file and read it into a Document.

Each format is its own module exposing ``FORMAT`` (its name), ``EXTENSIONS`` (the
suffixes that select it outright), a ``read(text, *, path, encoding) -> Document``
function and, for formats that hide inside ``.txt`` files, ``sniff(text) -> bool``
(defined in :mod:`reader.readers.sniff`, so recognising a format imports no reader).
This module chooses among them by extension first and by content second (plain
text is the fallback), and is the only entry point the rest of
reader uses (:func:`load_document`, :func:`read_text`, :func:`load_preview`).

Format modules are imported only when a file needs them (:data:`FORMATS` names
them): every start of the app pays for what is imported, and a plain-text book
has no use for a PDF or HTML parser. The modules themselves import their parsers
inside the functions that parse, so that sniffing a ``.txt`` file stays cheap.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from types import ModuleType

from reader.decode import decode_bytes
from reader.errors import DocumentTooLargeError, NotFoundError
from reader.model import Document
from reader.readers import sniff
from reader.readers.gc_pause import gc_paused
from reader.readers.preview import PREVIEW_FORMATS, preview_text, read_head

__all__ = [
    "FORMATS",
    "MAX_BYTES",
    "SUFFIXES",
    "Format",
    "load_document",
    "load_preview",
    "read_bytes",
    "read_text",
]

MAX_BYTES = 256 * 1024 * 1024
"""Files larger than this are refused (a 5 MB book is large; 256 MB is not a document)."""


@dataclass(frozen=True, slots=True)
class Format:
    """A format reader, named without importing it.

    Attributes:
        module: The dotted name of the module that reads it.
        extensions: File suffixes that select it outright (it must agree with the
            module's ``EXTENSIONS``; a test checks).
        binary: True for formats read from bytes (``read(data, *, path)``),
            chosen by extension or magic bytes before decoding.
        sniff: Recognises the format from the file's start (bytes for a binary
            format, else text) without importing its module; ``None`` for the
            fallback, which is never sniffed.
    """

    module: str
    extensions: frozenset[str]
    binary: bool = False
    sniff: Callable[..., bool] | None = None

    def load(self) -> ModuleType:
        """The reader module (imported now if it was not yet)."""
        return import_module(self.module)


FORMATS: dict[str, Format] = {
    "html": Format(
        "reader.readers.html", frozenset({".html", ".htm", ".xhtml"}), sniff=sniff.is_html
    ),
    "markdown": Format(
        "reader.readers.markdown",
        frozenset({".md", ".markdown", ".mdown", ".mkd", ".mkdn"}),
        sniff=sniff.is_markdown,
    ),
    "webclip": Format("reader.readers.webclip", frozenset(), sniff=sniff.is_webclip),
    "text": Format("reader.readers.plaintext", frozenset()),
    "epub": Format("reader.readers.epub", frozenset({".epub"}), binary=True, sniff=sniff.is_epub),
    "pdf": Format("reader.readers.pdf", frozenset({".pdf"}), binary=True, sniff=sniff.is_pdf),
}
"""Every format by name, in the order extensions are tried."""

_SNIFF_ORDER = ("html", "webclip", "markdown")
"""Most specific first: a clip's JSON object is unmistakable, Markdown is a guess
(a clip's ``- `` lines would pass for a Markdown list)."""
_FALLBACK = "text"

SUFFIXES: frozenset[str] = frozenset(
    {".txt", ".text", *(ext for f in FORMATS.values() for ext in f.extensions)}
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
    name = format or choose_text_format(text, path)
    read: Callable[..., Document] = FORMATS[name].load().read
    with gc_paused():
        return read(text, path=path, encoding=encoding)


def read_bytes(data: bytes, *, path: Path | None = None, format: str | None = None) -> Document:
    """Read ``data`` with a binary reader (EPUB, PDF) or decode it (see :func:`read_text`)."""
    binary = _choose_binary(data, path, format)
    if binary is not None:
        read: Callable[..., Document] = binary.read
        with gc_paused():
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
    path = _checked_file(Path(source))
    try:
        data = path.read_bytes()
    except OSError as error:
        raise NotFoundError(f"{path}: cannot read it ({error.strerror or error})") from None
    return read_bytes(data, path=path, format=format)


def load_preview(path: Path) -> Document | None:
    """Read only the start of a large file, for a first screen while the rest loads.

    The preview is what :func:`load_document` would give for the file's first
    16 K characters (:data:`~reader.readers.preview.PREVIEW_CHARS`) cut at a
    paragraph boundary, read by the reader the whole file gets, so its
    paragraphs (texts, indices, anchors) are those the full document starts
    with. A binary format previews if its module has a ``preview(path)`` (a
    long PDF: its first pages). Nothing to preview (``None``): a missing or
    small file, a binary one without a preview, one not UTF-8, or a format whose
    reading of a part may differ from its reading of the whole (HTML, web clips);
    read those with :func:`load_document`.
    """
    try:
        path = _checked_file(path)
        head = read_head(path)
    except (OSError, NotFoundError, DocumentTooLargeError):
        return None
    if head is None:
        return None
    binary = _choose_binary(head, path, None)
    if binary is not None:
        previews: Callable[[Path], Document | None] | None = getattr(binary, "preview", None)
        return previews(path) if previews is not None else None
    text = preview_text(head)
    if text is None:
        return None
    full_text, cut = text
    name = choose_text_format(full_text, path)
    options = PREVIEW_FORMATS.get(name)
    if options is None:
        return None
    read: Callable[..., Document] = FORMATS[name].load().read
    return read(full_text[:cut], path=path, **options)


def choose_text_format(text: str, path: Path | None) -> str:
    """The name of the format that reads ``text``: by extension, else by content."""
    suffix = path.suffix.lower() if path is not None else ""
    for name, candidate in FORMATS.items():
        if not candidate.binary and suffix in candidate.extensions:
            return name
    for name in _SNIFF_ORDER:
        recognises = FORMATS[name].sniff
        if recognises is not None and recognises(text):
            return name
    return _FALLBACK


def _checked_file(path: Path) -> Path:
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
    return path


def _choose_binary(data: bytes, path: Path | None, format: str | None) -> ModuleType | None:
    if format is not None:
        chosen = FORMATS.get(format)
        return chosen.load() if chosen is not None and chosen.binary else None
    suffix = path.suffix.lower() if path is not None else ""
    for candidate in FORMATS.values():
        if candidate.binary and (
            suffix in candidate.extensions
            or (candidate.sniff is not None and candidate.sniff(data))
        ):
            return candidate.load()
    return None
