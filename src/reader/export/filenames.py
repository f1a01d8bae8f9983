"""File names made from document titles: safe on every system, unique in their folder.

A title is untrusted text: it can hold ``/``, ``..``, control characters, names
Windows reserves, or be thousands of characters long. :func:`safe_stem` turns it
into a name that stays inside the folder, and :func:`choose_path` picks the first
free (or reusable) ``Name.md``, ``Name (2).md``... in that folder.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from pathlib import Path

from reader.export.errors import ExportError
from reader.sanitize import clean_line

__all__ = ["MAX_STEM", "choose_path", "safe_stem"]

MAX_STEM = 100
"""Longest name (in characters) made from a title, before the suffix."""
_MAX_STEM_BYTES = 200  # file systems count bytes: keep room for " (999).json" under 255
_MAX_TRIES = 1000

# Path separators, characters Windows forbids, and those that break Obsidian links.
_FORBIDDEN = re.compile(r'[/\\:*?"<>|#^\[\]]+')
_RESERVED = re.compile(r"(?i)(?:con|prn|aux|nul|com\d|lpt\d)(?:\..*)?")
_SPACES = re.compile(r"\s+")
_DOTS = re.compile(r"\.{2,}")


def safe_stem(title: str, *, fallback: str = "Untitled") -> str:
    """A file name stem for ``title``: no separators, no leading dot, bounded length.

    Args:
        title: Any text, typically a document title.
        fallback: The stem when nothing usable is left.

    Returns:
        A non-empty name without path separators, control characters, ``..``
        (runs of dots become ``…``) or leading and trailing dots and spaces, at
        most :data:`MAX_STEM` characters and 200 UTF-8 bytes.
    """
    stem = unicodedata.normalize("NFC", clean_line(title))
    stem = _FORBIDDEN.sub(" ", stem)
    stem = "".join(ch for ch in stem if unicodedata.category(ch)[0] != "C")
    stem = _DOTS.sub("…", _SPACES.sub(" ", stem)).strip(" .…")
    stem = stem[:MAX_STEM]
    while len(stem.encode("utf-8")) > _MAX_STEM_BYTES:
        stem = stem[:-1]
    stem = stem.strip(" .…")
    if not stem:
        return fallback
    if _RESERVED.fullmatch(stem):
        stem = f"{stem}_"
    return stem


def choose_path(folder: Path, stem: str, suffix: str, *, reusable: Callable[[Path], bool]) -> Path:
    """The file to write in ``folder``: ``stem + suffix``, else ``stem (2)``, ``(3)``...

    A name is taken when nothing is there, or when ``reusable(path)`` says the
    regular file there may be replaced (an earlier export of the same document,
    so re-exporting updates it instead of piling up copies).

    Raises:
        ExportError: The name would leave the folder (it cannot, for a stem
            from :func:`safe_stem`; checked anyway), or no free name was found.
    """
    root = folder.resolve()
    for number in range(1, _MAX_TRIES + 1):
        name = f"{stem}{suffix}" if number == 1 else f"{stem} ({number}){suffix}"
        path = root / name
        if name in (".", "..") or path.parent != root or path.name != name:
            raise ExportError(f"refusing to write {name!r}: it is not a plain file name")
        if not path.exists() and not path.is_symlink():
            return path
        if path.is_file() and not path.is_symlink() and reusable(path):
            return path
    raise ExportError(f"no free file name for {stem!r} in {root}; clean up the folder")
