"""Passages and colours in the store: kept, read back, changed, and absent from old records."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.annotation import (
    COLORS,
    PASSAGE_CONTEXT,
    AnnotationKind,
    Passage,
    find_quote,
    make_passage,
)
from reader.store import AnnotationStore
from reader.store.editing import KEEP
from tests.core.store.conftest import PARAGRAPHS, MakeDocument


def _rewrite(store: AnnotationStore, document_id: str, *drop: str) -> None:
    """Remove fields from every record on disk, as a reader from before them wrote it."""
    path = store.layout.document_file(document_id)
    tables = json.loads(path.read_bytes())
    for record in tables["annotations"].values():
        for key in drop:
            record.pop(key, None)
    path.write_text(json.dumps(tables), encoding="utf-8")


def test_the_colours_are_the_epub_annotations_drafts_six() -> None:
    assert COLORS == ("yellow", "green", "blue", "pink", "orange", "purple")


@given(st.text(min_size=1, max_size=200), st.data())
def test_make_passage_keeps_the_span_and_its_context(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    passage = make_passage(text, start, end)
    assert passage.exact == text[start:end]
    assert text.endswith(
        passage.prefix + passage.exact + passage.suffix, 0, end + len(passage.suffix)
    )
    assert len(passage.prefix) == min(start, PASSAGE_CONTEXT)
    assert len(passage.suffix) == min(len(text) - end, PASSAGE_CONTEXT)


@pytest.mark.parametrize(("start", "end"), [(3, 3), (4, 2), (-1, 2), (0, 99)])
def test_make_passage_refuses_an_empty_or_outside_span(start: int, end: int) -> None:
    with pytest.raises(ValueError, match="not inside"):
        make_passage("some text", start, end)


def test_find_quote_finds_the_words_loosely_but_not_others() -> None:
    text = "It\u2019s the  first\nline, and THE second one."
    assert find_quote(text, "the  first") == make_passage(text, 5, 15)
    assert find_quote(text, "the first line") == make_passage(text, 5, 20)
    assert find_quote(text, "It's") == make_passage(text, 0, 4)
    assert find_quote(text, "  the second ") == make_passage(text, 26, 36)
    assert find_quote(text, "the third") is None
    assert find_quote(text, "   ") is None


def test_add_keeps_a_passage_and_colour(
    store: AnnotationStore, make_document: MakeDocument
) -> None:
    doc = make_document()
    passage = make_passage(doc.paragraphs[2].text, 17, 24)
    added = store.add(doc, 2, kind=AnnotationKind.HIGHLIGHT, passage=passage, color="green")
    assert (added.passage, added.color, added.lost_passage) == (passage, "green", None)
    reopened = AnnotationStore.open(store.data_dir)
    assert reopened.get(added.id) == added
    assert reopened.attach(doc) == [added]


def test_add_refuses_a_passage_of_other_text_and_an_unknown_colour(
    store: AnnotationStore, make_document: MakeDocument
) -> None:
    doc = make_document()
    elsewhere = make_passage(doc.paragraphs[1].text, 17, 30)
    with pytest.raises(ValueError, match="is not at"):
        store.add(doc, 2, passage=elsewhere)
    with pytest.raises(ValueError, match="unknown colour 'teal'"):
        store.add(doc, 2, color="teal")
    assert not store.data_dir.exists() or store.annotations() == []


def test_update_sets_clears_and_keeps_passage_and_colour(
    store: AnnotationStore, make_document: MakeDocument
) -> None:
    doc = make_document()
    added = store.add(doc, 0, note="n")
    passage = make_passage(doc.paragraphs[0].text, 0, 9)
    changed = store.update(added.id, passage=passage, color="pink")
    assert (changed.passage, changed.color, changed.note) == (passage, "pink", "n")
    kept = store.update(added.id, note="m")
    assert (kept.passage, kept.color) == (passage, "pink")
    assert store.update(added.id, passage=KEEP, color=None).color is None
    whole = store.update(added.id, passage=None)
    assert (whole.passage, whole.color) == (None, None)
    with pytest.raises(ValueError, match="unknown colour"):
        store.update(added.id, color="mauve")


def test_an_unchanged_passage_writes_nothing(
    store: AnnotationStore, make_document: MakeDocument
) -> None:
    doc = make_document()
    passage = make_passage(doc.paragraphs[0].text, 0, 9)
    added = store.add(doc, 0, passage=passage, color="blue")
    assert store.update(added.id, passage=passage, color="blue").updated == added.updated


def test_records_from_before_passages_read_as_whole_paragraphs_without_colour(
    store: AnnotationStore, make_document: MakeDocument
) -> None:
    doc = make_document()
    passage = make_passage(doc.paragraphs[3].text, 5, 12)
    added = store.add(doc, 3, passage=passage, color="orange")
    _rewrite(store, added.document.id, "passage", "color", "lost_passage")
    old = AnnotationStore.open(store.data_dir).get(added.id)
    assert (old.passage, old.color, old.lost_passage) == (None, None, None)
    assert old.anchor == added.anchor


def test_a_colour_this_reader_does_not_know_reads_as_none(
    store: AnnotationStore, make_document: MakeDocument, data_dir: Path
) -> None:
    added = store.add(make_document(), 3, color="yellow")
    path = store.layout.document_file(added.document.id)
    tables = json.loads(path.read_bytes())
    tables["annotations"][added.id]["color"] = "ultraviolet"
    path.write_text(json.dumps(tables), encoding="utf-8")
    assert AnnotationStore.open(data_dir).get(added.id).color is None


def test_a_damaged_passage_makes_the_file_unreadable(
    store: AnnotationStore, make_document: MakeDocument
) -> None:
    from reader.store import StoreUnreadableError

    added = store.add(make_document(), 3, passage=make_passage(PARAGRAPHS[3], 0, 4))
    path = store.layout.document_file(added.document.id)
    tables = json.loads(path.read_bytes())
    tables["annotations"][added.id]["passage"]["end"] = 2
    path.write_text(json.dumps(tables), encoding="utf-8")
    with pytest.raises(StoreUnreadableError, match="damaged annotation"):
        AnnotationStore.open(store.data_dir).annotations()


def test_passage_is_a_frozen_value() -> None:
    passage = Passage(0, 1, "a")
    with pytest.raises(AttributeError):
        passage.start = 2  # type: ignore[misc]


def test_a_passage_follows_its_paragraph_through_an_edit(
    store: AnnotationStore, make_document: MakeDocument
) -> None:
    doc = make_document()
    text = doc.paragraphs[4].text
    start = text.index("deserts")
    added = store.add(doc, 4, passage=make_passage(text, start, start + len("deserts")))
    edited_text = "Somewhat later, " + text.replace("at some length", "at great length")
    edited = make_document([*PARAGRAPHS[:4], edited_text, *PARAGRAPHS[5:]])
    [placed] = store.attach(edited)
    assert placed.passage is not None
    assert placed.lost_passage is None
    assert placed.passage.exact == "deserts"
    assert edited_text[placed.passage.start : placed.passage.end] == "deserts"
    assert AnnotationStore.open(store.data_dir).get(added.id).passage == placed.passage


def test_a_passage_whose_words_are_cut_is_lost_then_found_when_they_return(
    store: AnnotationStore, make_document: MakeDocument
) -> None:
    doc = make_document()
    text = doc.paragraphs[4].text
    start = text.index("deserts")
    passage = make_passage(text, start, start + len("deserts"))
    store.add(doc, 4, passage=passage, color="blue")
    cut = text.replace("talks about deserts ", "")
    [placed] = store.attach(make_document([*PARAGRAPHS[:4], cut, *PARAGRAPHS[5:]]))
    assert placed.passage is None
    assert placed.lost_passage == passage
    assert placed.color == "blue"
    [back] = store.attach(make_document())
    assert (back.passage, back.lost_passage) == (passage, None)


def test_an_orphan_keeps_its_passage(store: AnnotationStore, make_document: MakeDocument) -> None:
    doc = make_document()
    passage = make_passage(doc.paragraphs[4].text, 0, 9)
    store.add(doc, 4, passage=passage)
    [orphan] = store.attach(make_document([*PARAGRAPHS[:4], *PARAGRAPHS[5:]]))
    assert orphan.status.value == "orphaned"
    assert (orphan.passage, orphan.lost_passage) == (passage, None)


def test_a_passage_written_off_its_words_is_placed_again_on_the_unchanged_document(
    store: AnnotationStore, make_document: MakeDocument
) -> None:
    doc = make_document()
    text = doc.paragraphs[4].text
    start = text.index("deserts")
    added = store.add(doc, 4, passage=make_passage(text, start, start + len("deserts")))
    path = store.layout.document_file(added.document.id)
    tables = json.loads(path.read_bytes())
    tables["annotations"][added.id]["passage"].update(start=0, end=7)  # as another reader left it
    path.write_text(json.dumps(tables), encoding="utf-8")
    [placed] = AnnotationStore.open(store.data_dir).attach(doc)
    assert placed.passage == added.passage


def test_a_passage_moves_with_an_annotation_attached_to_another_paragraph(
    store: AnnotationStore, make_document: MakeDocument
) -> None:
    doc = make_document()
    text = doc.paragraphs[4].text
    at = text.index("some length")
    passage = make_passage(text, at, at + len("some length"))
    added = store.add(doc, 4, passage=passage)
    onto = store.attach_to_paragraph(doc, added.id, 6)  # "... at some length, ..." too
    other = doc.paragraphs[6].text
    assert onto.passage is not None
    assert other[onto.passage.start : onto.passage.end] == "some length"
    assert AnnotationStore.open(store.data_dir).get(added.id).passage == onto.passage

    elsewhere = make_document(["A paragraph with none of those words.", *PARAGRAPHS[1:]])
    lost = store.attach_to_paragraph(elsewhere, added.id, 0)
    assert (lost.passage, lost.lost_passage) == (None, onto.passage)
