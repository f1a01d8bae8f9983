"""Tables and figures that interrupt a paragraph: where a float starts and ends.

LaTeX places a float at the top or the foot of a page, wherever the paragraph
being set happens to be; a paragraph running onto the next page is then cut by
a table, or by a figure's plot and caption. The layout reads the float first
and lets the paragraph go on after it, whole (:mod:`reader.readers.pdf_layout`).
These functions only find the float, from the lines' positions and a caption
(``Table 1:``, ``Figure 9:``); whether the paragraph was really interrupted
(its last line stopped mid-sentence) the layout decides.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from reader.readers.pdf_line import Line

__all__ = ["CAPTION", "float_at_foot", "float_at_top"]

CAPTION = re.compile(r"(?:table|figure|fig\.|listing|algorithm|exhibit)\s+[A-Z]?\d+[.:]", re.I)
_GAP = 1.25  # line spacings: a caption's lines are closer than this, the float's edge farther
_ROW = 0.85  # a table's row under its caption is narrower than this share of the text
_SET_OFF = 1.5  # line spacings: a float at a page's foot is at least this far below the text


def float_at_top(
    lines: Sequence[Line],
    order: list[int],
    spacing: float,
    goes_on: Callable[[int], bool],
    *,
    two_columns: bool = False,
) -> int:
    """Where a float opening a page ends (the position after its caption), or ``0``.

    The page does not open with a line that goes on with a paragraph; it has a
    caption, and after the caption's lines and the float's gap comes a line that
    does (``goes_on``: a lowercase word at the column's edge in the body's type).
    A caption set above its table is followed by the table's rows, and perhaps
    by another float: the float ends at the first gap after which a line goes
    on, as long as no full line of text came first. On a page of two columns a
    line across the gutter is no line of text: a table across both columns has
    rows as wide as the page, wider than any text.
    """
    if not order or goes_on(order[0]):
        return 0
    caption = next((n for n, i in enumerate(order) if CAPTION.match(lines[i].text)), -1)
    if caption < 0:
        return 0

    def across(line: Line) -> bool:
        middle = line.page_width / 2
        return two_columns and line.left < middle - line.size < middle + line.size < line.right

    widest = max((lines[i].right - lines[i].left for i in order if not across(lines[i])), default=0)
    for n in range(caption + 1, len(order)):
        before, line = lines[order[n - 1]], lines[order[n]]
        if before.top - line.top <= spacing * _GAP:
            continue
        if goes_on(order[n]):
            return n
        # a table under its caption (set above it, as ASME and ACM do), or the
        # next float's caption: rows narrower than the text; a line of text ends it
        if across(line) or CAPTION.match(line.text):
            continue
        if line.right - line.left > widest * _ROW:
            return 0
    return 0


def float_at_foot(
    lines: Sequence[Line], order: list[int], spacing: float, is_text: Callable[[int], bool]
) -> int:
    """Where a float closing a page starts (the position of its first line), or ``0``.

    The page ends with a caption's lines; above the caption is the float (a
    plot's labels, a table), all of it set off below the last line of text
    (``is_text``) by more than one and a half line spacings.
    """
    captions = [n for n, i in enumerate(order) if CAPTION.match(lines[i].text)]
    if not captions:
        return 0
    caption = captions[-1]
    for n in range(caption + 1, len(order)):
        before, line = lines[order[n - 1]], lines[order[n]]
        if not 0 < before.top - line.top <= spacing * _GAP:
            return 0  # something other than the caption's own lines follows it
    highest = lines[order[caption]].top
    for start in range(caption, 0, -1):
        above = lines[order[start - 1]]
        if is_text(order[start - 1]):
            return start if above.top - highest > spacing * _SET_OFF else 0
        highest = max(highest, above.top)
    return 0
