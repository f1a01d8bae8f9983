"""The document view's keys: one declaration per key, with its id and flags.

The keys that need the whole document (the end of the book, the next section or
note) say so: pressed while a large file's preview shows, they run once it is
read (see :mod:`reader.tui.key_hold`). The help group is the view's
(``HELP_TITLE``, "Document"). To add a key: a line here and an ``action_``
method on :class:`~reader.tui.widgets.document_view.DocumentView`.
"""

from __future__ import annotations

from reader.tui.keys import KeyAction

__all__ = ["DOCUMENT_KEYS", "SELECTION_KEYS"]

SELECTION_KEYS: tuple[KeyAction, ...] = (
    KeyAction("v", "select_start", "Select", "document.select", show=False),
    KeyAction("w", "select('word_forward')", "Next word", "selection.word", show=False),
    KeyAction("b", "select('word_back')", "Previous word", "selection.word_back", show=False),
    KeyAction("e", "select('word_end')", "End of word", "selection.word_end", show=False),
    KeyAction(
        "right_parenthesis",
        "select('sentence_forward')",
        "Next sentence",
        "selection.sentence",
        key_display=")",
    ),
    KeyAction(
        "left_parenthesis",
        "select('sentence_back')",
        "Previous sentence",
        "selection.sentence_back",
        key_display="(",
        show=False,
    ),
    KeyAction("0", "select('start')", "Paragraph start", "selection.start", show=False),
    KeyAction("dollar_sign", "select('end')", "Paragraph end", "selection.end", key_display="$"),
    KeyAction("shift+right", "select('char_forward')", "Next letter", "selection.char", show=False),
    KeyAction(
        "shift+left", "select('char_back')", "Previous letter", "selection.char_back", show=False
    ),
    KeyAction("shift+down", "select('line_down')", "Next line", "selection.line", show=False),
    KeyAction("shift+up", "select('line_up')", "Previous line", "selection.line_up", show=False),
    KeyAction("o", "select('swap')", "Other end", "selection.swap", show=False),
    KeyAction("y", "select_copy", "Copy", "selection.copy"),  # shown while selecting
    KeyAction("escape", "select_leave", "Done", "selection.leave", key_display="esc"),
    KeyAction("y", "copy", "Copy", "document.copy", show=False),
    KeyAction("c", "cycle_color", "Highlight colour", "document.color", show=False),
)
"""The selection's keys (``v`` starts one): the others apply only while selecting, and
come first so that then ``b``, ``e``, ``o`` and Escape are theirs, not the view's or
the screen's (see :class:`~reader.tui.widgets.document_selecting.SelectingLines`)."""

DOCUMENT_KEYS: tuple[KeyAction, ...] = (
    *SELECTION_KEYS,
    KeyAction("j,down", "cursor_down", "Next paragraph", "document.down", show=False),
    KeyAction("k,up", "cursor_up", "Previous paragraph", "document.up", show=False),
    KeyAction("space,pagedown", "page_down", "Page down", "document.page_down", show=False),
    KeyAction("b,pageup", "page_up", "Page up", "document.page_up", show=False),
    KeyAction("g,home", "top", "Top", "document.top", show=False),
    KeyAction("G,end", "bottom", "Bottom", "document.bottom", show=False, waits_for_document=True),
    KeyAction(
        "right_square_bracket",
        "next_section",
        "Next section",
        "document.next_section",
        key_display="]",
        waits_for_document=True,
    ),
    KeyAction(
        "left_square_bracket",
        "previous_section",
        "Previous section",
        "document.previous_section",
        key_display="[",
        show=False,
    ),
    KeyAction(
        "right_curly_bracket",
        "next_annotation",
        "Next note",
        "document.next_annotation",
        key_display="}",
        waits_for_document=True,
    ),
    KeyAction(
        "left_curly_bracket",
        "previous_annotation",
        "Previous note",
        "document.previous_annotation",
        key_display="{",
        show=False,
        waits_for_document=True,
    ),
    KeyAction("n", "next_hit", "Next hit", "document.next_hit", show=False),
    KeyAction("N", "previous_hit", "Previous hit", "document.previous_hit", show=False),
    KeyAction("enter", "toggle_fold", "Follow link/fold", "document.toggle_fold", show=False),
    KeyAction("l", "link('next')", "Next link", "document.next_link", show=False),
    KeyAction("L", "link('previous')", "Previous link", "document.previous_link", show=False),
    KeyAction(
        "apostrophe,ctrl+o", "link('back')", "Back", "document.back", key_display="'", show=False
    ),
    KeyAction(
        "f",
        "link('footnote')",
        "Footnote",
        "document.footnote",
        show=False,
        waits_for_document=True,  # a preview keeps only the links within it
    ),
    # shown in the key bar only while a code block or table is wider than the pane
    KeyAction("left", "scroll_left", "Scroll left", "document.scroll_left", key_display="←"),
    KeyAction("right", "scroll_right", "Scroll right", "document.scroll_right", key_display="→"),
)
