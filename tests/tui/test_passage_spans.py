"""Passages, search hits and the selection laid into one paragraph's spans (no app needed)."""

from __future__ import annotations

from dataclasses import replace
from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st
from rich.style import Style

from reader.annotation import AnnotationKind, make_passage
from reader.model import Document
from reader.readers.builder import DocumentBuilder
from reader.tui.annotation_index import AnnotationIndex
from reader.tui.passage_marks import PassageMarks, paragraph_marks
from reader.tui.text_selection import TextSelection
from reader.tui.widgets.passage_spans import PassageSpans

TEXT = "Call me Ishmael. Some years ago, never mind how long precisely."
TEXT_STYLE = Style(color="white")
STYLES = {
    "passage": Style(bgcolor="yellow"),
    "passage-green": Style(bgcolor="green"),
    "passage-blue": Style(bgcolor="blue"),
    "selection": Style(reverse=True),
}


def _layered(spans: PassageSpans, hits: list[tuple[int, int, Style]]) -> list[tuple[str, Style]]:
    laid = spans.layered(0, len(TEXT), hits, TEXT_STYLE, STYLES.__getitem__)
    return [(TEXT[start:end], style) for start, end, style in laid]


def test_nothing_to_draw_gives_the_hits_themselves() -> None:
    hits = [(0, 4, Style(underline=True))]
    assert PassageSpans().layered(0, len(TEXT), hits, TEXT_STYLE, STYLES.__getitem__) is hits


def test_a_hit_shows_over_a_passage_and_the_selection_over_both() -> None:
    spans = PassageSpans()
    spans.set(0, PassageMarks(((0, 16, "green"),)))
    spans.selection = TextSelection(0, TEXT, 5, 7)  # "me"
    hit = TEXT_STYLE + Style(underline=True)
    laid = _layered(spans, [(8, 15, hit)])  # "Ishmael"
    assert laid == [
        ("Call ", TEXT_STYLE + STYLES["passage-green"]),
        ("me", TEXT_STYLE + STYLES["passage-green"] + STYLES["selection"]),
        (" ", TEXT_STYLE + STYLES["passage-green"]),
        ("Ishmael", TEXT_STYLE + STYLES["passage-green"] + hit),  # a hit's background wins
        (".", TEXT_STYLE + STYLES["passage-green"]),
    ]


def test_a_later_passage_is_drawn_over_an_earlier_one() -> None:
    spans = PassageSpans()
    spans.set(0, PassageMarks(((0, 16, "green"), (8, 40, "blue"))))
    laid = _layered(spans, [])
    assert laid[1] == ("Ishmael.", TEXT_STYLE + STYLES["passage-green"] + STYLES["passage-blue"])


def test_versions_change_only_for_the_paragraph_that_changed() -> None:
    spans = PassageSpans()
    before = (spans.key(0), spans.key(1))
    assert spans.set(0, PassageMarks(((0, 4, None),)))
    assert not spans.set(0, PassageMarks(((0, 4, None),)))  # the same: nothing to redraw
    assert spans.key(0) != before[0]
    assert spans.key(1) == before[1]
    spans.selection = TextSelection(1, TEXT, 0, 4)
    assert spans.key(1) != before[1]
    assert spans.set(0, None)
    assert spans.color(0) is None


_spans = st.lists(
    st.tuples(st.integers(0, len(TEXT)), st.integers(0, len(TEXT))).map(sorted), max_size=6
)


@given(_spans, st.tuples(st.integers(0, len(TEXT)), st.integers(0, len(TEXT))))
def test_the_spans_are_ordered_apart_and_cover_every_passage(
    passages: list[list[int]], selection: tuple[int, int]
) -> None:
    spans = PassageSpans()
    spans.set(0, PassageMarks(tuple((s, e, "green") for s, e in passages)))
    spans.selection = TextSelection(0, TEXT, *selection)
    laid = spans.layered(0, len(TEXT), [], TEXT_STYLE, STYLES.__getitem__)
    assert all(start < end for start, end, _ in laid)
    assert all(a[1] <= b[0] for a, b in pairwise(laid))
    for start, end in passages:
        for offset in range(start, end):
            assert any(s <= offset < e for s, e, _ in laid)


def _document() -> Document:
    builder = DocumentBuilder("text")
    builder.paragraph(TEXT)
    builder.paragraph("Another paragraph.")
    return builder.build()


def test_the_index_gives_each_paragraph_its_passages_and_mark_colour() -> None:
    from reader.annotation import DocumentRef, new_annotation

    document = _document()
    ref = DocumentRef("d", document.fingerprint, "", "t")
    passage = make_passage(TEXT, 0, 16)
    annotations = [
        new_annotation(document, 0, ref, kind=AnnotationKind.NOTE, note="n", passage=passage),
        new_annotation(document, 0, ref, kind=AnnotationKind.HIGHLIGHT, color="pink"),
        new_annotation(document, 1, ref, kind=AnnotationKind.BOOKMARK),
    ]
    index = AnnotationIndex(document, annotations)
    assert index.passage_marks() == {0: PassageMarks(((0, 16, None),), "pink")}
    assert index.passage_marks_at(1) is None
    recoloured = replace(annotations[0], color="blue")
    assert paragraph_marks([recoloured]) == PassageMarks(((0, 16, "blue"),), None)


def test_a_paragraphs_passages_are_listed_in_reading_order() -> None:
    from reader.annotation import DocumentRef, new_annotation

    document = _document()
    ref = DocumentRef("d", document.fingerprint, "", "t")
    later = new_annotation(document, 0, ref, passage=make_passage(TEXT, 17, 21))
    earlier = new_annotation(document, 0, ref, passage=make_passage(TEXT, 0, 4))
    whole = new_annotation(document, 0, ref, kind=AnnotationKind.HIGHLIGHT)
    index = AnnotationIndex(document, [later, whole, earlier])
    assert [a.id for a in index.annotations] == [whole.id, earlier.id, later.id]
