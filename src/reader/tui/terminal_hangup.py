"""Noticing that the app's terminal has gone (window closed, SSH dropped); no Textual.

When a terminal goes, the kernel hangs its tty up: reading it returns end-of-file
at once, every time, and only the session's leading process is sent SIGHUP. A
reader started by another program that outlives the hangup (``make run``, a
script that waits for it) is sent no signal at all, and Textual's input thread,
reading end-of-file in a loop, then spins on a core until someone kills the
process. :class:`HangupWatch` waits for the hangup in a thread of its own,
asleep in ``poll`` (which reports ``POLLHUP`` whatever it is asked), and then says
so once; the app quits as ``q`` would, saving the reading position. The app
answers SIGHUP the same way.
"""

from __future__ import annotations

import errno
import os
import select
import threading
from collections.abc import Callable

__all__ = ["HangupWatch"]

_GONE = (
    getattr(select, "POLLHUP", 0) | getattr(select, "POLLERR", 0) | getattr(select, "POLLNVAL", 0)
)
"""What ``poll`` reports on a terminal that has hung up (or was closed)."""


class HangupWatch:
    """Calls ``hung_up`` once, from a thread of its own, when the terminal on ``fd`` hangs up.

    Args:
        fd: The terminal the app reads its keys from.
        hung_up: Called once the terminal has gone; it runs in the watching
            thread, so it hands the news to the app's event loop.
    """

    def __init__(self, fd: int, hung_up: Callable[[], object]) -> None:
        self._fd = fd
        self._hung_up = hung_up
        self._thread: threading.Thread | None = None
        self._wake: tuple[int, int] | None = None
        """A pipe written to by :meth:`stop`, to end the watch."""

    def start(self) -> bool:
        """Start watching; False (nothing started) without a terminal on ``fd`` or ``poll``.

        A terminal that hung up before the watch started (the window closed while
        the app was starting) is watched too: ``poll`` tells its hangup at once.
        """
        if not hasattr(select, "poll") or not _terminal(self._fd):
            return False
        self._wake = os.pipe()
        self._thread = threading.Thread(target=self._watch, name="terminal-hangup", daemon=True)
        self._thread.start()
        return True

    def stop(self) -> None:
        """End the watch (the app is closing); ``hung_up`` is not called after this returns."""
        thread, wake = self._thread, self._wake
        self._thread = self._wake = None
        if thread is None or wake is None:
            return
        os.write(wake[1], b"x")
        thread.join()
        os.close(wake[0])
        os.close(wake[1])

    def _watch(self) -> None:
        assert self._wake is not None
        wake = self._wake[0]
        poller = select.poll()
        poller.register(self._fd, 0)  # only what is always reported: a hangup, an error
        poller.register(wake, select.POLLIN)
        while True:
            for fd, events in poller.poll():
                if fd == wake:
                    return
                if events & _GONE:
                    self._hung_up()
                    return


def _terminal(fd: int) -> bool:
    """Whether ``fd`` is a terminal, there or hung up (``os.isatty`` is False once it hung up)."""
    import termios  # POSIX only, as ``poll`` is

    try:
        termios.tcgetattr(fd)
    except termios.error as error:
        return bool(error.args and error.args[0] == errno.EIO)  # else ENOTTY: no terminal
    return True
