"""Input built to cost too much: nesting tens of thousands deep, and very long pages.

Reading must stay linear. Nothing here times the wall clock: the tests bound the
depth of what the parser is given (the parser's work per tag grows with it),
count the walker's work at two sizes, or bound CPU time very generously; and
every test checks that no text was lost on the way.
"""

from __future__ import annotations

import gc
import re
import threading
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser, LexborNode

from reader.model import MAX_DEPTH, Document, ParagraphKind
from reader.readers import epub, html, html_blocks, markdown, read_text
from reader.readers.gc_pause import gc_paused
from reader.readers.html_nesting import MAX_ELEMENT_DEPTH, bound_nesting
from tests.core.format_samples import Chapter, build_epub
from tests.hostile.costly_samples import epub_with_nested_title, nested_divs, quotes_in_lists

GENEROUS_CPU_SECONDS = 30.0
"""Far above what linear reading needs (well under a second here); quadratic reading
of the same inputs takes minutes."""


def tree_depth(root: LexborNode) -> int:
    """Deepest element under ``root``, counted without recursion."""
    deepest = 0
    stack = [(root, 0)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        child = node.child
        while child is not None:
            stack.append((child, depth + 1))
            child = child.next
    return deepest


_AROUND = 4
"""Levels besides the elements kept: ``<html>``, ``<body>``, a flattened ``<p>``, the text."""


def words(document: Document) -> list[str]:
    return " ".join(p.text for p in document.paragraphs).split()


@pytest.mark.parametrize(
    "page", [quotes_in_lists(3_000), nested_divs(6_000)], ids=["quotes-in-lists", "divs"]
)
def test_the_parser_is_never_given_deep_nesting(page: str) -> None:
    tree = html.parse(page)
    assert tree.root is not None
    assert tree_depth(tree.root) <= MAX_ELEMENT_DEPTH + _AROUND


def test_deep_quotes_and_lists_keep_every_word_and_nest_at_most_max_depth() -> None:
    levels = 3_000
    document = html.read(quotes_in_lists(levels))
    assert words(document) == [f"w{i}" for i in range(levels)]
    depths = [p.depth for p in document.paragraphs]
    assert depths[: MAX_DEPTH + 1] == list(range(MAX_DEPTH + 1))
    assert max(depths) == MAX_DEPTH
    kept = document.paragraphs[: MAX_ELEMENT_DEPTH // 3]  # three elements a level
    assert {(p.kind, p.marker) for p in kept} == {(ParagraphKind.LIST_ITEM, "•")}
    assert {p.kind for p in document.paragraphs} <= {ParagraphKind.LIST_ITEM, ParagraphKind.QUOTE}


def test_deep_divs_keep_each_text_a_paragraph_of_its_own() -> None:
    levels = 5_000
    document = html.read(nested_divs(levels))
    assert [p.text for p in document.paragraphs] == [f"d{i}" for i in range(levels)]


def _walker_steps(page: str, monkeypatch: pytest.MonkeyPatch) -> int:
    """Elements the block walker entered while reading ``page``."""
    calls = 0
    enter = html_blocks._Walker.enter

    def counting(self: html_blocks._Walker, node: LexborNode, tag: str) -> object:
        nonlocal calls
        calls += 1
        return enter(self, node, tag)

    monkeypatch.setattr(html_blocks._Walker, "enter", counting)
    html.read(page)
    monkeypatch.undo()
    return calls


def test_the_walk_grows_linearly_with_nesting(monkeypatch: pytest.MonkeyPatch) -> None:
    small = _walker_steps(quotes_in_lists(2_000), monkeypatch)
    large = _walker_steps(quotes_in_lists(4_000), monkeypatch)
    assert large <= 2 * small + 2 * MAX_ELEMENT_DEPTH


@pytest.mark.parametrize("build", [quotes_in_lists, nested_divs], ids=["quotes-in-lists", "divs"])
def test_forty_thousand_levels_read_within_a_generous_cpu_bound(build: object) -> None:
    assert callable(build)
    page = build(40_000)
    started = time.process_time()
    document = html.read(page)
    assert time.process_time() - started < GENEROUS_CPU_SECONDS
    assert len(document.paragraphs) == 40_000


def test_an_epub_title_nesting_100000_elements_is_read_once() -> None:
    levels = 100_000
    book = epub_with_nested_title(levels)
    started = time.process_time()
    document = epub.read(book)
    assert time.process_time() - started < GENEROUS_CPU_SECONDS
    assert document.metadata.title.split() == [f"t{i}" for i in range(levels)]


def test_an_epub_chapter_nesting_deeply_is_flattened_with_every_word() -> None:
    levels = 3_000
    body = "".join(f"<div><blockquote>c{i} " for i in range(levels))
    body += "</blockquote></div>" * levels
    document = epub.read(build_epub([Chapter("Deep", body)]))
    assert words(document) == [f"c{i}" for i in range(levels)]
    assert max(p.depth for p in document.paragraphs) == MAX_DEPTH


# -- the flattening itself -------------------------------------------------------------


def test_a_page_within_the_bound_is_returned_as_it_is() -> None:
    page = "<html><body>" + "<div><p>x</p></div>\n" * 5_000 + "</body></html>"
    assert bound_nesting(page) is page


@pytest.mark.parametrize(
    "page",
    [
        "<body>" + "<p>unclosed paragraph " * 2_000,
        "<body><ul>" + "<li>unclosed item " * 2_000 + "</ul>",
        "<body><dl>" + "<dt>term <dd>unclosed definition " * 1_000 + "</dl>",
        "<body><table>" + "<tr><td>cell<td>cell" * 1_000 + "</table>",
        "<body>" + "<script>if (a <div) x = '<div>';</script><!-- <div> --><p>x</p>" * 500,
        "<body><select>" + "<option>choice " * 2_000 + "</select>",
    ],
    ids=["p", "li", "dd-dt", "td", "script-and-comment", "option"],
)
def test_elements_that_close_themselves_do_not_count_as_nesting(page: str) -> None:
    assert bound_nesting(page) is page


def test_deep_formatting_is_dropped_without_splitting_the_text() -> None:
    levels = MAX_ELEMENT_DEPTH * 3
    page = "<body><p>" + "".join(f"<b>b{i} " for i in range(levels)) + "</b>" * levels + "</p>"
    document = html.read(page)
    assert [p.text for p in document.paragraphs] == [" ".join(f"b{i}" for i in range(levels))]


def test_deep_hidden_elements_stay_hidden() -> None:
    levels = MAX_ELEMENT_DEPTH + 10
    page = (
        "<body>"
        + "<div>" * levels
        + "<p>shown</p><div hidden>secret<div>inner secret</div></div><template>tpl</template>"
        + "<nav>menu</nav><p>after</p>"
        + "</div>" * levels
    )
    assert words(html.read(page)) == ["shown", "after"]


_NAMES = st.sampled_from(["div", "blockquote", "ul", "li", "section", "span", "b", "p", "pre"])


@st.composite
def nested_pages(draw: st.DrawFn) -> tuple[str, list[str]]:
    """A page nesting past the bound, and the words it shows in order."""
    names = draw(st.lists(_NAMES, min_size=MAX_ELEMENT_DEPTH + 1, max_size=MAX_ELEMENT_DEPTH * 2))
    closing = draw(st.booleans())
    shown = [f"w{i}" for i in range(len(names))]
    opening = "".join(f"<{name}>{word} " for name, word in zip(names, shown, strict=True))
    tail = "".join(f"</{name}>" for name in reversed(names)) if closing else ""
    return f"<html><body>{opening}{tail}</body></html>", shown


@given(nested_pages())
def test_flattening_keeps_every_word_in_order(case: tuple[str, list[str]]) -> None:
    page, shown = case
    flattened = bound_nesting(page)
    root = LexborHTMLParser(flattened).root
    assert root is not None
    # The parser re-opens formatting left open across blocks (<p><b><div>), which the
    # model of open elements leaves out: at most one more element per element kept.
    assert tree_depth(root) <= 2 * MAX_ELEMENT_DEPTH + _AROUND
    assert re.findall(r"w\d+", " ".join(words(html.read(page)))) == shown


# -- the collector pause ---------------------------------------------------------------


def test_reading_pauses_the_collector_and_restores_it() -> None:
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_the_collector_stays_off_if_it_was_off() -> None:
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_reads_in_several_threads_resume_the_collector_once_all_are_done() -> None:
    inside = threading.Barrier(3)
    leave = threading.Event()

    def read() -> None:
        with gc_paused():
            inside.wait()
            leave.wait()

    threads = [threading.Thread(target=read) for _ in range(2)]
    for thread in threads:
        thread.start()
    inside.wait()
    assert not gc.isenabled()
    leave.set()
    for thread in threads:
        thread.join()
    assert gc.isenabled()


def test_every_format_is_read_with_the_collector_paused(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[bool] = []
    real = markdown.read

    def spying(text: str, **options: object) -> Document:
        seen.append(gc.isenabled())
        return real(text)

    monkeypatch.setattr(markdown, "read", spying)
    read_text("# Title\n\nText.\n", format="markdown")
    assert seen == [False]
    assert gc.isenabled()


def test_markdown_quotes_nested_thousands_deep_keep_their_text_at_max_depth() -> None:
    document = markdown.read(">" * 5_000 + " deep\n")
    assert [(p.text, p.depth) for p in document.paragraphs] == [("deep", MAX_DEPTH)]


def test_json_ld_nested_past_the_decoders_depth_is_not_metadata() -> None:
    levels = 100_000
    page = (
        '<html><head><title>Plain</title><script type="application/ld+json">'
        + "[" * levels
        + "]" * levels
        + "</script></head><body><p>Text.</p></body></html>"
    )
    document = html.read(page)
    assert (document.metadata.title, [p.text for p in document.paragraphs]) == ("Plain", ["Text."])
