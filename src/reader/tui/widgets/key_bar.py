"""The key bar: one line at the bottom showing the keys that work where the focus is.

It shows what Textual's ``Footer`` shows (each binding with ``show=True`` once
per action, disabled ones dimmed, the command palette's key on the right) and
answers clicks the same way, but it is one widget drawing one line of text.
``Footer`` composes a widget per key and composes them all again whenever the
bindings change, which is on every focus change: opening the search field cost
some 40 ms of that. This bar works out its keys again (a few dozen bindings)
and repaints only when the line it shows changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import Widget

from reader.tui.keys import UNBOUND

__all__ = ["KeyBar", "KeyItem"]


@dataclass(frozen=True, slots=True)
class KeyItem:
    """One key shown in the bar.

    Attributes:
        key: The key to simulate when the item is clicked (Textual's key name).
        display: The key as shown (``^p`` for ``ctrl+p``, ``?``).
        description: What it does, e.g. ``Note``.
        enabled: False when the binding's action cannot run now (shown dimmed).
    """

    key: str
    display: str
    description: str
    enabled: bool = True


class KeyBar(Widget, can_focus=False):
    """The keys of the focused widget and its ancestors, and the palette's key."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "key-bar--key",
        "key-bar--description",
        "key-bar--hover",
    }
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        .key-bar--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .key-bar--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        .key-bar--hover {
            background: $block-hover-background;
        }
    }
    """

    keys: reactive[tuple[KeyItem, ...]] = reactive((), layout=False)
    """The keys shown from the left, in the order of the screen's active bindings."""

    palette: reactive[KeyItem | None] = reactive(None, layout=False)
    """The command palette's key, shown at the right end (``None`` when unavailable)."""

    hovered: reactive[int | None] = reactive(None, layout=False)
    """The index of the item under the mouse (the palette's is ``len(keys)``)."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._spans: list[tuple[int, int, int]] = []
        """Where each item was drawn (start and end column, index), for the mouse."""

    def on_mount(self) -> None:
        """Follow the screen's bindings (they change with the focus)."""
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._bindings_changed(self.screen)

    def on_unmount(self) -> None:
        """Stop following the screen's bindings."""
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        """Work out the keys again; the reactives repaint only if they changed."""
        if screen is not self.screen:
            return
        app = self.app
        palette_key = app.COMMAND_PALETTE_BINDING if app.ENABLE_COMMAND_PALETTE else None
        keys: list[KeyItem] = []
        actions: set[str] = set()
        palette: KeyItem | None = None
        for key, (_node, binding, enabled, _tooltip) in screen.active_bindings.items():
            if key == UNBOUND:
                continue
            item = KeyItem(binding.key, app.get_key_display(binding), binding.description, enabled)
            if key == palette_key:
                palette = item
            elif binding.show and binding.action not in actions:
                actions.add(binding.action)
                keys.append(item)
        self.keys = tuple(keys)
        self.palette = palette

    def render(self) -> Text:
        """The keys from the left, the palette's key at the right end.

        Descriptions and key names are application text, but they are still
        appended as plain strings: nothing here is read as markup.
        """
        key_style = self.get_component_rich_style("key-bar--key", partial=True)
        description_style = self.get_component_rich_style("key-bar--description", partial=True)
        hover_style = self.get_component_rich_style("key-bar--hover", partial=True)
        width = self.content_size.width
        palette = self.palette
        palette_text = Text()
        if palette is not None:
            palette_text = self._item_text(palette, key_style, description_style)
            palette_text.pad_left(1)
        room = width - palette_text.cell_len
        line = Text(no_wrap=True, overflow="crop", end="")
        self._spans = []
        for index, item in enumerate(self.keys):
            text = self._item_text(item, key_style, description_style)
            if line.cell_len + text.cell_len > room:
                break
            if index == self.hovered:
                text.stylize(hover_style)
            self._spans.append((line.cell_len, line.cell_len + text.cell_len, index))
            line.append_text(text)
        if palette is not None and room >= 0:
            start = width - palette_text.cell_len
            line.append(" " * (start - line.cell_len))
            if self.hovered == len(self.keys):
                palette_text.stylize(hover_style)
            self._spans.append((start, width, len(self.keys)))
            line.append_text(palette_text)
        return line

    @staticmethod
    def _item_text(item: KeyItem, key_style: Style, description_style: Style) -> Text:
        text = Text(no_wrap=True, end="")
        text.append(f" {item.display} ", key_style)
        if item.description:
            text.append(f"{item.description} ", description_style)
        if not item.enabled:
            text.stylize(Style(dim=True))
        return text

    def _item_at(self, x: int) -> int | None:
        """The index of the item drawn at column ``x`` (the palette's is ``len(keys)``)."""
        return next((index for start, end, index in self._spans if start <= x < end), None)

    def on_click(self, event: events.Click) -> None:
        """A click on a key presses it (a disabled key only rings the bell)."""
        index = self._item_at(event.x)
        if index is None:
            return
        event.stop()
        item = self.keys[index] if index < len(self.keys) else self.palette
        if item is not None and item.enabled:
            self.app.simulate_key(item.key)
        else:
            self.app.bell()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        """Highlight the key under the mouse."""
        self.hovered = self._item_at(event.x)

    def on_leave(self, event: events.Leave) -> None:
        """No key is under the mouse any more."""
        self.hovered = None
