"""How wide the document view's text column is: the chosen width, the pane, the steps.

The reader chooses a maximum width (``-`` and ``=``, remembered between runs);
a narrower pane squeezes the column further. Kept apart from the widget (no
Textual here) so the rules read, and are tested, on their own.
"""

from __future__ import annotations

from reader.config import MAX_TEXT_WIDTH
from reader.config import MIN_TEXT_WIDTH as MIN_CHOSEN_WIDTH

__all__ = ["MIN_TEXT_WIDTH", "TEXT_WIDTH_STEP", "next_text_width", "wrap_width"]

MIN_TEXT_WIDTH = 10
"""The narrowest the text column is squeezed to by a narrow pane."""

TEXT_WIDTH_STEP = 4
"""Columns the text's maximum width changes by per press of ``-`` or ``=``."""


def wrap_width(chosen: int, fits: int) -> int:
    """The width text wraps at: the ``chosen`` maximum, or less where only ``fits`` cells fit."""
    return max(min(chosen, fits), min(MIN_TEXT_WIDTH, fits + 1), 2)


def next_text_width(shown: int, fits: int, direction: int) -> tuple[int | None, str]:
    """The width ``-`` (``direction`` -1) or ``=`` (+1) chooses, and what to tell the reader.

    The step starts from the width ``shown``, so a narrow pane's first press
    shows at once; widening stops where the pane (``fits`` cells) is full.

    Returns:
        The new width (``None`` when it cannot change that way) and the message.
    """
    if direction > 0 and shown >= min(fits, MAX_TEXT_WIDTH):
        return None, "The text is as wide as it can be here"
    if direction < 0 and shown <= MIN_CHOSEN_WIDTH:
        return None, f"The text is at its narrowest ({shown} columns)"
    width = shown + direction * TEXT_WIDTH_STEP
    width = min(max(width, MIN_CHOSEN_WIDTH), MAX_TEXT_WIDTH, max(fits, MIN_CHOSEN_WIDTH))
    return width, f"Text width {width} columns"
