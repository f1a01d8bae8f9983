"""The annotation store: every note, highlight, bookmark and reading position.

:class:`AnnotationStore` is the only way the rest of reader reaches the data
folder. Each public method is one short transaction: writes take the store's
cross-process lock, re-read whatever another process changed, and write every
file atomically (see :mod:`reader.store.storage`). When a file must change
together with another, the order keeps a crash harmless: the id index is written
before an annotation is added and after one is removed (so it never misses one),
and the catalogue's counts, written last, are recomputed whenever a document's
file is next written or attached.

The store is built of parts, each given the :class:`~reader.store.core.StoreCore`
(the files, the lock, finding an annotation by id) and whichever other part it
needs; this class answers the simple questions itself and hands the rest on:

- :class:`~reader.store.documents.DocumentRecognition`: which document a file
  is, and re-anchoring its annotations when it changed (:meth:`attach`);
- :class:`~reader.store.editing.AnnotationEditing`: add, update, delete, restore;
- :class:`~reader.store.importing.StoreImport`: importing many annotations at once;
- :class:`~reader.store.reattaching.StoreReattach`: choosing a place by hand;
- :class:`~reader.store.works.WorkCopies` (with
  :class:`~reader.store.work_ties.WorkTies`): copies of one work;
- :class:`~reader.store.merging.StoreMerging`: what ``reader sync`` writes, used
  as :attr:`AnnotationStore.merging`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import orjson

from reader.annotation import AnchorStatus, Annotation, AnnotationKind, Passage, utc_now
from reader.model import Document
from reader.store.codec import (
    DocumentRecord,
    annotation_from_record,
    document_record,
    format_time,
    in_document_order,
)
from reader.store.core import StoreCore
from reader.store.documents import DocumentRecognition, document_ref
from reader.store.editing import KEEP, AnnotationEditing, Keep
from reader.store.id_index import MIN_ID_PREFIX
from reader.store.importing import ImportProgress, ImportResult, StoreImport
from reader.store.layout import PREFERENCES, FileKind
from reader.store.merging import StoreMerging
from reader.store.paths import default_data_dir
from reader.store.reattaching import StoreReattach
from reader.store.storage import open_db
from reader.store.versions import VersionChange
from reader.store.work_ties import WorkTies
from reader.store.works import Brief, WorkCopies

__all__ = ["MIN_ID_PREFIX", "AnnotationStore"]


class AnnotationStore:
    """Annotations, reading positions and preferences in one data folder.

    Safe to use from several processes at once; every method reads the current
    state of the files. Open it with :meth:`open`.

    Attributes:
        data_dir: The data folder.
        layout: Where each of its files is.
        notices: What to tell the user after a write that succeeded but could not
            bring derived data (counts, the id index) up to date; ``reader doctor
            --fix`` repairs that.
        merging: What ``reader sync`` reads and writes (:class:`StoreMerging`).
    """

    def __init__(self, data_dir: Path) -> None:
        """Use the store in ``data_dir`` (created on first write). Prefer :meth:`open`.

        Args:
            data_dir: The data folder.
        """
        self.data_dir = data_dir
        self._core = core = StoreCore(data_dir)
        self.layout = core.layout
        self.notices = core.notices
        ties = WorkTies(core)
        self._documents = documents = DocumentRecognition(core, ties)
        self._editing = AnnotationEditing(core, documents)
        self._importing = StoreImport(core, documents)
        self._reattaching = StoreReattach(core, documents)
        self._works = WorkCopies(core, documents, ties)
        self.merging = StoreMerging(core)

    @classmethod
    def open(cls, data_dir: Path | None = None) -> AnnotationStore:
        """Open the store in ``data_dir`` (default: :func:`default_data_dir`).

        Raises:
            StoreUnreadableError: The catalogue is damaged or was written by a newer
                reader; nothing is written until ``reader doctor`` has dealt with it.
            StoreError: The folder cannot be read.
        """
        store = cls(data_dir if data_dir is not None else default_data_dir())
        store._core.documents_table()
        return store

    # -- annotations (editing.py, documents.py) ----------------------------------

    def attach(self, doc: Document, *, record: bool = True) -> list[Annotation]:
        """Recognise ``doc``, re-anchor its annotations if it changed, and return them
        in document order, orphans last (:meth:`DocumentRecognition.attach`)."""
        return self._documents.attach(doc, record=record)

    def add(
        self,
        doc: Document,
        index: int,
        *,
        kind: AnnotationKind = AnnotationKind.NOTE,
        note: str = "",
        tags: Sequence[str] = (),
        id: str | None = None,
        passage: Passage | None = None,
        color: str | None = None,
    ) -> Annotation:
        """Annotate paragraph ``index`` of ``doc``, or a passage of it
        (:meth:`AnnotationEditing.add`)."""
        return self._editing.add(
            doc, index, kind=kind, note=note, tags=tags, id=id, passage=passage, color=color
        )

    def update(
        self,
        annotation_id: str,
        *,
        note: str | None = None,
        tags: Sequence[str] | None = None,
        kind: AnnotationKind | None = None,
        passage: Passage | Keep | None = KEEP,
        color: str | Keep | None = KEEP,
        expected_note: str | None = None,
    ) -> Annotation:
        """Change an annotation's note, tags, kind, passage or colour; with
        ``expected_note``, only over that note (:meth:`AnnotationEditing.update`)."""
        return self._editing.update(
            annotation_id,
            note=note,
            tags=tags,
            kind=kind,
            passage=passage,
            color=color,
            expected_note=expected_note,
        )

    def delete(self, annotation_id: str) -> Annotation:
        """Remove an annotation and return it (give it to :meth:`restore` to undo)."""
        return self._editing.delete(annotation_id)

    def restore(self, annotation: Annotation) -> None:
        """Put back an annotation :meth:`delete` returned, with the same id."""
        self._editing.restore(annotation)

    def import_annotations(
        self,
        batches: Sequence[tuple[Document, Sequence[Annotation]]],
        *,
        progress: ImportProgress | None = None,
    ) -> list[ImportResult]:
        """Store annotations made elsewhere, each re-anchored against its document
        (:meth:`StoreImport.import_annotations`)."""
        return self._importing.import_annotations(batches, progress=progress)

    # -- choosing a place by hand (reattaching.py) ---------------------------------

    def take_version_change(self, doc: Document) -> VersionChange | None:
        """What re-anchoring on new versions of ``doc`` did since last asked
        (:meth:`StoreReattach.take_version_change`)."""
        return self._reattaching.take_version_change(doc)

    def accept_place(self, doc: Document, annotation_id: str) -> Annotation:
        """Accept the place re-anchoring proposed (:meth:`StoreReattach.accept_place`)."""
        return self._reattaching.accept_place(doc, annotation_id)

    def attach_to_paragraph(self, doc: Document, annotation_id: str, index: int) -> Annotation:
        """Attach an annotation to paragraph ``index`` of ``doc``
        (:meth:`StoreReattach.attach_to_paragraph`)."""
        return self._reattaching.attach_to_paragraph(doc, annotation_id, index)

    # -- copies of one work (works.py) ---------------------------------------------

    def link(self, doc: Document, other: Document) -> list[DocumentRecord]:
        """Make ``doc`` and ``other`` copies of one work (:meth:`WorkCopies.link`)."""
        return self._works.link(doc, other)

    def unlink(self, doc: Document) -> list[DocumentRecord]:
        """Take ``doc`` out of its work (:meth:`WorkCopies.unlink`)."""
        return self._works.unlink(doc)

    def works(self) -> list[list[DocumentRecord]]:
        """Every known document, grouped by work (:meth:`WorkCopies.works`)."""
        return self._works.works()

    def works_among(self, documents: Sequence[Brief]) -> dict[str, str]:
        """Group documents read now by work (:meth:`WorkCopies.works_among`)."""
        return self._works.works_among(documents)

    def work_of(self, document_id: str) -> list[DocumentRecord]:
        """The documents of ``document_id``'s work, itself included."""
        return self._works.work_of(document_id)

    def copies(self, doc: Document) -> list[DocumentRecord]:
        """The other copies of ``doc``'s work (:meth:`WorkCopies.copies`)."""
        return self._works.copies(doc)

    def work_annotations(self, doc: Document, *, record: bool = True) -> list[Annotation]:
        """``doc``'s own annotations and its other copies', each once
        (:meth:`WorkCopies.work_annotations`)."""
        return self._works.work_annotations(doc, record=record)

    def copy_annotations(self, doc: Document) -> list[Annotation]:
        """The annotations made on ``doc``'s other copies, placed on ``doc``
        (:meth:`WorkCopies.copy_annotations`)."""
        return self._works.copy_annotations(doc)

    # -- reading annotations ---------------------------------------------------------

    def get(self, annotation_id: str) -> Annotation:
        """The annotation with this id (or unique id prefix).

        Raises:
            AnnotationNotFoundError: No annotation (or several) match.
        """
        record, row = self._core.locate(annotation_id)
        return annotation_from_record(row, document_ref(record))

    def annotations(
        self, doc: Document | None = None, *, tag: str | None = None, orphans: bool = False
    ) -> list[Annotation]:
        """List annotations, without re-anchoring (that is :meth:`attach`'s job).

        Args:
            doc: One document's annotations, in document order with orphans last;
                ``None`` for every document's (by document, most recently read first).
            tag: Only those carrying this tag or one nested under it.
            orphans: Only orphaned ones.
        """
        if doc is not None:
            record, _ = self._documents.find(doc)
            groups = [] if record is None else [record]
        else:
            groups = [self._core.documents_table()[r.id] for r in self.documents()]
        result: list[Annotation] = []
        for record in groups:
            path = self.layout.document_file(record["id"])
            # A one-off file object: listing every document must not keep all parsed.
            file = self._core.document_file(record["id"]) if doc is not None else None
            records = self._core.records(
                record["id"], file or self._core.file(path, FileKind.DOCUMENT)
            )
            listed = in_document_order(records, document_ref(record), path, doc)
            result.extend(
                a
                for a in listed
                if (tag is None or a.has_tag(tag))
                and (not orphans or a.status == AnchorStatus.ORPHANED)
            )
        return result

    def tags(self) -> dict[str, int]:
        """Every tag with the number of annotations carrying it.

        Tags match case-insensitively; each is shown in the form first typed.
        Sorted alphabetically (case-insensitively).
        """
        merged: dict[str, list[Any]] = {}
        for record in self._core.documents_table().values():
            for key, (form, count, first) in record.get("tags", {}).items():
                entry = merged.get(key)
                if entry is None:
                    merged[key] = [form, count, first]
                else:
                    entry[1] += count
                    if first < entry[2]:
                        entry[0], entry[2] = form, first
        return {merged[key][0]: merged[key][1] for key in sorted(merged)}

    def import_annotation(self, doc: Document, annotation: Annotation) -> tuple[Annotation, bool]:
        """Store one annotation made elsewhere (see :meth:`import_annotations`).

        Returns:
            The stored annotation, and whether it was added (``False``: the id was
            already present and the stored one is returned unchanged).
        """
        [result] = self.import_annotations([(doc, [annotation])])
        if result.added:
            return result.added[0], True
        return self.get(annotation.id), False

    # -- documents, positions, preferences --------------------------------------

    def documents(self) -> list[DocumentRecord]:
        """Every known document, most recently read first, then by title."""
        records = [document_record(r) for r in self._core.documents_table().values()]
        return sorted(
            records,
            key=lambda r: (
                r.last_read is None,
                -r.last_read.timestamp() if r.last_read else 0.0,
                r.title.casefold(),
                r.id,
            ),
        )

    def document_record(self, doc: Document) -> DocumentRecord | None:
        """What the store knows about ``doc``, or ``None`` if it never saw it."""
        record, _ = self._documents.find(doc)
        return None if record is None else document_record(record)

    def reading_position(self, doc: Document) -> str | None:
        """The anchor of the paragraph last read in ``doc``, if any."""
        record, _ = self._documents.find(doc)
        return None if record is None else record.get("position")

    def set_reading_position(self, doc: Document, anchor: str, progress: float) -> None:
        """Remember where the reader is in ``doc``.

        Args:
            doc: The document.
            anchor: The anchor of the paragraph being read.
            progress: How far through the document, 0 to 1 (clamped).
        """
        with self._core.writing():
            record = self._documents.ensure_record(doc)
            self._core.write_document_record(
                {
                    **record,
                    "position": anchor,
                    "progress": min(1.0, max(0.0, float(progress))),
                    "last_read": format_time(utc_now()),
                }
            )

    def preference(self, key: str, default: Any = None) -> Any:
        """The app preference ``key`` (theme, ...), or ``default`` when unset."""
        row = self._core.catalogue_tables().get(PREFERENCES, {}).get(key)
        return default if row is None else row["value"]

    def set_preference(self, key: str, value: Any) -> None:
        """Set an app preference.

        Args:
            key: Its name.
            value: Any JSON-compatible value.

        Raises:
            TypeError: ``value`` cannot be written as JSON.
        """
        orjson.dumps(value)  # raises TypeError now rather than at the write
        with self._core.writing():
            db = open_db(self._core.catalogue, create=True)
            db.keyed(PREFERENCES).put(key, {"value": value})
