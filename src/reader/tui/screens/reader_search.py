"""The reader's search: the field, incremental search off the UI thread, its hits.

A mixin of :class:`~reader.tui.screens.reader.ReaderScreen`, which shows the
document and the status line this part drives.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input
from textual.worker import get_current_worker

from reader.model import Document
from reader.tui.document_search import Found
from reader.tui.screens.typed_ahead import TypedAhead
from reader.tui.widgets.document_view import DocumentView

__all__ = ["ReaderSearch"]

SEARCH_DELAY = 0.12
"""Seconds of typing pause before the search field's query is searched for."""

SEARCH_FIELD_HEIGHT = 3
"""Rows of the search field, which floats over the bottom of the document (reader.tcss)."""

_SEARCH_GROUP = "document-search"


class ReaderSearch(TypedAhead):
    """Searches the document shown as the query is typed, and shows the hits.

    Owns the query typed and the query whose hits show; the screen's status line
    reads both to show "3/17", "no match" or "…" while a search runs.
    """

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

    def __init__(self) -> None:
        super().__init__()
        self._search_query = ""
        self._search_shown = ""
        """The query whose hits the document shows (the typed one once its search ends)."""
        self._search_timer: Timer | None = None

    if TYPE_CHECKING:  # provided by ReaderScreen

        @property
        def view(self) -> DocumentView | None: ...

        def _update_status(self) -> None: ...

        def _focus_document(self) -> None: ...

    def action_search(self) -> None:
        """Open the search field (incremental: hits show as you type)."""
        field = self.query_one("#search", Input)
        field.remove_class("-hidden")
        field.value = self._search_query
        field.focus()
        self._release_typed_ahead()  # after the focus moves: the query typed with the /
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

    def on_reader_search_search_found(self, message: SearchFound) -> None:
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
