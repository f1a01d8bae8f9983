"""Selecting a passage in the document view: every key and the mouse, through Pilot."""

from __future__ import annotations

import pytest
from textual import events
from textual.pilot import Pilot

from reader.tui.passage_marks import PassageMarks
from reader.tui.widgets.document_view import DocumentView
from tests.tui.app_fixtures import wait_until
from tests.tui.test_document_view import ONE_0, SIZE, ViewApp, sample_document, start

TEXT = sample_document().paragraphs[ONE_0].text
SENTENCE = "Lorem ipsum dolor sit amet consectetur."


def selected(view: DocumentView) -> str:
    """The text selected now ("" for none)."""
    span = view.selected_span()
    return "" if span is None else view.document.paragraphs[span[0]].text[span[1] : span[2]]


async def selecting(pilot: Pilot[None], *keys: str) -> DocumentView:
    """The view once ``v`` and ``keys`` were pressed on the first chapter's first paragraph."""
    view = await start(pilot)
    view.goto(ONE_0)
    await pilot.press("v", *keys)
    return view


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        ((), "One-0."),
        (("w",), "One-0. Lorem"),
        (("w", "w", "b"), "One-0. Lorem"),
        (("e", "e"), "One-0. Lorem ipsum"),
        (("right_parenthesis",), f"One-0. {SENTENCE}"),
        (("right_parenthesis", "right_parenthesis"), f"One-0. {SENTENCE} {SENTENCE}"),
        (("right_parenthesis",) * 2 + ("left_parenthesis",), f"One-0. {SENTENCE}"),
        (("dollar_sign",), TEXT.rstrip()),
        (("dollar_sign", "0"), ""),
        (("shift+right", "shift+right"), "One-0. L"),
        (("shift+left",), "One-0"),
        (("shift+down", "shift+up"), "One-0."),
        (("right_parenthesis", "o", "right_parenthesis"), SENTENCE),
    ],
)
async def test_every_selection_key_moves_the_selection(
    keys: tuple[str, ...], expected: str
) -> None:
    async with ViewApp(sample_document()).run_test(size=SIZE) as pilot:
        view = await selecting(pilot, *keys)
        assert selected(view) == expected


async def test_shift_down_reaches_the_next_wrapped_line() -> None:
    async with ViewApp(sample_document()).run_test(size=SIZE) as pilot:
        view = await selecting(pilot, "shift+down")
        span = view.selected_span()
        assert span is not None
        first_line_end = TEXT.rfind(" ", 0, view.text_width) + 1
        assert span[2] > first_line_end


async def test_escape_leaves_and_the_view_keys_come_back() -> None:
    async with ViewApp(sample_document()).run_test(size=SIZE) as pilot:
        view = await selecting(pilot, "escape")
        assert not view.selecting
        view.goto(ONE_0 + 5)
        await pilot.press("b")  # page up again, not a word back
        assert view.current < ONE_0 + 5
        assert not view.selecting


async def test_moving_to_another_paragraph_leaves_the_selection() -> None:
    async with ViewApp(sample_document()).run_test(size=SIZE) as pilot:
        view = await selecting(pilot, "w", "j")
        assert view.current == ONE_0 + 1
        assert view.selected_span() is None


async def test_the_selection_is_drawn_reversed_on_the_text() -> None:
    async with ViewApp(sample_document()).run_test(size=SIZE) as pilot:
        view = await selecting(pilot, "w")
        await pilot.pause()
        row = view.document_layout.block_top(view.document_layout.paragraph_block[ONE_0])
        line = view.render_line(row - int(view.scroll_y))
        reversed_text = "".join(s.text for s in line if s.style is not None and s.style.reverse)
        assert reversed_text == "One-0. Lorem"


async def test_passages_are_drawn_on_every_line_they_cover() -> None:
    async with ViewApp(sample_document()).run_test(size=SIZE) as pilot:
        view = await start(pilot)
        view.show_passages({ONE_0: PassageMarks(((0, len(TEXT.rstrip()), "green"),))})
        await pilot.pause()
        green = view._style("passage-green").bgcolor
        top = view.document_layout.block_top(view.document_layout.paragraph_block[ONE_0])
        height = view.document_layout.block_height(view.document_layout.paragraph_block[ONE_0])
        for row in range(top, top + height - 1):
            line = view.render_line(row - int(view.scroll_y))
            assert any(s.style is not None and s.style.bgcolor == green for s in line)


async def test_dragging_selects_within_the_paragraph() -> None:
    async with ViewApp(sample_document()).run_test(size=SIZE) as pilot:
        view = await start(pilot)
        view.goto(ONE_0)
        await pilot.pause()
        row = view.document_layout.block_top(view.document_layout.paragraph_block[ONE_0])
        row -= int(view.scroll_y)
        left = view._margin(view.scrollable_content_region.width) + 3  # margin and gutter
        await pilot.mouse_down(view, offset=(left + 7, row))  # the L of Lorem
        await pilot.hover(view, offset=(left + 17, row))  # the m of ipsum
        await pilot.mouse_up(view, offset=(left + 17, row))
        assert selected(view) == "Lorem ipsum"
        await pilot.click(view, offset=(left, row))
        assert not view.selecting


async def test_a_drag_released_over_the_next_paragraph_keeps_its_selection() -> None:
    async with ViewApp(sample_document()).run_test(size=SIZE) as pilot:
        view = await start(pilot)
        await pilot.pause()
        layout = view.document_layout
        row = layout.block_top(layout.paragraph_block[ONE_0]) - int(view.scroll_y)
        below = layout.block_top(layout.paragraph_block[ONE_0 + 1]) - int(view.scroll_y)
        left = view._margin(view.scrollable_content_region.width) + 3
        await pilot.mouse_down(view, offset=(left + 7, row))
        await pilot.hover(view, offset=(left + 5, below))
        await pilot.mouse_up(view, offset=(left + 5, below))  # and the click it makes
        await pilot.pause()
        assert view.current == ONE_0
        assert selected(view) == TEXT[7:].rstrip()


async def test_the_head_of_a_selection_in_a_tall_paragraph_stays_on_screen() -> None:
    async with ViewApp(sample_document()).run_test(size=(30, 5)) as pilot:
        view = await selecting(pilot)
        layout = view.document_layout
        height = view.scrollable_content_region.height
        assert layout.block_height(layout.paragraph_block[ONE_0]) > height + 1  # taller
        await pilot.press("dollar_sign")
        end = layout.line_of(ONE_0, len(TEXT))
        assert int(view.scroll_y) <= end < int(view.scroll_y) + height
        assert view.current == ONE_0
        assert selected(view) == TEXT.rstrip()
        await pilot.press("0")
        start = layout.line_of(ONE_0, 0)
        assert int(view.scroll_y) <= start < int(view.scroll_y) + height


async def test_a_drag_below_the_view_scrolls_and_selects_on_until_released() -> None:
    async with ViewApp(sample_document()).run_test(size=(30, 5)) as pilot:
        view = await start(pilot)
        view.goto(ONE_0)
        await pilot.pause()
        layout = view.document_layout
        height = view.scrollable_content_region.height
        assert layout.block_height(layout.paragraph_block[ONE_0]) > height + 1  # taller
        row = layout.block_top(layout.paragraph_block[ONE_0]) - int(view.scroll_y)
        left = view._margin(view.scrollable_content_region.width) + 3
        await pilot.mouse_down(view, offset=(left, row))
        top = view.scroll_y
        below = view.region.y + view.region.height + 2  # the pointer leaves the view
        x = view.region.x + left + 4
        move = events.MouseMove(view, left + 4, height + 2, 0, 2, 1, False, False, False, x, below)
        view.post_message(move)
        await wait_until(pilot, lambda: selected(view) == TEXT.rstrip())  # scrolled to its end
        assert view.scroll_y > top
        view.post_message(events.MouseUp(view, left + 4, height + 2, 0, 0, 1, False, False, False))
        await wait_until(pilot, lambda: view._scroller is None)
        stopped = view.scroll_y
        await pilot.pause(0.2)
        assert view.scroll_y == stopped
        assert selected(view) == TEXT.rstrip()
        assert view.current == ONE_0
