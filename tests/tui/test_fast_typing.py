"""Keys typed faster than the app handles them: nothing typed right after ``a`` is lost."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events
from textual.widgets import Input

from reader.store import AnnotationStore
from reader.tui.screens.editor import EditorScreen
from reader.tui.screens.reader import ReaderScreen
from tests.tui.app_fixtures import (
    AppFactory,
    make_app,
    reader_ready,
    store,
    wait_until,
    write_book,
)

__all__ = ["make_app", "store"]  # fixtures used by name


async def test_keys_typed_right_after_a_land_in_the_note(
    make_app: AppFactory, tmp_path: Path, store: AnnotationStore
) -> None:
    book = write_book(tmp_path / "book.md", chapters=1, paragraphs_per_chapter=4)
    app = make_app(book)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await reader_ready(pilot)
        for key in ["j", "a", *"quick"]:  # queued at once, as a fast typist's keys arrive
            app.post_message(events.Key(key, key))
        await wait_until(pilot, lambda: isinstance(app.screen, EditorScreen))
        editor = app.screen
        assert isinstance(editor, EditorScreen)
        await wait_until(pilot, lambda: editor.note == "quick")
        await pilot.press(*" more", "ctrl+s")
        document = screen.document
        assert document is not None
        [saved] = store.annotations(document)
        assert saved.note == "quick more"
        assert saved.anchor == document.paragraphs[1].anchor  # j moved first, then a


async def test_a_is_text_in_the_search_and_tag_filter_fields(
    make_app: AppFactory, tmp_path: Path
) -> None:
    book = write_book(tmp_path / "book.md", chapters=1, paragraphs_per_chapter=4)
    app = make_app(book)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await reader_ready(pilot)
        await pilot.press("slash", "a")
        assert app.screen is screen
        assert screen.query_one("#search", Input).value == "a"
        await pilot.press("enter")
        screen.query_one("#tag-filter", Input).focus()
        await pilot.press("a")
        assert app.screen is screen
        assert screen.panes.panel.tag_filter == "a"


async def test_keys_typed_before_the_screen_is_complete_wait_for_it(
    make_app: AppFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The search field is mounted after the first frame; '/' and a query typed sooner
    land in it, and the 'a' of the query opens no editor."""
    complete = ReaderScreen._after_first_frame

    async def not_yet(screen: ReaderScreen) -> None:
        return None

    monkeypatch.setattr(ReaderScreen, "_after_first_frame", not_yet)
    book = write_book(tmp_path / "book.md", chapters=1, paragraphs_per_chapter=4)
    app = make_app(book)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await reader_ready(pilot)
        for key in ["slash", *"par"]:
            app.post_message(events.Key(key, "/" if key == "slash" else key))
        await pilot.pause()
        assert not screen.query("#search")
        assert app.screen is screen

        await complete(screen)
        field = screen.query_one("#search", Input)
        await wait_until(pilot, lambda: field.value == "par")
        assert field.has_focus
        assert app.screen is screen


async def test_a_query_typed_with_the_slash_lands_in_the_search_field(
    make_app: AppFactory, tmp_path: Path
) -> None:
    """'/par' in one burst: the 'a' is part of the query, not a new note."""
    book = write_book(tmp_path / "book.md", chapters=1, paragraphs_per_chapter=4)
    app = make_app(book)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await reader_ready(pilot)
        for key in ["slash", *"par"]:  # queued at once
            app.post_message(events.Key(key, "/" if key == "slash" else key))
        field = screen.query_one("#search", Input)
        await wait_until(pilot, lambda: field.value == "par")
        assert field.has_focus
        assert app.screen is screen


async def test_keys_typed_right_after_tab_land_in_the_tags_field(
    make_app: AppFactory, tmp_path: Path, store: AnnotationStore
) -> None:
    book = write_book(tmp_path / "book.md", chapters=1, paragraphs_per_chapter=4)
    app = make_app(book)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await reader_ready(pilot)
        await pilot.press("a")
        await wait_until(pilot, lambda: isinstance(app.screen, EditorScreen))
        editor = app.screen
        assert isinstance(editor, EditorScreen)
        await pilot.press(*"note")
        # Tab and the tag queued at once, as they arrive from a terminal under load:
        # the tag must not go to the note, whose queue still holds the Tab.
        for key, character in [("tab", "\t"), *((c, c) for c in "topic")]:
            app.post_message(events.Key(key, character))
        await wait_until(pilot, lambda: editor.query_one("#tags", Input).value == "topic")
        assert editor.note == "note"
        await pilot.press("ctrl+s")
        document = screen.document
        assert document is not None
        [saved] = store.annotations(document)
        assert (saved.note, saved.tags) == ("note", ("topic",))
