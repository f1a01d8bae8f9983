"""Import: a Kindle clippings file of 1,000 highlights of the 5 MB book, end to end.

The highlights are phrases of the book itself (``benchmarks.corpus``: real text):
most copied exactly, one in ten with a letter changed (placed fuzzily), one in
ten from nowhere in the book (kept as orphans). Timed: parsing the file alone,
placing every quote alone (the exact search and the fuzzy fallback), and
``reader import FILE --document BOOK`` twice through the store (the second run
finds everything already there).
"""

from __future__ import annotations

import contextlib
import io
import os
import random
import tempfile
import time
from pathlib import Path

from benchmarks.corpus import book_markdown_path
from reader.cli import main as reader_main
from reader.importers.kindle import parse_kindle
from reader.importers.placing import QuotePlacer
from reader.readers import load_document

HIGHLIGHTS = 1_000


def _clippings(paragraphs: list[str], rng: random.Random) -> str:
    entries = []
    for number in range(HIGHLIGHTS):
        words = rng.choice(paragraphs).split()
        start = rng.randrange(max(1, len(words) - 12))
        quote = " ".join(words[start : start + rng.randint(8, 30)])
        if number % 10 == 1:
            at = rng.randrange(len(quote))
            quote = quote[:at] + "x" + quote[at + 1 :]
        elif number % 10 == 2:
            quote = f"words from another book entirely, number {number}, never in this one"
        entries.append(
            f"The Book (Various)\n- Your Highlight on Location {number * 10}-{number * 10 + 3}"
            f" | Added on Monday, March 4, 2019 10:02:00 PM\n\n{quote}\n==========\n"
        )
    return "".join(entries)


def main() -> None:
    """Print the import timings."""
    book = book_markdown_path()
    doc = load_document(book)
    paragraphs = [p.text for p in doc.paragraphs if len(p.text.split()) > 20]
    text = _clippings(paragraphs, random.Random(7))
    print(f"book: {len(doc.paragraphs):,} paragraphs; clippings: {len(text) / 1024:.0f} KB")

    started = time.perf_counter()
    parsed = parse_kindle(text)
    print(f"parse {HIGHLIGHTS:,} clippings: {time.perf_counter() - started:.3f} s")

    started = time.perf_counter()
    placer = QuotePlacer(doc)
    results = [placer.place(item.quote) for item in parsed.books[0].items]
    elapsed = time.perf_counter() - started
    placed = sum(r.index is not None for r in results)
    print(f"place {len(results):,} quotes: {elapsed:.3f} s ({placed:,} placed)")

    with tempfile.TemporaryDirectory() as folder:
        os.environ["READER_DATA"] = str(Path(folder) / "data")
        clippings = Path(folder) / "My Clippings.txt"
        clippings.write_text(text, encoding="utf-8")
        for run in ("first", "second"):
            output = io.StringIO()
            started = time.perf_counter()
            with contextlib.redirect_stdout(output):
                reader_main(["import", str(clippings), "--document", str(book)])
            elapsed = time.perf_counter() - started
            print(
                f"reader import, {run} run: {elapsed:.2f} s  ({output.getvalue().splitlines()[-1]})"
            )


if __name__ == "__main__":
    main()
