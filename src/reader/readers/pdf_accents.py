"""Letters TeX builds from a base letter and a separate accent, put back together.

A font encoding without a letter (T1 has no ``ā ē ė ī į ō ū``; the old OT1 has
no accented letter at all) makes TeX set the base letter and an accent glyph
over or under it. PDFium reads the accent as a spacing character of its own
(``¯ ˙ ¨ ˛``, or a lone combining mark), often somewhere else on the line, since
TeX moves back to place it: ``àáâäæãåa èéęëê ¯ e¯e``, and the words no longer
match any other edition's. The accent is put back on the letter it sits over,
by position, as the composed character (``a`` + ``¯`` = ``ā``), and the spaces
PDFium inserted around the displaced glyph go with it. Only lines holding such
a character are looked at, one box query per character of the line.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import Any

__all__ = ["ACCENT", "compose_accents"]

_COMBINING = {
    "`": "\u0300",
    "\u02cb": "\u0300",
    "\u00b4": "\u0301",
    "\u02ca": "\u0301",
    "\u02c6": "\u0302",
    "\u02dc": "\u0303",
    "\u00af": "\u0304",
    "\u02c9": "\u0304",
    "\u02d8": "\u0306",
    "\u02d9": "\u0307",
    "\u00a8": "\u0308",
    "\u02da": "\u030a",
    "\u02dd": "\u030b",
    "\u02c7": "\u030c",
    "\u00b8": "\u0327",
    "\u02db": "\u0328",
}  # spacing accents (as PDF fonts name them) and the combining marks they stand for
ACCENT = re.compile("[" + "".join(_COMBINING) + "\u0300-\u036f]")
"""A character that may be an accent TeX set apart from its letter."""
_DOTLESS = {"ı": "i", "ȷ": "j"}  # TeX puts an accent over a dotless i or j
_WORD_SPACE = 0.25  # a word space, in glyph heights (a third of an em; letters ~0.05 apart)


def compose_accents(
    textpage: Any, unit: Sequence[int], line: str, first: int
) -> tuple[str, int, int]:
    """``line`` (its characters at ``text[first:]``) with set-apart accents composed.

    Returns the line and how many of its characters were dropped at its start
    and at its end (accents, spaces): the line's first and last printed
    characters move by as many, so that its edges are its letters', not those
    of an accent TeX moved back over an earlier letter.
    """
    boxes: dict[int, tuple[float, float, float, float]] = {}

    def box(offset: int) -> tuple[float, float, float, float]:
        if offset not in boxes:
            left, bottom, right, top = textpage.get_charbox(unit[first + offset])
            boxes[offset] = (float(left), float(bottom), float(right), float(top))
        return boxes[offset]

    chars = list(line)
    dropped: set[int] = set()
    for at, character in enumerate(line):
        if not ACCENT.fullmatch(character):
            continue
        mark = _COMBINING.get(character, character)
        left, bottom, right, top = box(at)
        centre_x, centre_y = (left + right) / 2, (bottom + top) / 2
        below = unicodedata.combining(mark) in (202, 220)
        best = None
        for other, letter in enumerate(chars):
            if other == at or other in dropped or not letter.isalpha():
                continue
            o_left, o_bottom, o_right, o_top = box(other)
            if not o_left <= centre_x <= o_right or o_top <= o_bottom:
                continue
            if (centre_y < (o_bottom + o_top) / 2) != below:
                continue
            composed = unicodedata.normalize("NFC", _DOTLESS.get(letter, letter) + mark)
            if len(composed) != 1:
                continue
            distance = abs(centre_x - (o_left + o_right) / 2)
            if best is None or distance < best[0]:
                best = (distance, other, composed)
        if best is not None:
            chars[best[1]] = best[2]
            dropped.add(at)
    if not dropped:
        return line, 0, 0
    printed = [at for at in range(len(chars)) if at not in dropped and not chars[at].isspace()]
    if not printed:
        return line, 0, 0
    out: list[int] = []
    for at, character in enumerate(chars):
        if at in dropped:
            continue
        if character.isspace() and _beside(chars, dropped, at):
            # a space PDFium put around the displaced accent: kept only where
            # the glyphs on either side of it are a word space apart
            before = [p for p in printed if p < at]
            after = [p for p in printed if p > at]
            if not before or not after or (out and chars[out[-1]].isspace()):
                continue
            before_box, after_box = box(before[-1]), box(after[0])
            height = max(before_box[3] - before_box[1], after_box[3] - after_box[1])
            if after_box[0] - before_box[2] < _WORD_SPACE * height:
                continue
        out.append(at)
    while out and chars[out[-1]].isspace():
        out.pop()
    while out and chars[out[0]].isspace():
        out.pop(0)
    return "".join(chars[at] for at in out), out[0], len(chars) - 1 - out[-1]


def _beside(chars: list[str], dropped: set[int], at: int) -> bool:
    """Whether the space at ``at`` has a dropped accent next to it (past other spaces)."""
    for step in (-1, 1):
        other = at + step
        while 0 <= other < len(chars) and chars[other].isspace() and other not in dropped:
            other += step
        if other in dropped:
            return True
    return False
