"""The installed ``reader`` in tmux: select a sentence by keys and highlight it; a note in $EDITOR.

Uses the tmux terminal of :mod:`tests.e2e.test_tmux` (its own server socket, its
own READER_DATA).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from tests.e2e.test_tmux import READER, TIMEOUT, Terminal, pytestmark, terminal

__all__ = ["pytestmark", "terminal"]  # the marks and the fixture, used by name

MOBY = (
    "# Moby-Dick\n\n## Loomings\n\n"
    "Call me Ishmael. Some years ago, never mind how long precisely, I went to sea.\n\n"
    "It is a way I have of driving off the spleen.\n"
)


def _quit(terminal: Terminal) -> None:
    terminal.keys("q")
    deadline = time.monotonic() + TIMEOUT
    while terminal.running() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not terminal.running(), "q did not quit the app"


def _notes(data_dir: Path) -> list[dict[str, object]]:
    result = subprocess.run(
        [str(READER), "notes", "--json"],
        capture_output=True,
        text=True,
        env={**os.environ, "READER_DATA": str(data_dir)},
        check=True,
    )
    notes: list[dict[str, object]] = json.loads(result.stdout)["annotations"]
    return notes


def test_select_a_sentence_by_keys_and_highlight_it(
    terminal: Terminal, tmp_path: Path, data_dir: Path
) -> None:
    book = tmp_path / "moby.md"
    book.write_text(MOBY, encoding="utf-8")
    assert READER.exists(), f"{READER} is not installed"
    terminal.start(str(READER), str(book), cwd=tmp_path)
    terminal.wait_for("Call me Ishmael.")
    terminal.wait_for("0 annotations")
    terminal.keys("c")  # green
    terminal.wait_for("Highlight colour: green")
    terminal.keys("v", ")")  # the first word, then to the end of its sentence
    terminal.wait_for("esc Done")  # the selection's keys show while selecting
    terminal.keys("h")
    terminal.wait_for("1 annotation ")
    _quit(terminal)

    (note,) = _notes(data_dir)
    assert note["kind"] == "highlight"
    assert note["color"] == "green"
    assert note["passage"] is not None
    passage = note["passage"]
    assert isinstance(passage, dict)
    assert (passage["exact"], passage["start"], passage["end"]) == ("Call me Ishmael.", 0, 16)


EDITOR = """
import sys
with open(sys.argv[1], "a", encoding="utf-8") as note:
    note.write("written in my editor")
"""


def test_ctrl_e_writes_the_note_in_the_editor_and_comes_back(
    terminal: Terminal, tmp_path: Path, data_dir: Path
) -> None:
    book = tmp_path / "moby.md"
    book.write_text(MOBY, encoding="utf-8")
    editor = tmp_path / "editor.py"
    editor.write_text(EDITOR, encoding="utf-8")
    terminal.env["VISUAL"] = f"{sys.executable} {editor}"
    terminal.start(str(READER), str(book), cwd=tmp_path)
    terminal.wait_for("0 annotations")
    terminal.keys("a")
    terminal.wait_for("New note")
    terminal.keys("Started here, ", literal=True)
    terminal.wait_for("Started here,")
    terminal.keys("C-e")
    terminal.wait_for("Started here, written in my editor")  # the app is back, redrawn
    terminal.keys("C-s")
    terminal.wait_for("1 annotation ")
    _quit(terminal)

    (note,) = _notes(data_dir)
    assert note["note"] == "Started here, written in my editor"
