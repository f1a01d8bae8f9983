"""TinyDB over the store's files: string-keyed tables written in one atomic write.

Imported only to write (through :func:`reader.store.storage.open_db`): reading a
store file goes straight through :class:`~reader.store.storage.StoreFile`. This
module sees a store file only as :class:`TablesFile` (what TinyDB's storage needs
of it), so the dependency runs one way: ``storage`` imports ``database``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, Protocol, cast

from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Table

__all__ = ["AtomicJSONStorage", "KeyedTable", "StoreDB", "TablesFile"]


class TablesFile(Protocol):
    """A file of tables read and replaced whole (:class:`~reader.store.storage.StoreFile`)."""

    def load(self) -> dict[str, Any] | None:
        """The file's tables, or ``None`` when it does not exist yet."""

    def save(self, tables: dict[str, Any]) -> None:
        """Replace the file's tables atomically."""


class KeyedTable(Table):
    """A TinyDB table whose documents are keyed by strings (uuids, names).

    Records are always written as ``Document(value, doc_id=key)``, so TinyDB never
    allocates numeric ids (whose cached counter goes stale across processes).
    TinyDB annotates ids as ``int`` but handles any hashable key; the casts below
    only satisfy that annotation.
    """

    document_id_class = str  # type: ignore[assignment]

    def _update_table(self, updater: Callable[[dict[Any, Mapping[str, Any]]], None]) -> None:
        """Apply ``updater`` to a copy of the table and write the file once.

        TinyDB's version converts every key to ``document_id_class`` and back to
        ``str`` around the update (two passes over 10,000 records per write); keys
        here are strings already. The table is copied, never changed in place, so
        a reader holding the previous contents keeps a consistent view.
        """
        tables = dict(self._storage.read() or {})
        table: dict[Any, Mapping[str, Any]] = dict(tables.get(self.name, {}))
        updater(table)
        tables[self.name] = table
        self._storage.write(tables)
        self.clear_cache()

    def put(self, key: str, value: Mapping[str, Any]) -> None:
        """Set the record ``key`` to ``value``, replacing any record there (one write).

        TinyDB's ``upsert`` would write the file twice for a new key (a no-op
        update, then the insert); this goes straight to the single table update.
        """
        record = dict(value)

        def store(table: dict[Any, Any]) -> None:
            table[key] = record

        self._update_table(store)

    def put_many(self, records: Mapping[str, Mapping[str, Any]], drop: Iterable[str] = ()) -> None:
        """Set every record of ``records`` (by key) and remove those of ``drop``, in one write.

        Records of ``drop`` that are absent are ignored; a key in both ends removed.
        """
        copies = {key: dict(value) for key, value in records.items()}
        gone = list(drop)

        def store(table: dict[Any, Any]) -> None:
            table.update(copies)
            for key in gone:
                table.pop(key, None)

        self._update_table(store)

    def drop_many(self, keys: Iterable[str]) -> None:
        """Remove the records ``keys`` (those absent are ignored) in one write."""
        gone = list(keys)

        def remove(table: dict[Any, Any]) -> None:
            for key in gone:
                table.pop(key, None)

        self._update_table(remove)

    def patch(self, key: str, fields: Mapping[str, Any]) -> None:
        """Set ``fields`` on the record ``key`` (nothing happens when it is absent).

        The record is replaced by a patched copy (TinyDB's ``update`` changes it
        in place, under a reader still holding it).
        """
        changes = dict(fields)

        def apply(table: dict[Any, Any]) -> None:
            record = table.get(key)
            if record is not None:
                table[key] = {**record, **changes}

        self._update_table(apply)

    def drop(self, key: str) -> None:
        """Remove the record ``key`` (nothing happens when it is absent)."""
        self.remove(doc_ids=[cast(int, key)])


class StoreDB(TinyDB):
    """TinyDB over a store file (:class:`TablesFile`) with string-keyed tables."""

    table_class = KeyedTable

    def keyed(self, name: str) -> KeyedTable:
        """The table ``name``."""
        return cast(KeyedTable, self.table(name))


class AtomicJSONStorage(Storage):
    """TinyDB storage reading and writing through a store file (:class:`TablesFile`)."""

    def __init__(self, file: TablesFile, new: dict[str, Any] | None = None) -> None:
        """Wrap ``file`` (TinyDB calls this with the arguments given to :class:`StoreDB`).

        Args:
            file: The store file.
            new: The tables to start from when the file does not exist yet, so that
                creating a file and writing its first record is one write.
        """
        self._file = file
        self._new = new

    def read(self) -> dict[str, dict[str, Any]] | None:
        """The file's tables (cached until the file changes on disk)."""
        tables = self._file.load()
        return self._new if tables is None else tables

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        """Replace the file's tables atomically."""
        self._file.save(data)
