"""Keys that must wait: typed ahead of a text field, or needing the whole document.

Keys reach the app's bindings only after passing through the widgets, so keys
typed fast after a key that opens a text field (``a``, ``t``, ``e`` open the
note editor, ``/`` the search field) are already past the screen when the field
gets the focus, and would act on the document instead. They are held from such
a key until its action has run (one place: the reader screen's ``into_field``
action, see :data:`reader.tui.keys.INTO_FIELD`), and from the start until the
screen is complete (its search field is mounted after the first frame), then
sent on in order.

While a preview shows, a key whose action needs the whole document (its
:class:`~reader.tui.keys.KeyAction` says ``waits_for_document``) is kept and its
action run once the document is read.
"""

from __future__ import annotations

from textual.app import App
from textual.binding import ActiveBinding
from textual.dom import DOMNode
from textual.events import Key

from reader.tui.keys import declared

__all__ = ["KeyHold"]


class KeyHold:
    """The keys held for a text field, and the actions waiting for the whole document.

    Holding typed keys from the start: :meth:`release` once the screen is complete.
    """

    def __init__(self) -> None:
        self._held: list[Key] | None = []
        """The keys held, in order; ``None`` when keys are not being held."""
        self._waiting: list[tuple[DOMNode, str]] = []
        """Actions of keys pressed during the preview that need the whole document."""

    def check(
        self, event: Key, active: ActiveBinding | None, *, previewing: bool, loaded: bool
    ) -> None:
        """Hold ``event`` or keep its action for later, or start holding the keys after it.

        Args:
            event: A key reaching the screen.
            active: The binding it runs, if any.
            previewing: A preview shows while the whole document is read.
            loaded: The whole document is read.
        """
        if self._held is not None:
            event.stop()
            event.prevent_default()
            self._held.append(event)
            return
        key = None if active is None else declared(active.node, active.binding.id)
        if active is None or key is None:
            return
        if previewing and key.waits_for_document:
            event.stop()
            event.prevent_default()
            self._waiting.append((active.node, active.binding.action))
        elif key.opens_a_field and (loaded or not key.waits_for_document):
            self._held = []  # until its action has run: then release()

    def release(self, app: App[object]) -> None:
        """Send on the keys held (to the field that has the focus now, if one opened)."""
        held, self._held = self._held, None
        for key in held or ():
            replay = Key(key.key, key.character)
            # From the app, as a typed key is: a key sent from the screen would stop
            # bubbling at it and never reach the app's bindings (the "/" typed
            # before the first frame opened no search).
            replay.set_sender(app)
            app.post_message(replay)

    async def run_waiting(self, app: App[object]) -> None:
        """Run the actions kept while the preview showed (the whole document is read)."""
        waiting, self._waiting = self._waiting, []
        for node, action in waiting:
            await app.run_action(action, node)
