"""Works and copies: documents that are copies of one text, and their notes on each other.

A **work** is a group of documents holding the same text (a clean text and a web
clip, an EPUB and its PDF). Copies are recognised by content: each document's
:class:`~reader.store.sketch.Sketch` is computed once per version and kept in
``works.json``; two documents whose sketches pass
:func:`~reader.store.sketch.same_work` are copies. Those automatic **ties** are
found when a version is first recorded (through an index of the stored sketches)
and kept in the catalogue records (``ties``, with the fingerprint ``sketched``),
so reading a document with no copies costs one look at its record. The user
overrides that with
**links** and **unlinks**, plain records in the catalogue's ``links`` table, only
ever added (so a field-level merge carries them between machines)::

    {"id": "<uuid4 hex>", "action": "link", "document": A, "other": B, "created": T}
    {"id": "<uuid4 hex>", "action": "unlink", "document": A, "other": null, "created": T}

An unlink of A at time T cuts every automatic tie of A for good, and every link of
A made before T; a link made after it holds. So an unlink always undoes a wrong
grouping, and a later link undoes the unlink.

Opening a copy shows the notes of the others, each placed on it by the
re-anchoring engine as if the copy were a new version of the document the note was
made on. The placement is computed (and kept in memory while the source copy's
file is unchanged); it is never written into the other copy's records, which keep
their own placement on their own copy.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from reader.annotation import (
    AnchorStatus,
    Annotation,
    DocumentRef,
    copy_name,
    made_on_another_copy,
)
from reader.model import Document
from reader.store.codec import (
    DocumentRecord,
    document_record,
    format_time,
    in_document_order,
)
from reader.store.core import StoreCore
from reader.store.documents import DocumentRecognition, document_path, document_ref
from reader.store.layout import LINKS, META, META_KEY
from reader.store.sketch import Sketch, sketch_of
from reader.store.storage import open_db
from reader.store.work_groups import auto_ties, groups_of
from reader.store.work_ties import WorkTies

if TYPE_CHECKING:
    from reader.reanchor import CopyPlacer

__all__ = ["Brief", "WorkCopies", "brief", "copy_name", "made_on_another_copy", "place_on"]

_PLACED_KEPT = 16
"""Placements of another copy's notes kept in memory (per copy and version placed on)."""


class WorkCopies:
    """Copies of one work: linking and unlinking them, grouping documents by work, and
    placing the notes of a document's other copies on it.

    Given the core, the recognition of documents (to record and attach one) and
    the stored sketches and ties. Keeps the last placements of other copies' notes
    and the placers of the document shown.
    """

    def __init__(self, core: StoreCore, documents: DocumentRecognition, ties: WorkTies) -> None:
        """Work with ``core``'s files, recognising documents with ``documents``."""
        self._core = core
        self._documents = documents
        self._ties = ties
        self._placed_copies: OrderedDict[tuple[str, str, object], list[Annotation]] = OrderedDict()
        self._copy_placers: tuple[Document, dict[str, CopyPlacer]] | None = None

    # -- links -------------------------------------------------------------------

    def _links(self) -> list[dict[str, Any]]:
        table: dict[str, dict[str, Any]] = self._core.catalogue_tables().get(LINKS, {})
        return sorted(table.values(), key=lambda r: (str(r.get("created", "")), str(r["id"])))

    def _add_link(self, action: str, document: str, other: str | None) -> None:
        key = uuid.uuid4().hex
        record = {
            "id": key,
            "action": action,
            "document": document,
            "other": other,
            "created": format_time(datetime.now(UTC)),  # to the microsecond: orders them
        }
        open_db(self._core.catalogue, create=True).keyed(LINKS).put(key, record)

    def link(self, doc: Document, other: Document) -> list[DocumentRecord]:
        """Make ``doc`` and ``other`` copies of one work (recording both if new).

        Returns:
            The documents of the work ``doc`` is now in.

        Raises:
            ValueError: They are the same document.
        """
        with self._core.writing():
            first = self._documents.ensure_record(doc)["id"]
            second = self._documents.ensure_record(other)["id"]
            if first == second:
                raise ValueError("a document cannot be linked to itself")
            self._add_link("link", first, second)
        return self.work_of(first)

    def unlink(self, doc: Document) -> list[DocumentRecord]:
        """Take ``doc`` out of its work: no automatic tie holds it there again.

        Returns:
            The documents left in the work it was in (without ``doc``).
        """
        with self._core.writing():
            document_id = self._documents.ensure_record(doc)["id"]
            before = [r for r in self.work_of(document_id) if r.id != document_id]
            self._add_link("unlink", document_id, None)
        return before

    # -- works -------------------------------------------------------------------

    def works(self) -> list[list[DocumentRecord]]:
        """Every known document, grouped by work (each work's copies most recently read first).

        Documents whose sketch is not stored yet (never opened since works came in)
        stand alone until they are read again.
        """
        documents = self._core.documents_table()
        groups = groups_of(documents, _ties(documents), self._links())
        result = []
        for members in groups:
            records = sorted((document_record(documents[m]) for m in members), key=_recent)
            result.append(records)
        return sorted(result, key=lambda g: _recent(g[0]))

    def works_among(self, documents: Sequence[Brief]) -> dict[str, str]:
        """Group documents read now (a folder's, say) by work, whether recorded or not.

        Args:
            documents: What grouping needs of each (see :func:`brief`).

        Returns:
            Each key's work: the key of the first document of its work, in the order
            given. Recorded documents follow their links and unlinks; the others
            are compared by their sketches alone.
        """
        table = self._core.documents_table()
        by_fingerprint, by_path = self._documents.lookups()
        ids: list[str] = []
        sketches: dict[str, Sketch] = {}
        for number, item in enumerate(documents):
            found = by_fingerprint.get(item.fingerprint) or by_path.get(item.path) or []
            document_id = found[0] if found else f"new {number}"
            if document_id in sketches:  # two files of one content: one record
                document_id = f"{document_id} {number}"
            ids.append(document_id)
            sketches[document_id] = item.sketch
        links = [r for r in self._links() if r["document"] in table]
        groups = groups_of(ids, auto_ties(sketches), links)
        first = {document_id: n for n, document_id in enumerate(ids)}
        result: dict[str, str] = {}
        for group in groups:
            head = documents[min(first[d] for d in group)].key
            for document_id in group:
                result[documents[first[document_id]].key] = head
        return result

    def work_of(self, document_id: str) -> list[DocumentRecord]:
        """The documents of ``document_id``'s work, itself included."""
        documents = self._core.documents_table()
        record = documents.get(document_id)
        if record is None:
            return []
        links = self._links()
        if not record.get("ties") and not any(
            document_id in (r["document"], r.get("other")) for r in links
        ):
            return [document_record(record)]  # the common case: read the record, done
        for group in groups_of(documents, _ties(documents), links):
            if document_id in group:
                return sorted((document_record(documents[m]) for m in group), key=_recent)
        return []

    def copies(self, doc: Document) -> list[DocumentRecord]:
        """The other copies of ``doc``'s work (``doc`` itself left out).

        ``doc``'s sketch and ties are stored the first time a version of it is
        recorded (one short write); a document the store never saw is compared by
        its sketch without being recorded.
        """
        record, _ = self._documents.find(doc)
        if record is None:
            return self._unrecorded_copies(doc)
        if record.get("sketched") != doc.fingerprint:
            with self._core.writing(self._ties.works_file()):
                record = self._documents.ensure_record(doc)  # stores the sketch and ties
        return [r for r in self.work_of(record["id"]) if r.id != record["id"]]

    def _unrecorded_copies(self, doc: Document) -> list[DocumentRecord]:
        sketch = self._ties.sketch(doc)
        documents = self._core.documents_table()
        unlinked = {r["document"] for r in self._links() if r.get("action") == "unlink"}
        # (a link names recorded documents only, so an unrecorded one has none)
        found = [
            document_record(documents[document_id])
            for document_id in self._ties.sketch_index().copies_of(sketch)
            if document_id in documents and document_id not in unlinked
        ]
        return sorted(found, key=_recent)

    # -- notes of the other copies ---------------------------------------------------

    def work_annotations(self, doc: Document, *, record: bool = True) -> list[Annotation]:
        """``doc``'s own annotations (see ``attach``) and its other copies', each once.

        In document order (as placed on ``doc``), orphans last. An annotation made
        on another copy names that copy as its document.
        """
        own = self._documents.attach(doc, record=record)
        others = self.copy_annotations(doc)
        if not others:
            return own
        seen = {a.id for a in own}
        order = {p.anchor: p.index for p in doc.paragraphs}
        merged = own + [a for a in others if a.id not in seen]
        return sorted(merged, key=lambda a: _position(a, order))

    def copy_annotations(self, doc: Document) -> list[Annotation]:
        """The annotations made on ``doc``'s other copies, placed on ``doc``.

        Each keeps its own document (the copy it was made on) and its id; its
        ``anchor``, ``status``, ``suggestion`` and ``digest`` are its placement on
        ``doc``. The other copies' records are not changed. In document order,
        orphans last.
        """
        copies = self.copies(doc)
        if not copies:
            return []
        placed: list[Annotation] = []
        for copy in copies:
            placed.extend(self._placed_from(doc, copy))
        order = {p.anchor: p.index for p in doc.paragraphs}
        return sorted(placed, key=lambda a: _position(a, order))

    def _placed_from(self, doc: Document, copy: DocumentRecord) -> list[Annotation]:
        file = self._core.document_file(copy.id)
        records = self._core.records(copy.id, file)
        if not records:
            return []
        key = (doc.fingerprint, copy.id, file.signature)
        cached = self._placed_copies.get(key)
        if cached is not None:
            self._placed_copies.move_to_end(key)
            return cached
        catalogue = self._core.documents_table().get(copy.id)
        ref = document_ref(catalogue) if catalogue is not None else _ref_of(copy)
        own = in_document_order(records, ref, file.path, None)
        tables = file.load() or {}
        anchors = tables.get(META, {}).get(META_KEY, {}).get("anchors")
        source = anchors.split() if isinstance(anchors, str) and anchors else None
        placed = place_on(self._placer_for(doc, copy.id, source), own)
        self._placed_copies[key] = placed
        if len(self._placed_copies) > _PLACED_KEPT:
            self._placed_copies.popitem(last=False)
        return placed

    def _placer_for(self, doc: Document, source: str, anchors: list[str] | None) -> CopyPlacer:
        """The placer of ``source``'s notes on ``doc`` (kept while ``doc`` is the one shown)."""
        from reader.reanchor import CopyPlacer  # rapidfuzz: only when a copy has notes

        if self._copy_placers is None or self._copy_placers[0] is not doc:
            self._copy_placers = (doc, {})
        placers = self._copy_placers[1]
        placer = placers.get(source)
        if placer is None:
            placer = placers[source] = CopyPlacer(doc, anchors)
        return placer


def place_on(placer: CopyPlacer, annotations: Iterable[Annotation]) -> list[Annotation]:
    """``annotations`` (made on another copy) as placed by ``placer`` on its document.

    An annotation orphaned on its own copy is placed from its quote all the same:
    the text it was made on may well be in this copy.
    """
    listed = list(annotations)
    placements = placer.place_all([(a.anchor, a.selector, a.digest) for a in listed])
    result = []
    for annotation, placement in zip(listed, placements, strict=True):
        result.append(
            dataclasses.replace(
                annotation,
                anchor=placement.anchor if placement.anchor is not None else annotation.anchor,
                status=placement.status,
                suggestion=placement.suggestion,
                digest=placement.digest if placement.digest is not None else annotation.digest,
            )
        )
    return result


@dataclass(frozen=True, slots=True)
class Brief:
    """What grouping a document read now needs of it (kept instead of the document).

    Attributes:
        key: The caller's name for it (a path).
        fingerprint: Its content fingerprint (finds its record).
        path: Its resolved path (finds its record when its content changed).
        sketch: Its content sketch.
    """

    key: str
    fingerprint: str
    path: str
    sketch: Sketch


def brief(key: str, doc: Document) -> Brief:
    """The :class:`Brief` of ``doc`` (its sketch computed: about a millisecond a book)."""
    return Brief(key, doc.fingerprint, document_path(doc), sketch_of(doc))


def _ties(documents: dict[str, dict[str, Any]]) -> list[tuple[str, str]]:
    """The automatic ties the catalogue records hold."""
    return [(a, b) for a, record in documents.items() for b in record.get("ties", ()) if a < b]


def _position(annotation: Annotation, order: dict[str, int]) -> tuple[int, int, str, str]:
    """Document order (by the paragraph it is placed on, then creation), orphans last."""
    if annotation.status == AnchorStatus.ORPHANED:
        return (1, 0, format_time(annotation.created), annotation.id)
    return (0, order.get(annotation.anchor, -1), format_time(annotation.created), annotation.id)


def _ref_of(record: DocumentRecord) -> DocumentRef:
    return DocumentRef(record.id, record.fingerprint, record.path, record.title)


def _recent(record: DocumentRecord) -> tuple[bool, float, str, str]:
    return (
        record.last_read is None,
        -record.last_read.timestamp() if record.last_read else 0.0,
        record.title.casefold(),
        record.id,
    )
