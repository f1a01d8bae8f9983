"""The reader: outline, document and annotations side by side, with a status line."""

from __future__ import annotations

import threading
import uuid
from bisect import bisect_left, insort
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container, Horizontal
from textual.css.scalar import Scalar
from textual.events import Key, Resize
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Footer, Input, LoadingIndicator
from textual.worker import get_current_worker

from reader.annotation import AnchorStatus, Annotation, AnnotationKind, DocumentRef, utc_now
from reader.errors import ReaderError
from reader.model import Document
from reader.readers import load_document, load_preview
from reader.tui.document_search import Found
from reader.tui.keys import BindingGroup
from reader.tui.layout import DocumentLayout
from reader.tui.tag_counts import TagCounts
from reader.tui.widgets.annotations_panel import (
    AnnotationList,
    AnnotationsPanel,
    annotation_order,
)
from reader.tui.widgets.document_view import DocumentView
from reader.tui.widgets.outline import Outline
from reader.tui.widgets.status_line import Status, StatusLine
from reader.tui.writer import StoreWriter, WriteFinished

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from reader.store import AnnotationStore
    from reader.tui.screens.editor import EditorScreen

__all__ = ["ReaderScreen"]

NARROW_WIDTH = 110
"""Below this many columns the side panels start hidden and show one at a time."""

TYPED_AHEAD_WAIT = 1.0
"""Seconds keys typed after ``a`` are held at most, should ``a`` open no editor."""

POSITION_SAVE_DELAY = 0.8
"""Seconds of stillness before the reading position is written to the store."""

SEARCH_DELAY = 0.12
"""Seconds of typing pause before the search field's query is searched for."""

SEARCH_FIELD_HEIGHT = 3
"""Rows of the search field, which floats over the bottom of the document (reader.tcss)."""

_SEARCH_GROUP = "document-search"

WAITS_FOR_DOCUMENT = frozenset(
    {
        "document.bottom",
        "document.next_section",
        "document.next_annotation",
        "document.previous_annotation",
        "reader.annotate",
        "reader.tag",
        "reader.highlight",
        "reader.bookmark",
        "reader.edit",
        "reader.delete",
        "reader.export",
    }
)
"""Binding ids whose action needs the whole document or its annotations: pressed while
a preview shows (the rest of the file still loading), they run once it has loaded."""

PREVIEW_PAINT_WAIT = 1.0
"""Seconds the loading thread waits at most for the preview to be on screen."""

LOADING_HINT = "loading the whole document…"
"""The status line's hint while a preview shows."""

_KIND_PRIORITY = (AnnotationKind.NOTE, AnnotationKind.HIGHLIGHT, AnnotationKind.BOOKMARK)
_PANEL_WIDTHS = (16, 80)
_PANEL_STEP = 4


class ReaderScreen(Screen[None]):
    """Reads one document: loads it in a worker, then shows it with its annotations.

    The screen owns the annotations of the document and keeps its children in
    step with them: widgets post messages (current paragraph changed, section or
    annotation chosen) and the screen sets their state. Every change goes to the
    store at once.
    """

    CSS_PATH = "reader.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "annotate", "Note", id="reader.annotate"),
        Binding("t", "tag", "Tag", id="reader.tag"),
        Binding("h", "toggle_kind('highlight')", "Highlight", id="reader.highlight"),
        Binding("m", "toggle_kind('bookmark')", "Bookmark", id="reader.bookmark"),
        Binding("e", "edit", "Edit", show=False, id="reader.edit"),
        Binding("d", "delete", "Delete", show=False, id="reader.delete"),
        Binding("u", "undo", "Undo delete", show=False, id="reader.undo"),
        Binding("slash", "search", "Search", id="reader.search"),
        Binding("x", "export", "Export", show=False, id="reader.export"),
        Binding("escape", "close_search", "Close search", show=False, id="reader.close_search"),
        Binding("o,tab", "next_pane", "Next pane", show=False, id="reader.next_pane"),
        Binding(
            "shift+tab", "previous_pane", "Previous pane", show=False, id="reader.previous_pane"
        ),
        Binding("O", "toggle_outline", "Outline", show=False, id="reader.toggle_outline"),
        Binding(
            "A", "toggle_annotations", "Annotations", show=False, id="reader.toggle_annotations"
        ),
        Binding(
            "less_than_sign",
            "resize_panels(-1)",
            "Narrower panels",
            show=False,
            id="reader.narrow_panels",
        ),
        Binding(
            "greater_than_sign",
            "resize_panels(1)",
            "Wider panels",
            show=False,
            id="reader.widen_panels",
        ),
        Binding("q", "back", "Back", id="reader.back"),
    ]

    show_outline: reactive[bool] = reactive(True, init=False)
    """Whether the outline pane is shown."""

    show_annotations: reactive[bool] = reactive(True, init=False)
    """Whether the annotations pane is shown."""

    panel_width: reactive[int] = reactive(32, init=False)
    """Width of each side pane, in columns (``<`` and ``>`` change it)."""

    class SearchFound(Message):
        """A search worker found the hits of ``query`` in ``document`` (posted from its thread).

        The document is named because a preview may have been replaced by the
        whole file while the search ran: positions in one are not hits in the other.
        """

        def __init__(self, found: Found, query: str, document: Document) -> None:
            self.found = found
            self.query = query
            self.document = document
            super().__init__()

    class LoadFailed(Message):
        """The document could not be read or its annotations not loaded."""

        def __init__(self, screen: ReaderScreen, error: ReaderError) -> None:
            self.screen = screen
            self.error = error
            super().__init__()

    def __init__(
        self,
        source: Path | Document,
        store: AnnotationStore,
        *,
        root: bool = True,
        start_at: str | None = None,
    ) -> None:
        """Read ``source`` (a file, or a document already read from standard input).

        Args:
            source: The file to open, or the document itself.
            store: Where annotations and the reading position live.
            root: True when this is the app's first screen (``q`` quits), False
                when opened from the library (``q`` goes back to it).
            start_at: Anchor of the paragraph to open at; ``None`` for where the
                reader left off.
        """
        super().__init__()
        self._source = source
        self._store = store
        self.root = root
        self.document: Document | None = None
        self.annotations: list[Annotation] = []
        self._positions: dict[str, int | None] = {}
        self._by_paragraph: dict[int, list[Annotation]] = {}
        self._typed_ahead: list[Key] | None = None
        self._marks: dict[int, AnnotationKind] = {}
        self._tags = TagCounts()
        self._deleted: list[tuple[Annotation, Future[Annotation]]] = []
        """Deleted annotations ``u`` brings back, each with its delete (running or done)."""
        self._writer = StoreWriter(self)
        """Every store change and read of this screen once loaded, in order, off the UI thread."""
        self._narrow: bool | None = None
        self._position_timer: Timer | None = None
        self._search_query = ""
        self._search_shown = ""
        """The query whose hits the document shows (the typed one once its search ends)."""
        self._search_timer: Timer | None = None
        self._start_at = start_at
        self._previewing = False
        """True while the view shows a preview and the whole document is being read."""
        self._waiting: list[tuple[DOMNode, str]] = []
        """Actions of keys pressed during the preview that need the whole document."""
        self._preview_painted = threading.Event()
        """Set once the preview is on screen: reading the whole file (pure Python, holding
        the GIL most of the time) starts only then, so it does not slow the first frame."""
        self._preview_start = 0
        """The paragraph the preview opens at (where the reader left off)."""

    @property
    def help_groups(self) -> Sequence[BindingGroup]:
        """The key groups shown by ``?`` and offered by the command palette."""
        from reader.tui.screens.editor import EditorScreen

        return (
            BindingGroup("Document", DocumentView),
            BindingGroup("Reader", ReaderScreen),
            BindingGroup("Outline", Outline),
            BindingGroup("Annotations panel", AnnotationList),
            BindingGroup("Note editor", EditorScreen),
        )

    # Layout -----------------------------------------------------------------

    def compose(self) -> ComposeResult:
        """Three panes, search field, status line (the footer follows the first frame).

        The document pane shows a large file's preview at once (see :meth:`_load`),
        else a loading indicator until the document is read.
        """
        preview = self._read_preview()
        with Horizontal(id="panes"):
            yield Outline(id="outline")
            with Container(id="document-pane"):
                if preview is None:
                    yield LoadingIndicator()
                else:
                    self._previewing = True
                    yield DocumentView(preview, id="document")
            yield AnnotationsPanel(id="annotations")
        yield Input(placeholder="search this document", id="search", classes="-hidden")
        yield StatusLine()

    def on_mount(self) -> None:
        """Show the preview at the reading position, if there is one; start loading.

        The footer is mounted once the first frame is on screen: its dozen key
        widgets, each restyled as the footer sizes itself, cost some 20 ms.
        """
        self.sub_title = str(self._source) if isinstance(self._source, Path) else self._source.title
        self._apply_panel_width()
        view = self.view
        if view is not None:
            self._watch_view(view)
            self.watch(view, "current", self._preview_status)
            if self._preview_start:
                view.goto(self._preview_start)
            self.call_after_refresh(self._preview_painted.set)
        self.call_after_refresh(self.mount, Footer())
        self._load()

    def on_resize(self, event: Resize) -> None:
        """Crossing the narrow breakpoint collapses or restores the side panes."""
        narrow = event.size.width < NARROW_WIDTH
        if narrow != self._narrow:
            self._narrow = narrow
            self.set_reactive(ReaderScreen.show_outline, not narrow)
            self.set_reactive(ReaderScreen.show_annotations, not narrow)
            self._apply_pane_classes()
            self._apply_panel_width()

    def watch_show_outline(self, show: bool) -> None:
        """Show or hide the outline (in a narrow terminal, one side pane at a time)."""
        if show and self._narrow:
            self.set_reactive(ReaderScreen.show_annotations, False)
        self._apply_pane_classes()

    def watch_show_annotations(self, show: bool) -> None:
        """Show or hide the annotations pane (one side pane at a time when narrow)."""
        if show and self._narrow:
            self.set_reactive(ReaderScreen.show_outline, False)
        self._apply_pane_classes()

    def _apply_pane_classes(self) -> None:
        """Set the layout classes in one restyle, then keep focus on a visible pane.

        Each class change restyles every widget on the screen (some 30 ms); a
        resize across the breakpoint changed three, one after the other.
        """
        self.update_classes(
            {
                "-narrow": bool(self._narrow),
                "-hide-outline": not self.show_outline,
                "-hide-annotations": not self.show_annotations,
            }
        )
        self._refocus_if_hidden()

    def watch_panel_width(self) -> None:
        """Apply the new side-pane width."""
        self._apply_panel_width()

    def _apply_panel_width(self) -> None:
        width = self.panel_width
        if self._narrow:
            width = max(_PANEL_WIDTHS[0], min(width, self.size.width // 2))
        for pane in (self.outline, self.panel):
            if pane.styles.width != Scalar.from_number(width):  # no layout pass for nothing
                pane.styles.width = width

    def _refocus_if_hidden(self) -> None:
        for pane, shown in ((self.outline, self.show_outline), (self.panel, self.show_annotations)):
            if not shown and _focused_in(pane, self.focused):
                self._focus_document()

    # Children ---------------------------------------------------------------

    @property
    def outline(self) -> Outline:
        """The outline pane."""
        return self.query_one(Outline)

    @property
    def panel(self) -> AnnotationsPanel:
        """The annotations pane."""
        return self.query_one(AnnotationsPanel)

    @property
    def view(self) -> DocumentView | None:
        """The document view, once the document is loaded."""
        views = self.query(DocumentView)
        return views.first() if views else None

    @property
    def status_line(self) -> StatusLine:
        """The status line."""
        return self.query_one(StatusLine)

    def _focus_document(self) -> None:
        view = self.view
        if view is not None:
            view.focus()

    # Loading ----------------------------------------------------------------

    @work(thread=True, exclusive=True, group="load-document")
    def _load(self) -> None:
        """Read the file and attach its annotations off the UI thread.

        A large file's first screen comes from a preview (its first ~64 KB, read
        in a few milliseconds by :meth:`compose`) while the whole file is read
        here, which takes half a second for a 5 MB book; the whole document then
        replaces the preview in place. Reading waits until the preview is on
        screen: it is pure Python, and sharing the interpreter with the UI thread
        would delay the first frame.
        """
        try:
            source = self._source
            if isinstance(source, Document):
                document = source
            else:
                if self._previewing:
                    self._preview_painted.wait(PREVIEW_PAINT_WAIT)
                document = load_document(source)
            annotations = self._store.attach(document)
        except ReaderError as error:
            self.post_message(self.LoadFailed(self, error))
            return
        width: int | None = self.app.call_from_thread(self._preview_width)
        layout = None if width is None else DocumentLayout(document, width)
        self.app.call_from_thread(self.call_later, self._show, document, annotations, layout)

    def _read_preview(self) -> Document | None:
        """The start of a large file, if reading starts within it (see :func:`load_preview`).

        When the reader left off past the preview the screen waits for the whole
        document instead: showing the first page and then jumping away would look
        like a glitch, and a key pressed in between would act on the wrong page.
        """
        source = self._source
        preview = load_preview(source) if isinstance(source, Path) else None
        if preview is None:
            return None
        anchor = self._start_at
        if anchor is None:
            try:
                anchor = self._store.reading_position(preview)  # found by the file's path
            except ReaderError:
                return None  # loading the whole document reports it
        if anchor is not None:
            paragraph = preview.paragraph_by_anchor(anchor)
            if paragraph is None:
                return None
            self._preview_start = paragraph.index
        return preview

    def _preview_width(self) -> int | None:
        """The text width of the preview shown, to lay the whole document out at it."""
        view = self.view
        return view.text_width if self._previewing and view is not None else None

    async def _mount_view(self, document: Document) -> DocumentView:
        pane = self.query_one("#document-pane")
        await pane.remove_children()
        view = DocumentView(document, id="document")
        await pane.mount(view)
        self._watch_view(view)
        return view

    def _watch_view(self, view: DocumentView) -> None:
        self.watch(view, "current", self._follow_position, init=False)
        view.focus()

    def _preview_status(self, index: int) -> None:
        """While the preview shows: the section and a "loading" hint (no counts yet)."""
        view = self.view
        if not self._previewing or view is None or not view.document.paragraphs:
            return
        path = view.document.section_path(view.document.paragraphs[index].section)
        self.status_line.status = Status(section=path[-1] if path else "", hint=LOADING_HINT)

    def on_key(self, event: Key) -> None:
        """While the preview shows, keep the keys that need the whole document for later."""
        if not self._previewing:
            return
        active = self.active_bindings.get(event.key)
        if active is not None and active.binding.id in WAITS_FOR_DOCUMENT:
            event.stop()
            event.prevent_default()
            self._waiting.append((active.node, active.binding.action))

    async def _show(
        self,
        document: Document,
        annotations: list[Annotation],
        layout: DocumentLayout | None = None,
    ) -> None:
        """Show the whole document (in place of its preview, if one shows) and fill the panes.

        Args:
            document: The document read.
            annotations: Its annotations, attached.
            layout: The document laid out at the preview's width (off the UI thread).
        """
        self.document = document
        self.sub_title = document.title
        self.annotations = annotations
        view = self.view
        if self._previewing and view is not None:
            self._previewing = False
            view.replace_document(document, layout)  # same paragraph, same scroll offset
            self.outline.show_document(document, [])
            self._annotations_changed()
            if view.current:
                self._follow_position(view.current)
        else:
            view = await self._mount_view(document)
            self.outline.show_document(document, [])
            self._annotations_changed()
            start = self._last_read(document)
            if start:
                view.goto(start)
        self._update_status()
        if self._search_query:
            self._search_shown = ""  # the hits shown were the preview's
            self._start_search()
        waiting, self._waiting = self._waiting, []
        for node, action in waiting:
            await self.app.run_action(action, node)
        if any(a.status is not AnchorStatus.ATTACHED for a in annotations):
            review = sum(a.status is not AnchorStatus.ATTACHED for a in annotations)
            self.notify(
                f"{review} annotation(s) moved or orphaned since the last reading: "
                "see the bottom of the annotations pane",
                title="Document changed",
                severity="warning",
                markup=False,
            )

    def _last_read(self, document: Document) -> int:
        if self._start_at is not None:
            wanted = document.paragraph_by_anchor(self._start_at)
            if wanted is not None:
                return wanted.index
        try:
            anchor = self._store.reading_position(document)
        except ReaderError as error:
            self._store_error(error)
            return 0
        paragraph = document.paragraph_by_anchor(anchor) if anchor else None
        return paragraph.index if paragraph is not None else 0

    # Following the reading position ----------------------------------------

    def _follow_position(self, index: int) -> None:
        """The reading position moved: outline, panel and status follow; save it soon.

        A watcher of the view's ``current``, not a handler of its CurrentChanged
        message: it runs within the key's own update, so the outline and the
        status line change in the same frame as the text rather than a frame
        (17 ms or more) later. Each step is cheap when nothing it shows changed.
        """
        document = self.document
        if document is None or not document.paragraphs:
            return
        self.outline.follow(document.paragraphs[index].section)
        self.panel.current_paragraph = index
        self._update_status()
        if self._position_timer is None:
            self._position_timer = self.set_timer(POSITION_SAVE_DELAY, self._save_position)
        else:
            self._position_timer.reset()

    def on_document_view_hit_changed(self, event: DocumentView.HitChanged) -> None:
        """A search hit was reached or the hits changed: refresh the "3/17" display."""
        event.stop()
        self._update_status()

    def _save_position(self) -> None:
        """Write the reading position (debounced: at most once per pause in movement)."""
        self._position_timer = None
        document, view = self.document, self.view
        if document is None or view is None or not document.paragraphs:
            return
        index = view.current
        progress = (index + 1) / len(document.paragraphs)
        anchor = document.paragraphs[index].anchor
        store = self._store
        self._writer.submit(
            lambda: store.set_reading_position(document, anchor, progress),
            failed=self._store_error,
        )

    def flush_position(self) -> None:
        """Save a pending reading position now (before leaving the screen or the app)."""
        if self._position_timer is not None:
            self._position_timer.stop()
            self._save_position()

    def _update_status(self) -> None:
        document, view = self.document, self.view
        if document is None or view is None or not document.paragraphs:
            return
        index = view.current
        path = document.section_path(document.paragraphs[index].section)
        search = ""
        if self._search_query:
            if self._search_query != self._search_shown:
                search = "…"
            elif view.hit_count == 0:
                search = "no match"
            elif view.hit_index is None:
                search = f"{view.hit_count} hits"
            else:
                search = f"{view.hit_index + 1}/{view.hit_count}"
        self.status_line.status = Status(
            section=path[-1] if path else "",
            percent=round((index + 1) * 100 / len(document.paragraphs)),
            annotations=len(self.annotations),
            search=search,
            hint="a note · / search · ? help",
        )

    # Panes talking back -----------------------------------------------------

    def on_outline_jump(self, event: Outline.Jump) -> None:
        """Go to the first paragraph of the chosen section."""
        document, view = self.document, self.view
        if document is None or view is None or not document.paragraphs:
            return
        start = document.sections[event.section].start
        view.goto(min(start, len(document.paragraphs) - 1))
        view.focus()

    def on_annotations_panel_selected(self, event: AnnotationsPanel.Selected) -> None:
        """Go to the chosen annotation's paragraph."""
        self.go_to_annotation(event.annotation.id)

    def go_to_annotation(self, annotation_id: str) -> None:
        """Make an annotation's paragraph current (an orphan has none: say so)."""
        view = self.view
        if view is None:
            return
        index = self._positions.get(annotation_id)
        if index is None:
            self.notify(
                "This annotation is orphaned: no paragraph matches its quote any more. "
                "Edit it (e) or delete it (d).",
                markup=False,
            )
            return
        view.goto(index)
        view.focus()
        self.panel.highlight_annotation(annotation_id)

    # Search -----------------------------------------------------------------

    def action_search(self) -> None:
        """Open the search field (incremental: hits show as you type)."""
        field = self.query_one("#search", Input)
        field.remove_class("-hidden")
        field.value = self._search_query
        field.focus()
        view = self.view
        if view is not None:
            view.covered_rows = SEARCH_FIELD_HEIGHT  # hits are shown above the field
            self._prepare_search(view)

    @work(thread=True, group="prepare-search")
    def _prepare_search(self, view: DocumentView) -> None:
        """Join the book's text for searching while the first letters are typed."""
        view.prepare_search()

    def on_input_changed(self, event: Input.Changed) -> None:
        """Search as the query is typed, once typing pauses for :data:`SEARCH_DELAY`.

        Searching a 5 MB book at every keystroke would make each letter wait for
        the one before; the first letters of a word are also the costliest
        queries (the most hits), and nobody wants their hits.
        """
        if event.input.id != "search":
            return
        event.stop()
        self._search_query = event.value
        if not event.value:
            self._cancel_search()
            self._show_search(Found("", []), "")
            return
        if self._search_timer is None:
            self._search_timer = self.set_timer(SEARCH_DELAY, self._start_search)
        else:
            self._search_timer.reset()
        self._update_status()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter keeps the hits (n/N step through them) and returns to the document.

        A search still waiting for typing to pause starts at once.
        """
        if event.input.id != "search":
            return
        event.stop()
        if self._search_timer is not None:
            self._start_search()
        self._hide_search_field()

    def action_close_search(self) -> None:
        """Escape: close the search field and clear the hits."""
        field = self.query_one("#search", Input)
        if field.has_class("-hidden") and not self._search_query:
            return
        self._hide_search_field()
        self._search_query = ""
        self._cancel_search()
        self._show_search(Found("", []), "")

    def _hide_search_field(self) -> None:
        self.query_one("#search", Input).add_class("-hidden")
        view = self.view
        if view is not None:
            view.covered_rows = 0
        self._focus_document()

    def _start_search(self) -> None:
        """Search for what is typed now, in a worker (a newer search cancels this one)."""
        if self._search_timer is not None:
            self._search_timer.stop()
            self._search_timer = None
        view = self.view
        if view is not None and self._search_query != self._search_shown:
            self._find(view, self._search_query)

    def _cancel_search(self) -> None:
        if self._search_timer is not None:
            self._search_timer.stop()
            self._search_timer = None
        self.workers.cancel_group(self, _SEARCH_GROUP)

    @work(thread=True, exclusive=True, group=_SEARCH_GROUP)
    def _find(self, view: DocumentView, query: str) -> None:
        """Scan the book off the UI thread; typing on cancels it between chunks."""
        worker = get_current_worker()
        document = view.document
        found = view.find(query, lambda: worker.is_cancelled)
        if found is not None and not worker.is_cancelled:
            self.post_message(self.SearchFound(found, query, document))

    def on_reader_screen_search_found(self, message: SearchFound) -> None:
        """Show the hits of a finished search, unless the query or the document changed since."""
        view = self.view
        if (
            message.query == self._search_query
            and view is not None
            and view.document is message.document
        ):
            self._show_search(message.found, message.query)

    def _show_search(self, found: Found, query: str) -> None:
        self._search_shown = query
        view = self.view
        if view is not None:
            view.show_found(found)
        self._update_status()

    # Annotating -------------------------------------------------------------

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

    @on(Key)
    def _hold_keys_typed_after_a(self, event: Key) -> None:
        """Keep the keys typed right after ``a`` for the editor it opens.

        Keys reach the app's bindings only after passing through the widgets, so
        keys typed fast after ``a`` are already past this screen when ``a`` opens
        the editor, and would be lost. From ``a`` until its action has run they are
        held here and then sent on (:meth:`_release_typed_ahead`), in order.
        """
        if self._typed_ahead is not None:
            event.stop()
            event.prevent_default()
            self._typed_ahead.append(event)
            return
        active = self.active_bindings.get(event.key)
        if active is None or active.binding.id != "reader.annotate" or self.document is None:
            return
        self._typed_ahead = []
        self.set_timer(TYPED_AHEAD_WAIT, self._release_typed_ahead)  # if a opens nothing

    def _release_typed_ahead(self) -> None:
        """Send on the keys held since ``a`` (to the editor, when it opened)."""
        held, self._typed_ahead = self._typed_ahead, None
        for key in held or ():
            self.app.post_message(Key(key.key, key.character))

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
            return
        target = self.selected_annotation()
        if target is not None and self._positions.get(target.id) == index:
            screen = self._change_editor(
                "Tags", index, target, note=target.note, tags=target.tags, tags_only=True
            )
        else:
            screen = self._new_note_editor("Tags", index, tags_only=True)
        self.app.push_screen(screen)

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
            return
        if index is None:
            index = self._current() or 0
        title = f"Edit {target.kind.value}"
        self.app.push_screen(
            self._change_editor(title, index, target, note=target.note, tags=target.tags)
        )

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
        annotation_id = str(uuid.uuid4())
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

    def action_export(self) -> None:
        """Write this document's notes as Markdown to the export folder."""
        from reader.export import export_folder, write_markdown_export  # imported when used

        document = self.document
        if document is None:
            return
        try:
            folder = self._writer.call(lambda: export_folder(self._store))
            path = write_markdown_export(document, self.annotations, folder)
        except ReaderError as error:
            self.notify(str(error), title="Export failed", severity="error", markup=False)
            return
        count = len(self.annotations)
        self.notify(
            f"Exported {count} annotation{'' if count == 1 else 's'} to {path}",
            title="Markdown export",
            markup=False,
        )

    # Panes and leaving ------------------------------------------------------

    def _panes(self) -> list[tuple[Widget, Widget]]:
        """The visible panes, each as (the pane, the widget that takes its focus)."""
        panes: list[tuple[Widget, Widget]] = []
        if self.show_outline:
            panes.append((self.outline, self.outline))
        view = self.view
        if view is not None:
            panes.append((view, view))
        if self.show_annotations:
            panes.append((self.panel, self.panel.option_list))
        return panes

    def _cycle_pane(self, step: int) -> None:
        panes = self._panes()
        if not panes:
            return
        current = next(
            (i for i, (pane, _) in enumerate(panes) if _focused_in(pane, self.focused)), None
        )
        target = 0 if current is None else (current + step) % len(panes)
        panes[target][1].focus()

    def action_next_pane(self) -> None:
        """Focus the next visible pane (outline → document → annotations)."""
        self._cycle_pane(1)

    def action_previous_pane(self) -> None:
        """Focus the previous visible pane."""
        self._cycle_pane(-1)

    def action_toggle_outline(self) -> None:
        """Show or hide the outline."""
        self.show_outline = not self.show_outline

    def action_toggle_annotations(self) -> None:
        """Show or hide the annotations pane."""
        self.show_annotations = not self.show_annotations

    def action_resize_panels(self, step: int) -> None:
        """Make the side panes narrower (-1) or wider (+1)."""
        low, high = _PANEL_WIDTHS
        self.panel_width = max(low, min(high, self.panel_width + step * _PANEL_STEP))

    def action_back(self) -> None:
        """Leave: back to the library, or quit when the app opened on this document.

        Every pending write ends first: the library reads the store as soon as it shows.
        """
        self.flush_position()
        self._writer.close()
        if self.root:
            self.app.exit()
        else:
            self.dismiss(None)

    def on_unmount(self) -> None:
        """Never lose the last position nor a change, whichever way the screen goes.

        Waits for the writes still running: the app exits, or the library reads
        the store, only once every change shown has been stored.
        """
        self.flush_position()
        self._writer.close()


def _never_stored(error: ReaderError) -> bool:
    """True when a write failed because its annotation is not in the store at all."""
    from reader.store import AnnotationNotFoundError  # imported when first needed

    return isinstance(error, AnnotationNotFoundError)


def _strongest(annotations: Sequence[Annotation]) -> AnnotationKind:
    """The kind a paragraph's gutter mark shows: a note over a highlight over a bookmark."""
    return min((a.kind for a in annotations), key=_KIND_PRIORITY.index)


def _focused_in(widget: Widget, focused: Widget | None) -> bool:
    """True if ``focused`` is ``widget`` or inside it."""
    return focused is not None and (focused is widget or widget in focused.ancestors)
