"""Plain text whose line breaks mean something: numbered verses, poetry and drama.

Most plain text is prose hard-wrapped at a fixed width, and its line breaks are
only where the line was full. Two other layouts carry meaning in their lines:

* **Numbered lines**: scripture as the ``bible`` program prints it (a ``Genesis 1``
  line, then ``  1 In the beginning ...`` with each verse's number at the start
  of its line), or any text numbered line by line. Every number starts a unit a
  reader cites and annotates, so each is a paragraph of its own; the line naming
  a chapter whose verse 1 follows is that chapter's heading.
* **Line-broken blocks**: verse, drama, cast lists, letters' closings. A line
  that ends although the next word would have fitted was broken on purpose; a
  block with such breaks whose lines are short for the document, or each start
  with a capital as lines of verse do, keeps its lines (see
  :func:`is_line_broken`).

A greedy wrapper never breaks a line that the next word would have fitted, so
prose wrapped by one is never taken for verse, whatever its width. Line breaks
do not change anchors: normalisation folds them into spaces.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise, repeat
from operator import add, le

from reader.readers.textblocks import BULLET, CJK_BREAK

__all__ = [
    "VERSE_START",
    "is_centred",
    "is_chapter_line",
    "is_line_broken",
    "is_reference_line",
    "prose_width",
    "referenced_lines",
    "split_verses",
    "starts_verse_one",
]

_VERSE = re.compile(r"[ \t]*(?:\d{1,3}:)?(\d{1,3})[ \t]+(?=\S)")
"""A line opening with a verse or line number (``  12 ...``, ``3:12 ...``)."""

_VERSES = re.compile(
    r"[ \t]*(?:\d{1,3}:)?\d{1,3}[ \t]+\S[^\n]*\n(?:[^\n]*\n)*?[ \t]*(?:\d{1,3}:)?\d{1,3}[ \t]+\S"
)
"""A block opening with a numbered line that has another numbered line below."""

VERSE_START = frozenset(" \t0123456789")
"""First characters of every line :data:`_VERSE` matches (a cheap test to run first)."""

_CHAPTER_LINE = re.compile(
    r"(?:[1-4] )?[A-Z][\w'’]+(?: (?:of|the|and|[A-Z][\w'’]+))*\.? \d{1,3}",
)
"""``Genesis 1``, ``1 Samuel 3``, ``Song of Solomon 2``, ``Psalm 23``."""

_REFERENCE = re.compile(
    r"[ \t]*((?:[1-4] ?)?[A-Z][^\W\d_]{0,15}\.?(?: (?:of|[A-Z][^\W\d_]{0,15}\.?)){0,2})"
    r"[ \t]+(\d{1,3}):\d{1,3}:?[ \t]+(?=\S)"
)
"""A line opening with a scripture reference: ``Ge 1:1 ...``, ``1 John 4:8 ...``,
``Song of Solomon 2:1: ...`` (the book as printed, then chapter and verse)."""

_REFERENCED = 0.9
"""Share of a block's lines that must open with a reference for a verse a line."""

_FIRST_WORDS = re.compile(r"\n[ \t]*(\S*)")
_LOWER_START = re.compile(r"\n[ \t]*[a-z0-9]")

_PROSE_SAMPLE = 200_000
"""Characters sampled to measure how wide the document's wrapped prose is."""

_SHORT = 0.85
"""A block whose widest line is under this share of the prose width has short lines."""


def split_verses(lines: Sequence[str]) -> list[list[str]] | None:
    """Cut a block into numbered units: each line opening with the next number
    starts one, other lines continue it.

    Args:
        lines: The block's non-blank lines, as written.

    Returns:
        The units' lines, or ``None`` unless the block starts with a numbered line
        and at least two consecutive numbers follow each other (a wrapped line of
        prose that happens to start with a number is not a verse).
    """
    first = _VERSE.match(lines[0])
    if first is None:
        return None
    expected = int(first.group(1)) + 1
    units = [[lines[0]]]
    for line in lines[1:]:
        match = _VERSE.match(line) if line[:1] in VERSE_START else None
        if match is not None and int(match.group(1)) == expected:
            units.append([line])
            expected += 1
        else:
            units[-1].append(line)
    return units if len(units) > 1 else None


def is_reference_line(line: str) -> bool:
    """Whether ``line`` opens with a scripture reference (``Ge 1:1 ...``); asked of
    a line of every block, so a line with no colon near its start costs one scan."""
    return ":" in line[:40] and _REFERENCE.match(line) is not None


def referenced_lines(lines: Sequence[str]) -> list[tuple[str, str] | None] | None:
    """A verse a line: the book and chapter each line's reference names.

    Scripture exported a verse to a line (``Ge 1:1 In the beginning ...``, as
    many Bible programs and data sets write it) is not wrapped: each line is a
    unit a reader cites, with no blank line between. Returns ``(book, chapter)``
    for each line, ``None`` for a line without a reference (a book's title, a
    marker), or ``None`` for the block unless it has two lines or more and
    nine in ten of them open with a reference.
    """
    if len(lines) < 2:
        return None
    found = [_REFERENCE.match(line) for line in lines]
    if sum(match is not None for match in found) < _REFERENCED * len(lines):
        return None
    return [None if m is None else (m.group(1), m.group(2)) for m in found]


def may_hold_verses(block: str) -> bool:
    """Whether a block could be numbered lines: it starts with a number and another
    line does too (one regex scan; :func:`split_verses` decides)."""
    return _VERSES.match(block) is not None


def starts_verse_one(line: str) -> bool:
    """Whether ``line`` opens verse 1 (``  1 In the beginning``, ``3:1 ...``)."""
    match = _VERSE.match(line)
    return match is not None and match.group(1) == "1"


def is_chapter_line(line: str) -> bool:
    """Whether ``line`` reads as a book and chapter number (``Genesis 1``, ``1 John 4``)."""
    return len(line) <= 40 and _CHAPTER_LINE.fullmatch(line) is not None


def lead_in_display(lines: Sequence[str]) -> tuple[int, int] | None:
    """Where lines set deeper under a lead-in ending in a colon start and end.

    A text dump (``lynx -dump``, a man page, a README) shows an example, a
    command or a list of URLs indented deeper than the paragraph that introduces
    it, often with no blank line between (``   The format is:`` over
    ``      wais://host:port/database``). The paragraph ends at its colon and the
    display is a unit of its own, as in the page it was dumped from. Returns
    ``(start, end)``: ``lines[start:end]`` are the first such display, each
    indented deeper than the text of the lead-in line before ``start`` (for a
    list item, deeper than its text, not its marker); None when there is none.
    A wrapper never indents a paragraph's later lines after a colon, so prose
    is never cut by this.
    """
    for start in range(1, len(lines)):
        lead = lines[start - 1].rstrip()
        if not lead.endswith(":"):
            continue
        bullet = BULLET.match(lead)  # a list item's later lines hang under its text
        shallow = len(lead) - len(lead[bullet.end() :].lstrip()) if bullet else _indent(lead)
        if _indent(lines[start]) <= shallow:
            continue
        end = start + 1
        while end < len(lines) and _indent(lines[end]) > shallow:
            end += 1
        return start, end
    return None


def kept_as_set(lines: Sequence[str], width: int) -> bool:
    """Whether a display's lines (:func:`lead_in_display`, stripped) are as their
    author set them: at least half of the breaks came before a word that would
    have fitted in the document's ``width`` (72 when unknown), which a wrapper
    never does. A list of URLs or a command is; a quotation wrapped like the
    prose around it is not, and is joined.
    """
    if len(lines) < 2:
        return False
    width = width or 72
    early = sum(
        len(line) + 1 + len(following.split(maxsplit=1)[0]) <= width
        for line, following in pairwise(lines)
        if following
    )
    return 2 * early >= len(lines) - 1


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def is_centred(line: str, width: int) -> bool:
    """Whether ``line`` (as written) stands in the middle of the document's ``width``.

    Plain text has no markup for a title or a heading, so authors centre them by
    hand (``                            Preamble`` in the GNU GPL): indented well
    past a paragraph's indent, with about as much room on its right. A line
    pushed to the right (a signature, an attribution) has little room there.
    """
    if not width:
        return False
    indent = _indent(line)
    right = width - len(line.rstrip())
    return indent >= 8 and right >= 4 and abs(indent - right) <= max(8, width // 4)


def prose_width(text: str) -> int:
    """How wide the document's wrapped prose is: a high percentile of its line lengths.

    Lines shorter than 20 characters (headings, ends of paragraphs) are left out;
    0 when the sample has too few lines to tell.
    """
    lengths = sorted(n for n in map(len, text[:_PROSE_SAMPLE].split("\n")) if n >= 20)
    if len(lengths) < 20:
        return 0
    return lengths[int(len(lengths) * 0.9)]


def is_line_broken(lines: Sequence[str], width: int) -> bool:
    """Whether a block's line breaks are the author's (verse, drama), not a wrapper's.

    Args:
        lines: The block's lines as written (leading indentation counts the same
            on every line, so it is kept); none ends in a hyphen or dash (a word
            the wrapper split: the caller reads such blocks as prose).
        width: The document's :func:`prose_width` (0: unknown).

    Returns:
        False unless some break came before a word that would have fitted on
        the line (a greedy wrapper never does that). Then True when at least half
        of the breaks are such and the lines are short for the document, or when
        every line starts with a capital (or a quote or dash), as lines of verse
        do, in a block not all in capitals, and either half of the breaks are
        such or there are four lines or more (pentameter lines are all about as
        long: one break may show). The
        count runs in C (a regex, ``map`` over ``len`` and ``operator``): it is
        asked of every paragraph of a book.
    """
    if len(lines) < 2:
        return False
    text = "\n".join(lines)
    if not text.isascii() and CJK_BREAK.search(text) is not None:
        return False  # Chinese or Japanese: a wrapper breaks between any two characters
    lengths = list(map(len, lines))
    widest = max(lengths[:-1])  # a last line is never full: longer, it was not wrapped
    short = bool(width) and widest < _SHORT * width
    if not short and _LOWER_START.search(text) is not None:
        return False  # prose as wide as the rest, with a line starting in lower case
    words = map(len, _FIRST_WORDS.findall(text))  # of every line but the first
    deliberate = sum(map(le, map(add, lengths, words), repeat(widest - 1)))
    if not deliberate:
        return False
    if short and 2 * deliberate >= len(lines) - 1:
        return True
    if text.isupper():
        return False  # ALL-CAPS prose (a licence's disclaimer): capitals tell nothing
    capitals = all(_opens_line(line.lstrip()) for line in lines)
    return capitals and (2 * deliberate >= len(lines) - 1 or len(lines) > 3)


def _opens_line(line: str) -> bool:
    first = line[:1]
    return first.isupper() or not (first.isalnum() or first.isspace())
