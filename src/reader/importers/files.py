"""Reading a file to import: its size, its encoding, its format, its parser.

:func:`read_import` is what ``reader import`` calls for the formats this
package parses (Kindle, KOReader, Readwise); Hypothesis and W3C JSON are read by
:mod:`reader.export.webannotation_import`. Every failure to read the file as a whole is
an :class:`ImportFileError` with a one-line message; entries that fail alone are
counted as skipped by the parsers.
"""

from __future__ import annotations

import os
from pathlib import Path

from reader.errors import NotFoundError, ReaderError
from reader.importers.detect import FORMATS, detect_format
from reader.importers.items import MAX_FILE_BYTES, ParsedImport
from reader.importers.kindle import parse_kindle
from reader.importers.koreader import parse_koreader, sidecars_in
from reader.importers.lua_table import LuaTableError
from reader.importers.readwise import REQUIRED_COLUMNS, looks_like_readwise, parse_readwise

__all__ = [
    "MAX_SIDECARS",
    "ImportFileError",
    "format_of",
    "import_sources",
    "read_bytes",
    "read_import",
    "sidecars_under",
]

MAX_SIDECARS = 10_000
"""Most KOReader sidecars gathered from one folder."""


class ImportFileError(ReaderError):
    """The file cannot be read as annotations in the format given or detected."""

    exit_code = 1


def import_sources(path: Path) -> tuple[list[Path], bool]:
    """The files to read for ``path``, and whether they were gathered from a folder.

    A file is itself; a KOReader ``.sdr`` folder means its sidecar; any other
    folder (an e-reader's storage, a books folder) means every sidecar in the
    ``.sdr`` folders under it (:data:`MAX_SIDECARS` at most).

    Raises:
        NotFoundError: Nothing there, or a folder without any sidecar.
    """
    if path.is_dir():
        own = sidecars_in(path)
        if own:
            return own[:1], False
        found = sidecars_under(path)
        if not found:
            raise NotFoundError(
                f"{path} is a folder without KOReader sidecars (*.sdr/metadata.*.lua): "
                "give an annotation file"
            )
        return found, True
    if not path.exists():
        raise NotFoundError(f"{path}: no such file")
    return [path], False


def sidecars_under(folder: Path) -> list[Path]:
    """The sidecar of every ``.sdr`` folder under ``folder``, in name order.

    Symbolic links to folders are not followed (no loops); unreadable folders
    are passed over.
    """
    found: list[Path] = []
    for root, folders, _ in os.walk(folder):
        folders.sort()
        for name in list(folders):
            if name.endswith(".sdr"):
                folders.remove(name)  # nothing of interest below a sidecar folder
                found += sidecars_in(Path(root) / name)[:1]
        if len(found) >= MAX_SIDECARS:
            return found[:MAX_SIDECARS]
    return found


def read_bytes(path: Path, *, error: type[ReaderError] = ImportFileError) -> bytes:
    """The bytes of a file given to ``reader import``, refusing one over :data:`MAX_FILE_BYTES`.

    The one read of every annotation file, whatever its format (the Web Annotation
    import reads through it too).

    Args:
        path: The file.
        error: What an unreadable or too large file raises.

    Raises:
        NotFoundError: No such file, or a folder.
        ReaderError: Unreadable or too large (``error``).
    """
    try:
        with path.open("rb") as file:
            data = file.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise NotFoundError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise NotFoundError(f"{path}: is a folder, not an annotation file") from None
    except OSError as problem:
        raise error(f"{path}: cannot read it ({problem.strerror or problem})") from None
    if len(data) > MAX_FILE_BYTES:
        raise error(
            f"{path}: larger than {MAX_FILE_BYTES // 2**20} MB; split it into smaller files"
        )
    return data


def format_of(path: Path, data: bytes, wanted: str | None) -> str:
    """``wanted``, or the format detected from ``data``.

    Raises:
        ImportFileError: Nothing asked for and nothing recognised.
    """
    if wanted is not None:
        return wanted
    found = detect_format(data, path)
    if found is None:
        raise ImportFileError(
            f"{path}: not a format reader imports; pass --format ({'|'.join(FORMATS)})"
        )
    return found


def read_import(path: Path, data: bytes, format: str) -> ParsedImport:
    """Parse ``data`` (the contents of ``path``) as ``format`` (kindle, koreader, readwise).

    Raises:
        ImportFileError: The file is not in that format at all.
    """
    if format == "koreader":
        try:
            return parse_koreader(data, path)
        except LuaTableError as error:
            raise ImportFileError(f"{path}: not a KOReader sidecar ({error})") from None
    text = data.decode("utf-8", "replace")
    if format == "kindle":
        parsed = parse_kindle(text)
    elif format == "readwise":
        if not looks_like_readwise(text):
            raise ImportFileError(
                f"{path}: its first line is not Readwise's CSV header "
                f"(with the columns {', '.join(REQUIRED_COLUMNS)})"
            )
        parsed = parse_readwise(text)
    else:
        raise ValueError(f"not a format parsed here: {format}")
    if not parsed.books:
        unread = f" ({parsed.skipped} entries could not be read)" if parsed.skipped else ""
        raise ImportFileError(f"{path}: holds no {format} annotations{unread}")
    return parsed
