"""The annotation store: every note, highlight, bookmark and reading position.

:class:`AnnotationStore` is the only way the rest of reader reaches the data
folder. Each public method is one short transaction: writes take the store's
cross-process lock, re-read whatever another process changed, and write every
file atomically (see :mod:`reader.store.storage`). When a file must change
together with another, the order keeps a crash harmless: the id index is written
before an annotation is added and after one is removed (so it never misses one),
and the catalogue's counts, written last, are recomputed whenever a document's
file is next written or attached. Which document a file is, and re-anchoring its
annotations when it changed: :mod:`reader.store.documents`; finding an annotation
by id: :mod:`reader.store.id_index`; copies of one work: :mod:`reader.store.works`."""

from __future__ import annotations

from collections import OrderedDict
from pathlib import Path
from typing import Any

import orjson

from reader.annotation import (
    AnchorStatus,
    Annotation,
    DocumentRef,
    utc_now,
)
from reader.model import Document
from reader.store.codec import (
    DocumentRecord,
    annotation_from_record,
    damaged_record,
    document_record,
    format_time,
    in_document_order,
)
from reader.store.core import StoreCore
from reader.store.documents import DocumentRecognition, document_ref
from reader.store.editing import AnnotationEditing
from reader.store.id_index import MIN_ID_PREFIX, IdIndex
from reader.store.importing import StoreImport
from reader.store.layout import (
    ANNOTATIONS,
    PREFERENCES,
    FileKind,
    Layout,
)
from reader.store.merging import StoreMerging
from reader.store.paths import default_data_dir
from reader.store.reattaching import StoreReattach
from reader.store.storage import StoreFile, StoreLock, open_db
from reader.store.summaries import SummaryCache
from reader.store.work_ties import WorkTies
from reader.store.works import WorkCopies

__all__ = ["MIN_ID_PREFIX", "AnnotationStore"]

_CACHED_FILES = 64
"""Document files and index shards kept parsed in memory (the catalogue always is)."""

_NO_DOCUMENT = DocumentRef("", "", "", "")


def _damaged_annotation(tables: dict[str, Any]) -> str | None:
    """The check every document file passes before it is written over."""
    return damaged_record(tables.get(ANNOTATIONS, {}).values(), _NO_DOCUMENT)


class AnnotationStore(
    StoreCore,
    WorkTies,
    WorkCopies,
    DocumentRecognition,
    StoreImport,
    StoreReattach,
    AnnotationEditing,
    StoreMerging,
):
    """Annotations, reading positions and preferences in one data folder.

    Safe to use from several processes at once; every method reads the current
    state of the files. Open it with :meth:`open`.
    """

    def __init__(self, data_dir: Path) -> None:
        """Use the store in ``data_dir`` (created on first write). Prefer :meth:`open`.

        Args:
            data_dir: The data folder.
        """
        super().__init__()
        self.data_dir = data_dir
        self.layout = Layout(data_dir)
        self._lock = StoreLock(self.layout.lock)
        self._catalogue = self._file(self.layout.catalogue, FileKind.CATALOGUE)
        self._files: OrderedDict[Path, StoreFile] = OrderedDict()
        self._summaries = SummaryCache()
        self._ids = IdIndex(self.layout, self._cached_file)
        self.notices: list[str] = []
        """What to tell the user after a write that succeeded but could not bring derived
        data (counts, the id index) up to date; ``reader doctor --fix`` repairs that."""

    @classmethod
    def open(cls, data_dir: Path | None = None) -> AnnotationStore:
        """Open the store in ``data_dir`` (default: :func:`default_data_dir`).

        Raises:
            StoreUnreadableError: The catalogue is damaged or was written by a newer
                reader; nothing is written until ``reader doctor`` has dealt with it.
            StoreError: The folder cannot be read.
        """
        store = cls(data_dir if data_dir is not None else default_data_dir())
        store._documents_table()
        return store

    # -- annotations -----------------------------------------------------------

    def get(self, annotation_id: str) -> Annotation:
        """The annotation with this id (or unique id prefix).

        Raises:
            AnnotationNotFoundError: No annotation (or several) match.
        """
        record, row = self._locate(annotation_id)
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
            record, _ = self._find(doc)
            groups = [] if record is None else [record]
        else:
            groups = [self._documents_table()[r.id] for r in self.documents()]
        result: list[Annotation] = []
        for record in groups:
            path = self.layout.document_file(record["id"])
            # A one-off file object: listing every document must not keep all parsed.
            file = self._document_file(record["id"]) if doc is not None else None
            records = self._records(record["id"], file or self._file(path, FileKind.DOCUMENT))
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
        for record in self._documents_table().values():
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
        records = [document_record(r) for r in self._documents_table().values()]
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
        record, _ = self._find(doc)
        return None if record is None else document_record(record)

    def reading_position(self, doc: Document) -> str | None:
        """The anchor of the paragraph last read in ``doc``, if any."""
        record, _ = self._find(doc)
        return None if record is None else record.get("position")

    def set_reading_position(self, doc: Document, anchor: str, progress: float) -> None:
        """Remember where the reader is in ``doc``.

        Args:
            doc: The document.
            anchor: The anchor of the paragraph being read.
            progress: How far through the document, 0 to 1 (clamped).
        """
        with self._writing():
            record = self._ensure_record(doc)
            self._write_document_record(
                {
                    **record,
                    "position": anchor,
                    "progress": min(1.0, max(0.0, float(progress))),
                    "last_read": format_time(utc_now()),
                }
            )

    def preference(self, key: str, default: Any = None) -> Any:
        """The app preference ``key`` (theme, ...), or ``default`` when unset."""
        row = self._catalogue_tables().get(PREFERENCES, {}).get(key)
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
        with self._writing():
            db = open_db(self._catalogue, create=True)
            db.keyed(PREFERENCES).put(key, {"value": value})
