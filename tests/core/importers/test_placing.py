"""Placing imported quotes: exact, across a paragraph break, fuzzy, and never on a look-alike."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.anchors import normalize
from reader.importers.placing import QuotePlacer
from reader.model import Document
from reader.readers import read_text
from tests.core.importers.samples import ESSAY


@pytest.fixture
def placer() -> QuotePlacer:
    return QuotePlacer(_essay())


def _essay() -> Document:
    return read_text(ESSAY, path=Path("lighthouse.md"))


def test_an_exact_phrase_goes_to_its_paragraph(placer: QuotePlacer) -> None:
    placement = placer.place("the keeper climbed its stairs every evening at dusk")
    assert (placement.index, placement.exact) == (1, True)


def test_typography_and_case_do_not_matter(placer: QuotePlacer) -> None:
    assert placer.place("“NOTHING is lost at sea,” he wrote").index == 3


def test_a_highlight_over_a_paragraph_break_goes_where_it_starts(placer: QuotePlacer) -> None:
    assert placer.place('that was not first lost ashore." The storm came in October').index == 3


def test_the_chapter_decides_between_repeated_paragraphs(placer: QuotePlacer) -> None:
    quote = "He kept a log of every ship that passed"
    assert placer.place(quote, "Chapter Two").index == 5
    assert placer.place(quote, "Chapter One").index == 2


def test_a_repeated_phrase_without_a_chapter_is_not_placed(placer: QuotePlacer) -> None:
    placement = placer.place("He kept a log of every ship that passed")
    assert placement.index is None
    assert placement.suggestion == 2
    assert placer.place("He kept a log", "Chapter Nine").index is None


def test_a_slightly_different_wording_is_placed_fuzzily(placer: QuotePlacer) -> None:
    placement = placer.place(
        "When the morning came, the sea was flat and gray, and the keeper slept until noon."
    )
    assert (placement.index, placement.exact) == (6, False)


def test_a_look_alike_is_never_chosen(placer: QuotePlacer) -> None:
    # Shares words with paragraph 6 but says something else.
    placement = placer.place(
        "When the evening came, the sky was dark and wild, and the keeper woke."
    )
    assert placement.index is None


def test_a_short_quote_is_placed_only_when_exact(placer: QuotePlacer) -> None:
    assert placer.place("black rock").index == 1
    assert placer.place("black rocks").index is None


def test_text_found_nowhere_is_not_placed(placer: QuotePlacer) -> None:
    assert placer.place("The harbour master counted the gulls twice and went home.").index is None
    assert placer.place("").index is None
    assert placer.place("   ").index is None


def test_repeated_fuzzy_candidates_are_ambiguous() -> None:
    doc = read_text(
        "First copy of the sentence about the quiet harbour at night.\n\n"
        "Other text.\n\n"
        "First copy of the sentence about the quiet harbour at night.\n",
        path=Path("twice.txt"),
    )
    placement = QuotePlacer(doc).place("First copy of the sentence about the quiet harbor at night")
    assert placement.index is None
    assert placement.suggestion in (0, 2)


_WORDS = ["keeper", "lamp", "storm", "harbour", "night", "ship", "rock", "light", "sea", "grey"]
_SENTENCES = st.lists(st.sampled_from(_WORDS), min_size=6, max_size=14).map(
    lambda words: " ".join(words).capitalize() + "."
)


@settings(max_examples=150, deadline=None)
@given(
    paragraphs=st.lists(_SENTENCES, min_size=2, max_size=12),
    data=st.data(),
)
def test_a_quote_is_placed_where_it_was_taken_or_nowhere(
    paragraphs: list[str], data: st.DataObject
) -> None:
    """Even in a text of ten repeated words, a placement is right or declined."""
    doc = read_text("\n\n".join(paragraphs) + "\n", path=Path("words.txt"))
    texts = [p.text for p in doc.paragraphs]
    source = data.draw(st.integers(0, len(texts) - 1))
    words = texts[source].split()
    start = data.draw(st.integers(0, len(words) - 5))
    quote = " ".join(words[start : data.draw(st.integers(start + 5, len(words)))])
    if data.draw(st.booleans()):  # another edition: one letter differs
        at = data.draw(st.integers(0, len(quote) - 1))
        quote = quote[:at] + ("x" if quote[at] != "x" else "y") + quote[at + 1 :]
    placement = QuotePlacer(doc).place(quote)
    if placement.index is None:
        return
    holder = normalize(texts[placement.index])
    assert placement.index == source or holder == normalize(texts[source])
