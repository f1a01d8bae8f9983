"""The outline pane: the document's section tree, following the reading position."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from reader.model import Document, Section

__all__ = ["Outline"]


class Outline(Tree[int]):
    """The section tree with paragraph and annotation counts per section.

    Each node's data is the section index. Enter (or a click) posts
    :class:`Outline.Jump`; space folds and unfolds. The screen calls
    :meth:`follow` as the reading position moves, so the cursor shows where the
    reader is without taking focus.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False, id="outline.down"),
        Binding("k", "cursor_up", "Up", show=False, id="outline.up"),
    ]

    class Jump(Message):
        """The user chose a section: the document should go to its first paragraph."""

        def __init__(self, section: int) -> None:
            self.section = section
            super().__init__()

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(Text("Outline"), id=id, classes=classes)
        self.show_root = False
        self.auto_expand = False
        self._document: Document | None = None
        self._section_nodes: dict[int, TreeNode[int]] = {}
        self._annotation_counts: Sequence[int] = ()
        self._shown_counts: dict[int, int] = {}
        self._frame_style: Style | None = None
        self._label_widths: dict[int, int] = {}
        """Cell width of each section's label (no fold icon), by section index."""

    def show_document(self, document: Document, annotated: Sequence[int]) -> None:
        """Build the tree for ``document``.

        Args:
            document: The document whose sections to list.
            annotated: Paragraph index of every annotation placed in the document
                (one entry per annotation), for the per-section counts.
        """
        self._document = document
        self.clear()
        self.root.set_label(Text(document.title))
        self._section_nodes = {}
        self._shown_counts = {}
        self._label_widths = {}
        for section in document.sections:
            parent = self.root if section.parent is None else self._section_nodes[section.parent]
            node = parent.add("", data=section.index, expand=section.level < 2)
            if not section.children:
                node.allow_expand = False
            self._section_nodes[section.index] = node
        self.update_counts(annotated)

    def update_counts(self, annotated: Sequence[int]) -> None:
        """Refresh every label's annotation count after annotations changed.

        Args:
            annotated: Paragraph index of every placed annotation.
        """
        document = self._document
        if document is None:
            return
        per_paragraph = [0] * (len(document.paragraphs) + 1)
        for index in annotated:
            per_paragraph[index + 1] += 1
        for i in range(1, len(per_paragraph)):  # prefix sums: counts over any span in O(1)
            per_paragraph[i] += per_paragraph[i - 1]
        shown = self._shown_counts
        for section in document.sections:
            count = per_paragraph[section.end] - per_paragraph[section.start]
            if shown.get(section.index) != count:  # relabelling all 1,300 costs 60 ms
                shown[section.index] = count
                label = _label(section, count)
                self._label_widths[section.index] = label.cell_len
                self._section_nodes[section.index].set_label(label)

    def count_changed(self, paragraph: int, change: int) -> None:
        """One annotation more (``change`` 1) or fewer (-1) on ``paragraph``.

        Relabels the paragraph's section and the sections around it only:
        recounting every section (:meth:`update_counts`) took some 10 ms per
        annotation on the book with 10,000 annotations.
        """
        document = self._document
        if document is None:
            return
        section = document.paragraphs[paragraph].section
        while section is not None:
            count = self._shown_counts.get(section, 0) + change
            self._shown_counts[section] = count
            label = _label(document.sections[section], count)
            self._label_widths[section] = label.cell_len
            self._section_nodes[section].set_label(label)
            section = document.sections[section].parent

    def get_label_width(self, node: TreeNode[int]) -> int:
        """A label's width from the widths noted when the labels were set.

        Textual measures every line's label again whenever the tree is laid out
        (each resize, each fold opened) by rendering it; for ~1,300 sections
        that was most of a resize's time in this pane.
        """
        width = None if node.data is None else self._label_widths.get(node.data)
        if width is None:
            return super().get_label_width(node)
        if node.allow_expand:
            width += cell_len(self.ICON_NODE_EXPANDED if node.is_expanded else self.ICON_NODE)
        return width

    def follow(self, section: int | None) -> None:
        """Put the cursor on ``section`` (unfolding its ancestors), without jumping.

        Args:
            section: The section the reading position is in; ``None`` before the
                first heading.
        """
        node = None if section is None else self._section_nodes.get(section)
        if node is None or node is self.cursor_node:
            return
        folded: list[TreeNode[int]] = []
        ancestor = node.parent
        while ancestor is not None and ancestor is not self.root:
            if not ancestor.is_expanded:
                folded.append(ancestor)
            ancestor = ancestor.parent
        if folded:
            # Expanding re-lays the tree out: only when a fold is really opened
            # (expanding an open node would rebuild all ~1,300 lines every key).
            for ancestor in folded:
                ancestor.expand()
            self._lines_rebuilt()
        # In this very update, not after a refresh: the outline then changes in the
        # same frame as the document instead of one frame later.
        self.move_cursor(node)

    def _lines_rebuilt(self) -> None:
        """Lay the tree's lines out now, so every node knows its line for the cursor."""
        _ = self.last_line  # reading it rebuilds the line list after an expand

    @property
    def rich_style(self) -> Style:
        """The tree's own style, worked out once per frame.

        Textual's Tree asks for it on every line it draws, and each time it is
        worked out afresh by walking the widget's ancestors: a third of the time
        the outline takes to draw.
        """
        if self._frame_style is None:
            self._frame_style = super().rich_style
        return self._frame_style

    def render_lines(self, crop: Region) -> list[Strip]:
        """Draw with the style of this frame (see :attr:`rich_style`)."""
        self._frame_style = None
        return super().render_lines(crop)

    def notify_style_update(self) -> None:
        """Theme or stylesheet changed: forget the style of the last frame."""
        self._frame_style = None
        super().notify_style_update()

    def on_tree_node_selected(self, event: Tree.NodeSelected[int]) -> None:
        """Turn the tree's selection into a jump request for the screen."""
        event.stop()
        if event.node.data is not None:
            self.post_message(self.Jump(event.node.data))


def _label(section: Section, annotations: int) -> Text:
    """A node label: the title as literal text (never markup), then dim counts."""
    label = Text(section.title)
    counts = f"  {section.end - section.start}¶"
    if annotations:
        counts += f" {annotations}✎"
    label.append(counts, style="dim")
    return label
