"""The installed ``reader`` in a real terminal (tmux): type a note with a tag, quit, check it.

Skips cleanly when tmux is not installed. Uses its own tmux server socket so it
never touches a user's tmux sessions, and READER_DATA so it never touches a real store.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]

READER = Path(sys.executable).parent / "reader"
TIMEOUT = 60.0
"""Only keeps a broken app from hanging the suite: no speed limit (a loaded machine is slow)."""


class Terminal:
    """A detached tmux session running one command, driven by keys."""

    def __init__(self, socket: Path, env: dict[str, str]) -> None:
        self.socket = socket
        self.env = env

    def tmux(self, *args: str) -> str:
        result = subprocess.run(
            ["tmux", "-S", str(self.socket), *args],
            capture_output=True,
            text=True,
            env=self.env,
            check=True,
        )
        return result.stdout

    def start(self, *command: str, cwd: Path, width: int = 100) -> None:
        self.tmux(
            "new-session", "-d", "-s", "e2e", "-x", str(width), "-y", "30", "-c", str(cwd), *command
        )

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "e2e")

    def wait_for(self, text: str) -> None:
        deadline = time.monotonic() + TIMEOUT
        while text not in self.screen():
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} never appeared; screen:\n{self.screen()}")
            time.sleep(0.1)

    def keys(self, *keys: str, literal: bool = False) -> None:
        self.tmux("send-keys", "-t", "e2e", *(["-l"] if literal else []), *keys)

    def running(self) -> bool:
        return (
            "e2e"
            in subprocess.run(
                ["tmux", "-S", str(self.socket), "list-sessions"],
                capture_output=True,
                text=True,
                env=self.env,
            ).stdout
        )


@pytest.fixture
def terminal(tmp_path: Path, data_dir: Path) -> Iterator[Terminal]:
    env = {**os.environ, "READER_DATA": str(data_dir), "TERM": "xterm-256color"}
    env.pop("TMUX", None)
    env["READER_CONFIG"] = str(tmp_path / "no-config.toml")
    term = Terminal(tmp_path / "tmux.sock", env)
    yield term
    subprocess.run(["tmux", "-S", str(term.socket), "kill-server"], capture_output=True)


def test_type_a_note_with_a_tag_then_read_it_back(
    terminal: Terminal, tmp_path: Path, data_dir: Path
) -> None:
    essay = tmp_path / "essay.md"
    essay.write_text(
        "# Essay\n\n## Part one\n\nThe first paragraph.\n\nThe second paragraph.\n",
        encoding="utf-8",
    )
    assert READER.exists(), f"{READER} is not installed"
    terminal.start(str(READER), str(essay), cwd=tmp_path)
    terminal.wait_for("The second paragraph.")
    terminal.wait_for("0 annotations")
    terminal.keys("j", "a")
    terminal.wait_for("New note")
    terminal.keys("Typed in tmux", literal=True)
    terminal.wait_for("Typed in tmux")
    terminal.keys("Tab")
    terminal.keys("e2e-tag", literal=True)
    terminal.wait_for("e2e-tag")
    terminal.keys("C-s")
    terminal.wait_for("1 annotation ")
    terminal.keys("q")
    deadline = time.monotonic() + TIMEOUT
    while terminal.running() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not terminal.running(), "q did not quit the app"

    result = subprocess.run(
        [str(READER), "notes", "--json"],
        capture_output=True,
        text=True,
        env={**os.environ, "READER_DATA": str(data_dir)},
        check=True,
    )
    notes = json.loads(result.stdout)["annotations"]
    assert [(n["note"], n["tags"], n["selector"]["quote"]) for n in notes] == [
        ("Typed in tmux", ["e2e-tag"], "The second paragraph.")
    ]


def test_a_document_piped_in_shows_and_q_quits_cleanly(terminal: Terminal, tmp_path: Path) -> None:
    piped = tmp_path / "piped.md"
    piped.write_text(
        "# Piped in\n\nA paragraph that came through a pipe.\n\nAnother one.\n", encoding="utf-8"
    )
    assert READER.exists(), f"{READER} is not installed"
    # The document comes on standard input; keys come from the terminal (/dev/tty).
    script = f"cat {shlex.quote(str(piped))} | {shlex.quote(str(READER))} -; echo EXIT=$?; sleep 60"
    terminal.start("sh", "-c", script, cwd=tmp_path)
    terminal.wait_for("A paragraph that came through a pipe.")
    terminal.wait_for("0 annotations")
    terminal.keys("j")
    terminal.wait_for("67%")  # j moved: keys are read from the terminal, not the pipe
    terminal.keys("q")
    terminal.wait_for("EXIT=0")
    assert "Traceback" not in terminal.screen()


def test_a_hostile_file_name_neither_retitles_nor_clears_the_terminal(
    terminal: Terminal, tmp_path: Path
) -> None:
    name = "bin\x1b]2;PWNED\x07\x1b[2J.txt"
    (tmp_path / name).write_bytes(b"text with a NUL\x00byte\n")
    assert READER.exists(), f"{READER} is not installed"
    # The error line of a command, then of the app (printed after it closes).
    quoted = shlex.quote(name)
    script = (
        f"echo BEFORE; {shlex.quote(str(READER))} toc {quoted}; "
        f"{shlex.quote(str(READER))} {quoted}; echo AFTER; sleep 60"
    )
    terminal.start("sh", "-c", script, cwd=tmp_path)
    terminal.wait_for("AFTER")
    title = terminal.tmux("display-message", "-p", "-t", "e2e", "#{pane_title}")
    assert "PWNED" not in title
    screen = terminal.screen()
    assert "BEFORE" in screen  # not cleared
    assert screen.count("bin\\x1b]2;PWNED\\x07\\x1b[2J.txt is not a text document") == 2


def test_import_kindle_clippings_then_see_the_note_in_the_app(
    terminal: Terminal, tmp_path: Path
) -> None:
    library = tmp_path / "documents"
    library.mkdir()
    (library / "harbour.md").write_text(
        "# The Harbour\n\nThe boats came in at dawn with the tide.\n\nNobody waited.\n",
        encoding="utf-8",
    )
    # The title carries a window-title escape: it must reach the screen as plain text.
    (tmp_path / "My Clippings.txt").write_text(
        "\ufeffThe Harbour\x1b]2;pwned\x07 (A. Writer)\r\n"
        "- Your Highlight on Location 3-4 | Added on Monday, March 4, 2019 10:02:00 PM\r\n\r\n"
        "came in at dawn with the tide\r\n==========\r\n"
        "The Harbour (A. Writer)\r\n"
        "- Your Note on Location 4 | Added on Monday, March 4, 2019 10:03:00 PM\r\n\r\n"
        "Imported through tmux\r\n==========\r\n",
        encoding="utf-8",
    )
    assert READER.exists(), f"{READER} is not installed"
    reader = shlex.quote(str(READER))
    script = f"{reader} import 'My Clippings.txt'; echo EXIT=$?; {reader} documents/harbour.md"
    terminal.start("sh", "-c", script, cwd=tmp_path)
    terminal.wait_for("EXIT=0")
    assert "1 placed, 0 orphaned, 0 skipped" in terminal.screen()
    terminal.wait_for("1 annotation")
    terminal.keys("A")  # the annotations panel
    terminal.wait_for("Imported through tmux")
    assert "pwned" not in terminal.tmux("display-message", "-p", "-t", "e2e", "#{pane_title}")
    terminal.keys("q")


HINDI = (
    "हिन्दी विश्व की एक प्रमुख भाषा है और भारत की राजभाषा है। केन्द्रीय स्तर पर भारत में दूसरी "
    "आधिकारिक भाषा अंग्रेज़ी है। यह हिन्दुस्तानी भाषा की एक मानकीकृत रूप है जिसमें संस्कृत के "
    "तत्सम तथा तद्भव शब्दों का प्रयोग अधिक है और अरबी-फ़ारसी शब्द कम हैं।"
)


def terminal_columns(text: str) -> int:
    """Columns ``text`` takes in this terminal: the C library's wcswidth, as tmux counts."""
    import ctypes
    import locale

    locale.setlocale(locale.LC_CTYPE, "C.UTF-8")
    libc = ctypes.CDLL(None)
    libc.wcswidth.restype = ctypes.c_int
    return int(libc.wcswidth(ctypes.c_wchar_p(text), len(text)))


def test_devanagari_lines_keep_the_right_border_in_place(
    terminal: Terminal, tmp_path: Path
) -> None:
    hindi = tmp_path / "hindi.md"
    hindi.write_text(
        f"# हिन्दी\n\n{HINDI}\n\nAn English paragraph to compare the border with.\n",
        encoding="utf-8",
    )
    terminal.start(str(READER), str(hindi), cwd=tmp_path, width=160)
    terminal.wait_for("compare the border")
    terminal.wait_for("0 annotations")
    # The document view's column, from its left edge to its right: the same width on
    # every row (the outline pane at its left draws its own titles).
    lines = [line for line in terminal.screen().splitlines() if "▕" in line and "▏" in line]
    widths = {terminal_columns(line[line.index("▕") : line.rindex("▏")]) for line in lines}
    assert any("हिन्दी विश्व" in line for line in lines)
    assert len(widths) == 1, terminal.screen()


def test_a_keymap_clash_is_told_in_the_app_and_left_on_stderr(
    terminal: Terminal, tmp_path: Path
) -> None:
    (tmp_path / "no-config.toml").write_text(  # the config file the fixture names
        '[keymap]\n"reader.annotate" = "n"\n', encoding="utf-8"
    )
    essay = tmp_path / "essay.md"
    essay.write_text("# Essay\n\nThe first paragraph.\n", encoding="utf-8")
    script = f"{shlex.quote(str(READER))} {shlex.quote(str(essay))}; echo EXIT=$?; sleep 60"
    terminal.start("sh", "-c", script, cwd=tmp_path, width=160)
    terminal.wait_for("The first paragraph.")
    terminal.wait_for("document.next_hit")  # the notification names both ids
    terminal.keys("q")
    terminal.wait_for("EXIT=0")
    after = terminal.screen()
    assert "reader: keymap: reader.annotate = 'n' takes 'n' from document.next_hit" in after


def test_a_changed_file_tells_what_happened_and_an_orphan_is_accepted(
    terminal: Terminal, tmp_path: Path, data_dir: Path, clean_sample: Path
) -> None:
    essay = tmp_path / "essay.txt"
    essay.write_bytes(clean_sample.read_bytes())
    env = {**os.environ, "READER_DATA": str(data_dir)}

    def reader(*args: str) -> str:
        done = subprocess.run(
            [str(READER), *args], capture_output=True, text=True, env=env, check=True
        )
        return done.stdout

    note = reader("annotate", str(essay), "--paragraph", "2", "--note", "one-sided").strip()
    text = essay.read_text(encoding="utf-8")
    paragraph = json.loads(reader("show", str(essay), "--json"))["paragraphs"][2]["text"]
    cut = paragraph[: len(paragraph) // 2] + " And that is the end of it, we think."
    essay.write_text(text.replace(paragraph, cut), encoding="utf-8")
    terminal.start(str(READER), str(essay), cwd=tmp_path, width=160)
    terminal.wait_for("Document changed")
    assert "orphaned" in terminal.screen()
    terminal.keys("r")
    terminal.wait_for("its likeliest paragraph is shown")
    terminal.keys("Y")
    terminal.wait_for("Attached to ¶2")
    terminal.keys("q")
    deadline = time.monotonic() + TIMEOUT
    while terminal.running() and time.monotonic() < deadline:
        time.sleep(0.1)
    [shown] = json.loads(reader("notes", str(essay), "--json"))["annotations"]
    assert (shown["id"], shown["status"], shown["paragraph"]) == (note, "attached", 2)
    assert shown["selector"]["quote"] == cut


def test_a_note_made_on_the_essay_shows_on_its_web_clip(
    terminal: Terminal, tmp_path: Path, data_dir: Path, clean_sample: Path, webclip_sample: Path
) -> None:
    """The two samples are one work: a note made from the command line on the clean
    essay shows in the app on the web clip, marked with the copy it was made on."""
    essay, clip = tmp_path / "essay.txt", tmp_path / "essay.webclip.txt"
    shutil.copy(clean_sample, essay)
    shutil.copy(webclip_sample, clip)
    env = {**os.environ, "READER_DATA": str(data_dir)}
    made = subprocess.run(
        [str(READER), "annotate", str(essay), "--paragraph", "1", "--note", "Made on the essay"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    assert made.stdout.strip()
    terminal.start(str(READER), str(clip), cwd=tmp_path, width=160)
    terminal.wait_for("1 annotation")
    terminal.wait_for("Made on the essay")  # in the annotations pane, shown at this width
    terminal.wait_for("on essay.txt")
    terminal.keys("q")
    listed = subprocess.run(
        [str(READER), "notes", str(clip), "--json"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    [note] = json.loads(listed.stdout)["annotations"]
    assert (note["note"], note["other_copy"]) == ("Made on the essay", True)
