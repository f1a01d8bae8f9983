"""Annotations and document records as JSON objects (on disk and for ``--json``).

The on-disk record of an annotation is :func:`annotation_json` without the
``document`` member (the file it lives in says which document it belongs to) and
with ``at``, the paragraph index it was last placed at (used to list annotations in
document order without reading the document). ``digest`` (the text digest that
confirms the anchor) is ``null`` in records written before it was kept. The
``--json`` shape is the full :func:`annotation_json`; both are documented in
docs/store.md and docs/commands.md. ``passage``, ``color`` and ``lost_passage`` are
absent from records written before passages and colours were kept: they read as
``null`` (the whole paragraph, no colour), which is what such a record meant, so
they need no new format version.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.anchors import DIGEST_LENGTH
from reader.annotation import (
    COLORS,
    AnchorStatus,
    Annotation,
    AnnotationKind,
    DocumentRef,
    Selector,
    normalize_tag,
    passage_fields,
    passage_from_json,
)
from reader.store.migrations import unreadable
from reader.store.storage import gc_paused

if TYPE_CHECKING:
    from reader.model import Document

__all__ = [
    "DocumentRecord",
    "annotation_from_record",
    "annotation_json",
    "annotation_record",
    "damaged_record",
    "decode_records",
    "document_record",
    "document_summary",
    "format_time",
    "in_document_order",
    "parse_time",
    "passage_from_json",
    "summary_with",
]


_HEX = frozenset("0123456789abcdef")


@dataclass(frozen=True, slots=True)
class DocumentRecord:
    """What the store knows about one document (a row of the catalogue).

    Attributes:
        id: The store's stable id for the document (it survives edits and moves).
        fingerprint: Content fingerprint of the version last seen.
        path: Last known path ("" for standard input).
        title: The title when last seen.
        annotation_count: How many annotations it has.
        last_read: When its reading position was last saved.
        position: Anchor of the paragraph last read.
        progress: How far through it the reader was, 0 to 1.
    """

    id: str
    fingerprint: str
    path: str
    title: str
    annotation_count: int
    last_read: datetime | None
    position: str | None
    progress: float


def format_time(moment: datetime) -> str:
    """ISO 8601 in UTC with a ``Z`` (what every stored time looks like)."""
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def parse_time(text: str) -> datetime:
    """Parse a time written by :func:`format_time` (a naive time is taken as UTC)."""
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _selector(raw: dict[str, Any]) -> Selector:
    before, after = raw.get("neighbours", ("", ""))
    return Selector(
        quote=raw["quote"],
        prefix=raw.get("prefix", ""),
        suffix=raw.get("suffix", ""),
        index=raw.get("index", 0),
        paragraph_count=raw.get("paragraph_count", 0),
        section_path=tuple(raw.get("section_path", ())),
        neighbours=(before, after),
    )


def annotation_record(annotation: Annotation, at: int | None) -> dict[str, Any]:
    """The on-disk record of ``annotation``, last placed at paragraph ``at``.

    ``passage``, ``color`` and ``lost_passage`` are written only when set: most
    annotations cover a whole paragraph, and a store of 100,000 need not carry
    three nulls each.
    """
    record = {
        "id": annotation.id,
        "anchor": annotation.anchor,
        "at": at,
        "kind": annotation.kind.value,
        "note": annotation.note,
        "tags": list(annotation.tags),
        "created": format_time(annotation.created),
        "updated": format_time(annotation.updated),
        "status": annotation.status.value,
        "suggestion": annotation.suggestion,
        "schema": annotation.schema,
        "digest": annotation.digest,
        "selector": annotation.selector.as_json(),
    }
    record.update(passage_fields(annotation))
    return record


def annotation_from_record(raw: dict[str, Any], document: DocumentRef) -> Annotation:
    """Rebuild an annotation from its on-disk record.

    Raises:
        KeyError, TypeError, ValueError: The record is damaged (the caller reports
            the file as unreadable).
    """
    return Annotation(
        id=raw["id"],
        document=document,
        anchor=raw["anchor"],
        selector=_selector(raw["selector"]),
        kind=AnnotationKind(raw["kind"]),
        note=raw["note"],
        tags=tuple(raw["tags"]),
        created=parse_time(raw["created"]),
        updated=parse_time(raw["updated"]),
        status=AnchorStatus(raw["status"]),
        suggestion=raw.get("suggestion"),
        schema=raw.get("schema", 1),
        digest=_digest(raw.get("digest")),
        passage=passage_from_json(raw.get("passage")),
        color=_color(raw.get("color")),
        lost_passage=passage_from_json(raw.get("lost_passage")),
    )


def _color(value: Any) -> str | None:
    """A stored colour; one this reader does not know (a newer one's) reads as none.

    The record keeps it: only a change of colour writes the field again.
    """
    return value if value in COLORS else None


def _digest(value: Any) -> str | None:
    """A stored text digest; absent in records written before digests were kept."""
    if value is None:
        return None
    if not isinstance(value, str) or len(value) != DIGEST_LENGTH or not _HEX.issuperset(value):
        raise ValueError(f"digest {value!r} is not {DIGEST_LENGTH} hex digits")
    return value


def document_summary(records: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """What the catalogue keeps per document so listings need not open its file.

    Args:
        records: The document's on-disk annotation records.

    Returns:
        ``count``, ``orphans`` and ``tags``: tag key -> ``[form first typed, count,
        when first typed]`` (the form of the earliest annotation carrying it).
    """
    count = orphans = 0
    tags: dict[str, list[Any]] = {}
    keys: dict[str, str] = {}  # the same few tags recur on thousands of records
    for record in records:
        count += 1
        orphans += record["status"] == AnchorStatus.ORPHANED
        for tag in record["tags"]:
            key = keys.get(tag)
            if key is None:
                key = keys[tag] = normalize_tag(tag)
            entry = tags.get(key)
            if entry is None:
                tags[key] = [tag, 1, record["created"]]
            else:
                entry[1] += 1
                if record["created"] < entry[2]:
                    entry[0], entry[2] = tag, record["created"]
    return {"count": count, "orphans": orphans, "tags": tags}


def summary_with(summary: dict[str, Any], record: dict[str, Any]) -> dict[str, Any]:
    """``summary`` with one more record counted, as :func:`document_summary` would give.

    Adding one annotation to a document of 10,000 need not summarise them all again.

    Args:
        summary: The summary of a document's records (not changed).
        record: The record added after them.
    """
    tags = dict(summary["tags"])
    for tag in record["tags"]:
        key = normalize_tag(tag)
        entry = tags.get(key)
        if entry is None:
            tags[key] = [tag, 1, record["created"]]
        elif record["created"] < entry[2]:
            tags[key] = [tag, entry[1] + 1, record["created"]]
        else:
            tags[key] = [entry[0], entry[1] + 1, entry[2]]
    return {
        "count": summary["count"] + 1,
        "orphans": summary["orphans"] + (record["status"] == AnchorStatus.ORPHANED),
        "tags": tags,
    }


def annotation_json(annotation: Annotation) -> dict[str, Any]:
    """The stable ``--json`` shape of an annotation (version 1; fields only ever added)."""
    record = annotation_record(annotation, None)
    del record["at"]
    for name in ("passage", "color", "lost_passage"):  # always there, null when unset
        record.setdefault(name, None)
    document = annotation.document
    record["document"] = {
        "id": document.id,
        "fingerprint": document.fingerprint,
        "path": document.path,
        "title": document.title,
    }
    return record


def damaged_record(records: Iterable[Any], document: DocumentRef) -> str | None:
    """What is wrong with the first record that does not decode, as a phrase; ``None`` if none.

    A file holding such a record is reported unreadable and never written over.
    """
    for raw in records:
        try:
            annotation_from_record(raw, document)
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            return f"holds a damaged annotation ({type(error).__name__}: {str(error)[:80]})"
    return None


def document_record(record: dict[str, Any]) -> DocumentRecord:
    """A catalogue record as the :class:`DocumentRecord` callers see."""
    last_read = record.get("last_read")
    return DocumentRecord(
        id=record["id"],
        fingerprint=record["fingerprint"],
        path=record["path"],
        title=record["title"],
        annotation_count=record.get("count", 0),
        last_read=None if last_read is None else parse_time(last_read),
        position=record.get("position"),
        progress=record.get("progress", 0.0),
    )


def decode_records(
    rows: Iterable[dict[str, Any]], ref: DocumentRef, path: Path
) -> list[Annotation]:
    try:
        with gc_paused():
            return [annotation_from_record(row, ref) for row in rows]
    except (KeyError, TypeError, ValueError) as error:
        problem = f"holds a damaged annotation ({type(error).__name__}: {error})"
        raise unreadable(path, problem) from error


def in_document_order(
    records: dict[str, Any], ref: DocumentRef, path: Path, doc: Document | None
) -> list[Annotation]:
    """Annotations in document order (by paragraph, then creation), orphans last."""
    rows = list(records.values())
    annotations = decode_records(rows, ref, path)  # a damaged record is reported first

    def position(pair: tuple[dict[str, Any], Annotation]) -> tuple[int, int, str, str]:
        row, annotation = pair
        if annotation.status == AnchorStatus.ORPHANED:
            return (1, 0, row["created"], annotation.id)
        at = row.get("at")
        if doc is not None:
            paragraph = doc.paragraph_by_anchor(annotation.anchor)
            at = None if paragraph is None else paragraph.index
        at = at if isinstance(at, int) else -1
        return (0, at, row["created"], annotation.id)

    return [
        annotation for _, annotation in sorted(zip(rows, annotations, strict=True), key=position)
    ]
