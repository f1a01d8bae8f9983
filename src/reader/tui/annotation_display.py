"""Keeping the reader's panes in step with its annotations, one change at a time.

Every change to the annotations shown (a new note, an edit, a delete, a write
that failed and is taken back, a note attached elsewhere) goes through an
:class:`AnnotationDisplay`: it updates the
:class:`~reader.tui.annotation_index.AnnotationIndex` and then exactly what that
change touches (one list entry, one gutter mark, one section count, the tag list
when it changed), so a book with 10,000 annotations redraws as little as one with
ten.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from reader.annotation import Annotation
from reader.tui.annotation_index import AnnotationIndex, Change
from reader.tui.widgets.reader_panes import ReaderPanes

__all__ = ["AnnotationDisplay"]


class AnnotationDisplay:
    """Shows each change to the annotations in the panes.

    Args:
        index: The annotations shown, placed on their paragraphs.
        panes: The panes kept in step (the list, the view's marks, the outline's counts).
        changed: Called after each change (the status line's count follows).
    """

    def __init__(
        self, index: AnnotationIndex, panes: ReaderPanes, changed: Callable[[], None]
    ) -> None:
        self._index = index
        self._panes = panes
        self._changed = changed

    def added(self, annotation: Annotation) -> None:
        """Show a new (or restored) annotation: one entry, one mark, one count."""
        change = self._index.add(annotation)
        self._panes.panel.add_annotation(annotation, change.position)
        self._show(change)
        self._panes.panel.highlight_annotation(annotation.id)

    def replaced(self, annotation: Annotation, *, highlight: bool = True) -> None:
        """Show an annotation's new note, tags or kind (it stays on its paragraph)."""
        change = self._index.replace(annotation)
        if change is None:
            return
        self._panes.panel.replace_annotation(annotation)
        self._show(change)
        if highlight:
            self._panes.panel.highlight_annotation(annotation.id)

    def removed(self, annotation_id: str) -> None:
        """Drop an annotation from view (a delete, or a failed write taken back)."""
        change = self._index.remove(annotation_id)
        if change is not None:
            self._panes.panel.remove_annotation(annotation_id)
            self._show(change)

    def confirm(self, stored: Annotation | None) -> None:
        """A write ended: show the stored version (its document, times and tags as stored).

        Its place stays the one shown: a note of another copy of the work is stored
        with its place on that copy, and shows here at its place on this one.
        """
        shown = None if stored is None else self._index.shown(stored.id)
        if stored is not None and shown is not None:
            placed = replace(
                stored,
                anchor=shown.anchor,
                status=shown.status,
                suggestion=shown.suggestion,
                digest=shown.digest,
            )
            self.replaced(placed, highlight=False)

    def _show(self, change: Change) -> None:
        """The tags, the paragraph's mark and its sections' counts follow a change."""
        if change.tags_changed:
            self._panes.panel.set_tags(self._index.tags())
        view = self._panes.view
        if change.position is not None and view is not None:
            view.show_paragraph_passages(
                change.position, self._index.passage_marks_at(change.position)
            )
            if change.mark_changed:
                view.set_mark(change.position, change.mark)
        if change.position is not None and change.mark_changed and change.count:
            self._panes.outline.count_changed(change.position, change.count)
        self._changed()
