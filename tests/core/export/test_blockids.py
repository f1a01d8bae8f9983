"""Obsidian block ids: derived from the annotation id, unique in a file, stable over time."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

from reader.export.blockids import block_ids
from tests.core.export.support import annotate, nested_document

DOC = nested_document()


def _with_id(number: int, annotation_id: str, minutes: int = 0):  # type: ignore[no-untyped-def]
    annotation = annotate(DOC, 0, number)
    return dataclasses.replace(
        annotation, id=annotation_id, created=annotation.created + timedelta(minutes=minutes)
    )


def test_block_id_is_r_and_the_first_eight_hex_characters() -> None:
    annotation = _with_id(1, "3F2A9C1B-0000-4000-8000-000000000001")
    assert block_ids([annotation]) == {annotation.id: "r-3f2a9c1b"}


def test_on_collision_the_later_annotation_gets_a_longer_id() -> None:
    older = _with_id(1, "3f2a9c1b-1111-4000-8000-000000000001", minutes=0)
    newer = _with_id(2, "3f2a9c1b-2222-4000-8000-000000000002", minutes=5)
    ids = block_ids([newer, older])
    assert ids == {older.id: "r-3f2a9c1b", newer.id: "r-3f2a9c1b2222"}
    assert block_ids([older]) == {older.id: "r-3f2a9c1b"}


def test_ids_from_other_tools_become_valid_block_ids() -> None:
    odd = _with_id(1, "x_1")
    (block,) = block_ids([odd]).values()
    assert block.startswith("r-")
    assert block[2:].isalnum()
    assert len(block) == 10


def test_a_thousand_annotations_get_distinct_ids() -> None:
    annotations = [annotate(DOC, 0, n) for n in range(1000)]
    assert len(set(block_ids(annotations).values())) == 1000
