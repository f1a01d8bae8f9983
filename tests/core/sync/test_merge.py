"""The clock orders stamps; merging is commutative, associative and idempotent."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from reader.sync.hlc import Clock, stamp_machine
from reader.sync.merge import Entity, merge_entity


def test_a_clock_behind_still_stamps_after_what_it_saw() -> None:
    ahead = Clock("a" * 16, now=lambda: 5_000)
    behind = Clock("b" * 16, now=lambda: 1_000)
    seen = ahead.tick()
    behind.observe(seen)
    later = behind.tick()
    assert later > seen
    assert stamp_machine(later) == "b" * 16


def test_a_clock_that_stands_still_counts() -> None:
    clock = Clock("c" * 16, now=lambda: 7)
    stamps = [clock.tick() for _ in range(5)]
    assert stamps == sorted(stamps)
    assert len(set(stamps)) == 5
    assert Clock("c" * 16, last=clock.last, now=lambda: 0).tick() > stamps[-1]


MACHINES = st.sampled_from(["0" * 16, "1" * 16, "2" * 16])
STAMPS = st.builds(lambda ms, m: f"{ms:013d}.00000.{m}", st.integers(0, 5), MACHINES)
ENTRY = st.tuples(STAMPS, st.integers(0, 3)).map(list)
FIELDS: st.SearchStrategy[dict[str, list[Any]]] = st.dictionaries(
    st.sampled_from(["alive", "note", "tags"]),
    st.one_of(ENTRY, st.tuples(STAMPS, st.booleans()).map(list)),
    max_size=3,
)


def _merge(*parts: Entity) -> Entity:
    merged: Entity = {}
    for part in parts:
        merged = merge_entity(merged, part)
    return merged


@given(FIELDS, FIELDS, FIELDS)
def test_merge_order_and_repetition_do_not_matter(a: Entity, b: Entity, c: Entity) -> None:
    expected = _merge(a, b, c)
    assert _merge(c, b, a) == expected
    assert _merge(b, a, c, a, b) == expected
    assert _merge(a, _merge(b, c)) == expected
