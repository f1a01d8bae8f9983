"""The installed ``reader`` quits when its terminal goes (tmux pane killed, SSH dropped).

A terminal that goes hangs its tty up: only the session's leading process is
sent SIGHUP, and reading the tty returns end-of-file from then on. Left running,
a reader that no signal reached spun on a core reading end-of-file; one killed
by SIGHUP lost the position it had not saved yet. Each test kills the tmux
session under a reader that has just moved, waits (with a generous bound) for
the process to be gone, then checks the store has the position, as ``q`` leaves it.

A reader still loading a large document when its terminal went blocked for ever
while quitting: Textual's output thread had died on the hung-up terminal, and the
busy app filled its queue. That test closes the terminal as soon as the document
shows (its preview), while the rest of it is read.
"""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.readers import load_document
from reader.store import AnnotationStore
from tests.e2e.test_tmux import READER, TIMEOUT, Terminal, terminal

__all__ = ["terminal"]  # the fixture, used by name

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
    pytest.mark.skipif(not Path("/proc/self").exists(), reason="looks for the process in /proc"),
]


def readers_of(book: Path) -> list[int]:
    """The live (not zombie) ``reader`` processes showing ``book``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            arguments = (entry / "cmdline").read_bytes().split(b"\0")
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            continue  # gone meanwhile
        if state != "Z" and str(book).encode() in arguments and str(READER).encode() in arguments:
            found.append(int(entry.name))
    return found


@pytest.fixture
def book(tmp_path: Path) -> Iterator[Path]:
    """A short book; any reader still showing it at the end is killed (none is left behind)."""
    path = tmp_path / "book.md"
    chapters = [
        f"## Chapter {c}\n\n"
        + "".join(f"Paragraph {p} of chapter {c}, with a few words.\n\n" for p in range(30))
        for c in range(3)
    ]
    path.write_text("# A book\n\n" + "".join(chapters), encoding="utf-8")
    yield path
    for pid in readers_of(path):
        os.kill(pid, signal.SIGKILL)


@pytest.fixture
def large_book(tmp_path: Path) -> Iterator[Path]:
    """Some 4 MB of Markdown (a second or so to read): the reader shows a preview meanwhile."""
    path = tmp_path / "large.md"
    text = "Paragraph {p} of chapter {c}, a sentence long enough to wrap on a narrow terminal.\n\n"
    chapters = [
        f"## Chapter {c}\n\n" + "".join(text.format(p=p, c=c) for p in range(600))
        for c in range(60)
    ]
    path.write_text("# A large book\n\n" + "".join(chapters), encoding="utf-8")
    yield path
    for pid in readers_of(path):
        os.kill(pid, signal.SIGKILL)


def hang_up_after_the_last_paragraph(terminal: Terminal, book: Path) -> None:
    """Go to the end of the book, then close the terminal at once (before a pause saves it)."""
    terminal.wait_for("Paragraph 1 of chapter 0")
    terminal.wait_for("0 annotations")
    assert readers_of(book), "the reader is not running"
    terminal.keys("G")
    terminal.wait_for("100%")
    terminal.tmux("kill-session", "-t", "e2e")


def assert_gone(book: Path) -> None:
    deadline = time.monotonic() + TIMEOUT
    while readers_of(book) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not readers_of(book), "the reader is still running without its terminal"


def assert_gone_with_its_place_saved(book: Path, data_dir: Path) -> None:
    assert_gone(book)
    document = load_document(book)
    position = AnnotationStore.open(data_dir).reading_position(document)
    assert position == document.paragraphs[-1].anchor


def test_the_app_quits_when_its_terminal_hangs_up_and_no_signal_reaches_it(
    terminal: Terminal, book: Path, data_dir: Path
) -> None:
    # The shell leads the session and outlives the hangup (as ``make run`` does):
    # the kernel sends SIGHUP to it alone, so the reader only reads end-of-file.
    command = f"trap : HUP; {shlex.quote(str(READER))} {shlex.quote(str(book))}; :"
    terminal.start("sh", "-c", command, cwd=book.parent)
    hang_up_after_the_last_paragraph(terminal, book)
    assert_gone_with_its_place_saved(book, data_dir)


def test_sighup_quits_the_app_as_q_would(terminal: Terminal, book: Path, data_dir: Path) -> None:
    terminal.start(str(READER), str(book), cwd=book.parent)  # the session's leader: sent SIGHUP
    hang_up_after_the_last_paragraph(terminal, book)
    assert_gone_with_its_place_saved(book, data_dir)


def test_the_app_quits_when_its_terminal_hangs_up_while_a_large_document_loads(
    terminal: Terminal, large_book: Path, data_dir: Path
) -> None:
    document = load_document(large_book)
    place = document.paragraphs[6]  # in the preview: it shows while the rest is read
    AnnotationStore.open(data_dir).set_reading_position(document, place.anchor, 0.0)
    terminal.start(str(READER), str(large_book), cwd=large_book.parent)  # sent SIGHUP, SIGCONT
    terminal.wait_for("Paragraph 5 of chapter 0")
    terminal.tmux("kill-session", "-t", "e2e")
    assert_gone(large_book)
    assert AnnotationStore.open(data_dir).reading_position(document) == place.anchor
