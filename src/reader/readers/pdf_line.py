"""The values PDF layout works on: positioned lines and outline entries.

They are plain data, so the layout is tested without any PDF library.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Line", "OutlineEntry"]


@dataclass(frozen=True, slots=True)
class Line:
    """One line of text as placed on a page (PDF units, y grows upwards).

    Attributes:
        page: Page index.
        text: The line's text (ligatures expanded).
        left: x where its first character starts.
        top: y of its top (baseline plus font size), so line spacing is the
            difference of two lines' ``top``.
        size: Font size (of a character in its middle: a line may open with a
            superscript or a bullet).
        page_height: Height of its page.
        right: x where its last character ends (``0`` when unknown).
        page_width: Width of its page (``0`` when unknown).
        bold: Set in a bold font.
        mono: Set in a monospaced font (program code, commands).
    """

    page: int
    text: str
    left: float
    top: float
    size: float
    page_height: float
    right: float = 0.0
    page_width: float = 0.0
    bold: bool = False
    mono: bool = False


@dataclass(frozen=True, slots=True)
class OutlineEntry:
    """A bookmark of the PDF outline: a heading title, its level and its page."""

    title: str
    level: int
    page: int
