"""The outline: following the reading position at once and without rebuilding the tree."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widget import Widget
from textual.widgets import Tree

from reader.model import Document
from reader.readers.builder import DocumentBuilder
from reader.tui.widgets.outline import Outline


def nested_document() -> Document:
    """Two chapters (open in the outline) of three sections (folded), one paragraph each."""
    builder = DocumentBuilder("text")
    for chapter in range(2):
        builder.heading(f"Chapter {chapter}", 1)
        for section in range(3):
            builder.heading(f"Section {chapter}.{section}", 2)
            builder.paragraph(f"Text of section {chapter}.{section}.")
    return builder.build()


class OutlineApp(App[None]):
    """The outline alone, counting the folds it opens."""

    def __init__(self, document: Document) -> None:
        super().__init__()
        self.document = document
        self.expanded: list[int | None] = []

    def compose(self) -> ComposeResult:
        yield Outline()

    def on_mount(self) -> None:
        self.query_one(Outline).show_document(self.document, [])

    def on_tree_node_expanded(self, event: Tree.NodeExpanded[int]) -> None:
        self.expanded.append(event.node.data)


def section_index(document: Document, title: str) -> int:
    return next(s.index for s in document.sections if s.title == title)


def cursor_section(outline: Outline) -> int | None:
    node = outline.cursor_node
    return None if node is None else node.data


async def test_follow_moves_the_cursor_at_once_and_opens_only_closed_folds() -> None:
    document = nested_document()
    app = OutlineApp(document)
    async with app.run_test() as pilot:
        await pilot.pause()
        outline = app.query_one(Outline)
        chapter = outline.root.children[1]
        chapter.collapse()
        await pilot.pause()
        app.expanded.clear()
        wanted = section_index(document, "Section 1.0")

        outline.follow(wanted)  # no pause: the cursor is there in the same update
        assert cursor_section(outline) == wanted
        assert chapter.is_expanded
        await pilot.pause()
        assert app.expanded == [chapter.data]

        outline.follow(section_index(document, "Section 1.2"))
        assert cursor_section(outline) == section_index(document, "Section 1.2")
        await pilot.pause()
        assert app.expanded == [chapter.data]  # the open chapter was not expanded again


async def test_label_widths_are_what_rendering_the_labels_measures() -> None:
    document = nested_document()
    app = OutlineApp(document)
    async with app.run_test() as pilot:
        await pilot.pause()
        outline = app.query_one(Outline)
        outline.root.children[1].collapse()
        outline.update_counts([0, 0, 1])  # relabels sections with annotations
        nodes = [outline.root.children[0], outline.root.children[1]]
        nodes += [*nodes[0].children, *nodes[1].children]
        for node in nodes:
            assert outline.get_label_width(node) == Tree.get_label_width(outline, node)


async def test_a_theme_change_redraws_the_outline_in_the_new_colours() -> None:
    app = OutlineApp(nested_document())
    async with app.run_test() as pilot:
        await pilot.pause()
        outline = app.query_one(Outline)
        old = outline.rich_style
        app.theme = "textual-light"
        await pilot.pause()
        outline.render_lines(outline.scrollable_content_region.reset_offset)  # a frame
        assert outline.rich_style != old
        assert outline.rich_style == Widget.rich_style.fget(outline)  # type: ignore[attr-defined]
