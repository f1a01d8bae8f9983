"""Highlighted passages and the selection, as styled spans of a paragraph's lines.

The document view draws a paragraph line by line from spans of its text, each
with a style (:func:`~reader.tui.widgets.document_lines._spans_to_segments`):
search hits and links. :class:`PassageSpans` keeps, per paragraph, the passages
its annotations cover (with their colours) and the selection being made, and
lays them under those spans (:meth:`PassageSpans.layered`): a passage's colour,
then a hit or link over it, then the selection over all. Each paragraph has a version
that the view's strip cache is keyed on, so a change redraws only the
paragraphs it concerns.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from itertools import pairwise
from typing import TYPE_CHECKING

from rich.style import Style

from reader.tui.passage_marks import PassageMarks

if TYPE_CHECKING:
    from reader.tui.text_selection import TextSelection

__all__ = ["PASSAGE_STYLE", "SELECTION_STYLE", "PassageSpans", "color_style"]

SELECTION_STYLE = "selection"
"""The view's style (component class ``document-view--selection``) for the selection."""

PASSAGE_STYLE = "passage"
"""The style of a passage without a colour; a coloured one: :func:`color_style`."""

Span = tuple[int, int, Style]


def color_style(color: str | None) -> str:
    """The view's style name for a passage of ``color`` (``None``: :data:`PASSAGE_STYLE`)."""
    return PASSAGE_STYLE if color is None else f"{PASSAGE_STYLE}-{color}"


class PassageSpans:
    """The passages to draw, per paragraph, and the selection; versioned for the cache."""

    def __init__(self) -> None:
        self._marks: dict[int, PassageMarks] = {}
        self._versions: dict[int, int] = {}
        self._generation = 0
        """Bumped when every paragraph's marks are replaced at once."""
        self.selection: TextSelection | None = None
        """The selection being made, if any (owned by the view that draws it)."""

    def replace_all(self, marks: Mapping[int, PassageMarks]) -> None:
        """Draw ``marks`` instead of every paragraph's marks drawn until now."""
        self._marks = {index: mark for index, mark in marks.items() if mark != PassageMarks()}
        self._versions.clear()
        self._generation += 1

    def set(self, paragraph: int, marks: PassageMarks | None) -> bool:
        """Draw ``marks`` on ``paragraph`` (``None``: nothing); True if that changed anything."""
        old = self._marks.get(paragraph)
        if marks == PassageMarks():
            marks = None
        if old == marks:
            return False
        if marks is None:
            del self._marks[paragraph]
        else:
            self._marks[paragraph] = marks
        self._versions[paragraph] = self._versions.get(paragraph, 0) + 1
        return True

    def color(self, paragraph: int) -> str | None:
        """The colour of ``paragraph``'s gutter mark (``None``: the kind's own)."""
        marks = self._marks.get(paragraph)
        return None if marks is None else marks.color

    def key(self, paragraph: int) -> tuple[int, int, tuple[int, int] | None]:
        """What ``paragraph``'s drawing depends on here (part of the view's strip cache key)."""
        selection = self.selection
        selected = None
        if selection is not None and selection.paragraph == paragraph:
            selected = selection.span() or (0, 0)
        return (self._generation, self._versions.get(paragraph, 0), selected)

    def layered(
        self,
        paragraph: int,
        text_length: int,
        hits: list[Span],
        text_style: Style,
        style_of: Callable[[str], Style],
    ) -> list[Span]:
        """The spans to draw ``paragraph`` with: passages, hits over them, the selection on top.

        Args:
            paragraph: The paragraph's index.
            text_length: Its text's length (passages are clamped to it).
            hits: Its search hits, ordered, not overlapping, each styled over ``text_style``.
            text_style: The style of its text (current paragraph, quote...).
            style_of: The view's styles by name (``"passage-yellow"``).

        Returns:
            Ordered spans that do not overlap; ``hits`` itself when there is
            nothing else to draw (the common case costs nothing).
        """
        marks = self._marks.get(paragraph)
        selection = self.selection
        span = None
        if selection is not None and selection.paragraph == paragraph:
            span = selection.span()
        if marks is None and span is None:
            return hits
        layers: list[Span] = []
        for start, end, color in marks.passages if marks is not None else ():
            layers.append((start, end, style_of(color_style(color))))
        layers.extend(hits)  # each already over the text's style: adding it again is harmless
        if span is not None:
            layers.append((span[0], span[1], style_of(SELECTION_STYLE)))
        return _flatten(layers, text_length, text_style)


def _flatten(layers: list[Span], text_length: int, text_style: Style) -> list[Span]:
    """Cut overlapping layers into ordered spans, each styled by every layer over it in turn.

    A layer adds to those under it: a link (underlined, no background) keeps the
    passage's colour under it, a search hit's background covers it.
    """
    cuts = {0, text_length}
    for start, end, _ in layers:
        cuts.add(min(max(start, 0), text_length))
        cuts.add(min(max(end, 0), text_length))
    points = sorted(cuts)
    spans: list[Span] = []
    for left, right in pairwise(points):
        style: Style | None = None
        for start, end, layer_style in layers:
            if start <= left and right <= end:
                style = (text_style if style is None else style) + layer_style
        if style is not None:
            spans.append((left, right, style))
    return spans
