"""Damaged, truncated and newer files, and sync engines' conflict copies."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from reader.sync.folder import SYNC_DIR
from reader.sync.state import machine_id
from tests.core.sync.helpers import Machine, contents


def _file(folder: Path, machine: Machine) -> Path:
    return folder / SYNC_DIR / machine_id(machine.store.data_dir) / "changes.jsonl"


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Machine, Machine, Path]:
    """Machine a has sent one note through the folder; b has not synced yet."""
    folder = tmp_path / "shared"
    a, b = Machine(tmp_path / "a"), Machine(tmp_path / "b")
    a.store.add(a.docs[0], 0, note="from a")
    a.sync(folder)
    return a, b, folder


@pytest.mark.parametrize(
    ("damage", "said"),
    [
        (lambda data: data[: len(data) // 2], "is incomplete"),
        (lambda data: data[:-5], "is incomplete"),
        (lambda data: b"\x00garbage" + data, "is damaged"),
        (lambda data: data.replace(b'"fields":{', b'"fields":[', 1), "is damaged"),
        (lambda data: b"", "is damaged"),
        (lambda data: data.replace(b'"alive":["', b'"alive":["x', 1), "is damaged"),
    ],
)
def test_damaged_file_is_skipped_then_read_when_whole(
    pair: tuple[Machine, Machine, Path], damage: Callable[[bytes], bytes], said: str
) -> None:
    a, b, folder = pair
    path = _file(folder, a)
    whole = path.read_bytes()
    b.store.add(b.docs[1], 1, note="from b")
    path.write_bytes(damage(whole))
    report = b.sync(folder)
    [line] = report.skipped
    assert line.startswith(f"skipped {path}: {said}")
    assert line.endswith("it is read again at the next sync")
    assert [n.note for n in b.store.annotations()] == ["from b"]  # the local store is intact
    path.write_bytes(whole)  # the whole copy arrives
    report = b.sync(folder)
    assert report.skipped == []
    assert sorted(n.note for n in b.store.annotations()) == ["from a", "from b"]


def test_newer_format_is_left_alone(pair: tuple[Machine, Machine, Path]) -> None:
    a, b, folder = pair
    path = _file(folder, a)
    newer = path.read_bytes().replace(b'{"format":1,', b'{"format":2,', 1)
    path.write_bytes(newer)
    report = b.sync(folder)
    [line] = report.skipped
    assert (
        line
        == f"left {path} alone: was written by a newer reader (format 2); update reader to merge it"
    )
    assert path.read_bytes() == newer
    assert b.store.annotations() == []


def test_damaged_values_of_one_annotation_skip_only_it(pair: tuple[Machine, Machine, Path]) -> None:
    a, b, folder = pair
    a.store.add(a.docs[0], 1, note="second")
    a.sync(folder)
    path = _file(folder, a)
    lines = path.read_bytes().split(b"\n")
    broken = next(n for n, line in enumerate(lines) if b'"from a"' in line)
    start = lines[broken].index(b'"kind":[')
    end = lines[broken].index(b"]", start)
    stamp = lines[broken][start + 8 : lines[broken].index(b",", start)]
    lines[broken] = (
        lines[broken][:start] + b'"kind":[' + stamp + b',"sparkle"' + lines[broken][end:]
    )
    path.write_bytes(b"\n".join(lines))
    report = b.sync(folder)
    assert [n.note for n in b.store.annotations()] == ["second"]
    [warning] = report.warnings
    assert "is damaged" in warning


def test_conflict_copy_is_merged_then_removed(tmp_path: Path) -> None:
    """Two copies of one machine's file (a restored backup, a clone) end in one."""
    folder = tmp_path / "shared"
    a, b = Machine(tmp_path / "a"), Machine(tmp_path / "b")
    a.store.add(a.docs[0], 0, note="kept in the copy")
    a.sync(folder)
    path = _file(folder, a)
    for name in (
        "changes.sync-conflict-20250101-120000-ABCDEFG.jsonl",
        "changes (conflicted copy).jsonl",
    ):
        shutil.copy(path, path.with_name(name))
    note = a.store.annotations()[0]
    a.store.delete(note.id)
    a.store.add(a.docs[0], 1, note="after")
    report = a.sync(folder)  # the copies still hold the first note; a's store does not
    assert report.conflicts == 2
    assert sorted(p.name for p in path.parent.iterdir() if p.is_file()) == ["changes.jsonl"]
    assert not [p for p in path.parent.rglob("*") if "conflict" in p.name]
    b.sync(folder)
    # The first note was deleted after the copies were made: it stays deleted.
    assert [n.note for n in b.store.annotations()] == ["after"]


def test_conflict_copy_holding_changes_not_in_the_file(tmp_path: Path) -> None:
    folder = tmp_path / "shared"
    a, b = Machine(tmp_path / "a"), Machine(tmp_path / "b")
    a.store.add(a.docs[0], 0, note="only in the copy")
    a.sync(folder)
    path = _file(folder, a)
    conflict = path.with_name("changes.sync-conflict-20250101-120000-ABCDEFG.jsonl")
    path.rename(conflict)
    report = b.sync(folder)
    assert report.conflicts == 1
    assert not conflict.exists()
    assert [n.note for n in b.store.annotations()] == ["only in the copy"]


def _git(cwd: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout + done.stderr


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_sync_through_git_never_conflicts(tmp_path: Path) -> None:
    remote = tmp_path / "remote.git"
    _git(tmp_path, "init", "-q", "--bare", "-b", "main", str(remote))
    clones = [tmp_path / "clone-a", tmp_path / "clone-b"]
    _git(tmp_path, "clone", "-q", str(remote), str(clones[0]))
    _git(clones[0], "checkout", "-q", "-b", "main")
    _git(clones[0], "commit", "-q", "--allow-empty", "-m", "notes")
    _git(clones[0], "push", "-q", "origin", "main")
    _git(tmp_path, "clone", "-q", "-b", "main", str(remote), str(clones[1]))
    a, b = Machine(tmp_path / "a"), Machine(tmp_path / "b")
    machines = [(a, clones[0]), (b, clones[1])]

    def round_trip(machine: Machine, clone: Path) -> None:
        machine.sync(clone)
        _git(clone, "add", "-A")
        if _git(clone, "status", "--porcelain"):
            _git(clone, "commit", "-q", "-m", "sync")
        _git(clone, "pull", "-q", "--no-rebase", "--no-edit", "origin", "main")
        machine.sync(clone)
        _git(clone, "add", "-A")
        if _git(clone, "status", "--porcelain"):
            _git(clone, "commit", "-q", "-m", "sync")
        _git(clone, "push", "-q", "origin", "main")

    note = a.store.add(a.docs[0], 0, note="a1")
    b.store.add(b.docs[1], 2, note="b1")
    for machine, clone in machines:
        round_trip(machine, clone)
    # Concurrent work on both sides, each committed before the other pulls.
    a.store.update(note.id, tags=["from-a"])
    b.store.update(note.id, note="b edited a1")
    b.store.set_reading_position(b.docs[0], b.docs[0].paragraphs[2].anchor, 0.5)
    a.store.add(a.docs[1], 3, note="a2")
    for machine, clone in machines:
        round_trip(machine, clone)
    for machine, clone in machines:
        round_trip(machine, clone)
    assert contents(a.store) == contents(b.store)
    merged = a.store.get(note.id)
    assert (merged.note, merged.tags) == ("b edited a1", ("from-a",))
    assert len(a.store.annotations()) == 3


V1 = Path(__file__).parent / "fixtures" / "v1"
"""Two machines' data folders and their sync folder as the first layout left them
(one whole file per machine, the whole state in state.json): a noted "kept", b
edited it and added one, a deleted one after b's last sync."""


def test_the_earlier_layout_is_read_and_its_state_converted(tmp_path: Path) -> None:
    root = tmp_path / "v1"
    shutil.copytree(V1, root)
    folder = root / "shared"
    a, b = Machine(root / "a"), Machine(root / "b")
    kept = next(n for n in a.store.annotations() if n.note == "edited on b")
    assert len(b.store.annotations()) == 3  # b has not seen a's delete yet
    b.sync(folder)
    assert (b.store.data_dir / "sync" / "state.v1.json").is_file()  # kept aside
    assert contents(a.store) == contents(b.store)
    assert sorted(n.note for n in b.store.annotations()) == ["edited on b", "from b"]
    a.store.update(kept.id, note="edited after the upgrade")
    a.sync(folder)
    b.sync(folder)
    assert b.store.get(kept.id).note == "edited after the upgrade"
    b.store.delete(kept.id)
    b.sync(folder)
    a.sync(folder)
    assert [n.note for n in a.store.annotations()] == ["from b"]
    assert contents(a.store) == contents(b.store)
