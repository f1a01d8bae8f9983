"""The id index: which document each annotation id belongs to.

Commands name an annotation by its id or a unique prefix of it (``reader rm
3f2a``) without naming its document; the index answers which document file to
open. It is sharded by the id's first characters (:meth:`Layout.index_file`), so
one write touches one small file. The store writes an entry before the
annotation it names and removes it after, so the index may name an annotation a
crash left out, never miss one: callers check the document's records.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

from reader.store.errors import AnnotationNotFoundError
from reader.store.layout import IDS, FileKind, Layout
from reader.store.storage import StoreFile, open_db

__all__ = ["MIN_ID_PREFIX", "IdIndex"]

MIN_ID_PREFIX = 4
"""Fewest leading characters of an id accepted in its place (``reader rm 3f2a``)."""

_ID_PREFIX = re.compile(r"[0-9a-f-]+")


class IdIndex:
    """The id index of one data folder, read and written through the store's files."""

    def __init__(self, layout: Layout, file: Callable[[Path, FileKind], StoreFile]) -> None:
        """Use the index shards of ``layout``.

        Args:
            layout: The data folder's layout.
            file: The store's (cached) :class:`StoreFile` for a path and kind.
        """
        self._layout = layout
        self._file = file

    def _shard(self, annotation_id: str) -> StoreFile:
        return self._file(self._layout.index_file(annotation_id), FileKind.INDEX)

    def add(self, annotation_id: str, document_id: str) -> bool:
        """Point ``annotation_id`` at its document (under the lock); whether the entry is new."""
        file = self._shard(annotation_id)
        entry = {"document": document_id}
        known = ((file.load() or {}).get(IDS) or {}).get(annotation_id)
        if known != entry:
            open_db(file, create=True).keyed(IDS).put(annotation_id, entry)
        return known is None

    def remove(self, annotation_id: str) -> None:
        """Forget ``annotation_id`` (under the lock; nothing happens when it is absent)."""
        file = self._shard(annotation_id)
        if file.load() is not None:
            open_db(file).keyed(IDS).drop(annotation_id)

    def matching(self, id_or_prefix: str) -> Iterator[tuple[str, str]]:
        """The (annotation id, document id) entries whose id starts with ``id_or_prefix``.

        Raises:
            AnnotationNotFoundError: ``id_or_prefix`` is not an id, or is shorter
                than :data:`MIN_ID_PREFIX`.
        """
        wanted = id_or_prefix.strip().lower()
        if not _ID_PREFIX.fullmatch(wanted):
            raise AnnotationNotFoundError(f"{id_or_prefix!r} is not an annotation id")
        if len(wanted) < MIN_ID_PREFIX:
            raise AnnotationNotFoundError(
                f"{id_or_prefix!r} is too short: give at least {MIN_ID_PREFIX} characters of the id"
            )
        for path in self._layout.index_files_for_prefix(wanted):
            tables = self._file(path, FileKind.INDEX).load()
            for annotation_id, entry in (tables or {}).get(IDS, {}).items():
                if annotation_id.startswith(wanted):
                    yield annotation_id, entry["document"]
