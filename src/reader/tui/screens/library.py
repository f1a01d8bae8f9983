"""The library: the documents of a folder in a sortable, filterable table, one row per work."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static

from reader.errors import ReaderError
from reader.readers import SUFFIXES, load_document
from reader.sanitize import for_terminal
from reader.store.works import Brief, brief
from reader.tui.keys import BindingGroup
from reader.tui.library_rows import WORK_PREFIX, LibraryRow, library_rows
from reader.tui.widgets.key_bar import KeyBar
from reader.tui.widgets.sync_status import SyncStatusLine
from reader.tui.writer import report_store_problem

if TYPE_CHECKING:
    from reader.model import Document
    from reader.store import AnnotationStore, DocumentRecord

__all__ = ["COLUMNS", "LibraryEntry", "LibraryScreen"]

COLUMNS: Sequence[str] = (
    "Title",
    "Authors",
    "Date",
    "Format",
    "Notes",
    "Last read",
    "Progress",
)

MIN_TITLE_WIDTH = 20
"""Titles are never cropped narrower than this, even if other columns then scroll."""


@dataclass(frozen=True, slots=True)
class LibraryEntry:
    """One document of the library, as the table shows it.

    Attributes:
        path: The file.
        title: Its title (the file name when it has none).
        authors: Authors, comma-separated.
        date: Publication date as written in the document.
        format: The reader that reads it, or "unreadable".
        fingerprint: Content fingerprint, to find its store record ("" if unreadable).
        annotations: How many annotations it has.
        last_read: When it was last opened in the app.
        progress: How far it was read, 0..1.
        problem: Why it could not be read ("" when it could).
    """

    path: Path
    title: str
    authors: str = ""
    date: str = ""
    format: str = ""
    fingerprint: str = ""
    annotations: int = 0
    last_read: datetime | None = None
    progress: float = 0.0
    problem: str = ""

    @property
    def key(self) -> str:
        """Its row's key: the file's path."""
        return str(self.path)

    def sort_key(self, column: int) -> tuple[object, ...]:
        """The value to sort by for column ``column`` of :data:`COLUMNS`."""
        values: tuple[object, ...] = (
            self.title.casefold(),
            self.authors.casefold(),
            self.date,
            self.format,
            self.annotations,
            self.last_read.timestamp() if self.last_read else 0.0,
            self.progress,
        )
        return (values[column], self.title.casefold())

    def matches(self, query: str) -> bool:
        """True if every word of ``query`` is in the title, authors, date or file name."""
        haystack = f"{self.title} {self.authors} {self.date} {self.path.name}".casefold()
        return all(word in haystack for word in query.casefold().split())

    def cells(self) -> list[Text]:
        """The row's cells, as literal text (titles and names are never markup).

        An unreadable file's title is its name, which nothing has cleaned: every
        cell passes the output check, so the name shows with its controls escaped.
        """
        last_read = self.last_read.astimezone().strftime("%Y-%m-%d %H:%M") if self.last_read else ""
        return [
            Text(for_terminal(self.title, one_line=True), style="dim" if self.problem else ""),
            Text(for_terminal(self.authors, one_line=True)),
            Text(for_terminal(self.date, one_line=True)),
            Text(self.format or "unreadable", style="dim red" if self.problem else ""),
            Text(str(self.annotations) if self.annotations else "", justify="right"),
            Text(last_read),
            Text(f"{round(self.progress * 100)}%" if self.last_read else "", justify="right"),
        ]


class LibraryScreen(Screen[None]):
    """Lists the documents of ``folder``; Enter opens one in the reader.

    Documents are read in a worker thread and rows appear as they are read, so a
    large library never freezes the screen. Typing filters; clicking a column
    header (or ``s``) sorts.
    """

    # No CSS_PATH: library.tcss is read with the app's stylesheet (see ReaderApp).

    HELP_TITLE: ClassVar[str] = "Library"
    """The title of this class's keys in help and the command palette."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open", id="library.open"),
        Binding("slash", "filter", "Filter", id="library.filter"),
        Binding("s", "sort", "Sort", id="library.sort"),
        Binding("j", "cursor(1)", "Down", show=False, id="library.down"),
        Binding("k", "cursor(-1)", "Up", show=False, id="library.up"),
        Binding("escape", "clear_filter", "Clear filter", show=False, id="library.clear_filter"),
    ]

    def __init__(self, folder: Path, store: AnnotationStore) -> None:
        super().__init__()
        self.folder = folder
        self._store = store
        self._entries: list[LibraryEntry] = []
        self._sort_column = 0
        self._sort_reverse = False
        self._scanned = (0, 0)
        """How many documents have been read, of how many."""
        self._works: dict[str, str] = {}
        """Each document's path to its work's (the first copy's path), once all are read."""
        self._expanded: set[str] = set()
        """The works whose copies are listed under them."""
        self.grouped = False
        """Whether every document was read and the copies of one work grouped."""

    @property
    def help_groups(self) -> Sequence[BindingGroup]:
        """The key groups shown by ``?`` and offered by the command palette."""
        return (BindingGroup(LibraryScreen),)

    @property
    def entries(self) -> list[LibraryEntry]:
        """Every document read so far, in the current sort order, unfiltered."""
        return list(self._entries)

    def compose(self) -> ComposeResult:
        """Filter field, table, a line of progress, key bar."""
        # Not select-on-focus: the first typed character is put in the field before
        # the focus arrives, and a selection would let the second one replace it.
        yield Input(
            placeholder="type to filter by title, author, date", id="filter", select_on_focus=False
        )
        table: DataTable[Text] = DataTable(id="documents", cursor_type="row", zebra_stripes=True)
        yield table
        yield Static(id="library-status")
        yield SyncStatusLine()
        yield KeyBar()

    def on_mount(self) -> None:
        """Lay out the columns and start reading the folder."""
        self.title = "reader"
        self.sub_title = for_terminal(str(self.folder), one_line=True)
        self._add_columns()
        self.table.focus()
        self._scan()

    def _add_columns(self) -> None:
        for name in COLUMNS:
            self.table.add_column(Text(name), key=name)

    @property
    def table(self) -> DataTable[Text]:
        """The documents table."""
        return self.query_one("#documents", DataTable)

    @work(thread=True, exclusive=True, group="library-scan")
    def _scan(self) -> None:
        """Read every document of the folder, reporting each as it is read."""
        try:
            files = sorted(
                p for p in self.folder.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES
            )
        except OSError as error:
            self.app.call_from_thread(self._say, f"Cannot list {self.folder}: {error}")
            return
        records = self._records()
        if not files:
            self.app.call_from_thread(
                self._say,
                f"No documents in {self.folder} (reader opens {', '.join(sorted(SUFFIXES))})",
            )
            return
        briefs: list[Brief] = []
        for number, path in enumerate(files, 1):
            entry, document = self._read_entry(path, records)
            if document is not None:
                briefs.append(brief(entry.key, document))
            self.app.call_from_thread(self._add_entry, entry, number, len(files))
        try:
            works = self._store.works_among(briefs)
        except ReaderError as error:
            self.app.call_from_thread(report_store_problem, self, error)
            works = {}
        self.app.call_from_thread(self._set_works, works)

    def _set_works(self, works: dict[str, str]) -> None:
        """Show the copies of one work as one row (the folder is read)."""
        self._works, self.grouped = works, True
        self._fill()

    def _records(self) -> dict[str, DocumentRecord]:
        try:
            records = self._store.documents()
        except ReaderError as error:
            self.app.call_from_thread(report_store_problem, self, error)
            return {}
        by_key: dict[str, DocumentRecord] = {}
        for record in records:
            by_key[record.fingerprint] = record
            by_key.setdefault(record.path, record)
        return by_key

    @staticmethod
    def _read_entry(
        path: Path, records: dict[str, DocumentRecord]
    ) -> tuple[LibraryEntry, Document | None]:
        try:
            document = load_document(path)
        except ReaderError as error:
            return LibraryEntry(path=path, title=path.name, problem=str(error)), None
        metadata = document.metadata
        entry = LibraryEntry(
            path=path,
            title=document.title,
            authors=", ".join(metadata.authors),
            date=metadata.date,
            format=document.format,
            fingerprint=document.fingerprint,
        )
        record = records.get(document.fingerprint) or records.get(str(path.resolve()))
        return _with_record(entry, record), document

    def _say(self, message: str) -> None:
        self.query_one("#library-status", Static).update(Text(for_terminal(message, one_line=True)))

    def _add_entry(self, entry: LibraryEntry, number: int, total: int) -> None:
        self._entries.append(entry)
        self._sort_entries()
        self._fill()
        self._scanned = (number, total)
        self._show_count()

    def _show_count(self) -> None:
        """Say how many documents there are, how many pass the filter, and what to do."""
        number, total = self._scanned
        if number < total:
            self._say(f"Reading {number}/{total} documents in {self.folder}")
            return
        query = self.query_one("#filter", Input).value
        shown = sum(entry.matches(query) for entry in self._entries)  # documents, not rows
        if query.strip():
            self._say(f"{shown}/{total} documents shown · Escape clears the filter")
        else:
            hint = "Enter opens (a work: shows its copies) · type to filter · s sorts"
            self._say(f"{total} documents in {self.folder} · {hint}")

    def on_screen_resume(self) -> None:
        """Back from the reader: counts, last-read and progress may have changed."""
        if not self._entries:
            return
        try:
            records = self._store.documents()
        except ReaderError as error:
            report_store_problem(self, error)
            return
        by_fingerprint = {r.fingerprint: r for r in records}
        self._entries = [_with_record(e, by_fingerprint.get(e.fingerprint)) for e in self._entries]
        self._fill()

    def _sort_entries(self) -> None:
        column = self._sort_column
        self._entries.sort(key=lambda e: e.sort_key(column), reverse=self._sort_reverse)

    def _fill(self) -> None:
        """Show the entries that pass the filter, keeping the cursor on the same document."""
        table = self.table
        selected = self.selected_key
        query = self.query_one("#filter", Input).value
        # The columns too: DataTable only ever widens a column, so a title cropped
        # shorter than before would not give its room back.
        table.clear(columns=True)
        self._add_columns()
        shown = [entry for entry in self._entries if entry.matches(query)]
        rows = [(row, _row_cells(row)) for row in library_rows(shown, self._works, self._expanded)]
        title_width = self._title_width([cells for _, cells in rows])
        for row, cells in rows:
            cells[0].truncate(title_width, overflow="ellipsis")
            table.add_row(*cells, key=row.key)
        if selected is not None and selected in table.rows:
            table.move_cursor(row=table.get_row_index(selected))
        if self._scanned[1]:
            self._show_count()

    def _title_width(self, rows: Sequence[Sequence[Text]]) -> int:
        """The widest title that leaves room for every other column on screen.

        Each other column is as wide as its widest cell or header; the title gets
        what is left (less the cells' padding and the scroll bar).
        """
        table = self.table
        padding = 2 * table.cell_padding
        others = sum(
            max([cell_len(name)] + [row[column].cell_len for row in rows]) + padding
            for column, name in enumerate(COLUMNS)
            if column
        )
        width = table.scrollable_content_region.width or self.app.size.width
        scroll_bar = table.styles.scrollbar_size_vertical
        return max(MIN_TITLE_WIDTH, width - others - padding - scroll_bar)

    def on_resize(self) -> None:
        """A new width gives titles more or less room."""
        if self._entries:
            self._fill()

    @property
    def selected_key(self) -> str | None:
        """The key of the row under the cursor (a path, or a work's key), if any."""
        table = self.table
        if not table.row_count:
            return None
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        return row_key.value

    @property
    def selected_path(self) -> Path | None:
        """The document under the cursor, if any (``None`` on a work's row)."""
        key = self.selected_key
        return None if key is None or key.startswith(WORK_PREFIX) else Path(key)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter or a double click on a row opens it."""
        event.stop()
        self.action_open()

    def on_data_table_header_selected(self, event: DataTable.HeaderSelected) -> None:
        """Click a header to sort by it; click again to reverse."""
        event.stop()
        if event.column_index == self._sort_column:
            self._sort_reverse = not self._sort_reverse
        else:
            self._sort_column, self._sort_reverse = event.column_index, False
        self._sort_entries()
        self._fill()

    def on_input_changed(self, event: Input.Changed) -> None:
        """Filter as the user types."""
        event.stop()
        self._fill()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in the filter goes to the table (and opens when one document is left)."""
        event.stop()
        self.table.focus()
        if self.table.row_count == 1:
            self.action_open()

    def on_key(self, event: events.Key) -> None:
        """Typing a character that is not a key binding starts filtering."""
        if (
            self.focused is self.table
            and event.is_printable
            and event.character
            and event.key not in self.active_bindings
        ):
            event.stop()
            field = self.query_one("#filter", Input)
            field.focus()
            field.insert_text_at_cursor(event.character)

    def action_open(self) -> None:
        """Open the selected document in the reader."""
        from reader.tui.screens.reader import ReaderScreen

        key = self.selected_key
        if key is not None and key.startswith(WORK_PREFIX):
            self._expanded ^= {key.removeprefix(WORK_PREFIX)}  # show or hide its copies
            self._fill()
            return
        path = self.selected_path
        if path is not None:
            self.app.push_screen(ReaderScreen(path, self._store, root=False))

    def action_filter(self) -> None:
        """Move to the filter field."""
        self.query_one("#filter", Input).focus()

    def action_clear_filter(self) -> None:
        """Empty the filter and go back to the table."""
        self.query_one("#filter", Input).value = ""
        self.table.focus()

    def action_sort(self) -> None:
        """Sort by the next column."""
        self._sort_column = (self._sort_column + 1) % len(COLUMNS)
        self._sort_reverse = False
        self._sort_entries()
        self._fill()
        self.notify(f"Sorted by {COLUMNS[self._sort_column].lower()}", markup=False, timeout=2)

    def action_cursor(self, rows: int) -> None:
        """Move the table cursor (j/k)."""
        table = self.table
        table.move_cursor(row=table.cursor_row + rows)


def _row_cells(row: LibraryRow[LibraryEntry]) -> list[Text]:
    """A row's cells: a document's; a work's (its first copy's, with the number of
    copies and their notes); a copy's under its work (named by its file)."""
    first = row.items[0]
    cells = first.cells()
    if row.kind == "work":
        title = Text(("▾ " if row.expanded else "▸ ") + for_terminal(first.title, one_line=True))
        notes = sum(item.annotations for item in row.items)
        cells[0] = title
        cells[3] = Text(f"{len(row.items)} copies")
        cells[4] = Text(str(notes) if notes else "", justify="right")
    elif row.kind == "copy":
        cells[0] = Text("  └ " + for_terminal(first.path.name, one_line=True))
    return cells


def _with_record(entry: LibraryEntry, record: DocumentRecord | None) -> LibraryEntry:
    if record is None:
        return entry
    return replace(
        entry,
        annotations=record.annotation_count,
        last_read=record.last_read,
        progress=record.progress,
    )
