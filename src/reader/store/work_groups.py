"""Grouping documents into works: automatic ties from sketches, links and unlinks by hand.

See :mod:`reader.store.works` for the rules; this is the union-find that applies them.
"""

from __future__ import annotations

from typing import Any

from reader.store.sketch import Sketch, same_work

__all__ = ["groups_of"]


def groups_of(
    documents: dict[str, dict[str, Any]],
    sketches: dict[str, Sketch],
    links: list[dict[str, Any]],
    only: str | None = None,
) -> list[set[str]]:
    """The works: documents joined by automatic ties and links, less what unlinks cut.

    Args:
        documents: The catalogue's documents.
        sketches: Their stored sketches.
        links: The link and unlink records, oldest first.
        only: Compare only this document's sketch with the others' (enough to find
            its work when no other document has a link: the common case, and
            O(documents) rather than O(pairs)).
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
    candidates = {k: v for k, v in sketches.items() if k in documents and k not in last_unlink}
    if only is not None and not any(r.get("action") == "link" for r in links):
        for a, b in _pairs_around(only, candidates):
            join(a, b)
    else:
        for a, b in _auto_pairs(candidates):
            join(a, b)
    groups: dict[str, set[str]] = {}
    for document_id in documents:
        groups.setdefault(root(document_id), set()).add(document_id)
    return list(groups.values())


def _pairs_around(start: str, sketches: dict[str, Sketch]) -> list[tuple[str, str]]:
    """The automatic ties of ``start``'s work: its copies, their copies, and so on."""
    pairs: list[tuple[str, str]] = []
    seen = {start}
    frontier = [start] if start in sketches else []
    while frontier:
        current = frontier.pop()
        mine = sketches[current]
        for other, sketch in sketches.items():
            if other not in seen and same_work(mine, sketch):
                seen.add(other)
                pairs.append((current, other))
                frontier.append(other)
    return pairs


def _auto_pairs(sketches: dict[str, Sketch]) -> list[tuple[str, str]]:
    """Every pair of documents whose sketches make them copies.

    Only pairs sharing a hash are compared (an inverted index of the sketches):
    copies share many, unrelated documents almost none.
    """
    holders: dict[int, list[str]] = {}
    for document_id, sketch in sketches.items():
        for value in sketch.hashes:
            holders.setdefault(value, []).append(document_id)
    pairs: set[tuple[str, str]] = set()
    for ids in holders.values():
        if len(ids) < 2:
            continue
        for i, a in enumerate(ids):
            for b in ids[i + 1 :]:
                pairs.add((a, b) if a < b else (b, a))
    return [(a, b) for a, b in sorted(pairs) if same_work(sketches[a], sketches[b])]
