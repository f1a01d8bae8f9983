"""The reader screen's keys: one declaration per key, with its id and flags.

Each :class:`~reader.tui.keys.KeyAction` carries the key, the action it runs on
:class:`~reader.tui.screens.reader.ReaderScreen`, its description and binding id,
and whether it waits for the whole document (pressed during a preview) and opens
a text field (the keys typed after it are held for the field). The help group is
the screen's (``HELP_TITLE``). A key of a feature names the part that owns it
and the method to run: ``annotation('tag')`` runs ``Annotator.tag``,
``search('open')`` ``SearchBar.open``, ``panes('toggle_outline')``
``ReaderPanes.toggle_outline``; the screen's own keys name its ``action_`` methods.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reader.tui.keys import KeyAction

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from reader.tui.keys import BindingGroup

__all__ = ["READER_KEYS", "reader_help_groups"]

READER_KEYS: tuple[KeyAction, ...] = (
    KeyAction(
        "a",
        "annotation('annotate')",
        "Note",
        "reader.annotate",
        waits_for_document=True,
        opens_a_field=True,
    ),
    KeyAction(
        "t", "annotation('tag')", "Tag", "reader.tag", waits_for_document=True, opens_a_field=True
    ),
    KeyAction(
        "h",
        "annotation('toggle', 'highlight')",
        "Highlight",
        "reader.highlight",
        waits_for_document=True,
    ),
    KeyAction(
        "m",
        "annotation('toggle', 'bookmark')",
        "Bookmark",
        "reader.bookmark",
        waits_for_document=True,
    ),
    KeyAction(
        "e",
        "annotation('edit')",
        "Edit",
        "reader.edit",
        show=False,
        waits_for_document=True,
        opens_a_field=True,
    ),
    KeyAction(
        "d", "annotation('delete')", "Delete", "reader.delete", show=False, waits_for_document=True
    ),
    KeyAction("u", "annotation('undo')", "Undo delete", "reader.undo", show=False),
    # shown only while there is a moved or orphaned annotation to act on (Annotator.applies)
    KeyAction("r", "annotation('review')", "Review", "reader.review", waits_for_document=True),
    KeyAction(
        "Y", "annotation('accept')", "Accept place", "reader.accept", waits_for_document=True
    ),
    KeyAction(
        "p",
        "annotation('attach_here')",
        "Attach here",
        "reader.attach_here",
        waits_for_document=True,
    ),
    KeyAction("slash", "search('open')", "Search", "reader.search", opens_a_field=True),
    KeyAction(
        "x", "annotation('export')", "Export", "reader.export", show=False, waits_for_document=True
    ),
    KeyAction("escape", "search('close')", "Close search", "reader.close_search", show=False),
    KeyAction("o,tab", "panes('cycle_focus', 1)", "Next pane", "reader.next_pane", show=False),
    KeyAction(
        "shift+tab", "panes('cycle_focus', -1)", "Previous pane", "reader.previous_pane", show=False
    ),
    KeyAction("O", "panes('toggle_outline')", "Outline", "reader.toggle_outline", show=False),
    KeyAction(
        "A", "panes('toggle_annotations')", "Annotations", "reader.toggle_annotations", show=False
    ),
    KeyAction(
        "less_than_sign",
        "panes('resize_side_panes', -1)",
        "Narrower panels",
        "reader.narrow_panels",
        show=False,
    ),
    KeyAction(
        "greater_than_sign",
        "panes('resize_side_panes', 1)",
        "Wider panels",
        "reader.widen_panels",
        show=False,
    ),
    KeyAction("q", "back", "Back", "reader.back"),
    KeyAction(
        "minus",
        "panes('change_text_width', -1)",
        "Narrower text",
        "reader.narrower_text",
        key_display="-",
    ),
    KeyAction(
        "equals_sign,plus",
        "panes('change_text_width', 1)",
        "Wider text",
        "reader.wider_text",
        key_display="=",
    ),
)
"""The reader's keys, each declared once (see :class:`~reader.tui.keys.KeyAction`)."""


def reader_help_groups(screen: type[DOMNode]) -> tuple[BindingGroup, ...]:
    """The key groups that apply on the reader ``screen``, for ``?`` and the command palette.

    The document view's first, then the screen's own (:data:`READER_KEYS`), the
    side panes' and the note editor's. The side panes and the editor are imported
    here, when help is first asked for, not before the first frame.
    """
    from reader.tui.keys import BindingGroup
    from reader.tui.screens.editor import EditorScreen
    from reader.tui.widgets.annotations_panel import AnnotationList
    from reader.tui.widgets.document_view import DocumentView
    from reader.tui.widgets.outline import Outline

    owners = (DocumentView, screen, Outline, AnnotationList, EditorScreen)
    return tuple(BindingGroup(owner) for owner in owners)
