"""KOReader's sidecar files: ``book.sdr/metadata.epub.lua`` next to ``book.epub``.

The sidecar is a Lua table (read as data by :mod:`reader.importers.lua_table`,
never run). Since 2024 KOReader keeps highlights and notes in one list::

    ["annotations"] = {
        [1] = {
            ["chapter"] = "Chapter 3", ["datetime"] = "2024-02-03 10:11:12",
            ["note"] = "The reader's note", ["pageno"] = 42,
            ["pos0"] = "/body/DocFragment[12]/body/p[3]/text().0", ["pos1"] = "...",
            ["text"] = "The highlighted text",
        },
    },
    ["doc_props"] = { ["authors"] = "Ann\\nBob", ["title"] = "The Book" },

Older versions wrote ``["highlight"] = { [page] = { [1] = {...} } }`` and a
``["bookmarks"]`` list whose entry with the same ``datetime`` holds the note in
``text``. Both are read. Page bookmarks (no highlighted text) are skipped:
there is nothing to place them by. The book itself usually sits next to the
``.sdr`` folder; that file is given as the book's :attr:`~ImportedBook.file_hint`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from reader.annotation import AnnotationKind
from reader.importers.items import (
    MAX_NOTE,
    MAX_QUOTE,
    ImportedBook,
    ImportedItem,
    InvalidItem,
    ParsedImport,
    color_field,
    line_field,
    stable_id,
    text_field,
    utc_time,
)
from reader.importers.lua_table import LuaTable, LuaValue, parse_lua_table

__all__ = ["SIDECAR", "book_file", "looks_like_koreader", "parse_koreader", "sidecars_in"]

SIDECAR = re.compile(r"metadata\.[A-Za-z0-9]{1,10}\.lua")
"""The name of a sidecar file inside a ``.sdr`` folder."""

_RETURN = re.compile(rb"\A(?:\xef\xbb\xbf)?\s*(?:--[^\n]*\n\s*)*return\s*\{")


def looks_like_koreader(data: bytes) -> bool:
    """True when ``data`` starts like a Lua sidecar (``-- comment``, ``return {``)."""
    return _RETURN.match(data[:4096]) is not None


def sidecars_in(folder: Path) -> list[Path]:
    """The sidecar files of a ``.sdr`` folder (usually one)."""
    try:
        return sorted(p for p in folder.iterdir() if SIDECAR.fullmatch(p.name) and p.is_file())
    except OSError:
        return []


def book_file(sidecar: Path) -> Path | None:
    """The book a sidecar belongs to: ``X.sdr/metadata.epub.lua`` is for ``X.epub``."""
    folder = sidecar.parent
    if folder.suffix != ".sdr":
        return None
    extension = sidecar.name[len("metadata.") : -len(".lua")]
    return folder.with_name(f"{folder.stem}.{extension}")


def parse_koreader(data: bytes, sidecar: Path | None = None) -> ParsedImport:
    """Read one sidecar into a book.

    Args:
        data: The file's bytes.
        sidecar: Where it was read from (to find the book next to its folder).

    Raises:
        reader.importers.lua_table.LuaTableError: The file is not a Lua table literal.
    """
    table = parse_lua_table(data)
    props = _table(table.get("doc_props"))
    parsed = ParsedImport("koreader")
    try:
        title = line_field(props.get("title"), what="the title")
        authors_text = text_field(props.get("authors"), limit=2000, what="the authors")
    except InvalidItem:
        title, authors_text = "", ""
    hint = book_file(sidecar) if sidecar is not None else None
    doc_path = table.get("doc_path")
    if not title and isinstance(doc_path, str):
        title = line_field(Path(doc_path[-1000:]).stem, what="the file name")
    if not title and hint is not None:
        title = line_field(hint.stem, what="the file name")
    authors = tuple(a.strip() for a in re.split(r"[\n;]", authors_text) if a.strip())
    book = ImportedBook(title or "Untitled", authors, file_hint=str(hint) if hint else None)
    parsed.books.append(book)
    if "annotations" in table:
        entries = list(_entries(table.get("annotations")))
    else:
        entries = list(_legacy_entries(table))
    for entry in entries:
        try:
            item = _item(book, entry)
        except InvalidItem:
            book.skipped += 1
            continue
        if item is None:
            book.skipped += 1
        else:
            book.add(item)
    return parsed


def _table(value: LuaValue) -> LuaTable:
    return value if isinstance(value, dict) else {}


def _entries(value: LuaValue) -> Iterator[LuaTable]:
    """The entries of a Lua list in index order; anything not a table counts as empty."""
    table = _table(value)
    numbered = sorted((k, v) for k, v in table.items() if isinstance(k, int))
    for _, entry in numbered:
        yield _table(entry)


def _legacy_entries(table: LuaTable) -> Iterator[LuaTable]:
    """Highlights of the pre-2024 layout, each with its note from the bookmarks."""
    notes: dict[str, LuaValue] = {}
    for bookmark in _entries(table.get("bookmarks")):
        moment = bookmark.get("datetime")
        if isinstance(moment, str):
            notes[moment] = bookmark.get("text")
    pages = _table(table.get("highlight"))
    for _, highlights in sorted(pages.items(), key=_page_order):
        for highlight in _entries(highlights):
            moment = highlight.get("datetime")
            entry = dict(highlight)
            note = notes.get(moment) if isinstance(moment, str) else None
            text = highlight.get("text")
            # Older versions filled a bookmark's text with one made of the highlight.
            if isinstance(note, str) and not (isinstance(text, str) and text.strip() in note):
                entry["note"] = note
            yield entry


def _page_order(entry: tuple[object, LuaValue]) -> tuple[bool, float, str]:
    """Pages by number (keys are page numbers; anything else after them, by name)."""
    page = entry[0]
    if isinstance(page, (int, float)) and not isinstance(page, bool):
        return (False, float(page), "")
    return (True, 0.0, str(page))


def _item(book: ImportedBook, entry: LuaTable) -> ImportedItem | None:
    """One highlight (with its note); ``None`` for a page bookmark or an empty one."""
    pos0 = entry.get("pos0")
    quote = text_field(entry.get("text"), limit=MAX_QUOTE, what="the highlighted text")
    if pos0 is None or not quote:
        return None
    note = text_field(entry.get("note"), limit=MAX_NOTE, what="the note")
    chapter = line_field(entry.get("chapter"), what="the chapter")
    page = entry.get("pageno", entry.get("page"))
    location = f"page {page}" if isinstance(page, int) and not isinstance(page, bool) else ""
    position = _position(pos0)
    moment = entry.get("datetime")
    created = _time(moment) if isinstance(moment, str) else None
    return ImportedItem(
        id=stable_id("koreader", book.title, "; ".join(book.authors), quote, position),
        kind=AnnotationKind.NOTE if note else AnnotationKind.HIGHLIGHT,
        quote=quote,
        note=note,
        created=created,
        location=location,
        chapter=chapter,
        color=color_field(entry.get("color")),
    )


def _position(pos0: LuaValue) -> str:
    """Where KOReader placed a highlight, as text for its id: an XPointer string in
    reflowable books, a table of page and coordinates in PDFs and DjVu files."""
    if isinstance(pos0, dict):
        fields = sorted((str(k), v) for k, v in pos0.items() if isinstance(v, (int, float, str)))
        return ",".join(f"{k}={v}" for k, v in fields)[:500]
    return pos0[:500] if isinstance(pos0, str) else line_field(pos0, what="the position")


def _time(text: str) -> datetime | None:
    """KOReader's ``YYYY-MM-DD HH:MM:SS`` (local time, no zone: read as UTC)."""
    try:
        return utc_time(datetime.strptime(text.strip()[:19], "%Y-%m-%d %H:%M:%S"))
    except ValueError:
        return None
