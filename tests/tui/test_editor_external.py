"""The note editor: ctrl+e hands the note to $VISUAL/$EDITOR; e opens with the cursor at the end."""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.app import SuspendNotSupported
from textual.widgets import TextArea

from reader.readers import load_document
from reader.store import AnnotationStore
from reader.tui.app import ReaderApp
from reader.tui.screens.editor import EditorScreen
from tests.tui.app_fixtures import AppFactory, make_app, reader_ready, store, wait_until

__all__ = ["make_app", "store"]  # fixtures used by name

EDITOR_SCRIPT = """
import json, os, stat, sys
path = sys.argv[1]
mode = stat.S_IMODE(os.stat(path).st_mode)
with open(path, encoding="utf-8") as file:
    before = file.read()
with open(path, "w", encoding="utf-8") as file:
    file.write(before + " and more, from my editor\\x1b[31m\\n")
with open(sys.argv[0] + ".log", "w", encoding="utf-8") as log:
    json.dump({"path": path, "mode": mode, "before": before}, log)
"""


@pytest.fixture
def book(tmp_path: Path, store: AnnotationStore) -> Path:
    path = tmp_path / "book.md"
    path.write_text("# Book\n\nThe first paragraph.\n\nThe second.\n", encoding="utf-8")
    document = load_document(path)
    store.attach(document)
    store.add(document, 0, note="First line\nsecond line")
    return path


@pytest.fixture
def suspended(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """The app's suspend, which a headless test cannot do, recorded instead."""
    calls: list[bool] = []

    @contextlib.contextmanager
    def suspend(app: ReaderApp) -> Iterator[None]:
        calls.append(True)
        yield

    monkeypatch.setattr(ReaderApp, "suspend", suspend)
    return calls


async def test_e_opens_the_note_with_the_cursor_at_its_end(
    make_app: AppFactory, book: Path
) -> None:
    app = make_app(book)
    async with app.run_test(size=(120, 30)) as pilot:
        await reader_ready(pilot)
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(app.screen, EditorScreen))
        note = app.screen.query_one("#note", TextArea)
        assert note.cursor_location == (1, len("second line"))
        await pilot.press("!")
        assert note.text == "First line\nsecond line!"


async def test_ctrl_e_edits_the_note_in_the_users_editor(
    make_app: AppFactory,
    book: Path,
    store: AnnotationStore,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    suspended: list[bool],
) -> None:
    script = tmp_path / "editor.py"
    script.write_text(EDITOR_SCRIPT, encoding="utf-8")
    monkeypatch.setenv("VISUAL", f"{sys.executable} {script}")
    app = make_app(book)
    async with app.run_test(size=(120, 30)) as pilot:
        await reader_ready(pilot)
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(app.screen, EditorScreen))
        await pilot.press("ctrl+e")
        note = app.screen.query_one("#note", TextArea)
        assert suspended == [True]
        assert note.text == "First line\nsecond line and more, from my editor"  # escape gone
        assert note.cursor_location == (1, len("second line and more, from my editor"))
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: "editor" in store.annotations()[0].note)
    log = json.loads(script.with_suffix(".py.log").read_text(encoding="utf-8"))
    assert log["before"] == "First line\nsecond line"
    assert log["mode"] == 0o600
    assert not Path(log["path"]).exists()


async def test_ctrl_e_without_an_editor_says_so_and_keeps_the_note(
    make_app: AppFactory, book: Path, monkeypatch: pytest.MonkeyPatch, suspended: list[bool]
) -> None:
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    app = make_app(book)
    async with app.run_test(size=(120, 30)) as pilot:
        await reader_ready(pilot)
        await pilot.press("e", "ctrl+e")
        await wait_until(pilot, lambda: isinstance(app.screen, EditorScreen))
        assert app.screen.query_one("#note", TextArea).text == "First line\nsecond line"
        assert any("$VISUAL or $EDITOR" in n.message for n in app._notifications)


async def test_ctrl_e_where_the_terminal_cannot_be_handed_over(
    make_app: AppFactory, book: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def cannot(app: ReaderApp) -> contextlib.AbstractContextManager[None]:
        raise SuspendNotSupported("not here")

    monkeypatch.setattr(ReaderApp, "suspend", cannot)
    monkeypatch.setenv("EDITOR", "true")
    app = make_app(book)
    async with app.run_test(size=(120, 30)) as pilot:
        await reader_ready(pilot)
        await pilot.press("e", "ctrl+e")
        await wait_until(pilot, lambda: isinstance(app.screen, EditorScreen))
        assert app.screen.query_one("#note", TextArea).text == "First line\nsecond line"
        assert any("cannot be handed" in n.message for n in app._notifications)
