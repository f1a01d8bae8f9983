"""Where every line of a document goes in the document view: wrapping and block layout.

A 5 MB book has ~30k paragraphs and ~100k screen lines. The view must know the
line offset of every paragraph (for the scrollbar, paging and ``G``) but only
ever renders the few dozen lines on screen. So this module computes *line counts*
for the whole document with a fast wrapper (a ``str.rfind`` loop per line for
ASCII text, which is most of any book), keeps them per width so resizing back
and forth is free, and leaves building styled lines to the widget.

The layout is a flat list of :class:`Block` objects in display order: section
headings (sections are not paragraphs), paragraphs, and folds standing for runs
of boilerplate. Every block is followed by one blank line.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from enum import IntEnum
from functools import cache
from itertools import accumulate

from rich.cells import cell_len, get_character_cell_size

from reader.model import Document, Paragraph, ParagraphKind

__all__ = [
    "MORE_LEFT",
    "MORE_RIGHT",
    "Block",
    "BlockKind",
    "DocumentLayout",
    "cell_width",
    "count_lines",
    "cut_sides",
    "is_wider",
    "paragraph_prefixes",
    "verbatim_lines",
    "wrap",
]

_WORD = re.compile(r"\S+")
_BREAKS_ANYWHERE = re.compile(
    r"[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff9f]"
)
"""Chinese and Japanese: lines break between any two characters, so a run of
them goes on from where the line has room rather than moving to the next line."""
_DOUBLE_WIDTH = re.compile(
    r"[\u3000-\u3029\u3030-\u303e\u3041-\u3096\u309b-\u30ff\u3400-\u4dbf\u4e00-\u9fff"
    r"\uf900-\ufaff\uff01-\uff60\uffe0-\uffe6]+"
)
"""A run of Chinese or Japanese characters a terminal gives two cells each (checked
against Rich's table in the tests): its width is counted without a per-character
loop, which is most of the cost of laying out a Chinese or Japanese book."""

_SPACING_MARK_BLOCKS = (
    (0x0900, 0x0E00),  # Devanagari to Sinhala
    (0x0F00, 0x1100),  # Tibetan, Myanmar
    (0x1700, 0x1D00),  # Philippine scripts to Vedic extensions
    (0x302E, 0x3030),
    (0xA800, 0xAC00),
    (0x11000, 0x12000),  # Brahmi and the other historic Indic scripts
    (0x16F00, 0x17000),
    (0x1D100, 0x1D200),
)
"""Where the spacing combining marks (Unicode category Mc) are."""


@cache
def _spacing_marks() -> re.Pattern[str]:
    """The spacing combining marks Rich counts as zero cells (built on first use).

    Terminals (glibc's wcwidth, tmux) draw a spacing mark such as Devanagari's
    vowel sign ि in a cell of its own; Rich gives it none. Lines measured by Rich
    alone came out wider on screen than laid out, pushing the right border out.
    """
    marks = [
        chr(code)
        for start, end in _SPACING_MARK_BLOCKS
        for code in range(start, end)
        if unicodedata.category(chr(code)) == "Mc" and get_character_cell_size(chr(code)) == 0
    ]
    return re.compile("[" + "".join(re.escape(mark) for mark in marks) + "]")


def cell_width(text: str) -> int:
    """The cells a terminal gives ``text``: Rich's count, plus one per spacing mark.

    Every width the view lays out or pads by goes through this (see
    :func:`_spacing_marks`), so a Hindi line fills its column exactly.
    """
    if text.isascii():
        return len(text)
    return cell_len(text) + len(_spacing_marks().findall(text))


def _character_width(character: str) -> int:
    cells = get_character_cell_size(character)
    return cells if cells or not _spacing_marks().match(character) else 1


_WIDTHS_KEPT = 6
"""Widths whose line counts are kept: a window dragged wider passes through many."""
_VERBATIM = (ParagraphKind.CODE, ParagraphKind.TABLE)
_TAB_SIZE = 4
QUOTE_BAR = "│ "
"""Drawn before every line of a block quote, once per nesting level."""


def wrap(text: str, width: int) -> list[tuple[int, int]]:
    """Greedy word wrap of single-line ``text`` into ``(start, end)`` character spans.

    Lines break at spaces; a word wider than the line is cut (CJK runs have no
    spaces, so they are cut by character), and a run of Chinese or Japanese
    goes on from where the line has room, as those scripts break anywhere.
    Every line's cell width (wide characters count 2) is at most ``width``;
    spaces at the breaks are dropped.

    Args:
        text: One paragraph's text; a line break in it (the author's lines of
            verse) always starts a new line.
        width: Cells available; values below 2 are treated as 2 so that a
            double-width character always fits.

    Returns:
        The spans of the lines in order (never covering a line break);
        ``[(0, 0)]`` for blank text.
    """
    width = max(2, width)
    if "\n" in text:
        spans: list[tuple[int, int]] = []
        offset = 0
        for line in text.split("\n"):
            spans.extend((offset + start, offset + end) for start, end in wrap(line, width))
            offset += len(line) + 1
        return spans
    if text.isascii():
        return _wrap_ascii(text, width)
    return _wrap_cells(text, width)


def count_lines(text: str, width: int) -> int:
    """How many lines :func:`wrap` makes of ``text``, without building them.

    This is what the layout calls for every paragraph of a book on open and on
    resize, so the ASCII case is a tight ``rfind`` loop.
    """
    width = max(2, width)
    if "\n" in text:
        return sum(count_lines(line, width) for line in text.split("\n"))
    length = len(text)
    if length <= width and (2 * length <= width or text.isascii()):
        return 1  # fits even if every character were double-width
    if not text.isascii():
        return len(_wrap_cells(text, width))
    lines = 0
    start = 0
    while length - start > width:
        cut = text.rfind(" ", start, start + width + 1)
        lines += 1
        if cut <= start:
            start += width
        else:
            start = cut + 1
        while start < length and text[start] == " ":
            start += 1
    return lines + 1 if start < length else max(lines, 1)


def _wrap_ascii(text: str, width: int) -> list[tuple[int, int]]:
    length = len(text)
    lines: list[tuple[int, int]] = []
    start = 0
    while length - start > width:
        cut = text.rfind(" ", start, start + width + 1)
        if cut <= start:
            lines.append((start, start + width))
            start += width
        else:
            end = cut
            while end > start and text[end - 1] == " ":
                end -= 1
            lines.append((start, end))
            start = cut + 1
        while start < length and text[start] == " ":
            start += 1
    if start < length or not lines:
        lines.append((start, length))
    return lines


def _wrap_cells(text: str, width: int) -> list[tuple[int, int]]:
    lines: list[tuple[int, int]] = []
    line_start = line_end = -1
    used = 0
    for match in _WORD.finditer(text):
        word_start, word_end = match.span()
        word = match.group()
        double = _DOUBLE_WIDTH.fullmatch(word) is not None
        word_width = 2 * (word_end - word_start) if double else cell_width(word)
        if line_start >= 0 and used + 1 + word_width <= width:
            line_end = word_end
            used += 1 + word_width
            continue
        if line_start >= 0 and used + 3 <= width and _BREAKS_ANYWHERE.search(word):
            used += 1  # Chinese or Japanese: fill this line, then go on below
        else:
            if line_start >= 0:
                lines.append((line_start, line_end))
            if word_width <= width:
                line_start, line_end, used = word_start, word_end, word_width
                continue
            # Too wide for any line: cut it by character, the last piece stays open.
            line_start, used = word_start, 0
        if double or word_width == 2 * (word_end - word_start):  # double width: cut by count
            position = word_start
            while word_end - position > (width - used) // 2:
                position += max((width - used) // 2, 0 if used else 1)
                lines.append((line_start, position))
                line_start, used = position, 0
            used += 2 * (word_end - position)
        else:
            for position in range(word_start, word_end):
                cells = _character_width(text[position])
                if used + cells > width and used > 0:
                    lines.append((line_start, position))
                    line_start, used = position, 0
                used += cells
        line_end = word_end
    if line_start >= 0:
        lines.append((line_start, line_end))
    return lines or [(0, 0)]


def verbatim_lines(text: str) -> list[str]:
    """The lines of a code block or table as shown: tabs expanded, never wrapped."""
    return text.expandtabs(_TAB_SIZE).split("\n")


MORE_LEFT = "‹"
"""Drawn at the left edge of a code or table line that goes on to the left of the pane."""
MORE_RIGHT = "›"
"""Drawn at the right edge of a code or table line cut by the pane (scroll sideways for more)."""


def is_wider(paragraph: Paragraph, width: int) -> bool:
    """Whether ``paragraph`` is a code block or table with a line wider than ``width`` cells."""
    if paragraph.kind not in _VERBATIM:
        return False
    if 2 * len(paragraph.text) <= width and "\t" not in paragraph.text:
        return False  # no line can be wider, even in double-width characters
    return any(cell_len(line) > width for line in verbatim_lines(paragraph.text))


def cut_sides(line: str, scroll_x: int, width: int) -> tuple[bool, bool]:
    """Whether a code or table line shown from column ``scroll_x`` in ``width`` cells is cut.

    Returns:
        ``(left, right)``: text hidden before the first cell shown, and after the last.
    """
    cells = cell_len(line)
    return scroll_x > 0 and cells > 0, cells > scroll_x + width


def paragraph_prefixes(paragraph: Paragraph) -> tuple[str, str]:
    """What is drawn before the first line and before the other lines of a paragraph.

    List items get their bullet or number and a hanging indent, footnotes their
    mark and a hanging indent; block quotes a bar per nesting level. The text is
    wrapped to the width left after the prefix.

    Returns:
        ``(first_line_prefix, continuation_prefix)``, of equal cell width.
    """
    if paragraph.kind is ParagraphKind.LIST_ITEM:
        first = "  " * paragraph.depth + (paragraph.marker or "•") + " "
        return first, " " * cell_len(first)
    if paragraph.kind is ParagraphKind.QUOTE:
        bars = QUOTE_BAR * (paragraph.depth + 1)
        return bars, bars
    if paragraph.kind is ParagraphKind.FOOTNOTE and paragraph.marker:
        first = paragraph.marker + " "
        return first, " " * cell_len(first)
    return "", ""


class BlockKind(IntEnum):
    """What a block of the layout shows."""

    HEADING = 0
    PARAGRAPH = 1
    FOLD = 2


class Block:
    """One unit of the layout: a heading, a paragraph or a folded run of boilerplate.

    A plain slotted class: a book has ~30k blocks, made on open and on every
    fold toggle, and this is among the cheapest objects Python makes.

    Attributes:
        kind: What the block shows.
        index: Section index for a heading, paragraph index for a paragraph, the
            first paragraph of the run for a fold.
        end: For a fold, one past its last paragraph; else ``index + 1``.
    """

    __slots__ = ("end", "index", "kind")

    def __init__(self, kind: BlockKind, index: int, end: int) -> None:
        self.kind = kind
        self.index = index
        self.end = end

    def __repr__(self) -> str:
        return f"Block({self.kind.name}, {self.index}, {self.end})"


class DocumentLayout:
    """The document as blocks and screen lines at one text width.

    Building the block list and counting lines is all that happens on open and
    resize; nothing here creates styled text. Counts are kept per width, so
    returning to a width (resize back, fold toggles) costs one ``accumulate``.

    Args:
        document: The document to lay out.
        width: The text column width in cells.
    """

    def __init__(self, document: Document, width: int = 80) -> None:
        self.document = document
        self.width = max(2, width)
        self._expanded: set[int] = set()
        self._counts_by_width: dict[int, list[int]] = {}
        self._starts_by_width: dict[int, list[int]] = {}
        self._verbatim_width: int | None = None
        self.blocks: list[Block] = []
        self.paragraph_block: list[int] = []
        self.selectable: list[int] = []
        self.line_starts: list[int] = [0]
        self.folds = self._find_folds()
        self._fold_starts = [fold.index for fold in self.folds]
        self._build_blocks()
        self._measure()

    # -- structure ---------------------------------------------------------------

    @property
    def total_lines(self) -> int:
        """Lines of the whole document at the current width."""
        return self.line_starts[-1]

    def fold_of(self, paragraph: int) -> Block | None:
        """The fold whose run of boilerplate holds ``paragraph``, or ``None``."""
        position = bisect_right(self._fold_starts, paragraph) - 1
        if position >= 0 and paragraph < self.folds[position].end:
            return self.folds[position]
        return None

    def is_expanded(self, fold: Block) -> bool:
        """Whether the paragraphs of ``fold`` are shown."""
        return fold.index in self._expanded

    def set_expanded(self, fold: Block, expanded: bool) -> None:
        """Show or hide the paragraphs of ``fold``; the block list is rebuilt."""
        if expanded == (fold.index in self._expanded):
            return
        if expanded:
            self._expanded.add(fold.index)
        else:
            self._expanded.discard(fold.index)
        self._build_blocks()
        self._starts_by_width.clear()  # other blocks, other line offsets
        self._measure()

    def _find_folds(self) -> list[Block]:
        """Runs of boilerplate paragraphs; a run also ends where a section starts."""
        starts = {s.start for s in self.document.sections}
        folds: list[Block] = []
        paragraphs = self.document.paragraphs
        index = 0
        while index < len(paragraphs):
            if not paragraphs[index].boilerplate:
                index += 1
                continue
            end = index + 1
            while end < len(paragraphs) and paragraphs[end].boilerplate and end not in starts:
                end += 1
            folds.append(Block(BlockKind.FOLD, index, end))
            index = end
        return folds

    def _build_blocks(self) -> None:
        """Lay headings, paragraphs and folds out in document order."""
        paragraphs = self.document.paragraphs
        sections = self.document.sections
        folds = iter(self.folds)
        next_fold = next(folds, None)
        blocks: list[Block] = []
        paragraph_block = [0] * len(paragraphs)
        next_section = 0
        index = 0
        while index < len(paragraphs):
            while next_section < len(sections) and sections[next_section].start <= index:
                blocks.append(Block(BlockKind.HEADING, next_section, next_section + 1))
                next_section += 1
            if next_fold is None or next_fold.index != index:
                paragraph_block[index] = len(blocks)
                blocks.append(Block(BlockKind.PARAGRAPH, index, index + 1))
                index += 1
                continue
            fold_block = len(blocks)
            blocks.append(next_fold)
            expanded = index in self._expanded
            for member in range(index, next_fold.end):
                paragraph_block[member] = len(blocks) if expanded else fold_block
                if expanded:
                    blocks.append(Block(BlockKind.PARAGRAPH, member, member + 1))
            index = next_fold.end
            next_fold = next(folds, None)
        blocks.extend(
            Block(BlockKind.HEADING, s, s + 1) for s in range(next_section, len(sections))
        )
        self.blocks = blocks
        self.paragraph_block = paragraph_block
        # An unfolded fold's line is a header, like a heading: its paragraphs are the stops.
        self.selectable = [
            i
            for i, b in enumerate(blocks)
            if b.kind is BlockKind.PARAGRAPH
            or (b.kind is BlockKind.FOLD and b.index not in self._expanded)
        ]

    # -- geometry -------------------------------------------------------------------

    def set_width(self, width: int) -> None:
        """Re-wrap for a new text column width (counts only: cheap, cached per width)."""
        width = max(2, width)
        if width != self.width:
            self.width = width
            self._measure()

    def _paragraph_counts(self) -> list[int]:
        counts = self._counts_by_width.get(self.width)
        if counts is None:
            counts = self._count_all(self.width)
            _remember(self._counts_by_width, self.width, counts)
        return counts

    def _count_all(self, width: int) -> list[int]:
        """Lines of every paragraph; the hot loop of open and resize, kept lean."""
        counts: list[int] = []
        append = counts.append
        plain = (ParagraphKind.BODY, ParagraphKind.CAPTION)
        for paragraph in self.document.paragraphs:
            text = paragraph.text
            if paragraph.kind in plain:
                short = 2 * len(text) <= width and "\n" not in text
                append(1 if short else count_lines(text, width))
            elif paragraph.kind in _VERBATIM:
                append(text.count("\n") + 1)
            else:
                prefix, _ = paragraph_prefixes(paragraph)
                append(count_lines(text, width - cell_len(prefix)))
        return counts

    def heading_lines(self, section: int) -> list[tuple[int, int]]:
        """The wrapped spans of a section title at the current width."""
        return wrap(self.document.sections[section].title, self.width)

    def heading_has_rule(self, section: int) -> bool:
        """Top two heading levels are underlined by a rule line."""
        return self.document.sections[section].level <= 2

    def _measure(self) -> None:
        """Compute every block's first line (heights: content lines plus one blank line).

        Kept per width like the counts, so a resize back to a width seen before
        (the terminal toggled, a side pane shown again) costs a dictionary lookup.
        """
        starts = self._starts_by_width.get(self.width)
        if starts is None:
            counts = self._paragraph_counts()
            sections = self.document.sections
            width = self.width
            headings = {
                b.index: len(wrap(sections[b.index].title, width))
                + self.heading_has_rule(b.index)
                + 1
                for b in self.blocks
                if b.kind is BlockKind.HEADING
            }
            paragraph, fold = BlockKind.PARAGRAPH, BlockKind.FOLD
            heights = [
                counts[b.index] + 1
                if b.kind is paragraph
                else 2
                if b.kind is fold
                else headings[b.index]
                for b in self.blocks
            ]
            starts = list(accumulate(heights, initial=0))
            _remember(self._starts_by_width, width, starts)
        self.line_starts = starts

    def line_of(self, paragraph: int, offset: int) -> int:
        """The document line that shows character ``offset`` of a paragraph's display
        text (what the search indexes), wrapped as the view draws it.

        A paragraph taller than the screen needs this to bring a search hit into
        view: its first line may be a screen or more above the hit.
        """
        block = self.paragraph_block[paragraph]
        top = self.block_top(block)
        if self.blocks[block].kind is not BlockKind.PARAGRAPH:
            return top  # folded away: the fold's line
        shown = self.document.paragraphs[paragraph]
        if shown.kind in _VERBATIM:
            return top + shown.text.expandtabs(_TAB_SIZE).count("\n", 0, offset)
        prefix = cell_len(paragraph_prefixes(shown)[0])
        starts = [start for start, _ in wrap(shown.text, self.width - prefix)]
        return top + max(bisect_right(starts, offset) - 1, 0)

    def block_at_line(self, line: int) -> int:
        """Index of the block that covers screen line ``line`` (clamped to the document)."""
        if not self.blocks:
            return 0
        return min(max(bisect_right(self.line_starts, line) - 1, 0), len(self.blocks) - 1)

    def block_top(self, block: int) -> int:
        """First line of ``block``."""
        return self.line_starts[block]

    def block_height(self, block: int) -> int:
        """Lines of ``block``, its trailing blank line included."""
        return self.line_starts[block + 1] - self.line_starts[block]

    @property
    def verbatim_width(self) -> int:
        """Widest line of any code block or table (they are never wrapped)."""
        if self._verbatim_width is None:
            self._verbatim_width = max(
                (
                    cell_len(line)
                    for p in self.document.paragraphs
                    if p.kind in _VERBATIM
                    for line in verbatim_lines(p.text)
                ),
                default=0,
            )
        return self._verbatim_width


def _remember(cache: dict[int, list[int]], width: int, values: list[int]) -> None:
    """Keep ``values`` for ``width``, forgetting the oldest width beyond :data:`_WIDTHS_KEPT`."""
    cache[width] = values
    while len(cache) > _WIDTHS_KEPT:
        del cache[next(iter(cache))]
