"""The annotations pane: the document's annotations by section, with a tag filter."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.suggester import SuggestFromList
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from reader.annotation import AnchorStatus, Annotation, AnnotationKind
from reader.model import Document

__all__ = ["KIND_GLYPHS", "KIND_STYLES", "AnnotationList", "AnnotationsPanel"]

KIND_GLYPHS: Mapping[AnnotationKind, str] = {
    AnnotationKind.NOTE: "✎",
    AnnotationKind.HIGHLIGHT: "▌",
    AnnotationKind.BOOKMARK: "★",
}
"""One glyph per kind, so the kind reads without colour (NO_COLOR, TERM=linux)."""

KIND_STYLES: Mapping[AnnotationKind, str] = {
    AnnotationKind.NOTE: "bold yellow",
    AnnotationKind.HIGHLIGHT: "bold green",
    AnnotationKind.BOOKMARK: "bold magenta",
}

_REVIEW_GROUP = "Moved or orphaned"
_NOTE_LINES = 2
_QUOTE_CHARS = 48


class AnnotationList(OptionList):
    """The option list inside the panel, with vim-style cursor keys."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False, id="annotations.down"),
        Binding("k", "cursor_up", "Up", show=False, id="annotations.up"),
    ]


class AnnotationsPanel(Vertical):
    """The document's annotations in document order, grouped by section.

    Each entry shows the kind, the first lines of the note (or the quote when
    there is no note) and the tags as chips; the annotations of the current
    paragraph are marked. Moved and orphaned annotations form their own group,
    with the quote they were made on. Choosing an entry posts :class:`Selected`.
    """

    DEFAULT_CSS = """
    AnnotationsPanel { height: 1fr; }
    AnnotationsPanel > Input { height: 3; }
    AnnotationsPanel > AnnotationList { height: 1fr; border: none; }
    """

    current_paragraph: reactive[int | None] = reactive(None, init=False)
    """Paragraph index of the reading position; its annotations are marked."""

    class Selected(Message):
        """The user chose an annotation (Enter or click): go to its paragraph."""

        def __init__(self, annotation: Annotation) -> None:
            self.annotation = annotation
            super().__init__()

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._document: Document | None = None
        self._annotations: list[Annotation] = []
        self._positions: Mapping[str, int | None] = {}
        self._by_id: dict[str, Annotation] = {}
        self._shown_at: dict[int, list[str]] = {}

    def compose(self) -> ComposeResult:
        """A tag filter above the list."""
        yield Input(placeholder="filter by tag", id="tag-filter")
        yield AnnotationList(id="annotation-list")

    @property
    def option_list(self) -> AnnotationList:
        """The list of entries."""
        return self.query_one(AnnotationList)

    @property
    def tag_filter(self) -> str:
        """The tag typed in the filter ("" when not filtering)."""
        return self.query_one("#tag-filter", Input).value.strip()

    @property
    def highlighted(self) -> Annotation | None:
        """The annotation under the list's cursor, if any."""
        option = self.option_list.highlighted_option
        return None if option is None or option.id is None else self._by_id.get(option.id)

    def show_annotations(
        self,
        document: Document,
        annotations: Sequence[Annotation],
        positions: Mapping[str, int | None],
        tags: Iterable[str] = (),
    ) -> None:
        """Show ``annotations`` of ``document``.

        Args:
            document: The document they belong to (for section titles).
            annotations: In document order, orphans last.
            positions: Annotation id to its paragraph index now (``None``: orphaned).
            tags: Every tag in use, for the filter's completion.
        """
        self._document = document
        self._annotations = list(annotations)
        self._positions = positions
        self._by_id = {a.id: a for a in annotations}
        self.query_one("#tag-filter", Input).suggester = SuggestFromList(
            sorted(tags, key=str.casefold), case_sensitive=False
        )
        self._rebuild()

    def highlight_annotation(self, annotation_id: str) -> None:
        """Move the cursor to an annotation (no jump), if it is listed."""
        option_list = self.option_list
        try:
            option_list.highlighted = option_list.get_option_index(annotation_id)
        except KeyError:
            return

    def watch_current_paragraph(self, old: int | None, new: int | None) -> None:
        """Re-mark the entries of the paragraph left and of the paragraph reached."""
        option_list = self.option_list
        for paragraph in (old, new):
            for annotation_id in self._shown_at.get(paragraph, []) if paragraph is not None else []:
                annotation = self._by_id[annotation_id]
                option_list.replace_option_prompt(
                    annotation_id, self._prompt(annotation, current=paragraph == new)
                )
        ids = self._shown_at.get(new, []) if new is not None else []
        highlighted = self.highlighted
        if ids and (highlighted is None or highlighted.id not in ids):
            self.highlight_annotation(ids[0])

    def on_input_changed(self, event: Input.Changed) -> None:
        """Filter by the tag typed, as it is typed."""
        event.stop()
        self._rebuild()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in the filter moves into the list."""
        event.stop()
        self.option_list.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Turn a chosen entry into :class:`Selected`."""
        event.stop()
        annotation = self._by_id.get(event.option.id or "")
        if annotation is not None:
            self.post_message(self.Selected(annotation))

    def _rebuild(self) -> None:
        tag = self.tag_filter
        shown = [a for a in self._annotations if not tag or a.has_tag(tag)]
        self._shown_at = {}
        options: list[Option | None] = []
        group: str | None = None
        for annotation in shown:
            title = self._group_of(annotation)
            if title != group:
                group = title
                options.append(Option(Text(title, style="bold underline"), disabled=True))
            paragraph = self._positions.get(annotation.id)
            if paragraph is not None:
                self._shown_at.setdefault(paragraph, []).append(annotation.id)
            current = paragraph is not None and paragraph == self.current_paragraph
            options.append(Option(self._prompt(annotation, current=current), id=annotation.id))
        option_list = self.option_list
        highlighted = self.highlighted
        option_list.set_options(options)
        if highlighted is not None and highlighted.id in self._by_id:
            self.highlight_annotation(highlighted.id)

    def _group_of(self, annotation: Annotation) -> str:
        if annotation.status is not AnchorStatus.ATTACHED:
            return _REVIEW_GROUP
        document = self._document
        paragraph = self._positions.get(annotation.id)
        if document is None or paragraph is None:
            return _REVIEW_GROUP
        path = document.section_path(document.paragraphs[paragraph].section)
        return path[-1] if path else document.title

    def _prompt(self, annotation: Annotation, *, current: bool) -> Text:
        """An entry: marker, kind glyph, note lines (or quote), tag chips; all literal text."""
        prompt = Text("▶ " if current else "  ", style="bold" if current else "")
        prompt.append(KIND_GLYPHS[annotation.kind] + " ", style=KIND_STYLES[annotation.kind])
        lines = [line for line in annotation.note.splitlines() if line.strip()]
        if annotation.status is not AnchorStatus.ATTACHED or not lines:
            prompt.append(_excerpt(annotation.selector.quote), style="italic")
            if annotation.status is not AnchorStatus.ATTACHED:
                prompt.append(f"  ({annotation.status.value})", style="dim")
        for i, line in enumerate(lines[:_NOTE_LINES]):
            if i or annotation.status is not AnchorStatus.ATTACHED:
                prompt.append("\n    ")
            prompt.append(line, style="bold" if current else "")
        if annotation.tags:
            prompt.append("\n    ")
            for tag in annotation.tags:
                prompt.append(f" {tag} ", style="reverse")
                prompt.append(" ")
        return prompt


def _excerpt(text: str) -> str:
    """The start of a quote, on one line."""
    flat = " ".join(text.split())
    return flat if len(flat) <= _QUOTE_CHARS else flat[: _QUOTE_CHARS - 1] + "…"
