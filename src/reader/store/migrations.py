"""The store's on-disk format version: checking it, and migrating older files.

Every store file is a TinyDB database (a JSON object of tables) whose ``meta``
table holds ``{"store": {"kind": ..., "version": N}}``. A file of an older
version is upgraded step by step through :data:`MIGRATIONS` after a copy of it is
kept in ``backups/``; a file of a newer version, or one whose shape is wrong, is
unreadable: it is never written over (see :class:`StoreUnreadableError`).

A field added to records is no new format when a record without it still means
what it meant: the annotation's ``digest`` (which confirms its anchor) is absent
from records written before it, is filled in when the anchor is next confirmed
(see :mod:`reader.store.documents`), and an older reader ignores it. Only a change
an older reader would misread bumps :data:`STORE_VERSION`, which makes it refuse
the file.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from reader.store.errors import StoreUnreadableError
from reader.store.layout import META, META_KEY, FileKind

__all__ = [
    "MIGRATIONS",
    "STORE_VERSION",
    "Migration",
    "check_file",
    "migrate",
    "unreadable",
]

STORE_VERSION = 1
"""The format version this reader writes."""

Migration = Callable[[dict[str, Any]], dict[str, Any]]
"""Turns the tables of a version-N file into those of version N+1."""

MIGRATIONS: dict[int, Migration] = {}
"""Version N -> the step to N+1. Empty while version 1 is the only format there is."""


def unreadable(path: Path, problem: str, *, newer: bool = False) -> StoreUnreadableError:
    """The one-line error for an unusable store file, with what to do about it."""
    advice = (
        "upgrade reader to use it"
        if newer
        else "run 'reader doctor' to see the problem and 'reader doctor --fix' to repair it"
    )
    return StoreUnreadableError(
        f"store file {path} {problem}; it was left untouched and reader will not write over it: "
        + advice,
        path=path,
        problem=problem,
        newer=newer,
    )


def check_file(raw: object, path: Path, kind: FileKind) -> int:
    """Check the shape of a loaded store file and return its format version.

    Args:
        raw: The parsed JSON.
        path: Where it was read from (for the message).
        kind: What the file must hold.

    Raises:
        StoreUnreadableError: The shape is wrong, the kind differs, or the version is
            newer than :data:`STORE_VERSION`.
    """
    if not isinstance(raw, dict) or not all(isinstance(t, dict) for t in raw.values()):
        raise unreadable(path, "is not a TinyDB database (a JSON object of tables)")
    meta = raw.get(META, {}).get(META_KEY)
    if not isinstance(meta, dict) or not isinstance(meta.get("version"), int):
        raise unreadable(path, "has no format version (not a reader store file?)")
    if meta.get("kind") != kind.value:
        raise unreadable(path, f"holds {meta.get('kind')!r} data where {kind.value!r} belongs")
    version: int = meta["version"]
    if version > STORE_VERSION:
        raise unreadable(
            path,
            f"was written by a newer reader (format {version}, this one knows up to "
            f"{STORE_VERSION})",
            newer=True,
        )
    if version < 1:
        raise unreadable(path, f"has an invalid format version {version}")
    return version


def migrate(raw: dict[str, Any], version: int) -> dict[str, Any]:
    """Upgrade the tables of a version-``version`` file to :data:`STORE_VERSION`."""
    while version < STORE_VERSION:
        raw = MIGRATIONS[version](raw)
        version += 1
        raw[META][META_KEY]["version"] = version
    return raw
