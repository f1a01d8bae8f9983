"""Progress through the chapter and the time left in it at the reader's pace (no Textual).

:class:`ChapterProgress` knows, for every paragraph, which chapter it is in and how
many words come before it; :class:`ReadingPace` measures the words the reader
gets through per minute from how the reading position moves over time, leaving
out jumps (a section, a search hit, the end of the book) and pauses (the reader
away from the screen). The status line shows both: ``§ 3/12 · 40% of chapter ·
~12 min left in chapter``.
"""

from __future__ import annotations

import time
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from itertools import accumulate

from reader.model import Document

__all__ = [
    "MIN_MEASURED_SECONDS",
    "MIN_SAMPLES",
    "ChapterPlace",
    "ChapterProgress",
    "ReadingPace",
    "time_left",
]

MIN_SAMPLES = 5
"""Moves of the reading position at a reading pace needed before a pace is told."""

MIN_MEASURED_SECONDS = 60.0
"""Seconds of reading measured needed before a pace is told."""

SLOWEST_WPM = 30.0
"""Slower than this between two moves, the reader was away: the gap is left out."""

FASTEST_WPM = 1200.0
"""Faster than this, the reader skimmed or jumped: the move is left out."""

LONGEST_STEP_WORDS = 2000
"""A move over more words than this is a jump, however long it took."""


@dataclass(frozen=True, slots=True)
class ChapterPlace:
    """Where a paragraph is in its chapter.

    Attributes:
        number: The chapter's number, from 1.
        count: How many chapters the document has.
        percent: Share of the chapter's words up to the end of the paragraph, 0-100.
        words_left: Words of the chapter after the paragraph.
    """

    number: int
    count: int
    percent: int
    words_left: int


class ChapterProgress:
    """The document's chapters and a running count of words, worked out once.

    The chapters are the sections of the shallowest level that has more than one
    (a book's one title heading is not a chapter; its parts or chapters are).
    Words are counted by their separating spaces: a linear pass of ``str.count``,
    a few milliseconds for a 5 MB book.
    """

    def __init__(self, document: Document) -> None:
        counts = [p.text.count(" ") + p.text.count("\n") + 1 for p in document.paragraphs]
        self._before = [0, *accumulate(counts)]
        """Words before each paragraph (and the total, last)."""
        level = document.roots
        while len(level) == 1 and level[0].children:
            level = [document.sections[child] for child in level[0].children]
        spans = [(s.start, s.end) for s in level if s.end > s.start] if len(level) > 1 else []
        self._starts = [start for start, _ in spans]
        self._spans = spans

    @property
    def chapters(self) -> int:
        """How many chapters there are (0 when the document has no such division)."""
        return len(self._spans)

    def words_before(self, paragraph: int) -> int:
        """Words of the document before ``paragraph``: its offset in words."""
        return self._before[min(max(paragraph, 0), len(self._before) - 1)]

    def place(self, paragraph: int) -> ChapterPlace | None:
        """The chapter ``paragraph`` is in, ``None`` outside every chapter."""
        found = bisect_right(self._starts, paragraph) - 1
        if found < 0:
            return None
        start, end = self._spans[found]
        if paragraph >= end:
            return None
        total = self._before[end] - self._before[start]
        read = self._before[paragraph + 1] - self._before[start]
        return ChapterPlace(
            number=found + 1,
            count=len(self._spans),
            percent=round(read * 100 / total) if total else 100,
            words_left=total - read,
        )


class ReadingPace:
    """Words per minute, measured from the reading position's moves while the app is open.

    Each move forward from one paragraph to another counts the words passed over
    and the time it took, unless it was a jump or a pause (see
    :data:`LONGEST_STEP_WORDS`, :data:`FASTEST_WPM`, :data:`SLOWEST_WPM`); going
    back measures nothing. The clock is given so tests move time themselves.
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._last: tuple[float, int] | None = None
        self._words = 0
        self._seconds = 0.0
        self._samples = 0

    def moved(self, words_before: int) -> None:
        """The reading position is now at the paragraph ``words_before`` words in."""
        now = self._clock()
        last, self._last = self._last, (now, words_before)
        if last is None:
            return
        seconds, words = now - last[0], words_before - last[1]
        if words <= 0 or seconds <= 0 or words > LONGEST_STEP_WORDS:
            return
        pace = words * 60 / seconds
        if not SLOWEST_WPM <= pace <= FASTEST_WPM:
            return
        self._words += words
        self._seconds += seconds
        self._samples += 1

    @property
    def words_per_minute(self) -> float | None:
        """The measured pace, ``None`` until there is enough to measure."""
        if self._samples < MIN_SAMPLES or self._seconds < MIN_MEASURED_SECONDS:
            return None
        return self._words * 60 / self._seconds


def time_left(words: int, words_per_minute: float) -> str:
    """``words`` at the given pace, said as the status line says it ("~12 min")."""
    minutes = round(words / words_per_minute)
    if minutes < 1:
        return "<1 min"
    if minutes < 60:
        return f"~{minutes} min"
    hours, minutes = divmod(minutes, 60)
    return f"~{hours} h {minutes:02d} min"
