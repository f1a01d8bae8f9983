"""The annotations pane with many entries: changes redraw what they touch, no more."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from reader.readers import load_document
from reader.store import AnnotationStore
from tests.tui.app_fixtures import AppFactory, make_app, reader_ready, store, wait_until, write_book

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
        listing = screen.panel.entry_list
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
        listing = screen.panel.entry_list
        await wait_until(pilot, lambda: len(listing.entries) == 60)
        list_calls = spy_refresh(listing, monkeypatch)
        pane_calls = spy_refresh(screen.panel, monkeypatch)
        await pilot.press("j")  # the reading position moves to the next annotated paragraph
        listing.cursor = 2
        assert list_calls
        assert all(regions for regions, _ in list_calls)
        assert pane_calls == []
