"""The library's rows: one per work, its copies under it when expanded (no Textual)."""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import given
from hypothesis import strategies as st

from reader.tui.library_rows import WORK_PREFIX, library_rows


@dataclass(frozen=True)
class Item:
    key: str


def test_a_work_is_one_row_at_its_first_copy_and_lists_its_copies_when_expanded() -> None:
    items = [Item("a"), Item("b"), Item("c"), Item("d")]
    works = {"a": "a", "c": "a", "b": "b"}
    rows = library_rows(items, works, set())
    assert [(r.key, r.kind) for r in rows] == [
        (WORK_PREFIX + "a", "work"),
        ("b", "document"),
        ("d", "document"),
    ]
    assert rows[0].items == (Item("a"), Item("c"))
    rows = library_rows(items, works, {"a"})
    assert [(r.key, r.kind) for r in rows] == [
        (WORK_PREFIX + "a", "work"),
        ("a", "copy"),
        ("c", "copy"),
        ("b", "document"),
        ("d", "document"),
    ]


def test_a_work_the_filter_leaves_one_copy_of_is_that_copy_s_row() -> None:
    rows = library_rows([Item("c")], {"a": "a", "c": "a"}, {"a"})
    assert [(r.key, r.kind) for r in rows] == [("c", "document")]


@given(st.lists(st.integers(0, 5), min_size=0, max_size=12))
def test_every_document_shows_once_when_every_work_is_expanded(groups: list[int]) -> None:
    items = [Item(str(n)) for n in range(len(groups))]
    heads = {g: str(groups.index(g)) for g in groups}
    works = {str(n): heads[g] for n, g in enumerate(groups)}
    rows = library_rows(items, works, {heads[g] for g in groups})
    shown = [r.items[0].key for r in rows if r.kind != "work"]
    assert sorted(shown) == sorted(i.key for i in items)
    collapsed = library_rows(items, works, set())
    assert len(collapsed) == len(set(groups))
