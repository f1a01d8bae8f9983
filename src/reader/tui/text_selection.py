"""Selecting a passage of one paragraph by keys: words, sentences, ends (no Textual here).

A :class:`TextSelection` is a span of one paragraph's text between a fixed
*anchor* and a moving *head*, both offsets between characters (``0`` to
``len(text)``), as in vim's visual mode: ``v`` selects the paragraph's first
word, and each motion moves the head while the anchor stays. A motion lands on
the boundary that keeps the selection whole: forward on the selection's end side
it reaches the *end* of the next word or sentence (each ``w`` adds a word), on
its start side the *start* of one (each ``w`` takes one away), and backward
likewise; ``o`` swaps the ends, so the other end moves. The selected passage is
the span with the white space at its edges left out (:meth:`TextSelection.span`).

Words are runs of non-space characters (a word keeps the punctuation attached
to it: a highlight ends after "world," rather than before its comma); sentences
end after ``.``, ``!``, ``?`` or ``…`` (and any closing quotes or brackets)
followed by white space or the end of the text, except after a single capital
letter (an initial: "I. A. Richards") or a common abbreviation ("Mr.", "e.g.").
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from functools import lru_cache

__all__ = [
    "Motion",
    "TextSelection",
    "sentence_spans",
    "word_spans",
]

_WORD = re.compile(r"\S+")
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s|$)")
_ABBREVIATIONS = frozenset(
    {"mr", "mrs", "ms", "dr", "st", "prof", "sr", "jr", "vs", "etc", "e.g", "i.e", "cf", "no"}
)


class Motion(StrEnum):
    """Where a key moves the selection's head (the key in brackets)."""

    WORD_FORWARD = "word_forward"  # w
    WORD_BACK = "word_back"  # b
    WORD_END = "word_end"  # e
    SENTENCE_FORWARD = "sentence_forward"  # )
    SENTENCE_BACK = "sentence_back"  # (
    START = "start"  # 0
    END = "end"  # $
    CHAR_FORWARD = "char_forward"  # shift+right
    CHAR_BACK = "char_back"  # shift+left
    LINE_DOWN = "line_down"  # shift+down
    LINE_UP = "line_up"  # shift+up
    SWAP = "swap"  # o


@lru_cache(maxsize=8)
def word_spans(text: str) -> tuple[tuple[int, int], ...]:
    """The ``(start, end)`` of every word of ``text`` (runs of non-space characters)."""
    return tuple(match.span() for match in _WORD.finditer(text))


@lru_cache(maxsize=8)
def sentence_spans(text: str) -> tuple[tuple[int, int], ...]:
    """The ``(start, end)`` of every sentence of ``text``, white space between them left out.

    A text with no sentence end is one sentence; so is the rest after the last end.
    """
    spans: list[tuple[int, int]] = []
    start = _skip_space(text, 0)
    for match in _SENTENCE_END.finditer(text):
        end = match.end()
        if end <= start or _is_abbreviation(text, match.start()):
            continue
        spans.append((start, end))
        start = _skip_space(text, end)
    last = len(text.rstrip())
    if start < last:
        spans.append((start, last))
    return tuple(spans)


def _skip_space(text: str, offset: int) -> int:
    while offset < len(text) and text[offset].isspace():
        offset += 1
    return offset


def _is_abbreviation(text: str, dot: int) -> bool:
    """True when the full stop at ``dot`` ends an initial or a common abbreviation."""
    if text[dot] != ".":
        return False
    start = dot
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    word = text[start:dot].lstrip("\"'“‘(«[")
    if len(word) == 1 and word.isupper():
        return True
    return word.casefold() in _ABBREVIATIONS


@dataclass(frozen=True, slots=True)
class TextSelection:
    """A selection within one paragraph: its text, the fixed anchor and the moving head.

    Attributes:
        paragraph: The paragraph's index.
        text: The paragraph's text (what the offsets count in).
        anchor: The end that stays (an offset between characters).
        head: The end the motions move.
    """

    paragraph: int
    text: str
    anchor: int
    head: int

    @classmethod
    def first_word(cls, paragraph: int, text: str) -> TextSelection:
        """The selection ``v`` starts with: the paragraph's first word (empty for blank text)."""
        words = word_spans(text)
        start, end = words[0] if words else (0, 0)
        return cls(paragraph, text, start, end)

    @classmethod
    def between(cls, paragraph: int, text: str, anchor: int, head: int) -> TextSelection:
        """The selection from ``anchor`` to ``head`` (a mouse drag), clamped to the text."""
        size = len(text)
        return cls(paragraph, text, min(max(anchor, 0), size), min(max(head, 0), size))

    @property
    def start(self) -> int:
        """The first offset covered."""
        return min(self.anchor, self.head)

    @property
    def end(self) -> int:
        """The offset just past the last character covered."""
        return max(self.anchor, self.head)

    def span(self) -> tuple[int, int] | None:
        """The passage selected, white space at its edges left out; ``None`` when empty."""
        start, end = self.start, self.end
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and self.text[end - 1].isspace():
            end -= 1
        return (start, end) if start < end else None

    def moved(self, motion: Motion, lines: Sequence[tuple[int, int]] = ()) -> TextSelection:
        """The selection after ``motion``.

        Args:
            motion: Where the head goes.
            lines: The paragraph's wrapped lines as ``(start, end)`` spans, for
                :attr:`Motion.LINE_DOWN` and :attr:`Motion.LINE_UP` (without them
                those go to the text's end and start).
        """
        if motion is Motion.SWAP:
            return replace(self, anchor=self.head, head=self.anchor)
        return replace(self, head=self._target(motion, lines))

    def _target(self, motion: Motion, lines: Sequence[tuple[int, int]]) -> int:
        head, size = self.head, len(self.text)
        if motion is Motion.START:
            return 0
        if motion is Motion.END:
            return size
        if motion is Motion.CHAR_FORWARD:
            return min(head + 1, size)
        if motion is Motion.CHAR_BACK:
            return max(head - 1, 0)
        if motion in (Motion.LINE_DOWN, Motion.LINE_UP):
            return _line_target(lines, head, 1 if motion is Motion.LINE_DOWN else -1, size)
        if motion is Motion.WORD_END:
            ends = [end for _, end in word_spans(self.text)]
            return _after(ends, head, size)
        units = (
            word_spans(self.text)
            if motion in (Motion.WORD_FORWARD, Motion.WORD_BACK)
            else sentence_spans(self.text)
        )
        forward = motion in (Motion.WORD_FORWARD, Motion.SENTENCE_FORWARD)
        return self._unit_target(units, forward)

    def _unit_target(self, units: Sequence[tuple[int, int]], forward: bool) -> int:
        """The next word or sentence boundary: ends on the end side, starts on the start side.

        The head that crosses the anchor changes side, and lands on the boundary
        of that side (so the selection never holds a stray part of a word).
        """
        head, anchor, size = self.head, self.anchor, len(self.text)
        starts = [start for start, _ in units]
        ends = [end for _, end in units]
        if forward:
            if head >= anchor:
                return _after(ends, head, size)
            target = _after(starts, head, size)
            return target if target <= anchor else _after(ends, anchor, size)
        if head <= anchor:
            return _before(starts, head)
        target = _before(ends, head)
        return target if target > anchor else _before(starts, anchor)


def _after(boundaries: Sequence[int], offset: int, default: int) -> int:
    """The first boundary past ``offset`` (``default`` when there is none)."""
    position = bisect_right(boundaries, offset)
    return boundaries[position] if position < len(boundaries) else default


def _before(boundaries: Sequence[int], offset: int) -> int:
    """The last boundary before ``offset`` (0 when there is none)."""
    position = bisect_left(boundaries, offset)
    return boundaries[position - 1] if position else 0


def _line_target(lines: Sequence[tuple[int, int]], head: int, step: int, size: int) -> int:
    """The offset in the next (``step`` 1) or previous (-1) line at the head's column."""
    if not lines:
        return size if step > 0 else 0
    starts = [start for start, _ in lines]
    line = max(bisect_right(starts, head) - 1, 0)
    target = line + step
    if target < 0:
        return 0
    if target >= len(lines):
        return size
    column = head - lines[line][0]
    start, end = lines[target]
    return min(start + column, end)
