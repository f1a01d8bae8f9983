"""Store writes off the UI thread: in order, failures reported and undone, none lost at exit."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from textual import on
from textual.app import App

from reader.annotation import AnnotationKind
from reader.store import AnnotationStore, StoreError
from reader.tui.screens.editor import EditorScreen
from reader.tui.screens.reader import ReaderScreen
from reader.tui.writer import StoreWriter, WriteFinished
from tests.tui.app_fixtures import AppFactory, make_app, reader_ready, store, wait_until, write_book

__all__ = ["make_app", "store"]  # fixtures used by name


@pytest.fixture
def book(tmp_path: Path) -> Path:
    return write_book(tmp_path / "book.md", chapters=2, paragraphs_per_chapter=10)


class WriterApp(App[None]):
    """Hands writes to a :class:`StoreWriter` and records, on its own thread, what ended."""

    def __init__(self) -> None:
        super().__init__()
        self.writer = StoreWriter(self)
        self.reports: list[tuple[str, object, bool]] = []
        self.ui_thread = threading.get_ident()

    @on(WriteFinished)
    def _finished(self, message: WriteFinished) -> None:
        message.report()

    def record(self, outcome: str, value: object) -> None:
        self.reports.append((outcome, value, threading.get_ident() == self.ui_thread))


async def test_writes_run_in_order_off_the_ui_thread_and_report_on_it() -> None:
    app = WriterApp()
    ran: list[tuple[int, bool]] = []

    def write(n: int) -> int:
        time.sleep(0.02 if n == 0 else 0)  # the first is the slowest: order still holds
        ran.append((n, threading.get_ident() == app.ui_thread))
        return n

    async with app.run_test() as pilot:
        for n in range(5):
            app.writer.submit(
                lambda n=n: write(n),  # type: ignore[misc]
                stored=lambda value: app.record("stored", value),
                failed=lambda error: app.record("failed", error),
            )
        await wait_until(pilot, lambda: len(app.reports) == 5)
    assert ran == [(n, False) for n in range(5)]
    assert app.reports == [("stored", n, True) for n in range(5)]


async def test_a_failed_write_is_reported_and_the_next_ones_still_run() -> None:
    app = WriterApp()

    def broken() -> int:
        raise StoreError("disk full")

    async with app.run_test() as pilot:
        app.writer.submit(broken, failed=lambda error: app.record("failed", str(error)))
        app.writer.submit(
            lambda: 2,
            stored=lambda value: app.record("stored", value),
            failed=lambda error: app.record("failed", error),
        )
        await wait_until(pilot, lambda: len(app.reports) == 2)
    assert app.reports == [("failed", "disk full", True), ("stored", 2, True)]


async def test_call_sees_every_write_before_it_and_close_waits_for_pending_ones() -> None:
    app = WriterApp()
    written: list[int] = []

    def slow_write(n: int) -> None:
        time.sleep(0.05)
        written.append(n)

    async with app.run_test():
        app.writer.submit(lambda: slow_write(1), failed=lambda error: None)
        assert app.writer.call(lambda: list(written)) == [1]
        app.writer.submit(lambda: slow_write(2), failed=lambda error: None)
        app.writer.close()
        assert written == [1, 2]


def _held(
    store: AnnotationStore, name: str, monkeypatch: pytest.MonkeyPatch
) -> tuple[threading.Event, list[object]]:
    """Hold ``store.name`` back until the returned event is set.

    Returns the event and the list of what the held calls returned: while the list
    is empty, the write has not happened. The wait is bounded so that an app that
    waited for the write on its UI thread fails the test rather than hanging it.
    """
    real = getattr(store, name)
    release = threading.Event()
    done: list[object] = []

    def held(*args: object, **kwargs: object) -> object:
        release.wait(timeout=30)
        result = real(*args, **kwargs)
        done.append(result)
        return result

    monkeypatch.setattr(store, name, held)
    return release, done


async def test_h_shows_at_once_and_quitting_waits_for_the_write(
    make_app: AppFactory, book: Path, store: AnnotationStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(book)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await reader_ready(pilot)
        view = screen.view
        assert view is not None
        release, written = _held(store, "add", monkeypatch)
        await pilot.press("h")
        assert not written  # shown while the write still waits
        assert view.current in view._marks
        [shown] = screen.annotations
        assert screen.panes.panel.entry_list.index_of(shown.id) is not None
        release.set()
        await pilot.press("q")
    document = screen.document
    assert document is not None
    [stored] = store.annotations(document)
    assert (stored.id, stored.kind) == (shown.id, AnnotationKind.HIGHLIGHT)


async def test_a_highlight_that_failed_to_save_does_not_stay_shown(
    make_app: AppFactory, book: Path, store: AnnotationStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise StoreError("the store is read-only")

    app = make_app(book)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await reader_ready(pilot)
        view = screen.view
        assert view is not None
        monkeypatch.setattr(store, "add", broken)
        await pilot.press("h")
        await wait_until(pilot, lambda: not screen.annotations)
        assert view.current not in view._marks
        assert screen.panes.panel.entry_list.entries == []
        assert any("read-only" in n.message for n in app._notifications)


async def test_a_delete_that_failed_brings_the_annotation_back(
    make_app: AppFactory, book: Path, store: AnnotationStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise StoreError("the store is read-only")

    app = make_app(book)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await reader_ready(pilot)
        await pilot.press("m")
        await wait_until(pilot, lambda: screen.annotations[0].document.id != "")  # stored
        [kept] = screen.annotations
        monkeypatch.setattr(store, "delete", broken)
        await pilot.press("d")
        await wait_until(pilot, lambda: bool(screen.annotations))
        assert [a.id for a in screen.annotations] == [kept.id]
        await pilot.press("u")  # nothing was deleted: nothing to undo
        assert len(screen.annotations) == 1


async def test_delete_and_undo_typed_before_the_add_was_written_keep_it(
    make_app: AppFactory, book: Path, store: AnnotationStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(book)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await reader_ready(pilot)
        release, written = _held(store, "add", monkeypatch)
        await pilot.press("h", "d", "u")
        assert not written  # all three typed before the add was written
        [shown] = screen.annotations
        release.set()
        await pilot.press("q")
    document = screen.document
    assert document is not None
    assert [a.id for a in store.annotations(document)] == [shown.id]


async def test_a_note_whose_save_failed_comes_back_in_the_editor(
    make_app: AppFactory, book: Path, store: AnnotationStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise StoreError("the store is locked by another program")

    app = make_app(book)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await reader_ready(pilot)
        monkeypatch.setattr(store, "add", broken)
        await pilot.press("a", *"keep me", "tab", *"tag1", "ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, EditorScreen))
        editor = app.screen
        assert isinstance(editor, EditorScreen)
        assert (editor.note, editor.tags) == ("keep me", "tag1")
        assert editor.changed  # escape would ask before dropping the unsaved text
        assert screen.annotations == []
        monkeypatch.undo()
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, ReaderScreen))
        await pilot.press("q")
    document = screen.document
    assert document is not None
    [stored] = store.annotations(document)
    assert (stored.note, stored.tags) == ("keep me", ("tag1",))


async def test_an_edit_that_failed_shows_the_old_note_and_reopens_the_editor(
    make_app: AppFactory, book: Path, store: AnnotationStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise StoreError("the store is locked by another program")

    app = make_app(book)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await reader_ready(pilot)
        await pilot.press("a", *"first", "ctrl+s")
        await wait_until(pilot, lambda: bool(screen.annotations))
        monkeypatch.setattr(store, "update", broken)
        await pilot.press("e", "ctrl+a", "ctrl+k", *"second", "ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, EditorScreen))
        editor = app.screen
        assert isinstance(editor, EditorScreen)
        assert editor.note.endswith("second")
        assert [a.note for a in screen.annotations] == ["first"]
