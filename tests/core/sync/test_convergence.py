"""Three machines, random changes, random partial and delayed copies: they converge.

Each machine has its own copy of the sync folder; a sync engine is simulated by
copying one machine's file from one copy to another at random moments (so copies
arrive late, out of order, or not before the next change). Each machine's clock is
its own and may stand still or lag (the hybrid logical clock orders the changes).
After every file has reached every copy and everyone has synced, all stores are
equal, and every annotation is there unless a machine deleted it.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, rule

from reader.annotation import AnnotationKind
from reader.sync import run
from reader.sync.state import machine_id
from tests.core.sync.helpers import Machine, contents, copy_machine_file

MACHINES = 3
MACHINE = st.integers(0, MACHINES - 1)


class SyncMachines(RuleBasedStateMachine):
    """Adds, edits, deletes, reading positions, syncs and copies among three machines."""

    def __init__(self) -> None:
        super().__init__()
        self.root = Path(tempfile.mkdtemp(prefix="reader-sync-"))
        self.machines = [Machine(self.root / f"m{n}") for n in range(MACHINES)]
        self.folders = [self.root / f"folder{n}" for n in range(MACHINES)]
        self.added: set[str] = set()
        self.deleted: set[str] = set()

    def teardown(self) -> None:
        try:
            self.converge_and_check()
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def _ids(self, n: int) -> list[str]:
        return sorted(a.id for a in self.machines[n].store.annotations())

    @rule(n=MACHINE, doc=st.integers(0, 1), index=st.integers(0, 3), note=st.text(max_size=8),
          tags=st.lists(st.sampled_from(["a", "b/c", "D"]), max_size=2))  # fmt: skip
    def add(self, n: int, doc: int, index: int, note: str, tags: list[str]) -> None:
        machine = self.machines[n]
        added = machine.store.add(machine.docs[doc], index, note=note, tags=tags)
        self.added.add(added.id)

    @rule(n=MACHINE, pick=st.integers(0, 50), note=st.text(max_size=8),
          kind=st.sampled_from(list(AnnotationKind)), retag=st.booleans())  # fmt: skip
    def edit(self, n: int, pick: int, note: str, kind: AnnotationKind, retag: bool) -> None:
        ids = self._ids(n)
        if ids:
            tags = ["edited"] if retag else None
            self.machines[n].store.update(ids[pick % len(ids)], note=note, kind=kind, tags=tags)

    @rule(n=MACHINE, pick=st.integers(0, 50))
    def delete(self, n: int, pick: int) -> None:
        ids = self._ids(n)
        if ids:
            removed = ids[pick % len(ids)]
            self.machines[n].store.delete(removed)
            self.deleted.add(removed)

    @rule(n=MACHINE, doc=st.integers(0, 1), index=st.integers(0, 3))
    def read(self, n: int, doc: int, index: int) -> None:
        machine = self.machines[n]
        document = machine.docs[doc]
        machine.store.set_reading_position(document, document.paragraphs[index].anchor, index / 4)

    @rule(n=MACHINE, step=st.integers(0, 3))
    def clock(self, n: int, step: int) -> None:
        """Clocks move on their own, or stand still (the counter orders changes then)."""
        self.machines[n].ms += step

    @rule(n=MACHINE)
    def sync(self, n: int) -> None:
        report = self.machines[n].sync(self.folders[n])
        assert report.skipped == []

    @rule(source=MACHINE, to=MACHINE, owner=MACHINE,
          only=st.none() | st.integers(0, 7))  # fmt: skip
    def copy(self, source: int, to: int, owner: int, only: int | None = None) -> None:
        """The sync engine brings one machine's files (or one of them) to another copy."""
        if source != to:
            owner_id = machine_id(self.machines[owner].store.data_dir)
            home = self.folders[owner]
            copy_machine_file(self.folders[source], self.folders[to], owner_id, only, home)

    def converge_and_check(self) -> None:
        """Everyone syncs, every file reaches every copy, everyone syncs twice more."""
        for n in range(MACHINES):
            self.machines[n].sync(self.folders[n])
        for _ in range(2):
            for owner in range(MACHINES):
                owner_id = machine_id(self.machines[owner].store.data_dir)
                for target in range(MACHINES):
                    if target != owner:
                        copy_machine_file(self.folders[owner], self.folders[target], owner_id)
            for n in range(MACHINES):
                self.machines[n].sync(self.folders[n])
        first = contents(self.machines[0].store)
        for machine in self.machines[1:]:
            assert contents(machine.store) == first
        assert set(first["annotations"]) == self.added - self.deleted


TestConvergence = SyncMachines.TestCase
TestConvergence.settings = settings(max_examples=40, stateful_step_count=25, deadline=None)


class CompactingSyncMachines(SyncMachines):
    """The same, with every machine compacting its log after two files (so readers
    meet snapshots that compact what they read, and snapshots past what they read)."""

    def __init__(self) -> None:
        super().__init__()
        self._compact_after = run.COMPACT_AFTER
        run.COMPACT_AFTER = 2

    def teardown(self) -> None:
        try:
            super().teardown()
        finally:
            run.COMPACT_AFTER = self._compact_after


TestConvergenceCompacting = CompactingSyncMachines.TestCase
TestConvergenceCompacting.settings = settings(
    max_examples=40, stateful_step_count=25, deadline=None
)
