"""Writing changes merged from other machines (``reader sync``) in a few writes.

The store's own methods take the document as read now (to place an annotation on
it) and write one annotation per transaction. Changes merged from another machine
name documents this machine may not have, keep the times they were made there,
and come by the thousand: :func:`put_annotations` writes them with one write per
index shard and per document file (a document file it creates has no fingerprint,
so the document's first :meth:`~AnnotationStore.attach` places them on this
machine's copy), and :func:`put_reading_position` sets a position by document id.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any

from reader.annotation import Annotation, DocumentRef, utc_now
from reader.store.codec import annotation_record, decode_records, format_time
from reader.store.documents import document_ref
from reader.store.layout import (
    ANNOTATIONS,
    DOCUMENTS,
    IDS,
    META,
    META_KEY,
    FileKind,
    is_annotation_id,
)
from reader.store.storage import open_db
from reader.store.store import AnnotationStore

__all__ = [
    "document_annotations",
    "document_signatures",
    "holding_lock",
    "put_annotations",
    "put_reading_position",
]


def _new_record(document: DocumentRef) -> dict[str, Any]:
    return {
        "id": document.id,
        "fingerprint": document.fingerprint,
        "path": document.path,
        "title": document.title,
        "created": format_time(utc_now()),
    }


@contextlib.contextmanager
def holding_lock(store: AnnotationStore) -> Iterator[None]:
    """Hold the store's lock, so that no other process writes it meanwhile.

    A sync holds it from reading the store to recording its files' signatures, so
    a signature always names the contents the sync state describes.
    """
    with store._writing():
        yield


def document_signatures(store: AnnotationStore) -> dict[str, list[int]]:
    """Each recorded document's file signature (as the store's cache knows files).

    A file whose signature is unchanged holds what it held when the signature was
    taken (every write replaces the file), so its annotations need not be decoded.
    Documents without a file are left out.
    """
    signatures: dict[str, list[int]] = {}
    for document_id in store._documents_table():
        try:
            stat = os.stat(store.layout.document_file(document_id))
        except OSError:
            continue
        signatures[document_id] = [stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns]
    return signatures


def document_annotations(store: AnnotationStore, document_id: str) -> list[Annotation]:
    """One recorded document's annotations, decoded (not kept in the store's cache).

    Raises:
        StoreUnreadableError: Its file is damaged.
    """
    record = store._documents_table().get(document_id)
    if record is None:
        return []
    path = store.layout.document_file(document_id)
    rows = store._records(document_id, store._file(path, FileKind.DOCUMENT))
    return decode_records(rows.values(), document_ref(record), path)


def put_annotations(
    store: AnnotationStore, puts: Sequence[Annotation], deletes: Mapping[str, str]
) -> None:
    """Store ``puts`` as given (new or replacing the same id) and remove ``deletes``.

    Args:
        store: The store.
        puts: Annotations with their documents' ids in this store (a document not
            recorded yet is recorded from the reference).
        deletes: Annotation id -> the id of the document holding it.

    Raises:
        ValueError: An id is not one the store can keep.
        StoreError: A write failed (what was written stays consistent: index
            entries are added before and removed after the documents' files).
    """
    for annotation in puts:
        if not is_annotation_id(annotation.id):
            raise ValueError(f"{annotation.id!r} is not an annotation id")
    by_document: dict[str, tuple[DocumentRef, dict[str, Any]]] = {}
    for annotation in puts:
        ref = annotation.document
        rows = by_document.setdefault(ref.id, (ref, {}))[1]
        rows[annotation.id] = annotation_record(annotation, annotation.selector.index)
    removed: dict[str, list[str]] = {}
    for annotation_id, document_id in deletes.items():
        removed.setdefault(document_id, []).append(annotation_id)
    with store._writing():
        documents = store._documents_table()
        new = {
            ref.id: _new_record(ref) for ref, _ in by_document.values() if ref.id not in documents
        }
        if new:
            open_db(store._catalogue, create=True).keyed(DOCUMENTS).put_many(new)
        document_of = {a.id: a.document.id for a in puts}
        for path, keys in sorted(store._by_shard(document_of).items()):
            file = store._cached_file(path, FileKind.INDEX)
            known = (file.load() or {}).get(IDS, {})
            entries = {
                key: {"document": document_of[key]}
                for key in keys
                if known.get(key) != {"document": document_of[key]}
            }
            if entries:  # an edited annotation is indexed already
                open_db(file, create=True).keyed(IDS).put_many(entries)
        for document_id in sorted({*by_document, *removed}):
            file = store._document_file(document_id)
            tables = file.load()
            gone = removed.get(document_id, [])
            if document_id not in by_document:
                if tables is not None:
                    open_db(file).keyed(ANNOTATIONS).drop_many(gone)
                continue
            ref, rows = by_document[document_id]
            meta = {
                "document": document_id,
                "fingerprint": "",
                "anchors": "",
                "path": ref.path,
                "title": ref.title,
            }
            # Puts and deletes of one document are one write (one fsync, one check).
            open_db(file, create=True, **meta).keyed(ANNOTATIONS).put_many(rows, drop=gone)
            if tables is not None and _unplaced(tables, rows):
                open_db(file).keyed(META).patch(META_KEY, {"fingerprint": ""})
        for path, keys in sorted(store._by_shard(deletes).items()):
            file = store._cached_file(path, FileKind.INDEX)
            if file.load() is not None:
                open_db(file).keyed(IDS).drop_many(keys)
        touched = sorted({*by_document, *removed})
        store._derived(lambda: _recount(store, touched))


def _unplaced(tables: Mapping[str, Any], rows: Mapping[str, Mapping[str, Any]]) -> bool:
    """Whether a row names a paragraph the file's document version does not have.

    Its file's fingerprint is then cleared, so that the next ``attach`` places every
    annotation on the document as read then (what it does for an edited document).
    """
    meta = tables.get(META, {}).get(META_KEY, {})
    anchors = set(str(meta.get("anchors", "")).split())
    existing = tables.get(ANNOTATIONS, {})
    return any(row["anchor"] not in anchors for key, row in rows.items() if key not in existing)


def _recount(store: AnnotationStore, document_ids: Sequence[str]) -> None:
    wanted: dict[str, Mapping[str, Any]] = {}
    for document_id in document_ids:
        counted = store._counted(document_id)
        if counted is not None:
            wanted[document_id] = counted
    if wanted:
        open_db(store._catalogue, create=True).keyed(DOCUMENTS).put_many(wanted)


def put_reading_position(
    store: AnnotationStore,
    document: DocumentRef,
    anchor: str | None,
    progress: float,
    last_read: datetime | None,
) -> None:
    """Set the position of a document, recording it if the store has not seen it.

    Args:
        store: The store.
        document: The document: its id in this store, and (for a document not
            recorded yet) its fingerprint, path and title.
        anchor: The anchor of the paragraph being read (``None``: never read).
        progress: How far through the document, 0 to 1 (clamped).
        last_read: When it was read there.
    """
    with store._writing():
        record = store._documents_table().get(document.id)
        if record is None:
            record = _new_record(document)
        store._write_document_record(
            {
                **record,
                "position": anchor,
                "progress": min(1.0, max(0.0, float(progress))),
                "last_read": None if last_read is None else format_time(last_read),
            }
        )
