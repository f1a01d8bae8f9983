"""Importing many annotations at once: one write per file, whatever their number.

Part of :class:`~reader.store.store.AnnotationStore`. Every annotation of an
import is placed first (re-anchored against its document, nothing written);
then, in the order that keeps a crash harmless, each id-index shard that gains
ids is written once, each document's file once, and the catalogue's counts
once. 100,000 annotations over 100 new documents are some 460 writes (256
shards, 100 files, a catalogue record per new document, the counts), where one
transaction per annotation made 300,000.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from reader.annotation import Annotation, clean_tags
from reader.model import Document
from reader.store.codec import annotation_from_record, annotation_record
from reader.store.core import StoreCore
from reader.store.documents import DocumentRecognition, document_ref
from reader.store.errors import StoreError
from reader.store.layout import (
    ANNOTATIONS,
    DOCUMENTS,
    IDS,
    FileKind,
    is_annotation_id,
)
from reader.store.passages import follow_record_passage
from reader.store.storage import open_db

__all__ = ["ImportProgress", "ImportResult", "StoreImport"]

ImportProgress = Callable[[int, int], None]
"""Called with (annotations placed, annotations in all) while an import is prepared."""

_PROGRESS_STEP = 250
"""Annotations placed between two progress reports (a report per annotation costs more)."""


@dataclass(slots=True)
class ImportResult:
    """What importing one document's annotations did.

    Attributes:
        document: The document.
        added: The annotations stored, as placed in the document.
        present: Annotations whose id was already in the store (left as they were).
    """

    document: Document
    added: list[Annotation] = field(default_factory=list)
    present: int = 0


@dataclass(slots=True)
class _Batch:
    """One document's share of an import, placed and ready to write."""

    result: ImportResult
    record: dict[str, Any]
    known: bool
    rows: dict[str, dict[str, Any]] = field(default_factory=dict)


class StoreImport:
    """Imports many annotations at once (:meth:`import_annotations`).

    Given the core and the recognition of documents (each document of an import
    is recorded and re-anchored before its annotations are placed on it).
    """

    def __init__(self, core: StoreCore, documents: DocumentRecognition) -> None:
        """Import into ``core``'s files, finding documents with ``documents``."""
        self._core = core
        self._documents = documents

    def import_annotations(
        self,
        batches: Sequence[tuple[Document, Sequence[Annotation]]],
        *,
        progress: ImportProgress | None = None,
    ) -> list[ImportResult]:
        """Store annotations made elsewhere, each re-anchored against its document.

        Idempotent on the annotations' ids: an id already stored (or met earlier
        in ``batches``) adds nothing. One write per index shard and per document
        file, whatever the number of annotations.

        Args:
            batches: Each document with the annotations to import into it.
            progress: Told how the placing advances.

        Returns:
            One result per batch, in order.

        Raises:
            ValueError: An annotation id is not one the store can keep (the
                importer derives a valid one from any id it reads).
            StoreError: A write failed; the message says which documents' annotations
                were stored (importing again adds only the rest).
        """
        for _, items in batches:
            for annotation in items:
                if not is_annotation_id(annotation.id):
                    raise ValueError(f"{annotation.id!r} is not an annotation id")
        prepared: list[_Batch] = []
        with self._core.writing():
            try:
                self._prepare(batches, progress, prepared)
            except BaseException:
                self._core.undo(lambda: self._drop_new_records(prepared))
                raise
            self._write(prepared)
        return [batch.result for batch in prepared]

    def _prepare(
        self,
        batches: Sequence[tuple[Document, Sequence[Annotation]]],
        progress: ImportProgress | None,
        prepared: list[_Batch],
    ) -> None:
        """Place every new annotation into ``prepared`` (writing only document records).

        A batch joins ``prepared`` as soon as its document is recorded, so that a
        failure can take back the records this import created.
        """
        from reader.reanchor import Reanchorer

        total = sum(len(items) for _, items in batches)
        stored = self._stored_ids(a.id for _, items in batches for a in items)
        done = 0
        for doc, items in batches:
            fresh: dict[str, Annotation] = {}
            for annotation in items:
                if annotation.id not in stored:
                    fresh.setdefault(annotation.id, annotation)
            stored |= fresh.keys()
            done += len(items) - len(fresh)
            if not fresh:  # nothing to add: the document is not recorded for nothing
                prepared.append(_Batch(ImportResult(doc, present=len(items)), {}, known=True))
                continue
            known = self._documents.find(doc)[0] is not None
            batch = _Batch(ImportResult(doc, present=len(items) - len(fresh)), {}, known)
            batch.record = self._documents.ensure_record(doc)
            prepared.append(batch)
            self._documents.placed(batch.record, doc)
            record = batch.record = self._core.documents_table().get(
                batch.record["id"], batch.record
            )
            reanchorer = Reanchorer(doc)
            for annotation in fresh.values():
                done += 1
                placement = reanchorer.place(
                    annotation.anchor, annotation.selector, annotation.digest
                )
                placed = replace(
                    annotation,
                    document=document_ref(record),
                    anchor=placement.anchor or annotation.anchor,
                    digest=placement.digest if placement.anchor is not None else annotation.digest,
                    status=placement.status,
                    suggestion=placement.suggestion,
                    tags=clean_tags(annotation.tags),
                )
                row = annotation_record(placed, placement.index)
                has_passage = placed.passage is not None or placed.lost_passage is not None
                if placement.index is not None and has_passage:  # moved with its paragraph
                    follow_record_passage(row, doc.paragraphs[placement.index].text)
                    placed = annotation_from_record(row, placed.document)
                batch.result.added.append(placed)
                batch.rows[placed.id] = row
                if progress is not None and done % _PROGRESS_STEP == 0:
                    progress(done, total)
        if progress is not None:
            progress(total, total)

    def _stored_ids(self, ids: Iterable[str]) -> set[str]:
        """Those of ``ids`` the store holds (indexed, and in the document the index names)."""
        by_document: dict[str, set[str]] = {}
        for path, group in self._core.by_shard(ids).items():
            wanted = set(group)
            entries = (self._core.cached_file(path, FileKind.INDEX).load() or {}).get(IDS, {})
            for annotation_id in wanted & entries.keys():
                document = entries[annotation_id].get("document")
                if isinstance(document, str):
                    by_document.setdefault(document, set()).add(annotation_id)
        found: set[str] = set()
        for document, indexed in by_document.items():
            # The index may name an annotation whose removal a crash interrupted.
            found |= indexed & self._core.records(document).keys()
        return found

    def _write(self, prepared: list[_Batch]) -> None:
        """Index shards, then each document's file, then the catalogue's counts."""
        document_of = {key: batch.record["id"] for batch in prepared for key in batch.rows}
        shards = {
            path: {key: {"document": document_of[key]} for key in keys}
            for path, keys in self._core.by_shard(document_of).items()
        }
        indexed: list[tuple[Path, list[str]]] = []
        try:
            for path, entries in sorted(shards.items()):
                file = self._core.cached_file(path, FileKind.INDEX)
                before = (file.load() or {}).get(IDS, {})
                open_db(file, create=True).keyed(IDS).put_many(entries)
                indexed.append((path, [key for key in entries if key not in before]))
        except BaseException:
            self._core.undo(lambda: self._unindex(indexed))
            self._core.undo(lambda: self._drop_new_records(prepared))
            raise
        self._write_documents(prepared, indexed)
        self._core.derived(lambda: self._sync_all_counts(prepared))

    def _write_documents(
        self, prepared: list[_Batch], indexed: list[tuple[Path, list[str]]]
    ) -> None:
        """Write each document's file once; a failure takes back what was not stored."""
        for number, batch in enumerate(prepared):
            if not batch.rows:
                continue
            try:
                meta = self._documents.file_meta(batch.record, batch.result.document)
                file = self._core.document_file(batch.record["id"])
                open_db(file, create=True, **meta).keyed(ANNOTATIONS).put_many(batch.rows)
            except BaseException as error:
                self._keep_only(prepared, number, indexed)
                if number and isinstance(error, StoreError):
                    raise StoreError(
                        f"{error}; the annotations of the first {number} of {len(prepared)} "
                        "documents were imported: import again when the problem is solved "
                        "(what was imported is not added twice)"
                    ) from error
                raise

    def _keep_only(
        self, prepared: list[_Batch], stored: int, indexed: list[tuple[Path, list[str]]]
    ) -> None:
        """After a failed write: take back the index entries and new records of the rest."""
        rest = prepared[stored:]
        unstored = {key for batch in rest for key in batch.rows}
        left = [(path, [key for key in keys if key in unstored]) for path, keys in indexed]
        self._core.undo(lambda: self._unindex(left))
        self._core.undo(lambda: self._drop_new_records(rest))
        self._core.derived(lambda: self._sync_all_counts(prepared[:stored]))

    def _unindex(self, indexed: list[tuple[Path, list[str]]]) -> None:
        for path, keys in indexed:
            if keys:
                open_db(self._core.cached_file(path, FileKind.INDEX)).keyed(IDS).drop_many(keys)

    def _drop_new_records(self, batches: Sequence[_Batch]) -> None:
        """Remove the catalogue records this import created for documents it did not store."""
        new = [batch.record["id"] for batch in batches if not batch.known]
        if new:
            open_db(self._core.catalogue).keyed(DOCUMENTS).drop_many(new)

    def _sync_all_counts(self, prepared: Sequence[_Batch]) -> None:
        """Recompute the imported documents' counts in the catalogue, in one write."""
        wanted: dict[str, Mapping[str, Any]] = {}
        for batch in prepared:
            if batch.rows:
                counted = self._core.counted(batch.record["id"])
                if counted is not None:
                    wanted[batch.record["id"]] = counted
        if wanted:
            open_db(self._core.catalogue, create=True).keyed(DOCUMENTS).put_many(wanted)
