"""KOReader sidecars: both layouts, the book next to the .sdr folder, bad entries."""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.annotation import AnnotationKind
from reader.importers.koreader import book_file, looks_like_koreader, parse_koreader, sidecars_in
from reader.importers.lua_table import LuaTableError
from tests.core.importers.samples import (
    KOREADER_LEGACY_SIDECAR,
    KOREADER_SIDECAR,
    lua_literal,
)


def test_reads_the_2024_layout() -> None:
    (book,) = parse_koreader(KOREADER_SIDECAR).books
    assert (book.title, book.authors) == ("The Lighthouse Keeper", ("Ada Byron",))
    assert [i.quote for i in book.items] == [
        "lighthouse stood on a spit of black rock",
        "for three nights the lamp burned without pause",
        "He kept a log of every ship that passed",
    ]
    assert book.skipped == 1  # the page bookmark
    first, second, third = book.items
    assert (first.kind, first.chapter, first.location) == (
        AnnotationKind.HIGHLIGHT,
        "Chapter One",
        "page 3",
    )
    assert first.created == datetime(2024, 2, 3, 10, 11, 12, tzinfo=UTC)
    assert second.kind is AnnotationKind.NOTE
    assert second.note == "Three nights!\nAnd the lamp café never out."
    assert third.chapter == "Chapter Two"


def test_reads_the_older_layout_with_notes_from_bookmarks() -> None:
    (book,) = parse_koreader(KOREADER_LEGACY_SIDECAR).books
    assert [(i.quote, i.note) for i in book.items] == [
        ("the sea was flat and grey", "Calm after the storm."),
        ("the keeper slept until noon", ""),  # the bookmark's text was made up, not a note
    ]


def test_the_book_is_next_to_the_sdr_folder(tmp_path: Path) -> None:
    folder = tmp_path / "The Lighthouse Keeper.sdr"
    folder.mkdir()
    sidecar = folder / "metadata.epub.lua"
    sidecar.write_bytes(KOREADER_SIDECAR)
    (folder / "notes.txt").write_text("not a sidecar")
    assert sidecars_in(folder) == [sidecar]
    assert book_file(sidecar) == tmp_path / "The Lighthouse Keeper.epub"
    (book,) = parse_koreader(KOREADER_SIDECAR, sidecar).books
    assert book.file_hint == str(tmp_path / "The Lighthouse Keeper.epub")
    assert book_file(tmp_path / "metadata.epub.lua") is None


def test_a_sidecar_without_a_title_is_named_after_its_file() -> None:
    data = b'return { ["doc_path"] = "/books/Some File.pdf", ["annotations"] = {} }'
    (book,) = parse_koreader(data).books
    assert book.title == "Some File"


def test_bad_entries_are_skipped_and_fields_cleaned() -> None:
    data = b"""return {
        ["doc_props"] = { ["title"] = "T\\27[31mitle", ["authors"] = "Ann\\nBob" },
        ["annotations"] = {
            [1] = { ["pos0"] = "x", ["text"] = 42 },
            [2] = "not a table",
            [3] = { ["pos0"] = "y", ["text"] = "fine \\27]0;x\\7text", ["note"] = {} },
            [4] = { ["pos0"] = "z", ["text"] = "good", ["datetime"] = "yesterday" },
        },
    }"""
    (book,) = parse_koreader(data).books
    assert (book.title, book.authors) == ("Title", ("Ann", "Bob"))
    assert [i.quote for i in book.items] == ["good"]
    assert book.items[0].created is None
    assert book.skipped == 3


def test_pdf_highlights_with_positions_as_tables() -> None:
    data = b"""return {
        ["doc_props"] = { ["title"] = "A Paper" },
        ["highlight"] = {
            [12] = { [1] = { ["datetime"] = "2020-01-01 10:00:00", ["text"] = "page twelve",
                             ["pos0"] = { ["page"] = 12, ["x"] = 10.5, ["y"] = 20 } } },
            [9] = { [1] = { ["datetime"] = "2020-01-01 09:00:00", ["text"] = "page nine",
                            ["pos0"] = { ["page"] = 9, ["x"] = 1, ["y"] = 2 } } },
        },
    }"""
    (book,) = parse_koreader(data).books
    assert [i.quote for i in book.items] == ["page nine", "page twelve"]  # by page number
    assert book.skipped == 0


def test_a_damaged_file_is_a_lua_table_error() -> None:
    with pytest.raises(LuaTableError):
        parse_koreader(KOREADER_SIDECAR[:-40])


def test_detection() -> None:
    assert looks_like_koreader(KOREADER_SIDECAR)
    assert looks_like_koreader(b"\xef\xbb\xbfreturn {}")
    assert not looks_like_koreader(b'{"json": true}')


_FIELDS = st.sampled_from(
    ["text", "note", "pos0", "pos1", "chapter", "datetime", "page", "pageno", "title", "authors"]
)
_ANY = st.recursive(
    st.one_of(st.text(max_size=30), st.integers(-3, 10**6), st.booleans(), st.floats(-1e9, 1e9)),
    lambda children: st.dictionaries(st.one_of(_FIELDS, st.integers(1, 5)), children, max_size=5),
    max_leaves=30,
)


@given(
    st.dictionaries(
        st.sampled_from(["annotations", "highlight", "bookmarks", "doc_props", "doc_path"]),
        _ANY,
        max_size=5,
    )
)
def test_any_table_of_any_shape_reads_without_raising(table: dict[str, object]) -> None:
    parsed = parse_koreader(("return " + lua_literal(table)).encode("utf-8", "surrogatepass"))  # type: ignore[arg-type]
    for item in parsed.books[0].items:
        assert item.quote


@given(st.binary(max_size=300))
def test_arbitrary_bytes_raise_only_the_lua_error(data: bytes) -> None:
    with contextlib.suppress(LuaTableError):
        parse_koreader(data)
