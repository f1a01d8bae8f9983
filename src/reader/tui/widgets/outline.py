"""The outline pane: the document's section tree, following the reading position.

A Line-API widget, as the document view is: only the rows on screen are drawn.
Textual's ``Tree`` rebuilt and re-measured its lines for all ~1,300 sections of
the benchmark book whenever it was resized or restyled, and laid the screen out
again each time; here a row is a section index, fold state is a flag per
section, and a resize changes nothing but the width the visible rows are cut to.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.model import Document

__all__ = ["Outline"]

FOLDED = "▶ "
UNFOLDED = "▼ "
_BRANCH, _LAST_BRANCH = "├── ", "└── "
_ONGOING, _ENDED = "│   ", "    "
_COUNTS_GAP = 2
"""Spaces at least between a title and its counts."""
_MIN_TITLE = 6
"""Cells a title keeps before its counts are dropped from a row too narrow for both."""
_CACHED_ROWS = 600
"""Painted rows kept (several screens' worth); the cache starts over beyond that."""
_TOGGLE = Style(meta={"toggle": True})
"""Marks the fold icon: a click there folds or unfolds instead of jumping."""


class Outline(ScrollView, can_focus=True):
    """The section tree with paragraph and annotation counts per section.

    Top-level sections start unfolded, deeper ones folded. Enter (or a click)
    posts :class:`Outline.Jump`; space (or a click on the fold icon) folds and
    unfolds. The screen calls :meth:`follow` as the reading position moves, so
    the cursor shows where the reader is without taking focus. Titles are cut to
    the pane (the counts stay at its right edge), so the outline never scrolls
    sideways.
    """

    HELP_TITLE: ClassVar[str] = "Outline"
    """The title of this class's keys in help and the command palette."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "cursor_down", "Down", show=False, id="outline.down"),
        Binding("k,up", "cursor_up", "Up", show=False, id="outline.up"),
        Binding("home", "first", "First", show=False, id="outline.first"),
        Binding("end", "last", "Last", show=False, id="outline.last"),
        Binding("pagedown", "page_down", "Page down", show=False, id="outline.page_down"),
        Binding("pageup", "page_up", "Page up", show=False, id="outline.page_up"),
        Binding("shift+left", "parent", "Enclosing section", show=False, id="outline.parent"),
        Binding("enter", "select", "Go to", show=False, id="outline.select"),
        Binding("space", "toggle_fold", "Fold / unfold", show=False, id="outline.toggle_fold"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {"outline--cursor", "outline--guides"}

    DEFAULT_CSS = """
    Outline {
        background: $surface;
        color: $foreground;
        overflow-x: hidden;
        & > .outline--guides { color: $surface-lighten-2; }
        & > .outline--cursor {
            text-style: $block-cursor-blurred-text-style;
            background: $block-cursor-blurred-background;
        }
        &:focus {
            background-tint: $foreground 5%;
            & > .outline--cursor {
                color: $block-cursor-foreground;
                background: $block-cursor-background;
                text-style: $block-cursor-text-style;
            }
            & > .outline--guides { color: $surface-lighten-3; }
        }
        &:light > .outline--guides { color: $surface-darken-1; }
    }
    Outline:ansi {
        color: ansi_default;
        & > .outline--guides { color: $ansi-background; }
        &:nocolor > .outline--cursor { text-style: reverse; }
    }
    """

    class Jump(Message):
        """The user chose a section: the document should go to its first paragraph."""

        def __init__(self, section: int) -> None:
            self.section = section
            super().__init__()

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._document: Document | None = None
        self._unfolded: list[bool] = []
        self._subtree_ends: list[int] = []
        """One past each section's last subsection (sections are in pre-order)."""
        self._guides: list[str] = []
        """Each section's tree guides ("│   ├── "), which folding never changes."""
        self._counts: list[int] = []
        """Annotations per section, subsections included."""
        self._rows: list[int] = []
        """The section on each row: the sections not inside a folded one."""
        self._row_of: list[int] = []
        """Each section's row, -1 while inside a folded section."""
        self._cursor: int | None = None
        self._strips: dict[tuple[int, bool, bool, int, int], Strip] = {}

    # Contents ---------------------------------------------------------------

    def show_document(self, document: Document, annotated: Sequence[int]) -> None:
        """List the sections of ``document``, the cursor on none of them.

        Args:
            document: The document whose sections to list.
            annotated: Paragraph index of every annotation placed in the document
                (one entry per annotation), for the per-section counts.
        """
        sections = document.sections
        self._document = document
        self._unfolded = [section.level < 2 for section in sections]
        self._subtree_ends = [0] * len(sections)
        for section in reversed(sections):
            last_child = section.children[-1] if section.children else None
            end = section.index + 1 if last_child is None else self._subtree_ends[last_child]
            self._subtree_ends[section.index] = end
        self._guides = []
        ongoing: list[str] = []  # each section's guides for the rows below it
        for section in sections:
            if section.parent is None:
                self._guides.append("")
                ongoing.append("")
                continue
            last = sections[section.parent].children[-1] == section.index
            self._guides.append(ongoing[section.parent] + (_LAST_BRANCH if last else _BRANCH))
            ongoing.append(ongoing[section.parent] + (_ENDED if last else _ONGOING))
        self._counts = [0] * len(sections)
        self._cursor = None
        self._strips.clear()
        self._lay_out_rows()
        self.scroll_to(y=0, animate=False, immediate=True)
        self.update_counts(annotated)

    def update_counts(self, annotated: Sequence[int]) -> None:
        """Recount every section's annotations after annotations changed.

        Args:
            annotated: Paragraph index of every placed annotation.
        """
        document = self._document
        if document is None:
            return
        per_paragraph = [0] * (len(document.paragraphs) + 1)
        for index in annotated:
            per_paragraph[index + 1] += 1
        for i in range(1, len(per_paragraph)):  # prefix sums: counts over any span in O(1)
            per_paragraph[i] += per_paragraph[i - 1]
        counts = [per_paragraph[s.end] - per_paragraph[s.start] for s in document.sections]
        if counts != self._counts:
            self._counts = counts
            self.refresh()

    def count_changed(self, paragraph: int, change: int) -> None:
        """One annotation more (``change`` 1) or fewer (-1) on ``paragraph``.

        Only the paragraph's section and the sections enclosing it change, and
        only their rows are drawn again.
        """
        document = self._document
        if document is None:
            return
        section = document.paragraphs[paragraph].section
        while section is not None:
            self._counts[section] += change
            self._refresh_section(section)
            section = document.sections[section].parent

    # Cursor and folds -------------------------------------------------------

    @property
    def cursor(self) -> int | None:
        """The section under the cursor, ``None`` before the first move."""
        return self._cursor

    def follow(self, section: int | None) -> None:
        """Put the cursor on ``section`` (unfolding its ancestors), without jumping.

        Runs in the very update that moved the reading position, so the outline
        changes in the same frame as the document. Rows are laid out again only
        when a fold really opens.

        Args:
            section: The section the reading position is in; ``None`` before the
                first heading.
        """
        document = self._document
        if document is None or section is None or section == self._cursor:
            return
        folded = False
        ancestor = document.sections[section].parent
        while ancestor is not None:
            if not self._unfolded[ancestor]:
                self._unfolded[ancestor] = True
                folded = True
            ancestor = document.sections[ancestor].parent
        if folded:
            self._lay_out_rows()
        self._move_cursor(section)

    def toggle(self, section: int) -> None:
        """Fold or unfold ``section`` (one without subsections has nothing to fold)."""
        document = self._document
        if document is None or not document.sections[section].children:
            return
        self._unfolded[section] = not self._unfolded[section]
        cursor = self._cursor
        if cursor is not None and section < cursor < self._subtree_ends[section]:
            self._cursor = section  # the cursor's row was folded away
        self._lay_out_rows()
        if self._cursor is not None:
            self._scroll_to_row(self._row_of[self._cursor])

    def _lay_out_rows(self) -> None:
        """Work out which sections show, on which row (a fold hides a whole subtree)."""
        rows: list[int] = []
        row_of = [-1] * len(self._unfolded)
        section, count = 0, len(self._unfolded)
        while section < count:
            row_of[section] = len(rows)
            rows.append(section)
            section = section + 1 if self._unfolded[section] else self._subtree_ends[section]
        self._rows, self._row_of = rows, row_of
        # No width: rows are cut to the pane, so a resize changes nothing measured here.
        self.virtual_size = Size(0, len(rows))
        self.refresh()

    def _move_cursor(self, section: int) -> None:
        old, self._cursor = self._cursor, section
        if old is not None:
            self._refresh_section(old)
        self._refresh_section(section)
        self._scroll_to_row(self._row_of[section])

    def _scroll_to_row(self, row: int) -> None:
        self.scroll_to_region(
            Region(0, row, 1, 1), animate=False, immediate=True, force=True, x_axis=False
        )

    def _refresh_section(self, section: int) -> None:
        row = self._row_of[section]
        if row >= 0:
            self.refresh_lines(row)

    def _move_to_row(self, row: int) -> None:
        if self._rows:
            self._move_cursor(self._rows[max(0, min(len(self._rows) - 1, row))])

    def _cursor_row(self) -> int | None:
        return None if self._cursor is None else self._row_of[self._cursor]

    def action_cursor_down(self) -> None:
        """Next row (the first, before any move)."""
        row = self._cursor_row()
        self._move_to_row(0 if row is None else row + 1)

    def action_cursor_up(self) -> None:
        """Previous row (the last, before any move)."""
        row = self._cursor_row()
        self._move_to_row(len(self._rows) - 1 if row is None else row - 1)

    def action_first(self) -> None:
        """First row."""
        self._move_to_row(0)

    def action_last(self) -> None:
        """Last row."""
        self._move_to_row(len(self._rows) - 1)

    def action_page_down(self) -> None:
        """A screen of rows down."""
        row = self._cursor_row() or 0
        self._move_to_row(row + max(1, self.scrollable_content_region.height - 1))

    def action_page_up(self) -> None:
        """A screen of rows up."""
        row = self._cursor_row() or 0
        self._move_to_row(row - max(1, self.scrollable_content_region.height - 1))

    def action_parent(self) -> None:
        """The section enclosing the one under the cursor."""
        document, cursor = self._document, self._cursor
        if document is not None and cursor is not None:
            parent = document.sections[cursor].parent
            if parent is not None:
                self._move_cursor(parent)

    def action_select(self) -> None:
        """Go to the section under the cursor."""
        if self._cursor is not None:
            self.post_message(self.Jump(self._cursor))

    def action_toggle_fold(self) -> None:
        """Fold or unfold the section under the cursor."""
        if self._cursor is not None:
            self.toggle(self._cursor)

    def on_click(self, event: events.Click) -> None:
        """A click on a row goes to its section; on its fold icon, folds or unfolds it."""
        section = event.style.meta.get("section")
        if not isinstance(section, int):
            return
        if event.style.meta.get("toggle"):
            self.toggle(section)
        else:
            self._move_cursor(section)
            self.action_select()

    # Painting ---------------------------------------------------------------

    def notify_style_update(self) -> None:
        """Theme, stylesheet or focus changed: paint every row afresh."""
        super().notify_style_update()
        self._strips.clear()

    def render_line(self, y: int) -> Strip:
        """One row (Textual's Line API: only the rows on screen are asked for)."""
        row = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        document = self._document
        if document is None or row >= len(self._rows):
            return Strip.blank(width, self.rich_style)
        section = self._rows[row]
        cursor = section == self._cursor
        key = (section, cursor, self._unfolded[section], self._counts[section], width)
        strip = self._strips.get(key)
        if strip is None:
            if len(self._strips) > _CACHED_ROWS:
                self._strips.clear()
            strip = self._strips[key] = self._paint(document, section, cursor, width)
        return strip

    def _paint(self, document: Document, index: int, cursor: bool, width: int) -> Strip:
        """A section's row: guides, fold icon, title (cut to fit), counts at the right."""
        section = document.sections[index]
        counts = f"{section.end - section.start}¶"
        if self._counts[index]:
            counts += f" {self._counts[index]}✎"
        icon = "" if not section.children else UNFOLDED if self._unfolded[index] else FOLDED
        guides = self._guides[index]
        title = Text(section.title)  # literal text, never markup
        room = width - len(guides) - len(icon) - _COUNTS_GAP - len(counts)
        if room >= min(_MIN_TITLE, title.cell_len):
            title.truncate(room, overflow="ellipsis", pad=True)
            label = Text.assemble((icon, _TOGGLE), title, " " * _COUNTS_GAP, (counts, "dim"))
        else:  # no room for the counts as well
            label = Text.assemble((icon, _TOGGLE), title)
        if cursor:
            label.stylize(self.get_component_rich_style("outline--cursor"))
        guide_style = self.get_component_rich_style("outline--guides", partial=True)
        line = Text.assemble((guides, guide_style), label)
        line.truncate(width, overflow="ellipsis", pad=True)
        segments = Segment.apply_style(line.render(self.app.console), self.rich_style)
        return Strip(segments, width).simplify().apply_meta({"section": index})
