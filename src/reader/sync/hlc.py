"""The hybrid logical clock that orders every synced change.

A stamp is ``"<ms>.<counter>.<machine>"`` with fixed widths, so comparing two stamps
as strings compares them as (physical milliseconds, counter, machine id): later
writes sort after earlier ones even when a machine's wall clock is behind another's
(the clock never goes below a stamp it has seen), and two machines writing in the
same millisecond are ordered by machine id, the same way everywhere.
"""

from __future__ import annotations

import time
from collections.abc import Callable

__all__ = ["Clock", "stamp_machine", "wall_ms"]

_COUNTER_LIMIT = 100_000


def wall_ms() -> int:
    """The wall clock in milliseconds (the default source; tests inject their own)."""
    return time.time_ns() // 1_000_000


def _stamp(ms: int, counter: int, machine: str) -> str:
    return f"{ms:013d}.{counter:05d}.{machine}"


def _parts(stamp: str) -> tuple[int, int]:
    ms, counter, _ = stamp.split(".", 2)
    return int(ms), int(counter)


def stamp_machine(stamp: str) -> str:
    """The machine that wrote ``stamp``."""
    return stamp.split(".", 2)[2]


class Clock:
    """Issues stamps for one machine, after every stamp it has observed."""

    def __init__(
        self, machine: str, last: str | None = None, now: Callable[[], int] = wall_ms
    ) -> None:
        """A clock for ``machine`` that resumes after ``last`` (its previous stamp).

        Args:
            machine: This machine's id.
            last: The greatest stamp issued or observed before, if any.
            now: The physical clock in milliseconds.
        """
        self.machine = machine
        self._now = now
        self._ms, self._counter = (0, 0) if last is None else _parts(last)

    @property
    def last(self) -> str:
        """The greatest stamp issued or observed (kept between syncs)."""
        return _stamp(self._ms, self._counter, self.machine)

    def observe(self, stamp: str) -> None:
        """Never issue a stamp below ``stamp`` (one read from another machine)."""
        ms, counter = _parts(stamp)
        if (ms, counter) > (self._ms, self._counter):
            self._ms, self._counter = ms, counter

    def tick(self) -> str:
        """A new stamp, greater than every stamp issued or observed."""
        now = self._now()
        if now > self._ms:
            self._ms, self._counter = now, 0
        else:
            self._counter += 1
            if self._counter >= _COUNTER_LIMIT:
                self._ms, self._counter = self._ms + 1, 0
        return self.last
