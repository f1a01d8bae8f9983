"""Search in a whole document: literal, smart-case, hits mapped back to paragraphs."""

from __future__ import annotations

from unittest.mock import patch

from hypothesis import given
from hypothesis import strategies as st

from reader.model import ParagraphKind
from reader.readers.builder import DocumentBuilder
from reader.tui import document_search
from reader.tui.document_search import Found, SearchHits, display_text


def _hits(texts: list[str], query: str) -> list[tuple[int, int]]:
    builder = DocumentBuilder("text")
    for text in texts:
        builder.paragraph(text)
    document = builder.build()
    hits = SearchHits(document)
    hits.search(query)
    found: list[tuple[int, int]] = []
    for paragraph in range(len(document.paragraphs)):
        found.extend((paragraph, start) for start, _, _ in hits.spans_in(paragraph))
    assert len(found) == hits.count
    return found


def test_hits_are_found_in_each_paragraph_with_offsets() -> None:
    assert _hits(["a cat and a cat", "no", "cat"], "cat") == [(0, 2), (0, 12), (2, 0)]


def test_lower_case_ignores_case_and_a_capital_does_not() -> None:
    assert _hits(["Cat cat CAT"], "cat") == [(0, 0), (0, 4), (0, 8)]
    assert _hits(["Cat cat CAT"], "Cat") == [(0, 0)]


def test_queries_are_literal_never_patterns() -> None:
    assert _hits(["a.c abc [x]"], "a.c") == [(0, 0)]
    assert _hits(["a.c abc [x]"], "[x]") == [(0, 8)]


def test_hits_never_span_two_paragraphs() -> None:
    assert _hits(["end", "start"], "d s") == []
    assert _hits(["end", "start"], "end\nstart") == []


def test_many_hits_are_all_found() -> None:
    texts = ["ab " * 1500, "ab", "x"]
    found = _hits(texts, "ab")
    assert len(found) == 1501
    assert found[-1] == (1, 0)


@given(
    st.lists(st.text("ab ", min_size=1, max_size=30), min_size=1, max_size=6),
    st.text("ab", min_size=1, max_size=4),
    st.integers(min_value=1, max_value=7),
)
def test_scanning_in_chunks_finds_what_one_scan_finds(
    texts: list[str], query: str, chunk: int
) -> None:
    """A hit across a chunk boundary is found once; hits never overlap, as in str.count."""
    builder = DocumentBuilder("text")
    for text in texts:
        builder.paragraph(text)
    hits = SearchHits(builder.build())
    whole = hits.find(query)
    with patch.object(document_search, "SEARCH_CHUNK", chunk):
        chunked = hits.find(query)
    assert chunked == whole
    assert whole is not None
    assert len(whole.positions) == "\n".join(texts).count(query)


def test_find_gives_up_when_cancelled_and_shows_nothing() -> None:
    builder = DocumentBuilder("text")
    builder.paragraph("a cat")
    hits = SearchHits(builder.build())
    hits.search("a")
    asked: list[bool] = []

    def cancelled() -> bool:
        asked.append(True)
        return True

    assert hits.find("cat", cancelled) is None
    assert asked
    found = hits.find("cat")
    assert found == Found("cat", [2])
    assert hits.query == "a"  # finding alone changes nothing shown
    assert hits.count == 2
    hits.apply(found)
    assert (hits.query, hits.count, hits.selected) == ("cat", 1, None)


def test_selection_and_ranges() -> None:
    builder = DocumentBuilder("text")
    for text in ("one", "two x", "three", "four x x"):
        builder.paragraph(text)
    hits = SearchHits(builder.build())
    hits.search("x")
    assert hits.count == 3
    assert hits.first_from(2) == 1
    assert hits.first_from(0) == 0
    assert [hits.paragraph_of(i) for i in range(3)] == [1, 3, 3]
    assert hits.in_range(1, 2)
    assert not hits.in_range(2, 3)
    hits.selected = 2
    assert hits.spans_in(3) == [(5, 6, False), (7, 8, True)]
    hits.search("")
    assert hits.count == 0
    assert hits.first_from(0) == 0


def test_code_is_searched_as_shown_with_tabs_expanded() -> None:
    builder = DocumentBuilder("text")
    builder.paragraph("if x:\n\treturn y", ParagraphKind.CODE)
    document = builder.build()
    assert display_text(document.paragraphs[0]) == "if x:\n    return y"
    hits = SearchHits(document)
    hits.search("return")
    assert hits.spans_in(0) == [(10, 16, False)]


@given(
    st.lists(st.text("abAB ", min_size=1, max_size=20), min_size=1, max_size=8),
    st.text("ab", min_size=1, max_size=3),
)
def test_every_hit_is_the_query(texts: list[str], query: str) -> None:
    builder = DocumentBuilder("text")
    for text in texts:
        builder.paragraph(text)
    document = builder.build()
    hits = SearchHits(document)
    hits.search(query)
    for paragraph in document.paragraphs:
        for start, end, _ in hits.spans_in(paragraph.index):
            assert paragraph.text[start:end].lower() == query
    expected = sum(p.text.lower().count(query) for p in document.paragraphs)
    assert hits.count == expected


def test_prepared_text_is_what_a_search_finds_in() -> None:
    builder = DocumentBuilder("text")
    builder.paragraph("Alpha beta")
    builder.paragraph("if x:\n\tgamma", ParagraphKind.CODE)
    hits = SearchHits(builder.build())
    hits.prepare()
    assert hits.find("gamma") == Found("gamma", [21])  # "alpha beta\nif x:\n    gamma"
    assert hits.find("Alpha") == Found("Alpha", [0])
