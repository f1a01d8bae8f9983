"""Grouping documents into works: automatic ties, links and unlinks by hand.

See :mod:`reader.store.works` for the rules; this is the union-find that applies
them, and the search for the automatic ties of a new sketch.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from reader.store.sketch import Sketch, same_work

__all__ = ["SketchIndex", "auto_ties", "groups_of"]


def groups_of(
    documents: Iterable[str],
    ties: Iterable[tuple[str, str]],
    links: list[dict[str, Any]],
) -> list[set[str]]:
    """The works: documents joined by automatic ties and links, less what unlinks cut.

    Args:
        documents: The documents' ids.
        ties: Pairs of documents whose sketches make them copies.
        links: The link and unlink records, oldest first. An unlink of a document
            cuts its every automatic tie, and its links made before it.
    """
    last_unlink: dict[str, int] = {}
    for position, record in enumerate(links):
        if record.get("action") == "unlink":
            last_unlink[record["document"]] = position
    parent = {document_id: document_id for document_id in documents}

    def root(node: str) -> str:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    def join(a: str, b: str) -> None:
        if a in parent and b in parent:
            parent[root(a)] = root(b)

    for position, record in enumerate(links):
        a, b = record["document"], record.get("other")
        if (
            record.get("action") == "link"
            and isinstance(b, str)
            and position > last_unlink.get(a, -1)
            and position > last_unlink.get(b, -1)
        ):
            join(a, b)
    for a, b in ties:
        if a not in last_unlink and b not in last_unlink:
            join(a, b)
    groups: dict[str, set[str]] = {}
    for document_id in parent:
        groups.setdefault(root(document_id), set()).add(document_id)
    return list(groups.values())


class SketchIndex:
    """Which documents' sketches hold which hash: the candidates a new sketch is compared with.

    Copies share many of their sketches' hashes, unrelated documents almost none,
    so a new sketch is compared in full only with those sharing one.
    """

    def __init__(self, sketches: Mapping[str, Sketch]) -> None:
        self.sketches = dict(sketches)
        self._holders: dict[int, list[str]] = {}
        for document_id, sketch in self.sketches.items():
            self._index(document_id, sketch)

    def _index(self, document_id: str, sketch: Sketch) -> None:
        holders = self._holders
        for value in sketch.hashes:
            entry = holders.get(value)
            if entry is None:
                holders[value] = [document_id]
            else:
                entry.append(document_id)

    def put(self, document_id: str, sketch: Sketch) -> None:
        """Hold ``sketch`` as ``document_id``'s (a new version of it replaces the old)."""
        old = self.sketches.get(document_id)
        if old is not None:
            for value in old.hashes:
                entry = self._holders.get(value)
                if entry is not None and document_id in entry:
                    entry.remove(document_id)
        self.sketches[document_id] = sketch
        self._index(document_id, sketch)

    def copies_of(self, sketch: Sketch, *, besides: str = "") -> list[str]:
        """The documents whose sketches make them copies of ``sketch``'s document."""
        candidates = {d for value in sketch.hashes for d in self._holders.get(value, ())}
        candidates.discard(besides)
        return sorted(d for d in candidates if same_work(sketch, self.sketches[d]))


def auto_ties(sketches: Mapping[str, Sketch]) -> list[tuple[str, str]]:
    """Every pair of documents whose sketches make them copies (for documents never recorded)."""
    index = SketchIndex(sketches)
    pairs = set()
    for document_id, sketch in sketches.items():
        for other in index.copies_of(sketch, besides=document_id):
            pairs.add((document_id, other) if document_id < other else (other, document_id))
    return sorted(pairs)
