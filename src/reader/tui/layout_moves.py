"""Where the document view's moves land: pure functions of a layout and the lines on screen.

:class:`~reader.tui.widgets.document_view.DocumentView` moves its current
paragraph by blocks of a :class:`~reader.tui.layout.DocumentLayout` (a paragraph,
a heading, a fold of boilerplate); which block a key, a page or a scroll lands on
depends only on the layout, the first line on screen and the screen's height.
Kept apart from the widget (no Textual here) so each rule reads, and is tested,
on its own.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from reader.tui.layout import BlockKind, DocumentLayout

__all__ = [
    "clicked_block",
    "context_start",
    "first_visible_selectable",
    "follow_target",
    "keep_in_place",
    "last_visible_selectable",
    "read_within",
    "reveal_target",
    "section_stop",
    "section_stops",
    "selectable_near",
    "step_move",
    "step_selectable",
    "tall_end_top",
]


def selectable_near(layout: DocumentLayout, block: int) -> int:
    """The selectable block at or after ``block``, else the last one before it."""
    selectable = layout.selectable
    position = bisect_left(selectable, block)
    return selectable[min(position, len(selectable) - 1)]


def step_selectable(layout: DocumentLayout, block: int, step: int) -> int | None:
    """The selectable block ``step`` away from ``block`` (kept within the document)."""
    selectable = layout.selectable
    if not selectable:
        return None
    position = bisect_left(selectable, block) + step
    return selectable[min(max(position, 0), len(selectable) - 1)]


def first_visible_selectable(layout: DocumentLayout, top: int, height: int) -> int | None:
    """The first selectable block wholly on screen (or the first one partly on it)."""
    bottom = top + height
    block = layout.block_at_line(top)
    partly = None
    for candidate in layout.selectable[bisect_left(layout.selectable, block) :]:
        start = layout.block_top(candidate)
        if start >= bottom:
            break
        if partly is None:
            partly = candidate
        if start >= top and start + layout.block_height(candidate) - 1 <= bottom:
            return candidate
    return partly


def last_visible_selectable(layout: DocumentLayout, top: int, height: int) -> int | None:
    """The last selectable block wholly on screen, if any."""
    bottom = top + height
    block = layout.block_at_line(bottom - 1)
    position = bisect_left(layout.selectable, block + 1) - 1
    while position >= 0:
        candidate = layout.selectable[position]
        start = layout.block_top(candidate)
        if start < top:
            return None  # above the screen: none is wholly on it (only headings show)
        if start + layout.block_height(candidate) - 1 <= bottom:
            return candidate
        position -= 1
    return None


def follow_target(layout: DocumentLayout, block: int, top: int, height: int) -> int | None:
    """After a scroll, where the current ``block`` goes if it is cut off (``None``: it stays).

    It goes to the first wholly visible block when the view moved down past it,
    the last when the view moved up; a block taller than the screen may stay
    partly visible.
    """
    bottom = top + height
    start = layout.block_top(block)
    end = start + layout.block_height(block) - 1
    if start >= top and end <= bottom:
        return None
    if start < top:
        target = first_visible_selectable(layout, top, height)
    else:
        target = last_visible_selectable(layout, top, height)
        target = target or first_visible_selectable(layout, top, height)
    return None if target == block else target


def section_stops(layout: DocumentLayout) -> list[int]:
    """Where ``]``/``[`` land: the first selectable block after each run of headings."""
    blocks = layout.blocks
    stops: list[int] = []
    for index in range(1, len(blocks)):
        if (
            blocks[index - 1].kind is BlockKind.HEADING
            and blocks[index].kind is not BlockKind.HEADING
        ):
            stop = selectable_near(layout, index)
            if stop >= index and (not stops or stops[-1] != stop):
                stops.append(stop)
    return stops


def section_stop(layout: DocumentLayout, block: int, direction: int) -> int | None:
    """Where ``]`` (``direction`` 1) or ``[`` (-1) lands from ``block``; ``None``: nowhere.

    The first section stop (see :func:`section_stops`) after ``block``, or the
    last one before it.
    """
    stops = section_stops(layout)
    if direction > 0:
        position = bisect_right(stops, block)
        return stops[position] if position < len(stops) else None
    position = bisect_left(stops, block) - 1
    return stops[position] if position >= 0 else None


def context_start(layout: DocumentLayout, block: int) -> int:
    """The first of the headings right above ``block`` (or ``block`` itself)."""
    blocks = layout.blocks
    while block > 0 and blocks[block - 1].kind is BlockKind.HEADING:
        block -= 1
    return block


def reveal_target(layout: DocumentLayout, block: int, top: int, height: int) -> int | None:
    """The first line to show so ``block`` is wholly visible (``None``: it already is).

    Scrolls minimally when the block is near, and puts its top (with the headings
    right above it, if they fit in half a screen) at the top when it is far.
    """
    start = layout.block_top(block)
    lines = layout.block_height(block) - 1
    if start >= top and start + lines <= top + height:
        return None
    context = layout.block_top(context_start(layout, block))
    if top - height <= start <= top + 2 * height:
        target = min(start if start < top else start + lines - height, start)
        if start < top and start - context < height // 2:
            target = context
        return target
    return context if start - context < height // 2 else start


def read_within(layout: DocumentLayout, block: int, top: int, height: int, step: int) -> int | None:
    """Where j (``step`` 1) or k (-1) scrolls to inside a ``block`` taller than the screen.

    A paragraph taller than the screen (a chapter-long paragraph of a plain text)
    is read half a screen at a time, up to its last line (``j``) or its first
    (``k``). ``None`` when the block fits, is off screen, or its end in that
    direction already shows: then the key moves on to the next paragraph.
    """
    start = layout.block_top(block)
    last = start + layout.block_height(block) - 2  # its last text line
    if not (0 < height <= last - start and start <= top + height and last >= top):
        return None
    if step > 0 and last >= top + height:
        return min(top + max(height // 2, 1), last - height + 1)
    if step < 0 and start < top:
        return max(top - max(height // 2, 1), start)
    return None


def tall_end_top(layout: DocumentLayout, block: int, height: int) -> int | None:
    """The first line on screen that shows the end of a ``block`` taller than the screen.

    ``k`` into such a paragraph shows its end, the part next to where the reader
    was; ``None`` when the block fits on the screen.
    """
    start = layout.block_top(block)
    last = start + layout.block_height(block) - 2
    return last - height + 1 if 0 < height <= last - start else None


def keep_in_place(
    layout: DocumentLayout, block: int, top: int, height: int
) -> tuple[int, int] | None:
    """The block to hold still on screen while the text re-wraps, and its row on screen.

    The current ``block`` when its top is on screen, else the block at the top
    line; ``None`` for an empty layout. After re-wrapping, scrolling that block's
    new top to the same row keeps the reader's place.
    """
    if not layout.blocks:
        return None
    start = layout.block_top(block)
    if not top <= start < top + height:
        block = layout.block_at_line(top)
        start = layout.block_top(block)
    return block, start - top


def step_move(
    layout: DocumentLayout, block: int, top: int, height: int, step: int
) -> tuple[int | None, int | None]:
    """Where j (``step`` 1) or k (-1) goes from ``block``, with ``top`` the first line on screen.

    More of the current block when it runs off screen (:func:`read_within`), else
    the next selectable block; going back into a block taller than the screen
    shows its end first (:func:`tall_end_top`).

    Returns:
        The block to select (``None``: the current one stays) and the first line
        to show once it is selected (``None``: as selecting it shows it).
    """
    within = read_within(layout, block, top, height, step)
    if within is not None:
        return None, within
    target = step_selectable(layout, block, step)
    if target is None or step > 0:
        return target, None
    return target, tall_end_top(layout, target, height)


def clicked_block(
    layout: DocumentLayout, row: int, top: int, height: int, *, overview: bool
) -> tuple[int, bool]:
    """The block a click on ``row`` of the view selects, and whether it opens or closes a fold.

    A click in the overview strip (``overview``) goes to the part of the book that
    row stands for; on a heading, to the paragraph after it; on a fold, it
    selects the fold and toggles it.

    Args:
        layout: A layout with blocks.
        row: The row clicked, from the top of the view.
        top: The first line on screen.
        height: The view's height in rows.
        overview: Whether the click was in the overview strip.
    """
    if overview:
        line = row * layout.total_lines // max(height, 1)
        return selectable_near(layout, layout.block_at_line(line)), False
    block = layout.block_at_line(top + row)
    kind = layout.blocks[block].kind
    if kind is BlockKind.HEADING:
        return selectable_near(layout, block), False
    return block, kind is BlockKind.FOLD
