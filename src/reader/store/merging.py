"""Writing changes merged from other machines (``reader sync``) in a few writes.

The part of :class:`~reader.store.store.AnnotationStore` that syncing uses (its
``merging`` attribute). The store's own methods take the document as read now (to
place an annotation on it) and write one annotation per transaction. Changes
merged from another machine name documents this machine may not have, keep the
times they were made there, carry fields this reader may not know, and come by
the thousand: :meth:`StoreMerging.merge_rows` writes them as records (every field
kept, known or not) with one write per index shard and per document file (a
document file it creates has no fingerprint, so the document's first
:meth:`~AnnotationStore.attach` places them on this machine's copy), and
:meth:`StoreMerging.put_reading_position` sets a position by document id.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from reader.annotation import DocumentRef, utc_now
from reader.store.codec import annotation_from_record, format_time
from reader.store.core import StoreCore
from reader.store.layout import (
    ANNOTATIONS,
    DOCUMENTS,
    IDS,
    META,
    META_KEY,
    FileKind,
    is_annotation_id,
)
from reader.store.storage import StoreFile, durable_batch, open_db

__all__ = ["RowChange", "StoreMerging"]

CHECKED = "checked"
"""The catalogue field holding a document file's :attr:`~StoreFile.stamp` (size and
CRC-32) after a merge wrote it: the next merge, finding the same bytes, need not check
its records one by one again."""


@dataclass(frozen=True, slots=True)
class RowChange:
    """What a merge does to one annotation record of a document.

    Attributes:
        whole: The record to store when the document has none with this id (every
            field; ``None``: do not create one).
        edit: The fields to set when it has one (the local placement is kept).
        delete: Remove the record (``whole`` and ``edit`` are then ignored).
    """

    whole: Mapping[str, Any] | None = None
    edit: Mapping[str, Any] = field(default_factory=dict)
    delete: bool = False


def _new_record(document: DocumentRef) -> dict[str, Any]:
    return {
        "id": document.id,
        "fingerprint": document.fingerprint,
        "path": document.path,
        "title": document.title,
        "created": format_time(utc_now()),
    }


class StoreMerging:
    """What ``reader sync`` needs of the store (``AnnotationStore.merging``).

    Given the core only: merged changes name documents by id, as records.
    """

    def __init__(self, core: StoreCore) -> None:
        """Merge into ``core``'s files."""
        self._core = core

    @contextlib.contextmanager
    def holding_lock(self) -> Iterator[None]:
        """Hold the store's lock, so that no other process writes it meanwhile.

        A sync holds it from reading the store to recording its files' signatures, so
        a signature always names the contents the sync state describes.
        """
        with self._core.writing():
            yield

    def document_signatures(self) -> dict[str, list[int]]:
        """Each recorded document's file signature (as the store's cache knows files).

        A file whose signature is unchanged holds what it held when the signature was
        taken (every write replaces the file), so it need not be read again.
        Documents without a file are left out.
        """
        signatures: dict[str, list[int]] = {}
        for document_id in self._core.documents_table():
            try:
                stat = os.stat(self._core.layout.document_file(document_id))
            except OSError:
                continue
            signatures[document_id] = [
                stat.st_ino,
                stat.st_size,
                stat.st_mtime_ns,
                stat.st_ctime_ns,
            ]
        return signatures

    def document_rows(self, document_id: str) -> dict[str, dict[str, Any]]:
        """One document's annotation records by id, as stored (every field; do not modify).

        Raises:
            StoreUnreadableError: Its file is damaged.
        """
        tables = self._core.document_file(document_id).load()
        rows: dict[str, dict[str, Any]] = {} if tables is None else tables.get(ANNOTATIONS, {})
        return rows

    def merge_rows(
        self,
        changes: Mapping[str, tuple[DocumentRef, Mapping[str, RowChange]]],
        reject: Callable[[str, str], None],
        advance: Callable[[int], None] | None = None,
    ) -> int:
        """Apply merged changes: document id -> (its reference, annotation id -> change).

        A document not recorded yet is recorded from its reference. A record that
        would not decode (damaged values from another machine) is not written:
        ``reject(annotation id, problem)`` is told instead; ``advance`` is told the
        number of changes of each document as it is written. One write per index shard
        and per document file; the id index gains entries before and loses them
        after the documents' files, so that it never misses an annotation. Each of
        the three steps is a :func:`~reader.store.storage.durable_batch` (one fsync
        per folder, when the step ends). A document file this store wrote and no
        one changed since (its catalogue record's :data:`CHECKED` stamp) is not
        checked record by record again; the records a merge adds were checked on
        the way in.

        Returns:
            The number of records written or removed.

        Raises:
            StoreError: A write failed (what was written stays consistent).
        """
        written = 0
        with self._core.writing():
            documents = self._core.documents_table()
            new = {
                ref.id: _new_record(ref) for ref, _ in changes.values() if ref.id not in documents
            }
            if new:
                open_db(self._core.catalogue, create=True).keyed(DOCUMENTS).put_many(new)
            plans: dict[str, tuple[DocumentRef, dict[str, Any], list[str], bool]] = {}
            # Held here: the store's cache keeps fewer files than a merge may touch,
            # and each file is parsed (and checked) once.
            files: dict[str, StoreFile] = {}
            for document_id, (ref, wanted) in sorted(changes.items()):
                file = files[document_id] = self._core.document_file(document_id)
                file.trust(documents.get(document_id, {}).get(CHECKED))
                tables = file.load()
                rows: dict[str, Any] = {} if tables is None else tables.get(ANNOTATIONS, {})
                puts: dict[str, Any] = {}
                gone: list[str] = []
                unplaced = False
                for annotation_id, change in wanted.items():
                    row = rows.get(annotation_id)
                    if change.delete:
                        if row is not None:
                            gone.append(annotation_id)
                        continue
                    if row is None:
                        if change.whole is None:
                            continue
                        candidate = {**change.whole, "id": annotation_id}
                        unplaced = True
                    else:
                        candidate = {**row, **change.edit}
                        if candidate == row:
                            continue
                    problem = _problem(annotation_id, candidate, ref)
                    if problem is not None:
                        reject(annotation_id, problem)
                        continue
                    puts[annotation_id] = candidate
                if puts or gone:
                    plans[document_id] = (ref, puts, gone, unplaced)
            document_of = {a: d for d, (_, puts, _, _) in plans.items() for a in puts}
            with durable_batch():  # on disk before the documents naming them
                for path, keys in sorted(self._core.by_shard(document_of).items()):
                    file = self._core.cached_file(path, FileKind.INDEX)
                    known = (file.load() or {}).get(IDS, {})
                    entries = {
                        key: {"document": document_of[key]}
                        for key in keys
                        if known.get(key) != {"document": document_of[key]}
                    }
                    if entries:  # an edited annotation is indexed already
                        open_db(file, create=True).keyed(IDS).put_many(entries)
            with durable_batch():
                for document_id, (ref, puts, gone, unplaced) in sorted(plans.items()):
                    file = files[document_id]
                    new_file = file.new_tables(
                        document=document_id,
                        fingerprint="",
                        anchors="",
                        path=ref.path,
                        title=ref.title,
                    )
                    # Puts, deletes and the meta of one document are one write.
                    file.save(_merged(file.load(), new_file, puts, gone, unplaced))
                    written += len(puts) + len(gone)
                    if advance is not None:
                        advance(len(changes[document_id][1]))
            deleted = {a: d for d, (_, _, gone, _) in plans.items() for a in gone}
            with durable_batch():
                for path, keys in sorted(self._core.by_shard(deleted).items()):
                    file = self._core.cached_file(path, FileKind.INDEX)
                    if file.load() is not None:
                        open_db(file).keyed(IDS).drop_many(keys)
            touched = {d: files[d] for d in sorted(plans)}
            self._core.derived(lambda: self._recount(touched))
        return written

    def _recount(self, files: Mapping[str, StoreFile]) -> None:
        """Bring the catalogue's counts of these documents up to date (one write)."""
        wanted: dict[str, Mapping[str, Any]] = {}
        documents = self._core.documents_table()
        for document_id, file in files.items():
            record = documents.get(document_id)
            if record is None:
                continue
            counted = {
                **record,
                **self._core.summaries.of(file, self._core.records(document_id, file)),
            }
            stamp = file.stamp
            if stamp is None:
                counted.pop(CHECKED, None)
            else:
                counted[CHECKED] = stamp
            if counted != record:
                wanted[document_id] = counted
        if wanted:
            open_db(self._core.catalogue, create=True).keyed(DOCUMENTS).put_many(wanted)

    def put_reading_position(
        self,
        document: DocumentRef,
        anchor: str | None,
        progress: float,
        last_read: datetime | None,
    ) -> None:
        """Set the position of a document, recording it if the store has not seen it.

        Args:
            document: The document: its id in this store, and (for a document not
                recorded yet) its fingerprint, path and title.
            anchor: The anchor of the paragraph being read (``None``: never read).
            progress: How far through the document, 0 to 1 (clamped).
            last_read: When it was read there.
        """
        with self._core.writing():
            record = self._core.documents_table().get(document.id)
            if record is None:
                record = _new_record(document)
            self._core.write_document_record(
                {
                    **record,
                    "position": anchor,
                    "progress": min(1.0, max(0.0, float(progress))),
                    "last_read": None if last_read is None else format_time(last_read),
                }
            )


def _merged(
    tables: dict[str, Any] | None,
    new_file: dict[str, Any],
    puts: Mapping[str, Any],
    gone: Iterable[str],
    unplaced: bool,
) -> dict[str, Any]:
    """A document file's tables with ``puts`` set and ``gone`` removed (a key in both: removed).

    New dicts: ``tables`` (the store file's cached contents) is left as it was, so
    a failed write leaves the cache true to the file.

    Args:
        tables: The file's tables (``None``: it does not exist yet).
        new_file: The tables of the file when it does not exist yet.
        puts: The records to set, by id.
        gone: The ids of the records to remove.
        unplaced: Some record of ``puts`` was made elsewhere (placed on another version).
    """
    base = new_file if tables is None else tables
    result = {**base, ANNOTATIONS: {**base.get(ANNOTATIONS, {}), **puts}}
    for key in gone:
        result[ANNOTATIONS].pop(key, None)
    meta = base.get(META, {})
    if tables is not None and unplaced and META_KEY in meta and _unplaced(tables, puts):
        # Records from elsewhere name paragraphs of another version: the next
        # attach places every annotation on the document as read then.
        result[META] = {**meta, META_KEY: {**meta[META_KEY], "fingerprint": ""}}
    return result


def _unplaced(tables: Mapping[str, Any], rows: Mapping[str, Mapping[str, Any]]) -> bool:
    """Whether a new record names a paragraph the file's document version does not have."""
    meta = tables.get(META, {}).get(META_KEY, {})
    anchors = set(str(meta.get("anchors", "")).split())
    existing = tables.get(ANNOTATIONS, {})
    return any(row["anchor"] not in anchors for key, row in rows.items() if key not in existing)


def _problem(annotation_id: str, row: dict[str, Any], ref: DocumentRef) -> str | None:
    """Why ``row`` cannot be stored (it would not decode), or ``None``."""
    if not is_annotation_id(annotation_id):
        return "not an annotation id"
    try:
        annotation_from_record(row, ref)
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        return f"{type(error).__name__}: {str(error)[:80]}"
    return None
