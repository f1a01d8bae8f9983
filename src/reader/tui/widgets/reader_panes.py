"""The reader's three panes side by side: outline, document, annotations.

:class:`ReaderPanes` owns showing, hiding, sizing and focusing them. The outline
and the annotations pane are containers (``#outline``, ``#annotations``) holding
the :class:`~reader.tui.widgets.outline.Outline` and the
:class:`~reader.tui.widgets.annotations_panel.AnnotationsPanel`; beside a preview
they are empty until the whole document is read (:meth:`ReaderPanes.fill_side_panes`).
Below :data:`NARROW_WIDTH` columns the side panes start hidden and show one at a time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Container, Horizontal
from textual.css.scalar import Scalar
from textual.reactive import var
from textual.widget import Widget
from textual.widgets import LoadingIndicator

from reader.config import DEFAULT_TEXT_WIDTH
from reader.model import Document
from reader.tui.widgets.document_view import DocumentView

if TYPE_CHECKING:
    from reader.tui.widgets.annotations_panel import AnnotationsPanel
    from reader.tui.widgets.outline import Outline

__all__ = ["NARROW_WIDTH", "PANEL_WIDTHS", "ReaderPanes"]

NARROW_WIDTH = 110
"""Below this many columns the side panels start hidden and show one at a time."""

PANEL_WIDTHS = (16, 80)
"""The narrowest and widest a side pane can be made, in columns."""

_PANEL_STEP = 4


class ReaderPanes(Horizontal):
    """Outline, document and annotations; which show, how wide, and focus in turn.

    The screen tells it the terminal's width (:meth:`fit`) and passes on what the
    pane keys ask for (:meth:`cycle_focus`, :meth:`toggle_outline`,
    :meth:`toggle_annotations`, :meth:`resize_side_panes`, :meth:`change_text_width`).
    """

    show_outline: var[bool] = var(True, init=False)
    """Whether the outline pane is shown."""

    show_annotations: var[bool] = var(True, init=False)
    """Whether the annotations pane is shown."""

    panel_width: var[int] = var(32, init=False)
    """Width of each side pane, in columns (``<`` and ``>`` change it)."""

    def __init__(
        self,
        preview: Document | None,
        *,
        text_width: int = DEFAULT_TEXT_WIDTH,
        id: str | None = None,
    ) -> None:
        """Panes for a document still loading, or beside ``preview`` (its first part).

        Args:
            preview: The start of a large file, shown at once; ``None`` shows a
                loading indicator until :meth:`show_document`.
            text_width: The widest the document's text column gets, in cells.
            id: The widget's id.
        """
        super().__init__(id=id)
        self._preview = preview
        self._text_width = text_width
        self._narrow: bool | None = None

    def compose(self) -> ComposeResult:
        """Three panes; beside a preview the side panes are left empty."""
        from_preview = self._preview is not None
        with Container(id="outline"):
            if not from_preview:
                yield _outline()
        with Container(id="document-pane"):
            if self._preview is None:
                yield LoadingIndicator()
            else:
                yield DocumentView(self._preview, text_width=self._text_width, id="document")
        with Container(id="annotations"):
            if not from_preview:
                yield _annotations_panel()

    # Children ---------------------------------------------------------------

    @property
    def view(self) -> DocumentView | None:
        """The document view, once a document (or its preview) shows."""
        views = self.query(DocumentView)
        return views.first() if views else None

    @property
    def outline(self) -> Outline:
        """The outline pane's widget."""
        from reader.tui.widgets.outline import Outline

        return self.query_one(Outline)

    @property
    def panel(self) -> AnnotationsPanel:
        """The annotations pane's widget."""
        from reader.tui.widgets.annotations_panel import AnnotationsPanel

        return self.query_one(AnnotationsPanel)

    async def fill_side_panes(self) -> None:
        """Fill the side panes, left empty beside a preview.

        A preview has no outline and no annotations yet, and the panes' widgets (an
        input field, two line widgets) cost some 15 ms before the first frame, their
        modules a few more. Their containers take the same room from the start, so
        the text does not move when they are filled with the whole document.
        """
        await self.query_one("#outline").mount(_outline())
        await self.query_one("#annotations").mount(_annotations_panel())

    async def show_document(self, document: Document) -> DocumentView:
        """Replace the loading indicator with a view of ``document``."""
        pane = self.query_one("#document-pane")
        await pane.remove_children()
        view = DocumentView(document, text_width=self._text_width, id="document")
        await pane.mount(view)
        return view

    def focus_document(self) -> None:
        """Give the document view the focus (if a document shows)."""
        view = self.view
        if view is not None:
            view.focus()

    def on_outline_jump(self, event: Outline.Jump) -> None:
        """Go to the first paragraph of the section chosen in the outline."""
        event.stop()
        view = self.view
        if view is None or not view.document.paragraphs:
            return
        start = view.document.sections[event.section].start
        view.goto(min(start, len(view.document.paragraphs) - 1))
        view.focus()

    # Showing and sizing -----------------------------------------------------

    def fit(self, width: int) -> None:
        """The terminal is ``width`` columns: crossing the narrow breakpoint collapses
        or restores the side panes.

        Told by the screen as it is resized, before its layout: the panes' own
        resize comes after a layout, and changing them then would lay out twice.
        """
        narrow = width < NARROW_WIDTH
        if narrow != self._narrow:
            self._narrow = narrow
            self.set_reactive(ReaderPanes.show_outline, not narrow)
            self.set_reactive(ReaderPanes.show_annotations, not narrow)
            self._apply_display()
            self.apply_width(width)

    def watch_show_outline(self, show: bool) -> None:
        """Show or hide the outline (in a narrow terminal, one side pane at a time)."""
        if show and self._narrow:
            self.set_reactive(ReaderPanes.show_annotations, False)
        self._apply_display()

    def watch_show_annotations(self, show: bool) -> None:
        """Show or hide the annotations pane (one side pane at a time when narrow)."""
        if show and self._narrow:
            self.set_reactive(ReaderPanes.show_outline, False)
        self._apply_display()

    def watch_panel_width(self) -> None:
        """Apply the new side-pane width."""
        self.apply_width(self.screen.size.width)

    def toggle_outline(self) -> None:
        """Show or hide the outline."""
        self.show_outline = not self.show_outline

    def toggle_annotations(self) -> None:
        """Show or hide the annotations pane."""
        self.show_annotations = not self.show_annotations

    def resize_side_panes(self, step: int) -> None:
        """Make the side panes narrower (-1) or wider (+1)."""
        low, high = PANEL_WIDTHS
        self.panel_width = max(low, min(high, self.panel_width + step * _PANEL_STEP))

    def change_text_width(self, direction: int) -> None:
        """Make the document's text column narrower (-1) or wider (+1), if a document shows."""
        view = self.view
        if view is not None:
            view.change_text_width(direction)

    def apply_width(self, terminal_width: int) -> None:
        """Size the side panes (at most half the terminal each when it is narrow)."""
        width = self.panel_width
        if self._narrow:
            width = max(PANEL_WIDTHS[0], min(width, terminal_width // 2))
        for pane in self.query("#outline, #annotations"):
            if pane.styles.width != Scalar.from_number(width):  # no layout pass for nothing
                pane.styles.width = width

    def _apply_display(self) -> None:
        """Show or hide the side panes, then keep focus on a visible pane.

        Set on the two panes, not as classes of the screen: a class of the screen
        restyles every widget on it (10-40 ms), once more per resize across the
        breakpoint.
        """
        self.query_one("#outline").display = self.show_outline
        self.query_one("#annotations").display = self.show_annotations
        shown = {"outline": self.show_outline, "annotations": self.show_annotations}
        for pane in self.query("#outline, #annotations"):
            if not shown[str(pane.id)] and _focused_in(pane, self.screen.focused):
                self.focus_document()

    # Focus ------------------------------------------------------------------

    def cycle_focus(self, step: int) -> None:
        """Focus the next (``step`` 1) or previous (-1) visible pane."""
        panes = self._focusable()
        if not panes:
            return
        focused = self.screen.focused
        current = next((i for i, (pane, _) in enumerate(panes) if _focused_in(pane, focused)), None)
        target = 0 if current is None else (current + step) % len(panes)
        panes[target][1].focus()

    def _focusable(self) -> list[tuple[Widget, Widget]]:
        """The visible panes, each as (the pane, the widget that takes its focus).

        The annotations pane is two stops, its list then its tag filter.
        """
        panes: list[tuple[Widget, Widget]] = []
        outline = next(iter(self.query("Outline")), None)  # None beside a preview
        if self.show_outline and outline is not None:
            panes.append((outline, outline))
        view = self.view
        if view is not None:
            panes.append((view, view))
        if self.show_annotations and self.query("AnnotationsPanel"):
            panes.append((self.panel.entry_list, self.panel.entry_list))
            panes.append((self.panel.filter_field, self.panel.filter_field))
        return panes


def _focused_in(widget: Widget, focused: Widget | None) -> bool:
    """True if ``focused`` is ``widget`` or inside it."""
    return focused is not None and (focused is widget or widget in focused.ancestors)


def _outline() -> Outline:
    """A new outline pane (its module is not needed for a preview's first frame)."""
    from reader.tui.widgets.outline import Outline

    return Outline()


def _annotations_panel() -> AnnotationsPanel:
    """A new annotations pane (its module is not needed for a preview's first frame)."""
    from reader.tui.widgets.annotations_panel import AnnotationsPanel

    return AnnotationsPanel()
