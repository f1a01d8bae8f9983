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

import contextlib
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import orjson

from reader.annotation import (
    AnchorStatus,
    Annotation,
    AnnotationKind,
    DocumentRef,
    Passage,
    check_color,
    check_passage,
    new_annotation,
    new_annotation_id,
    utc_now,
)
from reader.model import Document
from reader.store.codec import (
    DocumentRecord,
    annotation_from_record,
    annotation_record,
    damaged_record,
    document_record,
    format_time,
    in_document_order,
    summary_with,
)
from reader.store.documents import DocumentRecognition, document_path, document_ref
from reader.store.editing import AnnotationEditing
from reader.store.errors import AnnotationNotFoundError, StoreError
from reader.store.id_index import MIN_ID_PREFIX, IdIndex
from reader.store.importing import StoreImport
from reader.store.layout import (
    ANNOTATIONS,
    DOCUMENTS,
    META,
    META_KEY,
    PREFERENCES,
    FileKind,
    Layout,
    is_annotation_id,
)
from reader.store.merging import StoreMerging
from reader.store.paths import default_data_dir
from reader.store.reattaching import StoreReattach
from reader.store.storage import LockRequiredError, StoreFile, StoreLock, open_db
from reader.store.summaries import SummaryCache
from reader.store.works import WorkCopies

__all__ = ["MIN_ID_PREFIX", "AnnotationStore"]

_CACHED_FILES = 64
"""Document files and index shards kept parsed in memory (the catalogue always is)."""

_NO_DOCUMENT = DocumentRef("", "", "", "")


def _damaged_annotation(tables: dict[str, Any]) -> str | None:
    """The check every document file passes before it is written over."""
    return damaged_record(tables.get(ANNOTATIONS, {}).values(), _NO_DOCUMENT)


class AnnotationStore(
    WorkCopies, DocumentRecognition, StoreImport, StoreReattach, AnnotationEditing, StoreMerging
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

    # -- files -------------------------------------------------------------

    def _file(self, path: Path, kind: FileKind) -> StoreFile:
        check = _damaged_annotation if kind == FileKind.DOCUMENT else None
        return StoreFile(path, kind, self._lock, backups=self.layout.backups, check=check)

    def _cached_file(self, path: Path, kind: FileKind) -> StoreFile:
        file = self._files.get(path)
        if file is None:
            file = self._files[path] = self._file(path, kind)
            if len(self._files) > _CACHED_FILES:
                evicted, _ = self._files.popitem(last=False)
                self._summaries.drop(evicted)
        else:
            self._files.move_to_end(path)
        return file

    def _document_file(self, document_id: str) -> StoreFile:
        return self._cached_file(self.layout.document_file(document_id), FileKind.DOCUMENT)

    @contextlib.contextmanager
    def _writing(self, *files: StoreFile) -> Iterator[None]:
        """Hold the lock; forget cached contents a failed operation may have altered."""
        with self._lock():
            try:
                yield
            except BaseException:
                self._forget(*files)
                raise

    def _forget(self, *files: StoreFile) -> None:
        for file in (self._catalogue, *files, *self._files.values()):
            file.forget()

    # -- catalogue ---------------------------------------------------------

    def _catalogue_tables(self) -> dict[str, Any]:
        return self._catalogue.load() or {}

    def _documents_table(self) -> dict[str, dict[str, Any]]:
        table: dict[str, dict[str, Any]] = self._catalogue_tables().get(DOCUMENTS, {})
        return table

    # -- documents' files ----------------------------------------------------

    def _records(self, document_id: str, file: StoreFile | None = None) -> dict[str, Any]:
        """The annotation records (by id) of one document; empty when it has none."""
        tables = (file or self._document_file(document_id)).load()
        if tables is None:
            return {}
        records: dict[str, Any] = tables.get(ANNOTATIONS, {})
        return records

    # -- finding an annotation by id ---------------------------------------------

    def _locate(self, id_or_prefix: str) -> tuple[dict[str, Any], dict[str, Any]]:
        """Find an annotation by id or unique id prefix.

        Returns:
            Its document's catalogue record and its own record.

        Raises:
            AnnotationNotFoundError: No annotation (or more than one) matches.
        """
        documents = self._documents_table()
        found: list[tuple[str, dict[str, Any]]] = []
        for annotation_id, document_id in self._ids.matching(id_or_prefix):
            records = self._records(document_id)
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
        return documents.get(document_id) or self._record_from_file(document_id), row

    def _record_from_file(self, document_id: str) -> dict[str, Any]:
        """A stand-in catalogue record from a document file's meta (catalogue lost it)."""
        tables = self._document_file(document_id).load() or {}
        meta = tables.get(META, {}).get(META_KEY, {})
        return {
            "id": document_id,
            "fingerprint": meta.get("fingerprint", ""),
            "path": meta.get("path", ""),
            "title": meta.get("title", ""),
        }

    # -- annotations -----------------------------------------------------------

    def attach(self, doc: Document, *, record: bool = True) -> list[Annotation]:
        """Recognise ``doc``, re-anchor its annotations if it changed, and return them.

        The document is recognised by fingerprint (its path is updated if the file
        moved), else by its last known path (an edited file: annotations are
        re-anchored, moved or orphaned ones are marked so), else recorded as new.
        A document whose records are up to date is read without taking the lock.

        Args:
            doc: The document as read now.
            record: Record a document the store has never seen (the app does, to
                list it in the library); listing commands pass ``False``, so that
                reading creates nothing in the data folder.

        Returns:
            Its annotations in document order, orphans last.
        """
        if not record and self._find(doc)[0] is None:
            return []
        try:
            found, records = self._attached(doc)
        except LockRequiredError:
            self._forget()  # the attempt may have changed cached tables in memory
            with self._writing():
                found, records = self._attached(doc)
        return in_document_order(
            records, document_ref(found), self.layout.document_file(found["id"]), doc
        )

    def _attached(self, doc: Document) -> tuple[dict[str, Any], dict[str, Any]]:
        """Bring ``doc``'s records up to date; its catalogue record and annotation records.

        Raises:
            LockRequiredError: Something must be written and the lock is not held.
        """
        record = self._ensure_record(doc)
        records = self._placed(record, doc)
        return self._documents_table().get(record["id"], record), records

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
        """Annotate paragraph ``index`` of ``doc``, or a passage of it.

        Args:
            doc: The document as read now (re-anchors its older annotations first
                if it changed since it was last attached).
            index: The paragraph's index.
            kind: Note, highlight or bookmark.
            note: Markdown text, stored exactly as given.
            tags: Tags as typed; empty ones and repeats (case-insensitively) are dropped.
            passage: The part of the paragraph it covers
                (:func:`~reader.annotation.make_passage`); ``None`` for all of it.
            color: One of :data:`~reader.annotation.COLORS`, or ``None``.

        Raises:
            IndexError: ``index`` is not a paragraph of ``doc``.
            ValueError: The passage is not the paragraph's text at its offsets, or
                the colour is unknown.
        """
        check_passage(doc.paragraphs[index].text, passage)  # errors before the store is touched
        check_color(color)
        with self._writing():
            known = self._find(doc)[0] is not None
            record = self._ensure_record(doc)
            self._placed(record, doc)
            record = self._documents_table().get(record["id"], record)
            annotation_id = id if id is not None else new_annotation_id()
            ref = document_ref(record)
            annotation = new_annotation(
                doc,
                index,
                ref,
                kind=kind,
                note=note,
                tags=tags,
                id=annotation_id,
                passage=passage,
                color=color,
            )
            try:
                self._insert(record, doc, annotation, index)
            except BaseException:
                if not known:
                    self._undo(lambda: self._drop_document_record(record["id"]))
                raise
        return annotation

    def _insert(
        self, record: dict[str, Any], doc: Document, annotation: Annotation, at: int | None
    ) -> None:
        """Store a new annotation: index first, then the document's file, then counts."""
        if not is_annotation_id(annotation.id):
            raise ValueError(f"{annotation.id!r} is not an annotation id")
        indexed = self._ids.add(annotation.id, record["id"])
        file = self._document_file(record["id"])
        try:
            self._write_record(record, doc, file, annotation, at)
        except BaseException:
            if indexed:
                self._undo(lambda: self._ids.remove(annotation.id))
            raise
        self._derived(lambda: self._sync_counts(record["id"]))

    def _write_record(
        self,
        record: dict[str, Any],
        doc: Document,
        file: StoreFile,
        annotation: Annotation,
        at: int | None,
    ) -> None:
        """Put one annotation record into its document's file (the write that stores it)."""
        meta = self._file_meta(record, doc)
        record_json = annotation_record(annotation, at)
        before = self._summaries.known(file)
        if annotation.id in self._records(record["id"], file):
            before = None  # replaces a record (a crash left it behind): count them all
        open_db(file, create=True, **meta).keyed(ANNOTATIONS).put(annotation.id, record_json)
        if before is not None:
            self._summaries.keep(file, summary_with(before, record_json))

    def _file_meta(self, record: dict[str, Any], doc: Document) -> dict[str, Any]:
        """The meta record of a document's file, as written with a new annotation."""
        return {
            "document": record["id"],
            "fingerprint": doc.fingerprint,
            "anchors": self._anchors(doc),
            "path": document_path(doc),
            "title": doc.title,
        }

    def _undo(self, step: Callable[[], None]) -> None:
        """Take back an earlier step of a write that failed (a failure here changes nothing).

        Only derived data is undone so (an id-index entry, an empty document
        record); if the disk refuses this too, what is left names nothing the
        user sees and ``reader doctor --fix`` removes it.
        """
        self._forget()
        with contextlib.suppress(StoreError):
            step()

    def _derived(self, step: Callable[[], None]) -> None:
        """Bring derived data up to date after the write that stored a change.

        The change is stored by then: a failure is a notice, not an error, so
        that the caller does not say "nothing was changed" and a retry does not
        store the change twice.
        """
        try:
            step()
        except StoreError as error:
            self._forget()
            self.notices.append(
                f"the change was stored, but {error}: 'reader doctor --fix' brings the "
                "counts and the id index up to date"
            )

    def _drop_document_record(self, document_id: str) -> None:
        """Remove a document's catalogue record (one the failed write had just created)."""
        open_db(self._catalogue).keyed(DOCUMENTS).drop(document_id)

    def _sync_counts(self, document_id: str) -> None:
        """Recompute a document's counts in the catalogue from its file."""
        wanted = self._counted(document_id)
        if wanted is not None:
            self._write_document_record(wanted)

    def _counted(self, document_id: str) -> dict[str, Any] | None:
        """A document's catalogue record with counts from its file; ``None`` if unchanged."""
        record = self._documents_table().get(document_id)
        if record is None:
            record = {**self._record_from_file(document_id), "created": format_time(utc_now())}
        file = self._document_file(document_id)
        wanted = {**record, **self._summaries.of(file, self._records(document_id, file))}
        return None if wanted == record else wanted

    def delete(self, annotation_id: str) -> Annotation:
        """Remove an annotation and return it (give it to :meth:`restore` to undo).

        Raises:
            AnnotationNotFoundError: No annotation (or several) match the id.
        """
        self._locate(annotation_id)  # an unknown id takes no lock (and creates no lock file)
        with self._writing():
            record, row = self._locate(annotation_id)
            document_id = record["id"]
            removed = annotation_from_record(row, document_ref(record))
            open_db(self._document_file(document_id)).keyed(ANNOTATIONS).drop(row["id"])
            self._derived(lambda: self._ids.remove(row["id"]))
            self._derived(lambda: self._sync_counts(document_id))
        return removed

    def restore(self, annotation: Annotation) -> None:
        """Put back an annotation :meth:`delete` returned, with the same id."""
        ref = annotation.document
        with self._writing():
            record = self._documents_table().get(ref.id)
            if record is None:
                record = {
                    "id": ref.id,
                    "fingerprint": ref.fingerprint,
                    "path": ref.path,
                    "title": ref.title,
                    "created": format_time(utc_now()),
                }
                self._write_document_record(record)
            indexed = self._ids.add(annotation.id, ref.id)
            file = self._document_file(ref.id)
            meta = {
                "document": ref.id,
                "fingerprint": ref.fingerprint,
                "anchors": "",
                "path": ref.path,
                "title": ref.title,
            }
            row = annotation_record(annotation, annotation.selector.index)
            try:
                open_db(file, create=True, **meta).keyed(ANNOTATIONS).put(annotation.id, row)
            except BaseException:
                if indexed:
                    self._undo(lambda: self._ids.remove(annotation.id))
                raise
            self._derived(lambda: self._sync_counts(ref.id))

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
