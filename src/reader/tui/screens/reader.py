"""The reader: outline, document and annotations side by side, with a status line.

This module loads the document (a large file's preview first), follows the
reading position and exports; the side panes are managed in
:mod:`reader.tui.screens.reader_panes`, searching in
:mod:`reader.tui.screens.reader_search` and annotating in
:mod:`reader.tui.screens.reader_annotating`, mixins :class:`ReaderScreen` inherits.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container, Horizontal
from textual.events import Key
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input, LoadingIndicator

from reader.annotation import AnchorStatus, Annotation
from reader.errors import ReaderError
from reader.model import Document
from reader.readers import load_document, load_preview
from reader.tui.layout import DocumentLayout
from reader.tui.screens.reader_annotating import ReaderAnnotating
from reader.tui.screens.reader_panes import ReaderPanes, annotations_panel, outline
from reader.tui.screens.reader_search import ReaderSearch
from reader.tui.widgets.document_view import DocumentView
from reader.tui.widgets.key_bar import KeyBar
from reader.tui.widgets.status_line import Status, StatusLine
from reader.tui.writer import StoreWriter

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from reader.store import AnnotationStore
    from reader.tui.keys import BindingGroup
    from reader.tui.widgets.annotations_panel import AnnotationsPanel
    from reader.tui.widgets.outline import Outline

__all__ = ["ReaderScreen"]

POSITION_SAVE_DELAY = 0.8
"""Seconds of stillness before the reading position is written to the store."""

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


class ReaderScreen(ReaderPanes, ReaderSearch, ReaderAnnotating):
    """Reads one document: loads it in a worker, then shows it with its annotations.

    The screen owns the annotations of the document and keeps its children in
    step with them: widgets post messages (current paragraph changed, section or
    annotation chosen) and the screen sets their state. Every change goes to the
    store at once.
    """

    # No CSS_PATH: reader.tcss is loaded with the app's stylesheet (see ReaderApp).

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
        self._writer = StoreWriter(self)
        """Every store change and read of this screen once loaded, in order, off the UI thread."""
        self._position_timer: Timer | None = None
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
        from reader.tui.keys import BindingGroup
        from reader.tui.screens.editor import EditorScreen
        from reader.tui.widgets.annotations_panel import AnnotationList
        from reader.tui.widgets.outline import Outline

        return (
            BindingGroup("Document", DocumentView),
            BindingGroup("Reader", ReaderScreen),
            BindingGroup("Outline", Outline),
            BindingGroup("Annotations panel", AnnotationList),
            BindingGroup("Note editor", EditorScreen),
        )

    # Layout -----------------------------------------------------------------

    def compose(self) -> ComposeResult:
        """Three panes, status line, key bar (the search field follows the first frame).

        The document pane shows a large file's preview at once (see :meth:`_load`),
        else a loading indicator until the document is read. Beside a preview the
        side panes are left empty (:meth:`_mount_side_panes`).
        """
        preview = self._read_preview()
        self._previewing = preview is not None
        with Horizontal(id="panes"):
            with Container(id="outline"):
                if not self._previewing:
                    yield outline()
            with Container(id="document-pane"):
                if preview is None:
                    yield LoadingIndicator()
                else:
                    yield DocumentView(preview, id="document")
            with Container(id="annotations"):
                if not self._previewing:
                    yield annotations_panel()
        yield StatusLine()
        yield KeyBar()

    def on_mount(self) -> None:
        """Show the preview at the reading position, if there is one; start loading."""
        self.sub_title = str(self._source) if isinstance(self._source, Path) else self._source.title
        self._apply_panel_width()
        view = self.view
        if view is not None:
            self._watch_view(view)
            self.watch(view, "current", self._preview_status)
            if self._preview_start:
                view.goto(self._preview_start)
            self.call_after_refresh(self._preview_painted.set)
        self.call_after_refresh(self._after_first_frame)
        self._load()

    async def _after_first_frame(self) -> None:
        """Mount the (hidden) search field, then send on the keys typed until now.

        An input field's styles and mounting cost some 5 ms that the first frame
        has no use for; a key typed before it is mounted (``/`` and the query, in
        the same breath as the command) waits for it rather than being lost.
        """
        if not self.is_attached:  # the app quit at once (a file that cannot be read)
            return
        await self.mount(Input(placeholder="search this document", id="search", classes="-hidden"))
        self._release_typed_ahead()

    # Children ---------------------------------------------------------------

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
        """Hold keys typed ahead of a text field; keep keys that need the whole document.

        See :mod:`reader.tui.screens.typed_ahead`. During the preview, keys whose
        action needs the whole document run once it is shown.
        """
        if self._hold_typed_ahead(event):
            return
        if self._previewing:
            active = self.active_bindings.get(event.key)
            if active is not None and active.binding.id in WAITS_FOR_DOCUMENT:
                event.stop()
                event.prevent_default()
                self._waiting.append((active.node, active.binding.action))
                return
        self._hold_keys_after(event)

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
        view = self.view if self._previewing else None  # the preview's, kept in place
        if view is not None:
            # Before the document is set: what follows the reading position from then
            # on (the outline, the annotation list) must be there.
            await self._mount_side_panes()
        self.document = document
        self.sub_title = document.title
        self.annotations = annotations
        if view is not None:
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
        else:
            # While the reader reads: joining the text (~20 ms of a worker sharing the
            # interpreter) would otherwise slow the frame that opens the first search.
            self._prepare_search(view)
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

    # Leaving ----------------------------------------------------------------

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
