"""The document view's styles: worked out when first drawn with, again on a theme change."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Input

from reader.tui.widgets.document_view import DocumentView
from tests.tui.test_document_view import sample_document


class FocusApp(App[None]):
    """A document view and a field to move the focus to."""

    def compose(self) -> ComposeResult:
        yield DocumentView(sample_document())
        yield Input()


async def test_a_focus_change_keeps_the_styles_and_strips() -> None:
    app = FocusApp()
    async with app.run_test(size=(100, 30)) as pilot:
        view = app.query_one(DocumentView)
        view.focus()
        await pilot.pause()
        styles = dict(view._component_styles)
        strips = len(view._strips)
        assert 0 < len(styles) < len(DocumentView.COMPONENT_CLASSES)  # those drawn with
        assert set(styles) <= DocumentView.COMPONENT_CLASSES
        assert strips > 0

        app.query_one(Input).focus()
        await pilot.pause()
        view.focus()
        await pilot.pause()

        assert view._component_styles == styles
        assert all(view._component_styles[name] is style for name, style in styles.items())
        assert len(view._strips) == strips


async def test_a_theme_change_restyles_the_text() -> None:
    app = FocusApp()
    async with app.run_test(size=(100, 30)) as pilot:
        app.theme = "textual-dark"
        view = app.query_one(DocumentView)
        await pilot.pause()
        dark = (view._style("heading-1"), view._style("current"), view.rich_style)

        app.theme = "textual-light"
        await pilot.pause()

        light = (view._style("heading-1"), view._style("current"), view.rich_style)
        assert all(a != b for a, b in zip(dark, light, strict=True))
