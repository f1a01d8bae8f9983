"""Which stored document a :class:`~reader.model.Document` is, and its annotations placed on it.

A document is recognised by its content fingerprint (a moved or renamed file), else
by its last known path (an edited or re-downloaded file: its annotations are
re-anchored with :mod:`reader.reanchor`), else it is new. The store's writing
operations run this under the store's lock.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from reader.anchors import text_digest
from reader.annotation import AnchorStatus, Annotation, DocumentRef, utc_now
from reader.model import Document
from reader.store.codec import decode_records, document_summary, format_time, in_document_order
from reader.store.core import StoreCore
from reader.store.layout import ANNOTATIONS, META, META_KEY
from reader.store.passages import follow_record_passage
from reader.store.storage import LockRequiredError
from reader.store.versions import note_version_change, status_after
from reader.store.work_ties import WorkTies

__all__ = ["DocumentRecognition", "document_path", "document_ref"]


def document_path(doc: Document) -> str:
    """The path a document is recognised by ("" for standard input)."""
    if doc.path is None:
        return ""
    try:
        return str(doc.path.resolve())
    except OSError:
        return str(doc.path.absolute())


def document_ref(record: dict[str, Any]) -> DocumentRef:
    """How annotations name their document, from its catalogue record."""
    return DocumentRef(
        id=record["id"],
        fingerprint=record["fingerprint"],
        path=record["path"],
        title=record["title"],
    )


def _anchors_of(doc: Document) -> str:
    """The anchors of every paragraph, space-separated (compact: one JSON string)."""
    return " ".join(p.anchor for p in doc.paragraphs)


class _AnchorsCache:
    """The anchors string of the document last written (33k paragraphs: 7 ms to join).

    The app adds annotation after annotation to one document; the same document
    object comes back each time, so its anchors are joined once.
    """

    def __init__(self) -> None:
        self._doc: Document | None = None
        self._anchors = ""

    def __call__(self, doc: Document) -> str:
        if doc is not self._doc:
            self._doc, self._anchors = doc, _anchors_of(doc)
        return self._anchors


class DocumentRecognition:
    """Finds, records and re-anchors documents in the store's catalogue.

    Given the core (the catalogue, the documents' files) and the stored sketches
    (a version's sketch and ties are kept when it is first recorded). Keeps the
    catalogue's lookups (document ids by fingerprint and by path) until the
    catalogue changes, and the anchors of the document last written.
    """

    def __init__(self, core: StoreCore, ties: WorkTies) -> None:
        """Recognise documents in ``core``'s catalogue, keeping sketches with ``ties``."""
        self._core = core
        self._ties = ties
        self._lookup_signature: object = None
        self._by_fingerprint: dict[str, list[str]] = {}
        self._by_path: dict[str, list[str]] = {}
        self._anchors = _AnchorsCache()

    def lookups(self) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
        """Document ids by fingerprint and by path, rebuilt when the catalogue changes."""
        documents = self._core.documents_table()
        signature = self._core.catalogue.signature
        if signature is None or signature != self._lookup_signature:
            by_fingerprint: dict[str, list[str]] = {}
            by_path: dict[str, list[str]] = {}
            for document_id, record in documents.items():
                by_fingerprint.setdefault(record["fingerprint"], []).append(document_id)
                if record["path"]:
                    by_path.setdefault(record["path"], []).append(document_id)
            self._by_fingerprint, self._by_path = by_fingerprint, by_path
            self._lookup_signature = signature
        return self._by_fingerprint, self._by_path

    def find(self, doc: Document) -> tuple[dict[str, Any] | None, bool]:
        """The catalogue record of ``doc`` and whether it was found by fingerprint."""
        documents = self._core.documents_table()
        by_fingerprint, by_path = self.lookups()
        path = document_path(doc)
        same_content = by_fingerprint.get(doc.fingerprint, [])
        if same_content:
            for document_id in same_content:
                if documents[document_id]["path"] == path:
                    return documents[document_id], True
            return documents[same_content[0]], True
        if path:
            same_path = by_path.get(path, [])
            if same_path:
                return documents[same_path[-1]], False
        return None, False

    def ensure_record(self, doc: Document) -> dict[str, Any]:
        """Find or create the catalogue record of ``doc`` (under the lock).

        A document found by fingerprint whose recorded file is gone was moved or
        renamed: its path is updated. (When the old file still exists this is a
        copy, and the path stays, so that an edit of the original is still
        recognised by its path.)
        """
        record, by_content = self.find(doc)
        path = document_path(doc)
        if record is None:
            now = format_time(utc_now())
            record = {
                "id": uuid.uuid4().hex,
                "fingerprint": doc.fingerprint,
                "path": path,
                "title": doc.title,
                "created": now,
                "count": 0,
                "orphans": 0,
                "tags": {},
                "last_read": None,
                "position": None,
                "progress": 0.0,
            }
            self._core.write_document_record(record)
            return self._ties.keep_sketch(doc, record)
        if by_content and path and record["path"] != path and not _exists(record["path"]):
            record = {**record, "path": path}
            self._core.write_document_record(record)
        return self._ties.keep_sketch(doc, record)  # once per version: recognising its copies

    def placed(self, record: dict[str, Any], doc: Document) -> dict[str, Any]:
        """Re-anchor a document's annotations if its text changed; return its records.

        Runs under the lock. The records are placed against ``doc`` in one atomic
        write that also stores ``doc``'s anchors (the next re-anchoring's
        ``previous_anchors``), then the catalogue is brought up to date. An
        unchanged document is placed again only if an anchor is not confirmed by
        its digest (see :func:`_confirmed`).
        """
        file = self._core.document_file(record["id"])
        tables = file.load()
        if tables is None:
            self._sync_catalogue(record, doc, document_summary(()))
            return {}
        meta = tables[META][META_KEY]
        records: dict[str, Any] = tables.get(ANNOTATIONS, {})
        unchanged = meta.get("fingerprint") == doc.fingerprint
        confirmed = _confirmed(records, doc) if unchanged else False
        if confirmed is None:
            file.require_lock()
            file.save(tables)  # digests filled in
        elif not confirmed:
            file.require_lock()
            from reader.reanchor import Reanchorer  # rapidfuzz: only for an edited file

            previous = meta.get("anchors")
            reanchorer = Reanchorer(doc, previous.split() if previous else None)
            decoded = decode_records(records.values(), document_ref(record), file.path)
            placements = reanchorer.place_all([(a.anchor, a.selector, a.digest) for a in decoded])
            for annotation, placement in zip(decoded, placements, strict=True):
                row = records[annotation.id]
                row["status"] = status_after(row["status"], placement.status).value
                row["suggestion"] = placement.suggestion
                if placement.anchor is not None:
                    row["anchor"] = placement.anchor
                    row["digest"] = placement.digest
                if placement.index is not None:  # the passage moves with its paragraph
                    follow_record_passage(row, doc.paragraphs[placement.index].text)
                row["at"] = placement.index
            placed = ((a.id, p.status) for a, p in zip(decoded, placements, strict=True))
            note_version_change(meta, placed)
            meta.update(
                fingerprint=doc.fingerprint,
                anchors=self._anchors(doc),
                path=document_path(doc),
                title=doc.title,
            )
            file.save(tables)
        self._sync_catalogue(record, doc, self._core.summaries.of(file, records))
        return records

    def _sync_catalogue(
        self, record: dict[str, Any], doc: Document, summary: dict[str, Any]
    ) -> None:
        """Bring the catalogue record up to date with ``doc`` and its file's ``summary``."""
        wanted = {
            **record,
            **summary,
            "fingerprint": doc.fingerprint,
            "title": doc.title,
        }
        path = document_path(doc)
        if path and not record["path"]:
            wanted["path"] = path  # first seen on standard input, now read from a file
        if wanted != record:
            self._core.write_document_record(wanted)

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
        if not record and self.find(doc)[0] is None:
            return []
        try:
            found, records = self._attached(doc)
        except LockRequiredError:
            self._core.forget()  # the attempt may have changed cached tables in memory
            with self._core.writing():
                found, records = self._attached(doc)
        return in_document_order(
            records, document_ref(found), self._core.layout.document_file(found["id"]), doc
        )

    def _attached(self, doc: Document) -> tuple[dict[str, Any], dict[str, Any]]:
        """Bring ``doc``'s records up to date; its catalogue record and annotation records.

        Raises:
            LockRequiredError: Something must be written and the lock is not held.
        """
        record = self.ensure_record(doc)
        records = self.placed(record, doc)
        return self._core.documents_table().get(record["id"], record), records

    def file_meta(self, record: dict[str, Any], doc: Document) -> dict[str, Any]:
        """The meta record of a document's file, as written with a new annotation."""
        return {
            "document": record["id"],
            "fingerprint": doc.fingerprint,
            "anchors": self._anchors(doc),
            "path": document_path(doc),
            "title": doc.title,
        }


def _confirmed(records: dict[str, Any], doc: Document) -> bool | None:
    """Whether every placed record's anchor names the text it was placed on in ``doc``.

    ``doc`` is the version the records were placed against, so a mismatch means a
    record placed without confirming its digest (by a reader from before digests,
    onto a colliding anchor): ``False``, place them again. A record without a
    digest gets it here from the paragraph its anchor names (confirmed by its
    quote where the quote allows it); ``None`` when any was filled in (the
    records must be written), else ``True``. A passage that is not its
    paragraph's text at its offsets is placed again too (``False``).
    """
    digests: dict[int, str] = {}
    filled = False
    try:
        for row in records.values():
            if row["status"] == AnchorStatus.ORPHANED:
                continue
            paragraph = doc.paragraph_by_anchor(row["anchor"])
            if paragraph is None:
                continue
            actual = digests.get(paragraph.index)
            if actual is None:
                actual = digests[paragraph.index] = text_digest(paragraph.text)
            digest = row.get("digest")
            if digest is None:
                from reader.reanchor import expected_digest  # only for an older reader's records

                digest = expected_digest(row["anchor"], row["selector"]["quote"], None) or actual
                if digest == actual:
                    row["digest"] = actual
                    filled = True
            if digest != actual or not _passage_fits(row.get("passage"), paragraph.text):
                return False
    except (KeyError, TypeError, AttributeError):
        return False  # a damaged record: placing decodes them all and reports it
    return None if filled else True


def _passage_fits(passage: Any, text: str) -> bool:
    """Whether a record's passage (if any) is ``text``'s text at its offsets.

    It is, wherever this reader placed it; a record written elsewhere (an older
    reader's re-anchoring, a restored or synced record) may not be, and is placed again.
    """
    if passage is None:
        return True
    start, end = passage["start"], passage["end"]
    return isinstance(start, int) and text[start:end] == passage["exact"]


def _exists(path: str) -> bool:
    return bool(path) and Path(path).exists()
