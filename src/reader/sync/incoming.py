"""What other machines wrote since the last sync: read from the folder, joined.

A machine's log files after the one last merged are read in order; when they do
not reach back that far (it compacted, or this is the first sync), its snapshot
first. A file that cannot be read is skipped with a one-line message and read
again next time (the files after it wait for it).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reader.sync.folder import (
    MachineFile,
    SyncFileError,
    log_files,
    read_header,
    read_machine_file,
    snapshot_path,
)
from reader.sync.hlc import stamp_machine
from reader.sync.merge import ALIVE, Entity, State, is_visible, merge_entity, normalized
from reader.sync.state import SyncState

__all__ = ["Retraction", "entity_of", "join", "read_file", "read_machine", "retract"]


def join(into: State, entities: State) -> None:
    """Merge ``entities`` into ``into``, entity by entity."""
    for key, fields in entities.items():
        known = into.get(key)
        into[key] = normalized(fields) if known is None else merge_entity(known, fields)


def read_file(
    path: Path, machine: str | None, skipped: list[str], *, header_only: bool = False
) -> MachineFile | None:
    """A machine's file, or ``None`` (then ``skipped`` gains a line saying why)."""
    try:
        return read_machine_file(path, machine, header_only=header_only)
    except SyncFileError as error:
        skipped.append(_skip_message(error))
        return None


@dataclass(slots=True)
class Retraction:
    """A machine's entries to forget: those of ``keys`` (``None``: of every key) up to
    ``upto`` that ``keep`` (its snapshot) does not hold."""

    machine: str
    upto: str
    keys: list[str] | None
    keep: State


def read_machine(
    other: str,
    directory: Path,
    state: SyncState,
    incoming: State,
    skipped: list[str],
    retractions: list[Retraction],
) -> list[str]:
    """Join what ``other`` wrote since the last sync into ``incoming``; its stamps read.

    Its log files after the one last merged, in order; when they do not reach back
    that far, its snapshot first. A snapshot that compacts the file last merged is
    not read (only what its compaction dropped is forgotten); one that does not is
    read whole, and this machine's entries it no longer holds are forgotten.
    """
    known = state.versions.get(other, "")
    following: dict[str, tuple[str, Path]] = {}
    for stamp, path in log_files(directory):
        if stamp > known:
            header = read_header(path)
            after = None if header is None else header.get("after")
            following.setdefault(after if isinstance(after, str) else stamp, (stamp, path))
    read: list[MachineFile] = []
    cursor = known
    snapshot = snapshot_path(directory)
    if (not known or cursor not in following) and snapshot.is_file():
        header = read_header(snapshot)
        written = None if header is None else header.get("written")
        if not isinstance(written, str) or written > known:
            skim = bool(known) and header is not None and header.get("after") == known
            whole = read_file(snapshot, other, skipped, header_only=skim)
            if whole is None:
                return []
            if whole.written > known:
                read.append(whole)
                cursor = whole.written
                if skim:
                    retractions.append(Retraction(other, known, whole.dropped, {}))
                    whole.entities = {}
                elif known:
                    retractions.append(Retraction(other, whole.written, None, whole.entities))
    while cursor in following:
        stamp, path = following.pop(cursor)
        part = read_file(path, other, skipped)
        if part is None:
            break  # the files after it wait for it
        read.append(part)
        cursor = part.written
    for part in read:
        join(incoming, part.entities)
    if read:
        state.versions[other] = read[-1].written
        state.seen[other] = read[-1].seen
        state.base[other] = read[-1].base
    return [part.written for part in read]


def retract(state: SyncState, retraction: Retraction, touched: State) -> None:
    """Forget a machine's entries its snapshot no longer holds (see :class:`Retraction`)."""
    machine, upto, keep = retraction.machine, retraction.upto, retraction.keep
    keys = retraction.keys
    if keys is None:
        keys = sorted({*state.where, *state.documents})
    for key in keys:
        entity = entity_of(state, key)
        if entity is None:
            continue
        held = keep.get(key, {})
        kept = {
            n: e
            for n, e in entity.items()
            if stamp_machine(e[0]) != machine or e[0] > upto or held.get(n, [None])[0] == e[0]
        }
        if len(kept) == len(entity):
            continue
        if not key.startswith("a:"):
            state.documents[key] = kept
            continue
        name = state.where[key]
        shard = state.shards.get(name)
        state.shards.changed(name)
        touched[key] = {"document": entity.get("document", [upto, name]), **kept}
        touched[key]["document"] = [touched[key]["document"][0], name]
        if kept:
            shard[key] = kept
            if not is_visible(kept) and ALIVE in kept:
                state.tombstones[key] = kept[ALIVE][0]
        else:  # its home stays known: entries merged next land where it was
            del shard[key]
            state.tombstones.pop(key, None)


def entity_of(state: SyncState, key: str) -> Entity | None:
    """The merged entity of ``key`` in the state (its shard read if need be)."""
    if not key.startswith("a:"):
        return state.documents.get(key)
    name = state.where.get(key)
    return None if name is None else state.shards.get(name).get(key)


def _skip_message(error: SyncFileError) -> str:
    if error.newer:
        return f"left {error.path} alone: {error.problem}; update reader to merge it"
    return f"skipped {error.path}: {error.problem}; it is read again at the next sync"
