"""The tags of the annotations on screen, counted as annotations come and go.

The annotations pane completes its tag filter from these; keeping the counts
in memory means a change never re-reads the store.
"""

from __future__ import annotations

from collections.abc import Iterable

from reader.annotation import normalize_tag

__all__ = ["TagCounts"]


class TagCounts:
    """Tag (matched case-insensitively, shown as first seen) to how many carry it."""

    def __init__(self) -> None:
        self._counts: dict[str, tuple[str, int]] = {}

    def add(self, tags: Iterable[str]) -> bool:
        """Count one annotation's tags; True when a tag not in use before appeared."""
        appeared = False
        for tag in tags:
            key = normalize_tag(tag)
            form, count = self._counts.get(key, (tag, 0))
            self._counts[key] = (form, count + 1)
            appeared |= count == 0
        return appeared

    def remove(self, tags: Iterable[str]) -> bool:
        """Stop counting one annotation's tags; True when a tag went out of use."""
        vanished = False
        for tag in tags:
            key = normalize_tag(tag)
            entry = self._counts.get(key)
            if entry is None:
                continue
            if entry[1] <= 1:
                del self._counts[key]
                vanished = True
            else:
                self._counts[key] = (entry[0], entry[1] - 1)
        return vanished

    def forms(self) -> list[str]:
        """Every tag in use, as first seen, sorted case-insensitively."""
        return sorted((form for form, _ in self._counts.values()), key=str.casefold)
