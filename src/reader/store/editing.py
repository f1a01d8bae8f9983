"""Adding an annotation, changing it in place (note, tags, kind, passage, colour), deleting
and restoring it.

One change is one short transaction. An add writes the id index, then the
document's file, then the catalogue's counts (see :mod:`reader.store.store`); a
change patches the record's changed fields in its document's file with a new
``updated`` time, and nothing is written when nothing changes.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum
from typing import Any, Final

from reader.annotation import (
    Annotation,
    AnnotationKind,
    Passage,
    check_color,
    check_passage,
    clean_tags,
    new_annotation,
    new_annotation_id,
    utc_now,
)
from reader.model import Document
from reader.store.codec import (
    annotation_from_record,
    annotation_record,
    format_time,
    summary_with,
)
from reader.store.core import StoreCore
from reader.store.documents import DocumentRecognition, document_ref
from reader.store.errors import NoteChangedError, StoreError
from reader.store.layout import ANNOTATIONS, is_annotation_id
from reader.store.storage import StoreFile, open_db, time_stamp, write_new

__all__ = ["KEEP", "AnnotationEditing", "Keep"]


class Keep(Enum):
    """The type of :data:`KEEP`."""

    KEEP = "keep"


KEEP: Final = Keep.KEEP
"""Leave this field as it is (where ``None`` means something: no passage, no colour)."""


class AnnotationEditing:
    """Adds, changes, deletes and restores annotations, one transaction each.

    Given the core and the recognition of documents (an annotation is added to a
    document as read now, recorded and re-anchored first).
    """

    def __init__(self, core: StoreCore, documents: DocumentRecognition) -> None:
        """Edit annotations in ``core``'s files, finding documents with ``documents``."""
        self._core = core
        self._documents = documents

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
        with self._core.writing():
            known = self._documents.find(doc)[0] is not None
            record = self._documents.ensure_record(doc)
            self._documents.placed(record, doc)
            record = self._core.documents_table().get(record["id"], record)
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
                    self._core.undo(lambda: self._core.drop_document_record(record["id"]))
                raise
        return annotation

    def _insert(
        self, record: dict[str, Any], doc: Document, annotation: Annotation, at: int | None
    ) -> None:
        """Store a new annotation: index first, then the document's file, then counts."""
        if not is_annotation_id(annotation.id):
            raise ValueError(f"{annotation.id!r} is not an annotation id")
        indexed = self._core.ids.add(annotation.id, record["id"])
        file = self._core.document_file(record["id"])
        try:
            self._write_record(record, doc, file, annotation, at)
        except BaseException:
            if indexed:
                self._core.undo(lambda: self._core.ids.remove(annotation.id))
            raise
        self._core.derived(lambda: self._core.sync_counts(record["id"]))

    def _write_record(
        self,
        record: dict[str, Any],
        doc: Document,
        file: StoreFile,
        annotation: Annotation,
        at: int | None,
    ) -> None:
        """Put one annotation record into its document's file (the write that stores it)."""
        meta = self._documents.file_meta(record, doc)
        record_json = annotation_record(annotation, at)
        before = self._core.summaries.known(file)
        if annotation.id in self._core.records(record["id"], file):
            before = None  # replaces a record (a crash left it behind): count them all
        open_db(file, create=True, **meta).keyed(ANNOTATIONS).put(annotation.id, record_json)
        if before is not None:
            self._core.summaries.keep(file, summary_with(before, record_json))

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
        """Change an annotation's note, tags (replacing them all), kind, passage or colour.

        Args:
            annotation_id: Its id or a unique prefix of it.
            note: The new note, stored exactly as given; ``None`` keeps it.
            tags: The complete new list of tags; ``None`` keeps them.
            kind: The new kind; ``None`` keeps it.
            passage: The part of the paragraph it now covers (made with
                :func:`reader.annotation.make_passage` from the paragraph's text: the
                store reads no document), ``None`` for the whole paragraph;
                :data:`KEEP` keeps it. Setting it clears a lost passage.
            color: One of :data:`reader.annotation.COLORS`, ``None`` for none;
                :data:`KEEP` keeps it.
            expected_note: The note as the editor showed it, before the edit
                (``None``: do not check). Checked under the store's lock, so a
                note another process changed in the meantime is never written
                over.

        Raises:
            AnnotationNotFoundError: No annotation (or several) match the id.
            NoteChangedError: The stored note is no longer ``expected_note``;
                nothing was changed, and ``note`` was kept in a file of its own.
            ValueError: ``color`` is not one of the colours.
        """
        if not isinstance(color, Keep):
            check_color(color)
        self._core.locate(annotation_id)  # an unknown id takes no lock (and creates no lock file)
        with self._core.writing():
            record, row = self._core.locate(annotation_id)
            document_id = record["id"]
            if note is not None and expected_note is not None and row["note"] != expected_note:
                if note == row["note"]:
                    return annotation_from_record(row, document_ref(record))  # the same edit
                raise self._changed_elsewhere(row["id"], note, row["note"])
            fields = _changes(row, note, tags, kind, passage, color)
            if fields:
                fields["updated"] = format_time(utc_now())
                file = self._core.document_file(document_id)
                open_db(file).keyed(ANNOTATIONS).patch(row["id"], fields)
                if "tags" in fields:
                    self._core.derived(lambda: self._core.sync_counts(document_id))
                row = self._core.records(document_id)[row["id"]]
        return annotation_from_record(row, document_ref(record))

    def _changed_elsewhere(self, annotation_id: str, note: str, current: str) -> NoteChangedError:
        """Keep ``note`` in a file of its own and describe why it was not saved."""
        stamp = time_stamp()
        for attempt in range(1000):
            kept = self._core.layout.kept_note_file(annotation_id, stamp, attempt)
            try:
                write_new(kept, note.encode("utf-8"))
                break
            except FileExistsError:
                continue
        else:
            raise StoreError(f"cannot keep the edited note: {kept.parent} is full")
        return NoteChangedError(
            f"the note {annotation_id[:8]} was changed elsewhere while it was edited, so it was"
            f" not overwritten; the edit is kept in {kept}"
            f" (reader edit {annotation_id[:8]} --editor to merge it in)",
            kept=kept,
            current=current,
        )

    def delete(self, annotation_id: str) -> Annotation:
        """Remove an annotation and return it (give it to :meth:`restore` to undo).

        Raises:
            AnnotationNotFoundError: No annotation (or several) match the id.
        """
        self._core.locate(annotation_id)  # an unknown id takes no lock (and creates no lock file)
        with self._core.writing():
            record, row = self._core.locate(annotation_id)
            document_id = record["id"]
            removed = annotation_from_record(row, document_ref(record))
            open_db(self._core.document_file(document_id)).keyed(ANNOTATIONS).drop(row["id"])
            self._core.derived(lambda: self._core.ids.remove(row["id"]))
            self._core.derived(lambda: self._core.sync_counts(document_id))
        return removed

    def restore(self, annotation: Annotation) -> None:
        """Put back an annotation :meth:`delete` returned, with the same id."""
        ref = annotation.document
        with self._core.writing():
            record = self._core.documents_table().get(ref.id)
            if record is None:
                record = {
                    "id": ref.id,
                    "fingerprint": ref.fingerprint,
                    "path": ref.path,
                    "title": ref.title,
                    "created": format_time(utc_now()),
                }
                self._core.write_document_record(record)
            indexed = self._core.ids.add(annotation.id, ref.id)
            file = self._core.document_file(ref.id)
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
                    self._core.undo(lambda: self._core.ids.remove(annotation.id))
                raise
            self._core.derived(lambda: self._core.sync_counts(ref.id))


def _changes(
    row: dict[str, Any],
    note: str | None,
    tags: Sequence[str] | None,
    kind: AnnotationKind | None,
    passage: Passage | Keep | None,
    color: str | Keep | None,
) -> dict[str, Any]:
    """The fields of ``row`` that the requested values change, with their new values."""
    fields: dict[str, Any] = {}
    if note is not None and note != row["note"]:
        fields["note"] = note
    if tags is not None and (wanted := list(clean_tags(tags))) != row["tags"]:
        fields["tags"] = wanted
    if kind is not None and AnnotationKind(kind).value != row["kind"]:
        fields["kind"] = AnnotationKind(kind).value
    if not isinstance(passage, Keep):
        wanted_passage = None if passage is None else passage.as_json()
        if wanted_passage != row.get("passage") or row.get("lost_passage") is not None:
            fields["passage"] = wanted_passage
            fields["lost_passage"] = None
    if not isinstance(color, Keep) and color != row.get("color"):
        fields["color"] = color
    return fields
