"""The annotation editor: a note and its tags, saved with ctrl+s."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Input, Label, Static, TextArea

from reader.errors import ReaderError
from reader.sanitize import clean_line, clean_text
from reader.tui.screens.confirm import ConfirmScreen

__all__ = ["EditorScreen", "TagSuggester", "parse_tags"]

SaveNote = Callable[[str, list[str]], None]
"""Stores a note and tags; raises :class:`~reader.errors.ReaderError` when it cannot."""

_QUOTE_CHARS = 240


def parse_tags(text: str) -> list[str]:
    """Split the tags field (comma-separated) into clean tags, first spelling wins.

    Args:
        text: What was typed, e.g. ``"policy, China ,policy"``.

    Returns:
        ``["policy", "China"]``: trimmed, without empties or case-insensitive repeats.
    """
    tags: list[str] = []
    seen: set[str] = set()
    for part in text.split(","):
        tag = clean_line(part)
        if tag and tag.casefold() not in seen:
            seen.add(tag.casefold())
            tags.append(tag)
    return tags


class TagSuggester(Suggester):
    """Completes the tag being typed (after the last comma) from the tags in use."""

    def __init__(self, tags: Sequence[str]) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self._tags = sorted(tags, key=str.casefold)

    async def get_suggestion(self, value: str) -> str | None:
        """The value with the last tag completed, keeping what was typed as typed."""
        head, _, last = value.rpartition(",")
        typed = last.lstrip()
        if not typed:
            return None
        taken = {tag.casefold() for tag in parse_tags(head)}
        for tag in self._tags:
            folded = tag.casefold()
            wanted = typed.casefold()
            if folded.startswith(wanted) and folded != wanted and folded not in taken:
                return value + tag[len(typed) :]
        return None


class EditorScreen(ModalScreen[bool]):
    """Edit a note and its tags; dismisses with ``True`` once saved.

    Saving calls ``save``; if that raises a :class:`~reader.errors.ReaderError` the
    error is shown and the editor stays open with the text, so nothing typed is
    lost. Escape asks before dropping changes.
    """

    DEFAULT_CSS = """
    EditorScreen { align: center middle; }
    EditorScreen > Vertical {
        width: 90; max-width: 100%; height: auto; max-height: 100%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    EditorScreen #editor-title { text-style: bold; width: 1fr; }
    EditorScreen #editor-quote { color: $text-muted; max-height: 4; margin-bottom: 1; }
    EditorScreen TextArea { height: 8; }
    EditorScreen #editor-hint { color: $text-muted; }
    """

    HELP_TITLE: ClassVar[str] = "Note editor"
    """The title of this class's keys in help and the command palette."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", priority=True, id="editor.save"),
        Binding("escape", "cancel", "Cancel", id="editor.cancel"),
        # Priority: the note's TextArea has ctrl+e (end of line) of its own.
        Binding(
            "ctrl+e",
            "external_editor",
            "Edit in $VISUAL/$EDITOR",
            priority=True,
            id="editor.external",
        ),
        # Priority: the focus moves as the key is read, before the keys typed after
        # it are sent on. Bound on the fields, the key would wait in the note's queue
        # while the next letters were already sent to the note.
        Binding(
            "tab", "app.focus_next", "Next field", show=False, priority=True, id="editor.next_field"
        ),
        Binding(
            "shift+tab",
            "app.focus_previous",
            "Previous field",
            show=False,
            priority=True,
            id="editor.previous_field",
        ),
    ]

    def __init__(
        self,
        *,
        title: str,
        quote: str,
        save: SaveNote,
        note: str = "",
        tags: Sequence[str] = (),
        known_tags: Sequence[str] = (),
        tags_only: bool = False,
        unsaved: bool = False,
    ) -> None:
        """Open on ``note`` and ``tags``.

        Args:
            title: The editor's title line.
            quote: The annotated paragraph's text (shown shortened).
            save: Stores what was typed.
            note: The note to start from.
            tags: The tags to start from.
            known_tags: Tags in use, for completion.
            tags_only: Edit the tags alone (no note field).
            unsaved: The text given was never stored (the editor opens again after
                a failed save): escape asks before dropping it even when unchanged.
        """
        super().__init__()
        self._title = title
        self._quote = quote
        self._save = save
        # Cleaned as a saved note is: one stored by another program may hold escapes.
        self._note = clean_text(note)
        self._tags = ", ".join(clean_line(tag) for tag in tags)
        self._known_tags = known_tags
        self._tags_only = tags_only
        self._unsaved = unsaved

    def compose(self) -> ComposeResult:
        """Title, the quoted paragraph, the note, the tags, and a hint."""
        with Vertical():
            yield Label(Text(self._title), id="editor-title")
            quote = " ".join(self._quote.split())
            if len(quote) > _QUOTE_CHARS:
                quote = quote[: _QUOTE_CHARS - 1] + "…"
            yield Static(Text(quote, style="italic"), id="editor-quote")
            if not self._tags_only:
                yield TextArea(self._note, id="note", soft_wrap=True, tab_behavior="focus")
            yield Input(
                self._tags,
                placeholder="tags, comma-separated (→ completes)",
                suggester=TagSuggester(self._known_tags),
                select_on_focus=False,
                id="tags",
            )
            hint = "ctrl+s save · escape cancel · tab next field"
            if not self._tags_only:
                hint += " · ctrl+e your editor"
            yield Static(Text(hint), id="editor-hint")

    def on_mount(self) -> None:
        """Start typing in the note, after what it says (or in the tags when editing tags only)."""
        if self._tags_only:
            self.query_one("#tags").focus()
            return
        note = self.query_one("#note", TextArea)
        note.focus()
        note.move_cursor(note.document.end)

    def action_external_editor(self) -> None:
        """Hand the note to ``$VISUAL``/``$EDITOR`` and take it back when the editor exits.

        The app suspends (the editor has the terminal to itself) and resumes when
        it exits; the note comes back only if the editor saved a change and exited
        with status 0 (see :mod:`reader.external_editor`). Nothing is stored until
        ctrl+s, as for typed text.
        """
        from textual.app import SuspendNotSupported

        from reader.external_editor import EditorError, edit_in_editor

        if self._tags_only:
            self.notify("Only the tags are edited here: a note has no text to edit", markup=False)
            return
        note = self.query_one("#note", TextArea)
        try:
            with self.app.suspend():
                edited = edit_in_editor(note.text)
        except EditorError as error:
            self.notify(str(error), title="Editor", severity="error", markup=False)
            return
        except SuspendNotSupported:
            self.notify(
                "This terminal cannot be handed to another program", title="Editor", markup=False
            )
            return
        if edited is not None:
            note.load_text(clean_text(edited))  # what another program wrote is untrusted
        note.focus()
        note.move_cursor(note.document.end)

    @property
    def note(self) -> str:
        """The note as typed."""
        if self._tags_only:
            return self._note
        return self.query_one("#note", TextArea).text

    @property
    def tags(self) -> str:
        """The tags field as typed."""
        return self.query_one("#tags", Input).value

    @property
    def changed(self) -> bool:
        """True when the note or the tags differ from what is stored (or nothing was stored)."""
        return (
            self._unsaved
            or self.note != self._note
            or parse_tags(self.tags) != parse_tags(self._tags)
        )

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in the tags field saves, as most forms do."""
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        """Store the note; on failure say why and keep everything typed."""
        try:
            self._save(clean_text(self.note).strip(), parse_tags(self.tags))
        except ReaderError as error:
            self.notify(
                f"{error} (your text is still here; ctrl+s to retry)",
                title="Not saved",
                severity="error",
                markup=False,
            )
            return
        self.dismiss(True)

    def action_cancel(self) -> None:
        """Close; ask first when something was typed."""
        if not self.changed:
            self.dismiss(False)
            return

        def answered(drop: bool | None) -> None:
            if drop:
                self.dismiss(False)

        self.app.push_screen(
            ConfirmScreen("Drop the changes to this note?", yes="Drop", no="Keep editing"),
            answered,
        )
