"""Readwise's CSV export."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from reader.annotation import AnnotationKind
from reader.importers.readwise import looks_like_readwise, parse_readwise
from tests.core.importers.samples import READWISE_CSV


def test_reads_books_highlights_notes_and_tags() -> None:
    parsed = parse_readwise("\ufeff" + READWISE_CSV)
    (book,) = parsed.books
    assert (book.title, book.authors) == ("The Lighthouse Keeper", ("Ada Byron",))
    first, second, third = book.items
    assert first.kind is AnnotationKind.HIGHLIGHT
    assert first.location == "location 88"
    assert first.created == datetime(2021, 5, 3, 14, 22, 33, tzinfo=UTC)
    assert second.quote == '"Nothing is lost at sea," he wrote'
    assert (second.kind, second.note) == (AnnotationKind.NOTE, "The line everyone quotes.\nTwice.")
    assert second.tags == ("favorite", "sea", "fiction")
    assert (third.location, third.created) == ("page 7", None)
    assert book.skipped == 1  # the empty highlight
    assert parsed.skipped == 1  # the row without a book


def test_columns_in_another_order_and_missing_optional_ones() -> None:
    text = "Book Title,Highlight\nA Book,A line.\n"
    (book,) = parse_readwise(text).books
    assert (book.title, book.authors, book.items[0].quote) == ("A Book", (), "A line.")


def test_an_oversized_field_is_skipped_not_fatal() -> None:
    text = "Highlight,Book Title\n" + '"' + "x" * 200_000 + '",Big\nsmall,Book\n'
    parsed = parse_readwise(text)
    assert [b.title for b in parsed.books] == ["Book"]
    assert parsed.skipped == 1


def test_detection() -> None:
    assert looks_like_readwise(READWISE_CSV)
    assert not looks_like_readwise("Title,Author\nx,y\n")


@given(st.text(max_size=500))
def test_any_text_parses_without_raising(text: str) -> None:
    parse_readwise("Highlight,Book Title,Note,Tags,Highlighted at\n" + text)
