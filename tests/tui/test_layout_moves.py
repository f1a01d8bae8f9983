"""Where the view's moves land, worked out from the layout alone (no widget, no Textual)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from reader.readers.builder import DocumentBuilder
from reader.tui.layout import BlockKind, DocumentLayout
from reader.tui.layout_moves import (
    context_start,
    first_visible_selectable,
    follow_target,
    last_visible_selectable,
    reveal_target,
    section_stops,
    selectable_near,
    step_selectable,
)


def _layout(chapters: int = 3, paragraphs: int = 4, width: int = 30) -> DocumentLayout:
    """Chapters of one heading each (a subheading in the second) and short paragraphs."""
    builder = DocumentBuilder("text")
    for chapter in range(chapters):
        builder.heading(f"Chapter {chapter}", 1)
        if chapter == 1:
            builder.heading(f"Part of chapter {chapter}", 2)
        for n in range(paragraphs):
            builder.paragraph(f"Paragraph {n} of chapter {chapter}, long enough to wrap twice.")
    return DocumentLayout(builder.build(), width)


LAYOUT = _layout()


def test_section_stops_are_the_first_paragraph_after_each_run_of_headings() -> None:
    stops = section_stops(LAYOUT)
    assert len(stops) == 3
    for stop in stops:
        assert LAYOUT.blocks[stop].kind is BlockKind.PARAGRAPH
        assert LAYOUT.blocks[stop - 1].kind is BlockKind.HEADING
    second = stops[1]
    assert context_start(LAYOUT, second) == second - 2  # the chapter and its part headings
    assert context_start(LAYOUT, second + 1) == second + 1


def test_stepping_stays_within_the_document_and_skips_headings() -> None:
    first, last = LAYOUT.selectable[0], LAYOUT.selectable[-1]
    assert step_selectable(LAYOUT, first, -1) == first
    assert step_selectable(LAYOUT, last, 1) == last
    after = step_selectable(LAYOUT, LAYOUT.selectable[3], 1)
    assert after == LAYOUT.selectable[4]
    assert LAYOUT.blocks[LAYOUT.selectable[4] - 1].kind is BlockKind.HEADING  # stepped over it
    assert selectable_near(LAYOUT, 0) == first  # a heading: the paragraph after it


def test_a_visible_block_needs_no_scroll_and_a_far_one_shows_its_headings() -> None:
    height = 10
    assert reveal_target(LAYOUT, LAYOUT.selectable[0], 0, height) is None
    far = section_stops(LAYOUT)[2]
    target = reveal_target(LAYOUT, far, 0, height)
    assert target == LAYOUT.block_top(context_start(LAYOUT, far))


@given(st.integers(0, 200), st.integers(3, 30))
def test_the_first_and_last_visible_paragraphs_are_on_screen(top: int, height: int) -> None:
    top = min(top, max(LAYOUT.total_lines - height, 0))  # as far as the view scrolls
    first = first_visible_selectable(LAYOUT, top, height)
    if first is None:  # only headings on screen
        shown = range(LAYOUT.block_at_line(top), LAYOUT.block_at_line(top + height - 1) + 1)
        assert all(LAYOUT.blocks[b].kind is BlockKind.HEADING for b in shown)
        return
    assert top < LAYOUT.block_top(first) + LAYOUT.block_height(first)  # at least partly on it
    assert LAYOUT.block_top(first) < top + height
    last = last_visible_selectable(LAYOUT, top, height)
    if last is not None:
        assert LAYOUT.block_top(last) + LAYOUT.block_height(last) - 1 <= top + height
        assert last >= first


@given(st.integers(0, 200), st.integers(3, 30), st.integers(0, 100))
def test_after_a_scroll_the_current_paragraph_is_brought_on_screen(
    top: int, height: int, pick: int
) -> None:
    top = min(top, max(LAYOUT.total_lines - height, 0))  # as far as the view scrolls
    block = LAYOUT.selectable[pick % len(LAYOUT.selectable)]
    target = follow_target(LAYOUT, block, top, height)
    start = LAYOUT.block_top(block)
    if start >= top and start + LAYOUT.block_height(block) - 1 <= top + height:
        assert target is None  # wholly on screen: it stays
    elif target is not None:
        assert LAYOUT.block_top(target) < top + height
        assert LAYOUT.block_top(target) + LAYOUT.block_height(target) > top
