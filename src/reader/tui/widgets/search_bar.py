"""The reader's search field: incremental search of the document shown, off the UI thread.

:class:`SearchBar` owns the query typed, the query whose hits show, the pause
timer and the search worker; it tells the document view what to highlight and
posts :class:`SearchBar.Updated` when what the status line shows ("3/17", "no
match", "…") changed. The screen gives it the document view to search
(:meth:`SearchBar.follow`) and opens and closes it.
"""

from __future__ import annotations

from textual import work
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input
from textual.worker import get_current_worker

from reader.model import Document
from reader.tui.document_search import Found
from reader.tui.widgets.document_view import DocumentView

__all__ = ["SEARCH_DELAY", "SEARCH_FIELD_HEIGHT", "SearchBar"]

SEARCH_DELAY = 0.12
"""Seconds of typing pause before the search field's query is searched for."""

SEARCH_FIELD_HEIGHT = 3
"""Rows of the search field, which floats over the bottom of the document (reader.tcss)."""

_SEARCH_GROUP = "document-search"


class SearchBar(Input):
    """Searches the document view it follows as the query is typed, and shows the hits.

    Hidden (class ``-hidden``) until :meth:`open`; Enter keeps the hits and
    returns to the document, :meth:`close` (escape) clears them.
    """

    class Searched(Message):
        """A search worker found the hits of ``query`` in ``document`` (posted from its thread).

        The document is named because a preview may have been replaced by the
        whole file while the search ran: positions in one are not hits in the other.
        """

        def __init__(self, found: Found, query: str, document: Document) -> None:
            self.found = found
            self.query = query
            self.document = document
            super().__init__()

    class Updated(Message):
        """The query or its hits changed: what :attr:`SearchBar.status` says changed."""

    def __init__(self, view: DocumentView | None = None) -> None:
        """A hidden search field over ``view`` (given later by :meth:`follow` if ``None``)."""
        super().__init__(placeholder="search this document", id="search", classes="-hidden")
        self.view = view
        """The document view searched."""
        self._query = ""
        self._shown = ""
        """The query whose hits the view shows (the typed one once its search ends)."""
        self._timer: Timer | None = None

    @property
    def status(self) -> str:
        """The search's part of the status line: "3/17", "2 hits", "no match", "…" or ""."""
        view = self.view
        if not self._query or view is None:
            return ""
        if self._query != self._shown:
            return "…"
        hits = view.hits
        if hits.count == 0:
            return "no match"
        if hits.selected is None:
            return f"{hits.count} hits"
        return f"{hits.selected + 1}/{hits.count}"

    def follow(self, view: DocumentView) -> None:
        """Search ``view``, which shows a whole document now (in place of its preview).

        A query typed during the preview is searched again in the whole document;
        otherwise the text is joined for searching now, while the reader reads:
        joining it (~20 ms of a worker sharing the interpreter) would otherwise
        slow the frame that opens the first search.
        """
        self.view = view
        if self._query:
            self._shown = ""  # the hits shown were the preview's
            self._start()
        else:
            self._prepare(view)

    def open(self) -> None:
        """Show the field with the last query, focused (hits show as you type)."""
        self.remove_class("-hidden")
        self.value = self._query
        self.focus()
        view = self.view
        if view is not None:
            view.covered_rows = SEARCH_FIELD_HEIGHT  # hits are shown above the field
            self._prepare(view)

    def close(self) -> None:
        """Hide the field and clear the hits (escape)."""
        if self.has_class("-hidden") and not self._query:
            return
        self._hide()
        self._query = ""
        self._cancel()
        self._show(Found("", []), "")

    @work(thread=True, group="prepare-search")
    def _prepare(self, view: DocumentView) -> None:
        """Join the book's text for searching while the first letters are typed."""
        view.hits.prepare()

    def on_input_changed(self, event: Input.Changed) -> None:
        """Search as the query is typed, once typing pauses for :data:`SEARCH_DELAY`.

        Searching a 5 MB book at every keystroke would make each letter wait for
        the one before; the first letters of a word are also the costliest
        queries (the most hits), and nobody wants their hits.
        """
        event.stop()
        self._query = event.value
        if not event.value:
            self._cancel()
            self._show(Found("", []), "")
            return
        if self._timer is None:
            self._timer = self.set_timer(SEARCH_DELAY, self._start)
        else:
            self._timer.reset()
        self.post_message(self.Updated())

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter keeps the hits (n/N step through them) and returns to the document.

        A search still waiting for typing to pause starts at once.
        """
        event.stop()
        if self._timer is not None:
            self._start()
        self._hide()

    def _hide(self) -> None:
        self.add_class("-hidden")
        view = self.view
        if view is not None:
            view.covered_rows = 0
            view.focus()

    def _start(self) -> None:
        """Search for what is typed now, in a worker (a newer search cancels this one)."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        view = self.view
        if view is not None and self._query != self._shown:
            self._find(view, self._query)

    def _cancel(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self.workers.cancel_group(self, _SEARCH_GROUP)

    @work(thread=True, exclusive=True, group=_SEARCH_GROUP)
    def _find(self, view: DocumentView, query: str) -> None:
        """Scan the book off the UI thread; typing on cancels it between chunks."""
        worker = get_current_worker()
        document = view.document
        found = view.hits.find(query, lambda: worker.is_cancelled)
        if found is not None and not worker.is_cancelled:
            self.post_message(self.Searched(found, query, document))

    def on_search_bar_searched(self, message: SearchBar.Searched) -> None:
        """Show the hits of a finished search, unless the query or the document changed since."""
        message.stop()
        view = self.view
        if message.query == self._query and view is not None and view.document is message.document:
            self._show(message.found, message.query)

    def _show(self, found: Found, query: str) -> None:
        self._shown = query
        view = self.view
        if view is not None:
            view.show_found(found)
        self.post_message(self.Updated())
