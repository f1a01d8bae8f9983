"""The reader app's widgets."""

from reader.tui.widgets.document_view import DocumentView

__all__ = ["DocumentView"]
