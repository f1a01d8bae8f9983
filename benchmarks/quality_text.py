"""Reading quality of text editions: a manual shipped as text, CJK text, saved web pages.

Part of ``python -m benchmarks quality`` (see :mod:`benchmarks.bench_quality`). Each
work is a real document in a text edition and a cleaner edition (the HTML it was
made from), fetched as Debian packages like the rest. For each text edition it
prints:

* **paragraphs**: the share of the HTML edition's paragraphs (8 words or more)
  that come out as one paragraph of the text edition (the measure the PDF
  editions get: a paragraph merged with its neighbours, split in two, or joined
  with stray spaces between Chinese characters does not count). The link
  targets a text edition prints after its links, ``(https://...)``, are left
  out of the comparison;
* **headings**: the share of the edition's own table of contents found among
  its section titles: the contents list at the top of the text edition, or the
  HTML page's headings for a saved page.

Targets: paragraphs >= 95%, headings >= 95%.

Works: the Debian FAQ's text editions in English, Simplified Chinese and
Japanese (``debian-faq``, ``debian-faq-zh-cn``, ``debian-faq-ja``, built from
DocBook with their HTML editions), and Lynx's own help pages saved with
``lynx -dump`` (``lynx``, ``lynx-common``).
"""

from __future__ import annotations

import gzip
import os
import re
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from benchmarks.corpus import CACHE_DIR, CorpusUnavailableError, _unpacked
from reader.model import Document
from reader.readers import load_document

_FAQ = "usr/share/doc/debian/FAQ"
_LINK_TARGET = re.compile(r"(.?)\s*\((?:https?|ftp|mailto):[^)]*\)\s*(.?)", re.DOTALL)
_CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")


def _without_link_targets(text: str) -> str:
    """A text edition's paragraph without the ``(https://...)`` targets it prints after links.

    The HTML edition keeps them in its markup; left in, they would split a Chinese
    or Japanese run of words in two (``社群契约 (https://...) 所声明``).
    """

    def drop(match: re.Match[str]) -> str:
        before, after = match.group(1), match.group(2)
        cjk = bool(_CJK.match(before or "x")) and bool(_CJK.match(after or "x"))
        return before + ("" if cjk else " ") + after

    return _LINK_TARGET.sub(drop, text)


_CONTENTS_LINE = re.compile(r"[ \t]*(\d+(?:\.\d+)*\.)[ \t]+(\S.*)")
_LABEL = re.compile(r"(?i:chapter|appendix)\s+\w+\.?\s+|第\s*\d+\s*章\s*|[\d.]+\s+")


def _unlabelled(title: str) -> str:
    """A heading without its number or label (``Chapter 1.``, ``第 1 章``, ``1.2.``)."""
    title = title.replace("\u00a0", " ").strip()
    match = _LABEL.match(title)
    title = title[match.end() :] if match is not None else title
    return "".join(title.split())  # CJK entries wrap without a space: compare without spaces


@dataclass(frozen=True)
class TextWork:
    """A real document's text edition and the HTML edition to measure it against."""

    name: str
    package: str
    text: Callable[[Path], Path]
    """The text edition, from the unpacked package's root."""
    html: Callable[[Path], list[Path]]
    """The HTML edition's pages in reading order."""
    contents: Callable[[Path, Document], list[str]]
    """The edition's own table of contents."""


def _gunzipped(path: Path) -> Path:
    """``path`` (a ``.gz``) uncompressed next to the cached package, once."""
    target = CACHE_DIR / "text-editions" / path.name.removesuffix(".gz")
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(gzip.decompress(path.read_bytes()))
    return target


def _faq_text(language: str) -> Callable[[Path], Path]:
    return lambda root: _gunzipped(root / _FAQ / f"debian-faq.{language}.txt.gz")


def _faq_html(language: str) -> Callable[[Path], list[Path]]:
    """The FAQ's chapters in order, as its index page links them."""

    def pages(root: Path) -> list[Path]:
        folder = root / _FAQ if language == "en" else root / _FAQ / language
        index = (folder / f"index.{language}.html").read_text(encoding="utf-8")
        names: list[str] = []
        for name in re.findall(rf'href="([\w-]+)\.{re.escape(language)}\.html', index):
            if name not in names and name not in ("index", "faqinfo"):
                names.append(name)
        return [folder / f"{name}.{language}.html" for name in names]

    return pages


def _text_contents(path: Path, document: Document) -> list[str]:
    """The contents list at the top of a DocBook text edition (entries joined across lines)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    entries: list[str] = []
    started = False
    for line in lines:
        match = _CONTENTS_LINE.fullmatch(line)
        if match is not None:
            number = match.group(1)
            if started and number == "1.":
                break  # the body's first heading: the list is over
            started = True
            entries.append(match.group(2).strip())
        elif started and line.strip() and line.startswith(" "):
            entries[-1] += " " + line.strip()  # a wrapped entry
        elif started and not line.strip() and entries and len(entries) > 5:
            break
    return entries


def _lynx_dump(page: str) -> Callable[[Path], Path]:
    """Lynx's help page ``page`` saved with the packaged ``lynx -dump``, once."""

    def text(root: Path) -> Path:
        target = CACHE_DIR / "text-editions" / f"{page}.lynx.txt"
        if target.exists():
            return target
        html = _gunzipped(_help_folder(root) / f"{page}.html.gz")
        lynx = _unpacked("lynx") / "usr/bin/lynx"
        config = root / "etc/lynx/lynx.cfg"
        environment = {**os.environ, "LYNX_CFG": str(config)}
        try:
            result = subprocess.run(
                [str(lynx), "-dump", "-width=78", str(html)],
                capture_output=True,
                env=environment,
                check=False,
                timeout=60,
            )
        except (OSError, subprocess.TimeoutExpired) as error:
            raise CorpusUnavailableError(f"lynx could not run: {error}") from error
        if result.returncode != 0 or not result.stdout:
            raise CorpusUnavailableError(f"lynx -dump failed on {page}")
        target.write_bytes(result.stdout)
        return target

    return text


def _help_folder(root: Path) -> Path:
    return root / "usr/share/doc/lynx-common/lynx_help"


def _lynx_html(page: str) -> Callable[[Path], list[Path]]:
    return lambda root: [_gunzipped(_help_folder(root) / f"{page}.html.gz")]


def _html_headings(page: str) -> Callable[[Path, Document], list[str]]:
    def contents(root: Path, document: Document) -> list[str]:
        html = load_document(_gunzipped(_help_folder(root) / f"{page}.html.gz"))
        return [section.title for section in html.sections]

    return contents


TEXT_WORKS = (
    TextWork(
        "Debian FAQ (DocBook, en)",
        "debian-faq",
        _faq_text("en"),
        _faq_html("en"),
        lambda root, document: _text_contents(_faq_text("en")(root), document),
    ),
    TextWork(
        "Debian FAQ (zh-cn)",
        "debian-faq-zh-cn",
        _faq_text("zh-cn"),
        _faq_html("zh-cn"),
        lambda root, document: _text_contents(_faq_text("zh-cn")(root), document),
    ),
    TextWork(
        "Debian FAQ (ja)",
        "debian-faq-ja",
        _faq_text("ja"),
        _faq_html("ja"),
        lambda root, document: _text_contents(_faq_text("ja")(root), document),
    ),
    TextWork(
        "Lynx URL help (lynx -dump)",
        "lynx-common",
        _lynx_dump("lynx_url_support"),
        _lynx_html("lynx_url_support"),
        _html_headings("lynx_url_support"),
    ),
    TextWork(
        "Lynx users guide (lynx -dump)",
        "lynx-common",
        _lynx_dump("Lynx_users_guide"),
        _lynx_html("Lynx_users_guide"),
        _html_headings("Lynx_users_guide"),
    ),
)


def measure_text(
    work: TextWork,
    paragraph_share: Callable[[list[str], list[str]], tuple[int, int]],
    document_paragraphs: Callable[[Path], list[str]],
    title: Callable[[str], str],
    share: Callable[[int, int], str],
) -> None:
    """Print the figures of one text edition (the measures are bench_quality's)."""
    try:
        root = _unpacked(work.package)
        path = work.text(root)
    except CorpusUnavailableError as error:
        print(f"{work.name:32} skipped: {error}")
        return
    started = time.perf_counter()
    document = load_document(path)
    elapsed = time.perf_counter() - started
    reference = [text for page in work.html(root) for text in document_paragraphs(page)]
    text_paragraphs = [
        _without_link_targets(p.text) for p in document.paragraphs if not p.boilerplate
    ]
    whole, total = paragraph_share(reference, text_paragraphs)
    wanted = [title(_unlabelled(entry)) for entry in work.contents(root, document)]
    have: dict[str, int] = {}
    for section in document.sections:
        key = title(_unlabelled(section.title))
        have[key] = have.get(key, 0) + 1
    found = 0
    for entry in wanted:
        if have.get(entry, 0) > 0:
            have[entry] -= 1
            found += 1
    print(
        f"{work.name:32} text paragraphs {share(whole, total)}"
        f"              headings {share(found, len(wanted))}  {elapsed:5.2f} s"
    )
