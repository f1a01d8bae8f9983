"""The annotations pane with many entries: changes redraw what they touch, no more."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from reader.readers import load_document
from reader.store import AnnotationStore
from tests.tui.app_fixtures import AppFactory, make_app, reader_ready, store, wait_until, write_book


def focused(screen: Any) -> object:
    """The focused widget, read afresh (a check of it earlier does not narrow it)."""
    return screen.focused


__all__ = ["make_app", "store"]  # fixtures used by name


@pytest.fixture
def annotated_book(tmp_path: Path, store: AnnotationStore) -> Path:
    """A book with a note on each of its first 60 paragraphs: more entries than fit."""
    path = write_book(tmp_path / "book.md", chapters=4, paragraphs_per_chapter=20)
    document = load_document(path)
    for index in range(60):
        store.add(document, index, note=f"note {index}")
    return path


def spy_refresh(
    widget: Any, monkeypatch: pytest.MonkeyPatch
) -> list[tuple[tuple[Any, ...], dict[str, Any]]]:
    """Record every ``refresh`` call of ``widget`` (regions, options)."""
    calls: list[tuple[tuple[Any, ...], dict[str, Any]]] = []
    real = widget.refresh

    def spy(*regions: Any, **options: Any) -> Any:
        calls.append((regions, options))

        return real(*regions, **options)

    monkeypatch.setattr(widget, "refresh", spy)
    return calls


async def test_an_entry_added_to_a_long_list_needs_no_layout_pass(
    make_app: AppFactory, annotated_book: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(annotated_book)
    async with app.run_test(size=(140, 30)) as pilot:
        screen = await reader_ready(pilot)
        listing = screen.panes.panel.entry_list
        await wait_until(pilot, lambda: len(listing.entries) == 60)
        height = listing.virtual_size.height
        calls = spy_refresh(listing, monkeypatch)
        screen.view.goto(70)  # type: ignore[union-attr]
        await pilot.press("h")
        assert len(listing.entries) == 61
        assert listing.virtual_size.height > height
        assert listing.vertical_scrollbar.window_virtual_size == listing.virtual_size.height
        assert not any(options.get("layout") for _, options in calls)


async def test_moving_the_cursor_or_the_reading_position_redraws_two_entries_only(
    make_app: AppFactory, annotated_book: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(annotated_book)
    async with app.run_test(size=(140, 30)) as pilot:
        screen = await reader_ready(pilot)
        listing = screen.panes.panel.entry_list
        await wait_until(pilot, lambda: len(listing.entries) == 60)
        list_calls = spy_refresh(listing, monkeypatch)
        pane_calls = spy_refresh(screen.panes.panel, monkeypatch)
        await pilot.press("j")  # the reading position moves to the next annotated paragraph
        listing.cursor = 2
        assert list_calls
        assert all(regions for regions, _ in list_calls)
        assert pane_calls == []


@pytest.fixture
def tagged_book(tmp_path: Path, store: AnnotationStore) -> Path:
    """A book with notes tagged censorship, press and none."""
    path = write_book(tmp_path / "book.md", chapters=2, paragraphs_per_chapter=10)
    document = load_document(path)
    store.add(document, 1, note="burnt books", tags=["censorship"])
    store.add(document, 3, note="the papers", tags=["press"])
    store.add(document, 5, note="untagged")
    return path


async def test_the_tag_filter_is_reached_by_tab_and_by_f_and_matches_a_prefix(
    make_app: AppFactory, tagged_book: Path
) -> None:
    from textual.widgets import Input

    from reader.tui.widgets.key_bar import KeyBar

    app = make_app(tagged_book)
    async with app.run_test(size=(140, 30)) as pilot:
        screen = await reader_ready(pilot)
        panel = screen.panes.panel
        field = panel.query_one("#tag-filter", Input)
        await wait_until(pilot, lambda: len(panel.entry_list.entries) == 3)
        assert screen.focused is screen.view
        await pilot.press("shift+tab", "shift+tab")  # back past the outline: the last stop
        assert focused(screen) is field
        await pilot.press("tab")  # and on round: outline, document, list, filter
        await pilot.press("tab", "tab", "tab")
        assert focused(screen) is field
        await pilot.press("shift+tab")
        assert focused(screen) is panel.entry_list
        bar = screen.query_one(KeyBar)
        await pilot.pause()
        assert ("f", "Filter tags") in [(item.key, item.description) for item in bar.keys]
        await pilot.press("f")
        assert focused(screen) is field
        await pilot.press("shift+tab")
        for character in "cen":  # typed in the list: the filter, never a key (e edits)
            await pilot.press(character)
            await pilot.pause(0.15)
        assert (focused(screen), field.value) == (field, "cen")
        assert [a.note for a in panel.listed] == ["burnt books"]
