"""Placing an imported quote on the paragraph that holds it, or declining to.

Other readers remember a highlight by its text (and a position in their own
terms: a Kindle location, a KOReader XPointer), not by reader's paragraphs.
:class:`QuotePlacer` finds the paragraph whose text contains the quote:

1. **Exact**, after the normalisation anchors use (quotes, dashes, spaces,
   case): the paragraphs are searched as one text joined by spaces, so a
   highlight running over a paragraph break is found too, on the paragraph where
   it starts. When several paragraphs hold it, the chapter the other reader
   names decides; if it cannot, the quote is ambiguous.
2. **Fuzzy**, with rapidfuzz, for text that differs slightly (another edition's
   punctuation, a typo fixed): the paragraphs sharing the quote's rarest words
   are scored by the best-matching stretch of their text. One must score at
   least :data:`FUZZY_THRESHOLD` and beat every other paragraph by
   :data:`FUZZY_MARGIN`, and the quote must be long enough to tell anything
   (:data:`FUZZY_MIN_WORDS`).

Anything else is not placed: never attach to a look-alike. The caller keeps it
as an orphan with its quote, and the best rejected paragraph as a suggestion.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate

from rapidfuzz import fuzz

from reader.anchors import normalize
from reader.model import Document
from reader.reanchor.index import TokenIndex

__all__ = [
    "FUZZY_MARGIN",
    "FUZZY_MIN_WORDS",
    "FUZZY_THRESHOLD",
    "QuotePlacement",
    "QuotePlacer",
]

FUZZY_THRESHOLD = 90.0
"""Least partial-ratio score (0-100) for a fuzzy placement: about one character in
ten may differ."""
FUZZY_MARGIN = 5.0
"""How much better than any other paragraph the chosen one must score."""
FUZZY_MIN_WORDS = 5
"""Shorter quotes are placed only when found exactly (a few words match anywhere)."""

_CANDIDATES = 24
"""Paragraphs scored for a fuzzy placement (those sharing the most rare words)."""
_WINDOW = 4
"""Paragraphs after a candidate compared too, for a quote that runs over a break."""


@dataclass(frozen=True, slots=True)
class QuotePlacement:
    """Where a quote goes.

    Attributes:
        index: The paragraph that holds it, ``None`` when not placed.
        exact: Found word for word (after normalisation).
        suggestion: When not placed, the paragraph that came closest, if any.
    """

    index: int | None
    exact: bool = False
    suggestion: int | None = None


class QuotePlacer:
    """Finds imported quotes in one document (indexes built once, on first use)."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self._texts = [normalize(p.text) for p in doc.paragraphs]
        self._starts = [0, *accumulate(len(t) + 1 for t in self._texts)]
        self._joined = " ".join(self._texts)
        self._tokens: TokenIndex | None = None

    def place(self, quote: str, chapter: str = "") -> QuotePlacement:
        """The paragraph holding ``quote`` (see the module's rules).

        Args:
            quote: The highlighted text as the other reader recorded it.
            chapter: The chapter it names ("" when none), to choose between
                paragraphs that hold the same words.
        """
        needle = normalize(quote)
        if not needle or not self._texts:
            return QuotePlacement(None)
        found = self.exact(needle)
        if len(found) == 1:
            return QuotePlacement(found[0], exact=True)
        if found:
            chosen = self._in_chapter(found, chapter)
            if chosen is not None:
                return QuotePlacement(chosen, exact=True)
            return QuotePlacement(None, suggestion=found[0])
        return self._fuzzy(needle)

    def exact(self, needle: str) -> list[int]:
        """The paragraphs where the normalised ``needle`` starts, in document order."""
        joined = self._joined
        found: list[int] = []
        at = joined.find(needle)
        while at != -1:
            index = bisect_right(self._starts, at) - 1  # a needle never starts on a space
            if not found or found[-1] != index:
                found.append(index)
            at = joined.find(needle, at + 1)
        return found

    def _in_chapter(self, candidates: list[int], chapter: str) -> int | None:
        """The only candidate inside a section titled ``chapter``, if exactly one is."""
        wanted = normalize(chapter)
        if not wanted:
            return None
        inside = [i for i in candidates if wanted in self._section_titles(i)]
        return inside[0] if len(inside) == 1 else None

    def _section_titles(self, index: int) -> set[str]:
        """The normalised titles of the sections holding paragraph ``index``."""
        sections = self.doc.sections
        section = self.doc.paragraphs[index].section
        titles: set[str] = set()
        while section is not None and 0 <= section < len(sections) and len(titles) < 64:
            titles.add(normalize(sections[section].title))
            section = sections[section].parent
        return titles

    def _fuzzy(self, needle: str) -> QuotePlacement:
        words = needle.split()
        if self._tokens is None:
            self._tokens = TokenIndex(range(len(self._texts)), self._texts.__getitem__)
        candidates = self._tokens.best(needle, _CANDIDATES)
        if not candidates:
            return QuotePlacement(None)
        scores: list[tuple[float, int]] = []
        for index in candidates:
            text = self._window(index, len(needle))
            alignment = fuzz.partial_ratio_alignment(needle, text, score_cutoff=50)
            if alignment is None:
                continue
            start = index + self._texts_before(index, alignment.dest_start)
            scores.append((alignment.score, start))
        if not scores:
            return QuotePlacement(None)
        scores.sort(reverse=True)
        best_score, best = scores[0]
        rival = max((s for s, i in scores[1:] if i != best), default=0.0)
        if (
            len(words) >= FUZZY_MIN_WORDS
            and best_score >= FUZZY_THRESHOLD
            and best_score - rival >= FUZZY_MARGIN
        ):
            return QuotePlacement(best)
        return QuotePlacement(None, suggestion=best)

    def _window(self, index: int, length: int) -> str:
        """Paragraph ``index`` and as many after it (up to :data:`_WINDOW`) as the
        quote's length needs."""
        end = index + 1
        while (
            end < len(self._texts)
            and end - index < _WINDOW
            and (self._starts[end] - self._starts[index] < length)
        ):
            end += 1
        return self._joined[self._starts[index] : self._starts[end] - 1]

    def _texts_before(self, index: int, offset: int) -> int:
        """How many whole paragraphs after ``index`` lie before ``offset`` in its window."""
        absolute = self._starts[index] + offset
        return max(0, bisect_right(self._starts, absolute) - 1 - index)
