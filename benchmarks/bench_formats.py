"""How fast the HTML, EPUB and PDF readers read large files into the model.

Targets (issue 6): a 5 MB HTML page, a 5 MB EPUB and a 200-page PDF each read in
under 1 s (median of several runs; file read included). The files are generated
from the shared real-text book (:mod:`benchmarks.corpus`): the HTML page wraps the
book in page chrome, the EPUB splits it into chapters with a table of contents,
and the PDF sets its first paragraphs on 200 pages with an outline, a running
header, page numbers and hyphenated line ends. Without the corpus the sample
essay is repeated instead (and the figures say so).
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from functools import partial
from html import escape
from pathlib import Path

import pypdfium2
from tests.core.format_samples import (
    Chapter,
    PdfChapter,
    build_epub,
    build_pdf,
    text_blocks,
    web_page,
)

from benchmarks.corpus import CorpusUnavailableError, book_text
from reader.readers import load_document

TIME_TARGET = 1.0
"""Seconds to read each file into the model."""
SIZE = 5 * 1024 * 1024
PDF_PAGES = 200
RUNS = 3
_ESSAY = Path(__file__).resolve().parent.parent / "documents" / "russia-china-policy-bear-hug.txt"


def source_blocks() -> tuple[list[str], str]:
    """Paragraph-sized blocks of real text (the book, else the essay) and their origin."""
    try:
        text, origin = book_text(), "the 5 MB corpus book"
    except CorpusUnavailableError as error:
        print(f"corpus unavailable ({error}); repeating the sample essay instead")
        essay = _ESSAY.read_text(encoding="utf-8")
        text, origin = "\n\n".join([essay] * (SIZE // len(essay) + 1)), "the sample essay"
    return [" ".join(block.split()) for block in text_blocks(text)], origin


def _is_heading(block: str) -> bool:
    return len(block) < 60 and (block.isupper() or block.lower().startswith("chapter"))


def _html_blocks(blocks: list[str], limit: int) -> list[str]:
    out, size = [], 0
    for block in blocks:
        tag = "h2" if _is_heading(block) else "p"
        out.append(f"<{tag}>{escape(block)}</{tag}>")
        size += len(out[-1]) + 1
        if size >= limit:
            break
    return out


def make_html(blocks: list[str]) -> str:
    """A 5 MB saved web page: the book in an article, inside page chrome."""
    return web_page("The Book", "\n".join(_html_blocks(blocks, SIZE)), author="Various")


def make_epub(blocks: list[str]) -> bytes:
    """An EPUB 3 whose chapters hold 5 MB of XHTML in all."""
    html = _html_blocks(blocks, SIZE)
    per_chapter = 200
    chapters = [
        Chapter(f"Part {n + 1}", "\n".join(html[i : i + per_chapter]))
        for n, i in enumerate(range(0, len(html), per_chapter))
    ]
    return build_epub(chapters, title="The Book")


def make_pdf(blocks: list[str]) -> bytes:
    """A PDF of at least 200 pages (about 4 KB of text a page)."""
    paragraphs = [b for b in blocks if not _is_heading(b)][: PDF_PAGES * 12]
    chapters = [
        PdfChapter(f"Chapter {n + 1}", paragraphs[i : i + 40])
        for n, i in enumerate(range(0, len(paragraphs), 40))
    ]
    while True:
        data = build_pdf(chapters)
        if len(pypdfium2.PdfDocument(data)) >= PDF_PAGES:
            return data
        chapters = chapters * 2


def median_seconds(action: Callable[[], object]) -> tuple[float, float]:
    """Median wall and CPU time of :data:`RUNS` calls of ``action``.

    The CPU figure is shown because the machine's two cores are often shared: when
    it is well below the wall figure, the wall time is inflated by contention.
    """
    walls, cpus = [], []
    for _ in range(RUNS):
        wall, cpu = time.perf_counter(), time.process_time()
        action()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def main() -> None:
    """Generate the three files, read each into the model and print the figures."""
    blocks, origin = source_blocks()
    print(f"source text: {origin}")
    with tempfile.TemporaryDirectory() as folder:
        files = {
            "HTML page": Path(folder) / "book.html",
            "EPUB book": Path(folder) / "book.epub",
            "PDF": Path(folder) / "book.pdf",
        }
        files["HTML page"].write_text(make_html(blocks), encoding="utf-8")
        files["EPUB book"].write_bytes(make_epub(blocks))
        files["PDF"].write_bytes(make_pdf(blocks))
        for label, file in files.items():
            document = load_document(file)
            seconds, cpu = median_seconds(partial(load_document, file))
            verdict = "ok" if seconds < TIME_TARGET else f"SLOWER than {TIME_TARGET:.0f} s"
            extent = (
                f"{len(pypdfium2.PdfDocument(file))} pages"
                if document.format == "pdf"
                else f"{file.stat().st_size / 2**20:.1f} MB"
            )
            print(
                f"{label:10s} {extent:>10s}: {seconds:.3f} s (CPU {cpu:.3f} s)  "
                f"({len(document.paragraphs)} "
                f"paragraphs, {len(document.sections)} sections)  {verdict}"
            )
