"""The document view: a whole book in one Line-API widget.

One widget per paragraph costs minutes and gigabytes on a 5 MB book, so the view
is a :class:`~textual.scroll_view.ScrollView` that renders only the lines on
screen (``render_line``), as Textualize's toolong does. This module keeps the
current paragraph and the search hits, and handles keys, clicks, scrolling and
sizing. Where lines go and moves land is worked out in :mod:`reader.tui.layout`,
:mod:`~reader.tui.layout_moves` and :mod:`~reader.tui.layout_folds`; the lines are
drawn by :mod:`~reader.tui.widgets.document_lines`; the keys, messages and styles
are declared in ``document_keys``, ``document_messages`` and ``document_styles``.
"""

from __future__ import annotations

import gc
from functools import cached_property
from typing import ClassVar

from textual import events
from textual.binding import BindingType
from textual.geometry import Size
from textual.reactive import reactive

from reader.model import Document
from reader.tui.document_search import Found, SearchHits
from reader.tui.keys import KeyAction, bindings
from reader.tui.layout import DocumentLayout, is_wider
from reader.tui.layout_folds import toggle_fold, unfold_to
from reader.tui.layout_moves import (
    clicked_block,
    context_start,
    first_visible_selectable,
    follow_target,
    keep_in_place,
    reveal_target,
    section_stop,
    step_move,
)
from reader.tui.text_width import next_text_width, wrap_width
from reader.tui.widgets.document_keys import DOCUMENT_KEYS
from reader.tui.widgets.document_lines import (
    CURRENT_BAR,
    GUTTER_WIDTH,
    OVERVIEW_HIT,
    OVERVIEW_MARK,
    OVERVIEW_WIDTH,
)
from reader.tui.widgets.document_links import DocumentLinks
from reader.tui.widgets.document_messages import CurrentChanged, HitChanged, TextWidthChanged
from reader.tui.widgets.document_selecting import SelectingLines
from reader.tui.widgets.document_styles import DOCUMENT_COMPONENT_CLASSES, DOCUMENT_CSS

# The glyphs are drawn in reader.tui.widgets.document_lines; tests import them from here too.
__all__ = ["CURRENT_BAR", "OVERVIEW_HIT", "OVERVIEW_MARK", "DocumentView"]


class DocumentView(SelectingLines, can_focus=True):
    """Shows a document, keeps a current paragraph, marks annotations, finds text.

    Args:
        document: The document to show.
        text_width: The widest the text column gets, in cells.
        name: The widget's name.
        id: The widget's id.
        classes: Space-separated CSS classes.
    """

    HELP_TITLE: ClassVar[str] = "Document"

    KEYS: ClassVar[tuple[KeyAction, ...]] = DOCUMENT_KEYS
    """The view's keys; those that need the whole document wait for it during a preview."""

    BINDINGS: ClassVar[list[BindingType]] = bindings(KEYS)

    COMPONENT_CLASSES: ClassVar[set[str]] = set(DOCUMENT_COMPONENT_CLASSES)
    """Every style the view draws with, for the app's stylesheet and themes."""

    DEFAULT_CSS = DOCUMENT_CSS

    covered_rows: reactive[int] = reactive(0, init=False, repaint=False)
    """Rows at the bottom hidden under something floating over the view (the app's
    search field): paragraphs are brought into view above them."""

    CurrentChanged = CurrentChanged
    HitChanged = HitChanged
    TextWidthChanged = TextWidthChanged

    # The view's own state, its defaults here: the constructor is DocumentLines'.
    _reveal_pending: bool = True
    """Bring the current paragraph into view as soon as the view has a height."""
    _moving: bool = False
    """The view is scrolling or moving the current paragraph itself: its watchers stand back."""
    _sideways: tuple[bool, bool] = (False, False)
    """Whether the sideways-scroll keys apply now: (left, right)."""

    @cached_property
    def links(self) -> DocumentLinks:
        """The links of the document shown: chosen, followed, come back from."""
        return DocumentLinks(self)

    # -- public API ----------------------------------------------------------------

    @property
    def hits(self) -> SearchHits:
        """The search hits shown (count, selected); its ``find`` may run in a worker
        thread, and :meth:`show_found` shows what it found."""
        return self._hits

    @property
    def text_width(self) -> int:
        """The width text is wrapped at now, in cells."""
        return self.document_layout.width

    def goto(self, index: int) -> None:
        """Make paragraph ``index`` current and scroll it into view.

        A paragraph inside folded boilerplate unfolds, so the paragraph itself shows.
        """
        if not self.document.paragraphs:
            return
        index = self.validate_current(index)
        if unfold_to(self.document_layout, index):
            self._blocks_changed()
        if index == self.current:
            self._reveal(self.document_layout.paragraph_block[index])
        else:
            self.current = index

    def search(self, query: str) -> int:
        """Highlight every hit of ``query`` and jump to the first at or after the current one.

        Matching is literal (never a pattern) and smart-case: case-insensitive
        unless the query has a capital letter, as in less and vim.

        Args:
            query: The text to find; ``""`` clears the search.

        Returns:
            The number of hits.
        """
        found = self._hits.find(query)
        assert found is not None  # nothing can cancel it
        return self.show_found(found)

    def show_found(self, found: Found) -> int:
        """Show hits found by ``hits.find``, as :meth:`search` does; returns their number."""
        self._hits.apply(found)
        self._overview_generation += 1
        if self._hits.count:
            self._hits.selected = self._hits.first_from(self.current)
            self._show_hit()
        else:
            self.refresh()
        self._post_hits()
        return self._hits.count

    def replace_document(self, document: Document, layout: DocumentLayout | None = None) -> None:
        """Show ``document`` instead, keeping the current paragraph and the scroll offset.

        Meant for a document that begins as the shown one does (a preview of a
        large file, replaced by the whole file once read), so the screen does not
        move. Marks and search hits belong to the old document and are dropped.

        Args:
            document: The document to show.
            layout: Its layout, if already built off the UI thread (any width).
        """
        self._take_document(document, layout or DocumentLayout(document, self.text_width))
        self.links.forget()
        self._relayout()
        self.refresh()  # other text, even where the layout is the same
        gc.freeze()  # the whole book's objects too, as on mounting

    # -- reactives -----------------------------------------------------------------

    def validate_current(self, index: int) -> int:
        """Keep :attr:`current` on an existing paragraph."""
        return min(max(index, 0), max(len(self.document.paragraphs) - 1, 0))

    def watch_current(self, old: int, new: int) -> None:
        """Redraw the old and new current paragraphs, bring the new one into view.

        When the view does not scroll only the two paragraphs' lines are redrawn:
        repainting (and sending the terminal) the whole screen for a highlight
        move would double the time ``j`` takes to show.
        """
        if self.document.paragraphs:
            scrolled_from = self.scroll_y
            if not self._moving:  # a scroll that moved it has already shown it
                self._reveal(self.document_layout.paragraph_block[new])
            if self.scroll_y == scrolled_from:
                layout = self.document_layout
                for paragraph in (old, new):
                    if paragraph < len(layout.paragraph_block):
                        block = layout.paragraph_block[paragraph]
                        self.refresh_lines(layout.block_top(block), layout.block_height(block))
            else:
                self.refresh()
        self._update_sideways_keys()
        self.post_message(self.CurrentChanged(self, new))

    def watch_max_text_width(self) -> None:
        """Re-wrap at the new column width."""
        self._relayout()

    def watch_scroll_x(self, old_value: float, new_value: float) -> None:
        """Show the key back to the left once the view is scrolled sideways."""
        super().watch_scroll_x(old_value, new_value)
        self._update_sideways_keys()

    def _update_sideways_keys(self) -> None:
        """Show the sideways-scroll keys in the key bar while they have something to do.

        That is while the current paragraph is a code block or table wider than
        the pane (then its lines end in ``›``), or, for the left key, while the
        view is scrolled sideways. Asked on every move: the key bar is told only
        when the answer changes.
        """
        paragraphs = self.document.paragraphs
        wide = bool(paragraphs) and is_wider(paragraphs[self.current], self.document_layout.width)
        sideways = (wide or self.scroll_x > 0, wide)
        if sideways != self._sideways:
            self._sideways = sideways
            self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide the sideways-scroll keys when nothing is wider than the pane."""
        left, right = self._sideways
        if action in ("scroll_left", "scroll_right"):
            return left if action == "scroll_left" else right
        return super().check_action(action, parameters)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        """Keep the current paragraph on screen when the view is scrolled (wheel, scrollbar).

        As in vim: scrolling past the current paragraph drags it along to the
        first (or last) paragraph on screen rather than leaving it behind.
        """
        super().watch_scroll_y(old_value, new_value)
        if not self._moving and self.document.paragraphs and self.size.height:
            self._follow_scroll()

    # -- actions -------------------------------------------------------------------

    def action_cursor_down(self) -> None:
        """Next paragraph (``j``)."""
        self._step_selectable(1)

    def action_cursor_up(self) -> None:
        """Previous paragraph (``k``)."""
        self._step_selectable(-1)

    def action_page_down(self) -> None:
        """One screen down; the current paragraph becomes the first fully visible one."""
        self._page(1)

    def action_page_up(self) -> None:
        """One screen up; the current paragraph becomes the first fully visible one."""
        self._page(-1)

    def action_top(self) -> None:
        """First paragraph, top of the document (``g``)."""
        if self.document_layout.selectable:
            self._select_block(self.document_layout.selectable[0])
        self._scroll(0)

    def action_bottom(self) -> None:
        """Last paragraph, end of the document (``G``)."""
        if self.document_layout.selectable:
            self._select_block(self.document_layout.selectable[-1])
        self._scroll(self.max_scroll_y)

    def action_next_section(self) -> None:
        """First paragraph of the next section, its heading at the top (``]``)."""
        self._jump_to_section(1)

    def action_previous_section(self) -> None:
        """First paragraph of the previous section (``[``)."""
        self._jump_to_section(-1)

    def action_next_annotation(self) -> None:
        """Next annotated paragraph (``}``)."""
        self._step_mark(1)

    def action_previous_annotation(self) -> None:
        """Previous annotated paragraph (``{``)."""
        self._step_mark(-1)

    def action_next_hit(self) -> None:
        """Next search hit from the reading position, wrapping to the first (``n``).

        After the selected hit when it is in the current paragraph, otherwise the
        first hit in or after the current paragraph (the reader moved since).
        """
        self._step_hit(1)

    def action_previous_hit(self) -> None:
        """Previous search hit from the reading position, wrapping to the last (``N``)."""
        self._step_hit(-1)

    def action_link(self, method: str) -> None:
        """A link key: choose, follow, come back (see :class:`DocumentLinks`)."""
        self.links.run(method)

    def action_toggle_fold(self) -> None:
        """Follow the chosen link, else unfold or fold the boilerplate run here (Enter)."""
        if self.links.follow():
            return
        paragraphs = self.document.paragraphs
        first = toggle_fold(self.document_layout, self.current) if paragraphs else None
        if first is None:
            return
        self._blocks_changed()
        if self.current != first:
            self.current = first
        else:
            self._reveal(self._current_block())

    def change_text_width(self, direction: int) -> None:
        """Narrow (-1, ``-``) or widen (+1, ``=``) the text column by a few cells, and say so.

        The step starts from the width shown, so a narrow pane's first press shows
        at once; widening stops where the pane is full. The view posts
        :class:`TextWidthChanged` so the app remembers the choice.
        """
        width, message = next_text_width(self.text_width, self._fitting_width(), direction)
        if width is not None:
            self.max_text_width = width
        self.notify(message, timeout=2)
        if width is not None:
            self.post_message(self.TextWidthChanged(self, width))

    # -- events --------------------------------------------------------------------

    def on_mount(self) -> None:
        """Take the book's objects out of the garbage collector's full sweeps.

        A 5 MB book is some 200k long-lived objects (paragraphs, blocks, counts);
        every full collection walks them all, a 40-60 ms pause that lands on
        whichever key happens to trigger it. Freezing moves everything alive now
        into a generation the collector skips; reference counting still frees
        it all when the view goes.
        """
        gc.freeze()

    def on_unmount(self) -> None:
        """Let the collector see again what :meth:`on_mount` froze."""
        gc.unfreeze()

    def on_click(self, event: events.Click) -> None:
        """A click selects the paragraph under the pointer; on a fold it unfolds it."""
        offset = event.get_content_offset(self)
        region = self.scrollable_content_region
        if offset is None or not self.document_layout.blocks or self.ends_a_drag():
            return
        if offset.x < region.width - OVERVIEW_WIDTH:
            line = int(self.scroll_y) + offset.y
            if self.links.click(line, offset.x - self._margin(region.width) - GUTTER_WIDTH):
                return
        overview = offset.x >= region.width - OVERVIEW_WIDTH
        block, fold = clicked_block(
            self.document_layout, offset.y, int(self.scroll_y), region.height, overview=overview
        )
        self._select_block(block)
        if fold:
            self.action_toggle_fold()

    # -- movement helpers ------------------------------------------------------------

    def _block_paragraph(self, block: int) -> int:
        """The paragraph that stands for a selectable block (a fold: its first)."""
        return self.document_layout.blocks[block].index

    def _select_block(self, block: int) -> None:
        self.current = self._block_paragraph(block)
        self._reveal(block)

    def _step_selectable(self, step: int) -> None:
        """j/k: the next paragraph, or more of the current one when it runs off screen.

        See :func:`~reader.tui.layout_moves.step_move`.
        """
        layout = self.document_layout
        if not layout.blocks:
            return
        height = self._visible_height()
        block, top = step_move(layout, self._current_block(), int(self.scroll_y), height, step)
        if block is not None:
            self._select_block(block)
        if top is not None:
            self._scroll(top)

    def _page(self, direction: int) -> None:
        height = self.scrollable_content_region.height
        if not self.document_layout.selectable or height <= 0:
            return
        target = int(self.scroll_y) + direction * height
        if direction > 0 and int(self.scroll_y) >= self.max_scroll_y:
            self._select_block(self.document_layout.selectable[-1])
            return
        if direction < 0 and int(self.scroll_y) <= 0:
            self._select_block(self.document_layout.selectable[0])
            return
        self._scroll(target)
        first = first_visible_selectable(self.document_layout, int(self.scroll_y), height)
        if first is not None:
            self.current = self._block_paragraph(first)

    def _follow_scroll(self) -> None:
        """After a scroll, move the current paragraph onto the screen if it is cut off.

        See :func:`~reader.tui.layout_moves.follow_target`.
        """
        height = self.scrollable_content_region.height
        target = follow_target(
            self.document_layout, self._current_block(), int(self.scroll_y), height
        )
        if target is not None:
            self._moving = True
            try:
                self.current = self._block_paragraph(target)
            finally:
                self._moving = False

    def _jump_to_section(self, direction: int) -> None:
        layout = self.document_layout
        stop = section_stop(layout, self._current_block(), direction)
        if stop is not None:
            self._select_block(stop)
            self._scroll(layout.block_top(context_start(layout, stop)))

    def _scroll(self, y: int) -> None:
        self._moving = True
        try:
            self.scroll_to(y=y, animate=False, immediate=True, force=True)
        finally:
            self._moving = False

    def _reveal(self, block: int) -> None:
        """Scroll so ``block`` is wholly visible: minimally when near, its top up when far."""
        height = self._visible_height()
        if height <= 0 or not self.document_layout.blocks:
            self._reveal_pending = True
            return
        self._reveal_pending = False
        target = reveal_target(self.document_layout, block, int(self.scroll_y), height)
        if target is not None:
            self._scroll(target)

    def _step_mark(self, direction: int) -> None:
        target, note = self._marks.step(self.current, direction)
        if target is None:
            self.notify(note, timeout=2)
        else:
            self.goto(target)

    def _step_hit(self, step: int) -> None:
        if not self._hits.count:
            return
        if self._hits.step(self.current, step):
            ends = ("BOTTOM", "TOP") if step > 0 else ("TOP", "BOTTOM")
            self.notify(f"search hit {ends[0]}, continuing at {ends[1]}", timeout=2)
        self._show_hit()
        self._post_hits()

    def _show_hit(self) -> None:
        selected = self._hits.selected
        if selected is None:
            return
        paragraph = self._hits.paragraph_of(selected)
        self.goto(paragraph)
        line = self.document_layout.line_of(paragraph, self._hits.offset_of(selected))
        height = self._visible_height()
        if height > 0 and not int(self.scroll_y) <= line < int(self.scroll_y) + height:
            self._scroll(line - height // 3)  # inside a paragraph taller than the screen
        self.refresh()

    def _visible_height(self) -> int:
        """Rows of the view the text shows on (less those the search field covers)."""
        height = self.scrollable_content_region.height
        return max(height - self.covered_rows, 1) if height > 0 else 0

    def _post_hits(self) -> None:
        self.post_message(self.HitChanged(self, self._hits.selected, self._hits.count))

    def _blocks_changed(self) -> None:
        """A fold opened or closed: other blocks, other lines; redraw them all."""
        self._strips.clear()
        self._overview_generation += 1
        self._update_virtual_size()
        self.refresh()

    # -- geometry ------------------------------------------------------------------

    def sizing(self) -> None:
        """Re-wrap for a new size before Textual sizes the scrollbars for it.

        Textual calls this as it lays the screen out, the view's new region known
        and nothing painted yet, then shows or hides the scrollbars by the virtual
        size. Re-wrapping later (when painting, or on the Resize event) left them
        the old width's virtual size: a view made narrower showed a horizontal
        scrollbar for a frame, and the corrected size laid the whole screen out
        once more. The virtual size is set quietly here, as the scrollbars are
        worked out from it next.
        """
        self._relayout(repaint=False, quiet=True)

    def _relayout(self, *, repaint: bool = True, quiet: bool = False) -> None:
        """Fit the text column to the width, re-wrap, keep the current paragraph in place.

        Args:
            repaint: Repaint if anything moved. False while the view is being laid
                out (the frame about to be drawn shows the new layout).
            quiet: Set the virtual size without asking for a layout pass.
        """
        region = self.scrollable_content_region
        if region.width <= 0:
            return
        before = (self.document_layout.width, self.virtual_size, self.scroll_y)
        width = self._wrap_width()
        layout = self.document_layout
        anchor = keep_in_place(layout, self._current_block(), int(self.scroll_y), region.height)
        if width != layout.width:
            layout.set_width(width)
            self._strips.clear()
            self._overview_generation += 1
        self._update_virtual_size(quiet=quiet)
        if self._reveal_pending:
            self._reveal(self._current_block())
        elif anchor is not None:
            self._scroll(layout.block_top(anchor[0]) - anchor[1])
        if repaint and (layout.width, self.virtual_size, self.scroll_y) != before:
            self.refresh()
        self._update_sideways_keys()

    def _fitting_width(self) -> int:
        """The widest text column the widget's current region has room for."""
        return self.scrollable_content_region.width - OVERVIEW_WIDTH - GUTTER_WIDTH - 1

    def _wrap_width(self) -> int:
        """The text column width that fits the widget's current region."""
        return wrap_width(self.max_text_width, self._fitting_width())

    def _update_virtual_size(self, *, quiet: bool = False) -> None:
        region = self.scrollable_content_region
        overflow = max(0, self.document_layout.verbatim_width - self.document_layout.width)
        size = Size(region.width + overflow, self.document_layout.total_lines)
        if quiet:
            self.set_reactive(DocumentView.virtual_size, size)
        else:
            self.virtual_size = size
