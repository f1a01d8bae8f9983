"""The local store as synced values: read it, find its changes, apply the merged state.

Annotations are ``a:<id>`` with ``document`` (the document's sync key), ``kind``,
``note``, ``tags``, ``created``, ``updated`` and the passage (``anchor``, ``digest``,
``selector``). The passage travels with the annotation when it is made and is
never sent again: re-anchoring (on any machine) moves an annotation to its
paragraph in that machine's copy, and is recomputed there, not synced. Documents
are ``d:<key>`` with ``fingerprint``, ``title``, ``path`` (a hint for a machine
that has not seen the document) and ``position`` (anchor, progress, when read).
A document's key is the store id of the machine that first sent it; each machine
maps keys to its own document ids (by fingerprint when it first meets a key).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from reader.annotation import (
    AnchorStatus,
    Annotation,
    AnnotationKind,
    DocumentRef,
    Selector,
)
from reader.store import AnnotationStore, DocumentRecord
from reader.store.codec import format_time, parse_time
from reader.store.layout import is_annotation_id
from reader.store.merging import (
    document_annotations,
    document_signatures,
    put_annotations,
    put_reading_position,
)
from reader.sync.merge import ALIVE, State, is_visible, values

__all__ = [
    "EDITABLE",
    "PASSAGE",
    "StoreView",
    "apply_merged",
    "local_changes",
    "read_local",
    "snapshot",
]

EDITABLE = ("kind", "note", "tags", "created", "updated")
"""An annotation's fields that a change on this machine sends (the passage is sent once)."""

PASSAGE = ("anchor", "digest", "selector")
"""An annotation's passage: sent when it is made, placed by each machine on its copy."""

Local = dict[str, dict[str, Any]]
"""Entity key -> this store's values."""


def _annotation_values(annotation: Annotation, key: str) -> dict[str, Any]:
    return {
        "document": key,
        "kind": annotation.kind.value,
        "note": annotation.note,
        "tags": list(annotation.tags),
        "created": format_time(annotation.created),
        "updated": format_time(annotation.updated),
        "anchor": annotation.anchor,
        "digest": annotation.digest,
        "selector": annotation.selector.as_json(),
    }


def _position(record: DocumentRecord) -> dict[str, Any] | None:
    if record.position is None and record.last_read is None:
        return None
    return {
        "anchor": record.position,
        "progress": record.progress,
        "last_read": None if record.last_read is None else format_time(record.last_read),
    }


def _document_values(record: DocumentRecord) -> dict[str, Any]:
    return {
        "fingerprint": record.fingerprint,
        "title": record.title,
        "path": record.path,
        "position": _position(record),
    }


def _key_of(document_id: str, keys: Mapping[str, str]) -> str | None:
    mapped = [key for key, local in keys.items() if local == document_id]
    return min(mapped) if mapped else None


@dataclass(slots=True)
class StoreView:
    """The store's documents and annotations, read once per sync.

    Attributes:
        records: Every document record.
        annotations: The annotations of the documents whose files were read.
        unchanged: Documents whose files were not read: their signature is the one
            recorded at the end of the last sync, so they hold what it left there.
        signatures: Each document file's signature as read.
    """

    records: list[DocumentRecord]
    annotations: dict[str, Annotation]
    unchanged: set[str] = field(default_factory=set)
    signatures: dict[str, list[int]] = field(default_factory=dict)

    @classmethod
    def read(
        cls, store: AnnotationStore, known: Mapping[str, list[int]] | None = None
    ) -> StoreView:
        """Read every document record, and the annotations of files changed since ``known``."""
        records = store.documents()
        signatures = document_signatures(store)
        known = known or {}
        unchanged = {
            r.id for r in records if r.id in signatures and known.get(r.id) == signatures[r.id]
        }
        annotations: dict[str, Annotation] = {}
        for record in records:
            if record.id not in unchanged:
                annotations.update((a.id, a) for a in document_annotations(store, record.id))
        return cls(records, annotations, unchanged, signatures)

    def reused(self, before: Local, keys: Mapping[str, str]) -> dict[str, str]:
        """Annotations (id -> document id) of unchanged files, as the last sync left them."""
        reused: dict[str, str] = {}
        for key, fields in before.items():
            document = keys.get(str(fields.get("document"))) if key.startswith("a:") else None
            if document is not None and document in self.unchanged:
                reused[key[2:]] = document
        return reused

    def load(self, store: AnnotationStore, document_ids: set[str]) -> None:
        """Decode the files of ``document_ids`` after all (their annotations are needed)."""
        for document_id in sorted(document_ids & self.unchanged):
            self.annotations.update((a.id, a) for a in document_annotations(store, document_id))
            self.unchanged.discard(document_id)


def snapshot(local: Local) -> Local:
    """What is kept of ``local`` for the next diff (the passage is never sent again)."""
    return {
        key: {f: v for f, v in fields.items() if f not in PASSAGE}
        if key.startswith("a:")
        else fields
        for key, fields in local.items()
    }


def read_local(
    view: StoreView, merged: State, keys: dict[str, str], before: Local | None = None
) -> Local:
    """The store's annotations and documents as synced values.

    The annotations of unchanged files are taken from ``before`` (the values the
    last sync left, without their passage: they are not new, so it is not sent).

    A document met for the first time is given a key: that of a document another
    machine sent with the same fingerprint, else its own id. ``keys`` (sync key ->
    document id) is updated.
    """
    records = view.records
    by_local: dict[str, str] = {}
    for local in {*keys.values()}:
        key = _key_of(local, keys)
        if key is not None:
            by_local[local] = key
    taken = set(keys)
    sent_fingerprints: dict[str, str] = {}
    for key, entity in sorted((k, e) for k, e in merged.items() if k.startswith("d:")):
        if key[2:] not in taken and "fingerprint" in entity:
            sent_fingerprints.setdefault(entity["fingerprint"][1], key[2:])
    result: Local = {}
    for record in records:
        key = by_local.get(record.id)
        if key is None:
            key = sent_fingerprints.pop(record.fingerprint, None) or record.id
            keys[key] = record.id
            by_local[record.id] = key
        result["d:" + key] = _document_values(record)
    for annotation in view.annotations.values():
        document_id = annotation.document.id
        key = by_local.get(document_id)
        if key is None:  # a document the catalogue lost: its id is its key
            key = by_local[document_id] = document_id
            keys.setdefault(document_id, document_id)
        result["a:" + annotation.id] = _annotation_values(annotation, key)
    if before:
        for annotation_id in view.reused(before, keys):
            result["a:" + annotation_id] = before["a:" + annotation_id]
    return result


def local_changes(now: Local, before: Local, merged: State) -> dict[str, dict[str, Any]]:
    """What changed in the store since the last sync: entity key -> fields to stamp.

    A new annotation sends every field and ``alive``; a changed one its changed
    editable fields; a vanished one ``alive = false``. A document sends what changed
    (a new one: what differs from what others sent, and no empty position).
    """
    changes: dict[str, dict[str, Any]] = {}
    for key, fields in now.items():
        old = before.get(key)
        if key.startswith("a:"):
            if old is None:
                changes[key] = {**fields, ALIVE: True}
            else:
                changed = {f: fields[f] for f in EDITABLE if fields[f] != old.get(f)}
                if changed:
                    changes[key] = changed
        else:
            sent = values(merged.get(key, {})) if old is None else old
            changed = {f: v for f, v in fields.items() if v != sent.get(f)}
            if old is None:
                if changed.get("position", True) is None:
                    del changed["position"]
                if key not in merged:
                    changed[ALIVE] = True
            if changed:
                changes[key] = changed
    for key in before:
        if key.startswith("a:") and key not in now:
            changes[key] = {ALIVE: False}
    return changes


def _selector(raw: Mapping[str, Any]) -> Selector:
    before, after = raw.get("neighbours", ("", ""))
    return Selector(
        quote=str(raw["quote"]),
        prefix=str(raw.get("prefix", "")),
        suffix=str(raw.get("suffix", "")),
        index=int(raw.get("index", 0)),
        paragraph_count=int(raw.get("paragraph_count", 0)),
        section_path=tuple(str(s) for s in raw.get("section_path", ())),
        neighbours=(str(before), str(after)),
    )


def _annotation(annotation_id: str, fields: Mapping[str, Any], ref: DocumentRef) -> Annotation:
    """A new annotation from synced values (raises on a damaged one)."""
    digest = fields.get("digest")
    return Annotation(
        id=annotation_id,
        document=ref,
        anchor=str(fields["anchor"]),
        selector=_selector(fields["selector"]),
        kind=AnnotationKind(fields["kind"]),
        note=str(fields["note"]),
        tags=tuple(str(t) for t in fields["tags"]),
        created=parse_time(fields["created"]),
        updated=parse_time(fields["updated"]),
        status=AnchorStatus.ATTACHED,
        digest=digest if isinstance(digest, str) else None,
    )


def _unchanged(annotation: Annotation, fields: Mapping[str, Any]) -> bool:
    """Whether the editable fields already hold ``fields`` (checked without decoding)."""
    return (
        annotation.note == fields.get("note")
        and annotation.kind.value == fields.get("kind")
        and list(annotation.tags) == fields.get("tags")
        and format_time(annotation.updated) == fields.get("updated")
        and format_time(annotation.created) == fields.get("created")
    )


def _edited(annotation: Annotation, fields: Mapping[str, Any]) -> Annotation:
    return replace(
        annotation,
        kind=AnnotationKind(fields["kind"]),
        note=str(fields["note"]),
        tags=tuple(str(t) for t in fields["tags"]),
        created=parse_time(fields["created"]),
        updated=parse_time(fields["updated"]),
    )


class _Documents:
    """Local documents by sync key, recording those that must be created.

    A key met for the first time names the local document with the same
    fingerprint, else the same path, else the only one with the same title (another
    version of the book: its annotations are placed on this copy when it is next
    opened), else a document this machine has not seen, recorded from the key's
    fingerprint, path and title.
    """

    def __init__(self, view: StoreView, merged: State, keys: dict[str, str]) -> None:
        self.records = {r.id: r for r in view.records}
        self.by_fingerprint: dict[str, str] = {}
        self.by_path: dict[str, str] = {}
        titles: dict[str, list[str]] = {}
        for record in sorted(self.records.values(), key=lambda r: r.id):
            self.by_fingerprint.setdefault(record.fingerprint, record.id)
            if record.path:
                self.by_path.setdefault(record.path, record.id)
            if record.title.strip():
                titles.setdefault(record.title.strip().casefold(), []).append(record.id)
        self.by_title = {title: ids[0] for title, ids in titles.items() if len(ids) == 1}
        self.merged = merged
        self.keys = keys

    def ref(self, key: str) -> DocumentRef:
        fields = values(self.merged.get("d:" + key, {}))
        local = self.keys.get(key)
        if local is None or local not in self.records:
            fingerprint = str(fields.get("fingerprint", ""))
            local = (
                self.by_fingerprint.get(fingerprint)
                or self.by_path.get(str(fields.get("path", "")))
                or self.by_title.get(str(fields.get("title", "")).strip().casefold())
            )
            if local is None:
                wanted = key if len(key) == 32 and key.isalnum() else uuid.uuid4().hex
                local = wanted if wanted not in self.records else uuid.uuid4().hex
                self.records[local] = DocumentRecord(
                    local, fingerprint, str(fields.get("path", "")),
                    str(fields.get("title", "")), 0, None, None, 0.0,
                )  # fmt: skip
                self.by_fingerprint.setdefault(fingerprint, local)
            self.keys[key] = local
        record = self.records[local]
        return DocumentRef(record.id, record.fingerprint, record.path, record.title)


def apply_merged(
    store: AnnotationStore,
    view: StoreView,
    merged: State,
    keys: dict[str, str],
    warn: Callable[[str], None],
    before: Local | None = None,
) -> tuple[int, set[str]]:
    """Bring the store to the merged state.

    A remote annotation is added with its passage and placed on this machine's copy
    of the document when that is next opened; an edit changes only the editable
    fields (the local placement stays); a tombstone deletes. An entity that cannot
    be applied (damaged values) is left out with a warning. An unchanged file
    (``view.unchanged``) is decoded only if the merged state changes one of its
    annotations (``before`` says what it holds).

    Returns:
        The number of store changes, and the keys of annotations left out.
    """
    reused = view.reused(before or {}, keys)
    view.load(store, _to_change(reused, merged, before or {}))
    settled = {a for a, document_id in reused.items() if document_id in view.unchanged}
    current = dict(view.annotations)
    documents = _Documents(view, merged, keys)
    puts: list[Annotation] = []
    deletes: dict[str, str] = {}
    left_out: set[str] = set()
    for key, entity in merged.items():
        if not key.startswith("a:"):
            continue
        annotation_id = key[2:]
        if annotation_id in settled:
            continue
        known = current.pop(annotation_id, None)
        if not is_visible(entity):
            if known is not None:
                deletes[annotation_id] = known.document.id
            continue
        fields = values(entity)
        try:
            if known is None:
                if not is_annotation_id(annotation_id):
                    raise ValueError("not an annotation id")
                ref = documents.ref(str(fields["document"]))
                puts.append(_annotation(annotation_id, fields, ref))
            elif not _unchanged(known, fields):
                wanted = _edited(known, fields)
                if wanted != known:
                    puts.append(wanted)
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            warn(f"annotation {annotation_id[:40]!r} from the sync folder is damaged ({error})")
            left_out.add(key)
    for annotation_id, annotation in current.items():
        deletes[annotation_id] = annotation.document.id
    if puts or deletes:
        put_annotations(store, puts, deletes)
    changed = len(puts) + len(deletes) + _apply_positions(store, merged, documents)
    return changed, left_out


def _to_change(reused: Mapping[str, str], merged: State, before: Local) -> set[str]:
    """The unchanged files holding an annotation the merged state deletes or edits."""
    documents: set[str] = set()
    for annotation_id, document_id in reused.items():
        if document_id in documents:
            continue
        key = "a:" + annotation_id
        entity = merged.get(key)
        old = before[key]
        if (
            entity is None
            or not is_visible(entity)
            or any(entity.get(f, (None, None))[1] != old.get(f) for f in EDITABLE)
        ):
            documents.add(document_id)
    return documents


def _apply_positions(store: AnnotationStore, merged: State, documents: _Documents) -> int:
    """Give each document the latest position any of its keys carries (recording it if new)."""
    latest: dict[str, tuple[list[Any], DocumentRef]] = {}
    for key, entity in sorted(merged.items()):
        entry = entity.get("position")
        if not key.startswith("d:") or entry is None or not isinstance(entry[1], dict):
            continue
        ref = documents.ref(key[2:])
        if ref.id not in latest or entry[0] > latest[ref.id][0][0]:
            latest[ref.id] = (entry, ref)
    records = {r.id: r for r in store.documents()}
    changed = 0
    for local, ((_, position), ref) in sorted(latest.items()):
        record = records.get(local)
        if record is not None and position == _position(record):
            continue
        try:
            last_read = position.get("last_read")
            put_reading_position(
                store,
                ref,
                None if position.get("anchor") is None else str(position["anchor"]),
                float(position.get("progress", 0.0)),
                None if last_read is None else parse_time(str(last_read)),
            )
        except (TypeError, ValueError):
            continue
        changed += 1
    return changed
