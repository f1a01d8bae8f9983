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


def copy_machine_file(
    source: Path, target: Path, machine: str, only: int | None = None, home: Path | None = None
) -> None:
    """What a sync engine does: bring one machine's files from one folder copy to another.

    All of them, or with ``only`` a single one of them (files arrive one by one, in
    any order). A file the machine removed from its own copy (``home``, default
    ``source``) is removed from the target when all are brought.
    """
    home = source if home is None else home
    origin = source / SYNC_DIR / machine
    if not origin.is_dir():
        return
    destination = target / SYNC_DIR / machine
    files = sorted(p.relative_to(origin) for p in origin.rglob("*") if p.is_file())
    if only is not None:
        files = files[only % len(files) : only % len(files) + 1] if files else []
    elif destination.is_dir():
        own = home / SYNC_DIR / machine
        for path in destination.rglob("*"):
            if path.is_file() and not (own / path.relative_to(destination)).exists():
                path.unlink()
    for relative in files:
        (destination / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(origin / relative, destination / relative)
