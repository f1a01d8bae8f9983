"""Kindle's My Clippings.txt: books, highlights, notes joined to them, dates in many languages."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.annotation import AnnotationKind
from reader.importers.kindle import looks_like_kindle, parse_kindle
from reader.importers.kindle_dates import parse_added_on
from tests.core.importers.samples import KINDLE_CLIPPINGS


def test_reads_books_and_their_highlights() -> None:
    parsed = parse_kindle(KINDLE_CLIPPINGS)
    assert [b.title for b in parsed.books] == ["The Lighthouse Keeper", "Another Book Entirely"]
    book = parsed.books[0]
    assert book.authors == ("Byron, Ada",)
    assert [i.quote for i in book.items] == [
        "the keeper climbed its stairs every evening at dusk",
        "“Nothing is lost at sea,” he wrote",
        "He kept a log of every ship that passed",
        "When the morning came, the sea was flat and gray, and the keeper slept until noon.",
        "The harbour master counted the gulls twice and then went home to sleep early.",
    ]
    assert book.skipped == 1  # the bookmark: no text to place it by
    assert parsed.skipped == 0


def test_a_note_joins_the_highlight_it_ends() -> None:
    first = parse_kindle(KINDLE_CLIPPINGS).books[0].items[0]
    assert first.kind is AnnotationKind.NOTE
    assert first.note == "Routine as devotion."
    assert first.location == "page 3, location 40-42"
    assert first.created == datetime(2019, 3, 4, 22, 2, tzinfo=UTC)


def test_locations_and_pages_in_other_languages() -> None:
    items = parse_kindle(KINDLE_CLIPPINGS).books[0].items
    assert [i.location for i in items[1:4]] == [
        "page 9, location 130-131",
        "page 12, location 200-203",
        "page 14, location 250-252",
    ]
    assert parse_kindle(KINDLE_CLIPPINGS).books[1].items[0].location == "location 123-125"


def test_a_note_on_no_highlight_is_skipped() -> None:
    text = (
        "Book (A)\n- Your Note on Location 999 | Added on Monday, March 4, 2019 10:02:00 PM\n\n"
        "A thought.\n==========\n"
    )
    (book,) = parse_kindle(text).books
    assert (book.items, book.skipped) == ([], 1)


@pytest.mark.parametrize(
    "message",
    [
        "<You have reached the clipping limit for this item>",
        "<Sie haben die Höchstgrenze an Clippings für diesen Artikel erreicht>",
    ],
)
def test_the_clipping_limit_message_is_not_a_highlight(message: str) -> None:
    text = (
        "Book (A)\n- Your Highlight on Location 10-12 | Added on Monday, March 4, 2019 "
        f"10:02:00 PM\n\n{message}\n==========\n"
    )
    (book,) = parse_kindle(text).books
    assert (book.items, book.skipped) == ([], 1)


def test_repeated_clippings_are_kept_once() -> None:
    clipping = (
        "Book (A)\n- Your Highlight on Location 10-12 | Added on Monday, March 4, 2019 "
        "10:02:00 PM\n\nSame words.\n==========\n"
    )
    (book,) = parse_kindle(clipping * 3).books
    assert len(book.items) == 1
    assert book.skipped == 2


def test_kindle_3_shortened_ranges_and_a_missing_last_separator() -> None:
    text = (
        "Old Book (Writer)\n- Highlight Loc. 1234-35  | Added on Thursday, June 30, 2011, "
        "10:48 PM\n\nold text"
    )
    (item,) = parse_kindle(text).books[0].items
    assert item.location == "location 1234-1235"
    assert item.created == datetime(2011, 6, 30, 22, 48, tzinfo=UTC)


def test_untrusted_fields_are_cleaned() -> None:
    text = (
        "Evil \x1b]2;pwned\x07Title\u202e (Au\x1b[31mthor)\n"
        "- Your Highlight on Location 1-2 | Added on Monday, March 4, 2019 10:02:00 PM\n\n"
        "quote \x1b[2Jwith escapes\x00\n==========\n"
    )
    (book,) = parse_kindle(text).books
    assert book.title == "Evil Title"
    assert book.authors == ("Author",)
    assert book.items[0].quote == "quote with escapes"


def test_blocks_that_are_not_clippings_are_counted() -> None:
    text = "just some text\n==========\n\n==========\nBook (A)\nno dash line\n\nx\n==========\n"
    parsed = parse_kindle(text)
    assert parsed.books == []
    assert parsed.skipped == 2


def test_ids_are_stable_and_depend_on_content() -> None:
    first = parse_kindle(KINDLE_CLIPPINGS).books[0].items
    again = parse_kindle(KINDLE_CLIPPINGS).books[0].items
    assert [i.id for i in first] == [i.id for i in again]
    assert len({i.id for i in first}) == len(first)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Added on Monday, March 4, 2019 10:02:00 PM", datetime(2019, 3, 4, 22, 2)),
        ("Added on Monday, March 4, 2019 12:02:00 AM", datetime(2019, 3, 4, 0, 2)),
        ("Added on Tuesday, 2 January 2024 09:00:00", datetime(2024, 1, 2, 9, 0)),
        ("Hinzugefügt am Freitag, 8. Mai 2020 17:23:15", datetime(2020, 5, 8, 17, 23, 15)),
        ("Hinzugefügt am Donnerstag, 3. März 2022 07:05:00", datetime(2022, 3, 3, 7, 5)),
        ("Añadido el lunes, 10 de julio de 2023 13:23:06", datetime(2023, 7, 10, 13, 23, 6)),
        ("Añadido el sábado, 12 de octubre de 2019 0:37:31", datetime(2019, 10, 12, 0, 37, 31)),
        ("Ajouté le samedi 26 décembre 2015 11:21:23", datetime(2015, 12, 26, 11, 21, 23)),
        ("Aggiunto in data lunedì 4 marzo 2019 22:02:00", datetime(2019, 3, 4, 22, 2)),
        ("Adicionado: segunda-feira, 4 de março de 2019 22:02:00", datetime(2019, 3, 4, 22, 2)),
        ("Toegevoegd op maandag 4 maart 2019 22:02:00", datetime(2019, 3, 4, 22, 2)),
        ("Добавлено: понедельник, 4 марта 2019 г. в 22:02:00", datetime(2019, 3, 4, 22, 2)),
        ("作成日: 2019年3月4日月曜日 22:02:00", datetime(2019, 3, 4, 22, 2)),
        ("添加于 2019年3月4日星期一 下午10:02:00", datetime(2019, 3, 4, 22, 2)),
    ],
)
def test_added_on_in_many_languages(text: str, expected: datetime) -> None:
    assert parse_added_on(text) == expected.replace(tzinfo=UTC)


@pytest.mark.parametrize("text", ["", "Added on someday", "Added on February 30, 2019", "2019"])
def test_unreadable_times_are_none(text: str) -> None:
    assert parse_added_on(text) is None


def test_detection() -> None:
    assert looks_like_kindle(KINDLE_CLIPPINGS)
    assert not looks_like_kindle("Title\nplain text\n")


@given(st.text(max_size=400))
def test_any_text_parses_without_raising(text: str) -> None:
    parsed = parse_kindle(text)
    for book in parsed.books:
        assert book.title


@given(st.lists(st.sampled_from(["==========", "Book (A)", "- Your Highlight on Location 1-2 | "
       "Added on x", "- Your Note on Location 2 | Added on y", "", "text", "\ufeff", "\r"]),
       max_size=40))  # fmt: skip
def test_clipping_shaped_soup_parses_without_raising(lines: list[str]) -> None:
    parse_kindle("\n".join(lines))


@pytest.mark.parametrize(
    ("line", "kind", "location"),
    [
        ("- Your Highlight on page 107 | Location 1709-1711 | Added on x", "highlight",
         "page 107, location 1709-1711"),
        ("- Your Note on Location 42 | Added on x", "note", "location 42"),
        ("- Ihre Markierung bei Position 1138-1138 | Hinzugefügt am x", "highlight",
         "location 1138"),
        ("- Ihr Lesezeichen auf Seite 5 | Position 70 | Hinzugefügt am x", "bookmark",
         "page 5, location 70"),
        ("- Tu nota en la página 5 | posición 90 | Añadido el x", "note", "page 5, location 90"),
        ("- La subrayado en la página xii-xiii | posición 12-14 | Añadido el x", "highlight",
         "page xii-xiii, location 12-14"),
        ("- Votre signet sur la page 3 | emplacement 40 | Ajouté le x", "bookmark",
         "page 3, location 40"),
        ("- La tua evidenziazione a pagina 12 | posizione 123-125 | Aggiunto in data x",
         "highlight", "page 12, location 123-125"),
        ("- Seu destaque ou posição 123-125 | Adicionado: x", "highlight", "location 123-125"),
        ("- Je markering op pagina 12 | locatie 123-125 | Toegevoegd op x", "highlight",
         "page 12, location 123-125"),
        ("– Ваш выделенный отрывок на странице 8 | Место 243–245 | Добавлено: x", "highlight",
         "page 8, location 243-245"),
        ("- 12ページ|位置No. 123-125のハイライト |作成日: x", "highlight",
         "page 12, location 123-125"),
        ("- 您在位置 #123-125的标注 | 添加于 x", "highlight", "location 123-125"),
    ],
)  # fmt: skip
def test_the_second_line_in_many_languages(line: str, kind: str, location: str) -> None:
    quote = "" if kind == "bookmark" else "Some words."
    text = f"A Book (An Author)\n{line}\n\n{quote}\n==========\n"
    (book,) = parse_kindle(text).books
    if kind == "bookmark":
        assert (book.items, book.skipped) == ([], 1)
        return
    if kind == "note":
        assert (book.items, book.skipped) == ([], 1)  # a note on no highlight
        return
    (item,) = book.items
    assert (item.kind.value, item.location) == (kind, location)
