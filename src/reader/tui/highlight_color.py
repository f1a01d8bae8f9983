"""The highlight colour new highlights take: chosen with ``c`` or the palette, remembered.

The app holds the colour (``ReaderApp.highlight_color``) and keeps it in the
store's preferences, as it does the theme; the reader's annotator reads it when
it makes a highlight. ``c`` posts :class:`ColorChosen`: on its way up the reader
screen gives the colour to the highlight on the current paragraph, and the app
takes it for the next ones.
"""

from __future__ import annotations

from textual.message import Message

from reader.annotation import COLORS

__all__ = ["COLOR_PREFERENCE", "DEFAULT_COLOR", "ColorChosen", "next_color", "valid_color"]

COLOR_PREFERENCE = "highlight_color"
"""Store preference key under which the chosen colour is remembered."""

DEFAULT_COLOR = COLORS[0]
"""The colour of highlights until another is chosen: yellow, as on paper."""


def valid_color(value: object) -> str | None:
    """``value`` if it names one of :data:`~reader.annotation.COLORS`, else ``None``."""
    return value if isinstance(value, str) and value in COLORS else None


def next_color(color: str) -> str:
    """The colour after ``color`` in :data:`~reader.annotation.COLORS` (``c`` cycles)."""
    position = COLORS.index(color) if color in COLORS else -1
    return COLORS[(position + 1) % len(COLORS)]


class ColorChosen(Message):
    """The reader chose the colour of new highlights: the app uses it from now on, remembers it.

    Attributes:
        color: One of :data:`~reader.annotation.COLORS`.
    """

    def __init__(self, color: str) -> None:
        super().__init__()
        self.color = color
