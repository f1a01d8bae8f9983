"""A changed document: what happened to its notes is told once; moved and orphaned ones are
reviewed in turn (r) and settled (Y accepts the proposed place, p attaches to the paragraph
shown), in the document or the annotations pane."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.pilot import Pilot

from reader.annotation import AnchorStatus, Annotation
from reader.readers import load_document
from reader.store import AnnotationStore
from reader.tui.app import ReaderApp
from reader.tui.screens.reader import ReaderScreen
from reader.tui.widgets.key_bar import KeyBar
from tests.conftest import CLEAN_SAMPLE
from tests.tui.app_fixtures import AppFactory, make_app, reader_ready, store

__all__ = ["make_app", "store"]  # fixtures used by name

CUT = " And that is the end of it, we think."


@pytest.fixture
def essay(tmp_path: Path) -> Path:
    """A copy of the clean essay, to edit."""
    path = tmp_path / "essay.txt"
    shutil.copy(CLEAN_SAMPLE, path)
    return path


def _edit(path: Path, index: int, how: str) -> None:
    """``cut`` paragraph ``index`` in half (orphans its note) or ``reword`` it (moves it)."""
    old = load_document(path).paragraphs[index].text
    new = old[: len(old) // 2] + CUT if how == "cut" else old.replace(" the ", " this ", 1)
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


@pytest.fixture
def changed(essay: Path, store: AnnotationStore) -> dict[str, str]:
    """Notes on paragraphs 0 (kept), 3 (reworded: moved) and 2 (cut: orphaned); ids by fate."""
    doc = load_document(essay)
    ids = {
        fate: store.add(doc, i, note=fate).id
        for fate, i in [("kept", 0), ("moved", 3), ("orphaned", 2)]
    }
    _edit(essay, 3, "reword")
    _edit(essay, 2, "cut")
    return ids


def _messages(app: ReaderApp) -> list[str]:
    return [n.message for n in app._notifications]


async def _settled(pilot: Pilot[None], screen: ReaderScreen) -> None:
    """Let every store call handed to the writer end and its callback run."""
    screen._writer.call(lambda: None)
    await pilot.pause()
    await pilot.pause()


def _highlighted(screen: ReaderScreen) -> Annotation:
    """The annotation under the pane's cursor."""
    annotation = screen.panes.panel.highlighted
    assert annotation is not None
    return annotation


def _keys(app: ReaderApp) -> set[str]:
    return {item.description for item in app.screen.query_one(KeyBar).keys}


async def test_a_new_version_is_told_once(
    make_app: AppFactory, essay: Path, changed: dict[str, str]
) -> None:
    for opening in range(2):
        app = make_app(essay)
        async with app.run_test(size=(160, 40), notifications=True) as pilot:
            screen = await reader_ready(pilot)
            await _settled(pilot, screen)
            told = [n.message for n in app._notifications if n.title == "Document changed"]
            if opening == 0:
                assert told == [
                    "Changed since you last read it. Your annotations: 1 attached, "
                    "1 moved (worth a review), 1 orphaned. r reviews them in turn."
                ]
            else:
                assert told == []  # untouched since: nothing to tell, though two still wait
                assert {a.status for a in screen.annotations} == {
                    AnchorStatus.ATTACHED,
                    AnchorStatus.MOVED,
                    AnchorStatus.ORPHANED,
                }
            await pilot.press("q")


async def test_an_untouched_file_opened_twice_tells_nothing(
    make_app: AppFactory, essay: Path, store: AnnotationStore
) -> None:
    doc = load_document(essay)
    store.add(doc, 1, note="here")
    store.add(doc, 3, note="moves")
    _edit(essay, 3, "reword")
    store.attach(load_document(essay))  # re-anchored and told (reader notes, an earlier reading)
    assert store.take_version_change(load_document(essay)) is not None
    for _ in range(2):
        app = make_app(essay)
        async with app.run_test(size=(160, 40), notifications=True) as pilot:
            screen = await reader_ready(pilot)
            await _settled(pilot, screen)
            assert not [n for n in app._notifications if n.title == "Document changed"]
            assert "Review" in _keys(app)  # the moved note still waits for a review
            await pilot.press("q")


async def test_r_goes_to_each_in_turn_and_y_accepts(
    make_app: AppFactory, essay: Path, changed: dict[str, str], store: AnnotationStore
) -> None:
    app = make_app(essay)
    async with app.run_test(size=(160, 40), notifications=True) as pilot:
        screen = await reader_ready(pilot)
        view = screen.view
        assert view is not None
        assert "Review" in _keys(app)
        assert "Accept place" not in _keys(app)  # nothing reviewed yet
        await pilot.press("r")
        assert (view.current, _highlighted(screen).id) == (3, changed["moved"])
        assert _messages(app)[-1].startswith("Moved (1 of 2): shown where it was moved to.")
        assert {"Accept place", "Attach here"} <= _keys(app)
        await pilot.press("r")
        assert (view.current, _highlighted(screen).id) == (2, changed["orphaned"])
        assert _messages(app)[-1].startswith("Orphaned (2 of 2): its likeliest paragraph is shown.")
        await pilot.press("Y")  # the orphan goes to its suggestion, the edited paragraph
        await _settled(pilot, screen)
        stored = store.get(changed["orphaned"])
        assert screen.document is not None
        assert (stored.status, stored.anchor) == (
            AnchorStatus.ATTACHED,
            screen.document.paragraphs[2].anchor,
        )
        assert stored.selector.quote.endswith(CUT)
        assert _highlighted(screen).status is AnchorStatus.ATTACHED
        await pilot.press("r")  # round again: the moved one is left
        assert _highlighted(screen).id == changed["moved"]
        await pilot.press("Y")
        await _settled(pilot, screen)
        assert store.get(changed["moved"]).status is AnchorStatus.ATTACHED
        assert not {"Review", "Accept place", "Attach here"} & _keys(app)
        before = _messages(app)
        await pilot.press("r")  # nothing to review: the key is off
        assert _messages(app) == before


async def test_p_attaches_to_the_paragraph_gone_to(
    make_app: AppFactory, essay: Path, changed: dict[str, str], store: AnnotationStore
) -> None:
    app = make_app(essay)
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await reader_ready(pilot)
        await pilot.press("r", "r")  # the orphan, at its suggestion (paragraph 2)
        await pilot.press("j", "j", "j")  # to paragraph 5: a paragraph with no note
        await pilot.press("p")
        await _settled(pilot, screen)
        stored = store.get(changed["orphaned"])
        assert (stored.status, stored.selector.index) == (AnchorStatus.ATTACHED, 5)
        annotator = screen._annotator
        assert annotator is not None
        assert annotator.index.position(changed["orphaned"]) == 5  # shown there at once


async def test_the_pane_settles_the_entry_under_its_cursor(
    make_app: AppFactory, essay: Path, changed: dict[str, str], store: AnnotationStore
) -> None:
    app = make_app(essay)
    async with app.run_test(size=(160, 40), notifications=True) as pilot:
        screen = await reader_ready(pilot)
        listing = screen.panes.panel.entry_list
        listing.focus()
        await pilot.pause()
        listing.cursor = 0  # the kept note: attached, nothing to accept
        await pilot.pause()
        assert "Attach here" in _keys(app)
        assert not next(
            i for i in app.screen.query_one(KeyBar).keys if i.description == "Accept place"
        ).enabled
        listing.cursor = listing.index_of(changed["moved"])
        await pilot.pause()
        assert next(
            i for i in app.screen.query_one(KeyBar).keys if i.description == "Accept place"
        ).enabled
        await pilot.press("Y")  # confirms the moved note, from the pane
        await _settled(pilot, screen)
        assert store.get(changed["moved"]).status is AnchorStatus.ATTACHED
        listing.cursor = listing.index_of(changed["orphaned"])
        await pilot.press("enter")  # chosen: its suggestion shows in the document
        assert screen.view is not None
        assert screen.view.current == 2
        assert _messages(app)[-1].startswith("Orphaned: its likeliest paragraph is shown.")
