"""The annotation store: annotations, reading positions and preferences on disk.

TinyDB files in reader's data folder (``$READER_DATA``, ``--data-dir``, else the
platform's user data folder), written atomically under a cross-process lock.
:class:`AnnotationStore` is the whole public interface; the format on disk is
described in :mod:`reader.store.layout` and docs/store.md.
"""

from reader.store.codec import DocumentRecord, annotation_json
from reader.store.editing import KEEP
from reader.store.errors import (
    AnnotationNotFoundError,
    NoteChangedError,
    StoreBusyError,
    StoreError,
    StoreUnreadableError,
)
from reader.store.paths import default_data_dir
from reader.store.store import AnnotationStore

__all__ = [
    "KEEP",
    "AnnotationNotFoundError",
    "AnnotationStore",
    "DocumentRecord",
    "NoteChangedError",
    "StoreBusyError",
    "StoreError",
    "StoreUnreadableError",
    "annotation_json",
    "default_data_dir",
]
