"""The reader's side panes: shown, hidden, sized and focused in turn.

A mixin of :class:`~reader.tui.screens.reader.ReaderScreen`. The outline and the
annotations pane are containers (``#outline``, ``#annotations``) holding the
:class:`~reader.tui.widgets.outline.Outline` and the
:class:`~reader.tui.widgets.annotations_panel.AnnotationsPanel`; beside a
preview they are empty until the whole document is read. Below
:data:`NARROW_WIDTH` columns the panes start hidden and show one at a time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.css.scalar import Scalar
from textual.events import Resize
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import Widget

if TYPE_CHECKING:
    from reader.tui.widgets.annotations_panel import AnnotationsPanel
    from reader.tui.widgets.document_view import DocumentView
    from reader.tui.widgets.outline import Outline

__all__ = ["NARROW_WIDTH", "ReaderPanes", "annotations_panel", "outline"]

NARROW_WIDTH = 110
"""Below this many columns the side panels start hidden and show one at a time."""

_PANEL_WIDTHS = (16, 80)
_PANEL_STEP = 4


class ReaderPanes(Screen[None]):
    """Shows, hides, sizes and focuses the side panes of the reader screen."""

    show_outline: reactive[bool] = reactive(True, init=False)
    """Whether the outline pane is shown."""

    show_annotations: reactive[bool] = reactive(True, init=False)
    """Whether the annotations pane is shown."""

    panel_width: reactive[int] = reactive(32, init=False)
    """Width of each side pane, in columns (``<`` and ``>`` change it)."""

    def __init__(self) -> None:
        super().__init__()
        self._narrow: bool | None = None

    if TYPE_CHECKING:  # provided by ReaderScreen

        @property
        def view(self) -> DocumentView | None: ...

        def _focus_document(self) -> None: ...

    async def _mount_side_panes(self) -> None:
        """Fill the side panes, left empty beside a preview.

        A preview has no outline and no annotations yet, and the panes' widgets (an
        input field, two line widgets) cost some 15 ms before the first frame, their
        modules a few more. Their containers take the same room from the start, so
        the text does not move when they are filled with the whole document.
        """
        await self.query_one("#outline").mount(outline())
        await self.query_one("#annotations").mount(annotations_panel())

    def on_resize(self, event: Resize) -> None:
        """Crossing the narrow breakpoint collapses or restores the side panes."""
        narrow = event.size.width < NARROW_WIDTH
        if narrow != self._narrow:
            self._narrow = narrow
            self.set_reactive(ReaderPanes.show_outline, not narrow)
            self.set_reactive(ReaderPanes.show_annotations, not narrow)
            self._apply_pane_display()
            self._apply_panel_width()

    def watch_show_outline(self, show: bool) -> None:
        """Show or hide the outline (in a narrow terminal, one side pane at a time)."""
        if show and self._narrow:
            self.set_reactive(ReaderPanes.show_annotations, False)
        self._apply_pane_display()

    def watch_show_annotations(self, show: bool) -> None:
        """Show or hide the annotations pane (one side pane at a time when narrow)."""
        if show and self._narrow:
            self.set_reactive(ReaderPanes.show_outline, False)
        self._apply_pane_display()

    def _apply_pane_display(self) -> None:
        """Show or hide the side panes, then keep focus on a visible pane.

        Set on the two panes, not as classes of the screen: a class of the screen
        restyles every widget on it (10-40 ms), once more per resize across the
        breakpoint.
        """
        self.query_one("#outline").display = self.show_outline
        self.query_one("#annotations").display = self.show_annotations
        self._refocus_if_hidden()

    def watch_panel_width(self) -> None:
        """Apply the new side-pane width."""
        self._apply_panel_width()

    def _apply_panel_width(self) -> None:
        width = self.panel_width
        if self._narrow:
            width = max(_PANEL_WIDTHS[0], min(width, self.size.width // 2))
        for pane in self.query("#outline, #annotations"):
            if pane.styles.width != Scalar.from_number(width):  # no layout pass for nothing
                pane.styles.width = width

    def _refocus_if_hidden(self) -> None:
        shown = {"outline": self.show_outline, "annotations": self.show_annotations}
        for pane in self.query("#outline, #annotations"):
            if not shown[str(pane.id)] and _focused_in(pane, self.focused):
                self._focus_document()

    @property
    def outline(self) -> Outline:
        """The outline pane."""
        from reader.tui.widgets.outline import Outline

        return self.query_one(Outline)

    @property
    def panel(self) -> AnnotationsPanel:
        """The annotations pane."""
        from reader.tui.widgets.annotations_panel import AnnotationsPanel

        return self.query_one(AnnotationsPanel)

    def _panes(self) -> list[tuple[Widget, Widget]]:
        """The visible panes, each as (the pane, the widget that takes its focus)."""
        panes: list[tuple[Widget, Widget]] = []
        outline = next(iter(self.query("Outline")), None)  # None beside a preview
        if self.show_outline and outline is not None:
            panes.append((outline, outline))
        view = self.view
        if view is not None:
            panes.append((view, view))
        panel = cast("AnnotationsPanel | None", next(iter(self.query("AnnotationsPanel")), None))
        if self.show_annotations and panel is not None:
            panes.append((panel, panel.option_list))
        return panes

    def _cycle_pane(self, step: int) -> None:
        panes = self._panes()
        if not panes:
            return
        current = next(
            (i for i, (pane, _) in enumerate(panes) if _focused_in(pane, self.focused)), None
        )
        target = 0 if current is None else (current + step) % len(panes)
        panes[target][1].focus()

    def action_next_pane(self) -> None:
        """Focus the next visible pane (outline → document → annotations)."""
        self._cycle_pane(1)

    def action_previous_pane(self) -> None:
        """Focus the previous visible pane."""
        self._cycle_pane(-1)

    def action_toggle_outline(self) -> None:
        """Show or hide the outline."""
        self.show_outline = not self.show_outline

    def action_toggle_annotations(self) -> None:
        """Show or hide the annotations pane."""
        self.show_annotations = not self.show_annotations

    def action_resize_panels(self, step: int) -> None:
        """Make the side panes narrower (-1) or wider (+1)."""
        low, high = _PANEL_WIDTHS
        self.panel_width = max(low, min(high, self.panel_width + step * _PANEL_STEP))


def _focused_in(widget: Widget, focused: Widget | None) -> bool:
    """True if ``focused`` is ``widget`` or inside it."""
    return focused is not None and (focused is widget or widget in focused.ancestors)


def outline() -> Outline:
    """A new outline pane (its module is not needed for a preview's first frame)."""
    from reader.tui.widgets.outline import Outline

    return Outline()


def annotations_panel() -> AnnotationsPanel:
    """A new annotations pane (its module is not needed for a preview's first frame)."""
    from reader.tui.widgets.annotations_panel import AnnotationsPanel

    return AnnotationsPanel()
