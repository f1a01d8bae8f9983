"""Textual's terminal driver, made to outlive its terminal: a hangup never blocks the app.

Textual writes each frame from a thread of its own, through a queue of 30
writes. A terminal that hangs up (window closed, SSH dropped) answers every write
with EIO: that thread ends at the first one, and the app, still busy (a large
document loading), fills the queue and then blocks on it for ever, in the middle
of quitting, its reading position unsaved. Here the output thread writes through
:class:`TerminalOutput`, which drops everything once the terminal has failed, so
the queue keeps draining and the app quits as ``q`` would.

Hanging up also sends SIGCONT with SIGHUP to the session's leading process, and
Textual answers every SIGCONT by starting application mode again, as after
Ctrl+Z, even when it was never suspended: a second output thread and a second
input thread, left running. :class:`TerminalDriver` resumes only what it suspended.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TextIO

from textual.drivers.linux_driver import LinuxDriver

from reader.tui.textual_compat import write_output_through

if TYPE_CHECKING:
    from textual.app import App

__all__ = ["LinuxDriver", "TerminalDriver", "TerminalOutput"]


class TerminalOutput:
    """The terminal, as Textual's output thread writes to it: quiet once a write failed.

    Only the output thread writes and flushes; the app reads :attr:`gone`.
    """

    def __init__(self, terminal: TextIO) -> None:
        self._terminal = terminal
        self.gone = False
        """A write or flush failed (the terminal hung up or was closed): nothing more is sent."""

    def write(self, text: str) -> int:
        """Send ``text`` on (buffered), unless the terminal has gone; never raises."""
        if not self.gone:
            try:
                self._terminal.write(text)
            except (OSError, ValueError):  # EIO from a terminal hung up; a closed file
                self.gone = True
        return len(text)

    def flush(self) -> None:
        """Send what is buffered, unless the terminal has gone; never raises."""
        if not self.gone:
            try:
                self._terminal.flush()
            except (OSError, ValueError):
                self.gone = True

    def fileno(self) -> int:
        """The terminal's file descriptor."""
        return self._terminal.fileno()

    def isatty(self) -> bool:
        """Whether it is (still) a terminal."""
        return not self.gone and self._terminal.isatty()


class TerminalDriver(LinuxDriver):
    """Textual's driver for Linux and macOS terminals, that a terminal going never blocks.

    Output goes through :class:`TerminalOutput` (and is dropped at once when it has
    gone); application mode resumes on SIGCONT only when it was suspended.
    """

    def __init__(
        self,
        app: App[Any],
        *,
        debug: bool = False,
        mouse: bool = True,
        size: tuple[int, int] | None = None,
    ) -> None:
        super().__init__(app, debug=debug, mouse=mouse, size=size)
        self.output: TerminalOutput | None = None
        """Where the output thread writes (``None`` without a terminal file)."""
        write_output_through(self, self._terminal_output)
        self._suspended = False

    def _terminal_output(self, terminal: TextIO) -> TerminalOutput:
        self.output = TerminalOutput(terminal)
        return self.output

    def write(self, data: str) -> None:
        """Queue ``data`` for the terminal, unless it has gone (then it is dropped here)."""
        if self.output is None or not self.output.gone:
            super().write(data)

    def suspend_application_mode(self) -> None:
        """Give the terminal back (Ctrl+Z, an external editor)."""
        super().suspend_application_mode()
        self._suspended = True

    def resume_application_mode(self) -> None:
        """Take the terminal again, if it was given back (a stray SIGCONT changes nothing)."""
        if not self._suspended:
            return
        self._suspended = False
        super().resume_application_mode()
