"""Join a PDF paragraph's lines into one text, undoing line-end hyphenation.

A hyphen at a line end is either typesetting (``im-`` / ``prove``) or part of
the word (``cross-`` / ``section``). The document itself says which: the
joined word (``improve``) or the hyphenated compound (``cross-section``)
usually occurs elsewhere in it. :class:`Hyphenation` counts the words of the
whole document once and decides each break by that evidence, then by whether
both halves are words of their own.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence

__all__ = ["Hyphenation"]

_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_HYPHENS = ("-", "\u00ad", "\u2010")
_LEADING_WORD = re.compile(r"[^\W\d_]+")
_TRAILING_WORD = re.compile(r"([^\W\d_]+)[-\u00ad\u2010]$")
_MIN_PART = 3  # a half this short ("im", "re") is a prefix, not a word of its own


class Hyphenation:
    """Decides how two lines of a paragraph are joined, from the document's words."""

    def __init__(self, lines: Iterable[str]) -> None:
        """Count the words of the document's lines (in reading order).

        The halves of words broken at line ends are left out: they are what is
        being decided, and counting them would make every half a word.
        """
        words: Counter[str] = Counter()
        broken = False
        for line in lines:
            found = _WORD.findall(line.casefold())
            ends_broken = line.rstrip().endswith(_HYPHENS)
            if found and broken:
                found = found[1:]
            if found and ends_broken:
                found = found[:-1]
            broken = ends_broken
            for word in found:
                words[word] += 1
                if "-" in word:
                    words.update(word.split("-"))
        self._words = words

    def join(self, parts: Sequence[str]) -> str:
        """The lines of one paragraph as one text."""
        text = parts[0].strip()
        for part in parts[1:]:
            part = part.strip()
            if not part:
                continue
            if not text:
                text = part
            elif text.endswith(_HYPHENS) and len(text) > 1 and text[-2].isalpha():
                text = self._join_hyphenated(text, part)
            else:
                text = f"{text} {part}"
        return text

    def _join_hyphenated(self, text: str, part: str) -> str:
        before = _TRAILING_WORD.search(text)
        after = _LEADING_WORD.match(part)
        if before is None or after is None:
            return text + part  # "--" or a hyphen before a digit: keep as printed
        if not part[0].islower():
            return text[:-1] + "-" + part  # Springer-Verlag, pre-Raphaelite: a real hyphen
        head, tail = before.group(1).casefold(), after.group().casefold()
        joined = self._words[head + tail]
        compound = self._words[f"{head}-{tail}"]
        if joined > compound:
            return text[:-1] + part
        if compound > joined or (
            len(head) >= _MIN_PART
            and len(tail) >= _MIN_PART
            and self._words[head] > 1
            and self._words[tail] > 1
        ):
            return text[:-1] + "-" + part
        return text[:-1] + part
