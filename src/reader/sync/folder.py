"""The sync folder: each machine's own files, read and written.

Layout: ``<folder>/reader-sync/<machine id>/``, written only by that machine,
each file atomically (a temporary file renamed over it):

- ``changes.jsonl``, the machine's **snapshot**: every entry it wrote that is
  still the latest, as of its ``written`` stamp. Rewritten only when the machine
  compacts its log (and by readers older than the log: then it is all there is).
- ``log/<written stamp>.jsonl``: the changes of one sync after the snapshot, a new
  file per sync, never rewritten; its header names the file it follows
  (``after``), so a reader takes a machine's files in order and notices a gap.

Every file: line one is the header (``format``, ``machine``, ``written``: the
stamp of this write, ``seen``: for every machine, the ``written`` stamp of its
file last merged here, ``base``: ``seen`` as of the machine's snapshot); then one
entity per line, sorted by key; the last line is ``{"end": <number of entities>}``,
so a truncated copy is told from a whole one. Stable order, one record per line
and files that are added rather than rewritten keep ``git`` diffs small and merges
free of conflicts (no two machines write the same file).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from reader.store.storage import atomic_write
from reader.sync.merge import State

__all__ = [
    "FORMAT",
    "LOG_DIR",
    "SYNC_DIR",
    "MachineFile",
    "SyncFileError",
    "conflict_copies",
    "log_files",
    "machine_dirs",
    "read_header",
    "read_machine_file",
    "remove_logs",
    "snapshot_path",
    "write_log",
    "write_machine_file",
]

FORMAT = 1
"""The layout version this reader writes; a file with a greater one is left alone.

The log is an addition older readers do not look at: they read the snapshot,
which keeps the same shape, and catch up when it is next compacted."""

SYNC_DIR = "reader-sync"
FILE_NAME = "changes.jsonl"
LOG_DIR = "log"

_MACHINE_ID = re.compile(r"[0-9a-f]{16}")
_STAMP = re.compile(r"[0-9]{13}\.[0-9]{5}\.[0-9a-f]{16}")
_LOG_NAME = re.compile(r"([0-9]{13}\.[0-9]{5}\.[0-9a-f]{16})\.jsonl")
_CONFLICT = re.compile(r"\.sync-conflict-|\(conflicted copy|conflicted copy\)|\(Conflict")


class SyncFileError(Exception):
    """A file of the sync folder cannot be merged (damaged, truncated, or newer)."""

    def __init__(self, path: Path, problem: str, *, newer: bool = False) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem
        self.newer = newer


@dataclass(slots=True)
class MachineFile:
    """One machine's file as read (a snapshot, a log file or a conflict copy).

    Attributes:
        after: The ``written`` stamp of the file it follows (for a snapshot: of the
            last file it compacted).
        base: ``seen`` as of the machine's snapshot (for a file without one, ``seen``).
        dropped: For a snapshot, the keys whose entries its compaction dropped (their
            tombstones were pruned): a reader that had read every file before it
            forgets this machine's entries for them.
    """

    machine: str
    written: str
    seen: dict[str, str]
    entities: State = field(default_factory=dict)
    after: str | None = None
    base: dict[str, str] = field(default_factory=dict)
    dropped: list[str] = field(default_factory=list)


def machine_dirs(folder: Path) -> Iterator[tuple[str, Path]]:
    """Every machine's folder in the sync folder: (machine id, path), by machine id."""
    root = folder / SYNC_DIR
    if not root.is_dir():
        return
    for child in sorted(root.iterdir()):
        if _MACHINE_ID.fullmatch(child.name) and child.is_dir():
            yield child.name, child


def snapshot_path(directory: Path) -> Path:
    """A machine's snapshot file in its folder."""
    return directory / FILE_NAME


def log_files(directory: Path) -> list[tuple[str, Path]]:
    """A machine's log files: (written stamp, path), oldest first."""
    logs = directory / LOG_DIR
    if not logs.is_dir():
        return []
    found = []
    for path in logs.iterdir():
        match = _LOG_NAME.fullmatch(path.name)
        if match is not None and path.is_file():
            found.append((match.group(1), path))
    return sorted(found)


def conflict_copies(folder: Path) -> list[Path]:
    """Copies a sync engine made of a machine's file on a conflict, by path."""
    found = []
    for _, directory in machine_dirs(folder):
        for place in (directory, directory / LOG_DIR):
            if place.is_dir():
                found += [
                    p for p in sorted(place.iterdir()) if p.is_file() and _CONFLICT.search(p.name)
                ]
    return found


def read_header(path: Path) -> dict[str, Any] | None:
    """A file's header line, read without reading the rest.

    ``None`` when it cannot be read (reading the whole file then says why).
    """
    try:
        with path.open("rb") as handle:
            header = orjson.loads(handle.readline())
    except (OSError, orjson.JSONDecodeError):
        return None
    return header if isinstance(header, dict) else None


def _stamps(value: Any) -> bool:
    return isinstance(value, dict) and all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    )


def read_machine_file(
    path: Path, expected: str | None = None, *, header_only: bool = False
) -> MachineFile:
    """Read a machine's file whole (or only its header).

    Args:
        path: The file.
        expected: The machine id its folder names (``None`` for a conflict copy).
        header_only: Read the header line alone (its entities are not needed).

    Raises:
        SyncFileError: It is damaged or truncated, or written by a newer reader.
    """
    try:
        if header_only:
            with path.open("rb") as handle:
                data = handle.readline()
        else:
            data = path.read_bytes()
    except OSError as error:
        raise SyncFileError(path, f"cannot be read ({error.strerror or error})") from error
    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    try:
        header = orjson.loads(lines[0]) if lines else None
    except orjson.JSONDecodeError as error:
        raise SyncFileError(path, "is damaged (its first line is not a header)") from error
    if not isinstance(header, dict) or not isinstance(header.get("format"), int):
        raise SyncFileError(path, "is damaged (its first line is not a header)")
    if header["format"] > FORMAT:
        raise SyncFileError(
            path, f"was written by a newer reader (format {header['format']})", newer=True
        )
    machine, written, seen = header.get("machine"), header.get("written"), header.get("seen")
    after, dropped = header.get("after"), header.get("dropped", [])
    base = header.get("base", seen)
    if (
        not isinstance(machine, str)
        or not _MACHINE_ID.fullmatch(machine)
        or (expected is not None and machine != expected)
        or not isinstance(written, str)
        or not _STAMP.fullmatch(written)
        or not isinstance(seen, dict)
        or not isinstance(base, dict)
        or not _stamps(seen)
        or not _stamps(base)
        or not (after is None or (isinstance(after, str) and after < written))
        or not (isinstance(dropped, list) and all(isinstance(k, str) for k in dropped))
    ):
        raise SyncFileError(path, "is damaged (its header is not valid)")
    result = MachineFile(
        machine, written, dict(seen), after=after, base=dict(base), dropped=list(dropped)
    )
    if header_only:
        return result
    try:
        end = orjson.loads(lines[-1]) if len(lines) > 1 else None
    except orjson.JSONDecodeError:
        end = None
    if not isinstance(end, dict) or end.get("end") != len(lines) - 2:
        raise SyncFileError(path, "is incomplete (truncated, or still being copied)")
    for number, line in enumerate(lines[1:-1], start=2):
        try:
            record = orjson.loads(line)
            key, fields = record["key"], record["fields"]
            if not isinstance(key, str) or not isinstance(fields, dict):
                raise TypeError("not an entity")
            for entry in fields.values():
                if not (
                    isinstance(entry, list)
                    and len(entry) == 2
                    and isinstance(entry[0], str)
                    and _STAMP.fullmatch(entry[0])
                ):
                    raise TypeError("not a stamped field")
        except (orjson.JSONDecodeError, KeyError, TypeError) as error:
            raise SyncFileError(path, f"is damaged (line {number}: {error})") from error
        result.entities[key] = fields
    return result


def _file_bytes(header: dict[str, Any], entities: State) -> bytes:
    parts = [orjson.dumps(header)]
    for key in sorted(entities):
        fields = dict(sorted(entities[key].items()))
        parts.append(orjson.dumps({"key": key, "fields": fields}))
    parts.append(orjson.dumps({"end": len(entities)}))
    return b"\n".join(parts) + b"\n"


def write_machine_file(
    folder: Path,
    machine: str,
    written: str,
    seen: dict[str, str],
    entities: State,
    after: str | None = None,
    dropped: list[str] | None = None,
) -> Path:
    """Write this machine's snapshot atomically; returns its path.

    ``after`` is the last file of this machine it compacts, ``dropped`` the keys whose
    entries were dropped since that file (see :class:`MachineFile`).
    """
    directory = folder / SYNC_DIR / machine
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / FILE_NAME
    header: dict[str, Any] = {
        "format": FORMAT,
        "machine": machine,
        "written": written,
        "seen": dict(sorted(seen.items())),
    }
    if after is not None:
        header["after"] = after
        header["dropped"] = sorted(dropped or [])
    atomic_write(path, _file_bytes(header, entities), keep_previous=False)
    return path


def write_log(
    folder: Path,
    machine: str,
    written: str,
    after: str,
    seen: dict[str, str],
    base: dict[str, str],
    entities: State,
) -> Path:
    """Write one sync's changes as a new log file of this machine; returns its path."""
    directory = folder / SYNC_DIR / machine / LOG_DIR
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{written}.jsonl"
    header: dict[str, Any] = {
        "format": FORMAT,
        "machine": machine,
        "written": written,
        "after": after,
        "seen": dict(sorted(seen.items())),
        "base": dict(sorted(base.items())),
    }
    atomic_write(path, _file_bytes(header, entities), keep_previous=False)
    return path


def remove_logs(folder: Path, machine: str, upto: str) -> None:
    """Remove this machine's log files up to ``upto`` (its snapshot now holds them)."""
    for stamp, path in log_files(folder / SYNC_DIR / machine):
        if stamp <= upto:
            path.unlink(missing_ok=True)
