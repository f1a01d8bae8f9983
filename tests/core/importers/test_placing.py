"""Placing imported quotes: exact, across a paragraph break, fuzzy, and never on a look-alike."""

from __future__ import annotations

from pathlib import Path

import pytest

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
