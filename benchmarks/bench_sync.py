"""``reader sync`` at scale: a folder holding 100,000 annotations over 100 documents.

Another machine's file is generated straight through the folder layout; then a new
machine's first sync is timed (it records the 100 documents and stores every
annotation), and a sync receiving 1,000 changes (edits, adds and deletes) against
the store it built: spread over every document (each of the 100 document files and
most id-index shards is rewritten), then made in 3 documents. Targets (issue 16):
1,000 changes against 100,000 annotations <= 2 s; the first sync from a folder of
100,000 <= 30 s.
"""

from __future__ import annotations

import random
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from reader.store import AnnotationStore
from reader.sync import sync
from reader.sync.folder import write_log, write_machine_file
from reader.sync.merge import State

DOCUMENTS = 100
PER_DOCUMENT = 1_000
CHANGES = 1_000
OTHER = "0123456789abcdef"
WORDS = [
    "river",
    "mountain",
    "city",
    "forest",
    "desert",
    "ocean",
    "island",
    "valley",
    "policy",
    "history",
    "letter",
]


def _stamp(ms: int, counter: int = 0) -> str:
    return f"{ms:013d}.{counter:05d}.{OTHER}"


def _annotation(rng: random.Random, document: str, index: int, stamp: str) -> dict[str, Any]:
    quote = " ".join(rng.choice(WORDS) for _ in range(50))
    fields: dict[str, Any] = {
        "alive": True,
        "document": document,
        "kind": "note",
        "note": " ".join(rng.choice(WORDS) for _ in range(8)),
        "tags": [rng.choice(WORDS)],
        "created": "2025-01-01T00:00:00Z",
        "updated": "2025-01-01T00:00:00Z",
        "anchor": f"{uuid.UUID(int=rng.getrandbits(128)).hex[:12]}",
        "digest": None,
        "selector": {
            "quote": quote,
            "prefix": quote[-32:],
            "suffix": quote[:32],
            "index": index,
            "paragraph_count": PER_DOCUMENT,
            "section_path": ["Chapter"],
            "neighbours": ["", ""],
        },
    }
    return {name: [stamp, value] for name, value in fields.items()}


def _folder_state(rng: random.Random) -> State:
    stamp = _stamp(1_000)
    state: State = {}
    for d in range(DOCUMENTS):
        key = uuid.UUID(int=rng.getrandbits(128)).hex
        state["d:" + key] = {
            "alive": [stamp, True],
            "fingerprint": [stamp, uuid.UUID(int=rng.getrandbits(128)).hex],
            "title": [stamp, f"Book {d}"],
            "path": [stamp, f"/home/other/books/book-{d}.txt"],
        }
        for index in range(PER_DOCUMENT):
            annotation_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
            state["a:" + annotation_id] = _annotation(rng, key, index, stamp)
    return state


def _changed(rng: random.Random, state: State) -> State:
    """1,000 changes: 600 edited notes, 200 deletes, 200 new annotations (what the other
    machine's log file of one sync holds)."""
    stamp = _stamp(2_000)
    changed: State = {}
    annotations = sorted(k for k in state if k.startswith("a:"))
    documents = sorted(k[2:] for k in state if k.startswith("d:"))
    picked = rng.sample(annotations, 800)
    for key in picked[:600]:
        changed[key] = {"note": [stamp, "edited elsewhere"]}
    for key in picked[600:]:
        changed[key] = {"alive": [stamp, False]}
    for n in range(200):
        annotation_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        changed["a:" + annotation_id] = _annotation(rng, documents[n % DOCUMENTS], n, stamp)
    return changed


def _clustered(rng: random.Random, state: State) -> State:
    """1,000 changes in 3 documents (a reading session elsewhere): 600 edits, 200
    deletes, 200 new annotations."""
    stamp = _stamp(3_000)
    documents = sorted(k[2:] for k in state if k.startswith("d:"))[:3]
    annotations = sorted(
        k for k, e in state.items() if k.startswith("a:") and e["document"][1] in documents
    )
    picked = rng.sample(annotations, 800)
    changed: State = {key: {"note": [stamp, "edited in a session"]} for key in picked[:600]}
    changed.update({key: {"alive": [stamp, False]} for key in picked[600:]})
    for n in range(200):
        annotation_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        changed["a:" + annotation_id] = _annotation(rng, documents[n % 3], n, stamp)
    return changed


def main() -> None:
    """Print the figures."""
    rng = random.Random(16)
    with tempfile.TemporaryDirectory(prefix="bench-sync-") as temporary:
        root = Path(temporary)
        folder = root / "shared"
        state = _folder_state(rng)
        path = write_machine_file(folder, OTHER, _stamp(1_000), {}, state)
        print(
            f"folder: {DOCUMENTS * PER_DOCUMENT:,} annotations over {DOCUMENTS} documents "
            f"({path.stat().st_size / 1e6:.0f} MB)"
        )
        store = AnnotationStore.open(root / "data")
        started = time.perf_counter()
        report = sync(store, folder)
        first = time.perf_counter() - started
        print(
            f"first sync of a new machine: {first:.1f} s (target <= 30 s); "
            f"{report.received:,} received, {report.applied:,} stored"
        )
        write_log(folder, OTHER, _stamp(2_000), _stamp(1_000), {}, {}, _changed(rng, state))
        started = time.perf_counter()
        report = sync(store, folder)
        later = time.perf_counter() - started
        print(
            f"sync of {CHANGES:,} changes against {len(store.annotations()):,} annotations: "
            f"{later:.2f} s (target <= 2 s); {report.received:,} received, "
            f"{report.applied:,} applied"
        )
        started = time.perf_counter()
        report = sync(store, folder)
        print(f"sync with nothing new: {time.perf_counter() - started:.2f} s")
        write_log(folder, OTHER, _stamp(3_000), _stamp(2_000), {}, {}, _clustered(rng, state))
        started = time.perf_counter()
        report = sync(store, folder)
        print(
            f"sync of {CHANGES:,} changes in 3 documents: {time.perf_counter() - started:.2f} s "
            f"(target <= 2 s); {report.applied:,} applied"
        )


if __name__ == "__main__":
    main()
