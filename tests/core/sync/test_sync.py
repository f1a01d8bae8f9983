"""reader sync between machines: adds, edits, deletes and positions travel both ways."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from reader.annotation import AnnotationKind, make_passage
from reader.store import AnnotationStore
from reader.store.merging import RowChange, StoreMerging
from reader.sync.state import machine_id
from tests.core.store.conftest import PARAGRAPHS, write_document
from tests.core.sync.helpers import Machine, contents


def test_add_edit_delete_travel(tmp_path: Path) -> None:
    folder = tmp_path / "shared"
    a, b = Machine(tmp_path / "a"), Machine(tmp_path / "b")
    note = a.store.add(a.docs[0], 1, note="first", tags=["x"])
    report = a.sync(folder)
    assert report.sent == 2  # the annotation and its document
    report = b.sync(folder)
    assert report.received == 2
    [received] = b.store.annotations()
    assert (received.id, received.note, received.tags) == (note.id, "first", ("x",))
    assert received.document.fingerprint == a.docs[0].fingerprint

    b.store.update(note.id, note="edited on b", kind=AnnotationKind.HIGHLIGHT)
    b.sync(folder)
    a.sync(folder)
    assert a.store.get(note.id).note == "edited on b"
    assert a.store.get(note.id).kind == AnnotationKind.HIGHLIGHT

    a.store.delete(note.id)
    a.sync(folder)
    b.sync(folder)
    assert b.store.annotations() == []
    assert contents(a.store) == contents(b.store)


def test_annotation_lands_on_the_local_copy_of_its_document(tmp_path: Path) -> None:
    folder = tmp_path / "shared"
    a, b = Machine(tmp_path / "a"), Machine(tmp_path / "b")
    b.store.attach(b.docs[0])  # b knows the document already, under its own id
    a.store.add(a.docs[0], 2, note="n")
    a.sync(folder)
    b.sync(folder)
    [local] = b.store.documents()
    [received] = b.store.annotations(b.docs[0])
    assert received.document.id == local.id
    assert received.anchor == b.docs[0].paragraphs[2].anchor


def test_concurrent_edits_of_different_fields_both_kept(tmp_path: Path) -> None:
    folder = tmp_path / "shared"
    a, b = Machine(tmp_path / "a"), Machine(tmp_path / "b")
    note = a.store.add(a.docs[0], 0, note="start")
    a.sync(folder)
    b.sync(folder)
    a.store.update(note.id, note="note from a")
    b.store.update(note.id, tags=["from-b"])
    a.sync(folder)
    b.sync(folder)
    a.sync(folder)
    for machine in (a, b):
        merged = machine.store.get(note.id)
        assert (merged.note, merged.tags) == ("note from a", ("from-b",))
    assert contents(a.store) == contents(b.store)


def test_same_field_edited_on_both_converges(tmp_path: Path) -> None:
    folder = tmp_path / "shared"
    a, b = Machine(tmp_path / "a"), Machine(tmp_path / "b")
    note = a.store.add(a.docs[0], 0, note="start")
    a.sync(folder)
    b.sync(folder)
    a.store.update(note.id, note="a's")
    b.store.update(note.id, note="b's")
    a.sync(folder)
    b.sync(folder)  # b's change is stamped after a's: b's wins
    a.sync(folder)
    assert a.store.get(note.id).note == b.store.get(note.id).note == "b's"


def test_reading_position_travels(tmp_path: Path) -> None:
    folder = tmp_path / "shared"
    a, b = Machine(tmp_path / "a"), Machine(tmp_path / "b")
    b.store.attach(b.docs[1])
    a.store.set_reading_position(a.docs[1], a.docs[1].paragraphs[3].anchor, 0.75)
    a.sync(folder)
    b.sync(folder)
    record = b.store.document_record(b.docs[1])
    assert record is not None
    assert (record.position, record.progress) == (b.docs[1].paragraphs[3].anchor, 0.75)
    assert contents(a.store) == contents(b.store)


def test_document_only_on_one_machine_is_recorded_with_its_annotations(tmp_path: Path) -> None:
    folder = tmp_path / "shared"
    a, b = Machine(tmp_path / "a"), Machine(tmp_path / "b")
    a.store.add(a.docs[1], 0, note="n")
    a.sync(folder)
    b.sync(folder)
    [record] = b.store.documents()
    assert record.fingerprint == a.docs[1].fingerprint
    # Opening b's own copy later finds the annotation on it.
    [placed] = b.store.attach(b.docs[1])
    assert placed.note == "n"


def test_second_sync_sends_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "shared"
    a = Machine(tmp_path / "a")
    a.store.add(a.docs[0], 0, note="n")
    a.sync(folder)
    report = a.sync(folder)
    assert (report.sent, report.received, report.applied) == (0, 0, 0)


def test_only_own_file_is_written(tmp_path: Path) -> None:
    folder = tmp_path / "shared"
    a, b = Machine(tmp_path / "a"), Machine(tmp_path / "b")
    a.store.add(a.docs[0], 0, note="n")
    a.sync(folder)
    before = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    b.sync(folder)
    for path, data in before.items():
        assert path.read_bytes() == data
    files = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    ids = sorted([machine_id(a.store.data_dir), machine_id(b.store.data_dir)])
    assert files == [f"reader-sync/{m}/changes.jsonl" for m in ids]


def test_tombstone_pruned_once_every_machine_saw_it(tmp_path: Path) -> None:
    folder = tmp_path / "shared"
    a, b = Machine(tmp_path / "a"), Machine(tmp_path / "b")
    note = a.store.add(a.docs[0], 0, note="n")
    a.sync(folder)
    b.sync(folder)
    a.store.delete(note.id)
    a.sync(folder)
    assert (
        note.id
        in (folder / "reader-sync" / machine_id(a.store.data_dir) / "changes.jsonl").read_text()
    )
    b.sync(folder)  # b sees the tombstone
    a.sync(folder)  # a sees b saw it
    b.sync(folder)
    a.sync(folder)
    for path in folder.rglob("*.jsonl"):  # a header may name it among the keys dropped
        assert all(note.id not in line for line in path.read_text().splitlines()[1:])
    assert b.store.annotations() == a.store.annotations() == []


def test_placement_is_recomputed_on_the_receiving_copy(tmp_path: Path) -> None:
    """b's copy of the document has a paragraph more: the note lands on b's paragraph."""
    folder = tmp_path / "shared"
    a, b = Machine(tmp_path / "a"), Machine(tmp_path / "b")
    a.store.add(a.docs[0], 2, note="on the third paragraph")
    edited = write_document(b.root / "one.txt", ["A new opening paragraph.", *PARAGRAPHS[:4]])
    b.store.attach(edited)
    a.sync(folder)
    b.sync(folder)
    [placed] = b.store.attach(edited)
    assert placed.anchor == edited.paragraphs[3].anchor
    assert placed.note == "on the third paragraph"
    report = b.sync(folder)  # placing it on b's copy is not an edit to send
    assert report.sent == 0


ESSAY = [
    "The river rose at dawn and the ferry waited for the fog to lift over the water.",
    "Merchants in the old city argued about tariffs while the cathedral bells rang noon.",
    "A long winter taught the villagers to store grain, salt fish and patience alike.",
    "Nobody expected the railway to arrive so early, least of all the stationmaster himself.",
]


def test_a_passage_is_placed_again_on_the_receiving_copy_not_sent_back(tmp_path: Path) -> None:
    """b's copy has two paragraphs edited: b finds one passage at its own offsets and
    marks the other lost, and neither is an edit that travels back to a."""
    folder = tmp_path / "shared"
    a, b = Machine(tmp_path / "a"), Machine(tmp_path / "b")
    essay = write_document(a.root / "essay.txt", ESSAY)
    start = ESSAY[1].index("tariffs")
    passage = make_passage(ESSAY[1], start, start + len("tariffs"))
    made = a.store.add(essay, 1, passage=passage, color="green")
    salt = ESSAY[2].index("salt fish")
    lost = a.store.add(essay, 2, passage=make_passage(ESSAY[2], salt, salt + len("salt fish")))
    edited = [*ESSAY]
    edited[1] = ESSAY[1].replace("Merchants", "Traders")
    edited[2] = ESSAY[2].replace("salt fish", "dried meat")
    copy = write_document(b.root / "essay.txt", edited)
    b.store.attach(copy)
    a.sync(folder)
    b.sync(folder)
    placed = {annotation.id: annotation for annotation in b.store.attach(copy)}
    moved = placed[made.id].passage
    assert moved is not None
    assert moved.exact == "tariffs"
    assert moved.start == edited[1].index("tariffs") != start
    assert placed[made.id].color == "green"
    assert placed[lost.id].passage is None
    assert placed[lost.id].lost_passage is not None
    assert b.sync(folder).sent == 0  # b's placements are its own
    a.sync(folder)
    assert a.store.get(made.id).passage == passage  # a's copy keeps a's offsets
    assert a.store.get(lost.id).lost_passage is None


def test_only_document_files_changed_since_the_last_sync_are_decoded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "shared"
    a, b = Machine(tmp_path / "a"), Machine(tmp_path / "b")
    first = a.store.add(a.docs[0], 0, note="one")
    second = a.store.add(a.docs[1], 0, note="two")
    third = a.store.add(a.docs[1], 1, note="three")
    a.sync(folder)
    b.sync(folder)
    decoded: list[str] = []

    reading = StoreMerging.document_rows

    def counting(merging: StoreMerging, document_id: str) -> dict[str, dict[str, Any]]:
        decoded.append(document_id)
        return reading(merging, document_id)

    monkeypatch.setattr(StoreMerging, "document_rows", counting)
    assert a.sync(folder).sent == 0
    assert decoded == []  # nothing changed: no document file is read

    a.store.update(first.id, note="one, edited")
    assert a.sync(folder).sent == 1
    assert decoded == [first.document.id]

    b.store.update(second.id, note="two, edited on b")
    b.store.delete(third.id)
    b.sync(folder)
    decoded.clear()
    report = a.sync(folder)  # a's file of the second document is unchanged here
    assert (report.received, report.applied) == (2, 2)
    assert decoded == []  # it is read to be written, not to look for local changes
    assert a.store.get(second.id).note == "two, edited on b"
    assert [n.id for n in a.store.annotations(a.docs[1])] == [second.id]
    b.sync(folder)
    assert contents(a.store) == contents(b.store)


def _set_fields(store: AnnotationStore, annotation_id: str, **fields: object) -> None:
    """Set record fields this reader may not know (what a newer reader writes)."""
    [document] = [a.document for a in store.annotations() if a.id == annotation_id]
    change = RowChange(edit=fields)
    written = store.merging.merge_rows({document.id: (document, {annotation_id: change})}, _refuse)
    assert written == 1


def _refuse(annotation_id: str, problem: str) -> None:
    raise AssertionError(f"{annotation_id}: {problem}")


def _row(store: AnnotationStore, annotation_id: str) -> dict[str, Any]:
    [document] = [a.document for a in store.annotations() if a.id == annotation_id]
    return store.merging.document_rows(document.id)[annotation_id]


def test_a_field_sync_does_not_know_travels_with_edits_and_merges(tmp_path: Path) -> None:
    """Fields are synced generically: a colour, a passage or links added to the
    annotation record travel without a line of code in reader.sync."""
    folder = tmp_path / "shared"
    a, b = Machine(tmp_path / "a"), Machine(tmp_path / "b")
    note = a.store.add(a.docs[0], 0, note="n")
    _set_fields(a.store, note.id, colour="amber", links=[{"copy": "x", "anchor": "y"}])
    a.sync(folder)
    b.sync(folder)
    assert _row(b.store, note.id)["colour"] == "amber"
    assert _row(b.store, note.id)["links"] == [{"copy": "x", "anchor": "y"}]

    _set_fields(b.store, note.id, colour="teal")  # an edit of the unknown field
    a.store.update(note.id, note="edited on a")  # and, concurrently, of a known one
    b.sync(folder)
    a.sync(folder)
    b.sync(folder)
    for machine in (a, b):
        row = _row(machine.store, note.id)
        assert (row["colour"], row["note"]) == ("teal", "edited on a")
        assert row["links"] == [{"copy": "x", "anchor": "y"}]
    assert a.sync(folder).sent == b.sync(folder).sent == 0
