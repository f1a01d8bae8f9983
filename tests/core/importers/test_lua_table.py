"""The Lua table reader: KOReader's sidecars as data, never as code."""

from __future__ import annotations

import contextlib
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.importers.lua_table import (
    MAX_DEPTH,
    LuaTableError,
    LuaValue,
    parse_lua_table,
)
from tests.core.importers.samples import KOREADER_SIDECAR, lua_literal


def test_reads_a_real_shaped_sidecar() -> None:
    table = parse_lua_table(KOREADER_SIDECAR)
    annotations = table["annotations"]
    assert isinstance(annotations, dict)
    first = annotations[1]
    assert isinstance(first, dict)
    assert first["text"] == "lighthouse stood on a spit of black rock"
    assert first["pageno"] == 3
    second = annotations[2]
    assert isinstance(second, dict)
    assert second["note"] == "Three nights!\nAnd the lamp café never out."
    assert table["percent_finished"] == pytest.approx(0.83333333333333)
    props = table["doc_props"]
    assert isinstance(props, dict)
    assert props["title"] == "The Lighthouse Keeper"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('return { "a", "b", [5] = "e" }', {1: "a", 2: "b", 5: "e"}),
        (
            "return { x = 1, y = -2.5, z = 1e3, h = 0x1F }",
            {"x": 1, "y": -2.5, "z": 1000.0, "h": 31},
        ),
        ("return { t = true, f = false, n = nil, 'kept' }", {"t": True, "f": False, 1: "kept"}),
        ("return { [true] = 1, [2.5] = 2 }", {True: 1, 2.5: 2}),
        ("{ a = { b = { c = {} } } }", {"a": {"b": {"c": {}}}}),
        (
            'return { s = "tab\\tquote\\"back\\\\slash\\x41\\65\\u{e9}" }',
            {"s": 'tab\tquote"back\\slashAAé'},
        ),
        ("return { s = 'single \\'quoted\\'' }", {"s": "single 'quoted'"}),
        (
            "return { s = [[long\nstring]], t = [==[with ]] inside]==] }",
            {"s": "long\nstring", "t": "with ]] inside"},
        ),
        ('return { s = "a\\z\n    b" }', {"s": "ab"}),
        (
            "-- comment\n--[[ long\ncomment ]] return { -- trailing\n a = 1; b = 2, }",
            {"a": 1, "b": 2},
        ),
        ("\ufeffreturn {}", {}),
        ("return { inf = math.huge, ninf = -math.huge }", {"inf": math.inf, "ninf": -math.inf}),
        ('return {\n\t["a"] = inf,\n\t["b"] = -inf\n}', {"a": math.inf, "b": -math.inf}),
        ("return { [1] = nil --[[ FUNCTION ]], [2] = nil --[[ LOOP:\n\t^------- ]] }", {}),
    ],
)
def test_reads_every_literal_form(source: str, expected: dict[object, LuaValue]) -> None:
    assert parse_lua_table(source) == expected


@pytest.mark.parametrize(
    "source",
    [
        "",
        "return",
        "return 1",
        'return { a = os.execute("rm -rf /") }',
        "return { a = 1 + 2 }",
        "return { a = function() end }",
        "return { a = b }",
        "return { [{}] = 1 }",
        "return { [nil] = 1 }",
        "return { a = 1 } trailing",
        'return { a = "unterminated }',
        'return { a = "line\nbreak" }',
        'return { a = "\\q" }',
        'return { a = "\\300" }',
        "return { a = [[never closed }",
        "--[[ never closed",
        "return { a = 1 b = 2 }",
        "return { a = 12abc }",
        "return { a = 0x }",
        "return {" * (MAX_DEPTH + 1) + "}" * (MAX_DEPTH + 1),
    ],
)
def test_anything_else_is_an_error_of_its_own(source: str) -> None:
    with pytest.raises(LuaTableError):
        parse_lua_table(source)


def test_not_a_number_as_luajit_writes_it() -> None:
    value = parse_lua_table("return { x = nan, y = -nan }")
    assert all(math.isnan(v) for v in value.values() if isinstance(v, float))
    assert len(value) == 2
    with pytest.raises(LuaTableError):
        parse_lua_table("return { [nan] = 1 }")


def test_deep_nesting_is_refused_before_it_costs_anything() -> None:
    with pytest.raises(LuaTableError, match="nested"):
        parse_lua_table("return " + "{" * 100_000)


def test_many_unterminated_comments_fail_fast() -> None:
    # Each "--[[" would scan the rest of the file if the reader backtracked.
    with pytest.raises(LuaTableError, match="unterminated comment"):
        parse_lua_table("--[[\n" * 200_000)


_TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=20)
_KEYS = st.one_of(_TEXT, st.integers(-5, 50))
_VALUES = st.recursive(
    st.one_of(
        _TEXT,
        st.integers(-(10**12), 10**12),
        st.floats(allow_nan=False, allow_infinity=False, width=32),
        st.booleans(),
    ),
    lambda children: st.dictionaries(_KEYS, children, max_size=4),
    max_leaves=20,
)


@given(st.dictionaries(_KEYS, _VALUES, max_size=6))
def test_what_dump_writes_reads_back(table: dict[object, LuaValue]) -> None:
    text = "-- we can read Lua syntax here!\nreturn " + lua_literal(table) + "\n"  # type: ignore[arg-type]
    assert parse_lua_table(text.encode("utf-8")) == table


@given(st.binary(max_size=300))
def test_arbitrary_bytes_raise_only_its_own_error(data: bytes) -> None:
    try:
        result = parse_lua_table(data)
    except LuaTableError:
        return
    assert isinstance(result, dict)


_TOKENS = st.sampled_from(
    ["return", "{", "}", "[", "]", "=", ",", ";", '"', "'", "\\", "[[", "]]", "--", "--[[",
     "\n", " ", "1", "-", "0x", ".5", "e9", "true", "nil", "math.huge", "a", "\\ddd", "\\300",
     "\\u{", "\\x4", "\\z", "\u00e9", "\x00"]
)  # fmt: skip


@given(st.lists(_TOKENS, max_size=60))
def test_arbitrary_token_soup_raises_only_its_own_error(tokens: list[str]) -> None:
    with contextlib.suppress(LuaTableError):
        parse_lua_table("".join(tokens))
