"""The reading position: where a document opens, and saving it as the reader moves.

A :class:`ReadingPosition` finds the paragraph to open at (where the reader left
off, or a paragraph asked for) and writes the position to the store once the
reader pauses, through the screen's :class:`~reader.tui.writer.StoreWriter`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.screen import Screen
from textual.timer import Timer

from reader.errors import ReaderError
from reader.model import Document
from reader.tui.writer import StoreWriter, report_store_problem

if TYPE_CHECKING:
    from reader.store import AnnotationStore

__all__ = ["POSITION_SAVE_DELAY", "ReadingPosition"]

POSITION_SAVE_DELAY = 0.8
"""Seconds of stillness before the reading position is written to the store."""


class ReadingPosition:
    """The reading position of one screen's document, saved when movement pauses."""

    def __init__(
        self,
        screen: Screen[None],
        store: AnnotationStore,
        writer: StoreWriter,
        *,
        start_at: str | None = None,
    ) -> None:
        """Follow the position for ``screen``.

        Args:
            screen: The screen whose timer debounces the writes and which reports problems.
            store: Where the position is kept.
            writer: The screen's writer, through which every store call goes.
            start_at: Anchor of the paragraph to open at; ``None`` for where the
                reader left off.
        """
        self._screen = screen
        self._store = store
        self._writer = writer
        self._start_at = start_at
        self._timer: Timer | None = None
        self._pending: tuple[Document, int] | None = None

    def in_preview(self, preview: Document) -> int | None:
        """The paragraph of ``preview`` to open at; ``None`` when it is past the preview.

        The store finds the document by the file's path (the preview has not the
        whole file's fingerprint); a store problem is ``None`` too, and reported
        when the whole document is read.

        The one store call not made through the writer: it comes before the
        first frame, before anything can be written, and handing it to the
        writer's thread (started for it) made the first frame wait for that
        thread to be scheduled, milliseconds on a busy machine.
        """
        anchor = self._start_at
        if anchor is None:
            try:
                anchor = self._store.reading_position(preview)
            except ReaderError:
                return None
        if anchor is None:
            return 0
        paragraph = preview.paragraph_by_anchor(anchor)
        return None if paragraph is None else paragraph.index

    def start(self, document: Document) -> int:
        """The paragraph of the whole ``document`` to open at."""
        if self._start_at is not None:
            wanted = document.paragraph_by_anchor(self._start_at)
            if wanted is not None:
                return wanted.index
        try:
            anchor = self._writer.call(lambda: self._store.reading_position(document))
        except ReaderError as error:
            report_store_problem(self._screen, error)
            return 0
        paragraph = document.paragraph_by_anchor(anchor) if anchor else None
        return paragraph.index if paragraph is not None else 0

    def moved(self, document: Document, index: int) -> None:
        """The reader is at paragraph ``index`` now: save it once movement pauses."""
        self._pending = (document, index)
        if self._timer is None:
            self._timer = self._screen.set_timer(POSITION_SAVE_DELAY, self._save)
        else:
            self._timer.reset()

    def flush(self) -> None:
        """Save a pending position now (before leaving the screen or the app)."""
        if self._timer is not None:
            self._timer.stop()
            self._save()

    def _save(self) -> None:
        """Write the position (debounced: at most once per pause in movement)."""
        self._timer = None
        pending, self._pending = self._pending, None
        if pending is None:
            return
        document, index = pending
        progress = (index + 1) / len(document.paragraphs)
        anchor = document.paragraphs[index].anchor
        store = self._store
        self._writer.submit(
            lambda: store.set_reading_position(document, anchor, progress),
            failed=lambda error: report_store_problem(self._screen, error),
        )
