"""The reader's annotating: notes, tags, highlights and bookmarks, shown at once, stored after.

A mixin of :class:`~reader.tui.screens.reader.ReaderScreen`. Every change shows
in the panes at once and goes to the store through the screen's
:class:`~reader.tui.writer.StoreWriter`, off the UI thread; a failed write takes
back what it showed (an editor reopens with what was typed, so nothing is lost).
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import replace
from typing import TYPE_CHECKING

from textual import on

from reader.annotation import (
    AnchorStatus,
    Annotation,
    AnnotationKind,
    DocumentRef,
    new_annotation_id,
    utc_now,
)
from reader.errors import ReaderError
from reader.model import Document
from reader.tui.screens.typed_ahead import TypedAhead
from reader.tui.tag_counts import TagCounts
from reader.tui.widgets.document_view import DocumentView
from reader.tui.writer import StoreWriter, WriteFinished

if TYPE_CHECKING:
    from reader.store import AnnotationStore
    from reader.tui.screens.editor import EditorScreen
    from reader.tui.widgets.annotations_panel import AnnotationsPanel
    from reader.tui.widgets.outline import Outline

__all__ = ["ReaderAnnotating"]

_KIND_PRIORITY = (AnnotationKind.NOTE, AnnotationKind.HIGHLIGHT, AnnotationKind.BOOKMARK)


class ReaderAnnotating(TypedAhead):
    """Owns the annotations of the document and keeps the panes in step with them.

    Each annotation is placed on its paragraph once; a change then updates one
    panel entry, one gutter mark, one section count and the tag list.
    """

    def __init__(self) -> None:
        super().__init__()
        self.annotations: list[Annotation] = []
        self._positions: dict[str, int | None] = {}
        self._by_paragraph: dict[int, list[Annotation]] = {}
        self._marks: dict[int, AnnotationKind] = {}
        self._tags = TagCounts()
        self._deleted: list[tuple[Annotation, Future[Annotation]]] = []
        """Deleted annotations ``u`` brings back, each with its delete (running or done)."""

    if TYPE_CHECKING:  # provided by ReaderScreen
        document: Document | None
        _store: AnnotationStore
        _writer: StoreWriter

        @property
        def outline(self) -> Outline: ...

        @property
        def panel(self) -> AnnotationsPanel: ...

        @property
        def view(self) -> DocumentView | None: ...

        def _update_status(self) -> None: ...

    def _current(self) -> int | None:
        document, view = self.document, self.view
        if document is None or view is None or not document.paragraphs:
            return None
        return view.current

    def _at(self, index: int) -> list[Annotation]:
        return self._by_paragraph.get(index, [])

    def selected_annotation(self) -> Annotation | None:
        """What ``e`` and ``d`` act on.

        The annotation under the panel's cursor when the panel has focus or that
        annotation is on the current paragraph; otherwise the current paragraph's
        first annotation.
        """
        index = self._current()
        chosen = self.panel.highlighted
        if chosen is not None and (
            self.panel.has_focus_within or self._positions.get(chosen.id) == index
        ):
            return chosen
        here = self._at(index) if index is not None else []
        return here[0] if here else None

    def _editor(
        self,
        title: str,
        index: int,
        save: Callable[[str, list[str]], None],
        *,
        note: str = "",
        tags: Sequence[str] = (),
        tags_only: bool = False,
        unsaved: bool = False,
    ) -> EditorScreen:
        from reader.tui.screens.editor import EditorScreen  # imported when first needed

        document = self.document
        assert document is not None
        try:
            known_tags = list(self._writer.call(self._store.tags))
        except ReaderError as error:
            self._store_error(error)
            known_tags = []
        path = document.section_path(document.paragraphs[index].section)
        where = f" · {path[-1]}" if path else ""
        return EditorScreen(
            title=f"{title} · ¶ {index + 1}{where}",
            quote=document.paragraphs[index].text,
            save=save,
            note=note,
            tags=tags,
            known_tags=known_tags,
            tags_only=tags_only,
            unsaved=unsaved,
        )

    def action_annotate(self) -> None:
        """Write a note (with tags) on the current paragraph."""
        index = self._current()
        if index is None:
            self._release_typed_ahead()
            return
        self.app.push_screen(self._new_note_editor("New note", index))
        self._release_typed_ahead()

    def _new_note_editor(
        self,
        title: str,
        index: int,
        *,
        note: str = "",
        tags: Sequence[str] = (),
        tags_only: bool = False,
        unsaved: bool = False,
    ) -> EditorScreen:
        """An editor whose text becomes a new note; should the write fail, it opens again."""

        def save(typed: str, typed_tags: list[str]) -> None:
            def reopen() -> None:
                editor = self._new_note_editor(
                    title, index, note=typed, tags=typed_tags, tags_only=tags_only, unsaved=True
                )
                self.app.push_screen(editor)

            self._create(index, AnnotationKind.NOTE, typed, typed_tags, failed=reopen)

        return self._editor(
            title, index, save, note=note, tags=tags, tags_only=tags_only, unsaved=unsaved
        )

    def _change_editor(
        self,
        title: str,
        index: int,
        target: Annotation,
        *,
        note: str,
        tags: Sequence[str],
        tags_only: bool = False,
        unsaved: bool = False,
    ) -> EditorScreen:
        """An editor changing ``target``'s note and tags; should the write fail, it opens again."""

        def save(typed: str, typed_tags: list[str]) -> None:
            def reopen() -> None:
                editor = self._change_editor(
                    title,
                    index,
                    target,
                    note=typed,
                    tags=typed_tags,
                    tags_only=tags_only,
                    unsaved=True,
                )
                self.app.push_screen(editor)

            self._change(target.id, None if tags_only else typed, typed_tags, failed=reopen)

        return self._editor(
            title, index, save, note=note, tags=tags, tags_only=tags_only, unsaved=unsaved
        )

    def action_tag(self) -> None:
        """Tag the current paragraph: its selected annotation, else a new tags-only note."""
        index = self._current()
        if index is None:
            self._release_typed_ahead()
            return
        target = self.selected_annotation()
        if target is not None and self._positions.get(target.id) == index:
            screen = self._change_editor(
                "Tags", index, target, note=target.note, tags=target.tags, tags_only=True
            )
        else:
            screen = self._new_note_editor("Tags", index, tags_only=True)
        self.app.push_screen(screen)
        self._release_typed_ahead()

    def action_toggle_kind(self, kind: str) -> None:
        """Highlight or bookmark the current paragraph; again removes it (``u`` undoes)."""
        index = self._current()
        if index is None:
            return
        wanted = AnnotationKind(kind)
        existing = [a for a in self._at(index) if a.kind is wanted and not a.note and not a.tags]
        if existing:
            self._delete(existing[0])
            self.notify(f"{wanted.value.capitalize()} removed · u undoes", markup=False)
        else:
            self._create(index, wanted, "", [])
            self.notify(f"{wanted.value.capitalize()}ed", markup=False, timeout=2)

    def action_edit(self) -> None:
        """Edit the selected annotation's note and tags."""
        target = self.selected_annotation()
        index = self._positions.get(target.id) if target is not None else None
        if target is None:
            self.notify("No annotation here to edit: a adds a note", markup=False)
            self._release_typed_ahead()
            return
        if index is None:
            index = self._current() or 0
        title = f"Edit {target.kind.value}"
        self.app.push_screen(
            self._change_editor(title, index, target, note=target.note, tags=target.tags)
        )
        self._release_typed_ahead()

    def action_delete(self) -> None:
        """Delete the selected annotation (``u`` brings it back)."""
        target = self.selected_annotation()
        if target is None:
            self.notify("No annotation here to delete", markup=False)
            return
        self._delete(target)
        self.notify(f"{target.kind.value.capitalize()} deleted · u undoes", markup=False)

    def action_undo(self) -> None:
        """Bring back the last deleted annotation."""
        if not self._deleted:
            self.notify("Nothing to undo", markup=False, timeout=2)
            return
        annotation, removal = self._deleted.pop()
        store = self._store

        def restore() -> Annotation | None:
            try:
                removed = removal.result()  # done: the writer runs one thing at a time
            except ReaderError as error:
                if _never_stored(error):
                    raise  # its own write failed: there is nothing to bring back
                return None  # the delete failed, so the annotation is still stored
            store.restore(removed)
            return removed

        def failed(error: ReaderError) -> None:
            self._store_error(error)
            self._withdraw(annotation.id)
            if not _never_stored(error):
                self._deleted.append((annotation, removal))  # u can try again

        self._added(annotation)
        self._writer.submit(restore, stored=self._confirm, failed=failed)
        self.notify(f"{annotation.kind.value.capitalize()} restored", markup=False, timeout=2)

    # The store's side: writes in the background ------------------------------

    def _create(
        self,
        index: int,
        kind: AnnotationKind,
        note: str,
        tags: list[str],
        *,
        failed: Callable[[], None] | None = None,
    ) -> None:
        """Show a new annotation now and store it in the background.

        Its id is chosen here so later changes (a delete typed before the write
        ends) name it. Should the write fail it disappears again and ``failed``
        runs (an editor reopens with the note, so nothing typed is lost).
        """
        document = self.document
        assert document is not None
        annotation_id = new_annotation_id()
        self._added(self._draft(document, index, annotation_id, kind, note, tags))
        store = self._store

        def withdraw(error: ReaderError) -> None:
            self._store_error(error)
            self._withdraw(annotation_id)
            if failed is not None:
                failed()

        self._writer.submit(
            lambda: store.add(document, index, kind=kind, note=note, tags=tags, id=annotation_id),
            stored=self._confirm,
            failed=withdraw,
        )

    def _draft(
        self,
        document: Document,
        index: int,
        annotation_id: str,
        kind: AnnotationKind,
        note: str,
        tags: list[str],
    ) -> Annotation:
        """The annotation as the store will keep it (its stored copy replaces it when written)."""
        from reader.reanchor import make_selector  # imported when first needed

        ref = self._document_ref
        if ref is None:
            path = "" if document.path is None else str(document.path)
            ref = DocumentRef("", document.fingerprint, path, document.title)
        now = utc_now()
        return Annotation(
            id=annotation_id,
            document=ref,
            anchor=document.paragraphs[index].anchor,
            selector=make_selector(document, index),
            kind=kind,
            note=note,
            tags=tuple(tags),
            created=now,
            updated=now,
        )

    @property
    def _document_ref(self) -> DocumentRef | None:
        """How the store names this document, once any of its annotations was stored."""
        return self.annotations[0].document if self.annotations else None

    def _change(
        self,
        annotation_id: str,
        note: str | None,
        tags: list[str],
        *,
        failed: Callable[[], None],
    ) -> None:
        """Show an annotation's new note and tags now; store them in the background.

        Should the write fail the annotation shows as it was and ``failed`` runs.
        """
        old = self._shown(annotation_id)
        if old is None:
            return
        draft = replace(old, note=old.note if note is None else note, tags=tuple(tags))
        self._replaced(draft)
        store = self._store

        def undo(error: ReaderError) -> None:
            self._store_error(error)
            if self._shown(annotation_id) is draft:  # not changed again since
                self._replaced(old, highlight=False)
            failed()

        self._writer.submit(
            lambda: store.update(annotation_id, note=note, tags=tags),
            stored=self._confirm,
            failed=undo,
        )

    def _delete(self, target: Annotation) -> None:
        """Hide an annotation now and delete it in the background (``u`` brings it back).

        Should the delete fail the annotation shows again, unless ``u`` already
        brought it back or it was never stored (its own write failed).
        """
        shown = self._shown(target.id)
        if shown is None:
            return
        store = self._store

        def failed(error: ReaderError) -> None:
            self._deleted = [(a, f) for a, f in self._deleted if f is not removal]
            if _never_stored(error):
                return
            self._store_error(error)
            if self._shown(shown.id) is None:
                self._added(shown)

        removal = self._writer.submit(lambda: store.delete(shown.id), failed=failed)
        self._deleted.append((shown, removal))
        self._deleted_one(shown)

    def _confirm(self, stored: Annotation | None) -> None:
        """A write ended: show the stored version (its document, times and tags as stored)."""
        if stored is not None and self._shown(stored.id) is not None:
            self._replaced(stored, highlight=False)

    def _withdraw(self, annotation_id: str) -> None:
        """Take back an annotation shown before its write failed."""
        shown = self._shown(annotation_id)
        if shown is not None:
            self._deleted_one(shown)

    @on(WriteFinished)
    def _write_finished(self, message: WriteFinished) -> None:
        """A background write ended: confirm what it stored or undo what it showed."""
        message.stop()
        message.report()

    def _shown(self, annotation_id: str) -> Annotation | None:
        """The version of an annotation shown now, if it is shown."""
        if annotation_id not in self._positions:
            return None
        position = self._positions[annotation_id]
        candidates = self.annotations if position is None else self._at(position)
        return next((a for a in candidates if a.id == annotation_id), None)

    def _added(self, annotation: Annotation) -> None:
        """Show a new (or restored) annotation: one entry, one mark, one count."""
        position = self._position_of(annotation)
        self._positions[annotation.id] = position
        insort(self.annotations, annotation, key=self._order)
        if position is not None:
            self._by_paragraph.setdefault(position, []).append(annotation)
        new_tags = self._tags.add(annotation.tags)
        self.panel.add_annotation(annotation, position)
        if new_tags:
            self.panel.set_tags(self._tags.forms())
        self._paragraph_changed(position, 1)
        self.panel.highlight_annotation(annotation.id)

    def _replaced(self, annotation: Annotation, *, highlight: bool = True) -> None:
        """Show an annotation's new note, tags or kind (it stays on its paragraph)."""
        old = self._shown(annotation.id)
        if old is None or old == annotation:
            return
        self.annotations[self._index_of(old)] = annotation
        position = self._positions.get(annotation.id)
        if position is not None:
            here = self._by_paragraph[position]
            here[here.index(old)] = annotation
        vanished = self._tags.remove(old.tags)
        if self._tags.add(annotation.tags) or vanished:
            self.panel.set_tags(self._tags.forms())
        self.panel.replace_annotation(annotation)
        if old.kind is not annotation.kind:
            self._paragraph_changed(position, 0)
        if highlight:
            self.panel.highlight_annotation(annotation.id)

    def _deleted_one(self, shown: Annotation) -> None:
        """Drop an annotation from view (a delete, or a failed write taken back)."""
        self.annotations.pop(self._index_of(shown))
        position = self._positions.pop(shown.id, None)
        if position is not None:
            self._by_paragraph[position].remove(shown)
            if not self._by_paragraph[position]:
                del self._by_paragraph[position]
        if self._tags.remove(shown.tags):
            self.panel.set_tags(self._tags.forms())
        self.panel.remove_annotation(shown.id)
        self._paragraph_changed(position, -1)

    def _index_of(self, shown: Annotation) -> int:
        """Where a shown annotation is in :attr:`annotations`.

        Found by bisection to its paragraph, then a step at a time: a stored
        copy's creation time may be a little later than its draft's, so the
        order within one paragraph is not to be relied on.
        """
        paragraph = self._order(shown)[:2]
        index = bisect_left(self.annotations, paragraph, key=lambda a: self._order(a)[:2])
        while self.annotations[index] is not shown:
            index += 1
        return index

    def _position_of(self, annotation: Annotation) -> int | None:
        """The paragraph an annotation is on now (``None`` for an orphan)."""
        document = self.document
        assert document is not None
        if annotation.status is AnchorStatus.ORPHANED:
            return None
        paragraph = document.paragraph_by_anchor(annotation.anchor)
        return None if paragraph is None else paragraph.index

    def _order(self, annotation: Annotation) -> tuple[bool, int, float]:
        from reader.tui.widgets.annotations_panel import annotation_order

        return annotation_order(annotation, self._positions.get(annotation.id))

    def _annotations_changed(self) -> None:
        """Place, sort and show every annotation (once, when the document is loaded)."""
        document = self.document
        if document is None:
            return
        self._positions = {a.id: self._position_of(a) for a in self.annotations}
        self.annotations.sort(key=self._order)
        self._by_paragraph = {}
        for annotation in self.annotations:
            position = self._positions[annotation.id]
            if position is not None:
                self._by_paragraph.setdefault(position, []).append(annotation)
        self._marks = {p: _strongest(here) for p, here in self._by_paragraph.items()}
        self._tags = TagCounts()
        for annotation in self.annotations:
            self._tags.add(annotation.tags)
        self.panel.show_annotations(document, self.annotations, self._positions, self._tags.forms())
        view = self.view
        if view is not None:
            self.panel.current_paragraph = view.current
            view.set_marks(self._marks)
        self.outline.update_counts(self._placed())
        self._update_status()

    def _paragraph_changed(self, position: int | None, change: int) -> None:
        """A paragraph gained (``change`` 1), lost (-1) or changed (0) an annotation.

        Its mark, its sections' counts and the status line follow, each for this
        paragraph alone.
        """
        view = self.view
        if position is not None:
            here = self._by_paragraph.get(position)
            if here:
                self._marks[position] = _strongest(here)
            else:
                self._marks.pop(position, None)
            if view is not None:
                view.set_mark(position, self._marks.get(position))
            if change:
                self.outline.count_changed(position, change)
        self._update_status()

    def _placed(self) -> list[int]:
        return [p for p, here in self._by_paragraph.items() for _ in here]

    def _store_error(self, error: ReaderError) -> None:
        self.notify(
            f"{error}. Your notes on disk are untouched; run 'reader doctor' to check the store.",
            title="Store problem",
            severity="error",
            markup=False,
            timeout=10,
        )


def _never_stored(error: ReaderError) -> bool:
    """True when a write failed because its annotation is not in the store at all."""
    from reader.store import AnnotationNotFoundError  # imported when first needed

    return isinstance(error, AnnotationNotFoundError)


def _strongest(annotations: Sequence[Annotation]) -> AnnotationKind:
    """The kind a paragraph's gutter mark shows: a note over a highlight over a bookmark."""
    return min((a.kind for a in annotations), key=_KIND_PRIORITY.index)
