"""Setting a document's reading position by its id, for positions read from elsewhere.

:meth:`AnnotationStore.set_reading_position` needs the document as read now and
stamps the current time; a position that arrives from another machine (``reader
sync``) names a document that may not be on this machine, and keeps the time it
was read there.
"""

from __future__ import annotations

from datetime import datetime

from reader.annotation import DocumentRef, utc_now
from reader.store.codec import format_time
from reader.store.store import AnnotationStore

__all__ = ["put_reading_position"]


def put_reading_position(
    store: AnnotationStore,
    document: DocumentRef,
    anchor: str | None,
    progress: float,
    last_read: datetime | None,
) -> None:
    """Set the position of a document, recording it if the store has not seen it.

    Args:
        store: The store.
        document: The document: its id in this store, and (for a document not
            recorded yet) its fingerprint, path and title.
        anchor: The anchor of the paragraph being read (``None``: never read).
        progress: How far through the document, 0 to 1 (clamped).
        last_read: When it was read there.
    """
    with store._writing():
        record = store._documents_table().get(document.id)
        if record is None:
            record = {
                "id": document.id,
                "fingerprint": document.fingerprint,
                "path": document.path,
                "title": document.title,
                "created": format_time(utc_now()),
            }
        store._write_document_record(
            {
                **record,
                "position": anchor,
                "progress": min(1.0, max(0.0, float(progress))),
                "last_read": None if last_read is None else format_time(last_read),
            }
        )
