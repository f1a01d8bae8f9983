"""The annotation index: placing, ordering, marks and tags kept right change by change."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.annotation import (
    KINDS,
    AnchorStatus,
    Annotation,
    AnnotationKind,
    DocumentRef,
    clean_tags,
    new_annotation,
)
from reader.model import Document
from reader.readers.builder import DocumentBuilder
from reader.tui.annotation_index import AnnotationIndex, annotation_order, strongest

REF = DocumentRef("doc-id", "fingerprint", "book.txt", "A Book")
START = datetime(2024, 1, 1, tzinfo=UTC)


def _document(paragraphs: int = 6) -> Document:
    builder = DocumentBuilder("text")
    builder.heading("One", 1)
    for n in range(paragraphs):
        builder.paragraph(f"Paragraph {n} says something of its own about topic {n}.")
    return builder.build()


DOCUMENT = _document()


def _note(
    index: int | None,
    *,
    kind: AnnotationKind = AnnotationKind.NOTE,
    tags: tuple[str, ...] = (),
    minute: int = 0,
    number: int = 0,
) -> Annotation:
    """An annotation on paragraph ``index`` (``None``: an orphan)."""
    annotation = new_annotation(DOCUMENT, index or 0, REF, kind=kind, tags=tags, id=f"id-{number}")
    created = START + timedelta(minutes=minute)
    annotation = replace(annotation, created=created, updated=created)
    if index is None:
        return replace(annotation, anchor="gone", status=AnchorStatus.ORPHANED)
    return annotation


def _expected_marks(index: AnnotationIndex) -> dict[int, AnnotationKind]:
    marks: dict[int, list[AnnotationKind]] = {}
    for annotation in index.annotations:
        position = index.position(annotation.id)
        if position is not None:
            marks.setdefault(position, []).append(annotation.kind)
    order = list(KINDS)
    return {p: min(kinds, key=order.index) for p, kinds in marks.items()}


def _check(index: AnnotationIndex) -> None:
    """Everything the index keeps agrees with its list of annotations."""
    keys = [annotation_order(a, index.position(a.id)) for a in index.annotations]
    assert keys == sorted(keys)
    assert dict(index.marks) == _expected_marks(index)
    placed = sorted(p for a in index.annotations if (p := index.position(a.id)) is not None)
    assert sorted(index.placed()) == placed
    for annotation in index.annotations:
        assert index.shown(annotation.id) is annotation
        position = index.position(annotation.id)
        if position is not None:
            assert annotation in index.at(position)
    forms = {t.casefold() for a in index.annotations for t in a.tags}
    assert {t.casefold() for t in index.tags()} == forms


def test_annotations_are_placed_in_list_order_orphans_last() -> None:
    late = _note(2, minute=5, number=1)
    early = _note(2, minute=1, number=2)
    first = _note(0, number=3)
    orphan = _note(None, number=4)
    index = AnnotationIndex(DOCUMENT, [orphan, late, early, first])
    assert [a.id for a in index.annotations] == ["id-3", "id-2", "id-1", "id-4"]
    assert index.position("id-4") is None
    assert index.position("id-2") == DOCUMENT.paragraphs[2].index
    assert index.ref == REF
    _check(index)


def test_a_paragraph_shows_its_strongest_kind() -> None:
    bookmark = _note(1, kind=AnnotationKind.BOOKMARK, number=1)
    highlight = _note(1, kind=AnnotationKind.HIGHLIGHT, number=2)
    index = AnnotationIndex(DOCUMENT, [bookmark])
    assert index.marks == {1: AnnotationKind.BOOKMARK}
    change = index.add(highlight)
    assert (change.position, change.count, change.mark) == (1, 1, AnnotationKind.HIGHLIGHT)
    removed = index.remove(highlight.id)
    assert removed is not None
    assert removed.mark is AnnotationKind.BOOKMARK
    removed = index.remove(bookmark.id)
    assert removed is not None
    assert (removed.mark, removed.count) == (None, -1)
    assert index.marks == {}
    assert strongest([bookmark, highlight]) is AnnotationKind.HIGHLIGHT


def test_replacing_says_whether_the_mark_and_the_tags_changed() -> None:
    note = _note(3, tags=("a",), number=1)
    index = AnnotationIndex(DOCUMENT, [note])
    assert index.replace(note) is None  # nothing changed
    same_tags = replace(note, note="more words")
    change = index.replace(same_tags)
    assert change is not None
    assert not change.mark_changed
    assert not change.tags_changed
    change = index.replace(replace(same_tags, tags=("b",), kind=AnnotationKind.BOOKMARK))
    assert change is not None
    assert change.mark_changed
    assert change.tags_changed
    assert index.tags() == ["b"]
    assert index.remove("no-such-id") is None
    _check(index)


def test_a_new_annotation_cleans_its_tags_as_the_store_does() -> None:
    annotation = new_annotation(DOCUMENT, 2, REF, tags=["policy", " ", "Policy", "China"])
    assert annotation.tags == ("policy", "China") == clean_tags(["policy", "", "POLICY", "China"])
    assert annotation.anchor == DOCUMENT.paragraphs[2].anchor
    assert annotation.selector.quote == DOCUMENT.paragraphs[2].text


_change = st.tuples(
    st.sampled_from(["add", "replace", "remove"]),
    st.one_of(st.none(), st.integers(0, len(DOCUMENT.paragraphs) - 1)),
    st.sampled_from(list(AnnotationKind)),
    st.lists(st.sampled_from(["a", "A", "b", "c/d"]), max_size=3).map(tuple),
    st.integers(0, 5),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(_change, max_size=25))
def test_any_series_of_changes_keeps_the_index_consistent(
    changes: list[tuple[str, int | None, AnnotationKind, tuple[str, ...], int]],
) -> None:
    index = AnnotationIndex(DOCUMENT, [])
    for number, (what, position, kind, tags, minute) in enumerate(changes):
        held = list(index.annotations)
        if what == "add" or not held:
            note = _note(position, kind=kind, tags=tags, minute=minute, number=number)
            index.add(note)
        elif what == "replace":
            target = held[number % len(held)]
            index.replace(replace(target, kind=kind, tags=tags, note=f"edit {number}"))
        else:
            index.remove(held[number % len(held)].id)
        _check(index)
    assert len(index) == len(index.annotations)


def test_the_index_loads_no_textual() -> None:
    """The bookkeeping is plain Python: testable, and usable without a terminal."""
    code = "import sys, reader.tui.annotation_index; sys.exit('textual' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0
