"""Annotating in the reader: notes, tags, highlights and bookmarks, shown at once, stored after.

An :class:`Annotator` holds the document's annotations (an
:class:`~reader.tui.annotation_index.AnnotationIndex`) and carries out what the
annotation keys ask for: every change shows in the panes at once and goes to the
store through the screen's :class:`~reader.tui.writer.StoreWriter`, off the UI
thread; a failed write takes back what it showed (an editor reopens with what
was typed, so nothing is lost).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from textual.screen import Screen

from reader.annotation import (
    KINDS,
    AnchorStatus,
    Annotation,
    AnnotationKind,
    DocumentRef,
    Passage,
    make_passage,
    new_annotation,
    paragraph_label,
)
from reader.errors import ReaderError
from reader.model import Document
from reader.tui.annotation_display import AnnotationDisplay
from reader.tui.annotation_index import AnnotationIndex
from reader.tui.annotation_review import REVIEW_KEYS, review_step
from reader.tui.highlight_color import DEFAULT_COLOR, valid_color
from reader.tui.reviewer import Reviewer
from reader.tui.widgets.reader_panes import ReaderPanes
from reader.tui.writer import StoreWriter, report_store_problem

if TYPE_CHECKING:
    from reader.store import AnnotationStore

__all__ = ["Annotator", "key_applies"]


@dataclass(frozen=True, slots=True)
class _Draft:
    """What an editor is about: a paragraph, and the annotation it changes (``None``: a new note).

    Attributes:
        title: The editor's title, before the paragraph's number and section.
        index: The paragraph.
        target: The annotation changed, or ``None`` for a new note.
        tags_only: Only the tags are edited (``t``).
        passage: The passage a new note covers (``None``: the whole paragraph).
    """

    title: str
    index: int
    target: Annotation | None = None
    tags_only: bool = False
    passage: Passage | None = None


class Annotator:
    """The annotations of the document shown, and the keys that change them.

    The screen hands it the panes it keeps in step (attributes down) and calls
    ``changed`` after each change so the status line's count follows.
    """

    def __init__(
        self,
        screen: Screen[None],
        index: AnnotationIndex,
        *,
        store: AnnotationStore,
        writer: StoreWriter,
        panes: ReaderPanes,
        changed: Callable[[], None],
    ) -> None:
        self._screen = screen
        self.index = index
        self._store = store
        self._writer = writer
        self._panes = panes
        self._display = AnnotationDisplay(index, panes, changed)
        self.reviewer = Reviewer(
            screen, index, store=store, writer=writer, panes=panes, display=self._display
        )
        """The review keys (``r``, ``Y``, ``p``) and the notice of what a new version did."""
        self._deleted: list[tuple[Annotation, Future[Annotation]]] = []
        """Deleted annotations ``u`` brings back, each with its delete (running or done)."""

    @property
    def document(self) -> Document:
        """The document annotated."""
        return self.index.document

    def show_all(self) -> None:
        """Show every annotation: the list, the gutter marks, the sections' counts.

        Moved and orphaned annotations wait for a review at the bottom of the list;
        what a new version of the document did is told once (:meth:`Reviewer.tell_change`).
        """
        index, panel = self.index, self._panes.panel
        panel.show_annotations(self.document, index.annotations, index.positions, index.tags())
        view = self._panes.view
        if view is not None:
            panel.current_paragraph = view.current
            view.set_marks(index.marks)
            view.show_passages(index.passage_marks())
        self._panes.outline.update_counts(index.placed())
        self._screen.refresh_bindings()  # the review keys show when there is a review
        self.reviewer.tell_change()

    def _current(self) -> int | None:
        view = self._panes.view
        if view is None or not self.document.paragraphs:
            return None
        return view.current

    def selected(self) -> Annotation | None:
        """What ``e`` and ``d`` act on.

        The annotation under the panel's cursor when the panel has focus or that
        annotation is on the current paragraph; otherwise the current paragraph's
        first annotation.
        """
        current = self._current()
        panel = self._panes.panel
        chosen = panel.highlighted
        if chosen is not None and (
            panel.has_focus_within or self.index.position(chosen.id) == current
        ):
            return chosen
        here = self.index.at(current) if current is not None else ()
        return here[0] if here else None

    def go_to(self, annotation_id: str) -> None:
        """Make an annotation's paragraph current (an orphan has none: say so)."""
        view = self._panes.view
        if view is None:
            return
        shown = self.index.shown(annotation_id)
        if shown is not None and shown.status is not AnchorStatus.ATTACHED:
            self.reviewer.show(review_step(shown, self.document))
            return
        index = self.index.position(annotation_id)
        if index is None:
            return
        view.goto(index)
        view.focus()
        self._panes.panel.highlight_annotation(annotation_id)

    # The review keys (see :class:`~reader.tui.reviewer.Reviewer`) ------------------

    def review(self) -> None:
        """Go to the next moved or orphaned annotation (``r``)."""
        self.reviewer.review()

    def accept(self) -> None:
        """Attach the annotation reviewed where re-anchoring proposed (``Y``)."""
        self.reviewer.accept()

    def attach_here(self) -> None:
        """Attach the annotation reviewed (or the pane's) to the current paragraph (``p``)."""
        self.reviewer.attach_here(self._current())

    # What the keys ask for (the screen's ``annotation`` action) ---------------

    def annotate(self) -> None:
        """Write a note (with tags) on the selected passage, else on the current paragraph."""
        current = self._current()
        if current is not None:
            self._edit(_Draft("New note", current, passage=self._take_selection(current)))

    def tag(self) -> None:
        """Tag the selected passage (a new tags-only note), else the current paragraph's
        selected annotation, else the current paragraph (a new tags-only note)."""
        current = self._current()
        if current is None:
            return
        passage = self._take_selection(current)
        if passage is not None:
            self._edit(_Draft("Tags", current, tags_only=True, passage=passage))
            return
        target = self.selected()
        if target is not None and self.index.position(target.id) == current:
            self._edit(_Draft("Tags", current, target, tags_only=True), target.note, target.tags)
        else:
            self._edit(_Draft("Tags", current, tags_only=True))

    def edit(self) -> None:
        """Edit the selected annotation's note and tags."""
        target = self.selected()
        if target is None:
            self._screen.notify("No annotation here to edit: a adds a note", markup=False)
            return
        position = self.index.position(target.id)
        if position is None:
            position = self._current() or 0
        draft = _Draft(f"Edit {target.kind.value}", position, target)
        self._edit(draft, target.note, target.tags)

    def toggle(self, kind_name: str) -> None:
        """Highlight or bookmark the selected passage, else the current paragraph; again
        (on the paragraph) removes it (``u`` undoes). Highlights take the chosen colour."""
        current = self._current()
        if current is None:
            return
        kind = AnnotationKind(kind_name)
        color = self.color if kind is AnnotationKind.HIGHLIGHT else None
        passage = self._take_selection(current)
        here = self.index.at(current)
        existing = [
            a for a in here if a.kind is kind and not a.note and not a.tags and a.passage is None
        ]
        if existing and passage is None:
            self._delete(existing[0])
            self._screen.notify(f"{KINDS[kind].name} removed · u undoes", markup=False)
        else:
            self._create(current, kind, "", [], passage=passage, color=color)
            done = KINDS[kind].done if color is None else f"{KINDS[kind].done} in {color}"
            self._screen.notify(done, markup=False, timeout=2)

    def recolour(self, color: str) -> None:
        """Give the highlight that ``e`` and ``d`` act on ``color``, just chosen with ``c``
        (the app takes it for new highlights as well)."""
        target = self.selected()
        if target is None or target.kind is not AnnotationKind.HIGHLIGHT or target.color == color:
            return
        self._change(target.id, None, None, failed=lambda: None, color=color)

    @property
    def color(self) -> str:
        """The colour new highlights take (the app's, chosen with ``c``)."""
        return valid_color(getattr(self._screen.app, "highlight_color", None)) or DEFAULT_COLOR

    def _take_selection(self, current: int) -> Passage | None:
        """The passage selected in the current paragraph, if any; the selection ends."""
        view = self._panes.view
        span = None if view is None else view.selected_span()
        if view is not None:
            view.leave_selection()
        if span is None or span[0] != current:
            return None
        return make_passage(self.document.paragraphs[current].text, span[1], span[2])

    def delete(self) -> None:
        """Delete the selected annotation (``u`` brings it back)."""
        target = self.selected()
        if target is None:
            self._screen.notify("No annotation here to delete", markup=False)
            return
        self._delete(target)
        self._screen.notify(f"{KINDS[target.kind].name} deleted · u undoes", markup=False)

    def undo(self) -> None:
        """Bring back the last deleted annotation."""
        if not self._deleted:
            self._screen.notify("Nothing to undo", markup=False, timeout=2)
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
            report_store_problem(self._screen, error)
            self._display.removed(annotation.id)
            if not _never_stored(error):
                self._deleted.append((annotation, removal))  # u can try again

        self._display.added(annotation)
        self._writer.submit(restore, stored=self._display.confirm, failed=failed)
        self._screen.notify(f"{KINDS[annotation.kind].name} restored", markup=False, timeout=2)

    def export(self) -> None:
        """Write the document's notes as Markdown to the export folder."""
        from reader.export import export_folder, write_markdown_export  # imported when used

        annotations = self.index.annotations
        try:
            folder = self._writer.call(lambda: export_folder(self._store))
            path = write_markdown_export(self.document, annotations, folder)
        except ReaderError as error:
            self._screen.notify(str(error), title="Export failed", severity="error", markup=False)
            return
        count = len(annotations)
        self._screen.notify(
            f"Exported {count} annotation{'' if count == 1 else 's'} to {path}",
            title="Markdown export",
            markup=False,
        )

    # The editor -------------------------------------------------------------

    def _edit(
        self, draft: _Draft, note: str = "", tags: Sequence[str] = (), *, unsaved: bool = False
    ) -> None:
        """Open the editor on ``draft``; saving creates or changes the annotation.

        Should the write fail, the editor opens again with what was typed.
        """
        from reader.tui.screens.editor import EditorScreen  # imported when first needed

        def save(typed: str, typed_tags: list[str]) -> None:
            def reopen() -> None:
                self._edit(draft, typed, typed_tags, unsaved=True)

            if draft.target is None:
                self._create(
                    draft.index,
                    AnnotationKind.NOTE,
                    typed,
                    typed_tags,
                    failed=reopen,
                    passage=draft.passage,
                )
            else:
                note = None if draft.tags_only else typed
                self._change(draft.target.id, note, typed_tags, failed=reopen)

        try:
            known_tags = list(self._writer.call(self._store.tags))
        except ReaderError as error:
            report_store_problem(self._screen, error)
            known_tags = []
        document, paragraph = self.document, self.document.paragraphs[draft.index]
        path = document.section_path(paragraph.section)
        where = f" · {path[-1]}" if path else ""
        passage = draft.passage
        if passage is None and draft.target is not None:
            passage = draft.target.passage
        editor = EditorScreen(
            title=f"{draft.title} · {paragraph_label(draft.index)}{where}",
            quote=paragraph.text if passage is None else passage.exact,
            save=save,
            note=note,
            tags=tags,
            known_tags=known_tags,
            tags_only=draft.tags_only,
            unsaved=unsaved,
        )
        self._screen.app.push_screen(editor)

    # The store's side: writes in the background ------------------------------

    def _create(
        self,
        index: int,
        kind: AnnotationKind,
        note: str,
        tags: list[str],
        *,
        failed: Callable[[], None] | None = None,
        passage: Passage | None = None,
        color: str | None = None,
    ) -> None:
        """Show a new annotation now and store it in the background.

        Its id is chosen here so later changes (a delete typed before the write
        ends) name it. Should the write fail it disappears again and ``failed``
        runs (an editor reopens with the note, so nothing typed is lost).
        """
        document = self.document
        ref = self.index.ref
        if ref is None:
            path = "" if document.path is None else str(document.path)
            ref = DocumentRef("", document.fingerprint, path, document.title)
        draft = new_annotation(
            document, index, ref, kind=kind, note=note, tags=tags, passage=passage, color=color
        )
        self._display.added(draft)
        store = self._store

        def withdraw(error: ReaderError) -> None:
            report_store_problem(self._screen, error)
            self._display.removed(draft.id)
            if failed is not None:
                failed()

        self._writer.submit(
            lambda: store.add(
                document,
                index,
                kind=kind,
                note=note,
                tags=tags,
                id=draft.id,
                passage=passage,
                color=color,
            ),
            stored=self._display.confirm,
            failed=withdraw,
        )

    def _change(
        self,
        annotation_id: str,
        note: str | None,
        tags: list[str] | None,
        *,
        failed: Callable[[], None],
        color: str | None = None,
    ) -> None:
        """Show an annotation's new note, tags or colour now; store them in the background.

        ``None`` keeps a field as it is. Should the write fail the annotation
        shows as it was and ``failed`` runs.
        A new note is stored only over the note this app showed: if another
        process changed it meanwhile, the store keeps the edit in a file of its
        own (the notification says where) and the newer note shows.
        """
        old = self.index.shown(annotation_id)
        if old is None:
            return
        draft = replace(
            old,
            note=old.note if note is None else note,
            tags=old.tags if tags is None else tuple(tags),
            color=old.color if color is None else color,
        )
        self._display.replaced(draft)
        store = self._store

        def undo(error: ReaderError) -> None:
            from reader.store.errors import NoteChangedError  # the store is loaded by now

            report_store_problem(self._screen, error)
            if self.index.shown(annotation_id) is draft:  # not changed again since
                stored = old
                if isinstance(error, NoteChangedError):
                    stored = replace(old, note=error.current)
                self._display.replaced(stored, highlight=False)
            failed()

        from reader.store.editing import KEEP  # the store is loaded by now

        expected = None if note is None else old.note
        self._writer.submit(
            lambda: store.update(
                annotation_id,
                note=note,
                tags=tags,
                color=KEEP if color is None else color,
                expected_note=expected,
            ),
            stored=self._display.confirm,
            failed=undo,
        )

    def _delete(self, target: Annotation) -> None:
        """Hide an annotation now and delete it in the background (``u`` brings it back).

        Should the delete fail the annotation shows again, unless ``u`` already
        brought it back or it was never stored (its own write failed).
        """
        shown = self.index.shown(target.id)
        if shown is None:
            return
        store = self._store

        def failed(error: ReaderError) -> None:
            self._deleted = [(a, f) for a, f in self._deleted if f is not removal]
            if _never_stored(error):
                return
            report_store_problem(self._screen, error)
            if self.index.shown(shown.id) is None:
                self._display.added(shown)

        removal = self._writer.submit(lambda: store.delete(shown.id), failed=failed)
        self._deleted.append((shown, removal))
        self._display.removed(shown.id)


def key_applies(annotator: Annotator | None, name: str) -> bool | None:
    """Whether the annotation key running ``name`` shows and works now (the screen's
    ``check_action``): the review keys only while they have something to act on
    (:meth:`~reader.tui.reviewer.Reviewer.applies`), none before the document is read."""
    if annotator is None:
        return name not in REVIEW_KEYS
    return annotator.reviewer.applies(name)


def _never_stored(error: ReaderError) -> bool:
    """True when a write failed because its annotation is not in the store at all."""
    from reader.store import AnnotationNotFoundError  # imported when first needed

    return isinstance(error, AnnotationNotFoundError)
