"""The ``?`` screen: every key of the screen below, with its binding id."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from reader.tui.keys import BindingGroup, key_rows

__all__ = ["HelpScreen"]


class HelpScreen(ModalScreen[None]):
    """Lists key, action and binding id for each group, plus where the keymap lives."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 90; max-width: 100%; height: 90%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    """

    HELP_TITLE: ClassVar[str] = "Help"
    """The title of this class's keys in help and the command palette."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "close", "Close", id="help.close"),
        Binding("j,down", "scroll(1)", "Down", show=False, id="help.down"),
        Binding("k,up", "scroll(-1)", "Up", show=False, id="help.up"),
    ]

    def __init__(
        self, groups: Sequence[BindingGroup], keymap: Mapping[str, str], config_file: str
    ) -> None:
        super().__init__()
        self._groups = groups
        self._keymap = keymap
        self._config_file = config_file

    def compose(self) -> ComposeResult:
        """One table per group, then a note on remapping keys."""
        with VerticalScroll():
            for group in self._groups:
                yield Static(self._table(group))
            yield Static(
                Text.assemble(
                    "\nRemap any key by its id in ",
                    (self._config_file, "bold"),
                    ' under [keymap], e.g. "reader.annotate" = "A".\n'
                    "ctrl+p opens the command palette: every action, and a search "
                    "across the library's notes.",
                )
            )

    def _table(self, group: BindingGroup) -> Table:
        table = Table(title=group.title, title_justify="left", expand=True, box=None)
        table.add_column("Keys", style="bold", ratio=1)
        table.add_column("Action", ratio=2)
        table.add_column("Binding id", style="dim", ratio=2)
        for row in key_rows(group, self._keymap):
            keys = ", ".join(
                self.app.get_key_display(Binding(key.strip(), row.action))
                for key in row.keys.split(",")
            )
            table.add_row(Text(keys), Text(row.description), Text(row.binding_id))
        return table

    def action_close(self) -> None:
        """Back to the screen below."""
        self.dismiss(None)

    def action_scroll(self, lines: int) -> None:
        """Scroll the list by ``lines``."""
        self.query_one(VerticalScroll).scroll_relative(y=lines, animate=False)
