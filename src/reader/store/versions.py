"""What a new version of a document did to its annotations, kept until the reader is told.

Re-anchoring runs wherever a changed document is first read again (the app, ``reader
notes FILE``, ``reader doctor``), but the one to be told is the reader, in the app.
So the re-anchoring writes, in the same atomic write as the placements, the ids
of the annotations it moved or orphaned into its document file's meta record
(``"changed"``); the app takes that record when it opens the document
(:meth:`~reader.store.reattaching.StoreReattach.take_version_change`), says once
what happened, and the record is gone: opening the untouched file again says
nothing. Two re-anchorings before the app is opened add up (a note moved by the
first stays worth a review after the second, even if the second found it in place).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from reader.annotation import AnchorStatus

__all__ = ["CHANGED", "VersionChange", "note_version_change", "status_after", "version_change"]

CHANGED = "changed"
"""The meta field of a document file listing the ids to review since the reader was last told
(absent: nothing changed since)."""


@dataclass(frozen=True, slots=True)
class VersionChange:
    """What happened to a document's annotations since the reader last read it.

    Attributes:
        attached: How many are where they were (the same paragraph text).
        moved: Ids of those re-attached to an edited or shifted paragraph (worth a review).
        orphaned: Ids of those no paragraph matched with confidence.
    """

    attached: int
    moved: tuple[str, ...]
    orphaned: tuple[str, ...]

    @property
    def total(self) -> int:
        """How many annotations the document has."""
        return self.attached + len(self.moved) + len(self.orphaned)

    @property
    def to_review(self) -> int:
        """How many moved or orphaned ones there are."""
        return len(self.moved) + len(self.orphaned)

    def summary(self) -> str:
        """One line for the reader: "3 attached, 1 moved (worth a review), 1 orphaned"."""
        return (
            f"{self.attached} attached, {len(self.moved)} moved (worth a review), "
            f"{len(self.orphaned)} orphaned"
        )


def status_after(before: object, placed: AnchorStatus) -> AnchorStatus:
    """The status an annotation keeps after re-anchoring placed it with ``placed``.

    A moved annotation found again in place stays ``moved``: it was re-attached
    by a guess the reader has not confirmed yet, and it stays worth a review
    until the reader confirms it (or attaches it elsewhere).
    """
    if before == AnchorStatus.MOVED and placed is AnchorStatus.ATTACHED:
        return AnchorStatus.MOVED
    return placed


def note_version_change(meta: dict[str, Any], placed: Iterable[tuple[str, AnchorStatus]]) -> None:
    """Add a re-anchoring's moved and orphaned annotations to a document file's meta.

    Args:
        meta: The document file's meta record (changed in place; written by the caller
            with the placements).
        placed: Each annotation's id and the status it was just placed with.
    """
    earlier = meta.get(CHANGED)
    ids = list(earlier) if isinstance(earlier, list) else []
    ids += (key for key, status in placed if status is not AnchorStatus.ATTACHED)
    meta[CHANGED] = list(dict.fromkeys(ids))


def version_change(meta: Mapping[str, Any], records: Mapping[str, Any]) -> VersionChange | None:
    """What a document file's meta says changed, with each annotation's status now.

    An annotation listed that is attached now (confirmed by hand since) counts as
    attached; one deleted since is not counted.

    Returns:
        ``None`` when nothing changed since the reader was last told.
    """
    listed = meta.get(CHANGED)
    if not isinstance(listed, list):
        return None
    moved: list[str] = []
    orphaned: list[str] = []
    for key in listed:
        row = records.get(key) if isinstance(key, str) else None
        status = row.get("status") if isinstance(row, dict) else None
        if status == AnchorStatus.MOVED:
            moved.append(key)
        elif status == AnchorStatus.ORPHANED:
            orphaned.append(key)
    attached = len(records) - len(moved) - len(orphaned)
    return VersionChange(attached, tuple(moved), tuple(orphaned))
