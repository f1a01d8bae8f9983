"""A virtual list of annotation entries: only the lines on screen are ever rendered.

Textual's ``OptionList`` measures every option whenever one changes (10,000
annotations: seconds per change), and one widget per entry is slower still. Here
each entry's height is known without rendering (a header line when its group
starts, then a fixed number of cropped lines), so inserting, removing or
replacing one entry costs a list insert and a prefix sum, and painting costs only
the visible entries.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.annotation import COLORS, KINDS, Annotation
from reader.tui.widgets.document_styles import SHADES

__all__ = ["KIND_COLUMN", "AnnotationList", "Entry"]

KIND_COLUMN = 2
"""Where an entry's first line has its kind's glyph (after the current-paragraph marker)."""

_CACHED_ENTRIES = 400
"""Painted entries kept (a few screens' worth); the cache starts over beyond that."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One annotation as the list shows it.

    Attributes:
        annotation: The annotation.
        group: Title of the group it is listed under (its section, or the review group).
        lines: Its body, one line each (cropped to the width when painted).
    """

    annotation: Annotation
    group: str
    lines: tuple[Text, ...]


class AnnotationList(ScrollView, can_focus=True):
    """Entries under group headers, a cursor, and Enter or a click to choose one."""

    HELP_TITLE: ClassVar[str] = "Annotations panel"
    """The title of this class's keys in help and the command palette."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "cursor_down", "Down", show=False, id="annotations.down"),
        Binding("up,k", "cursor_up", "Up", show=False, id="annotations.up"),
        Binding("home", "first", "First", show=False, id="annotations.first"),
        Binding("end", "last", "Last", show=False, id="annotations.last"),
        Binding("pagedown", "page_down", "Page down", show=False, id="annotations.page_down"),
        Binding("pageup", "page_up", "Page up", show=False, id="annotations.page_up"),
        Binding("enter", "select", "Go to", show=False, id="annotations.select"),
        Binding("f", "filter", "Filter tags", id="annotations.filter"),
        Binding("ctrl+o", "open_copy", "Open its copy", show=False, id="annotations.open_copy"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "annotation-list--cursor",
        "annotation-list--header",
        *(f"annotation-list--{kind.value}" for kind in KINDS),
        *(f"annotation-list--color-{color}" for color in COLORS),
    }

    DEFAULT_CSS = (
        """
    AnnotationList { background: $surface; overflow-x: hidden; }
    AnnotationList > .annotation-list--header { text-style: bold underline; }
"""
        + "".join(
            f"    AnnotationList > .annotation-list--{kind.value} "
            f"{{ color: ${look.colour}; text-style: bold; }}\n"
            for kind, look in KINDS.items()
        )
        + "".join(
            f"    AnnotationList > .annotation-list--color-{color} {{ color: {SHADES[color]}; }}\n"
            for color in COLORS
        )
        + """
    AnnotationList > .annotation-list--cursor { background: $block-cursor-blurred-background; }
    AnnotationList:focus > .annotation-list--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
    }
    """
    )
    """The kinds' glyph colours come from :data:`~reader.annotation.KINDS`; an annotation
    with a colour shows its glyph in that colour's shade."""

    cursor: reactive[int | None] = reactive(None, init=False, always_update=True, repaint=False)
    """Index of the entry under the cursor (``None`` when the list is empty).

    Its watcher redraws the two entries concerned; a repaint of the whole list
    (some 25 ms with a screenful of entries) at every move was not needed.
    """

    class FilterWanted(Message):
        """The tag filter key (``f``), or a character typed that is no key: filter by tag.

        Attributes:
            text: What to type into the filter ("" for the key).
        """

        def __init__(self, text: str = "") -> None:
            self.text = text
            super().__init__()

    class Chosen(Message):
        """Enter or a click on an entry."""

        def __init__(self, annotation: Annotation) -> None:
            self.annotation = annotation
            super().__init__()

    class CopyWanted(Message):
        """Ctrl+O on an entry: open the copy of the work its note was made on, at the note."""

        def __init__(self, annotation: Annotation) -> None:
            self.annotation = annotation
            super().__init__()

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.entries: list[Entry] = []
        self._heights: list[int] = []
        self._tops: list[int] = [0]
        self._positions: dict[str, int] = {}
        self._strips: dict[tuple[str, bool, int], list[Strip]] = {}

    # Contents ---------------------------------------------------------------

    def set_entries(self, entries: Sequence[Entry]) -> None:
        """Show ``entries`` (in order) instead of what was listed."""
        chosen = self.cursor_entry
        self.entries = list(entries)
        self._heights = [self._height_at(i) for i in range(len(self.entries))]
        self._reindex(0)
        self._strips.clear()
        wanted = None if chosen is None else self.index_of(chosen.annotation.id)
        self.cursor = wanted if wanted is not None else (0 if self.entries else None)

    def insert_entry(self, index: int, entry: Entry) -> None:
        """Insert ``entry`` before position ``index``."""
        cursor = self.cursor
        self.entries.insert(index, entry)
        self._heights.insert(index, 0)
        self._reheight(index)
        self._reindex(index)
        if cursor is not None and cursor >= index:
            self.cursor = cursor + 1
        elif cursor is None:
            self.cursor = index

    def remove_entry(self, index: int) -> None:
        """Remove the entry at position ``index``."""
        cursor = self.cursor
        gone = self.entries.pop(index)
        del self._heights[index]
        self._drop_strips(gone.annotation.id)
        del self._positions[gone.annotation.id]
        self._reheight(index - 1)
        self._reindex(max(index - 1, 0))
        if not self.entries:
            self.cursor = None
        elif cursor is not None and (cursor > index or cursor == len(self.entries)):
            self.cursor = cursor - 1
        else:
            self.cursor = cursor

    def replace_entry(self, index: int, entry: Entry) -> None:
        """Show ``entry`` at position ``index`` in place of the one there."""
        old = self.entries[index].annotation.id
        self._drop_strips(old)
        self._positions.pop(old, None)
        self.entries[index] = entry
        if self._reheight(index):
            self._reindex(index)
        else:  # nothing moves: redraw this entry alone
            self._positions[entry.annotation.id] = index
            self.refresh_lines(self._tops[index], self._heights[index])

    def index_of(self, annotation_id: str) -> int | None:
        """Position of an annotation's entry, or ``None`` when not listed."""
        return self._positions.get(annotation_id)

    @property
    def cursor_entry(self) -> Entry | None:
        """The entry under the cursor."""
        cursor = self.cursor
        return None if cursor is None or cursor >= len(self.entries) else self.entries[cursor]

    # Heights and positions ---------------------------------------------------

    def _height_at(self, index: int) -> int:
        entry = self.entries[index]
        header = index == 0 or self.entries[index - 1].group != entry.group
        return len(entry.lines) + header

    def _reheight(self, index: int) -> bool:
        """Heights of entries ``index`` and ``index + 1`` (whose header may change).

        Returns:
            True if either height changed.
        """
        changed = False
        for i in (index, index + 1):
            if 0 <= i < len(self.entries):
                height = self._height_at(i)
                if height != self._heights[i]:
                    self._heights[i] = height
                    self._drop_strips(self.entries[i].annotation.id)
                    changed = True
        return changed

    def _reindex(self, start: int) -> None:
        """Recompute line offsets and positions from ``start`` on; repaint below it."""
        self._tops = [0, *accumulate(self._heights)]
        for i in range(start, len(self.entries)):
            self._positions[self.entries[i].annotation.id] = i
        self._set_virtual_size(Size(self.scrollable_content_region.width, self._tops[-1]))
        top = self._tops[start] - int(self.scroll_y)
        if top < self.size.height:  # the lines from the first changed entry down
            top = max(top, 0)
            self.refresh(Region(0, top, self.size.width, self.size.height - top))

    def _set_virtual_size(self, size: Size) -> None:
        """Set the scrollable size, without a layout pass when the scrollbars stay as they are.

        Textual lays the whole screen out again when a virtual size changes, which
        repaints every pane (some 90 ms with the book and 10,000 annotations); a
        list that only grows or shrinks by an entry needs its scrollbar's thumb
        updated, nothing more. (Its width never matters: entries are cropped to
        the pane, which does not scroll sideways.)
        """
        if size == self.virtual_size:
            return
        height = self.scrollable_content_region.height
        scrollbar_stays = (
            self.show_vertical_scrollbar
            and size.height > height
            and self.virtual_size.height > height
        )
        if not scrollbar_stays:
            self.virtual_size = size
            return
        self.set_reactive(AnnotationList.virtual_size, size)
        scrollbar = self.vertical_scrollbar
        scrollbar.window_virtual_size = size.height
        scrollbar.refresh()
        if self.scroll_y > self.max_scroll_y:
            self.scroll_to(y=self.max_scroll_y, animate=False, immediate=True)

    def _drop_strips(self, annotation_id: str) -> None:
        for highlighted in (False, True):
            for key in [k for k in self._strips if k[:2] == (annotation_id, highlighted)]:
                del self._strips[key]

    # Painting ---------------------------------------------------------------

    def notify_style_update(self) -> None:
        """Styles changed (theme, focus): paint every entry afresh."""
        super().notify_style_update()
        self._strips.clear()

    def on_resize(self) -> None:
        """Entries are cropped to the width: paint them again."""
        self._strips.clear()
        self.virtual_size = Size(self.scrollable_content_region.width, self._tops[-1])

    def on_focus(self) -> None:
        """The cursor's colour follows focus."""
        self._strips.clear()
        self.refresh()

    def on_blur(self) -> None:
        """The cursor's colour follows focus."""
        self._strips.clear()
        self.refresh()

    def render_line(self, y: int) -> Strip:
        """One line of the list (Textual's Line API: only visible lines are asked for)."""
        line = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        base = self.rich_style
        if line >= self._tops[-1] or not self.entries:
            return Strip.blank(width, base)
        index = bisect_right(self._tops, line) - 1
        strips = self._entry_strips(index, width)
        offset = line - self._tops[index]
        return strips[offset] if offset < len(strips) else Strip.blank(width, base)

    def _entry_strips(self, index: int, width: int) -> list[Strip]:
        entry = self.entries[index]
        highlighted = index == self.cursor
        key = (entry.annotation.id, highlighted, width)
        strips = self._strips.get(key)
        if strips is not None:
            return strips
        base = self.rich_style
        cursor = self.get_component_rich_style("annotation-list--cursor") if highlighted else None
        meta = {"annotation": entry.annotation.id}
        strips = []
        if self._heights[index] > len(entry.lines):
            header = Text(
                entry.group, style=self.get_component_rich_style("annotation-list--header")
            )
            strips.append(self._strip(header, width, base, None, meta))
        kind = self.get_component_rich_style(f"annotation-list--{entry.annotation.kind.value}")
        if entry.annotation.color is not None:
            kind += self.get_component_rich_style(
                f"annotation-list--color-{entry.annotation.color}"
            )
        for number, line in enumerate(entry.lines):
            if number == 0:
                line = line.copy()
                line.stylize(kind, KIND_COLUMN, KIND_COLUMN + 1)
            strips.append(self._strip(line, width, base, cursor, meta))
        if len(self._strips) > _CACHED_ENTRIES:
            self._strips.clear()
        self._strips[key] = strips
        return strips

    def _strip(
        self, text: Text, width: int, base: Style, cursor: Style | None, meta: dict[str, str]
    ) -> Strip:
        line = text.copy()
        line.truncate(width, overflow="ellipsis", pad=True)
        segments = list(line.render(self.app.console))
        style = base if cursor is None else base + cursor
        segments = list(Segment.apply_style(segments, style))
        return Strip(segments, width).simplify().apply_meta(meta)

    # Cursor -----------------------------------------------------------------

    def watch_cursor(self, old: int | None, new: int | None) -> None:
        """Repaint the entries the cursor left and reached; keep the new one in view."""
        for index in (old, new):
            if index is not None and index < len(self.entries):
                self._drop_strips(self.entries[index].annotation.id)
                self.refresh_lines(self._tops[index], self._heights[index])
        if new is not None and new < len(self.entries):
            self.scroll_to_region(self._content_region(new), animate=False, immediate=True)
        if self.has_focus:  # the screen's keys may act on the entry under the cursor
            self.refresh_bindings()

    def _content_region(self, index: int) -> Region:
        return Region(0, self._tops[index], self.size.width, self._heights[index])

    def _move(self, step: int) -> None:
        if not self.entries:
            return
        current = self.cursor if self.cursor is not None else 0
        self.cursor = max(0, min(len(self.entries) - 1, current + step))

    def action_cursor_down(self) -> None:
        """Next entry."""
        self._move(1)

    def action_cursor_up(self) -> None:
        """Previous entry."""
        self._move(-1)

    def action_first(self) -> None:
        """First entry."""
        if self.entries:
            self.cursor = 0

    def action_last(self) -> None:
        """Last entry."""
        if self.entries:
            self.cursor = len(self.entries) - 1

    def action_page_down(self) -> None:
        """About a screen of entries down."""
        self._move(max(1, self.scrollable_content_region.height // 3))

    def action_page_up(self) -> None:
        """About a screen of entries up."""
        self._move(-max(1, self.scrollable_content_region.height // 3))

    def action_filter(self) -> None:
        """Move to the tag filter (``f``)."""
        self.post_message(self.FilterWanted())

    def on_key(self, event: events.Key) -> None:
        """A character that is no key starts the tag filter with it, as in the library.

        Typing ``censor`` in the list ran ``e`` (edit) on its second letter.
        """
        if event.is_printable and event.character and event.key not in self.screen.active_bindings:
            event.stop()
            event.prevent_default()
            self.post_message(self.FilterWanted(event.character))

    def action_select(self) -> None:
        """Choose the entry under the cursor."""
        entry = self.cursor_entry
        if entry is not None:
            self.post_message(self.Chosen(entry.annotation))

    def action_open_copy(self) -> None:
        """Ask for the copy the entry under the cursor was made on (the app opens it)."""
        entry = self.cursor_entry
        if entry is not None:
            self.post_message(self.CopyWanted(entry.annotation))

    def on_click(self, event: events.Click) -> None:
        """A click chooses the entry clicked."""
        index = self.index_of(str(event.style.meta.get("annotation")))
        if index is not None:
            self.cursor = index
            self.action_select()
