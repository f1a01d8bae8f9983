"""What an annotation is: the record the store keeps, the app shows and export writes.

An annotation points at a paragraph by its **anchor**, and carries a
:class:`Selector` (the quoted text, its surroundings and its position) so the
paragraph can be found again after the document changes. Its :class:`AnchorStatus`
says whether it is still where it was, was re-attached elsewhere (``moved``), or
could not be placed with confidence (``orphaned``: kept, never deleted, never
attached to a look-alike).

An annotation covers its whole paragraph or a :class:`Passage` of it (offsets
into the paragraph's text, the exact words and a little context on each side, so
the words can be found again after the paragraph is edited), and may have one of
the named :data:`COLORS`.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from reader.anchors import text_digest
from reader.selector import Selector, make_selector

if TYPE_CHECKING:
    from reader.model import Document

__all__ = [
    "COLORS",
    "KINDS",
    "PASSAGE_CONTEXT",
    "SCHEMA_VERSION",
    "AnchorStatus",
    "Annotation",
    "AnnotationKind",
    "DocumentRef",
    "KindLook",
    "Passage",
    "Selector",
    "check_color",
    "check_passage",
    "clean_tags",
    "copy_name",
    "find_quote",
    "made_on_another_copy",
    "make_passage",
    "new_annotation",
    "new_annotation_id",
    "normalize_tag",
    "paragraph_label",
    "passage_fields",
    "passage_from_json",
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


COLORS: tuple[str, ...] = ("yellow", "green", "blue", "pink", "orange", "purple")
"""The highlight colours, by name: the six of the W3C EPUB Annotations draft, in its
order. A name, not a shade: the app picks how each looks, exports write the name."""

PASSAGE_CONTEXT = 32
"""Characters of the paragraph kept on each side of a passage (as the selector keeps
around a paragraph): enough to tell apart two places with the same words."""


@dataclass(frozen=True, slots=True)
class Passage:
    """The part of its paragraph an annotation covers.

    Attributes:
        start: Offset of its first character in the paragraph's ``text`` as the
            model holds it (:attr:`reader.model.Paragraph.text`).
        end: Offset just past its last character (``start < end``).
        exact: The words covered: ``text[start:end]`` when it was made or last placed.
        prefix: Up to :data:`PASSAGE_CONTEXT` characters of the paragraph just before it.
        suffix: Up to :data:`PASSAGE_CONTEXT` characters of the paragraph just after it.
    """

    start: int
    end: int
    exact: str
    prefix: str = ""
    suffix: str = ""

    def as_json(self) -> dict[str, Any]:
        """The passage as a JSON object (the store's records and ``--json``)."""
        return {
            "start": self.start,
            "end": self.end,
            "exact": self.exact,
            "prefix": self.prefix,
            "suffix": self.suffix,
        }


def make_passage(paragraph_text: str, start: int, end: int) -> Passage:
    """The passage ``paragraph_text[start:end]``, with its context.

    Raises:
        ValueError: The span is empty or not inside the text.
    """
    if not 0 <= start < end <= len(paragraph_text):
        raise ValueError(
            f"passage {start}..{end} is not inside a paragraph of {len(paragraph_text)} characters"
        )
    return Passage(
        start=start,
        end=end,
        exact=paragraph_text[start:end],
        prefix=paragraph_text[max(0, start - PASSAGE_CONTEXT) : start],
        suffix=paragraph_text[end : end + PASSAGE_CONTEXT],
    )


def passage_from_json(raw: Any) -> Passage | None:
    """A passage as :meth:`Passage.as_json` wrote it; ``None`` for ``None`` (or absent:
    records written before passages were kept cover their whole paragraph).

    Raises:
        ValueError: The passage is damaged (a field missing or of the wrong type,
            offsets that are not a span of ``exact``'s length).
    """
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise ValueError("a passage is an object")
    start, end, exact = raw.get("start"), raw.get("end"), raw.get("exact")
    prefix, suffix = raw.get("prefix", ""), raw.get("suffix", "")
    if not (
        isinstance(start, int)
        and isinstance(end, int)
        and not isinstance(start, bool)
        and not isinstance(end, bool)
        and isinstance(exact, str)
        and isinstance(prefix, str)
        and isinstance(suffix, str)
    ):
        raise ValueError("a passage has integer start and end and text exact, prefix, suffix")
    if not 0 <= start < end or end - start != len(exact):
        raise ValueError(f"passage {start}..{end} does not span its {len(exact)} characters")
    return Passage(start=start, end=end, exact=exact, prefix=prefix, suffix=suffix)


def find_quote(paragraph_text: str, quote: str) -> Passage | None:
    """The passage of ``paragraph_text`` that ``quote`` names; ``None`` if it is not there.

    The first occurrence of ``quote`` as given; failing that, the first occurrence
    with runs of white space taken as one space, letter case ignored and straight
    and curly quotation marks taken alike (a quote typed on the command line or
    copied from a wrapped screen).
    """
    quote = quote.strip()
    words = quote.split()
    if not words:
        return None
    at = paragraph_text.find(quote)
    if at >= 0:
        return make_passage(paragraph_text, at, at + len(quote))
    pattern = r"\s+".join("".join(map(_loose_char, word)) for word in words)
    match = re.search(pattern, paragraph_text, flags=re.IGNORECASE)
    return None if match is None else make_passage(paragraph_text, match.start(), match.end())


_QUOTE_MARKS = ("'\u2018\u2019\u02bc", '"\u201c\u201d')


def _loose_char(char: str) -> str:
    """A pattern for ``char`` that also matches its other forms of quotation mark."""
    for marks in _QUOTE_MARKS:
        if char in marks:
            return "[" + re.escape(marks) + "]"
    return re.escape(char)


def check_passage(paragraph_text: str, passage: Passage | None) -> None:
    """Check that ``passage`` (if any) is ``paragraph_text``'s text at its offsets.

    Raises:
        ValueError: It is empty, or the paragraph's text there is other text.
    """
    if passage is None:
        return
    if passage.start >= passage.end:
        raise ValueError("a passage covers at least one character")
    if passage.start < 0 or paragraph_text[passage.start : passage.end] != passage.exact:
        raise ValueError(
            f"the passage {passage.exact[:40]!r} is not at {passage.start}..{passage.end} "
            "of its paragraph"
        )


def check_color(color: str | None) -> str | None:
    """``color`` if it is ``None`` or one of :data:`COLORS`.

    Raises:
        ValueError: Another name (the message lists the colours).
    """
    if color is not None and color not in COLORS:
        raise ValueError(f"unknown colour {color!r}: choose one of {', '.join(COLORS)}")
    return color


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


def paragraph_label(index: int) -> str:
    """How a paragraph is named wherever a person sees its number: ``¶3``.

    One numbering everywhere, counted from 0: the index ``reader show`` prints,
    ``--paragraph N`` takes and ``reader notes`` lists, and what the app's note
    editor shows.
    """
    return f"\u00b6{index}"


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
        passage: The part of the paragraph it covers; ``None`` for the whole paragraph.
        color: One of :data:`COLORS`, or ``None`` (the kind's own look).
        lost_passage: The passage it covered when an edit of its paragraph took
            those words away: it then covers the whole paragraph (``passage`` is
            ``None``) and says so, so the change is never silent. ``None`` otherwise.
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
    passage: Passage | None = None
    color: str | None = None
    lost_passage: Passage | None = None

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
    passage: Passage | None = None,
    color: str | None = None,
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
        passage: The part of the paragraph it covers (see :func:`make_passage`);
            ``None`` for the whole paragraph.
        color: One of :data:`COLORS`, or ``None``.

    Raises:
        IndexError: ``index`` is not a paragraph of ``document``.
        ValueError: ``passage`` is not the paragraph's text at its offsets, or
            ``color`` is not one of :data:`COLORS`.
    """
    text = document.paragraphs[index].text
    if passage is not None and text[passage.start : passage.end] != passage.exact:
        raise ValueError(
            f"passage {passage.exact[:40]!r} is not at its offsets in paragraph {index}"
        )
    if passage is not None and passage.start >= passage.end:
        raise ValueError("a passage covers at least one character")
    now = utc_now()
    return Annotation(
        id=new_annotation_id() if id is None else id,
        document=ref,
        anchor=document.paragraphs[index].anchor,
        digest=text_digest(text),
        selector=make_selector(document, index),
        kind=AnnotationKind(kind),
        note=note,
        tags=clean_tags(tags),
        created=now,
        updated=now,
        passage=passage,
        color=check_color(color),
    )


def passage_fields(annotation: Annotation) -> dict[str, Any]:
    """The passage, colour and lost passage of ``annotation`` as JSON fields, only those
    it has: the store's record and reader's own export write them alike, and a record of
    a whole paragraph without a colour stays as it was before passages were kept."""
    fields: dict[str, Any] = {}
    if annotation.passage is not None:
        fields["passage"] = annotation.passage.as_json()
    if annotation.color is not None:
        fields["color"] = annotation.color
    if annotation.lost_passage is not None:
        fields["lost_passage"] = annotation.lost_passage.as_json()
    return fields


def made_on_another_copy(annotation: Annotation, doc: Document) -> bool:
    """Whether ``annotation`` (as the store gave it for ``doc``) was made on another copy.

    A document's own annotations carry its current fingerprint (the store brings the
    record up to date when it attaches them); another copy has other content.
    """
    return annotation.document.fingerprint != doc.fingerprint


def copy_name(ref: DocumentRef) -> str:
    """How a copy is named on screen: its file name (which tells ``.pdf`` from
    ``.epub``), else its title. Untrusted: the caller cleans it for the terminal."""
    if ref.path:
        return PurePath(ref.path).name
    return ref.title
