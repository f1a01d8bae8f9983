"""The reader: outline, document and annotations side by side, with a status line.

The screen wires widgets that own their features: :class:`ReaderPanes` shows,
sizes and focuses the panes, :class:`SearchBar` searches, an :class:`Annotator`
(made once the document is read) holds and changes the annotations. It loads
the document (a large file's preview first), follows the reading position, and
passes each key on to the part it concerns; its widgets tell it what happened
with messages.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.events import Key, Resize
from textual.screen import Screen

from reader.annotation import Annotation
from reader.config import DEFAULT_TEXT_WIDTH
from reader.errors import ReaderError
from reader.model import Document
from reader.tui.annotation_index import AnnotationIndex
from reader.tui.annotator import Annotator, key_applies
from reader.tui.document_loading import DocumentLoading, Loaded
from reader.tui.highlight_color import ColorChosen
from reader.tui.key_hold import KeyHold
from reader.tui.keys import KeyAction, bindings
from reader.tui.reading_position import ReadingPosition
from reader.tui.reading_status import ReadingStatus, preview_status
from reader.tui.screens.reader_keys import READER_KEYS, reader_help_groups
from reader.tui.screens.reader_messages import LoadFailed
from reader.tui.widgets.document_messages import HitChanged
from reader.tui.widgets.document_view import DocumentView
from reader.tui.widgets.key_bar import KeyBar
from reader.tui.widgets.reader_panes import ReaderPanes
from reader.tui.widgets.search_bar import SearchBar
from reader.tui.widgets.status_line import StatusLine
from reader.tui.writer import StoreWriter, WriteFinished

if TYPE_CHECKING:
    from reader.store import AnnotationStore
    from reader.tui.keys import BindingGroup
    from reader.tui.widgets.annotations_panel import AnnotationsPanel

__all__ = ["ReaderScreen"]


class ReaderScreen(Screen[None]):
    """Reads one document: loads it in a worker, then shows it with its annotations.

    Widgets post messages (current paragraph changed, section or annotation
    chosen, search updated) and the screen sets the state of the others. Every
    change goes to the store at once, through one :class:`StoreWriter`.
    """

    # No CSS_PATH: reader.tcss is loaded with the app's stylesheet (see ReaderApp).

    HELP_TITLE: ClassVar[str] = "Reader"

    KEYS: ClassVar[tuple[KeyAction, ...]] = READER_KEYS
    """The reader's keys, each declared once with its flags."""

    BINDINGS: ClassVar[list[BindingType]] = bindings(KEYS)

    LoadFailed = LoadFailed

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
        self._store = store
        self.root = root
        self.document: Document | None = None
        self.panes: ReaderPanes
        """The outline, document and annotations panes (made by :meth:`compose`)."""
        self._annotator: Annotator | None = None
        """Holds and changes the annotations, once the whole document shows."""
        self._writer = StoreWriter(self)
        """Every store call of this screen, in order, off the UI thread."""
        self._position = ReadingPosition(self, store, self._writer, start_at=start_at)
        self._loading = DocumentLoading(source, self._position)
        self._keys = KeyHold()
        """Keys typed ahead of a text field, and keys waiting for the whole document."""
        self._reading: ReadingStatus | None = None
        """What the status line says, once the whole document is read."""

    @property
    def help_groups(self) -> Sequence[BindingGroup]:
        """The key groups shown by ``?`` and offered by the command palette."""
        return reader_help_groups(ReaderScreen)

    # Layout -----------------------------------------------------------------

    def compose(self) -> ComposeResult:
        """The panes (a large file's preview at once), status line, key bar.

        The search field follows the first frame (:meth:`_after_first_frame`).
        """
        self.panes = ReaderPanes(self._loading.preview(), text_width=self._text_width(), id="panes")
        yield self.panes
        yield StatusLine()
        yield KeyBar()

    def _clock(self) -> Callable[[], float]:
        """What the reading pace is timed with: the app's clock (tests give their own)."""
        clock = getattr(self.app, "clock", None)
        return clock if callable(clock) else time.monotonic

    def _text_width(self) -> int:
        """The text's maximum width: the app's setting (an app without one: the default)."""
        width = getattr(self.app, "text_width", None)
        return width if isinstance(width, int) else DEFAULT_TEXT_WIDTH

    def on_mount(self) -> None:
        """Show the preview at the reading position, if there is one; start loading."""
        self.sub_title = self._loading.title
        self.panes.apply_width(self.size.width)
        view = self.view
        if view is not None:
            self._watch_view(view)
            self.watch(view, "current", self._preview_status)
            if self._loading.preview_start:
                view.goto(self._loading.preview_start)
            self.call_after_refresh(self._loading.painted)
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
        bar = SearchBar(self.view)
        await self.mount(bar)
        view = self.view
        if self.document is not None and view is not None:  # read before the field came
            bar.follow(view)
        self._keys.release(self.app)

    def on_resize(self, event: Resize) -> None:
        """The panes follow the terminal's width (see :meth:`ReaderPanes.fit`)."""
        self.panes.fit(event.size.width)

    # Children ---------------------------------------------------------------

    @property
    def view(self) -> DocumentView | None:
        """The document view, once the document (or its preview) shows."""
        return self.panes.view

    @property
    def search_bar(self) -> SearchBar | None:
        """The search field, once mounted (after the first frame)."""
        bars = self.query(SearchBar)
        return bars.first() if bars else None

    @property
    def status_line(self) -> StatusLine:
        """The status line."""
        return self.query_one(StatusLine)

    @property
    def annotations(self) -> list[Annotation]:
        """The document's annotations in list order (none until it is read)."""
        return [] if self._annotator is None else self._annotator.index.annotations

    def selected_annotation(self) -> Annotation | None:
        """What ``e`` and ``d`` act on (see :meth:`Annotator.selected`)."""
        return None if self._annotator is None else self._annotator.selected()

    # Loading ----------------------------------------------------------------

    @work(thread=True, exclusive=True, group="load-document")
    def _load(self) -> None:
        """Read the whole document and attach its annotations off the UI thread."""
        try:
            loaded = self._loading.load(
                lambda document: self._writer.call(lambda: self._store.work_annotations(document)),
                lambda: self.app.call_from_thread(self._preview_width),
            )
        except ReaderError as error:
            self.post_message(self.LoadFailed(self, error))
            return
        self.app.call_from_thread(self.call_later, self._show, loaded)

    def _preview_width(self) -> int | None:
        """The text width of the preview shown, to lay the whole document out at it."""
        view = self.view
        return view.text_width if self._loading.previewing and view is not None else None

    def _watch_view(self, view: DocumentView) -> None:
        self.watch(view, "current", self._follow_position, init=False)
        view.focus()

    def _preview_status(self, index: int) -> None:
        """While the preview shows: the section and a "loading" hint (no counts yet)."""
        view = self.view
        if self._loading.previewing and view is not None:
            status = preview_status(view.document, index)
            if status is not None:
                self.status_line.status = status

    def on_key(self, event: Key) -> None:
        """Hold keys typed ahead of a text field and keys that need the whole document."""
        self._keys.check(
            event,
            self.active_bindings.get(event.key),
            previewing=self._loading.previewing,
            loaded=self.document is not None,
        )

    async def action_into_field(self, action: str) -> None:
        """Run the action of a key that opens a text field, then send on the keys typed after it.

        Every such key runs through here (see :data:`reader.tui.keys.INTO_FIELD`),
        so whichever way its action ends (a field opened, or nothing to edit) the
        keys held for the field are sent on at once.
        """
        try:
            await self.run_action(action)
        finally:
            self._keys.release(self.app)

    async def _show(self, loaded: Loaded) -> None:
        """Show the whole document (in place of its preview, if one shows) and fill the panes."""
        document = loaded.document
        panes = self.panes
        view = self.view if self._loading.previewing else None  # the preview's, kept in place
        if view is not None:
            # Before the document is set: what follows the reading position from then
            # on (the outline, the annotation list) must be there.
            await panes.fill_side_panes()
        self.document = document
        self._reading = ReadingStatus(document, self._clock(), loaded.progress)
        self.sub_title = document.title
        self._annotator = Annotator(
            self,
            AnnotationIndex(document, loaded.annotations),
            store=self._store,
            writer=self._writer,
            panes=panes,
            changed=self._update_status,
        )
        if view is not None:
            self._loading.previewing = False
            view.replace_document(document, loaded.layout)  # same paragraph, same scroll offset
            start = None
        else:
            view = await panes.show_document(document)
            self._watch_view(view)
            start = self._position.start(document)
        panes.outline.show_document(document, [])
        self._annotator.show_all()
        if start is None:
            if view.current:
                self._follow_position(view.current)
        elif start:
            view.goto(start)
        self._update_status()
        bar = self.search_bar
        if bar is not None:  # else it follows the view once mounted
            bar.follow(view)
        await self._keys.run_waiting(self.app)

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
        self.panes.outline.follow(document.paragraphs[index].section)
        self.panes.panel.current_paragraph = index
        if self._reading is not None:
            self._reading.moved(index)
        self._update_status()
        self._position.moved(document, index)

    @on(HitChanged)
    @on(SearchBar.Updated)
    def _search_changed(self, event: HitChanged | SearchBar.Updated) -> None:
        """A hit was reached, or the query or its hits changed: refresh the "3/17" display."""
        event.stop()
        self._update_status()

    def _update_status(self) -> None:
        """Show the status :class:`ReadingStatus` works out for the current paragraph."""
        reading, view, bar = self._reading, self.view, self.search_bar
        if reading is None or view is None:
            return
        search = "" if bar is None else bar.status
        status = reading.status(view.current, annotations=len(self.annotations), search=search)
        if status is not None:
            self.status_line.status = status

    # Panes talking back -----------------------------------------------------

    def on_annotations_panel_selected(self, event: AnnotationsPanel.Selected) -> None:
        """Go to the chosen annotation's paragraph."""
        self.go_to_annotation(event.annotation.id)

    def go_to_annotation(self, annotation_id: str) -> None:
        """Make an annotation's paragraph current (an orphan has none: say so)."""
        if self._annotator is not None:
            self._annotator.go_to(annotation_id)

    def on_color_chosen(self, message: ColorChosen) -> None:
        """``c`` chose a colour: the highlight here takes it too (the app remembers it)."""
        if self._annotator is not None:
            self._annotator.recolour(message.color)

    @on(WriteFinished)
    def _write_finished(self, message: WriteFinished) -> None:
        """A background write ended: confirm what it stored or undo what it showed."""
        message.stop()
        message.report()

    # Keys -------------------------------------------------------------------

    def action_annotation(self, name: str, *args: str) -> None:
        """An annotation key: ``name`` is the :class:`Annotator` method it runs.

        Nothing happens before the whole document is read (such keys pressed
        during a preview wait for it).
        """
        if self._annotator is not None:
            getattr(self._annotator, name)(*args)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """An annotation key shows while it has something to act on (see :func:`key_applies`)."""
        if action == "annotation" and parameters:
            return key_applies(self._annotator, str(parameters[0]))
        return True

    def action_search(self, name: str) -> None:
        """A search key: ``name`` is the :class:`SearchBar` method it runs (``open``, ``close``).

        Nothing happens before the field is mounted (keys typed sooner wait for it).
        """
        bar = self.search_bar
        if bar is not None:
            getattr(bar, name)()

    def action_panes(self, name: str, *args: int) -> None:
        """A pane key: ``name`` is the :class:`ReaderPanes` method it runs."""
        getattr(self.panes, name)(*args)

    # Leaving ----------------------------------------------------------------

    def action_back(self) -> None:
        """Leave: back to the library, or quit when the app opened on this document.

        Every pending write ends first: the library reads the store as soon as it shows.
        """
        self._position.flush()
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
        self._position.flush()
        self._writer.close()
