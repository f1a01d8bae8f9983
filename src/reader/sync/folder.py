"""The sync folder: each machine's own file, read and written.

Layout: ``<folder>/reader-sync/<machine id>/changes.jsonl``, written only by that
machine, atomically (a temporary file renamed over it). Line one is the header
(``format``, ``machine``, ``written``: the stamp of this write, ``seen``: for every
machine, the ``written`` stamp of its file last merged here); then one entity per
line, sorted by key, holding the entries this machine wrote that are still the
latest; the last line is ``{"end": <number of entities>}``, so a truncated copy is
told from a whole one. Stable order and one record per line keep ``git`` diffs
small and merges free of conflicts (no two machines write the same file).
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
    "SYNC_DIR",
    "MachineFile",
    "SyncFileError",
    "conflict_copies",
    "machine_files",
    "read_machine_file",
    "write_machine_file",
    "written_stamp",
]

FORMAT = 1
"""The layout version this reader writes; a file with a greater one is left alone."""

SYNC_DIR = "reader-sync"
FILE_NAME = "changes.jsonl"

_MACHINE_ID = re.compile(r"[0-9a-f]{16}")
_STAMP = re.compile(r"[0-9]{13}\.[0-9]{5}\.[0-9a-f]{16}")
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
    """One machine's file as read."""

    machine: str
    written: str
    seen: dict[str, str]
    entities: State = field(default_factory=dict)


def machine_files(folder: Path) -> Iterator[tuple[str, Path]]:
    """Every machine's file in the folder: (machine id, path), by machine id."""
    root = folder / SYNC_DIR
    if not root.is_dir():
        return
    for child in sorted(root.iterdir()):
        path = child / FILE_NAME
        if _MACHINE_ID.fullmatch(child.name) and path.is_file():
            yield child.name, path


def conflict_copies(folder: Path) -> list[Path]:
    """Copies a sync engine made of a machine's file on a conflict, by path."""
    root = folder / SYNC_DIR
    if not root.is_dir():
        return []
    found = []
    for child in sorted(root.iterdir()):
        if child.is_dir() and _MACHINE_ID.fullmatch(child.name):
            found += [
                p for p in sorted(child.iterdir()) if p.is_file() and _CONFLICT.search(p.name)
            ]
    return found


def written_stamp(path: Path) -> str | None:
    """The ``written`` stamp in a file's header, read without reading the rest.

    ``None`` when the header cannot be read (reading the whole file then says why).
    """
    try:
        with path.open("rb") as handle:
            header = orjson.loads(handle.readline())
    except (OSError, orjson.JSONDecodeError):
        return None
    written = header.get("written") if isinstance(header, dict) else None
    return written if isinstance(written, str) else None


def read_machine_file(path: Path, expected: str | None = None) -> MachineFile:
    """Read a machine's file whole.

    Args:
        path: The file.
        expected: The machine id its folder names (``None`` for a conflict copy).

    Raises:
        SyncFileError: It is damaged or truncated, or written by a newer reader.
    """
    try:
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
    if (
        not isinstance(machine, str)
        or not _MACHINE_ID.fullmatch(machine)
        or (expected is not None and machine != expected)
        or not isinstance(written, str)
        or not _STAMP.fullmatch(written)
        or not isinstance(seen, dict)
        or not all(isinstance(k, str) and isinstance(v, str) for k, v in seen.items())
    ):
        raise SyncFileError(path, "is damaged (its header is not valid)")
    result = MachineFile(machine, written, dict(seen))
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


def write_machine_file(
    folder: Path, machine: str, written: str, seen: dict[str, str], entities: State
) -> Path:
    """Write this machine's file atomically; returns its path."""
    directory = folder / SYNC_DIR / machine
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / FILE_NAME
    header: dict[str, Any] = {
        "format": FORMAT,
        "machine": machine,
        "written": written,
        "seen": dict(sorted(seen.items())),
    }
    parts = [orjson.dumps(header)]
    for key in sorted(entities):
        fields = dict(sorted(entities[key].items()))
        parts.append(orjson.dumps({"key": key, "fields": fields}))
    parts.append(orjson.dumps({"end": len(entities)}))
    data = b"\n".join(parts) + b"\n"
    atomic_write(path, data, keep_previous=False)  # exclusive temporary file, then rename
    return path
