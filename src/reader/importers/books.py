"""Which document an imported book is: by title, authors and quotes.

Another reader names a book by its title and authors, in its own spelling
(``The Art of War (Sun Tzu)``, ``Pride and Prejudice``); reader knows
documents by file. :class:`DocumentFinder` compares the book with every
candidate (the documents the store knows, the files of the library folder) by
title first, cheaply, on the titles at hand (the store's, the file name's).
The few close enough are read, their authors compared when both sides name
some, and then the quotes decide: the document where most of the book's
quotes are found word for word wins. A title match alone is accepted only
when it is nearly exact, so that a book is never filed under a look-alike.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz

from reader.anchors import normalize
from reader.importers.items import ImportedBook
from reader.importers.placing import QuotePlacer
from reader.model import Document

__all__ = [
    "QUOTES_CHECKED",
    "QUOTE_EVIDENCE_WORDS",
    "QUOTE_SCAN_LIMIT",
    "SURE_TITLE",
    "TITLE_THRESHOLD",
    "Candidate",
    "DocumentFinder",
    "title_score",
]

TITLE_THRESHOLD = 80.0
"""Least title similarity (0-100) for a document to be read and checked."""
SURE_TITLE = 95.0
"""Title similarity that is enough without any quote found in the document."""
QUOTES_CHECKED = 20
"""Quotes of a book looked for in each candidate document."""
QUOTE_SCAN_LIMIT = 50
"""Documents read, at most, to find books whose title matches none by their quotes."""
QUOTE_EVIDENCE_WORDS = 6
"""Fewest words of a quote that counts as evidence when no title matches (short
phrases are found in many books)."""

_CHECKED_DOCUMENTS = 5
"""Candidates read per book, best titles first."""
_WORD = re.compile(r"[^\W_]+")
_SUBTITLE = re.compile(r"\s*(?:[:(\[]|\s-\s|\s–\s|\s—\s).*$")
_ARTICLES = frozenset(
    {"the", "a", "an", "der", "die", "das", "ein", "eine", "le", "la", "les", "l", "un", "une",
     "el", "los", "las", "il", "lo", "gli", "i", "de", "het", "een", "o", "os", "as"}
)  # fmt: skip
_PARTS = re.compile(r"\s+[-–—]\s+|_-_|\s*[:|]\s*")


@dataclass(frozen=True, slots=True)
class Candidate:
    """A document a book may be.

    Attributes:
        path: Its file.
        titles: Names it goes by without reading it (the store's title, the file name).
    """

    path: Path
    titles: tuple[str, ...]


def _key(text: str) -> str:
    """The words of a title, lower-cased, without an article at either end (``The
    Harbour`` is often filed as ``harbour.epub`` or ``Harbour, The``)."""
    words = _WORD.findall(normalize(text))
    if len(words) > 1 and words[0] in _ARTICLES:
        words = words[1:]
    if len(words) > 1 and words[-1] in _ARTICLES:
        words = words[:-1]
    return " ".join(words)


def title_score(title: str, other: str, authors: Sequence[str] = ()) -> float:
    """How alike two titles are, 0-100, forgiving subtitles, author names and word order.

    ``Pride and Prejudice`` by Jane Austen matches a file named ``Jane Austen -
    Pride and Prejudice`` and the title ``Pride and Prejudice: A Novel``; a title is
    not matched by a longer one that adds other words (``The Lighthouse Keeper``
    is not ``The Lighthouse Keeper's Wife``), nor a one-word title by a phrase
    holding it (``War`` is not ``The Art of War``).

    Args:
        title: The imported book's title.
        other: A document's title or file name.
        authors: The imported book's authors (their names may be in a file name).
    """
    full, main = _key(title), _key(_SUBTITLE.sub("", title))
    names = {w for a in authors for w in _key(a).split()}
    forms = {_key(other), *(_key(part) for part in _PARTS.split(other))}
    forms |= {" ".join(w for w in form.split() if w not in names) for form in list(forms)}
    forms.discard("")
    if not full or not forms:
        return 0.0
    score = 0.0
    for form in forms:
        for part in {full, main} - {""}:
            score = max(score, fuzz.ratio(part, form), fuzz.token_sort_ratio(part, form))
    return float(score)


def _evidence(book: ImportedBook) -> list[str]:
    """The book's normalised quotes long enough to tell which document it is."""
    quotes = (normalize(item.quote) for item in book.items)
    return [q for q in quotes if len(q.split()) >= QUOTE_EVIDENCE_WORDS][:QUOTES_CHECKED]


def _authors_agree(book: ImportedBook, doc: Document) -> bool:
    """False only when both name authors and share no name (of three letters or more)."""
    if not book.authors or not doc.metadata.authors:
        return True
    ours = {w for a in book.authors for w in _WORD.findall(normalize(a)) if len(w) >= 3}
    theirs = {w for a in doc.metadata.authors for w in _WORD.findall(normalize(a)) if len(w) >= 3}
    return not ours or not theirs or bool(ours & theirs)


@dataclass(slots=True)
class _Read:
    doc: Document
    placer: QuotePlacer


class DocumentFinder:
    """Matches books to documents; each document is read at most once.

    Args:
        candidates: The documents to choose from.
        load: Reads a file into a document, ``None`` when it cannot be read.
    """

    def __init__(
        self, candidates: Sequence[Candidate], load: Callable[[Path], Document | None]
    ) -> None:
        self.candidates = list(candidates)
        self._load = load
        self._read: dict[Path, _Read | None] = {}

    def read(self, path: Path) -> tuple[Document, QuotePlacer] | None:
        """The document at ``path`` with its placer (read once), ``None`` if unreadable."""
        if path not in self._read:
            doc = self._load(path)
            self._read[path] = None if doc is None else _Read(doc, QuotePlacer(doc))
        found = self._read[path]
        return None if found is None else (found.doc, found.placer)

    def find(self, book: ImportedBook) -> tuple[Document, QuotePlacer] | None:
        """The document ``book`` is, with its placer; ``None`` when none is sure enough."""
        if book.file_hint is not None and Path(book.file_hint).is_file():
            hinted = self.read(Path(book.file_hint))
            if hinted is not None:
                return hinted
        scored = sorted(
            (
                (max(title_score(book.title, t, book.authors) for t in c.titles), c)
                for c in self.candidates
                if c.titles
            ),
            key=lambda pair: -pair[0],
        )
        quotes = [normalize(i.quote) for i in book.items if i.quote][:QUOTES_CHECKED]
        best: tuple[int, float, Document, QuotePlacer] | None = None
        for score, candidate in scored[:_CHECKED_DOCUMENTS]:
            if score < TITLE_THRESHOLD:
                break
            read = self.read(candidate.path)
            if read is None:
                continue
            doc, placer = read
            score = max(score, title_score(book.title, doc.title, book.authors))
            if not _authors_agree(book, doc):
                continue
            hits = sum(1 for q in quotes if q and placer.exact(q))
            if best is None or (hits, score) > (best[0], best[1]):
                best = (hits, score, doc, placer)
        if best is None:
            return None
        hits, score, doc, placer = best
        if hits == 0 and score < SURE_TITLE:
            return None
        return doc, placer

    def find_all(self, books: Sequence[ImportedBook]) -> list[tuple[Document, QuotePlacer] | None]:
        """:meth:`find` for each book, then the quotes alone for the books left over.

        A book whose title matches no document (a personal document on a Kindle,
        a file named ``pg1342.epub``) is looked for by its quotes of
        :data:`QUOTE_EVIDENCE_WORDS` words or more in the documents not read yet,
        :data:`QUOTE_SCAN_LIMIT` at most, each read once for all such books. A
        document is chosen when it holds at least half of those quotes (two at
        least, when the book has two), more than any other document does, and
        its authors do not disagree.
        """
        found = [self.find(book) for book in books]
        evidence = {
            i: quotes
            for i, book in enumerate(books)
            if found[i] is None and (quotes := _evidence(book))
        }
        if not evidence:
            return found
        best: dict[int, tuple[int, int, tuple[Document, QuotePlacer] | None]] = {}
        unread = [c.path for c in self.candidates if c.path not in self._read]
        for path in unread[:QUOTE_SCAN_LIMIT]:
            doc = self._load(path)
            if doc is None:
                continue
            placer = QuotePlacer(doc)
            for i, quotes in evidence.items():
                if not _authors_agree(books[i], doc):
                    continue
                hits = sum(1 for q in quotes if placer.exact(q))
                top, second, chosen = best.get(i, (0, 0, None))
                if hits > top:
                    best[i] = (hits, top, (doc, placer))
                elif hits > second:
                    best[i] = (top, hits, chosen)
        for i, quotes in evidence.items():
            top, second, chosen = best.get(i, (0, 0, None))
            if (
                chosen is not None
                and top > second
                and top * 2 >= len(quotes)
                and top >= min(2, len(quotes))
            ):
                found[i] = chosen
        return found
