"""The status line under the document: where the reader is and what keys to try."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

__all__ = ["Status", "StatusLine"]


@dataclass(frozen=True, slots=True)
class Status:
    """What the status line shows.

    Attributes:
        section: Title of the section the current paragraph is in ("" before the first).
        percent: Position of the current paragraph in the document, 0-100.
        annotations: How many annotations the document has.
        search: The search progress ("3/17", "no match"), "" when not searching.
        hint: Keys worth knowing, e.g. "a note · / search · ? help".
    """

    section: str = ""
    percent: int = 0
    annotations: int = 0
    search: str = ""
    hint: str = ""


class StatusLine(Widget):
    """One line: section │ percent │ annotation count │ search │ key hint.

    Section titles come from documents, so the line is built from plain strings
    into a :class:`~rich.text.Text`; nothing in them is read as markup.
    """

    DEFAULT_CSS = """
    StatusLine { height: 1; background: $panel; color: $text; padding: 0 1; }
    """

    status: reactive[Status] = reactive(Status, layout=False)
    """What to show; the screen replaces it as the reading position moves."""

    def render(self) -> Text:
        """Render the status as literal text, the hint pushed to the right."""
        status = self.status
        left = Text(no_wrap=True, overflow="ellipsis")
        if status.section:
            left.append("§ ", style="dim")
            left.append(status.section, style="bold")
            left.append("  │  ", style="dim")
        left.append(f"{status.percent}%")
        left.append("  │  ", style="dim")
        count = status.annotations
        left.append(f"{count} annotation{'' if count == 1 else 's'}")
        if status.search:
            left.append("  │  ", style="dim")
            left.append(f"search {status.search}")
        hint = Text(status.hint, style="dim", no_wrap=True)
        room = self.content_size.width - left.cell_len - hint.cell_len
        if room >= 2:
            left.append(" " * room)
            left.append_text(hint)
        left.truncate(max(self.content_size.width, 1), overflow="ellipsis")
        return left
