"""The store's core: its files, its lock, and finding what they hold.

:class:`StoreCore` is what every part of :class:`~reader.store.store.AnnotationStore`
is given: the data folder's layout, the cross-process lock, the catalogue and a
cache of parsed document files and index shards, finding an annotation by id, and
the two ways a write deals with what it derives (taking back a failed step,
noting a count that could not be brought up to date).
"""

from __future__ import annotations

import contextlib
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from reader.annotation import DocumentRef, utc_now
from reader.store.codec import damaged_record, format_time
from reader.store.errors import AnnotationNotFoundError, StoreError
from reader.store.id_index import IdIndex
from reader.store.layout import (
    ANNOTATIONS,
    DOCUMENTS,
    INDEX_SHARD_CHARS,
    META,
    META_KEY,
    FileKind,
    Layout,
)
from reader.store.storage import StoreFile, StoreLock, open_db
from reader.store.summaries import SummaryCache

__all__ = ["StoreCore"]

_CACHED_FILES = 64
"""Document files and index shards kept parsed in memory (the catalogue always is)."""

_NO_DOCUMENT = DocumentRef("", "", "", "")


def _damaged_annotation(tables: dict[str, Any]) -> str | None:
    """The check every document file passes before it is written over."""
    return damaged_record(tables.get(ANNOTATIONS, {}).values(), _NO_DOCUMENT)


class StoreCore:
    """The files, the lock and the lookups every part of the store works with.

    Its methods are the building blocks of one transaction: :meth:`writing` holds
    the lock around one, the file methods give the cached :class:`StoreFile` of a
    path (which re-reads itself when another process wrote it), and the
    catalogue and document-file readers parse through that cache.

    Attributes:
        layout: Where each file of the data folder is.
        catalogue: The catalogue's file (documents, preferences, links).
        summaries: Each document file's counts, kept while the file is unchanged.
        ids: The id index (annotation id -> document id).
        notices: What to tell the user after a write that succeeded but could not
            bring derived data (counts, the id index) up to date; ``reader doctor
            --fix`` repairs that.
    """

    def __init__(self, data_dir: Path) -> None:
        """Use the data folder ``data_dir`` (nothing is created until a write)."""
        self.layout = Layout(data_dir)
        self._lock = StoreLock(self.layout.lock)
        self.catalogue = self.file(self.layout.catalogue, FileKind.CATALOGUE)
        self._files: OrderedDict[Path, StoreFile] = OrderedDict()
        self.summaries = SummaryCache()
        self.ids = IdIndex(self.layout, self.cached_file)
        self.notices: list[str] = []

    def file(self, path: Path, kind: FileKind) -> StoreFile:
        """A new file object for ``path`` (not cached: a one-off read of many files)."""
        check = _damaged_annotation if kind == FileKind.DOCUMENT else None
        return StoreFile(path, kind, self._lock, backups=self.layout.backups, check=check)

    def cached_file(self, path: Path, kind: FileKind) -> StoreFile:
        """The file object of ``path``, kept parsed among the last few used."""
        file = self._files.get(path)
        if file is None:
            file = self._files[path] = self.file(path, kind)
            if len(self._files) > _CACHED_FILES:
                evicted, _ = self._files.popitem(last=False)
                self.summaries.drop(evicted)
        else:
            self._files.move_to_end(path)
        return file

    def document_file(self, document_id: str) -> StoreFile:
        """The cached file of one document's annotations."""
        return self.cached_file(self.layout.document_file(document_id), FileKind.DOCUMENT)

    @contextlib.contextmanager
    def writing(self, *files: StoreFile) -> Iterator[None]:
        """Hold the lock; forget cached contents a failed operation may have altered."""
        with self._lock():
            try:
                yield
            except BaseException:
                self.forget(*files)
                raise

    def forget(self, *files: StoreFile) -> None:
        """Drop the parsed contents of every cached file and ``files`` (read again next)."""
        for file in (self.catalogue, *files, *self._files.values()):
            file.forget()

    def catalogue_tables(self) -> dict[str, Any]:
        """The catalogue's tables (empty before the first write)."""
        return self.catalogue.load() or {}

    def documents_table(self) -> dict[str, dict[str, Any]]:
        """Every document's catalogue record, by id (do not modify)."""
        table: dict[str, dict[str, Any]] = self.catalogue_tables().get(DOCUMENTS, {})
        return table

    def records(self, document_id: str, file: StoreFile | None = None) -> dict[str, Any]:
        """The annotation records (by id) of one document; empty when it has none."""
        tables = (file or self.document_file(document_id)).load()
        if tables is None:
            return {}
        records: dict[str, Any] = tables.get(ANNOTATIONS, {})
        return records

    def locate(self, id_or_prefix: str) -> tuple[dict[str, Any], dict[str, Any]]:
        """Find an annotation by id or unique id prefix.

        Returns:
            Its document's catalogue record and its own record.

        Raises:
            AnnotationNotFoundError: No annotation (or more than one) matches.
        """
        documents = self.documents_table()
        found: list[tuple[str, dict[str, Any]]] = []
        for annotation_id, document_id in self.ids.matching(id_or_prefix):
            records = self.records(document_id)
            # The index may name an annotation whose removal a crash interrupted.
            if annotation_id in records:
                found.append((document_id, records[annotation_id]))
        if not found:
            raise AnnotationNotFoundError(f"no annotation has the id {id_or_prefix!r}")
        if len(found) > 1:
            raise AnnotationNotFoundError(
                f"{id_or_prefix!r} matches {len(found)} annotations; give more of the id"
            )
        document_id, row = found[0]
        return documents.get(document_id) or self.record_from_file(document_id), row

    def record_from_file(self, document_id: str) -> dict[str, Any]:
        """A stand-in catalogue record from a document file's meta (catalogue lost it)."""
        tables = self.document_file(document_id).load() or {}
        meta = tables.get(META, {}).get(META_KEY, {})
        return {
            "id": document_id,
            "fingerprint": meta.get("fingerprint", ""),
            "path": meta.get("path", ""),
            "title": meta.get("title", ""),
        }

    def undo(self, step: Callable[[], None]) -> None:
        """Take back an earlier step of a write that failed (a failure here changes nothing).

        Only derived data is undone so (an id-index entry, an empty document
        record); if the disk refuses this too, what is left names nothing the
        user sees and ``reader doctor --fix`` removes it.
        """
        self.forget()
        with contextlib.suppress(StoreError):
            step()

    def derived(self, step: Callable[[], None]) -> None:
        """Bring derived data up to date after the write that stored a change.

        The change is stored by then: a failure is a notice, not an error, so
        that the caller does not say "nothing was changed" and a retry does not
        store the change twice.
        """
        try:
            step()
        except StoreError as error:
            self.forget()
            self.notices.append(
                f"the change was stored, but {error}: 'reader doctor --fix' brings the "
                "counts and the id index up to date"
            )

    def drop_document_record(self, document_id: str) -> None:
        """Remove a document's catalogue record (one the failed write had just created)."""
        open_db(self.catalogue).keyed(DOCUMENTS).drop(document_id)

    def write_document_record(self, record: dict[str, Any]) -> None:
        """Put one document's record into the catalogue (under the lock)."""
        open_db(self.catalogue, create=True).keyed(DOCUMENTS).put(record["id"], record)

    def sync_counts(self, document_id: str) -> None:
        """Recompute a document's counts in the catalogue from its file."""
        wanted = self.counted(document_id)
        if wanted is not None:
            self.write_document_record(wanted)

    def counted(self, document_id: str) -> dict[str, Any] | None:
        """A document's catalogue record with counts from its file; ``None`` if unchanged."""
        record = self.documents_table().get(document_id)
        if record is None:
            record = {**self.record_from_file(document_id), "created": format_time(utc_now())}
        file = self.document_file(document_id)
        wanted = {**record, **self.summaries.of(file, self.records(document_id, file))}
        return None if wanted == record else wanted

    def by_shard(self, ids: Iterable[str]) -> dict[Path, list[str]]:
        """``ids`` grouped by index shard (one path built per shard, not per id)."""
        grouped: dict[str, list[str]] = {}
        for annotation_id in ids:
            grouped.setdefault(annotation_id[:INDEX_SHARD_CHARS], []).append(annotation_id)
        return {self.layout.index_file(group[0]): group for group in grouped.values()}
