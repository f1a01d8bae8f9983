"""Machines for the sync tests: a data folder, its own copies of the documents, a clock."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reader.model import Document
from reader.store import AnnotationStore
from reader.sync import SyncReport, sync
from reader.sync.folder import SYNC_DIR
from tests.core.store.conftest import PARAGRAPHS, write_document


@dataclass
class Machine:
    """One reader installation: its store, its documents and a clock that it controls."""

    root: Path
    store: AnnotationStore = field(init=False)
    docs: list[Document] = field(init=False)
    ms: int = 1_000

    def __post_init__(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        self.store = AnnotationStore.open(self.root / "data")
        self.docs = [
            write_document(self.root / "one.txt", PARAGRAPHS[:4]),
            write_document(self.root / "two.txt", PARAGRAPHS[4:]),
        ]

    def sync(self, folder: Path) -> SyncReport:
        """Sync through ``folder`` with this machine's clock (which does not move)."""
        return sync(self.store, folder, now=lambda: self.ms)


def contents(store: AnnotationStore) -> dict[str, Any]:
    """What must agree between machines: annotations by id and positions by document."""
    annotations = {
        a.id: (
            a.document.fingerprint,
            a.kind.value,
            a.note,
            a.tags,
            a.created,
            a.updated,
            a.selector.quote,
        )
        for a in store.annotations()
    }
    positions = {
        r.fingerprint: (r.position, r.progress, r.last_read)
        for r in store.documents()
        if r.position is not None
    }
    return {"annotations": annotations, "positions": positions}


def copy_machine_file(source: Path, target: Path, machine: str) -> None:
    """What a sync engine does: bring one machine's file from one folder copy to another."""
    origin = source / SYNC_DIR / machine
    if not origin.is_dir():
        return
    destination = target / SYNC_DIR / machine
    destination.mkdir(parents=True, exist_ok=True)
    shutil.copy2(origin / "changes.jsonl", destination / "changes.jsonl")
