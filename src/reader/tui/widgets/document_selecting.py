"""Selecting a passage in the document view, by keys or by dragging the mouse.

:class:`SelectingLines` sits between the drawing
(:class:`~reader.tui.widgets.document_lines.DocumentLines`) and the view's
moves (:class:`~reader.tui.widgets.document_view.DocumentView`): it owns the
selection (a :class:`~reader.tui.text_selection.TextSelection`, kept in the
view's :class:`~reader.tui.widgets.passage_spans.PassageSpans` so it is drawn),
runs the selection keys (declared in :mod:`~reader.tui.widgets.document_keys`,
active only while selecting) and the mouse drag, and shows the passages the
annotations cover. What acts on the selection (``h``, ``a``, ``t``, ``y``) asks
for it with :meth:`SelectingLines.selected_span`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from rich.cells import get_character_cell_size
from textual import events
from textual.geometry import Offset
from textual.timer import Timer

from reader.model import Paragraph, ParagraphKind
from reader.tui.highlight_color import DEFAULT_COLOR, ColorChosen, next_color, valid_color
from reader.tui.layout import BlockKind, paragraph_prefixes, wrap
from reader.tui.passage_marks import PassageMarks

if TYPE_CHECKING:
    from reader.tui.text_selection import TextSelection
from reader.tui.widgets.document_lines import GUTTER_WIDTH, DocumentLines

__all__ = ["SELECTION_ACTIONS", "SelectingLines", "paragraph_lines"]

SELECTION_ACTIONS = frozenset({"select", "select_leave", "select_copy"})
"""The actions of the selection keys: bound only while a selection is made."""

_VERBATIM = (ParagraphKind.CODE, ParagraphKind.TABLE)
_SCROLL_EVERY = 0.05
"""Seconds between the lines a drag scrolls while its pointer is outside the view."""


def paragraph_lines(paragraph: Paragraph, width: int) -> list[tuple[int, int]]:
    """The ``(start, end)`` of each line ``paragraph`` is drawn on at ``width`` cells."""
    text = paragraph.text
    if paragraph.kind in _VERBATIM:
        spans, offset = [], 0
        for line in text.split("\n"):
            spans.append((offset, offset + len(line)))
            offset += len(line) + 1
        return spans
    prefix = sum(map(get_character_cell_size, paragraph_prefixes(paragraph)[0]))
    return wrap(text, width - prefix)


class SelectingLines(DocumentLines):
    """The document view's selection of a passage, and the passages it draws."""

    ALLOW_SELECT = False
    """Textual's own mouse selection stays out: a drag here selects a passage."""

    _drag: tuple[int, int] | None = None
    """Where a mouse drag began: the paragraph and the offset in its text."""
    _pointer: Offset | None = None
    """Where a drag's pointer is now, in content cells (above or below the view
    while it scrolls)."""
    _scroller: Timer | None = None
    """Scrolls a line at a time while a drag's pointer is above or below the view."""
    _dragged = False
    """A drag selected something: the click its release makes is no click."""

    # What the annotations and the keys ask for -------------------------------

    @property
    def selecting(self) -> bool:
        """True while a selection is being made."""
        return self.passages.selection is not None

    def selected_span(self) -> tuple[int, int, int] | None:
        """The passage selected, as ``(paragraph, start, end)``; ``None`` when none is."""
        selection = self.passages.selection
        span = None if selection is None else selection.span()
        if selection is None or span is None:
            return None
        return (selection.paragraph, *span)

    def leave_selection(self) -> None:
        """Stop selecting (Escape, or once a key has acted on the selection)."""
        self._set_selection(None)

    def show_passages(self, marks: Mapping[int, PassageMarks]) -> None:
        """Draw the passages annotated in the document (every paragraph's at once)."""
        self.passages.replace_all(marks)
        self.refresh()

    def show_paragraph_passages(self, index: int, marks: PassageMarks | None) -> None:
        """Draw one paragraph's passages anew (an annotation came, went or changed)."""
        if self.passages.set(index, marks):
            self._refresh_paragraph(index)

    # The keys -----------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The selection keys apply only while selecting (else ``b``, ``e``, ``o`` do their own)."""
        if action in SELECTION_ACTIONS:
            return self.selecting
        return True

    def action_select_start(self) -> None:
        """Start a selection at the current paragraph's first word (``v``; again: stop)."""
        from reader.tui.text_selection import TextSelection  # imported when first used

        paragraphs = self.document.paragraphs
        if self.selecting:
            self.leave_selection()
        elif paragraphs and self._is_text(self.current):
            text = paragraphs[self.current].text
            self._set_selection(TextSelection.first_word(self.current, text))

    def action_select(self, motion: str) -> None:
        """Move the selection's head (``w``, ``b``, ``e``, ``)``, ``(``, ``0``, ``$``...)."""
        from reader.tui.text_selection import Motion

        selection = self.passages.selection
        if selection is None:
            return
        lines: list[tuple[int, int]] = []
        if motion in (Motion.LINE_DOWN, Motion.LINE_UP):
            paragraph = self.document.paragraphs[selection.paragraph]
            lines = paragraph_lines(paragraph, self.document_layout.width)
        moved = selection.moved(Motion(motion), lines)
        self._set_selection(moved)
        self._show_head(moved)

    def action_select_leave(self) -> None:
        """Stop selecting (Escape)."""
        self.leave_selection()

    def action_copy(self) -> None:
        """Copy the selection, else the current paragraph, with where it comes from (``y``).

        To the terminal's clipboard (OSC 52) and the app's own.
        """
        from reader.tui.copying import quotation  # imported when first used

        span = self.selected_span()
        if not self.document.paragraphs:
            return
        self.leave_selection()
        index = self.current if span is None else span[0]
        text = quotation(self.document, index, None if span is None else span[1:])
        self.app.copy_to_clipboard(text)
        words = len(text.rsplit("\n— ", 1)[0].split())
        self.notify(
            f"Copied {words} word{'' if words == 1 else 's'} and where they come from",
            markup=False,
            timeout=2,
        )

    def action_select_copy(self) -> None:
        """``y`` while selecting: copy the selection (the key bar shows it then)."""
        self.action_copy()

    def action_cycle_color(self) -> None:
        """Choose the next colour for new highlights (``c``): the app takes it and remembers it."""
        chosen = valid_color(getattr(self.app, "highlight_color", None)) or DEFAULT_COLOR
        self.post_message(ColorChosen(next_color(chosen)))

    # The mouse ---------------------------------------------------------------

    def on_mount(self) -> None:
        """Leave the selection when the reader moves to another paragraph."""
        self.watch(self, "current", self._current_moved, init=False)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        """A press on a paragraph's text may begin a drag; any press ends the selection."""
        if self.selecting:
            self.leave_selection()
        self._dragged = False
        place = self._text_place(event) if event.button == 1 else None
        self._drag = place
        if place is not None:
            self.capture_mouse()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        """Dragging selects from where the press was to the pointer, within that paragraph;
        above or below the view it scrolls, a line at a time, as editors do."""
        if self._drag is None or event.button != 1:
            return
        self._pointer = event.get_content_offset_capture(self)
        self._drag_to(self._pointer)
        outside = not 0 <= self._pointer.y < self.scrollable_content_region.height
        if outside and self._scroller is None:
            self._scroller = self.set_interval(_SCROLL_EVERY, self._scroll_drag)
        elif not outside:
            self._stop_scrolling()

    def _scroll_drag(self) -> None:
        """One line further towards the pointer, the selection following it."""
        pointer = self._pointer
        if self._drag is None or pointer is None:
            self._stop_scrolling()
            return
        step = -1 if pointer.y < 0 else 1
        before = self.scroll_y
        self.scroll_to(y=before + step, animate=False, immediate=True)
        if self.scroll_y == before:
            self._stop_scrolling()  # at the top or the end
            return
        self._drag_to(pointer)

    def _stop_scrolling(self) -> None:
        if self._scroller is not None:
            self._scroller.stop()
            self._scroller = None

    def _drag_to(self, pointer: Offset) -> None:
        """Select from where the drag began to the text under ``pointer``."""
        assert self._drag is not None
        paragraph, anchor = self._drag
        head = self._offset_in(paragraph, pointer)
        from reader.tui.text_selection import TextSelection

        text = self.document.paragraphs[paragraph].text
        if head != anchor or self.selecting:
            # Each end takes the character under the pointer: the one pressed on
            # and the one the pointer is on now.
            if head >= anchor:
                head += 1
            else:
                anchor += 1
            self._dragged = True
            self.current = paragraph  # what h, a, t act on (before: a move drops a selection)
            self._set_selection(TextSelection.between(paragraph, text, anchor, head))

    def on_mouse_up(self, event: events.MouseUp) -> None:
        """The drag ends; what it selected stays selected."""
        self._stop_scrolling()
        if self._drag is not None:
            self._drag = None
            self._pointer = None
            self.capture_mouse(False)

    def ends_a_drag(self) -> bool:
        """True for the click that a drag's release makes (it must not move the paragraph)."""
        dragged, self._dragged = self._dragged, False
        return dragged

    # Inside -----------------------------------------------------------------

    def _current_moved(self, index: int) -> None:
        selection = self.passages.selection
        if selection is not None and selection.paragraph != index:
            self.leave_selection()

    def _is_text(self, index: int) -> bool:
        """True when paragraph ``index`` shows as text (not folded away)."""
        layout = self.document_layout
        return layout.blocks[layout.paragraph_block[index]].kind is BlockKind.PARAGRAPH

    def _set_selection(self, selection: TextSelection | None) -> None:
        old = self.passages.selection
        if old == selection:
            return
        self.passages.selection = selection
        for paragraph in {s.paragraph for s in (old, selection) if s is not None}:
            self._refresh_paragraph(paragraph)
        if (old is None) != (selection is None):
            self.refresh_bindings()

    def _show_head(self, selection: TextSelection) -> None:
        """Scroll the line the head is on into view (a paragraph taller than the screen)."""
        height = self.scrollable_content_region.height
        line = self.document_layout.line_of(selection.paragraph, selection.head)
        top = int(self.scroll_y)
        if height > 0 and not top <= line < top + height:
            self.scroll_to(y=max(line - height // 3, 0), animate=False, immediate=True)

    def _refresh_paragraph(self, index: int) -> None:
        """Redraw the lines of paragraph ``index`` (its strips are cached by its version)."""
        layout = self.document_layout
        if 0 <= index < len(layout.paragraph_block):
            block = layout.paragraph_block[index]
            self.refresh_lines(layout.block_top(block), layout.block_height(block))

    def _text_place(self, event: events.MouseEvent) -> tuple[int, int] | None:
        """The paragraph and text offset under the pointer, if it is on a paragraph's text."""
        offset = event.get_content_offset(self)
        layout = self.document_layout
        if offset is None or not layout.blocks:
            return None
        line = int(self.scroll_y) + offset.y
        if line >= layout.total_lines:
            return None
        block = layout.blocks[layout.block_at_line(line)]
        if block.kind is not BlockKind.PARAGRAPH:
            return None
        return block.index, self._offset_in(block.index, offset)

    def _offset_in(self, index: int, offset: Offset) -> int:
        """The offset in paragraph ``index``'s text nearest the content cell ``offset``
        (above the paragraph: 0, below it: its end)."""
        layout = self.document_layout
        paragraph = self.document.paragraphs[index]
        top = layout.block_top(layout.paragraph_block[index])
        lines = paragraph_lines(paragraph, layout.width)
        row = int(self.scroll_y) + offset.y - top
        if row < 0:
            return 0
        if row >= len(lines):
            return len(paragraph.text)
        start, end = lines[row]
        prefix = sum(map(get_character_cell_size, paragraph_prefixes(paragraph)[0]))
        if paragraph.kind in _VERBATIM:
            prefix = -int(self.scroll_x)
        margin = self._margin(self.scrollable_content_region.width)
        column = offset.x - margin - GUTTER_WIDTH - prefix
        return _offset_at_column(paragraph.text, start, end, column)


def _offset_at_column(text: str, start: int, end: int, column: int) -> int:
    """The offset in ``text[start:end]`` drawn at cell ``column`` (wide characters take 2)."""
    cells = 0
    for position in range(start, end):
        if cells >= column:
            return position
        cells += get_character_cell_size(text[position])
    return end
