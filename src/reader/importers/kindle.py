"""Kindle's ``My Clippings.txt``: every highlight, note and bookmark, all books in one file.

Each clipping is four or more lines, then a line of ten ``=``::

    The Title (Author; Other Author)
    - Your Highlight on page 12 | Location 123-125 | Added on Monday, March 4, 2019 10:02:00 PM

    The highlighted text, possibly on several lines.
    ==========

The second line is written in the Kindle's language (``Ihre Markierung auf Seite
12 | Position 123-125 | Hinzugefügt am ...``, ``La subrayado en la página 12 |
posición 123-125 | Añadido el ...``) and older Kindles shorten it (``Highlight
Loc. 1234-35``), so its parts are recognised by keywords in many languages and by
their numbers rather than by one fixed pattern. Files may start (or each title
may start) with a byte-order mark and use CRLF line ends.

A note is its own clipping, at the location where its highlight ends: it is
joined to that highlight. Bookmarks, notes on no highlight and the message a
Kindle writes instead of the text past the publisher's clipping limit have no
text to place in a document; they are counted as skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reader.annotation import AnnotationKind
from reader.importers.items import (
    MAX_NOTE,
    MAX_QUOTE,
    ImportedBook,
    ImportedItem,
    InvalidItem,
    ParsedImport,
    line_field,
    stable_id,
    text_field,
)
from reader.importers.kindle_dates import parse_added_on

__all__ = ["SEPARATOR", "looks_like_kindle", "parse_kindle"]

SEPARATOR = "=========="
"""The line between clippings."""

_KINDS: tuple[tuple[AnnotationKind, tuple[str, ...]], ...] = (
    (
        AnnotationKind.BOOKMARK,
        ("bookmark", "lesezeichen", "marcador", "signet", "segnalibro", "bladwijzer",
         "закладка", "ブックマーク", "书签", "書籤"),
    ),
    (
        AnnotationKind.HIGHLIGHT,
        ("highlight", "markierung", "subrayado", "surlignement", "evidenziazione", "destaque",
         "markering", "выделен", "ハイライト", "标注", "標註", "clip"),
    ),
    (
        AnnotationKind.NOTE,
        ("note", "notiz", "nota", "notitie", "заметка", "メモ", "笔记", "筆記"),
    ),
)  # fmt: skip
_PAGE_WORDS = ("page", "seite", "página", "pagina", "pagina", "страниц", "ページ", "页", "頁")
_PAGE = re.compile(
    r"(?<![0-9a-z])(\d+|[ivxlcdm]+)(?:\s*[-–]\s*(\d+|[ivxlcdm]+))?(?![0-9a-z])"
)  # ASCII bounds: Japanese writes the number against the word (12ページ)
_NUMBER_RANGE = re.compile(r"(\d+)(?:\s*[-–]\s*(\d+))?")
_TITLE_AUTHOR = re.compile(r"^(.*?)\s*\(([^()]*)\)\s*$")
_LINE_BREAK = re.compile(r"\r\n?")
_KINDLE_MESSAGE = re.compile(r"<[^<>\n]{10,200}>")
"""What a Kindle writes instead of the text when the publisher's clipping limit is
reached (``<You have reached the clipping limit for this item>``, in its language)."""


@dataclass(slots=True)
class _Clipping:
    kind: AnnotationKind
    text: str
    page: str
    start: int | None
    end: int | None
    added: str


def looks_like_kindle(text: str) -> bool:
    """True when ``text`` has the shape of a clippings file (for format detection)."""
    lines = _LINE_BREAK.sub("\n", text[:8192]).lstrip("\ufeff").split("\n")
    if SEPARATOR not in (line.strip() for line in lines):
        return False
    return len(lines) > 1 and lines[1].lstrip("\ufeff ").startswith(("-", "–"))


def parse_kindle(text: str) -> ParsedImport:
    """Read a clippings file's text into books.

    Args:
        text: The decoded file (a byte-order mark and CRLF line ends are fine).
    """
    parsed = ParsedImport("kindle")
    books: dict[tuple[str, tuple[str, ...]], ImportedBook] = {}
    clippings: dict[tuple[str, tuple[str, ...]], list[_Clipping]] = {}
    for block in _blocks(text):
        try:
            title, authors, clipping = _clipping(block)
        except InvalidItem:
            parsed.skipped += 1
            continue
        key = (title.casefold(), tuple(a.casefold() for a in authors))
        book = books.get(key)
        if book is None:
            book = books[key] = ImportedBook(title, authors)
            parsed.books.append(book)
            clippings[key] = []
        if clipping is None:
            book.skipped += 1
        else:
            clippings[key].append(clipping)
    for key, book in books.items():
        _fill(book, clippings[key])
    return parsed


def _blocks(text: str) -> list[list[str]]:
    """The clippings' lines, split at the separator lines."""
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in _LINE_BREAK.sub("\n", text).split("\n"):
        if line.strip().strip("\ufeff") == SEPARATOR:
            blocks.append(current)
            current = []
        else:
            current.append(line)
    if any(line.strip() for line in current):
        blocks.append(current)  # a last clipping without its separator (a cut-off file)
    return [block for block in blocks if any(line.strip("\ufeff \t") for line in block)]


def _clipping(block: list[str]) -> tuple[str, tuple[str, ...], _Clipping | None]:
    """The book and the clipping of one block; ``None`` for a clipping with nothing to keep.

    Raises:
        InvalidItem: The block does not even name a book.
    """
    lines = [line.replace("\ufeff", "") for line in block]
    while lines and not lines[0].strip():
        lines.pop(0)
    if len(lines) < 2:
        raise InvalidItem("not a clipping")
    title, authors = _title_and_authors(lines[0])
    meta = lines[1].strip()
    if not meta.startswith(("-", "–")) or not title:
        raise InvalidItem("not a clipping")
    content = "\n".join(lines[2:])
    kind = _kind(meta)
    if kind is None:
        return title, authors, None
    try:
        body = text_field(content, limit=MAX_NOTE if kind is AnnotationKind.NOTE else MAX_QUOTE,
                          what="the clipping")  # fmt: skip
    except InvalidItem:
        return title, authors, None
    parts = [part.strip() for part in meta.lstrip("-– ").split("|")]
    page, start, end = _place(parts[:-1] if len(parts) > 1 else parts)
    added = parts[-1] if len(parts) > 1 else ""
    if kind is not AnnotationKind.BOOKMARK and (not body or _KINDLE_MESSAGE.fullmatch(body)):
        return title, authors, None
    return title, authors, _Clipping(kind, body, page, start, end, added)


def _title_and_authors(line: str) -> tuple[str, tuple[str, ...]]:
    """``Title (Author; Other)``: the last parenthesised group holds the authors."""
    cleaned = line_field(line.strip(), what="the title")
    match = _TITLE_AUTHOR.match(cleaned)
    if match is None or not match.group(1):
        return cleaned, ()
    authors = tuple(a.strip() for a in match.group(2).split(";") if a.strip())
    return match.group(1), authors


def _kind(meta: str) -> AnnotationKind | None:
    """The kind the second line names before the time (in any part: a Japanese Kindle
    names it after the page, ``12ページ|位置No. 123-125のハイライト``)."""
    parts = meta.split("|")
    named = " ".join(parts[:-1] if len(parts) > 1 else parts).casefold()
    for kind, words in _KINDS:
        if any(word in named for word in words):
            return kind
    return None


def _place(parts: list[str]) -> tuple[str, int | None, int | None]:
    """The page label and the location range of a clipping's second line."""
    page = ""
    start = end = None
    for part in parts:
        lowered = part.casefold()
        word = next((w for w in _PAGE_WORDS if w in lowered), None)
        if word is not None:
            after = lowered[lowered.find(word) + len(word) :]
            found = _PAGE.search(after) or _PAGE.search(lowered)
            if found is not None and not page:
                page = found.group(0)
            continue
        numbers = _NUMBER_RANGE.search(lowered)
        if numbers is not None and start is None:
            start = int(numbers.group(1))
            end = _range_end(numbers.group(1), numbers.group(2))
    return page, start, end


def _range_end(first: str, last: str | None) -> int:
    """The end of ``first-last``; Kindle 3 shortens it (``1234-35`` is 1234 to 1235)."""
    if last is None:
        return int(first)
    end = int(last)
    if end < int(first) and len(last) < len(first):
        end = int(first[: len(first) - len(last)] + last)
    return end


def _label(clipping: _Clipping) -> str:
    parts = []
    if clipping.page:
        parts.append(f"page {clipping.page}")
    if clipping.start is not None:
        span = (
            f"{clipping.start}"
            if clipping.end in (None, clipping.start)
            else (f"{clipping.start}-{clipping.end}")
        )
        parts.append(f"location {span}")
    return ", ".join(parts)


def _fill(book: ImportedBook, clippings: list[_Clipping]) -> None:
    """Join each note to its highlight and add the book's items."""
    highlights = [c for c in clippings if c.kind is AnnotationKind.HIGHLIGHT]
    by_end: dict[int, list[_Clipping]] = {}
    for highlight in highlights:
        if highlight.end is not None:
            by_end.setdefault(highlight.end, []).append(highlight)
    notes: dict[int, str] = {}
    for clipping in clippings:
        if clipping.kind is AnnotationKind.NOTE:
            target = _highlight_of(clipping, highlights, by_end, notes)
            if target is None:
                book.skipped += 1  # a note on no highlight: no text to place it by
            else:
                notes[id(target)] = clipping.text
        elif clipping.kind is AnnotationKind.BOOKMARK:
            book.skipped += 1  # a bookmark: a position, no text to place it by
    authors = "; ".join(book.authors)
    for clipping in highlights:
        note = notes.get(id(clipping), "")
        location = _label(clipping)
        book.add(
            ImportedItem(
                id=stable_id("kindle", book.title, authors, clipping.text, location),
                kind=AnnotationKind.NOTE if note else AnnotationKind.HIGHLIGHT,
                quote=clipping.text,
                note=note,
                created=parse_added_on(clipping.added),
                location=location,
            )
        )


def _highlight_of(
    note: _Clipping,
    highlights: list[_Clipping],
    by_end: dict[int, list[_Clipping]],
    taken: dict[int, str],
) -> _Clipping | None:
    """The highlight a note belongs to: the last one ending at its location (Kindle
    writes a note at its highlight's last location), else the last one spanning it."""
    if note.start is None:
        return None
    ending = [h for h in by_end.get(note.start, ()) if id(h) not in taken]
    if ending:
        return ending[-1]
    at = note.start
    spanning = [
        h
        for h in highlights
        if h.start is not None and h.end is not None and h.start <= at <= h.end
        and id(h) not in taken
    ]  # fmt: skip
    return spanning[-1] if spanning else None
