"""What an annotation is: the record the store keeps, the app shows and export writes.

An annotation points at a paragraph by its **anchor**, and carries a
:class:`Selector` (the quoted text, its surroundings and its position) so the
paragraph can be found again after the document changes. Its :class:`AnchorStatus`
says whether it is still where it was, was re-attached elsewhere (``moved``), or
could not be placed with confidence (``orphaned``: kept, never deleted, never
attached to a look-alike).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from reader.anchors import text_digest
from reader.selector import Selector, make_selector

if TYPE_CHECKING:
    from reader.model import Document

__all__ = [
    "KINDS",
    "SCHEMA_VERSION",
    "AnchorStatus",
    "Annotation",
    "AnnotationKind",
    "DocumentRef",
    "KindLook",
    "Selector",
    "clean_tags",
    "new_annotation",
    "new_annotation_id",
    "normalize_tag",
    "utc_now",
]

SCHEMA_VERSION = 1
"""Version of the annotation record's shape; bumped with a migration when it changes."""


class AnnotationKind(StrEnum):
    """What the reader meant by annotating a paragraph."""

    NOTE = "note"
    HIGHLIGHT = "highlight"
    BOOKMARK = "bookmark"


@dataclass(frozen=True, slots=True)
class KindLook:
    """How an annotation kind shows in the app: the one place that says it.

    Attributes:
        glyph: Its mark in the document's gutter and in the annotations pane; a
            distinct shape per kind, so kinds read without colour (``NO_COLOR``),
            and in the Linux console's font (code page 437) for ``TERM=linux``.
        name: Its name in messages ("Highlight removed").
        done: What ``h`` or ``m`` says once made ("Highlighted").
        colour: The Textual theme variable its glyph is drawn in (a name, such as
            ``"text-primary"``: the core knows no Textual, the app resolves it).
    """

    glyph: str
    name: str
    done: str
    colour: str


KINDS: dict[AnnotationKind, KindLook] = {
    AnnotationKind.NOTE: KindLook("■", "Note", "Noted", "text-primary"),
    AnnotationKind.HIGHLIGHT: KindLook("♦", "Highlight", "Highlighted", "text-warning"),
    AnnotationKind.BOOKMARK: KindLook("▲", "Bookmark", "Bookmarked", "text-success"),
}
"""Every kind's look, strongest first: a paragraph's gutter mark shows the first of
its kinds in this order (a note over a highlight over a bookmark)."""


class AnchorStatus(StrEnum):
    """Where an annotation stands against the current version of its document."""

    ATTACHED = "attached"
    """Its anchor is in the document: the paragraph is unchanged."""
    MOVED = "moved"
    """Re-attached to another paragraph (edited text, exact or fuzzy match): worth a review."""
    ORPHANED = "orphaned"
    """No paragraph matched with confidence; kept with its quote and best suggestion."""


@dataclass(frozen=True, slots=True)
class DocumentRef:
    """Which document an annotation belongs to.

    Attributes:
        id: The store's stable id for the document (survives edits and moves).
        fingerprint: Content fingerprint of the version last seen.
        path: Last known path of the file ("" for standard input).
        title: The document's title, for listings when the file is gone.
    """

    id: str
    fingerprint: str
    path: str
    title: str


def new_annotation_id() -> str:
    """A new annotation id: a random UUID, which other annotation tools accept as is."""
    return str(uuid.uuid4())


def utc_now() -> datetime:
    """The current time in UTC, to the second (what created/updated store)."""
    return datetime.now(UTC).replace(microsecond=0)


def normalize_tag(tag: str) -> str:
    """The case-insensitive key of a tag (tags keep the case typed; match on this)."""
    return tag.strip().casefold()


def clean_tags(tags: Iterable[str]) -> tuple[str, ...]:
    """Tags as typed, without empty ones and without repeats (compared case-insensitively)."""
    seen: set[str] = set()
    kept: list[str] = []
    for tag in tags:
        key = normalize_tag(tag)
        if key and key not in seen:
            seen.add(key)
            kept.append(tag)
    return tuple(kept)


@dataclass(frozen=True, slots=True)
class Annotation:
    """A note, highlight or bookmark on one paragraph.

    Attributes:
        id: A UUID4 string.
        document: The document it belongs to.
        anchor: The anchor of the paragraph it is attached to (for an orphan: the
            anchor it had).
        selector: How to find the paragraph again.
        kind: Note, highlight or bookmark.
        note: Markdown text (may be empty).
        tags: Tags as typed, no duplicates by :func:`normalize_tag`; ``a/b`` nests.
        created: When it was made (UTC).
        updated: When it was last changed (UTC).
        status: Attached, moved or orphaned against the document last opened.
        suggestion: For an orphan, the anchor of the best (rejected) candidate.
        schema: :data:`SCHEMA_VERSION` of the record.
        digest: The :func:`~reader.anchors.text_digest` of the paragraph's text
            (for an orphan: of the paragraph it had), which confirms the anchor;
            ``None`` when not known yet (a record written before digests were
            kept: it is filled in when the anchor is next confirmed).
    """

    id: str
    document: DocumentRef
    anchor: str
    selector: Selector
    kind: AnnotationKind = AnnotationKind.NOTE
    note: str = ""
    tags: tuple[str, ...] = ()
    created: datetime = field(default_factory=utc_now)
    updated: datetime = field(default_factory=utc_now)
    status: AnchorStatus = AnchorStatus.ATTACHED
    suggestion: str | None = None
    schema: int = SCHEMA_VERSION
    digest: str | None = None

    def has_tag(self, tag: str) -> bool:
        """True if it carries ``tag`` or a tag nested under it (``a`` matches ``a/b``)."""
        key = normalize_tag(tag).rstrip("/")
        return any((t := normalize_tag(own)) == key or t.startswith(key + "/") for own in self.tags)

    def has_tag_starting(self, prefix: str) -> bool:
        """True if one of its tags begins with ``prefix`` (``cen`` matches ``censorship``)."""
        key = normalize_tag(prefix)
        return any(normalize_tag(own).startswith(key) for own in self.tags)


def new_annotation(
    document: Document,
    index: int,
    ref: DocumentRef,
    *,
    kind: AnnotationKind = AnnotationKind.NOTE,
    note: str = "",
    tags: Iterable[str] = (),
    id: str | None = None,
) -> Annotation:
    """A new annotation on paragraph ``index`` of ``document``, as the store keeps it.

    The one way an annotation is made: the store builds the record it writes with
    it, and the app the copy it shows before the write ends (so both clean the
    tags alike).

    Args:
        document: The document as read now.
        index: The paragraph's index.
        ref: How the store names the document.
        kind: Note, highlight or bookmark.
        note: Markdown text, kept exactly as given.
        tags: Tags as typed; empty ones and repeats (case-insensitively) are dropped.
        id: Its id (chosen before the write, so later changes can name it); new if ``None``.

    Raises:
        IndexError: ``index`` is not a paragraph of ``document``.
    """
    now = utc_now()
    return Annotation(
        id=new_annotation_id() if id is None else id,
        document=ref,
        anchor=document.paragraphs[index].anchor,
        digest=text_digest(document.paragraphs[index].text),
        selector=make_selector(document, index),
        kind=AnnotationKind(kind),
        note=note,
        tags=clean_tags(tags),
        created=now,
        updated=now,
    )
