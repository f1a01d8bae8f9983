"""Rebuild paragraphs and headings from the lines of text on PDF pages.

A PDF holds positioned lines, not paragraphs. Page furniture is sorted out
first (:mod:`reader.readers.pdf_pages`: running headers and footers dropped,
contents pages kept as boilerplate, footnotes set apart, columns put in reading
order) and headings are found (:mod:`reader.readers.pdf_headings`). The
remaining lines are joined into paragraphs; a new one starts where the
author's layout says so:

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
import unicodedata
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from reader.model import ParagraphKind
from reader.readers.pdf_floats import float_at_foot, float_at_top
from reader.readers.pdf_headings import (
    chapter_labels,
    outline_headings,
    outline_key,
    size_headings,
    title_key,
)
from reader.readers.pdf_line import Line, OutlineEntry
from reader.readers.pdf_pages import (
    FOOTNOTE_MARK,
    Measures,
    PageRoles,
    join_split_lines,
    measure,
    page_roles,
    reading_order,
)
from reader.readers.pdf_plots import plot_labels
from reader.readers.pdf_words import Hyphenation

__all__ = ["Line", "OutlineEntry", "Piece", "layout"]

_BULLET = re.compile(r"^([•◦▪‣●○■□–—\-*]|\(?\d{1,3}[.)]|\(?[a-z][.)])\s+(?=\S)")
_END_OF_SENTENCE = (".", "!", "?", ":", '"', "”", "’", ")")
# a sentence's end (not a closing parenthesis alone), a Chinese or Japanese one too
_STOP = re.compile(r"[.!?:。！？][\"”’)」』]*\s*$")
_BROKEN_WORD = re.compile(r"[^\W\d_][-\u00ad\u2010]$")
_GAP = 1.25  # a gap this many times the line spacing separates paragraphs
_PARSKIP = 1.18  # ... and this many after a sentence's end (the gap of a taller line is less)
_OWN_GAP = 1.1  # ... and 1.1 times the paragraph's own line spacing
_TALL_GAP = 1.5  # a line with a tall formula in it is at most this far from the next
_CODE_GAP = 2.2  # code keeps its blank lines up to this gap
_MATH = re.compile(r"[=<>≤≥≈≠∑∏∫√∂∞±×·−∈∀∃→⊂∪∩^|\x00-\x1f]")
_WORDS = re.compile(r"[^\W\d_]+")
_SYMBOL = 3  # characters: a piece of a formula (a fraction's "n", a "(4)"), not a word
_FORMULA_GAP = 3.0  # rows of one displayed formula are at most this many lines apart
_RAGGED = 0.12  # a line ending this share of the column early may still be full
_REFERENCES = re.compile(r"references|bibliography|literature|works cited|literatur")
_REFERENCES_LENGTH = 20  # characters of a line that may be such a title
_RESUME = -1  # in a page's reading order: the paragraph a float interrupted goes on
_SET_ASIDE = -2  # ... and where a float at the page's foot starts
_INDENT = 0.6  # a first-line indent of this many ems starts a paragraph
_PARINDENT = 2.2  # ems: a paragraph's indent is less (a quotation is set in further)
_DASHES = ("-", "–", "—")
_PROTRUDED = (0.3, 0.25)  # a dash this far out of the column's edge (points, at most ems)


@dataclass(frozen=True, slots=True)
class Piece:
    """A heading (``kind is None``) or a paragraph in reading order."""

    text: str
    kind: ParagraphKind | None
    level: int = 0
    marker: str = ""
    boilerplate: bool = False


@dataclass(slots=True)
class _Open:
    """A paragraph set aside while a float that interrupts it is read."""

    parts: list[str]
    kind: ParagraphKind
    marker: str
    left: float
    right: float
    previous: Line | None
    notes: list[Piece] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Column:
    """Where the text of one column of one page starts and ends."""

    left: float
    right: float


def layout(
    lines: Sequence[Line],
    outline: Sequence[OutlineEntry],
    title: str = "",
    *,
    outlined: bool | None = None,
    sample: Sequence[Line] | None = None,
) -> Iterator[Piece]:
    """Turn the lines of every page into headings and paragraphs.

    Args:
        lines: All lines of the document, page by page in PDFium's order.
        outline: The PDF outline (bookmarks), empty when it has none.
        title: The document's title, which running headers often repeat.
        outlined: Whether the PDF has an outline (default: whether ``outline``
            is not empty); the first pages of a long PDF may hold none of it,
            and must still not have headings guessed from type.
        sample: Lines of pages spread over the whole document, when ``lines``
            are only its first pages: the body text is measured on them, so the
            first pages are read as they are when the whole is.
    """
    lines = join_split_lines(lines)
    measures = measure(join_split_lines(sample) if sample is not None else lines)
    roles = page_roles(lines, measures, title)
    kept = [i for i in range(len(lines)) if i not in roles.running]
    if not kept:
        return
    headings = (
        outline_headings(lines, kept, outline)
        if (bool(outline) if outlined is None else outlined)
        else size_headings(lines, kept, measures.size, roles)
    )
    yield from _Builder(lines, roles, headings, outline, measures).run(kept)


class _Builder:
    """Walks the lines in reading order, emitting headings and paragraphs."""

    def __init__(
        self,
        lines: Sequence[Line],
        roles: PageRoles,
        headings: dict[int, tuple[int, int]],
        outline: Sequence[OutlineEntry],
        measures: Measures,
    ) -> None:
        self.lines = lines
        self.roles = roles
        self.headings = headings
        self.outline = outline
        self.size = measures.size
        self.spacing = measures.spacing
        self.words = Hyphenation(line.text for line in lines)
        # by the line's identity: hashing a line's ten fields on each look-up is slow
        self.columns: dict[int, _Column] = {}
        self.parts: list[str] = []
        self.kind = ParagraphKind.BODY
        self.marker = ""
        self.left = 0.0
        self.right = 0.0
        self.previous: Line | None = None
        self.notes: list[Piece] = []
        self.formula = False
        self.references = False  # in a bibliography: entries set with a hanging indent
        self.line_gap = 0.0  # between the open paragraph's last two lines
        self._column_float = 0  # lines of a float opening a column (see _float_at_column_top)

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
            labels = chapter_labels(lines, order, self.headings)
            plots = plot_labels(lines, order, self.size)
            for entry in unplaced.pop(page, []):
                yield from self._flush()
                yield Piece(entry.title, None, level=entry.level)
            interrupted: _Open | None = None
            top = 0
            if self._open():
                top = float_at_top(
                    lines, order, self.spacing, self._goes_on, two_columns=two_columns
                )
            foot = float_at_foot(lines, order, self.spacing, self._is_text)
            if foot > top:
                # a float at the page's foot: the paragraph above it goes on after it
                order = [*order[:foot], _SET_ASIDE, *order[foot:]]
            if top:
                # a float at the page's top interrupts the paragraph running onto
                # this page: read it first, then let the paragraph go on after it
                interrupted = self._set_aside()
                order = [*order[:top], _RESUME, *order[top:]]
            for position, i in enumerate(order):
                if i == _RESUME:
                    if interrupted is not None:
                        yield from self._flush()
                        self._take_back(interrupted)
                    interrupted = None
                    continue
                if i == _SET_ASIDE:
                    interrupted = self._set_aside() if self._open() else None
                    continue
                if i in skip or i in labels:
                    continue
                if interrupted is None and self._float_at_column_top(order, position):
                    # a float opening the next column cuts the paragraph as one
                    # opening a page does: read it, then let the paragraph go on
                    interrupted = self._set_aside()
                    order.insert(position + self._column_float, _RESUME)  # ahead: seen later
                if i in plots:
                    yield from self._flush()  # a plot's labels: one folded paragraph
                    text = " ".join(lines[j].text.strip() for j in plots[i])
                    yield Piece(text, ParagraphKind.BODY, boilerplate=True)
                    skip.update(plots[i])
                    self.previous = None
                    continue
                heading = self.headings.get(i)
                if heading is not None:
                    yield from self._flush()
                    level, last = heading
                    title = [lines[i].text.strip()]
                    for j in order[position + 1 :]:
                        if j > last or j < 0:
                            break
                        skip.add(j)
                        title.append(lines[j].text.strip())
                    yield Piece(" ".join(title), None, level=level)
                    self.previous = None
                    self.references = _REFERENCES.fullmatch(title_key(" ".join(title))) is not None
                    continue
                if len(lines[i].text) <= _REFERENCES_LENGTH and _REFERENCES.fullmatch(
                    title_key(lines[i].text)
                ):
                    # "References" printed as a line of its own (no bookmark for it)
                    yield from self._flush()
                    yield Piece(lines[i].text.strip(), ParagraphKind.BODY)
                    self.previous, self.references = None, True
                    continue
                if i in self.roles.contents:
                    yield from self._flush()
                    yield Piece(lines[i].text.strip(), ParagraphKind.BODY, boilerplate=True)
                    self.previous = None
                    continue
                yield from self._add(i)
            if interrupted is not None:
                yield from self._flush()
                self._take_back(interrupted)
            self.notes.extend(self._footnotes([i for i in indices if i in self.roles.footnotes]))
        yield from self._flush()
        for entries in unplaced.values():
            for entry in entries:
                yield Piece(entry.title, None, level=entry.level)

    def _float_at_column_top(self, order: list[int], position: int) -> bool:
        """Whether ``order[position]`` opens a column of its page with a float cutting a paragraph.

        Sets ``_column_float`` to where the float ends, counted from ``position``.
        """
        previous, line = self.previous, self.lines[order[position]]
        if previous is None or previous.page != line.page or not self._moved(previous, line):
            return False
        if not self._open() or min(order[position:]) < 0:
            return False
        self._column_float = float_at_top(self.lines, order[position:], self.spacing, self._goes_on)
        return self._column_float > 0

    def _open(self) -> bool:
        """Whether a text paragraph is open and stopped mid-sentence (a float may cut it)."""
        previous = self.previous
        return (
            previous is not None
            and bool(self.parts)
            and self.kind is not ParagraphKind.CODE
            and _STOP.search(previous.text) is None
        )

    def _is_text(self, i: int) -> bool:
        """Whether line ``i`` is a line of body text (not a plot's label, not code)."""
        line = self.lines[i]
        return not line.mono and abs(line.size - self.size) <= 0.5 and len(line.text) > 20

    def _goes_on(self, i: int) -> bool:
        """Whether line ``i`` can go on with a paragraph: lowercase, body type, at the edge."""
        line = self.lines[i]
        first = line.text.lstrip()[:1]
        # a lowercase word, or a command or sign (not a capital, a number or a bullet)
        goes_on = first.islower() or not (first.isupper() or first.isdigit() or first in "•–—")
        return (
            goes_on
            and not line.mono
            and abs(line.size - self.size) <= 0.5
            and line.left <= self._column(line).left + _INDENT * line.size
        )

    def _set_aside(self) -> _Open:
        """Take the open paragraph (and its pending notes) out, to be taken back later."""
        open_ = _Open(self.parts, self.kind, self.marker, self.left, self.right, self.previous)
        open_.notes.extend(self.notes)
        self.parts, self.notes, self.marker, self.previous = [], [], "", None
        return open_

    def _take_back(self, open_: _Open) -> None:
        self.parts, self.kind, self.marker = open_.parts, open_.kind, open_.marker
        self.left, self.right, self.previous = open_.left, open_.right, open_.previous
        self.notes.extend(open_.notes)
        self.formula = False

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
        bullet = None if line.mono or self.references else _BULLET.match(text)
        if bullet is not None and not self._may_start_item(line, bullet.group(1)):
            bullet = None  # a dash or number that merely wrapped to the line's start
        starts = bullet is not None or self._starts(line)
        previous = self.previous
        same_page = previous is not None and previous.page == line.page
        self.line_gap = previous.top - line.top if previous and same_page and not starts else 0.0
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
        elif not line.mono and previous is not None and self._moved(previous, line):
            # the paragraph goes on in another column or page: its edges are there
            self.left, self.right = line.left, line.right
        elif not line.mono:
            self.left = min(self.left, line.left)  # after an indented first line
            self.right = max(self.right, line.right)
        if line.mono and self.kind is ParagraphKind.CODE:
            text = " " * self._indent_of(line) + text
        self.parts.append(text)
        self.previous = line

    def _starts(self, line: Line) -> bool:
        """Whether ``line`` starts a paragraph rather than continuing the open one."""
        previous = self.previous
        if previous is None or not self.parts:
            return True
        column = self._column(line)
        if self.references and abs(line.size - previous.size) <= 0.5:
            # an entry starts at the column's edge; its further lines hang indented,
            # a DOI or URL set in a monospaced font too
            return line.left <= column.left + _INDENT * line.size
        if previous.mono != line.mono:
            return True
        if abs(line.size - previous.size) > 0.5 and not self._mixed_type(previous, line):
            return True
        if _BROKEN_WORD.search(previous.text) and line.text.lstrip()[:1].islower():
            return False  # "im-" / "prove": a word goes on, whatever the gap (a scan's)
        if self._moved(previous, line):
            # a page or column break: the paragraph goes on unless it visibly ended;
            # from one column to the other its edge moves with the column (a list
            # item's lines keep their indent)
            base = self.left
            if self._is_right(previous) != self._is_right(line):
                base += column.left - self._column(previous).left
            indented = not line.mono and line.left > max(base, column.left) + _INDENT * line.size
            ended = previous.text.rstrip().endswith(_END_OF_SENTENCE)
            edge = self.right if len(self.parts) > 1 else self._column(previous).right
            return indented or (ended and self._short(previous, line, edge))
        indented = not line.mono and line.left > max(self.left, column.left) + _INDENT * line.size
        gap = previous.top - line.top
        spacing = self.spacing * line.size / self.size
        edge = max(self.right, line.right)
        if gap < -line.size / 2:
            return True
        if line.mono:
            return gap > spacing * _CODE_GAP
        ended = _STOP.search(previous.text) is not None
        if gap > spacing * _GAP:
            # a line holding a tall formula pushes the next one down: a full line that
            # ended mid-sentence, then a lowercase word, is one paragraph
            return not (
                gap <= spacing * _TALL_GAP
                and not ended
                and line.text.lstrip()[:1].islower()
                and not self._short(previous, line, edge)
            )
        # measured against the paragraph's own spacing where it has one: an abstract
        # set small keeps the text's leading
        if ended and gap > max(spacing * _PARSKIP, self.line_gap * _OWN_GAP):
            return True  # a small space between paragraphs (LaTeX's parskip, as in JSS)
        if ended and len(self.parts) == 1 and abs(line.left - previous.left) < 1:
            # a paragraph of one line, then another indented as it was: a new one
            indent = line.left - column.left
            indented = indented or _INDENT * line.size < indent < _PARINDENT * line.size
        return indented or self._short(previous, line, edge)

    def _moved(self, previous: Line, line: Line) -> bool:
        """Whether ``line`` is on another page or in another column than ``previous``."""
        columns = self.columns
        return previous.page != line.page or columns.get(id(previous)) is not columns.get(id(line))

    def _mixed_type(self, previous: Line, line: Line) -> bool:
        """Whether two lines of different size are one paragraph set in mixed type.

        A line's size is read from one of its characters; a line opening with a
        run-in heading (``2.3. Templates and partial specialization. It is``) is
        measured in the heading's type. The next line following at the usual
        spacing from the same left edge goes on with the same paragraph.
        """
        baselines = (previous.top - previous.size) - (line.top - line.size)
        spacing = self.spacing * max(previous.size, line.size) / self.size
        return abs(previous.left - line.left) < 1 and 0 < baselines <= spacing * 1.05

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

    def _may_start_item(self, line: Line, marker: str) -> bool:
        """Whether a bullet at ``line``'s start can open a list item (not a wrapped dash).

        A dash standing a little out of the column's edge is running text (a
        justified line's first dash set into the margin: `` — and the salient``,
        ``- https://...``). After a sentence's end a bullet sign opens an item; a number or letter
        (``(1)``, ``2.``) there may be an inline enumeration that wrapped to the
        line's start (``include: (1) independent ..., (2) ...``), so it opens one
        only after a short line or at a new indentation.
        """
        previous = self.previous
        if previous is None or not self.parts:
            return True
        if marker in _DASHES and not previous.mono:
            # a dash set a little out into the margin is running text: justified
            # text (microtype) lets a line's first dash protrude; a list's dash
            # stands at or inside its column's edge
            edge = self._column(line).left
            if edge - _PROTRUDED[1] * line.size < line.left < edge - _PROTRUDED[0]:
                return False
        ended = previous.text.rstrip().endswith((*_END_OF_SENTENCE, ";"))
        return (
            (ended and not marker[-1:].isalnum() and not marker.endswith((".", ")")))
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
            # a line opening with a dash may have it set out into the margin
            lefts = sorted(
                lines[i].left for i in indices if not lines[i].text.startswith(_DASHES)
            ) or sorted(lines[i].left for i in indices)
            rights = sorted(lines[i].right for i in indices if not lines[i].mono) or [0.0]
            column = _Column(lefts[len(lefts) // 10], rights[(len(rights) * 9) // 10])
            for i in indices:
                self.columns[id(lines[i])] = column

    def _column(self, line: Line) -> _Column:
        return self.columns.get(id(line)) or _Column(line.left, line.right)

    @staticmethod
    def _is_right(line: Line) -> bool:
        middle = line.page_width / 2
        return middle > 0 and line.left >= middle - line.size

    def _footnotes(self, indices: list[int]) -> Iterator[Piece]:
        note: list[str] = []
        marker = ""
        for i in sorted(indices, key=lambda i: -self.lines[i].top):
            text = self.lines[i].text.strip()
            if i in self.roles.footnote_starts:
                if note:
                    yield Piece(self.words.join(note), ParagraphKind.FOOTNOTE, marker=marker)
                match = FOOTNOTE_MARK.match(text)
                marker = unicodedata.normalize("NFKC", match.group(1)) if match else ""
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
        placed = {outline_key(self.lines[i].text) for i in self.headings}
        placed |= {
            outline_key(" ".join(self.lines[j].text for j in range(i, last + 1)))
            for i, (_, last) in self.headings.items()
        }
        pages = sorted(by_page)
        out: dict[int, list[OutlineEntry]] = defaultdict(list)
        for entry in self.outline:
            if outline_key(entry.title) in placed:
                continue
            page = next((p for p in pages if p >= entry.page), None)
            if page is not None:
                out[page].append(entry)
        return out
