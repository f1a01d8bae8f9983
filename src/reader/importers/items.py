"""What every importer produces: books, each with the highlights, notes and bookmarks
read for it, already cleaned and checked.

Everything in an imported file is untrusted. The parsers hand their raw fields to
:func:`text_field`, :func:`line_field` and :func:`tags_field`, which clean control
characters and terminal escapes (:mod:`reader.sanitize`), enforce sizes and
reject wrong types; an entry that fails is counted as skipped, never half-read.
Each item gets an id derived from where it came from and what it says
(:func:`stable_id`), so importing the same file twice adds nothing the second time.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime

from reader.annotation import COLORS, AnnotationKind, normalize_tag
from reader.sanitize import clean_line, clean_text

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_LINE",
    "MAX_NOTE",
    "MAX_QUOTE",
    "MAX_TAGS",
    "ImportedBook",
    "ImportedItem",
    "InvalidItem",
    "ParsedImport",
    "color_field",
    "line_field",
    "stable_id",
    "tags_field",
    "text_field",
    "utc_time",
]

MAX_FILE_BYTES = 64 * 1024 * 1024
"""Largest file ``reader import`` reads, in any format (years of a heavy reader's clippings
are ~10 MB; a million Web Annotations fit well under it)."""
MAX_QUOTE = 20_000
"""Longest quote kept, in characters (a highlight of several pages)."""
MAX_NOTE = 100_000
"""Longest note kept, in characters."""
MAX_LINE = 1_000
"""Longest title, author, chapter, location or tag, in characters."""
MAX_TAGS = 100
"""Most tags on one item."""

_NAMESPACE = uuid.UUID("6f6b1c52-4a43-5a43-9f1e-726561646572")
"""Namespace of imported items' ids (a fixed value: ids must never change)."""


class InvalidItem(ValueError):
    """One entry of an imported file has the wrong shape; it is skipped and counted."""


@dataclass(frozen=True, slots=True)
class ImportedItem:
    """One highlight, note or bookmark as another reader recorded it.

    Attributes:
        id: Stable id (see :func:`stable_id`).
        kind: Highlight, note (a highlight with a note) or bookmark.
        quote: The text highlighted ("" for a bookmark or a note on no text).
        note: The reader's note ("" for none).
        tags: Tags, cleaned, without repeats.
        created: When it was made, if the file says (UTC).
        location: Where the other reader placed it, for people (``"location 120-125"``).
        chapter: The chapter the other reader says it is in ("" when unknown).
        color: Its colour as one of :data:`reader.annotation.COLORS` (see
            :func:`color_field`), ``None`` when it had none.
    """

    id: str
    kind: AnnotationKind
    quote: str
    note: str = ""
    tags: tuple[str, ...] = ()
    created: datetime | None = None
    location: str = ""
    chapter: str = ""
    color: str | None = None


@dataclass(slots=True)
class ImportedBook:
    """The items of one book, and what the file says about the book.

    Attributes:
        title: The book's title as the other reader knew it.
        authors: Its authors, in the order given.
        items: The items read, in file order, without repeats.
        skipped: Entries of this book that were malformed, empty or repeated.
        file_hint: A file that is likely the book itself (KOReader keeps its
            sidecar folder next to the book), ``None`` when there is none.
    """

    title: str
    authors: tuple[str, ...] = ()
    items: list[ImportedItem] = field(default_factory=list)
    skipped: int = 0
    file_hint: str | None = None
    _ids: set[str] = field(default_factory=set, repr=False, compare=False)

    def add(self, item: ImportedItem) -> None:
        """Add ``item``, or count it as skipped when an identical one is already here
        (Kindle writes a highlight again each time it is re-selected)."""
        if item.id in self._ids:
            self.skipped += 1
            return
        self._ids.add(item.id)
        self.items.append(item)


@dataclass(slots=True)
class ParsedImport:
    """What an imported file held.

    Attributes:
        format: The format's name (``"kindle"``, ``"koreader"``, ``"readwise"``).
        books: The books, in the order they first appear.
        skipped: Entries that could not even be attributed to a book.
    """

    format: str
    books: list[ImportedBook] = field(default_factory=list)
    skipped: int = 0


def stable_id(source: str, *parts: str) -> str:
    """An annotation id that depends only on where an item came from and what it says.

    Args:
        source: The format's name.
        parts: The item's identifying fields (book, kind, quote, location...).
    """
    return str(uuid.uuid5(_NAMESPACE, "\x1f".join((source, *parts))))


def text_field(value: object, *, limit: int, what: str) -> str:
    """Multi-line text (a quote or a note), cleaned; ``None`` counts as empty.

    Raises:
        InvalidItem: Not a string, or longer than ``limit`` characters.
    """
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InvalidItem(f"{what} is not text")
    if len(value) > limit:
        raise InvalidItem(f"{what} is longer than {limit:,} characters")
    return clean_text(value).strip()


def line_field(value: object, *, what: str) -> str:
    """A single-line value (title, author, chapter), cleaned; ``None`` counts as empty.

    Numbers are accepted and written out (KOReader stores some titles as numbers).

    Raises:
        InvalidItem: Not text, or longer than :data:`MAX_LINE` characters.
    """
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise InvalidItem(f"{what} is not text")
    if len(value) > MAX_LINE:
        raise InvalidItem(f"{what} is longer than {MAX_LINE:,} characters")
    return clean_line(value)


def tags_field(values: list[str]) -> tuple[str, ...]:
    """Tags cleaned, empty ones and repeats (case-insensitively) dropped.

    Raises:
        InvalidItem: Too many tags, or one too long.
    """
    if len(values) > MAX_TAGS:
        raise InvalidItem(f"more than {MAX_TAGS} tags")
    kept: dict[str, str] = {}
    for value in values:
        tag = line_field(value, what="a tag")
        if tag:
            kept.setdefault(normalize_tag(tag), tag)
    return tuple(kept.values())


def utc_time(moment: datetime) -> datetime | None:
    """``moment`` in UTC to the second (a naive time is taken as UTC); ``None`` if out of range."""
    try:
        if moment.tzinfo is None:
            return moment.replace(tzinfo=UTC, microsecond=0)
        return moment.astimezone(UTC).replace(microsecond=0)
    except (OverflowError, ValueError):
        return None


_OTHER_COLORS = {"red": "pink", "olive": "green", "cyan": "blue", "violet": "purple"}
"""Other readers' colour names that reader's six stand for (KOReader's red, olive and
cyan; grey and gray have none): the nearest of the six."""


def color_field(value: object) -> str | None:
    """A highlight colour another reader recorded, as one of reader's six names.

    The six (``yellow`` ... ``purple``) as they are, in any case; a few other
    names as the nearest of the six; anything else (grey, a hex code, a number) as
    no colour.
    """
    if not isinstance(value, str):
        return None
    name = value.strip().casefold()
    if name in COLORS:
        return name
    return _OTHER_COLORS.get(name)
