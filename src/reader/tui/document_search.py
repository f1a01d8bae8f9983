"""Find text in a whole document fast enough to search as the user types.

All paragraphs are joined once into one string (and once more lower-cased), so a
search is a C-speed ``re.finditer`` on the escaped query over 5 MB rather than
30k Python calls; a hit is mapped back to its paragraph with ``bisect`` only when
it is shown. Matching is literal: the query is never a pattern.

Finding (:meth:`SearchHits.find`) is separate from showing (:meth:`SearchHits.apply`)
so the app can find in a worker thread while the user types: finding reads only
the joined text, scans it in chunks and gives up between two chunks as soon as a
newer query makes the answer useless.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from threading import Lock

from reader.model import Document, Paragraph, ParagraphKind

__all__ = ["Found", "SearchHits", "display_text"]

_TAB_SIZE = 4
SEARCH_CHUNK = 1 << 19
"""Characters scanned between two checks for cancellation (~2 ms of matching)."""


def display_text(paragraph: Paragraph) -> str:
    """The paragraph's text as the view shows it (tabs of code expanded), hits index this.

    The lines of verse are searched as one run of words (a query may span a line
    break); a space for each break keeps the hit positions those of the text.
    """
    if paragraph.kind in (ParagraphKind.CODE, ParagraphKind.TABLE):
        return paragraph.text.expandtabs(_TAB_SIZE)
    return paragraph.text.replace("\n", " ")


def _lower_same_length(text: str) -> str:
    """``text.lower()``, except characters whose lower case is longer stay as they are.

    Offsets into the lower-cased text must be offsets into the original one.
    """
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def _never() -> bool:
    return False


@dataclass(frozen=True, slots=True)
class Found:
    """The hits of one query, found but not shown yet.

    Attributes:
        query: The query as searched (line breaks made spaces).
        positions: Start of every hit in the document's joined text, ascending.
    """

    query: str
    positions: list[int]


class SearchHits:
    """The hits of one query in a document, and which one is selected.

    Hits are kept as positions in the joined text; which paragraph a hit is in
    is looked up only when asked (rendering needs a screenful, not 100,000).

    Args:
        document: The document to search.
    """

    def __init__(self, document: Document) -> None:
        self.document = document
        self.query = ""
        self.selected: int | None = None
        """Index of the selected hit, ``None`` when there are none."""
        self.generation = 0
        """Bumped on every change, so cached renderings of hits know they are stale."""
        self._joining = Lock()
        self._text: str | None = None
        self._lowered: str | None = None
        self._starts: list[int] = []
        self._positions: list[int] = []

    @property
    def count(self) -> int:
        """How many hits there are."""
        return len(self._positions)

    def search(self, query: str) -> None:
        """Find and show every non-overlapping occurrence of ``query``; smart-case.

        Case is ignored unless the query has an upper-case letter (as in less
        ``-i`` and vim ``smartcase``). ``""`` clears the hits.
        """
        found = self.find(query)
        assert found is not None  # never cancelled without a cancel check
        self.apply(found)

    def find(self, query: str, cancelled: Callable[[], bool] = _never) -> Found | None:
        """The hits of ``query``, without showing them; safe to call from a worker thread.

        Args:
            query: The text to find (smart-case, literal); ``""`` finds nothing.
            cancelled: Asked between chunks of the text; when it returns True the
                search stops and returns ``None`` (a newer query has come).

        Returns:
            The hits, or ``None`` when cancelled.
        """
        query = " ".join(query.splitlines())
        if not query:
            return Found(query, [])
        ignore_case = query == query.lower()
        haystack = self._haystack(lowered=ignore_case)
        needle = _lower_same_length(query) if ignore_case else query
        pattern = re.compile(re.escape(needle))
        positions: list[int] = []
        start, length, overlap = 0, len(haystack), len(needle) - 1
        while start < length:
            if cancelled():
                return None
            limit = min(start + SEARCH_CHUNK, length)
            # Matches starting before ``limit``; one may run on past it.
            positions.extend(m.start() for m in pattern.finditer(haystack, start, limit + overlap))
            start = max(limit, positions[-1] + len(needle)) if positions else limit
        return Found(query, positions)

    def apply(self, found: Found) -> None:
        """Make ``found`` the current hits (none selected yet)."""
        self.query = found.query
        self.generation += 1
        self.selected = None
        self._positions = found.positions

    @property
    def prepared(self) -> bool:
        """Whether the text is joined, so a search starts at once."""
        return self._lowered is not None

    def prepare(self) -> None:
        """Join (and lower-case) the text now, so the first search does not wait for it.

        Some 20-40 ms for a 5 MB book; the app runs it in a worker once the whole
        document shows (and again, at no cost, when the search field opens).
        """
        self._haystack(lowered=True)

    def _haystack(self, *, lowered: bool) -> str:
        with self._joining:  # a worker may be joining it already: wait, do not join twice
            if self._text is None:
                texts = [display_text(p) for p in self.document.paragraphs]
                starts = []
                position = 0
                for text in texts:
                    starts.append(position)
                    position += len(text) + 1
                starts.append(position)
                self._starts = starts
                self._text = "\n".join(texts)
            if not lowered:
                return self._text
            if self._lowered is None:
                self._lowered = _lower_same_length(self._text)
            return self._lowered

    def _first_hit_in(self, paragraph: int) -> int:
        """Index of the first hit at or after the start of ``paragraph``."""
        return bisect_left(self._positions, self._starts[paragraph])

    def first_from(self, paragraph: int) -> int:
        """The first hit in or after ``paragraph``, wrapping to the first hit."""
        position = self._first_hit_in(paragraph) if self.count else 0
        return position if position < self.count else 0

    def next_from(self, paragraph: int, step: int) -> int:
        """The hit ``n`` (``step`` 1) or ``N`` (-1) goes to from ``paragraph``.

        The first hit in or after the paragraph, or the last in or before it; the
        result is ``count`` (past the last) or -1 (before the first) when there is
        none that way, so the caller can say it wraps.
        """
        if step > 0:
            return self._first_hit_in(paragraph)
        return self._first_hit_in(paragraph + 1) - 1

    def step(self, paragraph: int, step: int) -> bool:
        """Select the hit ``n`` (``step`` 1) or ``N`` (-1) goes to from ``paragraph``.

        The hit after the selected one when that is in ``paragraph`` (the one
        being read), otherwise :meth:`next_from` (the reader moved since). Wraps
        around the ends; needs at least one hit.

        Returns:
            Whether it wrapped, so the caller can say so as less does.
        """
        selected = self.selected
        if selected is not None and self.paragraph_of(selected) == paragraph:
            target = selected + step
        else:
            target = self.next_from(paragraph, step)
        self.selected = target % self.count
        self.generation += 1  # the selected hit is drawn differently
        return target != self.selected

    def offset_of(self, hit: int) -> int:
        """Where hit number ``hit`` starts in its paragraph's display text."""
        return self._positions[hit] - self._starts[self.paragraph_of(hit)]

    def paragraph_of(self, hit: int) -> int:
        """The paragraph hit number ``hit`` is in."""
        return bisect_right(self._starts, self._positions[hit]) - 1

    def in_range(self, start: int, end: int) -> bool:
        """Whether any hit lies in paragraphs ``start`` to ``end - 1``."""
        if not self.count:
            return False
        position = self._first_hit_in(start)
        return position < self.count and self._positions[position] < self._starts[end]

    def spans_in(self, paragraph: int) -> list[tuple[int, int, bool]]:
        """``(start, end, selected)`` of each hit in ``paragraph``, offsets in its display text."""
        if not self.count:
            return []
        base = self._starts[paragraph]
        first = bisect_left(self._positions, base)
        last = bisect_left(self._positions, self._starts[paragraph + 1], lo=first)
        length = len(self.query)
        return [
            (
                self._positions[hit] - base,
                self._positions[hit] - base + length,
                hit == self.selected,
            )
            for hit in range(first, last)
        ]
