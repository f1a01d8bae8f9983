"""The AnnotationStore contract, one rule per test."""

from __future__ import annotations

import json
import os
import uuid
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import reader.reanchor as reanchor
import reader.store.editing as editing_module
from reader.annotation import AnchorStatus, AnnotationKind
from reader.store import (
    AnnotationNotFoundError,
    AnnotationStore,
    NoteChangedError,
    StoreError,
    default_data_dir,
)
from reader.store.layout import Layout
from tests.core.store.conftest import PARAGRAPHS, MakeDocument, write_document

TRICKY_NOTES = [
    "",
    "# Heading\n\n- *Markdown* with `code` and [a link](http://x)",
    "[bold red]not markup[/] <b>nor html</b> $(rm -rf ~)",
    "control \x1b[31mred\x1b[0m \x00 \x07 \x9b \u202e reversed \r\n CRLF",
    "emoji 🦀👩‍👩‍👧 CJK 漢字かな 한국어 RTL עברית العربية",
    "a lone surrogate from an undecodable argument: \udcff",
    "x" * 1_000_000,
]


def test_default_data_dir_is_the_env_var_then_platformdirs(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert default_data_dir() == data_dir
    monkeypatch.delenv("READER_DATA")
    assert default_data_dir().name == "reader"


def test_open_with_no_folder_uses_reader_data(data_dir: Path, make_document: MakeDocument) -> None:
    AnnotationStore.open().add(make_document(), 0)
    assert (data_dir / "catalogue.json").is_file()


def test_add_returns_the_annotation_and_get_finds_it(
    store: AnnotationStore, make_document: MakeDocument
) -> None:
    doc = make_document()
    added = store.add(doc, 2, kind=AnnotationKind.HIGHLIGHT, note="n", tags=["t"])
    assert added.anchor == doc.paragraphs[2].anchor
    assert added.selector.quote == doc.paragraphs[2].text
    assert added.status == AnchorStatus.ATTACHED
    assert (added.kind, added.note, added.tags) == (AnnotationKind.HIGHLIGHT, "n", ("t",))
    assert added.created == added.updated
    assert store.get(added.id) == added
    assert store.get(added.id[:6].upper()) == added


def test_add_keeps_an_id_chosen_by_the_caller(
    store: AnnotationStore, make_document: MakeDocument
) -> None:
    chosen = str(uuid.uuid4())
    added = store.add(make_document(), 1, id=chosen)
    assert added.id == chosen
    assert store.get(chosen) == added


@pytest.mark.parametrize("wanted", ["zzzzzzzz", "abc", "", "0000-0000"])
def test_unknown_short_or_malformed_ids_are_not_found(
    store: AnnotationStore, make_document: MakeDocument, wanted: str
) -> None:
    store.add(make_document(), 0)
    with pytest.raises(AnnotationNotFoundError) as caught:
        store.get(wanted)
    assert caught.value.exit_code == 5


def test_an_ambiguous_prefix_is_refused(
    store: AnnotationStore, make_document: MakeDocument, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = make_document()
    store.attach(doc)
    ids = iter(["abcd1111-0000-4000-8000-000000000000", "abcd2222-0000-4000-8000-000000000000"])
    monkeypatch.setattr(editing_module, "new_annotation_id", lambda: next(ids))
    store.add(doc, 0)
    store.add(doc, 1)
    with pytest.raises(AnnotationNotFoundError, match="matches 2"):
        store.get("abcd")
    assert store.get("abcd2").note == ""


@pytest.mark.parametrize("note", TRICKY_NOTES, ids=range(len(TRICKY_NOTES)))
def test_notes_are_stored_and_returned_exactly(
    data_dir: Path, make_document: MakeDocument, note: str
) -> None:
    doc = make_document()
    added = AnnotationStore.open(data_dir).add(doc, 0, note=note, tags=[note[:40] or "t"])
    reopened = AnnotationStore.open(data_dir)
    assert reopened.get(added.id).note == note
    assert reopened.get(added.id).tags == (note[:40] or "t",)
    assert reopened.attach(doc)[0].note == note


@settings(
    max_examples=40,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(note=st.text(), tags=st.lists(st.text(min_size=1), max_size=4))
def test_any_text_round_trips(
    data_dir: Path, make_document: MakeDocument, note: str, tags: list[str]
) -> None:
    store = AnnotationStore.open(data_dir)
    added = store.add(make_document(), 1, note=note, tags=tags)
    again = AnnotationStore.open(data_dir).get(added.id)
    assert again.note == note
    assert again.tags == added.tags


def test_tags_keep_case_drop_repeats_and_empties(
    store: AnnotationStore, make_document: MakeDocument
) -> None:
    added = store.add(make_document(), 0, tags=["Topic/Sub", "topic/sub", "", "  ", "Other"])
    assert added.tags == ("Topic/Sub", "Other")


def test_tag_filter_matches_case_insensitively_and_nests(
    store: AnnotationStore, make_document: MakeDocument
) -> None:
    doc = make_document()
    nested = store.add(doc, 0, tags=["Policy/Russia"])
    top = store.add(doc, 1, tags=["policy"])
    store.add(doc, 2, tags=["policymakers"])
    assert [a.id for a in store.annotations(doc, tag="POLICY")] == [nested.id, top.id]
    assert [a.id for a in store.annotations(tag="policy/russia")] == [nested.id]


def test_tags_counts_by_first_typed_form(
    store: AnnotationStore, make_document: MakeDocument, tmp_path: Path
) -> None:
    doc = make_document()
    other = write_document(tmp_path / "other.txt", ["A different text about something else."])
    store.add(doc, 0, tags=["Policy", "x"])
    store.add(doc, 1, tags=["policy"])
    store.add(other, 0, tags=["POLICY", "a/b"])
    assert store.tags() == {"a/b": 1, "Policy": 3, "x": 1}


def test_update_changes_only_what_is_given(
    store: AnnotationStore, make_document: MakeDocument
) -> None:
    added = store.add(make_document(), 0, note="old", tags=["a"])
    changed = store.update(added.id[:8], note="new")
    assert (changed.note, changed.tags, changed.kind) == ("new", ("a",), AnnotationKind.NOTE)
    changed = store.update(added.id, tags=["b", "B"], kind=AnnotationKind.BOOKMARK)
    assert (changed.note, changed.tags, changed.kind) == ("new", ("b",), AnnotationKind.BOOKMARK)
    assert changed.created == added.created
    assert store.tags() == {"b": 1}
    assert store.get(added.id) == changed


def test_a_note_changed_elsewhere_is_not_written_over_and_the_edit_is_kept(
    store: AnnotationStore, make_document: MakeDocument, data_dir: Path
) -> None:
    added = store.add(make_document(), 0, note="as first written")
    AnnotationStore.open(data_dir).update(added.id, note="changed by another reader")
    with pytest.raises(NoteChangedError) as raised:
        store.update(added.id, note="my edit", expected_note="as first written")
    assert store.get(added.id).note == "changed by another reader"
    assert raised.value.current == "changed by another reader"
    kept = raised.value.kept
    assert kept.parent == Layout(data_dir).kept_notes
    assert kept.read_text(encoding="utf-8") == "my edit"
    assert str(kept) in str(raised.value)
    assert "\n" not in str(raised.value)
    with pytest.raises(NoteChangedError) as again:  # a second try is kept beside the first
        store.update(added.id, note="my edit, again", expected_note="as first written")
    assert again.value.kept != kept
    assert kept.read_text(encoding="utf-8") == "my edit"


def test_an_expected_note_that_still_holds_saves_the_edit(
    store: AnnotationStore, make_document: MakeDocument, data_dir: Path
) -> None:
    added = store.add(make_document(), 0, note="draft")
    changed = store.update(added.id, note="final", expected_note="draft")
    assert changed.note == "final"
    # the same text written elsewhere meanwhile is no conflict
    AnnotationStore.open(data_dir).update(added.id, note="agreed")
    assert store.update(added.id, note="agreed", expected_note="final").note == "agreed"
    assert not Layout(data_dir).kept_notes.exists()


def test_update_of_an_unknown_id_fails(store: AnnotationStore) -> None:
    with pytest.raises(AnnotationNotFoundError):
        store.update("0123456789", note="x")


def test_delete_returns_it_and_restore_brings_it_back(
    store: AnnotationStore, make_document: MakeDocument
) -> None:
    doc = make_document()
    added = store.add(doc, 3, note="keep me", tags=["t"])
    removed = store.delete(added.id)
    assert removed == added
    with pytest.raises(AnnotationNotFoundError):
        store.get(added.id)
    assert store.tags() == {}
    assert store.document_record(doc).annotation_count == 0  # type: ignore[union-attr]
    store.restore(removed)
    assert store.get(added.id) == added
    assert store.tags() == {"t": 1}
    assert store.attach(doc) == [added]


def test_annotations_come_in_document_order_with_orphans_last(
    store: AnnotationStore, make_document: MakeDocument
) -> None:
    doc = make_document()
    late = store.add(doc, 6)
    doomed = store.add(doc, 4)
    early = store.add(doc, 1)
    edited = make_document([p for p in PARAGRAPHS if p != PARAGRAPHS[4]])
    listed = store.attach(edited)
    assert [a.id for a in listed] == [early.id, late.id, doomed.id]
    assert listed[-1].status == AnchorStatus.ORPHANED
    assert store.annotations(edited, orphans=True) == [listed[-1]]


def test_a_moved_file_is_recognised_by_fingerprint_and_its_path_updated(
    store: AnnotationStore, make_document: MakeDocument, tmp_path: Path
) -> None:
    doc = make_document()
    added = store.add(doc, 2)
    assert doc.path is not None
    moved_path = tmp_path / "renamed.txt"
    doc.path.rename(moved_path)
    moved = write_document(moved_path, PARAGRAPHS)
    assert [a.id for a in store.attach(moved)] == [added.id]
    assert store.document_record(moved).path == str(moved_path.resolve())  # type: ignore[union-attr]
    assert len(store.documents()) == 1


def test_a_copy_shares_the_annotations_but_the_path_stays(
    store: AnnotationStore, make_document: MakeDocument, tmp_path: Path
) -> None:
    doc = make_document()
    store.add(doc, 2)
    copy = write_document(tmp_path / "copy.txt", PARAGRAPHS)
    assert len(store.attach(copy)) == 1
    assert doc.path is not None
    assert store.document_record(copy).path == str(doc.path.resolve())  # type: ignore[union-attr]


def test_an_edited_file_is_recognised_by_path_and_re_anchored(
    store: AnnotationStore, make_document: MakeDocument, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = make_document()
    kept = store.add(doc, 0)
    typo = store.add(doc, 3)
    gone = store.add(doc, 5)
    seen: list[Any] = []
    real = reanchor.Reanchorer

    def spy(document: Any, previous_anchors: Any = None) -> Any:
        seen.append(previous_anchors)
        return real(document, previous_anchors)

    monkeypatch.setattr(reanchor, "Reanchorer", spy)  # imported when the store needs it
    paragraphs = list(PARAGRAPHS)
    paragraphs[3] = paragraphs[3].replace("talks about", "talks abuot")
    del paragraphs[5]
    paragraphs.insert(1, "A new paragraph was inserted near the start of the document text.")
    edited = make_document(paragraphs)
    placed = {a.id: a for a in store.attach(edited)}
    assert seen == [[p.anchor for p in doc.paragraphs]]
    assert placed[kept.id].status == AnchorStatus.ATTACHED
    assert placed[typo.id].status == AnchorStatus.MOVED
    assert placed[typo.id].anchor == edited.paragraphs[4].anchor
    assert placed[typo.id].selector.quote == doc.paragraphs[3].text  # keeps its original quote
    assert placed[gone.id].status == AnchorStatus.ORPHANED
    assert placed[gone.id].anchor == gone.anchor
    record = store.document_record(edited)
    assert record is not None
    assert record.fingerprint == edited.fingerprint
    assert len(store.documents()) == 1
    # Placed once: attaching the same version again neither re-anchors nor changes anything.
    assert {a.id: a for a in store.attach(edited)} == placed
    assert len(seen) == 1
    assert store.get(typo.id).status == AnchorStatus.MOVED


def test_add_on_a_changed_document_re_anchors_the_older_annotations_first(
    store: AnnotationStore, make_document: MakeDocument
) -> None:
    doc = make_document()
    gone = store.add(doc, 5)
    edited = make_document([p for p in PARAGRAPHS if p != PARAGRAPHS[5]])
    store.add(edited, 0)
    assert store.get(gone.id).status == AnchorStatus.ORPHANED


def test_an_unrelated_document_is_new(
    store: AnnotationStore, make_document: MakeDocument, tmp_path: Path
) -> None:
    store.add(make_document(), 0)
    other = write_document(tmp_path / "other.txt", ["Nothing in common with the first one."])
    assert store.attach(other) == []
    assert len(store.documents()) == 2


def test_reading_position_and_documents_listing(
    store: AnnotationStore, make_document: MakeDocument, tmp_path: Path
) -> None:
    doc = make_document()
    other = write_document(tmp_path / "other.txt", ["Nothing in common with the first one."])
    assert store.reading_position(doc) is None
    assert store.document_record(doc) is None
    store.attach(other)
    store.set_reading_position(doc, doc.paragraphs[4].anchor, 1.7)
    record = store.document_record(doc)
    assert record is not None
    assert (record.position, record.progress) == (doc.paragraphs[4].anchor, 1.0)
    assert record.last_read is not None
    assert record.title == doc.title
    assert [r.id for r in store.documents()] == [record.id, store.document_record(other).id]  # type: ignore[union-attr]
    assert AnnotationStore.open(store.data_dir).reading_position(doc) == doc.paragraphs[4].anchor


def test_preferences_persist(store: AnnotationStore) -> None:
    assert store.preference("theme", "light") == "light"
    store.set_preference("theme", "dark")
    store.set_preference("wrap", {"width": 80, "on": True})
    again = AnnotationStore.open(store.data_dir)
    assert again.preference("theme") == "dark"
    assert again.preference("wrap") == {"width": 80, "on": True}
    with pytest.raises(TypeError):
        store.set_preference("bad", object())


def test_import_is_re_anchored_and_idempotent(
    store: AnnotationStore, make_document: MakeDocument, tmp_path: Path
) -> None:
    doc = make_document()
    foreign_store = AnnotationStore.open(tmp_path / "elsewhere")
    foreign = foreign_store.add(doc, 3, note="from elsewhere", tags=["x"])
    paragraphs = list(PARAGRAPHS)
    paragraphs.insert(0, "An introduction added in this copy of the document, before the rest.")
    mine = make_document(paragraphs, name="mine.txt")
    stored, added = store.import_annotation(mine, foreign)
    assert added
    assert (stored.id, stored.note, stored.tags) == (foreign.id, "from elsewhere", ("x",))
    assert stored.anchor == mine.paragraphs[4].anchor
    assert stored.document.fingerprint == mine.fingerprint
    again, added_again = store.import_annotation(mine, foreign)
    assert (again, added_again) == (stored, False)
    assert len(store.annotations()) == 1


def test_two_store_objects_see_each_others_writes(
    data_dir: Path, make_document: MakeDocument
) -> None:
    doc = make_document()
    first, second = AnnotationStore.open(data_dir), AnnotationStore.open(data_dir)
    a = first.add(doc, 0, tags=["one"])
    assert second.attach(doc) == [a]
    b = second.add(doc, 1, tags=["two"])
    c = first.add(doc, 2)  # starts from second's write, not from its own cached copy
    assert {x.id for x in first.annotations(doc)} == {a.id, b.id, c.id}
    assert first.tags() == {"one": 1, "two": 1}
    first.update(b.id, note="edited by first")
    assert second.get(b.id).note == "edited by first"


def test_counts_are_repaired_when_the_document_is_attached(
    store: AnnotationStore, make_document: MakeDocument
) -> None:
    doc = make_document()
    store.add(doc, 0, tags=["t"])
    catalogue = Layout(store.data_dir).catalogue
    raw = json.loads(catalogue.read_text())
    for record in raw["documents"].values():
        record.update(count=7, tags={})
    catalogue.write_text(json.dumps(raw))
    store.attach(doc)
    assert store.document_record(doc).annotation_count == 1  # type: ignore[union-attr]
    assert store.tags() == {"t": 1}


def test_an_interrupted_add_leaves_nothing_visible(
    store: AnnotationStore, make_document: MakeDocument, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = make_document()
    kept = store.add(doc, 0)

    def fail(*args: Any, **kwargs: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("reader.store.storage.os.replace", fail)
    with pytest.raises(StoreError, match="No space left"):
        store.add(doc, 1)
    monkeypatch.undo()
    assert [a.id for a in AnnotationStore.open(store.data_dir).annotations()] == [kept.id]
    assert [a.id for a in store.annotations()] == [kept.id]


def test_writes_leave_no_temporary_files_and_keep_the_previous_version(
    store: AnnotationStore, make_document: MakeDocument
) -> None:
    doc = make_document()
    store.add(doc, 0, note="first")
    store.add(doc, 1, note="second")
    layout = Layout(store.data_dir)
    [document_file] = layout.document_files()
    previous = json.loads(document_file.with_name(document_file.name + ".bak").read_text())
    assert [r["note"] for r in previous["annotations"].values()] == ["first"]
    leftovers = [p for p in store.data_dir.rglob("*") if p.name.endswith(".tmp")]
    assert leftovers == []


def test_the_store_files_are_private(store: AnnotationStore, make_document: MakeDocument) -> None:
    store.add(make_document(), 0)
    mode = os.stat(Layout(store.data_dir).catalogue).st_mode & 0o777
    assert mode == 0o600


def test_a_stale_index_entry_is_not_an_annotation(
    store: AnnotationStore, make_document: MakeDocument
) -> None:
    doc = make_document()
    added = store.add(doc, 0)
    layout = Layout(store.data_dir)
    saved = layout.index_file(added.id).read_bytes()
    store.delete(added.id)
    layout.index_file(added.id).write_bytes(saved)  # as if a crash hit before the index write
    with pytest.raises(AnnotationNotFoundError):
        store.get(added.id)


def test_an_unusable_data_folder_is_a_store_error(
    tmp_path: Path, make_document: MakeDocument
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(StoreError) as caught:
        AnnotationStore.open(blocker / "data").add(make_document(), 0)
    assert caught.value.exit_code == 4
