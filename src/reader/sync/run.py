"""One sync: merge every machine's new files into this store, then publish this machine's.

1. For every other machine, read what it wrote since the last sync: its log files
   after the one last merged, in order; or, when they do not reach back that far
   (compacted, or never read), its snapshot and the log files after it. A damaged,
   truncated or newer-format file is skipped with a warning and read again next
   time (the files after it wait for it). Conflict copies a sync engine made are
   merged too (then removed).
2. Find this store's changes since the last sync: only the document files whose
   signature changed are read, and compared with the merged state of their
   annotations; stamp them with the clock.
3. Merge everything into the state (only the shards of the documents concerned
   are read), prune tombstones every machine has compacted past, and apply the
   merged entities that changed to the store, one write per document file.
4. Write this machine's changes as a new log file (or compact its log into a new
   snapshot), then save the state.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from reader.store import AnnotationStore
from reader.store.codec import format_time
from reader.store.storage import gc_paused
from reader.sync.folder import (
    SYNC_DIR,
    SyncFileError,
    conflict_copies,
    log_files,
    machine_dirs,
    read_header,
    read_machine_file,
    remove_logs,
    snapshot_path,
    write_log,
    write_machine_file,
)
from reader.sync.hlc import Clock, stamp_machine, wall_ms
from reader.sync.incoming import Retraction, entity_of, join, read_file, read_machine, retract
from reader.sync.local import (
    PLACEMENT,
    Documents,
    annotation_changes,
    apply_annotations,
    apply_positions,
    document_changes,
    document_values,
    sync_keys,
)
from reader.sync.merge import ALIVE, Entity, State, merge_entity, normalized
from reader.sync.state import NO_DOCUMENT, SyncState, load_state, machine_id, save_state

__all__ = ["COMPACT_AFTER", "SyncReport", "sync"]

COMPACT_AFTER = 32
"""Log files a machine keeps before it compacts them into a new snapshot."""

_PROGRESS_STEP = 5_000
"""Annotations merged between two progress reports."""


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
        warnings: One line per annotation left out (damaged values).
    """

    machine: str
    sent: int = 0
    received: int = 0
    applied: int = 0
    conflicts: int = 0
    pruned: int = 0
    skipped: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _shard_of(entity: Entity | dict[str, list[object]], fallback: str) -> str:
    entry = entity.get("document")
    return entry[1] if entry is not None and isinstance(entry[1], str) else fallback


def _merge_annotation(state: SyncState, key: str, fields: Entity) -> Entity | None:
    """Merge ``fields`` into an annotation's entity; the result if it changed.

    The state keeps the passage's stamps, not its values (the store holds them; a
    passage is sent once): the result carries the values ``fields`` brought.
    """
    name = state.where.get(key) or _shard_of(fields, NO_DOCUMENT)
    shard = state.shards.get(name)
    before = shard.get(key)
    kept = {n: [e[0], None] if n in PLACEMENT else e for n, e in fields.items()}
    after = normalized(kept) if before is None else merge_entity(before, kept)
    if after == before:
        return None
    target = _shard_of(after, name)
    if target != name:
        shard.pop(key, None)
        state.shards.changed(name)
        shard = state.shards.get(target)
    shard[key] = after
    state.shards.changed(target)
    state.where[key] = target
    alive = after.get(ALIVE)
    if alive is not None and alive[1] is False:
        state.tombstones[key] = alive[0]
    else:
        state.tombstones.pop(key, None)
    brought = {n: fields[n] for n in PLACEMENT if n in fields and n in after}
    return {**after, **{n: e for n, e in brought.items() if after[n][0] == e[0]}}


def _prune(
    state: SyncState, machine: str, present: set[str], report: SyncReport
) -> tuple[bool, list[str]]:
    """Drop tombstones every machine's snapshot has merged.

    Returns whether to compact now, and the keys pruned that had entries of this
    machine (its new snapshot tells readers to forget them).

    A tombstone goes once every machine with files in the folder has compacted its
    files after merging it (their ``base``): no file left then holds what it
    deleted. This machine compacts when only its own snapshot holds one back, or
    when a pruned one had entries of its own.
    """
    compact = False
    dropped: list[str] = []
    for key, stamp in sorted(state.tombstones.items()):
        author = stamp_machine(stamp)
        others = all(
            state.base.get(m, {}).get(author, "") >= stamp
            for m in present
            if m not in (author, machine)
        )
        if not others:
            continue
        if author != machine and state.own_base.get(author, "") < stamp:
            compact = True
            continue
        name = state.where.pop(key, NO_DOCUMENT)
        entity = state.shards.get(name).pop(key, None) or {}
        state.shards.changed(name)
        del state.tombstones[key]
        if any(stamp_machine(e[0]) == machine for e in entity.values()):
            compact = True
            dropped.append(key)
        report.pruned += 1
    return compact, dropped


def _own_entries(state: SyncState, machine: str, folder: Path, own: State) -> State:
    """Every entry of this machine that is still the latest (what its snapshot holds).

    Read from its snapshot and log (joined with this sync's ``own``), each entry
    kept if the merged state still holds it; if a file of its own cannot be read,
    from the whole merged state.
    """
    directory = folder / SYNC_DIR / machine
    joined: State = {}
    files = [snapshot_path(directory), *(path for _, path in log_files(directory))]
    try:
        for path in files:
            if path.is_file():
                join(joined, read_machine_file(path, machine).entities)
    except SyncFileError:
        joined = {key: dict(e) for key, e in state.documents.items()}
        for key in state.where:
            entity = entity_of(state, key)
            if entity is not None:
                joined[key] = entity
    join(joined, own)
    result: State = {}
    for key, fields in joined.items():
        entity = entity_of(state, key)
        if entity is None:
            continue
        mine = {
            n: e
            for n, e in fields.items()
            if stamp_machine(e[0]) == machine and entity.get(n, [None])[0] == e[0]
        }
        if mine:
            result[key] = mine
    return result


def _publish(
    state: SyncState,
    machine: str,
    folder: Path,
    own: State,
    clock: Clock,
    compact: tuple[bool, list[str]],
) -> None:
    """Write this sync's changes as a log file, or compact the log into a new snapshot."""
    directory = folder / SYNC_DIR / machine
    snapshot = snapshot_path(directory)
    header = read_header(snapshot) if snapshot.is_file() else None
    logs = log_files(directory)
    latest = max(
        [state.published or "", *(s for s, _ in logs)]
        + ([str(header.get("written", ""))] if header is not None else [])
    )
    names = {s for s, _ in logs} | ({str(header.get("written"))} if header is not None else set())
    lost = state.published is not None and state.published not in names
    # A lost file of its own (a folder restored from a backup) would leave a gap
    # readers wait at: a new snapshot closes it.
    if header is None or lost or compact[0] or len(logs) >= COMPACT_AFTER:
        previous = latest
        logged = not own
        if own and header is not None and not lost:
            # This sync's changes go in a log file first, kept: a reader that had
            # read everything before takes them from it and need not read the
            # snapshot, which says it compacts that file.
            latest = clock.tick()
            write_log(folder, machine, latest, previous, state.versions, state.own_base, own)
            logged = True
        entries = _own_entries(state, machine, folder, own)
        written = clock.tick()
        after = (latest or None) if logged else None  # else: read it whole
        write_machine_file(folder, machine, written, state.versions, entries, after, compact[1])
        remove_logs(folder, machine, previous)
        state.own_base = dict(state.versions)
        state.published = written
        return
    last = read_header(logs[-1][1]) if logs else header
    if own or last is None or last.get("seen") != state.versions:
        written = clock.tick()
        write_log(folder, machine, written, latest, state.versions, state.own_base, own)
        state.published = written


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
        SyncStateError: The sync state is damaged.
        OSError: The folder cannot be written.
    """
    with gc_paused():  # many objects, no cycles: the collector would only walk them
        return _sync(store, folder, now, progress)


def _sync(
    store: AnnotationStore,
    folder: Path,
    now: Callable[[], int],
    progress: Callable[[int, int], None] | None,
) -> SyncReport:
    data_dir = store.data_dir
    machine = machine_id(data_dir)
    state = load_state(data_dir)
    report = SyncReport(machine)
    clock = Clock(machine, state.clock, now)
    incoming: State = {}
    retractions: list[Retraction] = []
    present: set[str] = {machine}
    for other, directory in machine_dirs(folder):
        present.add(other)
        if other != machine:
            for stamp in read_machine(
                other, directory, state, incoming, report.skipped, retractions
            ):
                clock.observe(stamp)  # a file's stamp follows every stamp in it
    merged_copies: list[Path] = []
    for path in conflict_copies(folder):
        copy = read_file(path, None, report.skipped)
        if copy is not None:
            clock.observe(copy.written)
            join(incoming, copy.entities)
            merged_copies.append(path)
    report.conflicts = len(merged_copies)
    for key, fields in incoming.items():
        if not key.startswith("a:"):  # documents first: a new local one takes a sent key
            before = state.documents.get(key)
            state.documents[key] = merge_entity(before, fields)
            report.received += state.documents[key] != before
    # No other process writes the store from its reading to its files' signatures.
    with store.merging.holding_lock():
        records = store.documents()
        by_local = sync_keys(records, state)
        signatures = store.merging.document_signatures()
        changed = sorted(
            d for d in {*signatures, *state.files} if signatures.get(d) != state.files.get(d)
        )
        _, changes = document_changes(records, by_local, state)
        changes.update(annotation_changes(store, changed, by_local, state))
        own: State = {}
        if changes:
            stamp = clock.tick()
            own = {
                key: {n: [stamp, v] for n, v in fields.items()} for key, fields in changes.items()
            }
        report.sent = len(own)
        touched: State = {}
        for retraction in retractions:
            retract(state, retraction, touched)
        # Progress counts each annotation received twice: merged, then stored.
        received = [k for k in incoming if k.startswith("a:")]
        total = 2 * len(received)
        if progress is not None:
            progress(0, total)
        for number, key in enumerate(received, 1):
            after = _merge_annotation(state, key, incoming[key])
            if after is not None:
                touched[key] = after
                report.received += 1
            if progress is not None and number % _PROGRESS_STEP == 0:
                progress(number, total)
        for key, fields in own.items():
            if key.startswith("a:"):
                after = _merge_annotation(state, key, fields)
                if key in touched and after is not None:
                    touched[key] = after  # the store holds the local values: write the merge
            else:
                state.documents[key] = merge_entity(state.documents.get(key), fields)
        documents = Documents(records, state)
        done, scale = [0], len(received) / max(1, len(touched))

        def advance(count: int) -> None:
            done[0] += count
            if progress is not None:
                progress(len(received) + round(done[0] * scale), total)

        if progress is not None:
            progress(len(received), total)
        applied, left_out = apply_annotations(
            store, touched, documents, state.where, report.warnings.append, advance
        )
        report.applied = applied + apply_positions(store, state.documents, documents)
        if progress is not None:
            progress(total, total)
        state.files = store.merging.document_signatures()
        compact = _prune(state, machine, present, report)
        records = store.documents()
        keys = sync_keys(records, state)
        state.local = {"d:" + keys[r.id]: document_values(r) for r in records}
    state.left_out = (state.left_out - touched.keys()) | left_out
    _publish(state, machine, folder, own, clock, compact)
    state.clock = clock.last
    state.last_sync = format_time(datetime.fromtimestamp(now() / 1000, UTC).replace(microsecond=0))
    save_state(data_dir, state)
    for path in merged_copies:
        with contextlib.suppress(OSError):
            path.unlink()
    return report
