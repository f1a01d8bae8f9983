"""Which rows the library shows: one per work, expandable to its copies (no Textual).

The library's documents are listed in the order chosen (a sort, a filter). Copies
of one work (:meth:`reader.store.AnnotationStore.works_among`) take one row, at the
place of the first of them in that order; expanded, their copies follow it, one
row each. A work of which the filter leaves one copy is that copy's row.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

__all__ = ["WORK_PREFIX", "LibraryRow", "library_rows"]

WORK_PREFIX = "work:"
"""Row keys of works start so (a document's row key is its path)."""


class _Listed(Protocol):
    @property
    def key(self) -> str: ...


Item = TypeVar("Item", bound=_Listed)


@dataclass(frozen=True, slots=True)
class LibraryRow(Generic[Item]):
    """One row of the library.

    Attributes:
        key: The row's key: a document's path, or :data:`WORK_PREFIX` and its first copy's.
        items: The document shown (one), or every copy of the work shown.
        kind: ``"document"``, ``"work"`` (collapsed or expanded) or ``"copy"`` (under a work).
        expanded: For a work, whether its copies are listed under it.
    """

    key: str
    items: tuple[Item, ...]
    kind: str
    expanded: bool = False


def library_rows(
    items: Sequence[Item], works: Mapping[str, str], expanded: set[str]
) -> list[LibraryRow[Item]]:
    """The rows for ``items`` (in the order shown).

    Args:
        items: The documents listed, sorted and filtered.
        works: Each document's key to its work's key (absent: a work of its own).
        expanded: The keys of the works whose copies are listed.
    """
    members: dict[str, list[Item]] = {}
    for item in items:
        members.setdefault(works.get(item.key, item.key), []).append(item)
    rows: list[LibraryRow[Item]] = []
    done: set[str] = set()
    for item in items:
        work = works.get(item.key, item.key)
        copies = members[work]
        if len(copies) == 1:
            rows.append(LibraryRow(item.key, (item,), "document"))
            continue
        if work in done:
            continue
        done.add(work)
        is_open = work in expanded
        rows.append(LibraryRow(WORK_PREFIX + work, tuple(copies), "work", is_open))
        if is_open:
            rows.extend(LibraryRow(copy.key, (copy,), "copy") for copy in copies)
    return rows
