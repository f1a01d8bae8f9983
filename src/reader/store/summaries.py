"""Document summaries (annotation and tag counts) kept until their file changes.

The catalogue holds each document's summary, recomputed whenever its file is
written. Summarising 10,000 records takes some 25 ms, and adding one annotation
would otherwise summarise them twice; a summary is kept with the file's
signature and trusted while the file on disk is unchanged.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reader.store.codec import document_summary
from reader.store.storage import StoreFile

__all__ = ["SummaryCache"]


class SummaryCache:
    """The summary of each store file as last read or written, by path."""

    def __init__(self) -> None:
        self._summaries: dict[Path, tuple[object, dict[str, Any]]] = {}

    def known(self, file: StoreFile) -> dict[str, Any] | None:
        """The summary of ``file``'s contents as last read or written, if computed."""
        signature = file.signature
        cached = self._summaries.get(file.path)
        if signature is not None and cached is not None and cached[0] == signature:
            return cached[1]
        return None

    def of(self, file: StoreFile, records: dict[str, Any]) -> dict[str, Any]:
        """:func:`document_summary` of ``records``, the contents ``file`` last read or wrote."""
        known = self.known(file)
        if known is not None:
            return known
        summary = document_summary(records.values())
        self.keep(file, summary)
        return summary

    def keep(self, file: StoreFile, summary: dict[str, Any]) -> None:
        """Remember ``summary`` for ``file`` as it is on disk now (just written)."""
        if file.signature is not None:
            self._summaries[file.path] = (file.signature, summary)

    def drop(self, path: Path) -> None:
        """Forget the summary of ``path`` (its file left the store's cache)."""
        self._summaries.pop(path, None)
