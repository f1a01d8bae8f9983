"""The text's maximum width: from the configuration, changed with ``-``/``=``, remembered."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.store import AnnotationStore
from reader.tui.app import TEXT_WIDTH_PREFERENCE
from reader.tui.screens.help import HelpScreen
from reader.tui.screens.reader import ReaderScreen
from reader.tui.text_width import TEXT_WIDTH_STEP
from reader.tui.widgets.document_view import DocumentView
from reader.tui.widgets.key_bar import KeyBar
from tests.tui.app_fixtures import AppFactory, make_app, reader_ready, store, write_book
from tests.tui.test_app import help_text

__all__ = ["make_app", "store"]  # fixtures used by name


@pytest.fixture
def book(tmp_path: Path) -> Path:
    return write_book(tmp_path / "book.md", chapters=2, paragraphs_per_chapter=10)


def view_of(screen: ReaderScreen) -> DocumentView:
    view = screen.view
    assert view is not None
    return view


def longest_line(view: DocumentView) -> int:
    """The widest line of wrapped text on screen, in cells."""
    return max(len(view.render_line(y).text.rstrip()) for y in range(view.size.height))


async def test_default_width_stays_eighty_columns(make_app: AppFactory, book: Path) -> None:
    app = make_app(book)
    async with app.run_test(size=(220, 40)) as pilot:
        screen = await reader_ready(pilot)
        assert view_of(screen).text_width == 80


async def test_keys_narrow_and_widen_the_text_and_the_choice_is_remembered(
    make_app: AppFactory, book: Path, store: AnnotationStore
) -> None:
    app = make_app(book, text_width=60)  # the configuration file's text_width
    async with app.run_test(size=(220, 40)) as pilot:
        screen = await reader_ready(pilot)
        view = view_of(screen)
        assert view.text_width == 60
        wide = longest_line(view)
        await pilot.press("minus", "minus")
        assert view.text_width == 60 - 2 * TEXT_WIDTH_STEP
        assert longest_line(view) < wide
        await pilot.press("equals_sign")
        assert view.text_width == 60 - TEXT_WIDTH_STEP
        await pilot.pause()
        assert store.preference(TEXT_WIDTH_PREFERENCE) == 60 - TEXT_WIDTH_STEP

    again = make_app(book, text_width=60)  # the width chosen wins over the configured one
    async with again.run_test(size=(220, 40)) as pilot:
        screen = await reader_ready(pilot)
        assert view_of(screen).text_width == 60 - TEXT_WIDTH_STEP


async def test_widening_stops_where_the_pane_is_full_and_narrowing_at_twenty(
    make_app: AppFactory, book: Path, store: AnnotationStore
) -> None:
    app = make_app(book, text_width=400)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await reader_ready(pilot)
        view = view_of(screen)
        full = view.text_width
        assert full < 100
        await pilot.press("equals_sign")
        assert view.text_width == full  # already as wide as the pane
        assert store.preference(TEXT_WIDTH_PREFERENCE) is None
        await pilot.press("minus")
        assert view.text_width == full - TEXT_WIDTH_STEP  # the first press shows
        await pilot.press(*["minus"] * 30)
        assert view.text_width == 20


async def test_a_bad_remembered_width_is_ignored(
    make_app: AppFactory, book: Path, store: AnnotationStore
) -> None:
    store.set_preference(TEXT_WIDTH_PREFERENCE, "wide")
    app = make_app(book, text_width=70)
    async with app.run_test(size=(220, 40)) as pilot:
        screen = await reader_ready(pilot)
        assert view_of(screen).text_width == 70


async def test_the_keys_show_in_help_and_the_key_bar(make_app: AppFactory, book: Path) -> None:
    app = make_app(book)
    async with app.run_test(size=(220, 40)) as pilot:
        screen = await reader_ready(pilot)
        line = screen.query_one(KeyBar).render().plain
        assert " - Narrower text " in line
        assert " = Wider text " in line
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = help_text(app)
        assert "reader.narrower_text" in text
        assert "reader.wider_text" in text
