"""The annotations pane: the document's annotations by section, with a tag (or colour) filter."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.suggester import SuggestFromList
from textual.widgets import Input

from reader.annotation import KINDS, AnchorStatus, Annotation, copy_name, made_on_another_copy
from reader.model import Document
from reader.sanitize import for_terminal
from reader.tui.annotation_index import Order, annotation_order
from reader.tui.widgets.annotation_list import AnnotationList, Entry

__all__ = [
    "AnnotationList",
    "AnnotationsPanel",
]

_REVIEW_GROUP = "Moved or orphaned"
_NOTE_LINES = 2
_QUOTE_CHARS = 48


class AnnotationsPanel(Vertical):
    """The document's annotations in document order, grouped by section.

    Each entry shows the kind, the first lines of the note (or the quote when
    there is no note) and the tags as chips; the annotations of the current
    paragraph are marked. Moved and orphaned annotations form their own group,
    with the quote they were made on. Choosing an entry posts :class:`Selected`.

    With 10,000 annotations every change must be cheap: the screen tells the
    panel what changed (:meth:`add_annotation`, :meth:`remove_annotation`,
    :meth:`replace_annotation`) and only
    that entry is built; the list paints only what is on screen.
    """

    DEFAULT_CSS = """
    AnnotationsPanel { height: 1fr; }
    AnnotationsPanel > Input { height: 3; }
    AnnotationsPanel > AnnotationList { height: 1fr; border: none; }
    """

    current_paragraph: reactive[int | None] = reactive(None, init=False, repaint=False)
    """Paragraph index of the reading position; its annotations are marked.

    No repaint of the whole pane when it changes (every key that moves the
    reading position sets it): the watcher redraws the entries it re-marks.
    """

    class Selected(Message):
        """The user chose an annotation (Enter or click): go to its paragraph."""

        def __init__(self, annotation: Annotation) -> None:
            self.annotation = annotation
            super().__init__()

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._document: Document | None = None
        self._entries: list[Entry] = []
        self._keys: dict[str, Order] = {}
        self._positions: dict[str, int | None] = {}
        self._at: dict[int, list[str]] = {}

    def compose(self) -> ComposeResult:
        """A tag filter above the list."""
        # Not select-on-focus: a first character typed in the list is put in
        # before the focus arrives (see AnnotationList.FilterWanted).
        yield Input(placeholder="filter by tag (f)", id="tag-filter", select_on_focus=False)
        yield AnnotationList(id="annotation-list")

    @property
    def entry_list(self) -> AnnotationList:
        """The list of entries."""
        return self.query_one(AnnotationList)

    @property
    def tag_filter(self) -> str:
        """The tag typed in the filter ("" when not filtering)."""
        return self.filter_field.value.strip()

    @property
    def highlighted(self) -> Annotation | None:
        """The annotation under the list's cursor, if any."""
        entry = self.entry_list.cursor_entry
        return None if entry is None else entry.annotation

    @property
    def listed(self) -> list[Annotation]:
        """The annotations listed now (the tag filter applied), in order."""
        return [entry.annotation for entry in self.entry_list.entries]

    def show_annotations(
        self,
        document: Document,
        annotations: Sequence[Annotation],
        positions: Mapping[str, int | None],
        tags: Iterable[str] = (),
    ) -> None:
        """Show ``annotations`` of ``document`` (replacing everything listed).

        Args:
            document: The document they belong to (for section titles).
            annotations: In document order, orphans last.
            positions: Annotation id to its paragraph index now (``None``: orphaned).
            tags: Every tag in use, for the filter's completion.
        """
        self._document = document
        self._positions = dict(positions)
        self._keys = {a.id: annotation_order(a, self._positions.get(a.id)) for a in annotations}
        self._at = {}
        for annotation in annotations:
            paragraph = self._positions.get(annotation.id)
            if paragraph is not None:
                self._at.setdefault(paragraph, []).append(annotation.id)
        self._entries = [self._entry(a) for a in annotations]
        self.set_tags(tags)
        self._refilter()

    def set_tags(self, tags: Iterable[str]) -> None:
        """The tags the filter completes."""
        self.filter_field.suggester = SuggestFromList(
            sorted(tags, key=str.casefold), case_sensitive=False
        )

    def add_annotation(self, annotation: Annotation, position: int | None) -> None:
        """List a new annotation (at ``position``, its paragraph; ``None`` if orphaned)."""
        self._positions[annotation.id] = position
        key = self._keys[annotation.id] = annotation_order(annotation, position)
        if position is not None:
            self._at.setdefault(position, []).append(annotation.id)
        entry = self._entry(annotation)
        self._entries.insert(bisect_right(self._entries, key, key=self._key), entry)
        if self._shows(annotation):
            shown = self.entry_list
            shown.insert_entry(bisect_right(shown.entries, key, key=self._key), entry)

    def remove_annotation(self, annotation_id: str) -> None:
        """Stop listing an annotation."""
        if annotation_id not in self._keys:
            return
        index = self._index_in(self._entries, annotation_id)
        del self._entries[index]
        position = self._positions.pop(annotation_id)
        if position is not None:
            self._at[position].remove(annotation_id)
        del self._keys[annotation_id]
        shown = self.entry_list
        listed = shown.index_of(annotation_id)
        if listed is not None:
            shown.remove_entry(listed)

    def replace_annotation(self, annotation: Annotation) -> None:
        """Show the new version of an annotation already listed (same paragraph)."""
        if annotation.id not in self._keys:
            return
        entry = self._entry(annotation)
        self._entries[self._index_in(self._entries, annotation.id)] = entry
        shown = self.entry_list
        listed = shown.index_of(annotation.id)
        wanted = self._shows(annotation)
        if listed is not None and wanted:
            shown.replace_entry(listed, entry)
        elif listed is not None:
            shown.remove_entry(listed)
        elif wanted:
            shown.insert_entry(
                bisect_right(shown.entries, self._keys[annotation.id], key=self._key), entry
            )

    def highlight_annotation(self, annotation_id: str) -> None:
        """Move the cursor to an annotation (no jump), if it is listed."""
        shown = self.entry_list
        index = shown.index_of(annotation_id)
        if index is not None:
            shown.cursor = index

    def watch_current_paragraph(self, old: int | None, new: int | None) -> None:
        """Re-mark the entries of the paragraph left and of the paragraph reached."""
        shown = self.entry_list
        for paragraph in (old, new):
            for annotation_id in self._at.get(paragraph, []) if paragraph is not None else []:
                index = self._index_in(self._entries, annotation_id)
                entry = self._entry(self._entries[index].annotation)
                self._entries[index] = entry
                listed = shown.index_of(annotation_id)
                if listed is not None:
                    shown.replace_entry(listed, entry)
        at_new = self._at.get(new, []) if new is not None else []
        ids = [i for i in at_new if shown.index_of(i) is not None]
        highlighted = self.highlighted
        if ids and (highlighted is None or highlighted.id not in ids):
            self.highlight_annotation(ids[0])

    def on_input_changed(self, event: Input.Changed) -> None:
        """Filter by the tag typed, as it is typed."""
        event.stop()
        self._refilter()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in the filter moves into the list."""
        event.stop()
        self.entry_list.focus()

    @property
    def filter_field(self) -> Input:
        """The tag filter field."""
        return self.query_one("#tag-filter", Input)

    def on_annotation_list_filter_wanted(self, event: AnnotationList.FilterWanted) -> None:
        """Focus the tag filter, typing in what was typed in the list."""
        event.stop()
        field = self.filter_field
        field.focus()
        if event.text:
            field.insert_text_at_cursor(event.text)

    def on_annotation_list_chosen(self, event: AnnotationList.Chosen) -> None:
        """Turn a chosen entry into :class:`Selected`."""
        event.stop()
        self.post_message(self.Selected(event.annotation))

    def _refilter(self) -> None:
        typed = self.tag_filter
        self.entry_list.set_entries(
            [e for e in self._entries if _matches(e.annotation, typed)] if typed else self._entries
        )

    def _shows(self, annotation: Annotation) -> bool:
        typed = self.tag_filter
        return not typed or _matches(annotation, typed)

    def _key(self, entry: Entry) -> Order:
        return self._keys[entry.annotation.id]

    def _index_in(self, entries: list[Entry], annotation_id: str) -> int:
        """Where an annotation's entry is in ``entries`` (ordered: found by bisection)."""
        key = self._keys[annotation_id]
        index = bisect_left(entries, key, key=self._key)
        while entries[index].annotation.id != annotation_id:
            index += 1
        return index

    def _entry(self, annotation: Annotation) -> Entry:
        paragraph = self._positions.get(annotation.id)
        current = paragraph is not None and paragraph == self.current_paragraph
        copy = self._copy_of(annotation)
        lines = _lines(annotation, current=current, copy=copy)
        return Entry(annotation, self._group_of(annotation, copy), lines)

    def _copy_of(self, annotation: Annotation) -> str:
        """The name of the copy of the work a note was made on; "" for this document's own."""
        document = self._document
        if document is None or not made_on_another_copy(annotation, document):
            return ""
        return copy_name(annotation.document)

    def _group_of(self, annotation: Annotation, copy: str = "") -> str:
        # Another copy's note placed here by its text is where it belongs, not a change
        # to review: only when this copy has no place for it does it wait there.
        placed_from_copy = copy and annotation.status is AnchorStatus.MOVED
        if annotation.status is not AnchorStatus.ATTACHED and not placed_from_copy:
            return _REVIEW_GROUP
        document = self._document
        paragraph = self._positions.get(annotation.id)
        if document is None or paragraph is None:
            return _REVIEW_GROUP
        path = document.section_path(document.paragraphs[paragraph].section)
        return path[-1] if path else document.title


def _matches(annotation: Annotation, typed: str) -> bool:
    """True when ``annotation`` has a tag starting with ``typed``, or is of the colour it names.

    A colour filters as a tag does: ``green`` lists the green highlights (and
    anything tagged ``green…``).
    """
    if annotation.has_tag_starting(typed):
        return True
    return annotation.color is not None and annotation.color == typed.casefold()


def _lines(annotation: Annotation, *, current: bool, copy: str = "") -> tuple[Text, ...]:
    """An entry: marker, kind glyph, note lines (or quote), tag chips; all literal text.

    A note made on another copy of the work (``copy``: that copy's name) says so on a
    line of its own, before its tags (Ctrl+O opens that copy at it).
    """
    first = Text("▶ " if current else "  ", style="bold" if current else "")
    first.append(KINDS[annotation.kind].glyph + " ")  # its colour: AnnotationList
    lines = [first]
    # A note or tag stored by another program (an import, an older store) may hold
    # anything: each line passes the output check.
    notes = [for_terminal(line, one_line=True) for line in annotation.note.splitlines()]
    notes = [line for line in notes if line.strip()]
    attached = annotation.status is AnchorStatus.ATTACHED or (
        bool(copy) and annotation.status is AnchorStatus.MOVED  # placed on this copy's text
    )
    if not attached or not notes:
        passage = annotation.passage
        quote = annotation.selector.quote if passage is None else passage.exact
        first.append(_excerpt(quote), style="italic")
        if not attached:
            first.append(f"  ({annotation.status.value})", style="dim")
    if annotation.lost_passage is not None:  # its words are gone: it covers the paragraph
        first.append("  (passage lost)", style="dim")
    for i, note in enumerate(notes[:_NOTE_LINES]):
        line = first if i == 0 and attached else Text("    ")
        line.append(note, style="bold" if current else "")
        if line is not first:
            lines.append(line)
    if copy:
        lines.append(Text(f"    on {for_terminal(copy, one_line=True)}", style="dim italic"))
    if annotation.tags:
        chips = Text("    ")
        for tag in annotation.tags:
            chips.append(f" {for_terminal(tag, one_line=True)} ", style="reverse")
            chips.append(" ")
        lines.append(chips)
    return tuple(lines)


def _excerpt(text: str) -> str:
    """The start of a quote, on one line."""
    flat = for_terminal(" ".join(text.split()), one_line=True)
    return flat if len(flat) <= _QUOTE_CHARS else flat[: _QUOTE_CHARS - 1] + "…"
