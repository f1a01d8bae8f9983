"""One sync: merge every machine's file into this store, then publish this machine's.

1. Read every other machine's file whose ``written`` stamp is newer than the copy
   last merged (a damaged, truncated or newer-format file is skipped with a
   warning, and read again next time). A machine's file is the whole of what that
   machine still says, so its entries replace those it said before.
2. Merge the conflict copies a sync engine made (then remove them).
3. Find this store's changes since the last sync (a diff against the values kept
   then) and stamp them with the clock.
4. Prune tombstones every machine that has written has seen.
5. Apply the merged state to the store, write this machine's file, save the state.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from reader.store import AnnotationStore
from reader.store.codec import format_time
from reader.store.merging import document_signatures, holding_lock
from reader.sync.folder import (
    SyncFileError,
    conflict_copies,
    machine_files,
    read_machine_file,
    write_machine_file,
    written_stamp,
)
from reader.sync.hlc import Clock, stamp_machine, wall_ms
from reader.sync.local import (
    EDITABLE,
    StoreView,
    apply_merged,
    local_changes,
    read_local,
    snapshot,
)
from reader.sync.merge import (
    ALIVE,
    Entity,
    State,
    is_visible,
    merge_entity,
    normalized,
    values,
)
from reader.sync.state import load_state, machine_id, save_state

__all__ = ["SyncReport", "sync"]


@dataclass(slots=True)
class SyncReport:
    """What a sync did.

    Attributes:
        machine: This machine's id.
        sent: Entities this machine's changes touched (adds, edits, deletes, positions).
        received: Entities changed by other machines' files.
        applied: Changes made to the store.
        conflicts: Conflict copies merged and removed.
        pruned: Tombstones dropped (every machine had seen them).
        skipped: One line per file left out (damaged, truncated, newer format).
    """

    machine: str
    sent: int = 0
    received: int = 0
    applied: int = 0
    conflicts: int = 0
    pruned: int = 0
    skipped: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _replace_machine(merged: State, machine: str, entities: State) -> int:
    """Put ``machine``'s entries as its file now says; the number of entities changed."""
    before: State = {}
    for key, entity in list(merged.items()):
        kept = {n: e for n, e in entity.items() if stamp_machine(e[0]) != machine}
        if len(kept) != len(entity):
            before[key] = entity
            if kept:
                merged[key] = normalized(kept)
            else:
                del merged[key]
    for key, fields in entities.items():
        before.setdefault(key, merged.get(key, {}))
        merged[key] = merge_entity(merged.get(key), fields)
    return sum(1 for key, entity in before.items() if merged.get(key, {}) != entity)


def _prunable(
    key: str, entity: Entity, machines: set[str], seen: dict[str, dict[str, str]]
) -> bool:
    alive = entity.get(ALIVE)
    if not key.startswith("a:") or alive is None or alive[1] is not False:
        return False
    stamp = alive[0]
    author = stamp_machine(stamp)
    return all(
        seen.get(other, {}).get(author, "") >= stamp for other in machines if other != author
    )


def _own_entries(merged: State, machine: str) -> State:
    own: State = {}
    for key, entity in merged.items():
        mine = {n: e for n, e in entity.items() if stamp_machine(e[0]) == machine}
        if mine:
            own[key] = mine
    return own


def sync(
    store: AnnotationStore,
    folder: Path,
    *,
    now: Callable[[], int] = wall_ms,
    progress: Callable[[int, int], None] | None = None,
) -> SyncReport:
    """Sync ``store`` through ``folder`` (created if missing).

    Args:
        store: This machine's store (its data folder keeps the sync state).
        folder: The folder the sync engine (or git) carries.
        now: The physical clock in milliseconds (tests inject one).
        progress: Told (done, total) while the store is brought up to date.

    Raises:
        StoreError: The store could not be written; nothing of this sync is kept
            as done, and syncing again resumes.
        OSError: The folder cannot be written.
    """
    data_dir = store.data_dir
    machine = machine_id(data_dir)
    state = load_state(data_dir)
    report = SyncReport(machine)
    clock = Clock(machine, state.clock, now)
    merged = state.merged
    present: set[str] = {machine}
    for other, path in machine_files(folder):
        present.add(other)
        if other == machine:
            continue  # written here: what it holds is in the state already
        known = state.versions.get(other, "")
        header = written_stamp(path)
        if header is not None and header <= known:
            continue  # merged already (a copy that is not newer is not read again)
        try:
            read = read_machine_file(path, other)
        except SyncFileError as error:
            report.skipped.append(_skip_message(error))
            continue
        clock.observe(read.written)
        if state.versions.get(other, "") >= read.written:
            continue
        report.received += _replace_machine(merged, other, read.entities)
        state.versions[other] = read.written
        state.seen[other] = read.seen
    copies = conflict_copies(folder)
    merged_copies: list[Path] = []
    for path in copies:
        try:
            read = read_machine_file(path)
        except SyncFileError as error:
            report.skipped.append(_skip_message(error))
            continue
        clock.observe(read.written)
        for key, fields in read.entities.items():
            before = merged.get(key)
            merged[key] = merge_entity(before, fields)
            report.received += merged[key] != before
        merged_copies.append(path)
    report.conflicts = len(merged_copies)
    # Each file's ``written`` stamp follows every stamp in it: observed above.
    # No other process writes the store from its reading to its files' signatures.
    with holding_lock(store):
        view = StoreView.read(store, state.files)
        now_local = read_local(view, merged, state.document_keys, state.local)
        changes = local_changes(now_local, state.local, merged)
        if changes:
            stamp = clock.tick()
            for key, fields in changes.items():
                stamped = {n: [stamp, v] for n, v in fields.items()}
                merged[key] = merge_entity(merged.get(key), stamped)
        report.sent = len(changes)
        seen = {**state.seen, machine: dict(state.versions)}
        for key in [k for k, e in merged.items() if _prunable(k, e, present, seen)]:
            del merged[key]
            report.pruned += 1
        if progress is not None:
            progress(0, len(merged))
        report.applied, left_out = apply_merged(
            store, view, merged, state.document_keys, report.warnings.append, state.local
        )
        if progress is not None:
            progress(len(merged), len(merged))
        files = document_signatures(store)
    written = clock.tick()
    write_machine_file(folder, machine, written, state.versions, _own_entries(merged, machine))
    state.merged = merged
    state.clock = clock.last
    state.local = _after(now_local, merged, left_out, store, state.document_keys)
    state.files = files
    state.last_sync = format_time(datetime.fromtimestamp(now() / 1000, UTC).replace(microsecond=0))
    save_state(data_dir, state)
    for path in merged_copies:
        with contextlib.suppress(OSError):
            path.unlink()
    return report


def _after(
    before: dict[str, dict[str, Any]],
    merged: State,
    left_out: set[str],
    store: AnnotationStore,
    keys: dict[str, str],
) -> dict[str, dict[str, Any]]:
    """The store's values after the merge was applied (what the next sync diffs against).

    Annotations are as merged, except those left out (damaged), which stay as they
    were: an annotation the store does not hold must not read as deleted here.
    Documents are read again (their records are few).
    """
    after = {k: v for k, v in snapshot(before).items() if k.startswith("a:")}
    for key, entity in merged.items():
        if not key.startswith("a:") or key in left_out:
            continue
        if is_visible(entity):
            fields = values(entity)
            after[key] = {f: fields.get(f) for f in ("document", *EDITABLE)}
        else:
            after.pop(key, None)
    for key in [k for k in after if k not in merged]:
        del after[key]
    view = StoreView(store.documents(), {})
    documents = read_local(view, merged, keys)
    return {**after, **documents}


def _skip_message(error: SyncFileError) -> str:
    if error.newer:
        return f"left {error.path} alone: {error.problem}; update reader to merge it"
    return f"skipped {error.path}: {error.problem}; it is read again at the next sync"


def visible_count(merged: State) -> int:
    """Annotations the merged state holds (for summaries)."""
    return sum(1 for k, e in merged.items() if k.startswith("a:") and is_visible(e))
