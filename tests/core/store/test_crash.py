"""Nothing is lost: killed writers and concurrent writers.

A writer is a forked child (no interpreter start-up, so hundreds of kills take
seconds) that writes in a loop and reports each write on a pipe only once the
store has acknowledged it. The parent kills it with SIGKILL at a random moment and
checks that the store still opens and holds every acknowledged write.
"""

from __future__ import annotations

import os
import random
import signal
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from reader.commands.doctor import run_doctor
from reader.model import Document
from reader.store import AnnotationStore
from tests.core.store.conftest import PARAGRAPHS, write_document

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork"),
]

KILLS = 200
KILLS_PER_STORE = 25
"""A fresh store every so often keeps the files (and each write) small."""


def _fork(work: Callable[[int], None]) -> tuple[int, int]:
    """Run ``work(write_fd)`` in a child; return its pid and the read end of its pipe."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never return into pytest
        os.close(read_fd)
        code = 1
        try:
            work(write_fd)
            code = 0
        finally:
            os._exit(code)
    os.close(write_fd)
    return pid, read_fd


def _read_all(fd: int) -> str:
    chunks = []
    while chunk := os.read(fd, 65536):
        chunks.append(chunk)
    os.close(fd)
    return b"".join(chunks).decode()


def _writer(data_dir: Path, doc: Document) -> Callable[[int], None]:
    """Add and edit annotations forever, reporting each acknowledged write."""

    def work(fd: int) -> None:
        store = AnnotationStore.open(data_dir)
        os.write(fd, b"ready\n")
        n = 0
        while True:
            added = store.add(doc, n % len(doc.paragraphs), note=f"note {n}")
            os.write(fd, f"{added.id} note {n}\n".encode())
            if n % 3 == 2:
                store.update(added.id, note=f"edited {n}")
                os.write(fd, f"{added.id} edited {n}\n".encode())
            n += 1

    return work


def test_a_writer_killed_at_random_moments_loses_nothing_acknowledged(tmp_path: Path) -> None:
    doc = write_document(tmp_path / "doc.txt", PARAGRAPHS)
    chance = random.Random(1234)
    acknowledged: dict[str, str] = {}
    data_dir = tmp_path / "data-0"
    writes = 0
    write_time = 0.02  # running estimate, so that kills land inside writes whatever the disk
    for kill in range(KILLS):
        if kill % KILLS_PER_STORE == 0:
            data_dir, acknowledged = tmp_path / f"data-{kill}", {}
        pid, fd = _fork(_writer(data_dir, doc))
        with os.fdopen(fd, "rb") as pipe:
            assert pipe.readline() == b"ready\n"
            lines = []
            started = time.perf_counter()
            for _ in range(chance.randint(0, 2)):
                lines.append(pipe.readline())
            if lines:
                write_time = 0.8 * write_time + 0.2 * (time.perf_counter() - started) / len(lines)
            time.sleep(chance.uniform(0, 1.5 * write_time))
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            rest = pipe.read().decode()
        complete = b"".join(lines).decode() + rest.rsplit("\n", 1)[0]
        for line in complete.splitlines():
            annotation_id, note = line.split(" ", 1)
            acknowledged[annotation_id] = note
            writes += 1
        store = AnnotationStore.open(data_dir)  # must open: never a broken file
        stored = {a.id: a.note for a in store.annotations()}
        # An edit may have been stored but not yet reported when the kill came.
        missing = {
            k: v
            for k, v in acknowledged.items()
            if stored.get(k) not in (v, v.replace("note", "edited"))
        }
        assert not missing, f"kill {kill}: acknowledged writes lost: {missing}"
    assert writes > KILLS  # the kills really did land among writes
    for folder in tmp_path.glob("data-*"):
        report = run_doctor(folder, fix=True)
        assert report.problems == 0, report.lines
        assert not any("moved to" in line for line in report.lines), report.lines


def test_two_processes_adding_500_each_lose_nothing(tmp_path: Path) -> None:
    doc = write_document(tmp_path / "doc.txt", PARAGRAPHS)
    data_dir = tmp_path / "data"

    def adder(fd: int) -> None:
        store = AnnotationStore.open(data_dir)
        for n in range(500):
            added = store.add(doc, n % len(doc.paragraphs), note=str(n))
            os.write(fd, f"{added.id}\n".encode())

    children = [_fork(adder) for _ in range(2)]
    ids: set[str] = set()
    for pid, fd in children:
        ids |= set(_read_all(fd).split())
        _, status = os.waitpid(pid, 0)
        assert os.waitstatus_to_exitcode(status) == 0
    assert len(ids) == 1000
    store = AnnotationStore.open(data_dir)
    assert {a.id for a in store.annotations()} == ids
    assert store.documents()[0].annotation_count == 1000
    assert store.get(sorted(ids)[0]).id == sorted(ids)[0]
