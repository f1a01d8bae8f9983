"""How the store's files are laid out in the data folder.

One TinyDB file per document keeps every write small: TinyDB rewrites a whole
file on each change, so a single file holding 100,000 annotations costs over a
second per insert, while a file per document costs a few milliseconds (figures in
docs/performance.md). A small catalogue lists the documents (with their
annotation counts and tag counts, so listings never open every file), and a
sharded id index finds an annotation's document from its id alone::

    DATA/
      catalogue.json            documents, reading positions, preferences, links between copies
      works.json                each document's content sketch (derived: recognising copies)
      documents/<doc-id>.json   one document's annotations and placed anchors
      index/<xx>.json           annotation id -> document id, by the id's first 2 hex digits
      store.lock                the cross-process lock
      *.bak                     each file's previous version (kept by every write)
      backups/                  copies taken before a migration
      quarantine/               unreadable files set aside by ``reader doctor --fix``
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

__all__ = [
    "ANNOTATIONS",
    "DOCUMENTS",
    "IDS",
    "INDEX_SHARD_CHARS",
    "LINKS",
    "META",
    "META_KEY",
    "PREFERENCES",
    "SKETCHES",
    "FileKind",
    "Layout",
    "is_annotation_id",
]

META = "meta"
"""Table present in every store file; its record :data:`META_KEY` holds kind and version."""
META_KEY = "store"
DOCUMENTS = "documents"
"""Catalogue table: one record per document, keyed by document id."""
PREFERENCES = "preferences"
"""Catalogue table: one record per preference, keyed by its name."""
ANNOTATIONS = "annotations"
"""Document-file table: one record per annotation, keyed by annotation id."""
LINKS = "links"
"""Catalogue table: the user's links and unlinks between copies of a work, keyed by a
random id (records are only ever added; see :mod:`reader.store.works`)."""
SKETCHES = "sketches"
"""Works-file table: document id -> its content sketch and the fingerprint it is of."""
IDS = "ids"
"""Index-shard table: annotation id -> ``{"document": doc-id}``."""
INDEX_SHARD_CHARS = 2
"""Leading hex digits of an annotation id that pick its index shard (256 shards)."""

_HEX = frozenset("0123456789abcdef")
_ANNOTATION_ID = re.compile(r"[0-9a-f]{2}[0-9a-f-]{2,62}")
"""What an annotation id may be: hex digits and dashes (a UUID), never a path."""
_DOCUMENT_ID = re.compile(r"[0-9A-Za-z_-]{1,64}")


def is_annotation_id(value: str) -> bool:
    """Whether ``value`` can be stored as an annotation id (and so name an index shard)."""
    return _ANNOTATION_ID.fullmatch(value) is not None


class FileKind(StrEnum):
    """What a store file holds (recorded in its meta table and checked on read)."""

    CATALOGUE = "catalogue"
    DOCUMENT = "document"
    INDEX = "index"
    WORKS = "works"


@dataclass(frozen=True, slots=True)
class Layout:
    """The paths of every store file under one data folder.

    Attributes:
        root: The data folder.
    """

    root: Path

    @property
    def catalogue(self) -> Path:
        """The catalogue file."""
        return self.root / "catalogue.json"

    @property
    def works(self) -> Path:
        """The documents' content sketches (derived data, rebuilt when missing)."""
        return self.root / "works.json"

    @property
    def documents(self) -> Path:
        """The folder of per-document files."""
        return self.root / "documents"

    @property
    def index(self) -> Path:
        """The folder of id-index shards."""
        return self.root / "index"

    @property
    def lock(self) -> Path:
        """The lock file every writer takes."""
        return self.root / "store.lock"

    @property
    def backups(self) -> Path:
        """Copies of files taken before a migration."""
        return self.root / "backups"

    @property
    def quarantine(self) -> Path:
        """Unreadable files set aside by the doctor."""
        return self.root / "quarantine"

    @property
    def kept_notes(self) -> Path:
        """Notes written while the same note was changed elsewhere, kept instead of lost."""
        return self.root / "kept-notes"

    def kept_note_file(self, annotation_id: str, stamp: str, attempt: int = 0) -> Path:
        """Where a note that could not be saved over a newer one is kept
        (``attempt``: a number added when that name is taken).

        Raises:
            ValueError: ``annotation_id`` could name a path outside ``kept-notes/``.
        """
        if not is_annotation_id(annotation_id):
            raise ValueError(f"{annotation_id!r} is not an annotation id")
        suffix = f".{attempt}" if attempt else ""
        return self.kept_notes / f"{annotation_id}-{stamp}{suffix}.md"

    def document_file(self, document_id: str) -> Path:
        """The file holding one document's annotations.

        Raises:
            ValueError: ``document_id`` could name a path outside ``documents/``.
        """
        if not _DOCUMENT_ID.fullmatch(document_id):
            raise ValueError(f"{document_id!r} is not a document id")
        return self.documents / f"{document_id}.json"

    def index_file(self, annotation_id: str) -> Path:
        """The index shard an annotation id belongs to.

        Raises:
            ValueError: ``annotation_id`` is not one (see :func:`is_annotation_id`),
                so it could name a path outside ``index/``.
        """
        if not is_annotation_id(annotation_id):
            raise ValueError(f"{annotation_id!r} is not an annotation id")
        return self.index / f"{annotation_id[:INDEX_SHARD_CHARS]}.json"

    def index_files_for_prefix(self, prefix: str) -> list[Path]:
        """Every shard that may hold ids starting with ``prefix`` (a hex string)."""
        head = prefix[:INDEX_SHARD_CHARS].lower()
        if len(head) == INDEX_SHARD_CHARS:
            return [self.index / f"{head}.json"]
        return [self.index / f"{head}{digit}.json" for digit in sorted(_HEX)]

    def document_files(self) -> list[Path]:
        """Every per-document file present, sorted by name."""
        if not self.documents.is_dir():
            return []
        return sorted(self.documents.glob("*.json"))

    def index_files(self) -> list[Path]:
        """Every index shard present, sorted by name."""
        if not self.index.is_dir():
            return []
        return sorted(self.index.glob("*.json"))

    def kind_of(self, path: Path) -> FileKind:
        """Which kind of store file ``path`` is, from where it lives."""
        if path.parent == self.documents:
            return FileKind.DOCUMENT
        if path.parent == self.index:
            return FileKind.INDEX
        return FileKind.CATALOGUE

    def all_files(self) -> list[Path]:
        """The catalogue (when present), every document file and every index shard."""
        head = [self.catalogue] if self.catalogue.exists() else []
        return [*head, *self.document_files(), *self.index_files()]
