"""Where the view's moves land, worked out from the layout alone (no widget, no Textual)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from reader.readers.builder import DocumentBuilder
from reader.tui.layout import BlockKind, DocumentLayout
from reader.tui.layout_moves import (
    clicked_block,
    context_start,
    first_visible_selectable,
    follow_target,
    last_visible_selectable,
    reveal_target,
    section_stop,
    section_stops,
    selectable_near,
    step_move,
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


def test_section_keys_land_on_the_next_or_previous_stop() -> None:
    stops = section_stops(LAYOUT)
    assert section_stop(LAYOUT, LAYOUT.selectable[0], 1) == stops[1]  # already at the first
    assert section_stop(LAYOUT, stops[1], -1) == stops[0]
    assert section_stop(LAYOUT, stops[1] + 1, -1) == stops[1]  # back to its own section
    assert section_stop(LAYOUT, stops[-1], 1) is None
    assert section_stop(LAYOUT, stops[0], -1) is None


def test_j_and_k_step_between_paragraphs_that_fit() -> None:
    first = LAYOUT.selectable[0]
    assert step_move(LAYOUT, first, 0, 20, 1) == (LAYOUT.selectable[1], None)
    assert step_move(LAYOUT, LAYOUT.selectable[1], 0, 20, -1) == (first, None)


def test_j_and_k_read_through_a_paragraph_taller_than_the_screen() -> None:
    builder = DocumentBuilder("text")
    builder.paragraph("A short one.")
    builder.paragraph(" ".join(["word"] * 200))  # some 40 lines at width 30
    builder.paragraph("Another short one.")
    layout = DocumentLayout(builder.build(), 30)
    first, tall, last = layout.selectable
    height = 10
    block, top = step_move(layout, first, 0, height, 1)
    assert (block, top) == (tall, None)  # j onto it: selecting it shows its top
    block, top = step_move(layout, tall, layout.block_top(tall), height, 1)
    assert block is None  # j within it scrolls half a screen
    assert top == layout.block_top(tall) + height // 2
    block, top = step_move(layout, last, layout.block_top(last), height, -1)
    assert block == tall  # k back into it shows its end first
    assert top is not None
    assert top + height - 1 == layout.block_top(tall) + layout.block_height(tall) - 2


def test_a_click_selects_the_paragraph_under_it_or_after_a_heading() -> None:
    heading = 0
    paragraph = LAYOUT.selectable[0]
    on_heading = clicked_block(LAYOUT, LAYOUT.block_top(heading), 0, 20, overview=False)
    assert on_heading == (paragraph, False)
    row = LAYOUT.block_top(LAYOUT.selectable[2]) - 5
    assert clicked_block(LAYOUT, row, 5, 20, overview=False) == (LAYOUT.selectable[2], False)


def test_a_click_in_the_overview_goes_to_that_part_of_the_book() -> None:
    height = 10
    assert clicked_block(LAYOUT, 0, 0, height, overview=True) == (LAYOUT.selectable[0], False)
    block, fold = clicked_block(LAYOUT, height - 1, 0, height, overview=True)
    assert LAYOUT.block_top(block) >= LAYOUT.total_lines * (height - 1) // height - 3
    assert not fold


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
