"""The text inside a figure's plot: axis ticks, axis titles, legends.

A plot drawn by R or matplotlib keeps its labels as text, placed anywhere in
the figure's box and often turned on their side; read as lines they become
stray paragraphs (``0.0 0.5 1.0 1.5``, ``K(x)``, ``Tukey−Hanning``) between the
text and the caption. They are told by their type and their company: set
smaller than the body text, next to each other in the page's reading order,
on a page with a ``Figure N`` caption, and holding a row of tick values or a
label turned on its side. The reader keeps them as one folded paragraph, the
way a contents page is kept: not lost, but not read as the author's text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from reader.readers.pdf_line import Line

__all__ = ["plot_labels"]

_FIGURE = re.compile(r"(?:figure|fig\.)\s+[A-Z]?\d+[.:]", re.IGNORECASE)
_TICKS = re.compile(r"[-−+]?\d[\d.,]*%?(?:\s+[-−+]?\d[\d.,]*%?){2,}")
_SMALL = 0.85  # labels are set at most this share of the body size
_LEAST = 2  # lines of labels, at least


def plot_labels(lines: Sequence[Line], order: list[int], size: float) -> dict[int, list[int]]:
    """Runs of plot labels on one page: the first line of each run to the run's lines.

    Args:
        lines: All lines of the document.
        order: The page's lines in reading order.
        size: The body text's font size.
    """
    if not any(_FIGURE.match(lines[i].text.lstrip()) for i in order):
        return {}
    runs: dict[int, list[int]] = {}
    run: list[int] = []
    for i in [*order, -1]:
        if i >= 0 and 0 < lines[i].size <= size * _SMALL and not lines[i].mono:
            run.append(i)
            continue
        if len(run) >= _LEAST and any(_is_plot_line(lines[j]) for j in run):
            runs[run[0]] = run
        run = []
    return runs


def _is_plot_line(line: Line) -> bool:
    """A row of tick values (``0.0 0.5 1.0``), or a label turned on its side."""
    text = line.text.strip()
    if _TICKS.fullmatch(text):
        return True
    width = line.right - line.left
    return len(text) >= 3 and line.right > 0 and width < line.size  # vertical text
