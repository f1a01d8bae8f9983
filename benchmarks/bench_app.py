"""App speed: the 5 MB book in a real terminal (tmux), next to a minimal Textual app.

What a person feels is measured the way a person sees it: the program runs in a
tmux session of 120x40, and the clock stops when the screen shows what is
expected (the book's first words; any change of the screen after a key). In
the same run a minimal Textual app is timed the same way, because time to first
screen is mostly Python and Textual starting up; the goal is that the book
appears within 1.3x the minimal app's time. Then, in one session: ``j``,
PageDown, ``G``, ``/`` (the search field opens), a search (the query typed
and Enter pressed at once, until its first hit shows), ``n`` (next hit) and a
terminal resize, each until the new screen is shown, and the peak
memory of the process. In-process timings of the layout, a cold screen of
``render_line`` calls and search complete the picture.

Which program runs: the real ``reader FILE`` (``--command reader``, the default),
or a small harness app holding only a :class:`DocumentView` and a status line
(``--command harness``; it runs as ``python -m benchmarks.bench_app --serve
FILE``), which isolates the view from the rest of the app. ``--serve-minimal``
is the minimal app.

Usage::

    python -m benchmarks app                       # the real reader app
    python -m benchmarks.bench_app --command harness|reader [--book FILE]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import ClassVar

SIZE = (120, 40)
RESIZED = (70, 40)
STILL = 0.3
REPEAT = 7
"""First screens timed per program, alternating: on a shared 2-core machine a few runs
swing by a third (one run of three at 360 ms for the same 230 ms start)."""
KEY_REPEAT = 5
TIMEOUT = 60.0
KEY_TIMEOUT = 5.0
SEARCH_QUERY = "wisdom"
MINIMAL_MARKER = "Minimal app ready"
HARNESS_SEARCH_KEY = "s"
HIT_SHOWN = re.compile(r"search \d+/\d+")
"""The reader's status line once a search's hits are shown ("search 1/235")."""
READY_HINT = "a note · / search"
"""The reader's status-line hint once the whole document is loaded."""


# -- the programs under test -----------------------------------------------------------


def serve_minimal() -> None:
    """The baseline: a Textual app with one line of text; ``j`` changes the line."""
    from textual.app import App, ComposeResult
    from textual.binding import Binding, BindingType
    from textual.widgets import Static

    class MinimalApp(App[None]):
        BINDINGS: ClassVar[list[BindingType]] = [Binding("j", "count", "Count")]
        presses = 0

        def compose(self) -> ComposeResult:
            yield Static(MINIMAL_MARKER)

        def action_count(self) -> None:
            self.presses += 1
            self.query_one(Static).update(f"{MINIMAL_MARKER}: {self.presses}")

    MinimalApp().run()


def serve(path: Path) -> None:
    """The harness: the book in a DocumentView with a one-line status, as the app shows it."""
    from textual.app import App, ComposeResult
    from textual.binding import Binding, BindingType
    from textual.widgets import Static

    from reader.readers import load_document
    from reader.tui.widgets import DocumentView
    from reader.tui.widgets.document_messages import CurrentChanged

    document = load_document(path)

    class HarnessApp(App[None]):
        BINDINGS: ClassVar[list[BindingType]] = [
            Binding(HARNESS_SEARCH_KEY, "search", "Search"),
            Binding("q", "quit"),
        ]
        CSS = "DocumentView { height: 1fr; } #status { height: 1; }"

        def compose(self) -> ComposeResult:
            yield DocumentView(document)
            yield Static(id="status")

        def on_document_view_current_changed(self, message: CurrentChanged) -> None:
            view = message.document_view
            hits = (
                f"  hit {(view.hits.selected or 0) + 1}/{view.hits.count}"
                if view.hits.count
                else ""
            )
            status = f"¶ {message.index + 1}/{len(document.paragraphs)}{hits}"
            self.query_one("#status", Static).update(status)

        def action_search(self) -> None:
            self.query_one(DocumentView).search(SEARCH_QUERY)

    HarnessApp().run()


# -- driving a terminal -------------------------------------------------------------------


class Terminal:
    """One tmux session running ``command``, read the way a person would."""

    def __init__(self, command: list[str], env: dict[str, str], size: tuple[int, int]) -> None:
        self.name = f"bench-app-{os.getpid()}-{time.monotonic_ns()}"
        assignments = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
        shell_command = f"exec env {assignments} {shlex.join(command)}"
        self.started = time.monotonic()
        width, height = size
        _tmux(
            "new-session", "-d", "-s", self.name, "-x", str(width), "-y", str(height), shell_command
        )

    def screen(self) -> str:
        """What the screen shows now, colours included (a highlight move is a change)."""
        return _tmux("capture-pane", "-p", "-e", "-t", self.name)

    def wait_for(self, text: str) -> float:
        """Seconds from start until ``text`` shows."""
        while time.monotonic() - self.started < TIMEOUT:
            if text in self.screen():
                return time.monotonic() - self.started
            time.sleep(0.002)
        raise TimeoutError(f"{text!r} did not show within {TIMEOUT} s:\n{self.screen()}")

    def settle(self) -> str:
        """Wait until the screen stops changing (150 ms without change); return it."""
        last = self.screen()
        stable_since = time.monotonic()
        while time.monotonic() - stable_since < 0.15:
            time.sleep(0.01)
            now = self.screen()
            if now != last:
                last, stable_since = now, time.monotonic()
        return last

    def time_change(self, act: Callable[[], None]) -> float | None:
        """Seconds from ``act`` until the screen's last change (the new screen is complete).

        The clock stops at the last change before the screen stays still for
        :data:`STILL` seconds, so a first partial update (tmux clipping the old
        screen on resize, a status line drawn before the text) does not count
        as done.
        """
        return self.time_shown(act, None)[1]

    def time_shown(
        self, act: Callable[[], float | None], pattern: re.Pattern[str] | None
    ) -> tuple[float | None, float | None]:
        """Seconds from ``act`` until ``pattern`` first shows, and until the last change.

        The clock starts when ``act`` starts, or at the moment it returns (the
        last of several keys it sent, say).
        """
        before = self.settle()
        started = time.monotonic()
        started = act() or started
        last_change: float | None = None
        first_shown: float | None = None
        shown = before
        while time.monotonic() - started < KEY_TIMEOUT:
            now = self.screen()
            moment = time.monotonic()
            if now != shown:
                shown, last_change = now, moment
                if first_shown is None and pattern is not None and pattern.search(now):
                    first_shown = moment - started
            elif last_change is not None and moment - last_change >= STILL:
                break
            time.sleep(0.001)
        return first_shown, None if last_change is None else last_change - started

    def press(self, key: str) -> None:
        """Send one tmux key name."""
        _tmux("send-keys", "-t", self.name, key)

    def resize(self, size: tuple[int, int]) -> None:
        """Resize the terminal, as a person dragging the window corner."""
        _tmux("resize-window", "-t", self.name, "-x", str(size[0]), "-y", str(size[1]))

    def peak_memory_mb(self) -> float:
        """Peak resident memory (VmHWM) of the program, in MB."""
        pane_pid = int(_tmux("display-message", "-p", "-t", self.name, "#{pane_pid}").strip())
        return max((_vm_hwm_kb(pid) for pid in _process_tree(pane_pid)), default=0) / 1024

    def close(self) -> None:
        """End the session and the program in it."""
        _tmux("kill-session", "-t", self.name)


_SOCKET = f"bench-app-{os.getpid()}"
"""A tmux server of our own: other people's sessions neither slow nor end ours."""


def _tmux(*args: str) -> str:
    command = ["tmux", "-L", _SOCKET, *args]
    return subprocess.run(command, capture_output=True, text=True, check=False).stdout


def _process_tree(pid: int) -> list[int]:
    pids = [pid]
    for child in _children(pid):
        pids.extend(_process_tree(child))
    return pids


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(p) for p in text.split()]


def _vm_hwm_kb(pid: int) -> int:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


# -- the measurements ------------------------------------------------------------------


def _book_path() -> Path:
    from benchmarks.corpus import book_markdown_path

    return book_markdown_path()


def _first_words(path: Path) -> str:
    """Text the first screen of the book must show: the start of the first real paragraph."""
    from reader.readers import load_document

    document = load_document(path)
    first = next(p for p in document.paragraphs if not p.boilerplate)
    return first.text[:24]


def _commands(kind: str, book: Path) -> tuple[list[str], list[str]]:
    python = sys.executable
    minimal = [python, "-m", "benchmarks.bench_app", "--serve-minimal"]
    if kind == "reader":
        reader = str(Path(python).with_name("reader"))
        return minimal, [reader, str(book)]
    return minimal, [python, "-m", "benchmarks.bench_app", "--serve", str(book)]


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def measure_terminal(kind: str, book: Path) -> None:
    """Time to first screen (book vs minimal app), key latencies, resize, peak memory."""
    marker = _first_words(book)
    minimal_cmd, book_cmd = _commands(kind, book)
    data = tempfile.mkdtemp(prefix="bench-app-data-")
    env = {
        "TERM": "xterm-256color",
        "COLORTERM": "truecolor",
        "READER_DATA": data,
        "PYTHONPATH": str(Path(__file__).resolve().parent.parent),
    }
    keeper = Terminal(["sleep", "3600"], {}, SIZE)  # keeps the tmux server up between runs
    try:
        _measure_sessions(kind, env, marker, minimal_cmd, book_cmd)
    finally:
        keeper.close()
        _tmux("kill-server")


def _measure_sessions(
    kind: str,
    env: dict[str, str],
    marker: str,
    minimal_cmd: list[str],
    book_cmd: list[str],
) -> None:
    minimal_times: list[float] = []
    book_times: list[float] = []
    for _ in range(REPEAT):  # interleaved, so machine load affects both alike
        for command, text, times in (
            (minimal_cmd, MINIMAL_MARKER, minimal_times),
            (book_cmd, marker, book_times),
        ):
            terminal = Terminal(command, env, SIZE)
            try:
                times.append(terminal.wait_for(text))
            finally:
                terminal.close()
    minimal = statistics.median(minimal_times)
    opened = statistics.median(book_times)
    ratios = [book / base for base, book in zip(minimal_times, book_times, strict=True)]
    print(f"program: {shlex.join(book_cmd)}")
    print(f"first screen, minimal Textual app: {_ms(minimal)} (median of {REPEAT})")
    print(
        f"first screen, 5 MB book:           {_ms(opened)} "
        f"= {opened / minimal:.2f}x the minimal app (goal <= 1.3x)"
    )
    print(
        f"  each run next to the minimal app's: {statistics.median(ratios):.2f}x median, "
        f"{min(ratios):.2f}x-{max(ratios):.2f}x"
    )

    terminal = Terminal(minimal_cmd, env, SIZE)
    try:
        terminal.wait_for(MINIMAL_MARKER)
        baseline = [terminal.time_change(lambda: terminal.press("j")) for _ in range(KEY_REPEAT)]
    finally:
        terminal.close()
    seen = [t for t in baseline if t is not None]
    if seen:
        print(
            f"a key in the minimal app (floor for the keys below): median "
            f"{_ms(statistics.median(seen))}, max {_ms(max(seen))}"
        )

    terminal = Terminal(book_cmd, env, SIZE)
    try:
        terminal.wait_for(marker)
        if kind == "reader":
            # A large book first shows a preview; keys are timed on the whole book.
            terminal.wait_for(READY_HINT)
        results: dict[str, list[float | None]] = {}
        steps: list[tuple[str, Callable[[], None], int]] = [
            ("j (next paragraph)", lambda: terminal.press("j"), KEY_REPEAT),
            ("PageDown", lambda: terminal.press("PageDown"), KEY_REPEAT),
            ("G (end of book)", lambda: terminal.press("G"), 1),
            ("g (top of book)", lambda: terminal.press("g"), 1),
        ]
        if kind == "harness":
            steps.append(
                (
                    f"search {SEARCH_QUERY!r}, first hit shown",
                    lambda: terminal.press(HARNESS_SEARCH_KEY),
                    1,
                )
            )
        else:
            steps.append(("/ (the search field opens)", lambda: terminal.press("/"), 1))
        steps.append(("n (next search hit)", lambda: terminal.press("n"), KEY_REPEAT))
        for label, act, repeat in steps:
            results[label] = [terminal.time_change(act) for _ in range(repeat)]
            if label.startswith("/"):
                # The same search again, timed until its hit count shows (the hit is on
                # screen in that frame) as well as until the screen settles (the footer
                # follows the focus back to the document a few frames later).
                typed = f"{SEARCH_QUERY!r} + Enter in one burst"
                shown, settled = terminal.time_shown(lambda: _type_search(terminal), HIT_SHOWN)
                results[f"{typed}, first hit shown"] = [shown]
                results[f"{typed}, screen settled"] = [settled]
                terminal.press("g")  # the same again from the top, timed from the Enter key
                terminal.settle()
                terminal.press("/")
                shown, settled = terminal.time_shown(
                    lambda: _type_search(terminal, clear=True), HIT_SHOWN
                )
                results["Enter right after typing, first hit shown"] = [shown]
        resizes: list[float | None] = []
        for size in (RESIZED, SIZE, RESIZED, SIZE):
            resizes.append(terminal.time_change(partial(terminal.resize, size)))
        results["resize 120<->70 columns (re-wrap)"] = resizes
        peak = terminal.peak_memory_mb()
    finally:
        terminal.close()
    for label, measured in results.items():
        # A query pasted with its Enter waits for each letter to be taken into the
        # field first (a frame each): no goal; the "search hit" is Enter
        # after the query was typed, and n.
        goal = "100" if "resize" in label else None if "burst" in label else "50"
        seen = [t for t in measured if t is not None]
        if not seen:
            print(f"{label:<40} no change on screen within {KEY_TIMEOUT:.0f} s")
            continue
        print(
            f"{label:<40} median {_ms(statistics.median(seen))}, max {_ms(max(seen))}"
            + ("" if goal is None else f" (goal < {goal} ms)")
            + (f", {len(measured) - len(seen)} without change" if len(seen) < len(measured) else "")
        )
    print(f"peak memory: {peak:.0f} MB (goal < 150 MB)")


def _type_search(terminal: Terminal, *, clear: bool = False) -> float:
    """Type the query into the open search field and press Enter, as fast as a paste.

    Args:
        terminal: The app's terminal, its search field open.
        clear: Empty the field first (the reader reopens it with the last query).

    Returns:
        The moment Enter was sent.
    """
    if clear:
        terminal.press("C-u")
    _tmux("send-keys", "-t", terminal.name, "-l", SEARCH_QUERY)
    enter = time.monotonic()
    terminal.press("Enter")
    return enter


def measure_in_process(book: Path) -> None:
    """Layout, re-wrap, a cold screen of lines and search, timed inside one process."""
    from reader.readers import load_document
    from reader.tui.layout import DocumentLayout

    started = time.perf_counter()
    document = load_document(book)
    loaded = time.perf_counter() - started
    size = book.stat().st_size / 1e6
    print(
        f"book: {size:.1f} MB, {len(document.paragraphs):,} paragraphs, "
        f"{len(document.sections):,} sections; read in {_ms(loaded)}"
    )
    started = time.perf_counter()
    layout = DocumentLayout(document, 80)
    print(
        f"layout at 80 columns: {_ms(time.perf_counter() - started)} ({layout.total_lines:,} lines)"
    )
    for width in (79, 60, 118):
        started = time.perf_counter()
        layout.set_width(width)
        print(f"re-wrap to {width} columns: {_ms(time.perf_counter() - started)}")
    asyncio.run(_time_rendering(document))


async def _time_rendering(document: object) -> None:
    from textual.app import App, ComposeResult

    from reader.model import Document
    from reader.tui.widgets import DocumentView

    assert isinstance(document, Document)
    shown: Document = document

    class TimingApp(App[None]):
        def compose(self) -> ComposeResult:
            yield DocumentView(shown)

    app = TimingApp()
    async with app.run_test(size=SIZE) as pilot:
        view = app.query_one(DocumentView)
        await pilot.pause()
        height = view.scrollable_content_region.height
        timings = []
        for fraction in (0.1, 0.5, 0.9):
            view.scroll_to(y=int(view.max_scroll_y * fraction), animate=False, immediate=True)
            view.notify_style_update()  # drop every cached strip: a cold screen
            started = time.perf_counter()
            for y in range(height):
                view.render_line(y)
            timings.append(time.perf_counter() - started)
        print(f"a cold screen of {height} lines (render_line): max {_ms(max(timings))}")

        def screen() -> None:
            for y in range(height):
                view.render_line(y)

        view.action_top()
        screen()
        for label, act in (
            ("j", view.action_cursor_down),
            ("PageDown", view.action_page_down),
            ("G", view.action_bottom),
            ("g", view.action_top),
            ("]", view.action_next_section),
        ):
            started = time.perf_counter()
            act()
            screen()
            elapsed = time.perf_counter() - started
            print(f"in-process {label}: the view's work and its screen of lines: {_ms(elapsed)}")
        for width in (70, 120, 70):
            started = time.perf_counter()
            await pilot.resize_terminal(width, SIZE[1])
            await pilot.pause()
            elapsed = time.perf_counter() - started
            print(f"in-process resize to {width} columns, with Textual's layout: {_ms(elapsed)}")
        for query in (SEARCH_QUERY, "the", "Zz-not-there"):
            started = time.perf_counter()
            count = view.search(query)
            print(f"search {query!r}: {count:,} hits in {_ms(time.perf_counter() - started)}")


def main() -> None:
    """Print the terminal and in-process figures for the 5 MB book."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_app")
    parser.add_argument("--serve", type=Path, help="run the harness app on FILE")
    parser.add_argument("--serve-minimal", action="store_true", help="run the minimal app")
    parser.add_argument("--command", choices=("harness", "reader"), default="reader")
    parser.add_argument("--book", type=Path, help="the document (default: the 5 MB book)")
    args = parser.parse_args()
    if args.serve_minimal:
        serve_minimal()
        return
    if args.serve is not None:
        serve(args.serve)
        return
    book = args.book or _book_path()
    measure_in_process(book)
    measure_terminal(args.command, book)


if __name__ == "__main__":
    main()
