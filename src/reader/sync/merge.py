"""Merging changes: field-level last-writer-wins, deterministic and commutative.

The synced state is a map of entities (``a:<annotation id>``, ``d:<document key>``)
to fields, each field holding ``[stamp, value]``. Merging keeps, per field, the entry
with the greatest stamp (:mod:`reader.sync.hlc`; the machine id breaks ties). The
field ``alive`` says whether the entity exists: a delete writes ``alive = false``
(a tombstone), an add (or re-add) writes ``alive = true`` and every field with one
stamp. After a merge an entity keeps only the entries stamped at or after its
``alive`` entry: older ones were replaced by the (re-)add or died with the delete.
That rule depends only on the greatest entries, so merging in any order, any number
of times, gives the same state.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import orjson

__all__ = ["ALIVE", "Entity", "State", "is_visible", "merge_entity", "normalized", "values"]

ALIVE = "alive"

Entity = dict[str, list[Any]]
"""Field name -> ``[stamp, value]``."""

State = dict[str, Entity]
"""Entity key -> its fields."""


def normalized(entity: Entity) -> Entity:
    """``entity`` without the entries its ``alive`` entry makes obsolete."""
    alive = entity.get(ALIVE)
    if alive is None:
        return entity
    since = alive[0]
    return {name: entry for name, entry in entity.items() if entry[0] >= since}


def merge_entity(ours: Entity | None, theirs: Mapping[str, list[Any]]) -> Entity:
    """``ours`` joined with ``theirs``: per field, the entry with the greater stamp."""
    merged: Entity = dict(ours) if ours else {}
    for name, entry in theirs.items():
        known = merged.get(name)
        if known is None or entry[0] > known[0] or (entry[0] == known[0] and _after(entry, known)):
            merged[name] = entry
    return normalized(merged)


def _after(entry: list[Any], known: list[Any]) -> bool:
    """Two values under one stamp (only a damaged or hand-edited file has them): the
    greater by their JSON wins, so that the choice does not depend on the order."""
    option = orjson.OPT_SORT_KEYS
    return orjson.dumps(entry[1], option=option) > orjson.dumps(known[1], option=option)


def is_visible(entity: Entity) -> bool:
    """Whether the entity exists (its latest ``alive`` entry is true)."""
    alive = entity.get(ALIVE)
    return alive is not None and alive[1] is True


def values(entity: Entity) -> dict[str, Any]:
    """The entity's field values (without stamps or ``alive``)."""
    return {name: entry[1] for name, entry in entity.items() if name != ALIVE}
