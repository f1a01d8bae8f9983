"""Export: 10,000 annotations of the 5 MB book to Markdown and JSON; ``--all`` over 1,000 documents.

The first part reads the Markdown book (``benchmarks.corpus``: real text, real
sections), annotates 10,000 of its paragraphs (notes, highlights, bookmarks,
tags, some moved, some orphaned; the notes are sentences of the book itself) and
times :func:`reader.export.export_markdown` and
:func:`reader.export.export_web_annotations` with ``json`` serialisation. The
target is under 1 s for the Markdown.

The second part splits the book into 1,000 documents, annotates each three times
through the store (setup, timed separately), and times
``reader export --all -o FOLDER`` end to end, progress bar on standard error
included (it is drawn whenever there are 20 documents or more).
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import random
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from benchmarks.corpus import book_markdown
from reader.annotation import (
    AnchorStatus,
    Annotation,
    AnnotationKind,
    DocumentRef,
    utc_now,
)
from reader.cli import main as reader_main
from reader.export import export_markdown, export_web_annotations, json_text
from reader.model import Document
from reader.readers import load_document, read_text
from reader.reanchor import make_selector
from reader.store import AnnotationStore

ANNOTATIONS = 10_000
DOCUMENTS = 1_000
PER_DOCUMENT = 3
TAGS = ("theme", "character/minor", "to check", "quote", "history/war", "style")


def main() -> None:
    """Print the export timings."""
    text = book_markdown()
    doc = read_text(text, format="markdown")
    print(
        f"book: {len(text) / 1e6:.1f} MB, {len(doc.paragraphs):,} paragraphs, "
        f"{len(doc.sections):,} sections"
    )
    annotations = _annotations(doc, random.Random(5))
    _time_single(doc, annotations)
    _time_all(text)


def _annotations(doc: Document, rng: random.Random) -> list[Annotation]:
    """10,000 annotations on distinct paragraphs, notes taken from the book itself."""
    chosen = sorted(rng.sample(range(len(doc.paragraphs)), min(ANNOTATIONS, len(doc.paragraphs))))
    reference = DocumentRef("bench", doc.fingerprint, "", doc.title)
    start = utc_now()
    result = []
    for number, index in enumerate(chosen):
        kind = rng.choices(list(AnnotationKind), weights=(6, 3, 1))[0]
        note = ""
        if kind is not AnnotationKind.HIGHLIGHT:
            note = doc.paragraphs[rng.randrange(len(doc.paragraphs))].text[:300]
        status = rng.choices(list(AnchorStatus), weights=(90, 7, 3))[0]
        annotation = Annotation(
            id=f"{rng.getrandbits(128):032x}",
            document=reference,
            anchor=doc.paragraphs[index].anchor,
            selector=make_selector(doc, index),
            kind=kind,
            note=note,
            tags=tuple(rng.sample(TAGS, rng.randrange(3))),
            created=start + timedelta(seconds=number),
            updated=start + timedelta(seconds=number),
            status=status,
        )
        if status is AnchorStatus.ORPHANED:
            annotation = dataclasses.replace(annotation, anchor="0" * 12)
        result.append(annotation)
    return result


def _time_single(doc: Document, annotations: list[Annotation]) -> None:
    for label, options in (
        ("markdown, by section", {"group_by": "section"}),
        ("markdown, by tag", {"group_by": "tag"}),
    ):
        best = float("inf")
        for _ in range(3):
            started = time.perf_counter()
            markdown = export_markdown(doc, annotations, **options)  # type: ignore[arg-type]
            best = min(best, time.perf_counter() - started)
        verdict = "ok" if best < 1.0 else "OVER the 1 s target"
        print(
            f"{label}: {len(annotations):,} annotations -> {len(markdown) / 1e6:.1f} MB "
            f"in {best:.3f} s (best of 3; target < 1 s: {verdict})"
        )
    started = time.perf_counter()
    data = json_text(export_web_annotations(doc, annotations))
    elapsed = time.perf_counter() - started
    print(f"json: {len(annotations):,} annotations -> {len(data) / 1e6:.1f} MB in {elapsed:.3f} s")


def _time_all(text: str) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        paths = _split_book(text, root / "documents")
        store = AnnotationStore.open(root / "data")
        started = time.perf_counter()
        for path in paths:
            doc = load_document(path)
            for index in range(min(PER_DOCUMENT, len(doc.paragraphs))):
                store.add(doc, index, note=f"Note {index} on {path.stem}.", tags=["bench"])
        setup = time.perf_counter() - started
        print(f"--all setup: {len(paths):,} documents annotated through the store in {setup:.1f} s")
        err = io.StringIO()
        started = time.perf_counter()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            code = reader_main(
                ["--data-dir", str(root / "data"), "export", "--all", "-o", str(root / "out")]
            )
        elapsed = time.perf_counter() - started
        written = len(list((root / "out").iterdir()))
        shown = "shown" if "Exporting" in err.getvalue() else "NOT shown"
        print(
            f"--all: {written:,} files from {len(paths):,} documents in {elapsed:.1f} s "
            f"({elapsed / len(paths) * 1000:.1f} ms per document; exit {code}; "
            f"progress bar {shown})"
        )


def _split_book(text: str, folder: Path) -> list[Path]:
    """The book cut into DOCUMENTS Markdown files of consecutive blocks."""
    folder.mkdir(parents=True)
    blocks = [b for b in text.split("\n\n") if b.strip()]
    size = max(1, len(blocks) // DOCUMENTS)
    paths = []
    for number in range(DOCUMENTS):
        part = blocks[number * size : (number + 1) * size]
        if not part:
            break
        path = folder / f"part-{number:04d}.md"
        path.write_text(f"# Part {number}\n\n" + "\n\n".join(part) + "\n", encoding="utf-8")
        paths.append(path)
    return paths
