"""Sort a PDF's lines by their role on the page before paragraphs are built.

Everything here works from geometry that every page repeats, so it is decided
over the whole document rather than line by line:

* running headers and footers: lines at the top or bottom of a page whose text,
  digits aside, comes back at the same height on other pages (chapter titles
  change between chapters and page numbers on every page, so a line counts as
  running when its digit-free text repeats or it sits where running lines sit);
* contents pages: pages most of whose lines end in a page number, several with
  dot leaders;
* footnotes: the small-type lines at a page's foot starting with a mark;
* columns: a page whose lines fall into two halves is read left column first.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from reader.readers.pdf_line import Line

__all__ = [
    "FOOTNOTE_MARK",
    "Measures",
    "PageRoles",
    "body_size",
    "join_split_lines",
    "measure",
    "page_roles",
    "reading_order",
    "typical_spacing",
]

_MARGIN = 0.12  # share of the page height at the top and bottom where running lines live
_EDGE_LINES = 3  # running lines looked for among a page's first and last lines
_MIN_REPEATS = 3  # pages a margin line's digit-free text must appear on
_RUNNING_SIZE = 1.1  # running lines are set at most this much larger than the text
_SAME_HEIGHT = 2.0
_ALIKE_WORDS = 3  # words two running lines of alternate pages share at least
_ALIKE_SHARE = 0.6  # ... and this share of the shorter one's words
_WORD = re.compile(
    r"[^\W_][^\s|]*[^\W_]|[^\W_]"
)  # points: a running line sits at the same height on every page
_PAGE_NUMBER = re.compile(
    r"(?:page\s+)?(?:\d{1,4}|[ivxlcdm]{1,7})(?:\s*(?:/|of)\s*\d{1,4})?", re.IGNORECASE
)
_DIGITS = re.compile(r"\d+|\b[ivxlcdm]{1,7}\b")
_CONTINUED = re.compile(r"\((?:continues on next page|continued from previous page)\)", re.I)
_LEADER = re.compile(r"(?:\.\s?){4,}\s*\S+$")
_ENDS_IN_NUMBER = re.compile(r"\s(?:\d{1,4}|[ivxlcdm]{1,7})$", re.IGNORECASE)
FOOTNOTE_MARK = re.compile(r"^([\d⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3}|[*∗†‡§¶])\s?(?=\S)")
"""A footnote's mark at the start of its first line: ``12``, ``⁸``, ``1⁴`` (fonts
map some superscript digits to plain ones), ``*`` (or math's ``∗``, a
corresponding author's mark)."""
_COLUMN_WIDTH = 0.6  # a column's lines span at least this share of half the page
_COLUMN_LINES = 4  # ... and each column has this many of them
_FOOTNOTE_SIZE = 0.92  # footnotes are set at most this share of the body size


@dataclass(slots=True)
class PageRoles:
    """What :func:`page_roles` found: line indices by role.

    Attributes:
        running: Running headers, footers, page numbers and ``(continued ...)`` marks.
        contents: Lines of table-of-contents pages.
        footnotes: Footnote lines; ``footnote_starts`` those that begin a note.
    """

    running: set[int] = field(default_factory=set)
    contents: set[int] = field(default_factory=set)
    footnotes: set[int] = field(default_factory=set)
    footnote_starts: set[int] = field(default_factory=set)


_PIECE = 3  # characters of a raised piece (a radical sign, an exponent) inside a line


def join_split_lines(lines: Sequence[Line]) -> list[Line]:
    """Rejoin pieces of one printed line that PDFium returned as several lines.

    A subscript, a superscript or a formula inside a sentence sits a little
    off the baseline, and PDFium starts a new line there: ``with dependent
    variable y`` / ``i`` / ``, k-dimensional regressor``. A piece that starts
    where the one before ends, on nearly the same baseline, belongs to it (a
    gap of more than an em, or one across the page's middle, is a column gutter).
    """
    joined: list[Line] = []
    for line in lines:
        if joined and _continues(joined[-1], line):
            joined[-1] = _join(joined[-1], line)
        elif len(joined) > 1 and _bridged(joined[-2], joined[-1], line):
            # a radical sign or a tall exponent between two pieces of one line
            piece = joined.pop()
            joined[-1] = _join(_join(joined[-1], piece), line)
        else:
            joined.append(line)
    return joined


def _continues(before: Line, line: Line) -> bool:
    if before.page != line.page or before.right <= 0 or line.right <= 0:
        return False
    size = max(before.size, line.size)
    gap = line.left - before.right
    baseline = (before.top - before.size) - (line.top - line.size)
    # a subscript set under a superscript starts where the superscript started
    stacked = abs(before.size - line.size) > 1
    least = -(before.right - before.left) - 1 if stacked else -size / 4
    if 1 < abs(baseline) < size / 2 and len(line.text) > 1:
        least = min(least, -size * 0.75)  # ... as in x⊤ᵢ, both read at the text's size
    middle = before.page_width / 2
    gutter = before.right < middle < line.left and gap > size / 2
    if gutter or not least <= gap <= size:
        return False
    # an exponent set smaller is raised further (over a bracket's height) than a
    # line of the same size would be
    raised = line.size < before.size - 1 and 0 > baseline > -before.size
    return abs(baseline) < size / 2 or raised


def _bridged(before: Line, piece: Line, line: Line) -> bool:
    """Whether ``piece`` (a few characters) joins ``before`` and ``line`` into one line.

    A radical sign (``√``, read as ``q``) or a tall exponent sits so far above
    the baseline that it is not joined to the text before it; the text after it
    goes on at the first piece's baseline.
    """
    if len(piece.text.strip()) > _PIECE or not before.page == piece.page == line.page:
        return False
    size = max(before.size, line.size)
    baseline = abs((before.top - before.size) - (line.top - line.size))
    return (
        baseline < size / 3
        and -size / 4 <= piece.left - before.right <= size / 2
        and -size / 4 <= line.left - piece.right <= size / 2
        and abs(piece.top - before.top) < 2 * size
    )


def _join(before: Line, line: Line) -> Line:
    gap = line.left - before.right
    glue = "" if gap < max(before.size, line.size) * 0.15 else " "
    main = before if len(before.text) >= len(line.text) else line
    return Line(
        before.page,
        before.text + glue + line.text,
        before.left,
        before.top - before.size + main.size,
        main.size,
        before.page_height,
        right=line.right,
        page_width=before.page_width,
        bold=main.bold,
        mono=before.mono and line.mono,
    )


@dataclass(frozen=True, slots=True)
class Measures:
    """The document's body text: its font size and its line spacing (baseline to baseline)."""

    size: float
    spacing: float


def measure(lines: Sequence[Line]) -> Measures:
    """The body text's size and spacing, from all of ``lines`` or a sample of pages."""
    size = body_size(lines)
    return Measures(size, typical_spacing(lines, size))


def body_size(lines: Sequence[Line]) -> float:
    """The font size most of the text is set in (weighted by characters)."""
    sizes: Counter[float] = Counter()
    for line in lines:
        sizes[round(line.size, 1)] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 10.0


def page_roles(lines: Sequence[Line], measures: Measures, title: str = "") -> PageRoles:
    """Find running lines, contents pages and footnotes among all lines.

    Args:
        lines: Every line of the document.
        measures: The body text's size and spacing.
        title: The document's title: a page-edge line repeating it is a running
            header even in a document too short for it to repeat.
    """
    roles = PageRoles()
    pages: dict[int, list[int]] = defaultdict(list)
    for i, line in enumerate(lines):
        pages[line.page].append(i)
    roles.running = _running(lines, pages, measures, _digit_free(title))
    for i, line in enumerate(lines):
        if _CONTINUED.fullmatch(line.text.strip()):
            roles.running.add(i)
    roles.contents = _contents(lines, pages, roles.running)
    for indices in pages.values():
        for column in _columns(lines, [i for i in indices if i not in roles.running]):
            _footnotes(lines, column, measures.size, roles)
    return roles


def _columns(lines: Sequence[Line], indices: list[int]) -> list[list[int]]:
    """A page's lines by column: two-column typesetting sets each column's notes at its foot."""
    if not reading_order(lines, indices)[1]:
        return [indices]
    middle = lines[indices[0]].page_width / 2
    gutter = lines[indices[0]].size
    left = [i for i in indices if lines[i].right <= middle + gutter]
    chosen = set(left)
    right = [i for i in indices if lines[i].left >= middle - gutter and i not in chosen]
    return [left, right]


def _digit_free(text: str) -> str:
    return " ".join(_DIGITS.sub("#", text.strip().casefold()).split())


def _running(
    lines: Sequence[Line], pages: dict[int, list[int]], measures: Measures, title: str
) -> set[int]:
    """Lines at a page's edge that repeat (digits aside) or sit where running lines sit."""
    size, spacing = measures.size, measures.spacing
    candidates: list[int] = []
    for indices in pages.values():
        by_height = sorted(indices, key=lambda i: -lines[i].top)
        edge = _set_apart(lines, by_height, spacing) + _set_apart(lines, by_height[::-1], spacing)
        # running lines are set no larger than the text: a chapter heading at the
        # top of each chapter's first page repeats too ("Chapter #")
        candidates.extend(
            i
            for i in dict.fromkeys(edge)
            if _in_margin(lines[i]) and lines[i].size <= size * _RUNNING_SIZE
        )
    first = min(pages, default=0)
    keys = {i: _digit_free(lines[i].text) for i in candidates}
    pages_of: dict[str, set[int]] = defaultdict(set)
    placed_on: dict[tuple[str, int], set[int]] = defaultdict(set)
    for i, key in keys.items():
        pages_of[key].add(lines[i].page)
        placed_on[key, round(lines[i].top / _SAME_HEIGHT)].add(lines[i].page)
    running = {
        i
        for i, key in keys.items()
        if len(pages_of[key]) >= _MIN_REPEATS
        or len(placed_on[key, round(lines[i].top / _SAME_HEIGHT)]) >= 2
        or _PAGE_NUMBER.fullmatch(lines[i].text.strip())
        or (title and lines[i].page != first and key.strip("# ") == title)
    }
    running |= _alike(lines, [i for i in candidates if i not in running])
    # a chapter's only page still has its header where the others have theirs
    heights = Counter(round(lines[i].top) for i in running)
    usual = {height for height, count in heights.items() if count >= _MIN_REPEATS}
    for i in candidates:
        if i not in running and any(abs(lines[i].top - h) <= _SAME_HEIGHT for h in usual):
            near = [j for j in running if abs(lines[j].top - lines[i].top) <= _SAME_HEIGHT]
            if near and all(abs(lines[j].size - lines[i].size) < 0.5 for j in near[:3]):
                running.add(i)
    return running


def _alike(lines: Sequence[Line], candidates: list[int]) -> set[int]:
    """Edge lines sharing most of their words with an edge line of another page.

    Papers set their running lines in pieces that PDFium joins into one line,
    and alternate them between odd and even pages: ``https://cran... Rcpp
    Vignette | January 11, 2022 | 1-3`` and ``Eddelbuettel and François Rcpp
    Vignette | January 11, 2022 | 3``: never the same text twice in a short
    paper, but the same words.
    """
    words = {i: set(_WORD.findall(_digit_free(lines[i].text))) for i in candidates}
    holders: dict[str, list[int]] = defaultdict(list)
    for i, found in words.items():
        for word in found:
            holders[word].append(i)
    alike: set[int] = set()
    for i, found in words.items():
        if len(found) < _ALIKE_WORDS:
            continue
        shared: Counter[int] = Counter(
            j for word in found for j in holders[word] if lines[j].page != lines[i].page
        )
        for j, count in shared.items():
            least = min(len(found), len(words[j]))
            if (
                count >= _ALIKE_WORDS
                and count >= _ALIKE_SHARE * least
                and (lines[i].top > lines[i].page_height / 2)
                == (lines[j].top > lines[j].page_height / 2)
                and abs(lines[i].size - lines[j].size) < 0.5
            ):
                alike.update((i, j))
    return alike


def _set_apart(lines: Sequence[Line], by_height: list[int], spacing: float) -> list[int]:
    """The lines at one edge of a page (``by_height`` starts there) set apart by a gap.

    Running lines stand apart from the text block by the widest gap among the
    first lines; a body line that merely reaches into the margin does not
    (the gap after a paragraph ending there is narrower), and is never taken
    for one.
    """
    edge = by_height[: _EDGE_LINES + 1]
    gaps = [abs(lines[a].top - lines[b].top) for a, b in itertools.pairwise(edge)]
    if not gaps or max(gaps) <= spacing * 1.3:
        return []
    return edge[: gaps.index(max(gaps)) + 1]


def _in_margin(line: Line) -> bool:
    return line.top > line.page_height * (1 - _MARGIN) or line.top < line.page_height * _MARGIN


def _contents(lines: Sequence[Line], pages: dict[int, list[int]], running: set[int]) -> set[int]:
    """The lines of pages that are a table of contents."""
    found: set[int] = set()
    for indices in pages.values():
        body = [i for i in indices if i not in running]
        if len(body) < 4:
            continue
        leaders = sum(1 for i in body if _LEADER.search(lines[i].text))
        numbered = sum(1 for i in body if _ENDS_IN_NUMBER.search(lines[i].text.rstrip()))
        if leaders >= 3 and (leaders + numbered) >= 0.5 * len(body):
            found.update(body)
    return found


def _footnotes(lines: Sequence[Line], indices: list[int], size: float, roles: PageRoles) -> None:
    """Mark the small-type lines at the foot of a page that start with a note mark."""
    if not indices:
        return
    by_height = sorted(indices, key=lambda i: -lines[i].top)
    small = size * _FOOTNOTE_SIZE
    foot: list[int] = []
    for i in reversed(by_height):
        if lines[i].size > small or lines[i].mono:
            break
        foot.append(i)
    if not foot or len(foot) == len(by_height):
        return
    foot.reverse()  # top to bottom
    if FOOTNOTE_MARK.match(lines[foot[0]].text) is None:
        # the first small line may be a note's continuation from a larger block: no notes here
        return
    roles.footnotes.update(foot)
    # notes start where the first one does (its mark hangs out, or is indented);
    # a wrapped line that happens to start with a number is further left or right
    marked = [i for i in foot if FOOTNOTE_MARK.match(lines[i].text) is not None]
    left = Counter(round(lines[i].left) for i in marked).most_common(1)[0][0]
    for i in marked:
        if abs(lines[i].left - left) <= size:
            roles.footnote_starts.add(i)


def reading_order(lines: Sequence[Line], indices: list[int]) -> tuple[list[int], bool]:
    """One page's line indices in reading order: left column before right.

    A page is read as two columns when both halves hold several lines about as
    wide as a column that stay on their side of the middle; lines spanning both
    (a title, an abstract, a wide figure) cut the columns into bands read in
    turn (:func:`_banded`).

    Returns:
        The indices in reading order, and whether the page has two columns.
    """
    if len(indices) < 2 * _COLUMN_LINES:
        return indices, False
    middle = lines[indices[0]].page_width / 2
    if middle <= 0:
        return indices, False
    gutter = lines[indices[0]].size
    left = [i for i in indices if lines[i].right <= middle + gutter]
    chosen = set(left)
    right = [i for i in indices if lines[i].left >= middle - gutter and i not in chosen]
    # columns are made of lines about as wide as a column, not of short pieces
    # (a displayed formula, the end of a paragraph) left or right of the middle
    wide = middle * _COLUMN_WIDTH
    if (
        min(
            sum(1 for i in left if lines[i].right - lines[i].left >= wide),
            sum(1 for i in right if lines[i].right - lines[i].left >= wide),
        )
        < _COLUMN_LINES
    ):
        return indices, False
    columns = chosen | set(right)
    spanning = [i for i in indices if i not in columns]
    if len(spanning) * 2 > len(columns):
        return indices, False
    return _banded(lines, left, right, spanning), True


def _banded(
    lines: Sequence[Line], left: list[int], right: list[int], spanning: list[int]
) -> list[int]:
    """Columns read band by band: lines spanning both columns cut the page across.

    A two-column page may open with a title block (some of it set to one side,
    as a conference's name at the right), or hold a float or a wide formula
    across both columns; the text above such a line is read, left column then
    right, before it, and the text below it after it.
    """
    cuts = sorted((lines[i].top for i in spanning), reverse=True)
    bands: dict[int, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
    for side, indices in enumerate((left, right)):
        for i in indices:
            # the band: how many spanning lines lie above this line
            bands[sum(1 for top in cuts if top > lines[i].top)][side].append(i)
    order: list[int] = []
    by_height = sorted(spanning, key=lambda i: -lines[i].top)
    for band in range(len(cuts) + 1):
        columns = bands.get(band)
        if columns is not None:
            order.extend(columns[0] + columns[1])
        if band < len(by_height):
            order.append(by_height[band])
    return order


def typical_spacing(lines: Sequence[Line], size: float) -> float:
    """The usual distance between the baselines of two lines of body text.

    The most common one, not the median: in a text of short paragraphs and list
    items, gaps between paragraphs can be nearly as many as lines within them.
    """
    gaps: Counter[float] = Counter(
        round(a.top - b.top)
        for a, b in itertools.pairwise(lines)
        if a.page == b.page
        and abs(a.size - size) < 0.5
        and abs(b.size - size) < 0.5
        and 0 < a.top - b.top < 3 * size
    )
    if not gaps:
        return size * 1.2
    usual = gaps.most_common(1)[0][0]
    # the mean of the gaps that round to the usual one, to a tenth of a point: as
    # exact as the layout needs, and the same from a sample of pages as from all
    near = [
        a.top - b.top
        for a, b in itertools.pairwise(lines)
        if a.page == b.page
        and abs(a.size - size) < 0.5
        and abs(b.size - size) < 0.5
        and round(a.top - b.top) == usual
    ]
    return round(sum(near) / len(near), 1)
