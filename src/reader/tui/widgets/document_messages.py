"""What the document view tells: the current paragraph, the search hits or the text width changed.

Declared apart from :class:`~reader.tui.widgets.document_view.DocumentView` (which
offers them as ``DocumentView.CurrentChanged``, ``DocumentView.HitChanged`` and
``DocumentView.TextWidthChanged``);
their handlers keep the view's names (``on_document_view_hit_changed``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from reader.tui.widgets.document_view import DocumentView

__all__ = ["CurrentChanged", "HitChanged", "TextWidthChanged"]


class CurrentChanged(Message, namespace="document_view"):
    """Posted whenever :attr:`DocumentView.current` changes (keys, click, goto).

    Attributes:
        document_view: The view that changed.
        index: The new current paragraph.
    """

    def __init__(self, document_view: DocumentView, index: int) -> None:
        super().__init__()
        self.document_view = document_view
        self.index = index

    @property
    def control(self) -> DocumentView:
        """The view that changed (for ``@on(..., selector)``)."""
        return self.document_view


class HitChanged(Message, namespace="document_view"):
    """Posted when the search hits or the selected hit change (for a "3/17" display).

    Attributes:
        document_view: The view searched.
        hit_index: The selected hit, ``None`` when there are no hits.
        hit_count: How many hits there are.
    """

    def __init__(self, document_view: DocumentView, hit_index: int | None, hit_count: int):
        super().__init__()
        self.document_view = document_view
        self.hit_index = hit_index
        self.hit_count = hit_count

    @property
    def control(self) -> DocumentView:
        """The view searched."""
        return self.document_view


class TextWidthChanged(Message, namespace="document_view"):
    """The reader changed the text's maximum width with a key: the app remembers it.

    Attributes:
        document_view: The view whose width changed.
        width: The new maximum width, in cells.
    """

    def __init__(self, document_view: DocumentView, width: int) -> None:
        super().__init__()
        self.document_view = document_view
        self.width = width

    @property
    def control(self) -> DocumentView:
        """The view whose width changed."""
        return self.document_view
