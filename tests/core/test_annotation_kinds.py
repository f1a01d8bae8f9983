"""The table of annotation kinds: one row per kind, each told apart without colour."""

from __future__ import annotations

import re

import pytest

from reader.annotation import KINDS, AnnotationKind

CP437_GLYPHS = frozenset(
    "☺☻♥♦♣♠•◘○◙♂♀♪♫☼►◄↕‼¶§▬↨↑↓→←∟↔▲▼⌂" + bytes(range(0x20, 0x7F)).decode("cp437")
) | frozenset(bytes(range(0x80, 0x100)).decode("cp437"))
"""What the Linux console's default fonts draw (code page 437, its glyphs for the
control positions included: ``♦`` and ``▲`` sit at 0x04 and 0x1E)."""


def test_every_kind_has_one_row_and_its_own_glyph() -> None:
    assert list(KINDS) == list(AnnotationKind)
    glyphs = [look.glyph for look in KINDS.values()]
    assert len(set(glyphs)) == len(glyphs)
    assert len({look.name for look in KINDS.values()}) == len(KINDS)


@pytest.mark.parametrize("kind", list(AnnotationKind))
def test_a_glyph_is_in_the_linux_console_font(kind: AnnotationKind) -> None:
    """TERM=linux draws with code page 437: a glyph outside it would show as a blank."""
    look = KINDS[kind]
    assert len(look.glyph) == 1
    assert look.glyph in CP437_GLYPHS  # ✎ and ★ are not


@pytest.mark.parametrize("kind", list(AnnotationKind))
def test_a_colour_is_a_theme_variable_name(kind: AnnotationKind) -> None:
    """A Textual theme variable (``$text-primary`` in CSS), never a fixed colour."""
    assert re.fullmatch(r"[a-z]+(-[a-z]+)*", KINDS[kind].colour)
    assert KINDS[kind].colour not in {"red", "green", "yellow", "blue", "magenta", "cyan"}
