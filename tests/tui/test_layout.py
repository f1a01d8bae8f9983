"""Wrapping and the block layout of the document view."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from reader.model import ParagraphKind
from reader.readers.builder import DocumentBuilder
from reader.tui import layout as layout_module
from reader.tui.layout import (
    _BREAKS_ANYWHERE,
    BlockKind,
    DocumentLayout,
    _wrap_ascii,
    _wrap_cells,
    cell_width,
    count_lines,
    paragraph_prefixes,
    wrap,
)

_LETTERS = st.sampled_from("abcdefghijklmnopqrstuvwxyzABC0123456789.,;'-")
_WIDE = st.sampled_from("中文字宽😀é한글ｱ")
ascii_words = st.lists(st.text(_LETTERS, min_size=1, max_size=30), min_size=1, max_size=60)
mixed_words = st.lists(
    st.text(st.one_of(_LETTERS, _WIDE), min_size=1, max_size=30), min_size=1, max_size=60
)
widths = st.integers(min_value=2, max_value=120)


def _lines(text: str, width: int) -> list[str]:
    return [text[start:end] for start, end in wrap(text, width)]


@given(mixed_words, widths)
def test_no_line_is_wider_than_the_width(words: list[str], width: int) -> None:
    text = " ".join(words)
    assert all(cell_len(line) <= width for line in _lines(text, width))


@given(mixed_words, widths)
def test_wrapping_keeps_every_character_of_every_word(words: list[str], width: int) -> None:
    text = " ".join(words)
    lines = _lines(text, width)
    assert "".join("".join(line.split()) for line in lines) == "".join(words)


@given(mixed_words, widths)
def test_words_that_fit_are_never_cut(words: list[str], width: int) -> None:
    text = " ".join(words)
    spaced = not any(_BREAKS_ANYWHERE.search(w) for w in words)  # not Chinese or Japanese
    if spaced and all(cell_len(w) <= width for w in words):
        assert [w for line in _lines(text, width) for w in line.split()] == words


def test_the_double_width_runs_are_two_cells_a_character_as_rich_counts() -> None:
    pattern = layout_module._DOUBLE_WIDTH.pattern
    ranges = re.findall(r"\\u(\w{4})-\\u(\w{4})", pattern)
    assert ranges
    for first, last in ranges:
        for code in range(int(first, 16), int(last, 16) + 1):
            assert cell_len(chr(code)) == 2, hex(code)


def test_chinese_and_japanese_go_on_where_the_line_has_room() -> None:
    text = "Rev 22:16 默示録 22:16 われイエスは我が使を遣して諸教會のために此等のことを汝らに證せり"
    lines = _lines(text, 30)
    assert lines[0] == "Rev 22:16 默示録 22:16 われイ"  # not the reference alone
    assert all(cell_len(line) <= 30 for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    korean = "Latin words keep whole 한국어 단어"  # Korean spaces its words: kept whole
    assert _lines(korean, 18) == ["Latin words keep", "whole 한국어 단어"]


@given(ascii_words, widths)
def test_the_ascii_fast_path_wraps_like_the_general_one(words: list[str], width: int) -> None:
    text = " ".join(words)
    assert _wrap_ascii(text, width) == _wrap_cells(text, width)


@given(mixed_words, widths)
def test_count_lines_agrees_with_wrap(words: list[str], width: int) -> None:
    text = " ".join(words)
    assert count_lines(text, width) == len(wrap(text, width))


def test_lines_are_filled_greedily() -> None:
    assert _lines("aaa bbb ccc ddd", 7) == ["aaa bbb", "ccc ddd"]
    assert _lines("aaa bbb ccc ddd", 8) == ["aaa bbb", "ccc ddd"]
    assert _lines("aaa bbb ccc ddd", 11) == ["aaa bbb ccc", "ddd"]


def test_a_word_longer_than_the_line_is_cut() -> None:
    assert _lines("abcdefghij", 4) == ["abcd", "efgh", "ij"]


def test_cjk_text_breaks_by_cells() -> None:
    lines = _lines("中文字宽中文字宽中文", 5)
    assert lines == ["中文", "字宽", "中文", "字宽", "中文"]


def test_emoji_count_two_cells() -> None:
    assert _lines("😀😀😀 ok", 4) == ["😀😀", "😀", "ok"]


def test_blank_text_is_one_empty_line() -> None:
    assert wrap("", 10) == [(0, 0)]
    assert count_lines("", 10) == 1


def _book() -> DocumentBuilder:
    builder = DocumentBuilder("text")
    builder.paragraph("Before any heading.")
    builder.heading("One", 1)
    builder.heading("One point one", 2)
    builder.paragraph("First of one point one.")
    builder.paragraph("Share this", boilerplate=True)
    builder.paragraph("Related links", boilerplate=True)
    builder.paragraph("After the chrome.")
    builder.paragraph("item", ParagraphKind.LIST_ITEM, marker="10.", depth=1)
    builder.paragraph("line one\nline two\nline three", ParagraphKind.CODE)
    builder.heading("Empty at the end", 1)
    return builder


def test_headings_come_before_their_paragraphs_and_folds_stand_for_boilerplate() -> None:
    layout = DocumentLayout(_book().build(), 40)
    shown = [(b.kind, b.index) for b in layout.blocks]
    assert shown == [
        (BlockKind.PARAGRAPH, 0),
        (BlockKind.HEADING, 0),
        (BlockKind.HEADING, 1),
        (BlockKind.PARAGRAPH, 1),
        (BlockKind.FOLD, 2),
        (BlockKind.PARAGRAPH, 4),
        (BlockKind.PARAGRAPH, 5),
        (BlockKind.PARAGRAPH, 6),
        (BlockKind.HEADING, 2),
    ]
    assert layout.paragraph_block[2] == layout.paragraph_block[3] == 4
    assert layout.selectable == [0, 3, 4, 5, 6, 7]


def test_unfolding_shows_the_boilerplate_paragraphs() -> None:
    layout = DocumentLayout(_book().build(), 40)
    fold = layout.fold_of(3)
    assert fold is not None
    assert (fold.index, fold.end) == (2, 4)
    before = layout.total_lines
    layout.set_expanded(fold, True)
    assert [b.index for b in layout.blocks[4:7]] == [2, 2, 3]
    assert layout.blocks[5].kind is BlockKind.PARAGRAPH
    assert layout.total_lines == before + 4
    assert layout.fold_of(4) is None


def test_a_heading_ends_a_run_of_boilerplate() -> None:
    builder = DocumentBuilder("text")
    builder.paragraph("chrome a", boilerplate=True)
    builder.heading("Title", 1)
    builder.paragraph("chrome b", boilerplate=True)
    layout = DocumentLayout(builder.build(), 40)
    assert [(b.kind, b.index, b.end) for b in layout.blocks] == [
        (BlockKind.FOLD, 0, 1),
        (BlockKind.HEADING, 0, 1),
        (BlockKind.FOLD, 1, 2),
    ]


def test_line_offsets_add_up_and_map_back_to_blocks() -> None:
    builder = _book()
    builder.paragraph("word " * 50)
    layout = DocumentLayout(builder.build(), 20)
    heights = [layout.block_height(b) for b in range(len(layout.blocks))]
    assert sum(heights) == layout.total_lines
    for block in range(len(layout.blocks)):
        top = layout.block_top(block)
        assert layout.block_at_line(top) == block
        assert layout.block_at_line(top + heights[block] - 1) == block
    # a level-1 heading: title, rule, blank line; code: its three lines and a blank line
    assert layout.block_height(1) == 3
    assert layout.block_height(7) == 4


def test_resizing_re_wraps_and_remembers_each_width() -> None:
    builder = DocumentBuilder("text")
    builder.paragraph("word " * 100)
    layout = DocumentLayout(builder.build(), 50)
    wide = layout.total_lines
    layout.set_width(25)
    assert layout.total_lines > wide
    layout.set_width(50)
    assert layout.total_lines == wide


def test_line_offsets_are_kept_per_width_until_a_fold_changes_the_blocks() -> None:
    builder = _book()
    builder.paragraph("word " * 100)
    layout = DocumentLayout(builder.build(), 50)
    at_50 = layout.line_starts
    layout.set_width(25)
    layout.set_width(50)
    assert layout.line_starts is at_50  # a width seen before is not measured again
    fold = layout.fold_of(2)
    assert fold is not None
    layout.set_expanded(fold, True)
    unfolded = list(layout.line_starts)
    layout.set_width(25)
    layout.set_width(50)
    assert layout.line_starts == unfolded
    assert layout.line_starts != at_50
    assert layout.total_lines == DocumentLayout(layout.document, 50).total_lines + 4


def test_only_a_few_widths_are_remembered() -> None:
    builder = DocumentBuilder("text")
    builder.paragraph("word " * 100)
    layout = DocumentLayout(builder.build(), 50)
    first = layout.line_starts
    for width in range(20, 40):  # a window dragged wider
        layout.set_width(width)
    layout.set_width(50)
    assert layout.line_starts == first
    assert layout.line_starts is not first  # measured again: forgotten, not kept forever


def test_list_items_hang_and_quotes_carry_a_bar_per_level() -> None:
    document = _book().build()
    first, rest = paragraph_prefixes(document.paragraphs[5])
    assert first == "  10. "
    assert rest == " " * 6
    builder = DocumentBuilder("text")
    builder.paragraph("said", ParagraphKind.QUOTE, depth=1)
    quote = builder.build().paragraphs[0]
    assert paragraph_prefixes(quote) == ("│ │ ", "│ │ ")


def test_footnotes_hang_after_their_mark() -> None:
    builder = DocumentBuilder("pdf")
    builder.paragraph("See the Debian Policy Manual.", ParagraphKind.FOOTNOTE, marker="12")
    builder.paragraph("An unmarked note.", ParagraphKind.FOOTNOTE)
    marked, unmarked = builder.build().paragraphs
    assert paragraph_prefixes(marked) == ("12 ", "   ")
    assert paragraph_prefixes(unmarked) == ("", "")


def test_verbatim_width_is_the_widest_code_line() -> None:
    builder = DocumentBuilder("text")
    builder.paragraph("short\n" + "x" * 150 + "\n\tindented", ParagraphKind.CODE)
    assert DocumentLayout(builder.build(), 80).verbatim_width == 150


def test_a_large_document_is_measured_once_per_width_without_building_lines(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Opening and resizing cost one line count per paragraph per width, never a
    # wrap into lines (that is for the few paragraphs on screen); a width seen
    # before costs nothing. How long that takes is measured by `benchmarks app`.
    counted: list[int] = []
    wrapped: list[str] = []

    def counting(text: str, width: int) -> int:
        counted.append(width)
        return count_lines(text, width)

    def wrapping(text: str, width: int) -> list[tuple[int, int]]:
        wrapped.append(text)
        return wrap(text, width)

    monkeypatch.setattr(layout_module, "count_lines", counting)
    monkeypatch.setattr(layout_module, "wrap", wrapping)
    builder = DocumentBuilder("text")
    sentence = "The quick brown fox jumps over the lazy dog near the river bank. "
    for index in range(30_000):
        if index % 100 == 0:
            builder.heading(f"Chapter {index // 100}", 1)
        builder.paragraph(sentence * (1 + index % 5))
    document = builder.build()

    layout = DocumentLayout(document, 80)
    for width in (60, 80, 60):
        layout.set_width(width)

    assert len(layout.selectable) == 30_000
    assert len(counted) <= 2 * 30_000
    assert set(wrapped) <= {s.title for s in document.sections}
    assert len(wrapped) == 2 * len(document.sections)
    last = layout.paragraph_block[-1]
    assert layout.block_height(last) == len(wrap(document.paragraphs[-1].text, 60)) + 1


HINDI = (
    "हिन्दी विश्व की एक प्रमुख भाषा है और भारत की राजभाषा है। केन्द्रीय स्तर पर भारत में दूसरी "
    "आधिकारिक भाषा अंग्रेज़ी है। यह हिन्दुस्तानी भाषा की एक मानकीकृत रूप है।"
)


def test_spacing_marks_take_a_cell_as_terminals_draw_them() -> None:
    # ह ि न ् द ी: the vowel signs ि and ी (spacing marks) take a cell, the virama none.
    assert cell_width("हिन्दी") == 5
    assert cell_width("plain") == 5
    assert cell_width("中文") == 4


@pytest.mark.parametrize("width", [7, 20, 33, 60])
def test_devanagari_lines_fit_the_width_as_the_terminal_counts_it(width: int) -> None:
    spans = wrap(HINDI, width)
    assert all(cell_width(HINDI[start:end]) <= width for start, end in spans)
    assert count_lines(HINDI, width) == len(spans)
