"""A document on its way to the reader screen: a large file's preview first, then the whole.

A large file's first screen comes from a preview (its first 16 K characters,
see :func:`~reader.readers.load_preview`, read in a few milliseconds before the
first frame) while the whole file is read in a worker, which takes half a
second for a 5 MB book; the whole document then replaces the preview in place.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from reader.annotation import Annotation
from reader.model import Document
from reader.readers import load_document, load_preview
from reader.tui.layout import DocumentLayout
from reader.tui.reading_position import ReadingPosition
from reader.tui.reading_progress import ChapterProgress

__all__ = ["PREVIEW_PAINT_WAIT", "DocumentLoading", "Loaded"]

PREVIEW_PAINT_WAIT = 1.0
"""Seconds the loading thread waits at most for the preview to be on screen."""


@dataclass(frozen=True, slots=True)
class Loaded:
    """The whole document and what showing it needs, worked out off the UI thread.

    Attributes:
        document: The document read.
        annotations: Its annotations, attached.
        layout: The document laid out at the preview's width (``None`` without a preview).
        progress: Its chapters and word counts.
    """

    document: Document
    annotations: list[Annotation]
    layout: DocumentLayout | None
    progress: ChapterProgress


class DocumentLoading:
    """Reads one source: its preview (if it has one), then the whole document.

    Attributes:
        previewing: True while a preview shows and the whole document is being read.
        preview_start: The paragraph the preview opens at (where the reader left off).
    """

    def __init__(self, source: Path | Document, position: ReadingPosition) -> None:
        """Load ``source`` (a file, or a document already read from standard input)."""
        self._source = source
        self._position = position
        self.previewing = False
        self.preview_start = 0
        self._painted = threading.Event()
        """Set once the preview is on screen: reading the whole file (pure Python, holding
        the GIL most of the time) starts only then, so it does not slow the first frame."""

    @property
    def title(self) -> str:
        """What to call the source until it is read (its path, or its title)."""
        source = self._source
        return str(source) if isinstance(source, Path) else source.title

    def preview(self) -> Document | None:
        """The start of a large file, if reading starts within it (see :func:`load_preview`).

        When the reader left off past the preview the screen waits for the whole
        document instead: showing the first page and then jumping away would look
        like a glitch, and a key pressed in between would act on the wrong page.
        """
        source = self._source
        preview = load_preview(source) if isinstance(source, Path) else None
        start = None if preview is None else self._position.in_preview(preview)
        if preview is None or start is None:
            return None
        self.previewing = True
        self.preview_start = start
        return preview

    def painted(self) -> None:
        """The preview is on screen: the whole file may be read now."""
        self._painted.set()

    def whole(self) -> Document:
        """Read the whole document (in a worker: it waits until the preview is painted).

        Raises:
            ReaderError: The file cannot be read.
        """
        source = self._source
        if isinstance(source, Document):
            return source
        if self.previewing:
            self._painted.wait(PREVIEW_PAINT_WAIT)
        return load_document(source)

    def load(
        self,
        attach: Callable[[Document], list[Annotation]],
        preview_width: Callable[[], int | None],
    ) -> Loaded:
        """Read the whole document (see :meth:`whole`) and all that showing it needs; in a worker.

        Args:
            attach: Gives the document's annotations, attached to it (a store call).
            preview_width: The text width of the preview shown, ``None`` without one:
                the whole document is laid out at it here rather than on the UI thread.

        Raises:
            ReaderError: The file cannot be read or its annotations not loaded.
        """
        document = self.whole()
        annotations = attach(document)
        width = preview_width()
        layout = None if width is None else DocumentLayout(document, width)
        return Loaded(document, annotations, layout, ChapterProgress(document))
