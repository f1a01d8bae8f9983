"""Every use of Textual's private API, in one place.

The document view needs two things Textual offers no public way to do, each worth
a frame or more (see :mod:`reader.tui.widgets.document_lines` and
:mod:`reader.tui.widgets.document_view`):

- styling its component classes on first use rather than all of them at every
  restyle: :class:`CompatScrollView` answers Textual's stylesheet with no
  component classes (``DOMNode._get_component_classes``), and styles a class
  when asked (a virtual ``DOMNode`` attached with ``_attach``, kept in the
  widget's ``_component_styles``) as Textual's own stylesheet does;
- re-wrapping as Textual sizes the widget, before it works out the scrollbars
  (``ScrollView._size_updated``).

The terminal driver (:mod:`reader.tui.terminal_driver`) needs one more: writing
the terminal's output through a file of its own, one that stays quiet once the
terminal has gone (:func:`write_output_through`, Textual's ``LinuxDriver._file``).

And the keymap (:func:`reader.tui.keys.resolve_keymap`) names a key written as
its character the way Textual's bindings do (``?`` is ``question_mark``:
:func:`key_name`, Textual's ``keys._character_to_key``); Textual's
``set_keymap`` takes keys as written, so a ``?`` there would never match.

Nothing else in the app names a private Textual member. ``pyproject.toml`` pins
Textual to the minor versions in :data:`TESTED_TEXTUAL`, and
``tests/tui/test_textual_compat.py`` fails loudly if any of these changes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol, TextIO

from textual import keys as textual_keys
from textual.css.styles import RenderStyles
from textual.dom import DOMNode
from textual.geometry import Size
from textual.scroll_view import ScrollView

if TYPE_CHECKING:
    from textual.drivers.linux_driver import LinuxDriver  # not on Windows: imported by its user

__all__ = ["TESTED_TEXTUAL", "CompatScrollView", "Output", "key_name", "write_output_through"]

TESTED_TEXTUAL = ((8, 2),)
"""The Textual minor versions this module is tested with (and pyproject.toml allows)."""


class Output(Protocol):
    """What Textual's output thread writes the terminal's output to."""

    def write(self, text: str, /) -> int: ...

    def flush(self) -> None: ...

    def fileno(self) -> int: ...


class CompatScrollView(ScrollView):
    """A scroll view with two hooks Textual keeps private.

    Subclasses override :meth:`restyled` (Textual restyled the widget) and
    :meth:`sizing` (Textual is sizing the widget, scrollbars next), and get a
    component class's styles with :meth:`component_styles`.
    """

    def _get_component_classes(self) -> frozenset[str]:  # type: ignore[override]
        """No component classes for Textual to style: see :meth:`component_styles`.

        Textual's stylesheet calls this whenever it restyles the widget, and
        styles every class returned (a virtual node and a full rule match each).
        """
        self.restyled(super()._get_component_classes())
        return frozenset()

    def restyled(self, component_classes: frozenset[str]) -> None:
        """Textual restyled the widget; ``component_classes`` are all it declares."""

    def component_styles(self, name: str) -> RenderStyles:
        """The styles of the component class ``name``, worked out on first use and kept."""
        styles = self._component_styles.get(name)
        if styles is None:
            node = DOMNode(classes=name)
            node._attach(self)
            self.app.stylesheet.apply(node, animate=False)
            styles = self._component_styles[name] = node.styles
        return styles

    def forget_component_styles(self) -> None:
        """Work every component class's styles out again when next asked (the rules changed)."""
        self._component_styles.clear()

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        """Textual sizes the widget: :meth:`sizing` first, then Textual's own work."""
        self.sizing()
        return super()._size_updated(size, virtual_size, container_size, layout)

    def sizing(self) -> None:
        """Textual is laying the widget out at its new size, its scrollbars worked out next."""


def write_output_through(driver: LinuxDriver, through: Callable[[TextIO], Output]) -> None:
    """Have ``driver`` write the terminal's output to ``through(terminal)`` (from ``__init__``).

    Textual's output thread writes to the driver's ``_file`` (standard error), read
    when application mode starts, and ends at the first write that fails. Without
    standard error nothing changes.
    """
    terminal = driver._file
    if terminal is not None:
        # Typed as standard error's own class; the output thread only writes and flushes.
        driver._file = through(terminal)  # type: ignore[assignment]


def key_name(key: str) -> str:
    """Textual's name of a key written as one character (``?`` -> ``question_mark``),
    as a binding's key is named; other keys (``ctrl+s``, ``j``) as they are."""
    return textual_keys._character_to_key(key) if len(key) == 1 else key
