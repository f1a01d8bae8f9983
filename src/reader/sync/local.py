"""The local store as synced values: find its changes, apply the merged ones.

Annotations are ``a:<id>``: every field of the store's record except those that
say where this machine placed it (:data:`LOCAL_ONLY`), plus ``document`` (the
document's sync key). Nothing here names the other fields: a field a newer
reader adds (a colour, links between copies) travels as any other, and a field
this reader does not know is kept in the record it writes. Its place
(:data:`PLACEMENT`: anchor, selector, passage) travels with the annotation when it
is made and is never sent again: re-anchoring (on any machine) moves an annotation
to its paragraph and its passage in that machine's copy, and is recomputed there,
not synced. Documents are ``d:<key>``
with ``fingerprint``, ``title``, ``path`` (a hint for a machine that has not seen
the document) and ``position`` (anchor, progress, when read). A document's key is
the store id of the machine that first sent it; each machine maps keys to its own
document ids (by fingerprint when it first meets a key).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from typing import Any

from reader.annotation import DocumentRef
from reader.store import AnnotationStore, DocumentRecord
from reader.store.codec import format_time, parse_time
from reader.store.merging import RowChange
from reader.sync.merge import ALIVE, Entity, State, is_visible, values
from reader.sync.state import NO_DOCUMENT, SyncState

__all__ = [
    "LOCAL_ONLY",
    "PLACEMENT",
    "Documents",
    "annotation_changes",
    "apply_annotations",
    "apply_positions",
    "document_changes",
    "document_values",
    "sync_keys",
]

LOCAL_ONLY = frozenset({"id", "at", "status", "suggestion", "schema", "lost_passage"})
"""Record fields that say where and how this machine placed an annotation (and which
passage's words its copy lost): never synced."""

PLACEMENT = frozenset({"anchor", "digest", "selector", "passage"})
"""Where an annotation is (its paragraph's anchor and selector, the passage within it):
sent when it is made, placed again by each machine on its own copy."""

DOCUMENT = "document"
_NOT_EDITED = PLACEMENT | {DOCUMENT}

Local = dict[str, dict[str, Any]]
"""Entity key -> this store's values."""

_MISSING = object()


def _position(record: DocumentRecord) -> dict[str, Any] | None:
    if record.position is None and record.last_read is None:
        return None
    return {
        "anchor": record.position,
        "progress": record.progress,
        "last_read": None if record.last_read is None else format_time(record.last_read),
    }


def document_values(record: DocumentRecord) -> dict[str, Any]:
    """A document record as synced values."""
    return {
        "fingerprint": record.fingerprint,
        "title": record.title,
        "path": record.path,
        "position": _position(record),
    }


def sync_keys(records: list[DocumentRecord], state: SyncState) -> dict[str, str]:
    """Each local document's sync key (document id -> key), giving new ones a key.

    A document met for the first time is given a key: that of a document another
    machine sent with the same fingerprint, else its own id. ``state.document_keys``
    (sync key -> document id) is updated.
    """
    keys = state.document_keys
    by_local: dict[str, str] = {}
    for key, local in sorted(keys.items()):
        by_local.setdefault(local, key)
    sent_fingerprints: dict[str, str] = {}
    for key, entity in sorted(state.documents.items()):
        if key[2:] not in keys and "fingerprint" in entity:
            sent_fingerprints.setdefault(entity["fingerprint"][1], key[2:])
    for record in records:
        if record.id not in by_local:
            key = sent_fingerprints.pop(record.fingerprint, "") or record.id
            keys[key] = record.id
            by_local[record.id] = key
    return by_local


def document_changes(
    records: list[DocumentRecord], by_local: Mapping[str, str], state: SyncState
) -> tuple[Local, dict[str, dict[str, Any]]]:
    """The documents' values now, and what changed since the last sync (key -> fields).

    A new document sends what differs from what others sent, and no empty position.
    """
    now: Local = {}
    changes: dict[str, dict[str, Any]] = {}
    for record in records:
        key = "d:" + by_local[record.id]
        fields = now[key] = document_values(record)
        old = state.local.get(key)
        sent = values(state.documents.get(key, {})) if old is None else old
        changed = {f: v for f, v in fields.items() if v != sent.get(f)}
        if old is None:
            if changed.get("position", True) is None:
                del changed["position"]
            if key not in state.documents:
                changed[ALIVE] = True
        if changed:
            changes[key] = changed
    return now, changes


def _entity(state: SyncState, key: str, shard: str) -> Entity | None:
    """An annotation's merged entity (looked for in the shard ``where`` names)."""
    name = state.where.get(key, shard)
    return state.shards.get(name).get(key)


def annotation_changes(
    store: AnnotationStore,
    changed: list[str],
    by_local: Mapping[str, str],
    state: SyncState,
) -> dict[str, dict[str, Any]]:
    """What changed in the annotations of the ``changed`` documents since the last sync.

    A new annotation sends every field and ``alive``; a changed one its changed
    fields (but the passage); one the merged state holds but the file no longer
    does, ``alive = false``. A field the record has lost is not sent as a change.
    """
    changes: dict[str, dict[str, Any]] = {}
    shards: dict[str, set[str]] = {}
    for key, local in state.document_keys.items():
        shards.setdefault(local, set()).add(key)
    for document_id in changed:
        key = by_local.get(document_id, document_id)
        rows = store.merging.document_rows(document_id)
        for annotation_id, row in rows.items():
            name = "a:" + annotation_id
            synced = {f: v for f, v in row.items() if f not in LOCAL_ONLY}
            synced[DOCUMENT] = key
            entity = _entity(state, name, key)
            if entity is None or not is_visible(entity):
                changes[name] = {**synced, ALIVE: True}
                continue
            merged = values(entity)
            edits = {
                f: v
                for f, v in synced.items()
                if f not in _NOT_EDITED and merged.get(f, _MISSING) != v
            }
            if edits:
                changes[name] = edits
        for shard in sorted(shards.get(document_id, set()) | {key}):
            for name, entity in state.shards.get(shard).items():
                if (
                    name[2:] not in rows
                    and is_visible(entity)
                    and name not in state.left_out
                    and state.where.get(name, shard) == shard
                ):
                    changes[name] = {ALIVE: False}
    return changes


class Documents:
    """Local documents by sync key, recording those that must be created.

    A key met for the first time names the local document with the same
    fingerprint, else the same path, else the only one with the same title (another
    version of the book: its annotations are placed on this copy when it is next
    opened), else a document this machine has not seen, recorded from the key's
    fingerprint, path and title.
    """

    def __init__(self, records: list[DocumentRecord], state: SyncState) -> None:
        self.records = {r.id: r for r in records}
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
        self.merged = state.documents
        self.keys = state.document_keys

    def known(self, key: str) -> DocumentRef | None:
        """The local document of sync key ``key``, if this machine has one."""
        local = self.keys.get(key)
        if local is None or local not in self.records:
            return None
        return self.ref(key)

    def ref(self, key: str) -> DocumentRef:
        """The local document of sync key ``key`` (a new one if need be)."""
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


def _whole(fields: Mapping[str, Any]) -> dict[str, Any]:
    """A new record from merged values: every synced field, placed where it was made."""
    selector = fields.get("selector")
    at = selector.get("index") if isinstance(selector, dict) else None
    record = {f: v for f, v in fields.items() if f != DOCUMENT}
    return {
        **record,
        "at": at if isinstance(at, int) else None,
        "status": "attached",
        "suggestion": None,
        "schema": 1,
    }


def apply_annotations(
    store: AnnotationStore,
    touched: Mapping[str, Entity],
    documents: Documents,
    homes: Mapping[str, str],
    warn: Callable[[str], None],
    advance: Callable[[int], None] | None = None,
) -> tuple[int, set[str]]:
    """Bring the store's records of the ``touched`` annotations to their merged entities.

    A remote annotation is added with its passage and placed on this machine's copy
    of the document when that is next opened; an edit changes the other fields (the
    local placement stays); a tombstone deletes. One that cannot be stored (damaged
    values) is left out with a warning. ``homes`` names each annotation's document
    key (a tombstone no longer carries it).

    Returns:
        The number of records written or removed, and the keys left out.
    """
    changes: dict[str, tuple[DocumentRef, dict[str, RowChange]]] = {}
    left_out: set[str] = set()
    for key, entity in sorted(touched.items()):
        fields = values(entity)
        document = fields.get(DOCUMENT, homes.get(key))
        if not isinstance(document, str) or document == NO_DOCUMENT:
            if is_visible(entity):
                warn(f"annotation {key[2:42]!r} from the sync folder is damaged (no document)")
                left_out.add(key)
            continue
        if not is_visible(entity):
            known = documents.known(document)
            if known is not None:
                changes.setdefault(known.id, (known, {}))[1][key[2:]] = RowChange(delete=True)
            continue
        ref = documents.ref(document)
        wanted = changes.setdefault(ref.id, (ref, {}))[1]
        edit = {f: v for f, v in fields.items() if f not in _NOT_EDITED}
        wanted[key[2:]] = RowChange(whole=_whole(fields), edit=edit)

    def reject(annotation_id: str, problem: str) -> None:
        warn(f"annotation {annotation_id[:40]!r} from the sync folder is damaged ({problem})")
        left_out.add("a:" + annotation_id)

    written = store.merging.merge_rows(changes, reject, advance) if changes else 0
    return written, left_out


def apply_positions(store: AnnotationStore, merged: State, documents: Documents) -> int:
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
            store.merging.put_reading_position(
                ref,
                None if position.get("anchor") is None else str(position["anchor"]),
                float(position.get("progress", 0.0)),
                None if last_read is None else parse_time(str(last_read)),
            )
        except (TypeError, ValueError):
            continue
        changed += 1
    return changed
