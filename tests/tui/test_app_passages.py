"""Passages in the reader: highlight, note, tag and copy a selection; colours; the filter."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from textual.color import Color
from textual.widgets import Input, TextArea

from reader.annotation import AnnotationKind, make_passage
from reader.readers import load_document
from reader.store import AnnotationStore
from reader.tui.app import ReaderApp
from reader.tui.highlight_color import COLOR_PREFERENCE
from reader.tui.screens.editor import EditorScreen
from reader.tui.screens.reader import ReaderScreen
from reader.tui.widgets.annotation_list import KIND_COLUMN
from reader.tui.widgets.document_styles import SHADES
from reader.tui.widgets.document_view import DocumentView
from tests.tui.app_fixtures import AppFactory, make_app, reader_ready, store, wait_until

__all__ = ["make_app", "store"]  # fixtures used by name

FIRST = "Call me Ishmael."
SECOND = "Some years ago, never mind how long precisely, I went to sea."


@pytest.fixture
def book(tmp_path: Path) -> Path:
    path = tmp_path / "moby.md"
    path.write_text(
        f"# Moby-Dick\n\n## Loomings\n\n{FIRST} {SECOND} It is a way I have.\n\n"
        "Whenever I find myself growing grim about the mouth, I go to sea.\n",
        encoding="utf-8",
    )
    return path


def view_of(screen: ReaderScreen) -> DocumentView:
    view = screen.view
    assert view is not None
    return view


async def test_a_selected_sentence_is_highlighted_in_the_chosen_colour(
    make_app: AppFactory, book: Path, store: AnnotationStore
) -> None:
    app = make_app(book)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await reader_ready(pilot)
        await pilot.press("c", "c")  # yellow, then green, then blue
        await pilot.press("v", "right_parenthesis", "o", "right_parenthesis", "h")
        await wait_until(pilot, lambda: bool(store.annotations()))
        (stored,) = store.annotations()
        assert stored.passage is not None
        assert stored.passage.exact == SECOND
        assert (stored.kind, stored.color) == (AnnotationKind.HIGHLIGHT, "blue")
        view = view_of(screen)
        assert not view.selecting
        assert view.passages.key(0)[1] > 0  # the paragraph was drawn anew
        assert store.preference(COLOR_PREFERENCE) == "blue"
        (entry,) = screen.panes.panel.entry_list.entries
        assert SECOND[:40] in entry.lines[0].plain  # the passage, not the paragraph


async def test_c_recolours_the_highlight_here_and_the_next_ones(
    make_app: AppFactory, book: Path, store: AnnotationStore
) -> None:
    app = make_app(book)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await reader_ready(pilot)
        await pilot.press("h")
        await wait_until(pilot, lambda: bool(store.annotations()))
        await pilot.press("c")  # yellow -> green: the highlight here takes it
        await wait_until(pilot, lambda: store.annotations()[0].color == "green")
        assert view_of(screen).passages.color(0) == "green"
        assert store.preference(COLOR_PREFERENCE) == "green"
        await pilot.press("j", "c")  # no highlight here: only the next ones change
        await wait_until(pilot, lambda: store.preference(COLOR_PREFERENCE) == "blue")
        assert [a.color for a in store.annotations()] == ["green"]


async def test_the_colour_is_remembered_and_colours_a_paragraph_highlight(
    make_app: AppFactory, book: Path, store: AnnotationStore
) -> None:
    store.set_preference(COLOR_PREFERENCE, "pink")
    app = make_app(book)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await reader_ready(pilot)
        await pilot.press("h")
        await wait_until(pilot, lambda: bool(store.annotations()))
        (stored,) = store.annotations()
        assert (stored.passage, stored.color) == (None, "pink")
        view = view_of(screen)
        assert view.passages.color(0) == "pink"
        layout = view.document_layout
        top = layout.block_top(layout.paragraph_block[0])
        gutter = view.render_line(top - int(view.scroll_y))
        pink = view._style("gutter-pink").color
        assert any(segment.style is not None and segment.style.color == pink for segment in gutter)
        await pilot.press("h")  # again: the paragraph's highlight goes
        await wait_until(pilot, lambda: not store.annotations())


async def test_a_note_and_tags_on_a_selection_keep_its_passage(
    make_app: AppFactory, book: Path, store: AnnotationStore
) -> None:
    app = make_app(book)
    async with app.run_test(size=(120, 30)) as pilot:
        await reader_ready(pilot)
        await pilot.press("v", "w", "w", "a")
        await wait_until(pilot, lambda: isinstance(app.screen, EditorScreen))
        assert "¶0" in str(app.screen.query_one("#editor-title").render())
        app.screen.query_one("#note", TextArea).insert("who?")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: bool(store.annotations()))
        await pilot.press("v", "t")
        await wait_until(pilot, lambda: isinstance(app.screen, EditorScreen))
        app.screen.query_one("#tags", Input).value = "names"
        await pilot.press("enter")
        await wait_until(pilot, lambda: len(store.annotations()) == 2)
        passages = sorted(
            (a.note, a.passage.exact) for a in store.annotations() if a.passage is not None
        )
        assert passages == [("", "Call"), ("who?", FIRST)]


async def test_y_copies_the_selection_or_the_paragraph_with_a_citation(
    make_app: AppFactory, book: Path
) -> None:
    app = make_app(book)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await reader_ready(pilot)
        await pilot.press("v", "w", "y")
        assert app.clipboard == "Call me\n— Moby-Dick, Loomings, ¶0"
        assert not view_of(screen).selecting
        await pilot.press("j", "y")
        assert app.clipboard == (
            "Whenever I find myself growing grim about the mouth, I go to sea.\n"
            "— Moby-Dick, Loomings, ¶1"
        )


async def test_the_palette_offers_every_colour(make_app: AppFactory, book: Path) -> None:
    app = make_app(book)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await reader_ready(pilot)
        commands = {c.title: c for c in app.get_system_commands(screen)}
        assert {"Copy", "Highlight colour"} <= set(commands)
        commands["Highlight colour: purple"].callback()
        await pilot.pause()
        assert isinstance(app, ReaderApp)
        assert app.highlight_color == "purple"


async def test_the_annotations_pane_filters_by_colour(
    make_app: AppFactory, book: Path, store: AnnotationStore
) -> None:
    document = load_document(book)
    store.attach(document)
    store.add(document, 0, kind=AnnotationKind.HIGHLIGHT, color="green")
    store.add(document, 1, kind=AnnotationKind.HIGHLIGHT, color="blue")
    store.add(document, 1, note="green tea", tags=["greenery"])
    app = make_app(book)
    async with app.run_test(size=(140, 30)) as pilot:
        screen = await reader_ready(pilot)
        screen.panes.panel.filter_field.value = "green"
        await pilot.pause()
        assert sorted(a.color or "tag" for a in screen.panes.panel.listed) == ["green", "tag"]
        screen.panes.panel.filter_field.value = "Blue"
        await pilot.pause()
        assert [a.color for a in screen.panes.panel.listed] == ["blue"]


async def test_an_entry_shows_its_colour_and_says_when_its_passage_was_lost(
    make_app: AppFactory, book: Path, store: AnnotationStore
) -> None:
    document = load_document(book)
    store.attach(document)
    lost = make_passage(document.paragraphs[0].text, 0, 4)
    stored = store.add(document, 0, kind=AnnotationKind.HIGHLIGHT, color="blue")
    app = make_app(book)
    async with app.run_test(size=(140, 30)) as pilot:
        screen = await reader_ready(pilot)
        panel = screen.panes.panel
        panel.replace_annotation(replace(panel.listed[0], lost_passage=lost))
        await pilot.pause()
        (entry,) = panel.entry_list.entries
        assert entry.annotation.id == stored.id
        assert entry.lines[0].plain.endswith("(passage lost)")
        strips = panel.entry_list._entry_strips(0, 40)
        glyph = strips[-1].crop(KIND_COLUMN, KIND_COLUMN + 1)
        blue = Color.parse(SHADES["blue"]).rich_color
        assert [segment.style.color for segment in glyph if segment.style] == [blue]
