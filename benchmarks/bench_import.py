"""Import at scale: 100,000 annotations over 100 documents with ``reader import``.

The 5 MB benchmark book (``benchmarks.corpus``: real text) is cut into 100
documents of about 330 paragraphs each. Each gets 1,000 annotations (notes taken
from the book, highlights, bookmarks, tags; several per paragraph), exported as
reader's Web Annotation JSON, one file per document, as ``reader export --all
--format json`` writes them (setup, not timed). Then one ``reader import`` of
the 100 files into an empty store is timed end to end in this process (the
progress bar's updates included; it is drawn only on a terminal), and the same
import again, which must add nothing. The target is under 30 s for the first.
"""

from __future__ import annotations

import contextlib
import io
import json
import random
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path

from benchmarks.corpus import book_text
from reader.annotation import AnchorStatus, Annotation, AnnotationKind, DocumentRef, utc_now
from reader.cli import main as reader_main
from reader.export import export_web_annotations
from reader.model import Document
from reader.readers import load_document
from reader.reanchor import make_selector
from reader.store import AnnotationStore

DOCUMENTS = 100
PER_DOCUMENT = 1_000
TAGS = ("theme", "character/minor", "to check", "quote", "history/war", "style")


def main() -> None:
    """Print the import timings."""
    paragraphs = book_text().split("\n\n")
    size = len(paragraphs) // DOCUMENTS
    rng = random.Random(11)
    with tempfile.TemporaryDirectory(prefix="reader-bench-import-") as folder:
        root = Path(folder)
        started = time.perf_counter()
        files = [
            _export(root, number, paragraphs[number * size : (number + 1) * size], rng)
            for number in range(DOCUMENTS)
        ]
        megabytes = sum(f.stat().st_size for f in files) / 1e6
        print(
            f"setup: {DOCUMENTS} documents of ~{size} paragraphs, "
            f"{DOCUMENTS * PER_DOCUMENT:,} annotations in {megabytes:.0f} MB of JSON "
            f"({time.perf_counter() - started:.1f} s, not timed)"
        )
        data = root / "data"
        wall, cpu = _import(data, files)
        print(
            f"reader import of {DOCUMENTS} files into an empty store: {wall:.2f} s "
            f"(CPU {cpu:.2f} s; target < 30 s)"
        )
        wall, cpu = _import(data, files)
        print(f"the same import again (adds nothing): {wall:.2f} s (CPU {cpu:.2f} s)")
        store = AnnotationStore.open(data)
        total = sum(record.annotation_count for record in store.documents())
        print(f"stored: {total:,} annotations in {len(store.documents())} documents")
        if total != DOCUMENTS * PER_DOCUMENT:
            raise SystemExit(f"expected {DOCUMENTS * PER_DOCUMENT:,} annotations, found {total:,}")


def _export(root: Path, number: int, paragraphs: list[str], rng: random.Random) -> Path:
    """Write document ``number`` and a JSON export of its 1,000 annotations; the export's path."""
    path = root / "documents" / f"part-{number:03}.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    doc = load_document(path)
    annotations = [_annotation(doc, rng) for _ in range(PER_DOCUMENT)]
    out = root / "exports" / f"part-{number:03}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(export_web_annotations(doc, annotations)), encoding="utf-8")
    return out


def _annotation(doc: Document, rng: random.Random) -> Annotation:
    index = rng.randrange(len(doc.paragraphs))
    kind = rng.choices(list(AnnotationKind), weights=(6, 3, 1))[0]
    note = ""
    if kind is not AnnotationKind.HIGHLIGHT:
        note = doc.paragraphs[rng.randrange(len(doc.paragraphs))].text[:300]
    created = utc_now() - timedelta(minutes=rng.randrange(100_000))
    return Annotation(
        id=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        document=DocumentRef("bench", doc.fingerprint, str(doc.path), doc.title),
        anchor=doc.paragraphs[index].anchor,
        selector=make_selector(doc, index),
        kind=kind,
        note=note,
        tags=tuple(rng.sample(TAGS, rng.randrange(3))),
        created=created,
        updated=created,
        status=AnchorStatus.ATTACHED,
    )


def _import(data: Path, files: list[Path]) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one ``reader --data-dir DATA import FILES...``.

    The CPU time leaves out the waits for the disk (fsync) and for other processes
    on a shared machine.
    """
    argv = ["--data-dir", str(data), "import", *map(str, files)]
    started, cpu = time.perf_counter(), time.process_time()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        code = reader_main(argv)
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    if code != 0:
        raise SystemExit(f"reader import exited {code}")
    return wall, cpu


if __name__ == "__main__":
    main()
