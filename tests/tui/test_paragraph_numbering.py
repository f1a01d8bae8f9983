"""One paragraph numbering: the note editor names a paragraph as ``reader notes`` does."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.widgets import Label

from reader.cli import main
from reader.tui.screens.editor import EditorScreen
from reader.tui.screens.reader import ReaderScreen
from tests.tui.app_fixtures import AppFactory, make_app, reader_ready, store, write_book

__all__ = ["make_app", "store"]  # fixtures used by name


async def test_the_editor_and_reader_notes_give_a_paragraph_the_same_number(
    make_app: AppFactory, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = write_book(tmp_path / "book.md", chapters=1, paragraphs_per_chapter=8)
    app = make_app(book)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await reader_ready(pilot)
        await pilot.press("j", "j", "j")
        view = screen.view
        assert view is not None
        index = view.current
        await pilot.press("a")
        editor = app.screen
        assert isinstance(editor, EditorScreen)
        title = str(editor.query_one("#editor-title", Label).render())
        await pilot.press(*"numbered", "ctrl+s")
        assert isinstance(app.screen, ReaderScreen)
    assert f"· ¶{index}" in title
    capsys.readouterr()
    assert main(["notes", str(book)]) == 0
    listing = capsys.readouterr().out
    assert f"  ¶{index}  note" in listing
    assert main(["annotate", str(book), "--paragraph", str(index)]) == 0
    capsys.readouterr()
    assert main(["notes", str(book), "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)["annotations"]
    assert [a["paragraph"] for a in listed] == [index, index]
    assert listed[0]["anchor"] == listed[1]["anchor"]
