"""Rebuild paragraphs and headings from the lines of text on PDF pages.

A PDF holds positioned lines, not paragraphs. Page furniture is sorted out
first (:mod:`reader.readers.pdf_pages`: running headers and footers dropped,
contents pages kept as boilerplate, footnotes set apart, columns put in reading
order). Headings come from the outline when the PDF has one, else from font
size. The remaining lines are joined into paragraphs; a new one starts where
the author's layout says so:

* a vertical gap larger than the usual line spacing;
* a first-line indent;
* a short last line: the line before ended early although the next line's
  first word would have fitted (this also holds in ragged-right text);
* a change of font size or between text and program code.

None of these holds at a page or column break unless the paragraph really
ended there, so a paragraph running onto the next page stays whole; the
page's footnotes follow it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from reader.anchors import normalize
from reader.model import ParagraphKind
from reader.readers.pdf_line import Line, OutlineEntry
from reader.readers.pdf_pages import (
    PageRoles,
    body_size,
    join_split_lines,
    page_roles,
    reading_order,
    typical_spacing,
)
from reader.readers.pdf_words import Hyphenation

__all__ = ["Line", "OutlineEntry", "Piece", "first_page_title", "layout"]

_BULLET = re.compile(r"^([•◦▪‣●○■□–—\-*]|\(?\d{1,3}[.)]|\(?[a-z][.)])\s+(?=\S)")
_NUMBERED_HEADING = re.compile(
    r"(\d{1,2}(?:\.\d{1,2}){0,4}\.?|[A-Z]\.(?:\d{1,2}\.?){0,4})\s+[^\W\d_]"
)
_RUN_IN = re.compile(r"[^\W\d_]{2}[.:]\s+\S")  # "2.1. Intrusive extension. When ...": text
_SECTION_NUMBER = re.compile(r"^(?:\d+|[a-z])(?:\.\d+)*\.?\s+")
_CHAPTER_LABEL = re.compile(
    r"(?:chapter|part|appendix)(?:\s+\S+)?|\d{1,3}|[ivxlc]{1,6}|[a-z]|one|two|three|four|five"
    r"|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen"
    r"|eighteen|nineteen|twenty",
    re.IGNORECASE,
)
_FOOTNOTE_MARK = re.compile(r"^(\d{1,3}|[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3}|[*†‡§¶])\s?")
_END_OF_SENTENCE = (".", "!", "?", ":", '"', "”", "’", ")")
_HEADING_RATIO = 1.15  # a line this much larger than the body text is a heading
_MAX_HEADING = 120  # characters
_BOLD_SHARE = 0.3
_HEADING_LINES = 3  # a heading title wraps onto at most this many lines
_GAP = 1.35  # a gap this many times the line spacing separates paragraphs
_CODE_GAP = 2.2  # code keeps its blank lines up to this gap
_MATH = re.compile(r"[=<>≤≥≈≠∑∏∫√∂∞±×·−∈∀∃→⊂∪∩^|\x00-\x1f]")
_WORDS = re.compile(r"[^\W\d_]+")
_SYMBOL = 3  # characters: a piece of a formula (a fraction's "n", a "(4)"), not a word
_FORMULA_GAP = 3.0  # rows of one displayed formula are at most this many lines apart
_RAGGED = 0.12  # a line ending this share of the column early may still be full
_INDENT = 0.6  # a first-line indent of this many ems starts a paragraph


@dataclass(frozen=True, slots=True)
class Piece:
    """A heading (``kind is None``) or a paragraph in reading order."""

    text: str
    kind: ParagraphKind | None
    level: int = 0
    marker: str = ""
    boilerplate: bool = False


@dataclass(frozen=True, slots=True)
class _Column:
    """Where the text of one column of one page starts and ends."""

    left: float
    right: float


def layout(
    lines: Sequence[Line], outline: Sequence[OutlineEntry], title: str = ""
) -> Iterator[Piece]:
    """Turn the lines of every page into headings and paragraphs.

    Args:
        lines: All lines of the document, page by page in PDFium's order.
        outline: The PDF outline (bookmarks), empty when it has none.
        title: The document's title, which running headers often repeat.
    """
    lines = join_split_lines(lines)
    roles = page_roles(lines, title)
    kept = [i for i in range(len(lines)) if i not in roles.running]
    if not kept:
        return
    size = body_size([lines[i] for i in kept])
    headings = (
        _outline_headings(lines, kept, outline)
        if outline
        else _size_headings(lines, kept, size, roles)
    )
    yield from _Builder(lines, roles, headings, outline, size).run(kept)


def first_page_title(lines: Sequence[Line]) -> str:
    """The largest type on the first page with text (its lines joined): the title as printed."""
    if not lines:
        return ""
    first = lines[0].page
    page = [line for line in lines if line.page == first and line.text.strip()]
    largest = max(line.size for line in page)
    if largest < body_size(lines) * _HEADING_RATIO:
        return ""
    title: list[str] = []
    for line in page:
        if abs(line.size - largest) < 0.5:
            title.append(line.text.strip())
        elif title:
            break
    return " ".join(title)[: _MAX_HEADING * 2]


def _outline_headings(
    lines: Sequence[Line], kept: Sequence[int], outline: Sequence[OutlineEntry]
) -> dict[int, tuple[int, int]]:
    """Map line index -> (heading level, last line of the title) for each bookmark found."""
    by_page: dict[int, list[int]] = defaultdict(list)
    for i in kept:
        by_page[lines[i].page].append(i)
    found: dict[int, tuple[int, int]] = {}
    for entry in outline:
        wanted = _title_key(entry.title)
        if not wanted:
            continue
        # a bookmark may point at the page before or after its heading (destinations
        # are often set a little off); its own page is searched first
        for page in (entry.page, entry.page + 1, entry.page - 1):
            match = _find_title(lines, by_page.get(page, []), wanted, found)
            if match is not None:
                found[match[0]] = (entry.level, match[1])
                break
    return found


def _find_title(
    lines: Sequence[Line], indices: list[int], wanted: str, found: dict[int, tuple[int, int]]
) -> tuple[int, int] | None:
    """The first and last line (of ``indices``) whose joined text is the title ``wanted``."""
    for position, i in enumerate(indices):
        if i in found:
            continue
        text = lines[i].text
        for end in range(position, min(position + _HEADING_LINES, len(indices))):
            if end > position:
                text = f"{text} {lines[indices[end]].text}"
            key = _title_key(text)
            if key == wanted:
                return i, indices[end]
            if not wanted.startswith(key):
                break
    return None


def _title_key(text: str) -> str:
    """A heading's text without its section number: "2.1 ASN.1 syntax" -> "asn.1 syntax"."""
    return _SECTION_NUMBER.sub("", normalize(text), count=1)


def _size_headings(
    lines: Sequence[Line], kept: Sequence[int], size: float, roles: PageRoles
) -> dict[int, tuple[int, int]]:
    """Map line index -> (level, last line) for headings found by their type.

    Short lines set larger than the body text rank by size. A short bold line
    opening with a section number (``3.1. Dealing with heteroskedasticity``) is
    a heading too, at the depth of its number below the unnumbered ones set
    larger (a paper's title).
    """

    # bold marks headings only where the text itself is not set in bold
    bold_stands_out = sum(lines[i].bold for i in kept) < _BOLD_SHARE * len(kept)

    def numbered(line: Line) -> bool:
        text = line.text.strip()
        return (
            ((line.bold and bold_stands_out) or line.size >= size * _HEADING_RATIO)
            and bool(_NUMBERED_HEADING.match(text))
            and _RUN_IN.search(text) is None
        )

    candidates = [
        i
        for i in kept
        if (lines[i].size >= size * _HEADING_RATIO or numbered(lines[i]))
        and len(lines[i].text) <= _MAX_HEADING
        and not lines[i].text.rstrip().endswith(".")
        and i not in roles.contents
    ]
    depth = {i: _section_depth(lines[i].text) for i in candidates if numbered(lines[i])}
    numbered_size = max((lines[i].size for i in depth), default=0.0)
    larger = sorted({round(lines[i].size) for i in candidates if i not in depth}, reverse=True)
    ranks = {s: rank + 1 for rank, s in enumerate(larger)}
    offset = sum(1 for s in larger if s > numbered_size + 0.5)
    # lines of one size that follow each other form one heading of up to three
    # lines; a longer block of them is a paragraph set large (an abstract)
    blocks: list[list[int]] = []
    for i in candidates:
        if blocks and i not in depth and blocks[-1][-1] not in depth:
            before, line = lines[blocks[-1][-1]], lines[i]
            if (
                blocks[-1][-1] == i - 1
                and before.page == line.page
                and abs(before.size - line.size) < 0.5
                and before.top - line.top < line.size * 1.6
            ):
                blocks[-1].append(i)
                continue
        blocks.append([i])
    found: dict[int, tuple[int, int]] = {}
    for block in blocks:
        first = block[0]
        if len(block) > _HEADING_LINES:
            continue
        level = offset + depth[first] if first in depth else ranks[round(lines[first].size)]
        found[first] = (min(level, 6), block[-1])
    return found


def _section_depth(text: str) -> int:
    """``3.1. Dealing with ...`` -> 2."""
    match = _NUMBERED_HEADING.match(text.strip())
    return match.group(1).rstrip(".").count(".") + 1 if match else 1


class _Builder:
    """Walks the lines in reading order, emitting headings and paragraphs."""

    def __init__(
        self,
        lines: Sequence[Line],
        roles: PageRoles,
        headings: dict[int, tuple[int, int]],
        outline: Sequence[OutlineEntry],
        size: float,
    ) -> None:
        self.lines = lines
        self.roles = roles
        self.headings = headings
        self.outline = outline
        self.size = size
        self.spacing = typical_spacing(lines, size)
        self.words = Hyphenation(line.text for line in lines)
        self.columns: dict[Line, _Column] = {}
        self.parts: list[str] = []
        self.kind = ParagraphKind.BODY
        self.marker = ""
        self.left = 0.0
        self.right = 0.0
        self.previous: Line | None = None
        self.notes: list[Piece] = []
        self.formula = False

    def run(self, kept: list[int]) -> Iterator[Piece]:
        lines = self.lines
        by_page: dict[int, list[int]] = defaultdict(list)
        for i in kept:
            by_page[lines[i].page].append(i)
        unplaced = self._unplaced_outline(by_page)
        skip: set[int] = set()
        for page in sorted(by_page):
            indices = by_page[page]
            body = [i for i in indices if i not in self.roles.footnotes]
            order, two_columns = reading_order(lines, body)
            self._measure_columns(order, two_columns)
            labels = self._chapter_labels(order)
            for entry in unplaced.pop(page, []):
                yield from self._flush()
                yield Piece(entry.title, None, level=entry.level)
            for position, i in enumerate(order):
                if i in skip or i in labels:
                    continue
                heading = self.headings.get(i)
                if heading is not None:
                    yield from self._flush()
                    level, last = heading
                    title = [lines[i].text.strip()]
                    for j in order[position + 1 :]:
                        if j > last:
                            break
                        skip.add(j)
                        title.append(lines[j].text.strip())
                    yield Piece(" ".join(title), None, level=level)
                    self.previous = None
                    continue
                if i in self.roles.contents:
                    yield from self._flush()
                    yield Piece(lines[i].text.strip(), ParagraphKind.BODY, boilerplate=True)
                    self.previous = None
                    continue
                yield from self._add(i)
            self.notes.extend(self._footnotes([i for i in indices if i in self.roles.footnotes]))
        yield from self._flush()
        for entries in unplaced.values():
            for entry in entries:
                yield Piece(entry.title, None, level=entry.level)

    def _add(self, i: int) -> Iterator[Piece]:
        line = self.lines[i]
        text = line.text.strip()
        formula = self._is_formula(line)
        if formula or self.formula:
            previous = self.previous
            if (
                formula
                and self.formula
                and previous is not None
                and previous.page == line.page
                and abs(previous.top - line.top) < self.spacing * _FORMULA_GAP
            ):
                self.parts.append(text)  # the next row of a displayed formula
                self.previous = line
                return
            yield from self._flush()
            self.formula = formula
            if formula:
                self.kind = ParagraphKind.BODY
                self.parts.append(text)
                self.previous = line
                return
        bullet = None if line.mono else _BULLET.match(text)
        if bullet is not None and not self._may_start_item(line):
            bullet = None  # a dash or number that merely wrapped to the line's start
        starts = bullet is not None or self._starts(line)
        if starts:
            yield from self._flush()
            self.kind = ParagraphKind.CODE if line.mono else ParagraphKind.BODY
            self.left = line.left
            self.right = line.right
            if bullet is not None:
                self.kind = ParagraphKind.LIST_ITEM
                self.marker = bullet.group(1)
                text = text[bullet.end() :]
                self.left = line.left + line.size  # the item's own lines are indented
        elif not line.mono:
            self.left = min(self.left, line.left)  # after an indented first line
            self.right = max(self.right, line.right)
        if line.mono:
            text = " " * self._indent_of(line) + text
        self.parts.append(text)
        self.previous = line

    def _starts(self, line: Line) -> bool:
        """Whether ``line`` starts a paragraph rather than continuing the open one."""
        previous = self.previous
        if previous is None or not self.parts:
            return True
        if previous.mono != line.mono or abs(line.size - previous.size) > 0.5:
            return True
        column = self._column(line)
        indented = not line.mono and line.left > max(self.left, column.left) + _INDENT * line.size
        if previous.page != line.page or self._column(previous) is not column:
            # a page or column break: the paragraph goes on unless it visibly ended
            ended = previous.text.rstrip().endswith(_END_OF_SENTENCE)
            edge = self.right if len(self.parts) > 1 else self._column(previous).right
            return indented or (ended and self._short(previous, line, edge))
        gap = previous.top - line.top
        spacing = self.spacing * line.size / self.size
        if gap < -line.size / 2 or gap > spacing * (_CODE_GAP if line.mono else _GAP):
            return True
        edge = max(self.right, line.right)
        return not line.mono and (indented or self._short(previous, line, edge))

    def _is_formula(self, line: Line) -> bool:
        """Whether ``line`` is (a row or a piece of) a displayed formula.

        Set off from the column's left edge, and made of symbols, digits and
        one-letter names rather than words: ``´ˆ = (X¦X)−1X¦y (2)``, or the
        ``1`` and ``n`` of a fraction printed on rows of their own.
        """
        if line.mono:
            return False
        text = line.text.strip()
        indented = line.left >= self._column(line).left + 2 * line.size
        if len(text) <= _SYMBOL:
            return indented or not text.isalpha()
        if not indented:
            return False
        words = sum(1 for word in _WORDS.findall(text) if len(word) > 2)
        return words == 0 or (_MATH.search(text) is not None and words <= max(1, len(text) // 25))

    def _may_start_item(self, line: Line) -> bool:
        """Whether a bullet at ``line``'s start can open a list item (not a wrapped dash)."""
        previous = self.previous
        if previous is None or not self.parts:
            return True
        return (
            previous.text.rstrip().endswith((*_END_OF_SENTENCE, ";"))
            or abs(line.left - self.left) > 1
            or self._short(previous, line, max(self.right, line.right))
        )

    def _short(self, previous: Line, line: Line, edge: float) -> bool:
        """Whether ``previous`` ended early although ``line``'s first word would have fitted.

        ``edge`` is where the paragraph's lines end: its widest line so far, or the
        next line (an abstract or a quotation is narrower than the column).
        """
        if previous.right <= 0 or line.right <= 0:
            return False
        column = self._column(previous)
        room = edge - previous.right
        word = line.text.split(maxsplit=1)[0] if line.text.strip() else ""
        width = (line.right - line.left) / max(len(line.text), 1)
        # lines set ragged by character count vary by a tenth of the column: not short
        return room > max((len(word) + 1) * width, _RAGGED * (column.right - column.left))

    def _indent_of(self, line: Line) -> int:
        """Spaces a code line is indented by, from its distance to the column's edge."""
        width = (line.right - line.left) / max(len(line.text), 1)
        if width <= 0:
            return 0
        return max(0, round((line.left - self._column(line).left) / width))

    def _measure_columns(self, order: list[int], two_columns: bool) -> None:
        """The left and right edge of the text of each column of one page."""
        lines = self.lines
        groups: dict[bool, list[int]] = defaultdict(list)
        for i in order:
            groups[two_columns and self._is_right(lines[i])].append(i)
        for indices in groups.values():
            lefts = sorted(lines[i].left for i in indices)
            rights = sorted(lines[i].right for i in indices if not lines[i].mono) or [0.0]
            column = _Column(lefts[len(lefts) // 10], rights[(len(rights) * 9) // 10])
            for i in indices:
                self.columns[lines[i]] = column

    def _column(self, line: Line) -> _Column:
        return self.columns.get(line) or _Column(line.left, line.right)

    @staticmethod
    def _is_right(line: Line) -> bool:
        middle = line.page_width / 2
        return middle > 0 and line.left >= middle - line.size

    def _chapter_labels(self, order: list[int]) -> set[int]:
        """``CHAPTER`` / ``ONE`` lines printed above a chapter's heading: not text."""
        labels: set[int] = set()
        for position, i in enumerate(order):
            if i not in self.headings:
                continue
            for j in reversed(order[max(0, position - 2) : position]):
                if _CHAPTER_LABEL.fullmatch(self.lines[j].text.strip()) is None:
                    break
                labels.add(j)
        return labels

    def _footnotes(self, indices: list[int]) -> Iterator[Piece]:
        note: list[str] = []
        marker = ""
        for i in sorted(indices, key=lambda i: -self.lines[i].top):
            text = self.lines[i].text.strip()
            if i in self.roles.footnote_starts:
                if note:
                    yield Piece(self.words.join(note), ParagraphKind.FOOTNOTE, marker=marker)
                match = _FOOTNOTE_MARK.match(text)
                marker = match.group(1) if match else ""
                note = [text[match.end() :] if match else text]
            else:
                note.append(text)
        if note:
            yield Piece(self.words.join(note), ParagraphKind.FOOTNOTE, marker=marker)

    def _flush(self) -> Iterator[Piece]:
        """Emit the open paragraph, then the footnotes of the pages it ran over."""
        if self.parts:
            if self.kind is ParagraphKind.CODE:
                yield Piece("\n".join(self.parts), self.kind)
            else:
                yield Piece(self.words.join(self.parts), self.kind, marker=self.marker)
        self.parts = []
        self.marker = ""
        yield from self.notes
        self.notes = []

    def _unplaced_outline(self, by_page: dict[int, list[int]]) -> dict[int, list[OutlineEntry]]:
        """Bookmarks whose title is not a line of their page: put them at the page's start."""
        placed = {_title_key(self.lines[i].text) for i in self.headings}
        placed |= {
            _title_key(" ".join(self.lines[j].text for j in range(i, last + 1)))
            for i, (_, last) in self.headings.items()
        }
        pages = sorted(by_page)
        out: dict[int, list[OutlineEntry]] = defaultdict(list)
        for entry in self.outline:
            if _title_key(entry.title) in placed:
                continue
            page = next((p for p in pages if p >= entry.page), None)
            if page is not None:
                out[page].append(entry)
        return out
