"""Write an export so that a crash or a full disk never leaves half a file behind.

The text goes to a temporary file in the same folder, is flushed to disk, and
replaces the target in one rename: readers of the folder (a notes app watching
its vault) see the old file or the new one, never a truncated one.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from reader.export.errors import ExportError

__all__ = ["atomic_write_text"]

_NEW_FILE_MODE = 0o644


def atomic_write_text(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` (UTF-8) atomically; its folder must exist.

    An existing file keeps its permissions; a new one is readable by everyone,
    like any document the user saves.

    Raises:
        ExportError: The folder is not writable, the disk is full, or the path is
            a folder.
    """
    try:
        mode = path.stat().st_mode & 0o777 if path.is_file() else _NEW_FILE_MODE
        fd, temporary = tempfile.mkstemp(
            dir=path.parent, prefix=f".{path.name[:50]}.", suffix=".tmp"
        )
    except OSError as error:
        raise ExportError(f"cannot write {path}: {error.strerror or error}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as file:
            # By descriptor: a link put in the temporary file's place is never followed.
            os.fchmod(file.fileno(), mode)
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(error, OSError):
            raise ExportError(f"cannot write {path}: {error.strerror or error}") from None
        raise
