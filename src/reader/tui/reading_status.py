"""What the status line says as the reader moves through a document (no Textual).

:class:`Status` is what the line shows; :class:`ReadingStatus` works it out for a
document being read: its place in the book and in the chapter, from
:class:`~reader.tui.reading_progress.ChapterProgress`, and the time left in the
chapter at the pace :class:`~reader.tui.reading_progress.ReadingPace` measures as
the reading position moves. The reader screen only hands it the position and
shows what it answers, so the status can be tested without an app.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from reader.model import Document
from reader.tui.reading_progress import ChapterProgress, ReadingPace, time_left

__all__ = ["LOADING_HINT", "READING_HINT", "ReadingStatus", "Status", "preview_status"]

LOADING_HINT = "loading the whole document…"
"""The status line's hint while a preview shows."""

READING_HINT = "a note · / search · ? help"
"""The status line's hint once the whole document shows."""


@dataclass(frozen=True, slots=True)
class Status:
    """What the status line shows.

    Attributes:
        section: Title of the section the current paragraph is in ("" before the first).
        percent: Position of the current paragraph in the document, 0-100.
        chapter: The chapter it is in, of how many ("3/12"), "" outside chapters.
        chapter_percent: How far through the chapter, 0-100.
        time_left: The rest of the chapter at the reader's measured pace ("~12 min"),
            "" until the pace is known.
        annotations: How many annotations the document has.
        search: The search progress ("3/17", "no match"), "" when not searching.
        hint: Keys worth knowing, e.g. "a note · / search · ? help".
    """

    section: str = ""
    percent: int = 0
    chapter: str = ""
    chapter_percent: int = 0
    time_left: str = ""
    annotations: int = 0
    search: str = ""
    hint: str = ""


def _section_title(document: Document, index: int) -> str:
    """The title of the innermost section paragraph ``index`` is in ("" before the first)."""
    path = document.section_path(document.paragraphs[index].section)
    return path[-1] if path else ""


def preview_status(document: Document, index: int) -> Status | None:
    """While a preview shows: the section and a "loading" hint (no counts yet).

    ``None`` for a preview without paragraphs (nothing to say yet).
    """
    if not document.paragraphs:
        return None
    return Status(section=_section_title(document, index), hint=LOADING_HINT)


class ReadingStatus:
    """The status of one document as it is read: its chapters and the reader's pace.

    Args:
        document: The whole document.
        clock: What the pace is timed with (tests give their own).
        progress: Its chapters and word counts, if already worked out (off the UI
            thread: a few milliseconds for a 5 MB book).
    """

    def __init__(
        self,
        document: Document,
        clock: Callable[[], float] = time.monotonic,
        progress: ChapterProgress | None = None,
    ) -> None:
        self._document = document
        self._progress = progress or ChapterProgress(document)
        self._pace = ReadingPace(clock)

    def moved(self, index: int) -> None:
        """The reading position moved to paragraph ``index``: the pace takes the step."""
        self._pace.moved(self._progress.words_before(index))

    def status(self, index: int, *, annotations: int, search: str) -> Status | None:
        """What the line shows with paragraph ``index`` current.

        Args:
            index: The current paragraph.
            annotations: How many annotations the document has.
            search: The search progress ("" when not searching).

        Returns:
            The status, ``None`` for a document without paragraphs.
        """
        document = self._document
        if not document.paragraphs:
            return None
        place = self._progress.place(index)
        pace = self._pace.words_per_minute
        return Status(
            section=_section_title(document, index),
            percent=round((index + 1) * 100 / len(document.paragraphs)),
            chapter="" if place is None else f"{place.number}/{place.count}",
            chapter_percent=0 if place is None else place.percent,
            time_left="" if place is None or pace is None else time_left(place.words_left, pace),
            annotations=annotations,
            search=search,
            hint=READING_HINT,
        )
