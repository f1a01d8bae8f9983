"""Changing an annotation in place: its note, tags, kind, passage and colour.

A base of :class:`~reader.store.store.AnnotationStore` (as
:class:`~reader.store.importing.StoreImport` is), so the store's module keeps its
size. One change is one short transaction: the record's changed fields are patched
in its document's file with a new ``updated`` time, and nothing is written when
nothing changes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import Enum
from typing import TYPE_CHECKING, Any, Final

from reader.annotation import (
    Annotation,
    AnnotationKind,
    Passage,
    check_color,
    clean_tags,
    utc_now,
)
from reader.store.codec import annotation_from_record, format_time
from reader.store.documents import document_ref
from reader.store.layout import ANNOTATIONS
from reader.store.storage import StoreFile, open_db

if TYPE_CHECKING:
    import contextlib

__all__ = ["KEEP", "AnnotationEditing", "Keep"]


class Keep(Enum):
    """The type of :data:`KEEP`."""

    KEEP = "keep"


KEEP: Final = Keep.KEEP
"""Leave this field as it is (where ``None`` means something: no passage, no colour)."""


class AnnotationEditing:
    """Adds :meth:`update` to :class:`~reader.store.store.AnnotationStore`."""

    if TYPE_CHECKING:  # provided by AnnotationStore

        def _writing(self, *files: StoreFile) -> contextlib.AbstractContextManager[None]: ...

        def _locate(self, id_or_prefix: str) -> tuple[dict[str, Any], dict[str, Any]]: ...

        def _records(self, document_id: str, file: StoreFile | None = None) -> dict[str, Any]: ...

        def _document_file(self, document_id: str) -> StoreFile: ...

        def _derived(self, step: Callable[[], None]) -> None: ...

        def _sync_counts(self, document_id: str) -> None: ...

    def update(
        self,
        annotation_id: str,
        *,
        note: str | None = None,
        tags: Sequence[str] | None = None,
        kind: AnnotationKind | None = None,
        passage: Passage | Keep | None = KEEP,
        color: str | Keep | None = KEEP,
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

        Raises:
            AnnotationNotFoundError: No annotation (or several) match the id.
            ValueError: ``color`` is not one of the colours.
        """
        if not isinstance(color, Keep):
            check_color(color)
        self._locate(annotation_id)  # an unknown id takes no lock (and creates no lock file)
        with self._writing():
            record, row = self._locate(annotation_id)
            document_id = record["id"]
            fields = _changes(row, note, tags, kind, passage, color)
            if fields:
                fields["updated"] = format_time(utc_now())
                file = self._document_file(document_id)
                open_db(file).keyed(ANNOTATIONS).patch(row["id"], fields)
                if "tags" in fields:
                    self._derived(lambda: self._sync_counts(document_id))
                row = self._records(document_id)[row["id"]]
        return annotation_from_record(row, document_ref(record))


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
