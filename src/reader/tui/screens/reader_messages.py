"""What the reader screen tells the app: the document could not be opened.

Declared apart from :class:`~reader.tui.screens.reader.ReaderScreen` (which offers
it as ``ReaderScreen.LoadFailed``); its handler keeps the screen's name
(``on_reader_screen_load_failed``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

from reader.errors import ReaderError

if TYPE_CHECKING:
    from reader.tui.screens.reader import ReaderScreen

__all__ = ["LoadFailed"]


class LoadFailed(Message, namespace="reader_screen"):
    """The document could not be read or its annotations not loaded.

    Attributes:
        screen: The screen that could not open its document.
        error: Why.
    """

    def __init__(self, screen: ReaderScreen, error: ReaderError) -> None:
        self.screen = screen
        self.error = error
        super().__init__()
