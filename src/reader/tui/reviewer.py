"""Reviewing moved and orphaned annotations in the reader: ``r``, ``Y`` and ``p``.

After a new version of a document, some annotations sit on an edited paragraph
(moved) or on none (orphaned). A :class:`Reviewer` says once what the new version
did, goes to each such annotation in turn at the place re-anchoring proposes, and
attaches it there (``Y``) or to the current paragraph (``p``): shown at once,
recorded by the store in the background, so the next re-anchoring starts from it.
What to review and what each key acts on is worked out in
:mod:`reader.tui.annotation_review` (no Textual).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.screen import Screen

from reader.annotation import AnchorStatus, Annotation, paragraph_label
from reader.errors import ReaderError
from reader.tui.annotation_display import AnnotationDisplay
from reader.tui.annotation_index import AnnotationIndex
from reader.tui.annotation_review import (
    REVIEW_KEYS,
    ReviewStep,
    change_notice,
    key_state,
    next_to_review,
    proposed_place,
)
from reader.tui.widgets.reader_panes import ReaderPanes
from reader.tui.writer import StoreWriter, report_store_problem

if TYPE_CHECKING:
    from reader.store import AnnotationStore
    from reader.store.versions import VersionChange

__all__ = ["Reviewer"]


class Reviewer:
    """The review keys of the document shown, and the notice of what a new version did."""

    def __init__(
        self,
        screen: Screen[None],
        index: AnnotationIndex,
        *,
        store: AnnotationStore,
        writer: StoreWriter,
        panes: ReaderPanes,
        display: AnnotationDisplay,
    ) -> None:
        self._screen = screen
        self._index = index
        self._store = store
        self._writer = writer
        self._panes = panes
        self._display = display
        self._reviewing: str | None = None
        """The moved or orphaned annotation ``r`` (or choosing it) went to last."""

    def tell_change(self) -> None:
        """Say once what a new version did to the annotations (the store forgets it once
        taken: an untouched file says nothing); asked in the background."""
        store, document = self._store, self._index.document
        self._writer.submit(
            lambda: store.take_version_change(document),
            stored=self._told,
            failed=lambda error: report_store_problem(self._screen, error),
        )

    def _told(self, change: VersionChange | None) -> None:
        notice = change_notice(change)
        if notice is not None:
            message, severity = notice
            self._screen.notify(
                message, title="Document changed", severity=severity, markup=False, timeout=10
            )

    def review(self) -> None:
        """Go to the next moved or orphaned annotation, at its proposed place (``r``)."""
        step = next_to_review(self._index.annotations, self._index.document, self._reviewing)
        if step is None:
            self._screen.notify("No moved or orphaned annotation to review", markup=False)
            return
        self.show(step)

    def show(self, step: ReviewStep) -> None:
        """Show a moved or orphaned annotation's proposed place and make it ``Y``'s and ``p``'s."""
        self._reviewing = step.annotation.id
        view = self._panes.view
        if view is not None and step.place is not None:
            view.goto(step.place)
        self._panes.panel.highlight_annotation(step.annotation.id)
        self._screen.notify(step.message, title="Review", markup=False, timeout=10)
        self._screen.refresh_bindings()

    def applies(self, name: str) -> bool | None:
        """Whether the key running method ``name`` has something to act on now: ``True``,
        ``None`` (shown dimmed) or ``False`` (hidden); see :func:`key_state`."""
        if name not in REVIEW_KEYS:
            return True
        in_pane = self._panes.panel.has_focus_within
        target = None if name == "review" else self._target()
        return key_state(
            name, self._index.annotations, target, self._index.document, in_pane=in_pane
        )

    def accept(self) -> None:
        """Attach the annotation reviewed where re-anchoring proposed (``Y``)."""
        target = self._target()
        place = None if target is None else proposed_place(target, self._index.document)
        if target is None or place is None:
            self._screen.notify(
                "Nothing to accept here: r goes to the next moved or orphaned annotation",
                markup=False,
            )
            return
        self._place(target, place)

    def attach_here(self, current: int | None) -> None:
        """Attach the annotation reviewed (or the pane's) to paragraph ``current`` (``p``)."""
        target = self._target()
        if target is None or current is None:
            self._screen.notify(
                "No annotation chosen: r goes to the next moved or orphaned one", markup=False
            )
            return
        self._place(target, current)

    def _target(self) -> Annotation | None:
        """What ``Y`` and ``p`` act on: the entry under the pane's cursor while the pane
        has focus, else the moved or orphaned annotation being reviewed."""
        panel = self._panes.panel
        if panel.has_focus_within:
            return panel.highlighted
        shown = None if self._reviewing is None else self._index.shown(self._reviewing)
        return None if shown is None or shown.status is AnchorStatus.ATTACHED else shown

    def _place(self, target: Annotation, index: int) -> None:
        """Show ``target`` attached to paragraph ``index`` now; record it in the background."""
        from reader.store.reattaching import placed_on  # imported when first needed

        document, store, display = self._index.document, self._store, self._display
        placed = placed_on(target, document, index)
        display.removed(target.id)
        display.added(placed)

        def undo(error: ReaderError) -> None:
            report_store_problem(self._screen, error)
            if self._index.shown(target.id) is placed:  # not changed again since
                display.removed(placed.id)
                display.added(target)

        self._writer.submit(
            lambda: store.attach_to_paragraph(document, target.id, index),
            stored=display.confirm,
            failed=undo,
        )
        self._screen.notify(f"Attached to {paragraph_label(index)}", markup=False, timeout=2)
        self._screen.refresh_bindings()
