"""What this machine keeps about sync in its data folder (``<data>/sync/``).

``machine`` holds the machine id, made once (16 random hex digits). ``state.json``
holds what every sync needs: the clock's last stamp, the ``written`` stamp of each
machine's file last merged (a file that is not newer is not read again), each
machine's published ``seen`` and ``base`` vectors (for pruning tombstones), this
machine's own ``base`` and last written stamp, the sync key of each local
document, the documents' merged entities and their values in the store, the
signature of each document file at the end of the last sync (a file whose
signature is unchanged still holds what the merged state says and is not read),
the document each annotation belongs to, the tombstones, and the annotations left
out as damaged. The annotations' merged entities (every field with its stamp)
are kept in one file per document, ``annotations/<document key>.json``, read only
when that document's annotations change here or arrive from elsewhere.

Version 1 kept everything in ``state.json``; it is converted when first read (a
copy is kept as ``state.v1.json``). Files are written atomically at the end of a
sync that succeeded: the shards first, ``state.json`` last.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from reader.store.storage import atomic_write, durable_batch
from reader.sync.merge import ALIVE, State

__all__ = [
    "Shards",
    "SyncState",
    "SyncStateError",
    "last_sync",
    "load_state",
    "machine_id",
    "save_state",
]

STATE_VERSION = 2
NO_DOCUMENT = "_"
"""The shard of annotations whose document is not known yet (an edit before its add)."""

_SAFE_NAME = re.compile(r"[0-9A-Za-z_-]{1,64}")


class SyncStateError(Exception):
    """The sync state file is damaged."""


class Shards:
    """The annotations' merged entities, one file per document key, read when needed."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._loaded: dict[str, State] = {}
        self._dirty: set[str] = set()

    def _path(self, name: str) -> Path:
        if not _SAFE_NAME.fullmatch(name):
            name = "h" + hashlib.blake2b(name.encode("utf-8"), digest_size=16).hexdigest()
        return self.directory / f"{name}.json"

    def get(self, name: str) -> State:
        """The entities of document key ``name`` (read on first use; to change, then mark)."""
        shard = self._loaded.get(name)
        if shard is None:
            path = self._path(name)
            try:
                raw = orjson.loads(path.read_bytes())
            except FileNotFoundError:
                raw = {}
            except (OSError, orjson.JSONDecodeError) as error:
                raise SyncStateError(f"{path} is damaged ({error})") from error
            if not isinstance(raw, dict):
                raise SyncStateError(f"{path} is damaged")
            shard = self._loaded[name] = raw
        return shard

    def changed(self, name: str) -> None:
        """Mark the shard ``name`` as changed (it is written by :meth:`save`)."""
        self._dirty.add(name)

    @property
    def loaded(self) -> int:
        """How many shards were read (for tests and figures)."""
        return len(self._loaded)

    def save(self) -> None:
        """Write every changed shard atomically (an empty one is removed).

        One batch: their folder is fsynced once, after the last (before ``state.json``,
        which :func:`save_state` writes next, names what they hold).
        """
        with durable_batch():
            for name in sorted(self._dirty):
                path = self._path(name)
                shard = self._loaded[name]
                if shard:
                    atomic_write(path, orjson.dumps(shard), keep_previous=False)
                else:
                    path.unlink(missing_ok=True)
        self._dirty.clear()


@dataclass(slots=True)
class SyncState:
    """The sync state of this machine (see the module docstring)."""

    shards: Shards
    documents: State = field(default_factory=dict)
    local: dict[str, dict[str, Any]] = field(default_factory=dict)
    clock: str | None = None
    versions: dict[str, str] = field(default_factory=dict)
    seen: dict[str, dict[str, str]] = field(default_factory=dict)
    base: dict[str, dict[str, str]] = field(default_factory=dict)
    own_base: dict[str, str] = field(default_factory=dict)
    published: str | None = None
    document_keys: dict[str, str] = field(default_factory=dict)
    last_sync: str | None = None
    files: dict[str, list[int]] = field(default_factory=dict)
    where: dict[str, str] = field(default_factory=dict)
    tombstones: dict[str, str] = field(default_factory=dict)
    left_out: set[str] = field(default_factory=set)


def _directory(data_dir: Path) -> Path:
    return data_dir / "sync"


def machine_id(data_dir: Path) -> str:
    """This machine's id, made on first use and kept in the data folder."""
    path = _directory(data_dir) / "machine"
    try:
        known = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        known = ""
    if len(known) == 16 and all(c in "0123456789abcdef" for c in known):
        return known
    made = secrets.token_hex(8)
    atomic_write(path, made.encode("ascii") + b"\n", keep_previous=False)
    return made


def last_sync(data_dir: Path) -> str | None:
    """When this machine last synced (``None``: never), read without the state.

    ``state.json`` may be megabytes (it maps every annotation to its document): the
    time is also kept alone in ``last``, for the app to show at start.
    """
    try:
        text = (_directory(data_dir) / "last").read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return text or None


def load_state(data_dir: Path) -> SyncState:
    """The state of the last sync (empty before the first one).

    Raises:
        SyncStateError: The file is damaged (it is kept; the message says so).
    """
    directory = _directory(data_dir)
    path = directory / "state.json"
    shards = Shards(directory / "annotations")
    try:
        data = path.read_bytes()
        raw = orjson.loads(data)
    except FileNotFoundError:
        return SyncState(shards)
    except (OSError, orjson.JSONDecodeError) as error:
        raise SyncStateError(f"{path} is damaged ({error})") from error
    if isinstance(raw, dict) and raw.get("version") == 1:
        return _from_version_1(raw, data, directory, shards)
    if not isinstance(raw, dict) or raw.get("version") != STATE_VERSION:
        raise SyncStateError(f"{path} is damaged or from another reader version")
    try:
        return SyncState(
            shards,
            documents=raw["documents"],
            local=raw["local"],
            clock=raw["clock"],
            versions=raw["versions"],
            seen=raw["seen"],
            base=raw["base"],
            own_base=raw["own_base"],
            published=raw["published"],
            document_keys=raw["document_keys"],
            last_sync=raw["last_sync"],
            files=raw["files"],
            where=raw["where"],
            tombstones=raw["tombstones"],
            left_out=set(raw["left_out"]),
        )
    except KeyError as error:
        raise SyncStateError(f"{path} is damaged (no {error})") from error


def _from_version_1(raw: dict[str, Any], data: bytes, directory: Path, shards: Shards) -> SyncState:
    """Convert the state an earlier reader kept whole (its copy is kept aside)."""
    kept = directory / "state.v1.json"
    if not kept.exists():
        atomic_write(kept, data, keep_previous=False)
    merged: State = raw["merged"]
    local: dict[str, dict[str, Any]] = raw["local"]
    state = SyncState(
        shards,
        documents={k: e for k, e in merged.items() if not k.startswith("a:")},
        local={k: v for k, v in local.items() if not k.startswith("a:")},
        clock=raw["clock"],
        versions=raw["versions"],
        seen=raw["seen"],
        base={m: dict(s) for m, s in raw["seen"].items()},  # their files were whole
        own_base=dict(raw["versions"]),  # so was this machine's
        document_keys=raw["document_keys"],
        last_sync=raw.get("last_sync"),
        files=raw.get("files", {}),
    )
    for key, entity in merged.items():
        if not key.startswith("a:"):
            continue
        document = entity.get("document", [None, NO_DOCUMENT])[1]
        name = document if isinstance(document, str) else NO_DOCUMENT
        shards.get(name)[key] = entity
        shards.changed(name)
        state.where[key] = name
        alive = entity.get(ALIVE)
        if alive is not None and alive[1] is False:
            state.tombstones[key] = alive[0]
        elif alive is not None and key not in local:
            state.left_out.add(key)  # visible, yet never in the store: it was damaged
    return state


def save_state(data_dir: Path, state: SyncState) -> None:
    """Write the changed shards, then ``state.json``, atomically."""
    state.shards.save()
    data = orjson.dumps(
        {
            "version": STATE_VERSION,
            "documents": state.documents,
            "local": state.local,
            "clock": state.clock,
            "versions": state.versions,
            "seen": state.seen,
            "base": state.base,
            "own_base": state.own_base,
            "published": state.published,
            "document_keys": state.document_keys,
            "last_sync": state.last_sync,
            "files": state.files,
            "where": state.where,
            "tombstones": state.tombstones,
            "left_out": sorted(state.left_out),
        }
    )
    atomic_write(_directory(data_dir) / "state.json", data, keep_previous=False)
    if state.last_sync is not None:
        atomic_write(
            _directory(data_dir) / "last", state.last_sync.encode("ascii"), keep_previous=False
        )
