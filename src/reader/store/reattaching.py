"""Acting on re-anchoring by hand: confirm a moved note, accept an orphan's suggestion, attach
a note to a paragraph; and taking what a new version did (:mod:`reader.store.versions`).

Part of :class:`~reader.store.store.AnnotationStore`. Re-anchoring never guesses:
a note it is unsure of is orphaned with a suggestion, and one it re-attached to an
edited paragraph is marked moved. The reader settles both here, and the choice is
recorded as if the note had been made on that paragraph now: its anchor, digest
and selector (quote, context, position) are rebuilt from the paragraph and it is
``attached``, so the next re-anchoring starts from it. Only those fields of the
record change: its note, tags, kind, creation time and any field this version
does not know stay as they are.
"""

from __future__ import annotations

from dataclasses import replace

from reader.anchors import text_digest
from reader.annotation import AnchorStatus, Annotation, utc_now
from reader.errors import ReaderError
from reader.model import Document
from reader.selector import make_selector
from reader.store.codec import annotation_from_record, annotation_record
from reader.store.core import StoreCore
from reader.store.documents import DocumentRecognition, document_ref
from reader.store.layout import ANNOTATIONS, META, META_KEY
from reader.store.passages import follow_record_passage
from reader.store.storage import open_db
from reader.store.versions import CHANGED, VersionChange, version_change

__all__ = [
    "NoSuchParagraphError",
    "NothingToAcceptError",
    "StoreReattach",
    "WrongDocumentError",
    "placed_on",
]

_PLACE_FIELDS = ("anchor", "at", "digest", "selector", "status", "suggestion", "updated")
"""The fields of a record that say where its annotation is (the rest is left alone)."""


class NoSuchParagraphError(ReaderError):
    """The paragraph asked for is not in the document (exit code 5, as for an unknown id)."""

    exit_code = 5


class NothingToAcceptError(ReaderError):
    """The annotation has no place to accept: not moved, or an orphan without a suggestion."""


class WrongDocumentError(ReaderError):
    """The document given is not the one the annotation belongs to."""


def placed_on(annotation: Annotation, doc: Document, index: int) -> Annotation:
    """``annotation`` attached to paragraph ``index`` of ``doc``, as if made there now.

    Its anchor, digest and selector are the paragraph's (as :func:`new_annotation`
    makes them), its status ``attached``, no suggestion; every other field is kept.
    The one way a place is chosen by hand: the store records it, the app shows it.

    Raises:
        NoSuchParagraphError: ``index`` is not a paragraph of ``doc``.
    """
    if not 0 <= index < len(doc.paragraphs):
        last = len(doc.paragraphs) - 1
        raise NoSuchParagraphError(
            f"paragraph {index} is out of range: {doc.title!r} has paragraphs 0 to {last}"
            if last >= 0
            else f"{doc.title!r} has no paragraphs"
        )
    paragraph = doc.paragraphs[index]
    return replace(
        annotation,
        anchor=paragraph.anchor,
        digest=text_digest(paragraph.text),
        selector=make_selector(doc, index),
        status=AnchorStatus.ATTACHED,
        suggestion=None,
        updated=utc_now(),
    )


def accepted_index(annotation: Annotation, doc: Document) -> int:
    """The paragraph of ``doc`` accepting ``annotation``'s proposed place puts it on.

    A moved annotation's place is where it is now; an orphan's is its suggestion.

    Raises:
        NothingToAcceptError: It is attached, or an orphan without a suggestion in ``doc``.
    """
    short = annotation.id[:8]
    if annotation.status is AnchorStatus.ATTACHED:
        raise NothingToAcceptError(f"annotation {short} is attached: nothing to accept")
    anchor = annotation.anchor if annotation.status is AnchorStatus.MOVED else annotation.suggestion
    paragraph = None if anchor is None else doc.paragraph_by_anchor(anchor)
    if paragraph is None:
        if annotation.status is AnchorStatus.ORPHANED:
            raise NothingToAcceptError(
                f"orphan {short} has no suggestion; attach it with --paragraph N"
            )
        raise NothingToAcceptError(f"annotation {short} is not on a paragraph of {doc.title!r}")
    return paragraph.index


class StoreReattach:
    """Chooses an annotation's place by hand, and tells what new versions did.

    Given the core and the recognition of documents (the document given is
    re-anchored first, if it changed).
    """

    def __init__(self, core: StoreCore, documents: DocumentRecognition) -> None:
        """Place annotations in ``core``'s files, finding documents with ``documents``."""
        self._core = core
        self._documents = documents

    def take_version_change(self, doc: Document) -> VersionChange | None:
        """What re-anchoring on new versions of ``doc`` did since the reader was last told,
        forgotten once returned (the app tells it once).

        ``None`` (and nothing written, no lock taken) when nothing changed since.
        """
        record, _ = self._documents.find(doc)
        if record is None or self._change_of(record["id"]) is None:
            return None
        with self._core.writing():
            change = self._change_of(record["id"])
            if change is not None:
                open_db(self._core.document_file(record["id"])).keyed(META).patch(
                    META_KEY, {CHANGED: None}
                )
        return change

    def _change_of(self, document_id: str) -> VersionChange | None:
        tables = self._core.document_file(document_id).load() or {}
        meta = tables.get(META, {}).get(META_KEY, {})
        return version_change(meta, tables.get(ANNOTATIONS, {}))

    def accept_place(self, doc: Document, annotation_id: str) -> Annotation:
        """Accept the place re-anchoring proposed: confirm a moved annotation where it is,
        or attach an orphan to its suggestion.

        Args:
            doc: The annotation's document as read now (re-anchored first if it changed).
            annotation_id: Its id or a unique prefix of it.

        Raises:
            AnnotationNotFoundError: No annotation (or several) match the id.
            WrongDocumentError: It belongs to another document.
            NothingToAcceptError: It is attached, or an orphan without a suggestion.
        """
        return self._reattach(doc, annotation_id, None)

    def attach_to_paragraph(self, doc: Document, annotation_id: str, index: int) -> Annotation:
        """Attach an annotation (moved, orphaned or attached) to paragraph ``index`` of ``doc``.

        Raises:
            AnnotationNotFoundError: No annotation (or several) match the id.
            WrongDocumentError: It belongs to another document.
            NoSuchParagraphError: ``index`` is not a paragraph of ``doc``.
        """
        return self._reattach(doc, annotation_id, index)

    def _reattach(self, doc: Document, annotation_id: str, index: int | None) -> Annotation:
        self._core.locate(annotation_id)  # an unknown id takes no lock (and creates no lock file)
        with self._core.writing():
            record, row = self._core.locate(annotation_id)
            found, _ = self._documents.find(doc)
            if found is None:
                raise WrongDocumentError(
                    f"{doc.title!r} is not a version of annotation {row['id'][:8]}'s document "
                    "the store knows (a file both moved and changed is not recognised)"
                )
            if found["id"] != record["id"]:
                raise WrongDocumentError(
                    f"annotation {row['id'][:8]} belongs to {record['title']!r}, "
                    f"not to {doc.title!r}"
                )
            records = self._documents.placed(found, doc)  # the places as in doc, if it changed
            annotation = annotation_from_record(records[row["id"]], document_ref(found))
            at = accepted_index(annotation, doc) if index is None else index
            moved = placed_on(annotation, doc, at)
            fields = annotation_record(moved, at)
            patch = {key: fields[key] for key in _PLACE_FIELDS}
            if moved.passage is not None or moved.lost_passage is not None:
                follow_record_passage(fields, doc.paragraphs[at].text)  # it moves along
                patch |= {key: fields[key] for key in ("passage", "lost_passage")}
                moved = annotation_from_record(fields, moved.document)
            open_db(self._core.document_file(found["id"])).keyed(ANNOTATIONS).patch(moved.id, patch)
            self._core.derived(lambda: self._core.sync_counts(found["id"]))
        return moved
