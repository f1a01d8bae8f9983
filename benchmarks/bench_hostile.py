"""What input built to cost too much costs: deep nesting and very long pages.

Reading must be linear in the input whatever its shape. Figures:

* nesting at 10k, 20k and 40k levels: HTML ``<blockquote><ul><li>`` and ``<div>``,
  and an EPUB whose ``dc:title`` nests ``<span>`` elements; linear reading takes
  about twice as long for twice the levels (the ratio 40k/10k is near 4, where
  quadratic reading would be near 16);
* a page of 300,000 ``<p>`` paragraphs: time (target 3 s) and peak memory over
  the interpreter's, against the file's size (target: under 10x);
* a 50 MB page whose text is one line: the same.

Memory is each file's own high-water mark (``VmHWM``, Linux), measured in a
fresh interpreter over what it holds once the readers are imported.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from tests.hostile.costly_samples import (
    epub_with_nested_title,
    many_paragraphs,
    nested_divs,
    one_line_page,
    quotes_in_lists,
)

from reader.readers import epub, html

LEVELS = (10_000, 20_000, 40_000)
PARAGRAPHS = 300_000
ONE_LINE_BYTES = 50 * 1024 * 1024
TIME_TARGET = 3.0
MEMORY_TARGET = 10.0
"""Peak memory over the interpreter's, as a multiple of the file's size."""

_MEASURE = """
import json, sys, time
from pathlib import Path
from reader.readers import load_document
import reader.readers.html, reader.readers.html_blocks, reader.readers.html_meta
import reader.readers.html_nesting, selectolax.lexbor
def status(field):  # kB; VmHWM, unlike ru_maxrss, starts afresh at exec
    for line in open("/proc/self/status"):
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
base = status("VmRSS")
wall, cpu = time.perf_counter(), time.process_time()
document = load_document(Path(sys.argv[1]))
wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
print(json.dumps([wall, cpu, status("VmHWM") - base, len(document.paragraphs)]))
"""
"""Run in a fresh interpreter: reads the file, prints wall, CPU, peak bytes, paragraphs."""


def _timed(action: Callable[[], object]) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    action()
    return time.perf_counter() - wall, time.process_time() - cpu


def nesting() -> None:
    """Read each nested input at every depth and print the times and their growth."""
    cases: dict[str, tuple[Callable[[int], object], Callable[..., object]]] = {
        "HTML blockquote/ul/li": (quotes_in_lists, html.read),
        "HTML div": (nested_divs, html.read),
        "EPUB dc:title": (epub_with_nested_title, epub.read),
    }
    print("nesting (levels: wall s / CPU s):")
    for label, (build, read) in cases.items():
        figures = []
        for levels in LEVELS:
            data = build(levels)
            figures.append(_timed(partial(read, data)))
        cells = "  ".join(
            f"{levels // 1000}k {wall:.2f}/{cpu:.2f}"
            for levels, (wall, cpu) in zip(LEVELS, figures, strict=True)
        )
        growth = figures[-1][1] / max(figures[0][1], 1e-3)
        print(f"  {label:22s} {cells}   CPU 40k/10k = {growth:.1f} (linear: 4)")


def long_page(label: str, path: Path) -> None:
    """Read ``path`` in a fresh interpreter and print time and peak memory."""
    result = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(path)], capture_output=True, text=True, check=True
    )
    wall, cpu, peak, paragraphs = json.loads(result.stdout)
    size = path.stat().st_size
    ratio = peak / size
    verdicts = [
        "time ok" if wall < TIME_TARGET else f"SLOWER than {TIME_TARGET:.0f} s",
        "memory ok" if ratio < MEMORY_TARGET else f"OVER {MEMORY_TARGET:.0f}x",
    ]
    print(
        f"  {label:22s} {size / 2**20:5.1f} MB: {wall:.2f} s (CPU {cpu:.2f} s), "
        f"peak {peak / 2**20:.0f} MB = {ratio:.1f}x the file, "
        f"{paragraphs} paragraphs  {', '.join(verdicts)}"
    )


def main() -> None:
    """Print the nesting figures, then the long-page ones."""
    nesting()
    print("long pages:")
    with tempfile.TemporaryDirectory() as folder:
        paragraphs = Path(folder) / "paragraphs.html"
        paragraphs.write_text(many_paragraphs(PARAGRAPHS), encoding="utf-8")
        long_page(f"{PARAGRAPHS:,} <p>", paragraphs)
        paragraphs.unlink()
        one_line = Path(folder) / "one-line.html"
        one_line.write_text(one_line_page(ONE_LINE_BYTES), encoding="utf-8")
        long_page("one-line page", one_line)
