"""Opening a large file: its preview shows at once, the whole document replaces it in place."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.model import Document
from reader.readers import load_document, load_preview
from reader.store import AnnotationStore
from reader.tui import document_loading
from reader.tui.reading_status import LOADING_HINT
from reader.tui.screens.reader import ReaderScreen
from reader.tui.widgets.annotations_panel import AnnotationsPanel
from reader.tui.widgets.outline import Outline
from reader.tui.widgets.reader_panes import ReaderPanes
from tests.tui.app_fixtures import AppFactory, make_app, reader_ready, store, wait_until

__all__ = ["make_app", "store"]  # fixtures used by name


@pytest.fixture(scope="module")
def big_text(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A plain-text book of ~600 KB: large enough for a preview."""
    parts = ["THE BIG BOOK\n"]
    for chapter in range(1, 121):
        parts.append(f"\n\nCHAPTER {chapter}\n")
        parts += [
            f"\nVerse {verse} of chapter {chapter}: and the words went on and on,\n"
            "line after line, as the words of a long book do.\n"
            for verse in range(40)
        ]
    path = tmp_path_factory.mktemp("big") / "big.txt"
    path.write_text("".join(parts), encoding="utf-8")
    return path


@pytest.fixture
def held_load(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """Hold the reading of the whole document until the returned event is set."""
    release = threading.Event()

    def slow_load(source: str | Path, **options: object) -> Document:
        release.wait(10)
        return load_document(source)

    monkeypatch.setattr(document_loading, "load_document", slow_load)
    yield release
    release.set()


def _screen(app: object) -> ReaderScreen:
    screen = app.screen  # type: ignore[attr-defined]
    assert isinstance(screen, ReaderScreen)
    return screen


async def test_preview_shows_first_then_the_whole_document_in_place(
    make_app: AppFactory, big_text: Path, held_load: threading.Event
) -> None:
    app = make_app(big_text)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: _screen(app).view is not None)
        screen = _screen(app)
        view = screen.view
        assert view is not None
        preview = view.document
        assert screen.document is None
        assert len(preview.paragraphs) < 1000
        assert screen.status_line.status.hint == LOADING_HINT
        assert not screen.query(Outline)  # the side panes are filled with the whole document
        assert not screen.query(AnnotationsPanel)
        await pilot.press("tab")  # no pane to go to but the document
        assert view.has_focus
        await pilot.press("j", "j", "j")
        moved_to = view.current
        assert moved_to > 0
        top = view.scroll_y
        text_region = view.region

        held_load.set()
        screen = await reader_ready(pilot)

        assert screen.view is view  # replaced in place, not remounted
        assert screen.document is not None
        assert len(screen.document.paragraphs) > len(preview.paragraphs)
        assert view.document is screen.document
        assert (view.current, view.scroll_y) == (moved_to, top)
        assert view.region == text_region  # the panes took the room kept for them
        assert screen.status_line.status.hint != LOADING_HINT
        assert screen.panes.outline.virtual_size.height > 0  # the sections are listed


async def test_keys_that_need_the_whole_document_wait_for_it(
    make_app: AppFactory, big_text: Path, held_load: threading.Event
) -> None:
    app = make_app(big_text)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: _screen(app).view is not None)
        await pilot.press("G")
        view = _screen(app).view
        assert view is not None
        assert view.current == 0  # not the preview's last paragraph

        held_load.set()
        screen = await reader_ready(pilot)
        assert screen.document is not None
        last = len(screen.document.paragraphs) - 1
        await wait_until(pilot, lambda: view.current == last)


async def test_a_position_past_the_preview_waits_for_the_whole_document(
    make_app: AppFactory, big_text: Path, store: AnnotationStore, held_load: threading.Event
) -> None:
    document = load_document(big_text)
    preview = load_preview(big_text)
    assert preview is not None
    far = document.paragraphs[len(preview.paragraphs) + 500]
    store.set_reading_position(document, far.anchor, 0.5)

    app = make_app(big_text)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.2)
        assert _screen(app).view is None  # no first page that would then jump away

        held_load.set()
        screen = await reader_ready(pilot)
        view = screen.view
        assert view is not None
        assert view.current == far.index


async def test_a_position_inside_the_preview_opens_there(
    make_app: AppFactory, big_text: Path, store: AnnotationStore, held_load: threading.Event
) -> None:
    document = load_document(big_text)
    preview = load_preview(big_text)
    assert preview is not None
    near = document.paragraphs[len(preview.paragraphs) // 2]
    store.set_reading_position(document, near.anchor, 0.01)

    app = make_app(big_text)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: _screen(app).view is not None)
        view = _screen(app).view
        assert view is not None
        await wait_until(pilot, lambda: view.current == near.index)
        held_load.set()
        await reader_ready(pilot)
        assert view.current == near.index


async def test_a_key_while_the_side_panes_are_mounted_is_safe(
    make_app: AppFactory, big_text: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reading position may move while the whole document's panes are being
    mounted; nothing follows it into panes that are not there yet."""
    mount = ReaderPanes.fill_side_panes

    async def moving(panes: ReaderPanes) -> None:
        view = panes.view
        assert view is not None
        view.current += 1  # a key pressed meanwhile
        await mount(panes)

    monkeypatch.setattr(ReaderPanes, "fill_side_panes", moving)
    app = make_app(big_text)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await reader_ready(pilot)
        view = screen.view
        assert view is not None
        assert screen.panes.panel.current_paragraph == view.current == 1


async def test_the_text_is_ready_to_search_once_the_document_shows(
    make_app: AppFactory, big_text: Path
) -> None:
    """Joining the text for searching is done while reading, not when '/' is pressed."""
    app = make_app(big_text)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await reader_ready(pilot)
        view = screen.view
        assert view is not None
        await wait_until(pilot, lambda: view._hits.prepared)


async def test_a_search_typed_during_the_preview_is_kept(
    make_app: AppFactory, big_text: Path, held_load: threading.Event
) -> None:
    """'/', a query and Enter typed as soon as the preview shows (even before the
    search field is mounted) search the whole document once it is read."""
    app = make_app(big_text)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: _screen(app).view is not None)
        await pilot.press("slash", *"Verse 9 of chapter 100", "enter")
        held_load.set()
        screen = await reader_ready(pilot)
        view = screen.view
        assert view is not None
        await wait_until(pilot, lambda: view.hits.count > 0)
        assert screen.status_line.status.search.startswith("1/")
