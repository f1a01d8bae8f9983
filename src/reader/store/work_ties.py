"""Each document's content sketch, kept in ``works.json``, and the automatic ties it makes.

The part of recognising copies of one work (:mod:`reader.store.works`) that runs
whenever a version of a document is first recorded: its sketch is computed once
and stored, and the documents it is a copy of are tied to it in the catalogue.
"""

from __future__ import annotations

from typing import Any

from reader.model import Document
from reader.store.core import StoreCore
from reader.store.errors import StoreError
from reader.store.layout import SKETCHES, FileKind
from reader.store.sketch import Sketch, sketch_of
from reader.store.storage import StoreFile, open_db
from reader.store.work_groups import SketchIndex

__all__ = ["WorkTies"]


class WorkTies:
    """The stored sketches (``works.json``) and the automatic ties between documents.

    Keeps the parsed sketch index while ``works.json`` is unchanged, and the sketch
    of the document last sketched.
    """

    def __init__(self, core: StoreCore) -> None:
        """Keep sketches in ``core``'s data folder."""
        self._core = core
        self._works_file: StoreFile | None = None
        self._sketches_seen: tuple[object, SketchIndex] = (None, SketchIndex({}))
        self._sketch_memo: tuple[str, Sketch] | None = None

    def works_file(self) -> StoreFile:
        """The file ``works.json`` (the same object each time: it keeps its contents)."""
        if self._works_file is None:
            self._works_file = self._core.file(self._core.layout.works, FileKind.WORKS)
        return self._works_file

    def sketch_index(self) -> SketchIndex:
        """Every stored sketch, indexed (parsed again only when another process wrote)."""
        file = self.works_file()
        tables = file.load() or {}
        signature = file.signature
        if signature is not None and signature == self._sketches_seen[0]:
            return self._sketches_seen[1]
        sketches: dict[str, Sketch] = {}
        for document_id, raw in tables.get(SKETCHES, {}).items():
            try:
                sketches[document_id] = Sketch.from_json(raw)
            except (KeyError, TypeError, ValueError):
                continue  # a damaged sketch is computed again when its document is read
        index = SketchIndex(sketches)
        self._sketches_seen = (signature, index)
        return index

    def keep_sketch(self, doc: Document, record: dict[str, Any]) -> dict[str, Any]:
        """Store ``doc``'s sketch and automatic ties, once per version (under the lock).

        The sketch goes to ``works.json``; the documents it makes copies of go to
        the catalogue record's ``ties`` (and this one to theirs), with the
        fingerprint sketched as ``sketched``. Reading a document then needs only
        its catalogue record to know it has no copies.

        Returns:
            The record as now in the catalogue.

        Raises:
            LockRequiredError: It must be written and the lock is not held.
        """
        if record.get("sketched") == doc.fingerprint:
            return record
        works = self.works_file()
        works.require_lock()
        try:
            return self._store_sketch(doc, record, works)
        except StoreError:
            # Derived data: the operation that recorded the document goes on, and the
            # sketch and ties are computed again the next time it is read.
            return record

    def _store_sketch(
        self, doc: Document, record: dict[str, Any], works: StoreFile
    ) -> dict[str, Any]:
        document_id = record["id"]
        sketch = self.sketch(doc)
        index = self.sketch_index()
        row = {"fingerprint": doc.fingerprint, **sketch.as_json()}
        open_db(works, create=True).keyed(SKETCHES).put(document_id, row)
        index.put(document_id, sketch)
        self._sketches_seen = (works.signature, index)
        documents = self._core.documents_table()
        ties = [d for d in index.copies_of(sketch, besides=document_id) if d in documents]
        for other in set(ties) | set(record.get("ties", ())):
            if other == document_id or other not in documents:
                continue
            theirs = set(documents[other].get("ties", ()))
            wanted = theirs | {document_id} if other in ties else theirs - {document_id}
            if wanted != theirs:
                self._core.write_document_record({**documents[other], "ties": sorted(wanted)})
        record = {**record, "ties": ties, "sketched": doc.fingerprint}
        self._core.write_document_record(record)
        return record

    def sketch(self, doc: Document) -> Sketch:
        """The content sketch of ``doc`` (the last one computed is kept in memory)."""
        memo = self._sketch_memo
        if memo is not None and memo[0] == doc.fingerprint:
            return memo[1]
        sketch = sketch_of(doc)
        self._sketch_memo = (doc.fingerprint, sketch)
        return sketch
