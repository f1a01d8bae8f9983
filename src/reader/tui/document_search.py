"""Find text in a whole document fast enough to search as the user types.

All paragraphs are joined once into one string (and once more lower-cased), so a
search is a loop of C-speed ``str.find`` calls over 5 MB rather than 30k Python
calls; each hit is mapped back to its paragraph with ``bisect``. Matching is
literal: the query is never a pattern.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from reader.model import Document, Paragraph, ParagraphKind

__all__ = ["SearchHits", "display_text"]

_TAB_SIZE = 4


def display_text(paragraph: Paragraph) -> str:
    """The paragraph's text as the view shows it (tabs of code expanded), hits index this."""
    if paragraph.kind in (ParagraphKind.CODE, ParagraphKind.TABLE):
        return paragraph.text.expandtabs(_TAB_SIZE)
    return paragraph.text


def _lower_same_length(text: str) -> str:
    """``text.lower()``, except characters whose lower case is longer stay as they are.

    Offsets into the lower-cased text must be offsets into the original one.
    """
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


class SearchHits:
    """The hits of one query in a document, and which one is selected.

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
        self._text: str | None = None
        self._lowered: str | None = None
        self._starts: list[int] = []
        self._paragraphs: list[int] = []
        self._offsets: list[int] = []

    @property
    def count(self) -> int:
        """How many hits there are."""
        return len(self._paragraphs)

    def search(self, query: str) -> None:
        """Find every non-overlapping occurrence of ``query``; smart-case.

        Case is ignored unless the query has an upper-case letter (as in less
        ``-i`` and vim ``smartcase``). ``""`` clears the hits.
        """
        query = " ".join(query.splitlines())
        self.query = query
        self.generation += 1
        self.selected = None
        self._paragraphs = []
        self._offsets = []
        if not query:
            return
        ignore_case = query == query.lower()
        haystack = self._haystack(lowered=ignore_case)
        needle = _lower_same_length(query) if ignore_case else query
        starts = self._starts
        paragraphs = self._paragraphs
        offsets = self._offsets
        paragraph = 0
        position = haystack.find(needle)
        while position >= 0:
            paragraph = bisect_right(starts, position, lo=paragraph) - 1
            paragraphs.append(paragraph)
            offsets.append(position - starts[paragraph])
            position = haystack.find(needle, position + len(needle))

    def _haystack(self, *, lowered: bool) -> str:
        if self._text is None:
            texts = [display_text(p) for p in self.document.paragraphs]
            starts = []
            position = 0
            for text in texts:
                starts.append(position)
                position += len(text) + 1
            self._starts = starts
            self._text = "\n".join(texts)
        if not lowered:
            return self._text
        if self._lowered is None:
            self._lowered = _lower_same_length(self._text)
        return self._lowered

    def first_from(self, paragraph: int) -> int:
        """The first hit in or after ``paragraph``, wrapping to the first hit."""
        position = bisect_left(self._paragraphs, paragraph)
        return position if position < self.count else 0

    def paragraph_of(self, hit: int) -> int:
        """The paragraph hit number ``hit`` is in."""
        return self._paragraphs[hit]

    def in_range(self, start: int, end: int) -> bool:
        """Whether any hit lies in paragraphs ``start`` to ``end - 1``."""
        position = bisect_left(self._paragraphs, start)
        return position < self.count and self._paragraphs[position] < end

    def spans_in(self, paragraph: int) -> list[tuple[int, int, bool]]:
        """``(start, end, selected)`` of each hit in ``paragraph``, offsets in its display text."""
        first = bisect_left(self._paragraphs, paragraph)
        last = bisect_right(self._paragraphs, paragraph, lo=first)
        length = len(self.query)
        return [
            (self._offsets[hit], self._offsets[hit] + length, hit == self.selected)
            for hit in range(first, last)
        ]

    def paragraphs(self) -> list[int]:
        """The paragraphs with hits, once each, in order."""
        return list(dict.fromkeys(self._paragraphs))
