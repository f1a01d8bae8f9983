"""What this machine keeps about sync in its data folder (``<data>/sync/``).

``machine`` holds the machine id, made once (16 random hex digits). ``state.json``
holds the merged state (every entity with its stamped fields, as last applied to the
store), the clock's last stamp, the ``written`` stamp of each machine's file last
merged (a copy that is not newer is not read again), each machine's published
``seen`` vector (for pruning tombstones), the sync key of each local document, and
the store's values at the end of the last sync (local changes are found by diffing
the store against them), and the signature of each document file then (a file
whose signature is unchanged still holds those values and is not decoded).
Written atomically at the end of a sync that succeeded.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from reader.store.storage import atomic_write
from reader.sync.merge import State

__all__ = ["SyncState", "load_state", "machine_id", "save_state"]

STATE_VERSION = 1


@dataclass(slots=True)
class SyncState:
    """The sync state of this machine (see the module docstring)."""

    merged: State = field(default_factory=dict)
    local: dict[str, dict[str, Any]] = field(default_factory=dict)
    clock: str | None = None
    versions: dict[str, str] = field(default_factory=dict)
    seen: dict[str, dict[str, str]] = field(default_factory=dict)
    document_keys: dict[str, str] = field(default_factory=dict)
    last_sync: str | None = None
    files: dict[str, list[int]] = field(default_factory=dict)


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


class SyncStateError(Exception):
    """The sync state file is damaged."""


def load_state(data_dir: Path) -> SyncState:
    """The state of the last sync (empty before the first one).

    Raises:
        SyncStateError: The file is damaged (it is kept; the message says so).
    """
    path = _directory(data_dir) / "state.json"
    try:
        raw = orjson.loads(path.read_bytes())
    except FileNotFoundError:
        return SyncState()
    except (OSError, orjson.JSONDecodeError) as error:
        raise SyncStateError(f"{path} is damaged ({error})") from error
    if not isinstance(raw, dict) or raw.get("version") != STATE_VERSION:
        raise SyncStateError(f"{path} is damaged or from another reader version")
    return SyncState(
        merged=raw["merged"],
        local=raw["local"],
        clock=raw["clock"],
        versions=raw["versions"],
        seen=raw["seen"],
        document_keys=raw["document_keys"],
        last_sync=raw.get("last_sync"),
        files=raw.get("files", {}),
    )


def save_state(data_dir: Path, state: SyncState) -> None:
    """Write the state atomically."""
    data = orjson.dumps(
        {
            "version": STATE_VERSION,
            "merged": state.merged,
            "local": state.local,
            "clock": state.clock,
            "versions": state.versions,
            "seen": state.seen,
            "document_keys": state.document_keys,
            "last_sync": state.last_sync,
            "files": state.files,
        }
    )
    atomic_write(_directory(data_dir) / "state.json", data, keep_previous=False)
