"""Choosing a note's place by hand, and what a new version did to the notes, told once.

The documents are the sample essay (clean text) with real edits: its third
paragraph cut in half with a sentence added orphans the note on it, with the
edited paragraph as the suggestion; a word changed moves a note.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.anchors import text_digest
from reader.annotation import AnchorStatus, Annotation
from reader.model import Document
from reader.readers import load_document
from reader.store import AnnotationNotFoundError, AnnotationStore
from reader.store.reattaching import (
    NoSuchParagraphError,
    NothingToAcceptError,
    WrongDocumentError,
)
from tests.conftest import CLEAN_SAMPLE

CUT = " And that is the end of it, we think."


@pytest.fixture
def essay(tmp_path: Path) -> Path:
    """A copy of the clean essay, to edit."""
    path = tmp_path / "essay.txt"
    shutil.copy(CLEAN_SAMPLE, path)
    return path


def _edit(path: Path, old: str, new: str) -> Document:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    return load_document(path)


def _cut(path: Path, doc: Document, index: int) -> Document:
    """Paragraph ``index`` cut in half, a sentence added: a note on it is orphaned."""
    old = doc.paragraphs[index].text
    return _edit(path, old, old[: len(old) // 2] + CUT)


def _reword(path: Path, doc: Document, index: int) -> Document:
    """One word of paragraph ``index`` changed: a note on it moves."""
    old = doc.paragraphs[index].text
    return _edit(path, old, old.replace(" the ", " this ", 1))


def _record(store: AnnotationStore, annotation: Annotation) -> dict[str, object]:
    tables = json.loads(store.layout.document_file(annotation.document.id).read_bytes())
    record: dict[str, object] = tables["annotations"][annotation.id]
    return record


def _orphaned(store: AnnotationStore, essay: Path) -> tuple[Document, Annotation]:
    """A note on the third paragraph, orphaned by an edit that the suggestion names."""
    doc = load_document(essay)
    store.add(doc, 2, note="one-sided", tags=["russia"])
    edited = _cut(essay, doc, 2)
    [orphan] = store.attach(edited)
    assert orphan.status is AnchorStatus.ORPHANED
    assert orphan.suggestion == edited.paragraphs[2].anchor
    return edited, orphan


def test_an_orphan_accepts_its_suggestion(store: AnnotationStore, essay: Path) -> None:
    edited, orphan = _orphaned(store, essay)
    accepted = store.accept_place(edited, orphan.id[:8])
    paragraph = edited.paragraphs[2]
    assert accepted.status is AnchorStatus.ATTACHED
    assert accepted.suggestion is None
    assert (accepted.anchor, accepted.digest) == (paragraph.anchor, text_digest(paragraph.text))
    assert accepted.selector.quote == paragraph.text
    assert (accepted.note, accepted.tags, accepted.created) == (
        "one-sided",
        ("russia",),
        orphan.created,
    )
    assert store.get(orphan.id) == accepted
    assert store.attach(edited) == [accepted]
    catalogue = json.loads(store.layout.catalogue.read_bytes())
    assert catalogue["documents"][orphan.document.id]["orphans"] == 0


def test_the_next_reanchoring_starts_from_the_accepted_place(
    store: AnnotationStore, essay: Path
) -> None:
    edited, orphan = _orphaned(store, essay)
    store.accept_place(edited, orphan.id)
    again = _reword(essay, edited, 4)  # another paragraph edited
    [placed] = store.attach(again)
    assert (placed.status, placed.anchor) == (AnchorStatus.ATTACHED, again.paragraphs[2].anchor)


def test_a_moved_note_is_confirmed(store: AnnotationStore, essay: Path) -> None:
    doc = load_document(essay)
    store.add(doc, 3)
    edited = _reword(essay, doc, 3)
    [moved] = store.attach(edited)
    assert moved.status is AnchorStatus.MOVED
    assert moved.selector.quote == doc.paragraphs[3].text  # the quote it was made on
    confirmed = store.accept_place(edited, moved.id)
    assert (confirmed.status, confirmed.anchor) == (AnchorStatus.ATTACHED, moved.anchor)
    assert confirmed.selector.quote == edited.paragraphs[3].text
    assert store.attach(load_document(essay)) == [confirmed]  # stays attached


def test_a_note_is_attached_to_any_paragraph(store: AnnotationStore, essay: Path) -> None:
    edited, orphan = _orphaned(store, essay)
    placed = store.attach_to_paragraph(edited, orphan.id, 5)
    assert (placed.status, placed.anchor) == (AnchorStatus.ATTACHED, edited.paragraphs[5].anchor)
    assert placed.selector.index == 5
    moved_again = store.attach_to_paragraph(edited, orphan.id, 0)  # an attached one too
    assert moved_again.anchor == edited.paragraphs[0].anchor
    assert [a.id for a in store.attach(edited)] == [orphan.id]


def test_fields_it_does_not_know_are_kept(store: AnnotationStore, essay: Path) -> None:
    edited, orphan = _orphaned(store, essay)
    path = store.layout.document_file(orphan.document.id)
    tables = json.loads(path.read_bytes())
    tables["annotations"][orphan.id]["written_by_a_newer_reader"] = {"start": 3}
    path.write_text(json.dumps(tables), encoding="utf-8")
    store.accept_place(edited, orphan.id)
    assert _record(store, orphan)["written_by_a_newer_reader"] == {"start": 3}


@pytest.mark.parametrize(
    ("act", "error", "words"),
    [
        (lambda s, d, a: s.accept_place(d, "ffffffff"), AnnotationNotFoundError, "no annotation"),
        (lambda s, d, a: s.attach_to_paragraph(d, a.id, 6), NoSuchParagraphError, "0 to 5"),
        (lambda s, d, a: s.attach_to_paragraph(d, a.id, -1), NoSuchParagraphError, "out of range"),
    ],
)
def test_mistakes_are_named(
    store: AnnotationStore, essay: Path, act: object, error: type[Exception], words: str
) -> None:
    edited, orphan = _orphaned(store, essay)
    with pytest.raises(error, match=words):
        act(store, edited, orphan)  # type: ignore[operator]
    assert store.get(orphan.id) == orphan  # nothing changed


def test_nothing_to_accept(store: AnnotationStore, essay: Path) -> None:
    edited, orphan = _orphaned(store, essay)
    attached = store.add(edited, 1)
    with pytest.raises(NothingToAcceptError, match="attached: nothing to accept"):
        store.accept_place(edited, attached.id)
    path = store.layout.document_file(orphan.document.id)
    tables = json.loads(path.read_bytes())
    tables["annotations"][orphan.id]["suggestion"] = None
    path.write_text(json.dumps(tables), encoding="utf-8")
    with pytest.raises(NothingToAcceptError, match="no suggestion"):
        store.accept_place(edited, orphan.id)


def test_another_documents_note_is_refused(store: AnnotationStore, essay: Path) -> None:
    _edited, orphan = _orphaned(store, essay)
    other = essay.with_name("other.txt")
    other.write_text("Another document.\n\nWith two paragraphs.\n", encoding="utf-8")
    with pytest.raises(WrongDocumentError, match="is not a version of annotation"):
        store.attach_to_paragraph(load_document(other), orphan.id, 0)
    store.add(load_document(other), 0)
    with pytest.raises(WrongDocumentError, match="belongs to"):
        store.attach_to_paragraph(load_document(other), orphan.id, 0)


# -- what a new version did, told once -------------------------------------------


def test_a_new_version_is_told_once(store: AnnotationStore, essay: Path) -> None:
    doc = load_document(essay)
    kept, moved, orphaned = (store.add(doc, i) for i in (0, 3, 2))
    edited = _cut(essay, _reword(essay, doc, 3), 2)
    store.attach(edited)
    change = store.take_version_change(edited)
    assert change is not None
    assert (change.attached, change.moved, change.orphaned) == (1, (moved.id,), (orphaned.id,))
    assert change.summary() == "1 attached, 1 moved (worth a review), 1 orphaned"
    assert store.take_version_change(edited) is None
    assert kept.id not in (*change.moved, *change.orphaned)


def test_an_untouched_file_opened_twice_tells_nothing(store: AnnotationStore, essay: Path) -> None:
    doc = load_document(essay)
    store.add(doc, 3)
    edited = _reword(essay, doc, 3)
    store.attach(edited)
    assert store.take_version_change(edited) is not None
    for _ in range(2):
        again = load_document(essay)
        assert store.attach(again)[0].status is AnchorStatus.MOVED  # still to review
        assert store.take_version_change(again) is None


def test_changes_add_up_until_told(store: AnnotationStore, essay: Path) -> None:
    doc = load_document(essay)
    note = store.add(doc, 3)
    first = _reword(essay, doc, 3)
    store.attach(first)  # reader notes FILE, say: moved
    second = _reword(essay, first, 5)
    [placed] = store.attach(second)
    assert placed.status is AnchorStatus.MOVED  # found in place now, but never confirmed
    change = store.take_version_change(second)
    assert change is not None
    assert change.moved == (note.id,)


def test_a_confirmed_note_counts_as_attached(store: AnnotationStore, essay: Path) -> None:
    doc = load_document(essay)
    note = store.add(doc, 3)
    edited = _reword(essay, doc, 3)
    store.attach(edited)
    store.accept_place(edited, note.id)  # on the command line, before the app opened
    change = store.take_version_change(edited)
    assert change is not None
    assert (change.attached, change.moved) == (1, ())


def test_a_new_document_has_no_change(store: AnnotationStore, essay: Path) -> None:
    doc = load_document(essay)
    assert store.take_version_change(doc) is None
    store.add(doc, 0)
    assert store.take_version_change(doc) is None


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    start=st.integers(0, 5),
    chosen=st.integers(0, 5),
    edited=st.integers(0, 5),
    how=st.sampled_from(["cut", "reword"]),
)
def test_an_attached_note_stays_where_it_was_put(
    tmp_path_factory: pytest.TempPathFactory, start: int, chosen: int, edited: int, how: str
) -> None:
    """Wherever a note is attached by hand, the next version finds it there (or, when that
    very paragraph is edited, moves or orphans it as any note made there would be)."""
    folder = tmp_path_factory.mktemp("reattach")
    essay = folder / "essay.txt"
    shutil.copy(CLEAN_SAMPLE, essay)
    store = AnnotationStore.open(folder / "data")
    doc = load_document(essay)
    note = store.add(doc, start)
    placed = store.attach_to_paragraph(doc, note.id, chosen)
    again = _cut(essay, doc, edited) if how == "cut" else _reword(essay, doc, edited)
    [found] = store.attach(again)
    if edited != chosen:
        assert (found.status, found.anchor) == (AnchorStatus.ATTACHED, placed.anchor)
        assert again.paragraphs[chosen].text == doc.paragraphs[chosen].text
    else:
        assert found.status is not AnchorStatus.ATTACHED
        assert found.selector == placed.selector  # the quote it was attached on, kept
