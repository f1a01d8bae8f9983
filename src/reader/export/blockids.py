"""Obsidian block ids for annotations: short, unique in a file, the same on every export.

Other notes link to an exported annotation as ``[[Title#^r-1a2b3c4d]]``; the link
breaks if the id changes when the file is exported again. The id is therefore
derived from the annotation's own id, never from its position: ``r-`` plus the
first 8 characters. On the rare collision (two ids sharing 8 characters) the
annotation created later gets a longer prefix, so adding an annotation never
renames an older one.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

from reader.annotation import Annotation

__all__ = ["block_ids"]

_SHORT = 8
_STEP = 4
_NOT_ID = re.compile(r"[^0-9a-z]")


def block_ids(annotations: Iterable[Annotation]) -> dict[str, str]:
    """Map each annotation id to its block id (``r-`` and lower-case letters and digits).

    Args:
        annotations: Every annotation written to one file.

    Returns:
        ``{annotation.id: "r-1a2b3c4d", ...}``, unique within the file.
    """
    taken: set[str] = set()
    ids: dict[str, str] = {}
    for annotation in sorted(annotations, key=lambda a: (a.created, a.id)):
        if annotation.id in ids:
            continue
        key = _key(annotation.id)
        block = _first_free(key, taken)
        taken.add(block)
        ids[annotation.id] = block
    return ids


def _key(annotation_id: str) -> str:
    key = _NOT_ID.sub("", annotation_id.lower())
    if len(key) < _SHORT:  # not a UUID (an id made by another tool): hash it
        key = hashlib.blake2b(annotation_id.encode("utf-8"), digest_size=16).hexdigest()
    return key


def _first_free(key: str, taken: set[str]) -> str:
    for length in (*range(_SHORT, len(key), _STEP), len(key)):
        block = f"r-{key[:length]}"
        if block not in taken:
            return block
    number = 2
    while f"r-{key}-{number}" in taken:
        number += 1
    return f"r-{key}-{number}"
