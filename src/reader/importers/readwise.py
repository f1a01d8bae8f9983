"""Readwise's CSV export: one highlight a row, every book in one file.

The columns (first row) are ``Highlight, Book Title, Book Author, Amazon Book
ID, Note, Color, Tags, Location Type, Location, Highlighted at, Document tags``.
Only ``Highlight`` and ``Book Title`` are required; the others are read when
present. ``Tags`` and ``Document tags`` are comma-separated; ``Highlighted at``
is an ISO time. Rows missing a highlight or a title, or with a field of the
wrong size, are counted as skipped.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime

from reader.annotation import AnnotationKind
from reader.importers.items import (
    MAX_LINE,
    MAX_NOTE,
    MAX_QUOTE,
    ImportedBook,
    ImportedItem,
    InvalidItem,
    ParsedImport,
    color_field,
    line_field,
    stable_id,
    tags_field,
    text_field,
    utc_time,
)

__all__ = ["REQUIRED_COLUMNS", "looks_like_readwise", "parse_readwise"]

REQUIRED_COLUMNS = ("Highlight", "Book Title")
"""The columns without which a CSV file is not a Readwise export."""

_FIELD_LIMIT = MAX_NOTE + MAX_QUOTE
"""Longest CSV field read (the csv module's own default is 128 KB)."""


def _header(text: str) -> list[str]:
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    try:
        return [name.strip() for name in next(csv.reader([first]), [])]
    except csv.Error:
        return []


def looks_like_readwise(text: str) -> bool:
    """True when the first line is a CSV header with Readwise's required columns."""
    header = _header(text[:4096])
    return all(column in header for column in REQUIRED_COLUMNS)


def parse_readwise(text: str) -> ParsedImport:
    """Read a Readwise CSV export's text into books.

    Args:
        text: The decoded file (a byte-order mark is fine).
    """
    parsed = ParsedImport("readwise")
    books: dict[tuple[str, str], ImportedBook] = {}
    rows = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    limit = csv.field_size_limit()
    csv.field_size_limit(_FIELD_LIMIT)
    try:
        header = [name.strip() for name in next(rows, [])]
        while True:
            try:
                row = next(rows)
            except StopIteration:
                break
            except csv.Error:
                parsed.skipped += 1  # a field over the limit, or a stray NUL byte
                continue
            if not any(cell.strip() for cell in row):
                continue
            _row(parsed, books, dict(zip(header, row, strict=False)))
    finally:
        csv.field_size_limit(limit)
    return parsed


def _row(
    parsed: ParsedImport, books: dict[tuple[str, str], ImportedBook], row: dict[str, str]
) -> None:
    try:
        title = line_field(row.get("Book Title"), what="the book title")
        author = line_field(row.get("Book Author"), what="the author")
    except InvalidItem:
        parsed.skipped += 1
        return
    if not title:
        parsed.skipped += 1
        return
    key = (title.casefold(), author.casefold())
    book = books.get(key)
    if book is None:
        book = books[key] = ImportedBook(title, (author,) if author else ())
        parsed.books.append(book)
    try:
        quote = text_field(row.get("Highlight"), limit=MAX_QUOTE, what="the highlight")
        note = text_field(row.get("Note"), limit=MAX_NOTE, what="the note")
        tags = tags_field(_split(row.get("Tags")) + _split(row.get("Document tags")))
        kind = line_field(row.get("Location Type"), what="the location type")
        where = line_field(row.get("Location"), what="the location")
    except InvalidItem:
        book.skipped += 1
        return
    if not quote:
        book.skipped += 1
        return
    location = f"{kind or 'location'} {where}" if where else ""
    book.add(
        ImportedItem(
            id=stable_id("readwise", title, author, quote, location),
            kind=AnnotationKind.NOTE if note else AnnotationKind.HIGHLIGHT,
            quote=quote,
            note=note,
            tags=tags,
            created=_time(row.get("Highlighted at")),
            location=location,
            color=color_field(row.get("Color")),
        )
    )


def _split(value: str | None) -> list[str]:
    if not value or len(value) > MAX_LINE * 10:
        return []
    return [tag for tag in (part.strip() for part in value.split(",")) if tag]


def _time(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return utc_time(datetime.fromisoformat(value.strip()))
    except ValueError:
        return None
