"""pymupdf4llm on the same PDFs, measured the same way: the yardstick beside reader.

Part of ``python -m benchmarks quality`` (see :mod:`benchmarks.bench_quality`).
pymupdf4llm turns a PDF into Markdown and is the strongest open PDF-to-text tool
we know of, but it is AGPL, so it is never a dependency of reader and never
imported here. It is installed on first use into a virtual environment of its own
under ``benchmarks/.cache/pymupdf4llm/`` (``pip install pymupdf==2.0``: since 2.0
the pymupdf wheel carries the pymupdf4llm code and its layout model, and the
``pymupdf4llm`` project on PyPI is an empty shell), never committed, and run in
a child process, one PDF at a time.

Its Markdown is read by reader's Markdown reader (a paragraph is a block between
blank lines, as any Markdown tool reads it), and the figures are the very ones
reader gets: paragraphs whole against the same clean edition, running lines left
in the text, headings found against the same table of contents. Time is the
conversion alone (``to_markdown``, not the interpreter or its imports), as wall
time and as CPU time, since it works on several threads.

Set ``READER_BENCH_YARDSTICK=0`` to leave it out (it takes about a minute in all,
most of it on the 120-page manual).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from benchmarks.corpus import CACHE_DIR, CorpusUnavailableError
from reader.model import Document
from reader.readers import load_document

__all__ = ["YARDSTICK", "Converted", "convert", "wanted"]

YARDSTICK = "pymupdf==2.0"
"""The release measured (its wheel holds pymupdf4llm 2.0)."""

_HOME = CACHE_DIR / "pymupdf4llm"
_VENV = _HOME / "venv"
_OUTPUT = _HOME / "out"
_CONVERT = """\
import json, sys, time
import pymupdf4llm
wall, cpu = time.perf_counter(), time.process_time()
markdown = pymupdf4llm.to_markdown(sys.argv[1])
wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
with open(sys.argv[2], "w", encoding="utf-8") as out:
    out.write(markdown)
print(json.dumps({"wall": wall, "cpu": cpu, "version": pymupdf4llm.__version__}))
"""


@dataclass(frozen=True)
class Converted:
    """pymupdf4llm's reading of one PDF, read back as a document."""

    document: Document
    wall: float
    """Seconds of wall time ``to_markdown`` took."""
    cpu: float
    """Seconds of CPU time, all of its threads."""
    version: str


def wanted() -> bool:
    """Whether the yardstick runs (``READER_BENCH_YARDSTICK=0`` leaves it out)."""
    return os.environ.get("READER_BENCH_YARDSTICK", "1") != "0"


def _python() -> Path:
    """The yardstick's interpreter, its environment made on first use."""
    python = _VENV / "bin" / "python"
    stamp = _VENV / f"installed-{YARDSTICK}"
    if stamp.exists():
        return python
    _HOME.mkdir(parents=True, exist_ok=True)
    steps = [
        [sys.executable, "-m", "venv", "--clear", str(_VENV)],
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", YARDSTICK],
    ]
    for command in steps:
        _run(command, f"{' '.join(command[2:4])} failed")
    stamp.touch()
    return python


def _run(command: list[str], failure: str) -> str:
    """Run a step of the yardstick; its standard output, or one line saying why not.

    Raises:
        CorpusUnavailableError: The command could not run, or failed.
    """
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=900, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise CorpusUnavailableError(f"pymupdf4llm: {error}") from None
    if result.returncode != 0:
        reason = (result.stderr.strip().splitlines() or ["unknown error"])[-1]
        raise CorpusUnavailableError(f"pymupdf4llm: {failure} ({reason})")
    return result.stdout


def convert(pdf: Path, name: str) -> Converted:
    """Convert ``pdf`` with pymupdf4llm in a child process and read its Markdown.

    ``name`` names the output file (``benchmarks/.cache/pymupdf4llm/out/<name>.md``),
    kept for a look at what the yardstick made of the PDF.
    """
    python = _python()
    _OUTPUT.mkdir(parents=True, exist_ok=True)
    target = _OUTPUT / f"{name}.md"
    output = _run([str(python), "-c", _CONVERT, str(pdf), str(target)], f"failed on {pdf.name}")
    lines = output.strip().splitlines()
    if not lines:
        raise CorpusUnavailableError(f"pymupdf4llm: printed no figures for {pdf.name}")
    figures = json.loads(lines[-1])
    return Converted(
        load_document(target),
        float(figures["wall"]),
        float(figures["cpu"]),
        str(figures["version"]),
    )
