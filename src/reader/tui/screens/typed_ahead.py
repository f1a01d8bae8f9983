"""Keys typed ahead of a text field: held until the field has the focus, then sent on.

A mixin of :class:`~reader.tui.screens.reader.ReaderScreen`, shared by its
annotating (``a``, ``t`` and ``e`` open the note editor) and its search (``/``
opens the search field). Keys reach the app's bindings only after passing
through the widgets, so keys typed fast after such a key are already past the
screen when the field gets the focus, and would act on the document instead.
They are held from that key until its action has run, and also from the start
until the screen is complete (its search field is mounted after the first
frame), then sent on in order.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.events import Key
from textual.screen import Screen

if TYPE_CHECKING:
    from reader.model import Document

__all__ = ["TYPED_AHEAD_WAIT", "TypedAhead"]

TYPED_AHEAD_WAIT = 1.0
"""Seconds keys typed after ``a`` (or ``t``, ``e``, ``/``) are held at most, should it
open no text field."""

_OPENS_A_FIELD = frozenset({"reader.annotate", "reader.tag", "reader.edit", "reader.search"})
"""Bindings whose action puts the focus in a text field: the keys typed right after
them are meant for it."""


class TypedAhead(Screen[None]):
    """Holds keys typed ahead of a text field (see the module's docstring).

    Keys are held from the start: the screen calls :meth:`_release_typed_ahead`
    once it is complete.
    """

    def __init__(self) -> None:
        super().__init__()
        self._typed_ahead: list[Key] | None = []
        """The keys held, in order; ``None`` when keys are not being held."""

    if TYPE_CHECKING:  # provided by ReaderScreen
        document: Document | None

    def _hold_typed_ahead(self, event: Key) -> bool:
        """Hold ``event`` if keys typed ahead are being held; True when it was."""
        if self._typed_ahead is None:
            return False
        event.stop()
        event.prevent_default()
        self._typed_ahead.append(event)
        return True

    def _hold_keys_after(self, event: Key) -> None:
        """Start holding the keys that follow ``event`` if its key opens a text field."""
        active = self.active_bindings.get(event.key)
        if active is None or active.binding.id not in _OPENS_A_FIELD:
            return
        if self.document is None and active.binding.id != "reader.search":
            return  # an editor waits for the whole document (the preview keeps the key)
        self._typed_ahead = []
        self.set_timer(TYPED_AHEAD_WAIT, self._release_typed_ahead)  # if it opens nothing

    def _release_typed_ahead(self) -> None:
        """Send on the keys held (to the field that has the focus now, if one opened)."""
        held, self._typed_ahead = self._typed_ahead, None
        for key in held or ():
            replay = Key(key.key, key.character)
            # From the app, as a typed key is: a key sent from this screen would stop
            # bubbling at it and never reach the app's bindings (the "/" typed
            # before the first frame opened no search).
            replay.set_sender(self.app)
            self.app.post_message(replay)
