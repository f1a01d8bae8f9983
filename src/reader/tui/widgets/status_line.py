"""The status line under the document: where the reader is and what keys to try."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from reader.tui.reading_status import Status

__all__ = ["Status", "StatusLine"]  # Status is declared in reader.tui.reading_status

_SECTION_MARK = "§ "
_SEPARATOR = "  │  "
_MIN_TITLE = 16
"""Cells a section title keeps before the time left in the chapter gives way to it."""


class StatusLine(Widget):
    """One line: section │ percent │ chapter, time left │ annotation count │ search │ key hint.

    Section titles come from documents, so the line is built from plain strings
    into a :class:`~rich.text.Text`; nothing in them is read as markup.
    """

    DEFAULT_CSS = """
    StatusLine { height: 1; background: $panel; color: $text; padding: 0 1; }
    """

    status: reactive[Status] = reactive(Status, layout=False)
    """What to show; the screen replaces it as the reading position moves."""

    def render(self) -> Text:
        """Render the status as literal text: the figures always, the title cropped to fit.

        The figures (position, chapter, annotation count, search) are what the
        line is for, so a long section title gives way to them: it is cut with
        an ellipsis to the room they leave. The time left in the chapter is left
        out when the title would be cut short by it. The key hint, pushed to the
        right, is shown only when everything else fits.
        """
        status = self.status
        width = max(self.content_size.width, 1)
        figures = self._figures(status, time_left=True)
        title_room = width - figures.cell_len - len(_SECTION_MARK) - len(_SEPARATOR)
        if status.time_left and title_room < min(_MIN_TITLE, len(status.section)):
            figures = self._figures(status, time_left=False)
        line = Text(no_wrap=True, overflow="ellipsis")
        if status.section:
            room = width - figures.cell_len - len(_SECTION_MARK) - len(_SEPARATOR)
            if room > 0:
                title = Text(status.section, style="bold", no_wrap=True)
                title.truncate(room, overflow="ellipsis")
                line.append(_SECTION_MARK, style="dim")
                line.append_text(title)
                line.append(_SEPARATOR, style="dim")
        line.append_text(figures)
        hint = Text(status.hint, style="dim", no_wrap=True)
        room = width - line.cell_len - hint.cell_len
        if status.hint and room >= 2:
            line.append(" " * room)
            line.append_text(hint)
        line.truncate(width, overflow="ellipsis")
        return line

    @staticmethod
    def _figures(status: Status, *, time_left: bool) -> Text:
        """Position in the book and the chapter, annotation count, search progress."""
        figures = Text(no_wrap=True)
        figures.append(f"{status.percent}%")
        figures.append(_SEPARATOR, style="dim")
        if status.chapter:
            figures.append(f"§ {status.chapter} · {status.chapter_percent}% of chapter")
            if time_left and status.time_left:
                figures.append(f" · {status.time_left} left in chapter")
            figures.append(_SEPARATOR, style="dim")
        count = status.annotations
        figures.append(f"{count} annotation{'' if count == 1 else 's'}")
        if status.search:
            figures.append(_SEPARATOR, style="dim")
            figures.append(f"search {status.search}")
        return figures
