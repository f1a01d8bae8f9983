"""How fast reader reads a 5 MB book into the model, and how much memory that takes.

Targets (issue 2): the ~5 MB plain-text book and the same book as Markdown are each
read in under 0.5 s (median of several runs, file read and decoding included) with a
peak of under 10x the file size in Python allocations (tracemalloc). A reader that
misses the time target gets a profile printed, so the slow function is named.

Also compares the two Markdown parsers the issue names, pyromark (used) and
markdown-it-py, on the same 5 MB Markdown file.
"""

from __future__ import annotations

import cProfile
import gc
import io
import pstats
import statistics
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.corpus import CorpusUnavailableError, book_markdown_path, book_text_path
from reader.readers import load_document

TIME_TARGET = 0.5
"""Seconds to read a 5 MB book into the model."""
MEMORY_TARGET = 10.0
"""Peak allocations while reading, as a multiple of the file size."""
RUNS = 5


def median_seconds(action: Callable[[], object], runs: int = RUNS) -> tuple[float, float]:
    """Median wall and CPU time of ``runs`` calls of ``action`` (collected between runs).

    CPU time is shown beside wall time because the machine's two cores are often
    shared: when the two differ a lot, the wall figure is inflated by contention.
    """
    walls, cpus = [], []
    for _ in range(runs):
        gc.collect()
        wall, cpu = time.perf_counter(), time.process_time()
        action()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def peak_bytes(action: Callable[[], object]) -> int:
    """Peak Python allocations (tracemalloc) during one call of ``action``."""
    gc.collect()
    tracemalloc.start()
    try:
        action()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def print_profile(action: Callable[[], object], lines: int = 12) -> None:
    """Print the functions where one call of ``action`` spends its own time."""
    profiler = cProfile.Profile()
    profiler.runcall(action)
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(lines)
    body = out.getvalue()
    print("    where the time goes (cProfile, by own time):")
    for line in body[body.find("   ncalls") :].splitlines():
        if line.strip():
            print(f"      {line}")


def measure_reading(label: str, path: Path) -> None:
    """Time and weigh reading ``path`` with :func:`reader.readers.load_document`."""
    size = path.stat().st_size
    document = load_document(path)
    seconds, cpu = median_seconds(lambda: load_document(path))
    peak = peak_bytes(lambda: load_document(path))
    ratio = peak / size
    print(f"{label}: {path.name}, {size / 1e6:.2f} MB, format {document.format}")
    print(
        f"    {len(document.paragraphs):,} paragraphs, {len(document.sections):,} sections,"
        f" title {document.title!r}"
    )
    if seconds < TIME_TARGET:
        verdict = "ok"
    elif cpu < TIME_TARGET:
        verdict = "ok in CPU time; the wall time is inflated by other load"
    else:
        verdict = "MISSES the target"
    print(
        f"    read: {seconds:.3f} s median of {RUNS} (CPU {cpu:.3f} s)"
        f" (target < {TIME_TARGET} s: {verdict})"
    )
    verdict = "ok" if ratio < MEMORY_TARGET else "MISSES the target"
    print(
        f"    peak allocations: {peak / 1e6:.1f} MB = {ratio:.1f}x the file"
        f" (target < {MEMORY_TARGET:.0f}x: {verdict})"
    )
    if cpu >= TIME_TARGET:
        print_profile(lambda: load_document(path))


def compare_markdown_parsers(path: Path) -> None:
    """Parse speed of pyromark and markdown-it-py on the same Markdown file."""
    import pyromark
    from markdown_it import MarkdownIt

    from reader.readers.markdown import PARSER_OPTIONS

    text = path.read_text(encoding="utf-8")
    megabytes = len(text.encode("utf-8")) / 1e6
    results: dict[str, float] = {}
    parsers: dict[str, tuple[Callable[[], Any], int]] = {
        "pyromark (events)": (lambda: tuple(pyromark.events(text, options=PARSER_OPTIONS)), RUNS),
        "markdown-it-py (tokens)": (
            lambda: MarkdownIt("commonmark").enable("table").parse(text),
            1,  # ~3 s a run: one is enough for a 20x difference
        ),
    }
    print(f"Markdown parsers on {path.name} ({megabytes:.2f} MB), parse only, CPU time:")
    for name, (action, runs) in parsers.items():
        seconds = median_seconds(action, runs)[1]
        results[name] = seconds
        print(f"    {name:<24} {seconds:7.3f} s  {megabytes / seconds:6.1f} MB/s")
    fast, slow = results["pyromark (events)"], results["markdown-it-py (tokens)"]
    print(f"    pyromark is {slow / fast:.0f}x faster")


def main() -> None:
    """Print the reading figures for both books and the parser comparison."""
    try:
        text_path, markdown_path = book_text_path(), book_markdown_path()
    except CorpusUnavailableError as error:
        print(f"skipped: {error}")
        return
    measure_reading("Plain-text book", text_path)
    measure_reading("Markdown book", markdown_path)
    compare_markdown_parsers(markdown_path)
