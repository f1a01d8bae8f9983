"""The text digest kept with an anchor: a paragraph found by its anchor is confirmed.

Anchors are 48 bits, so two texts with one anchor can be searched for; the store
keeps a 128-bit digest of the annotated paragraph's text with every record and
treats a paragraph that has the anchor but not the digest as an edit.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.anchors import anchor_for, text_digest
from reader.annotation import AnchorStatus
from reader.commands.doctor import run_doctor
from reader.export import export_web_annotations, json_text, parse_web_annotations
from reader.store import AnnotationStore, StoreUnreadableError
from tests.core.store.conftest import PARAGRAPHS, MakeDocument

TRANSFER = "the board approves transfer number 3474199 to the supplier."
COLLIDING = "the board approves transfer number 14232199 to the supplier."
WITH_TRANSFER = [*PARAGRAPHS[:3], TRANSFER, *PARAGRAPHS[3:]]
WITH_COLLIDING = [*PARAGRAPHS[:3], COLLIDING, *PARAGRAPHS[3:]]


def _records(store: AnnotationStore, document_id: str) -> dict[str, dict[str, object]]:
    path = store.layout.document_file(document_id)
    records: dict[str, dict[str, object]] = json.loads(path.read_bytes())["annotations"]
    return records


def _rewrite(store: AnnotationStore, document_id: str, **fields: object) -> None:
    """Change every record of a document on disk, as another program could have."""
    path = store.layout.document_file(document_id)
    tables = json.loads(path.read_bytes())
    for record in tables["annotations"].values():
        for key, value in fields.items():
            if value is None:
                record.pop(key, None)
            else:
                record[key] = value
    path.write_text(json.dumps(tables), encoding="utf-8")


def test_the_colliding_pair_is_real() -> None:
    assert anchor_for(TRANSFER) == anchor_for(COLLIDING)


def test_a_new_annotation_keeps_its_paragraphs_digest(
    store: AnnotationStore, make_document: MakeDocument
) -> None:
    doc = make_document(WITH_TRANSFER)
    added = store.add(doc, 3)
    assert added.digest == text_digest(TRANSFER)
    assert _records(store, added.document.id)[added.id]["digest"] == text_digest(TRANSFER)
    assert store.get(added.id).digest == text_digest(TRANSFER)


def test_an_edit_to_colliding_text_moves_the_note_and_the_doctor_says_so(
    store: AnnotationStore, make_document: MakeDocument
) -> None:
    added = store.add(make_document(WITH_TRANSFER), 3, note="check the amount")
    edited = make_document(WITH_COLLIDING)
    assert edited.paragraphs[3].anchor == added.anchor

    report = run_doctor(store.data_dir)

    [placed] = AnnotationStore.open(store.data_dir).attach(edited)
    assert placed.status is AnchorStatus.MOVED
    assert placed.digest == text_digest(COLLIDING)
    assert report.moved == 1
    assert any("1 annotation(s) had their anchor on a paragraph" in line for line in report.lines)


def test_attaching_the_edited_file_moves_the_note(
    store: AnnotationStore, make_document: MakeDocument
) -> None:
    store.add(make_document(WITH_TRANSFER), 3)
    [placed] = store.attach(make_document(WITH_COLLIDING))
    assert (placed.status, placed.anchor) == (AnchorStatus.MOVED, anchor_for(COLLIDING))


def test_a_record_without_a_digest_gets_it_when_its_document_is_attached(
    store: AnnotationStore, make_document: MakeDocument
) -> None:
    doc = make_document(WITH_TRANSFER)
    added = store.add(doc, 3)
    _rewrite(store, added.document.id, digest=None)
    reopened = AnnotationStore.open(store.data_dir)
    assert reopened.get(added.id).digest is None

    [placed] = reopened.attach(doc)

    assert placed.status is AnchorStatus.ATTACHED
    assert _records(reopened, added.document.id)[added.id]["digest"] == text_digest(TRANSFER)


def test_a_record_without_a_digest_is_still_not_attached_to_colliding_text(
    store: AnnotationStore, make_document: MakeDocument
) -> None:
    added = store.add(make_document(WITH_TRANSFER), 3)
    _rewrite(store, added.document.id, digest=None)
    [placed] = AnnotationStore.open(store.data_dir).attach(make_document(WITH_COLLIDING))
    assert placed.status is AnchorStatus.MOVED
    assert placed.digest == text_digest(COLLIDING)


def test_an_unchanged_document_whose_record_names_other_text_is_placed_again(
    store: AnnotationStore, make_document: MakeDocument
) -> None:
    # What a reader from before digests leaves: the note placed on the colliding
    # text as "attached", the document's recorded version already the edited one.
    added = store.add(make_document(WITH_TRANSFER), 3)
    edited = make_document(WITH_COLLIDING)
    path = store.layout.document_file(added.document.id)
    tables = json.loads(path.read_bytes())
    tables["meta"]["store"]["fingerprint"] = edited.fingerprint
    tables["meta"]["store"]["anchors"] = " ".join(p.anchor for p in edited.paragraphs)
    path.write_text(json.dumps(tables), encoding="utf-8")

    [placed] = AnnotationStore.open(store.data_dir).attach(edited)

    assert placed.status is AnchorStatus.MOVED
    assert placed.digest == text_digest(COLLIDING)


@pytest.mark.parametrize("digest", [5, "abc", "Z" * 32, ["x"]])
def test_a_damaged_digest_is_a_damaged_record(
    store: AnnotationStore, make_document: MakeDocument, digest: object
) -> None:
    doc = make_document(WITH_TRANSFER)
    added = store.add(doc, 3)
    _rewrite(store, added.document.id, digest=digest)
    with pytest.raises(StoreUnreadableError):
        AnnotationStore.open(store.data_dir).attach(doc)
    report = run_doctor(store.data_dir)
    assert any("holds a damaged annotation" in line for line in report.lines)


def test_listing_does_not_need_the_digest(
    store: AnnotationStore, make_document: MakeDocument
) -> None:
    doc = make_document(WITH_TRANSFER)
    added = store.add(doc, 3, note="kept")
    _rewrite(store, added.document.id, digest=None)
    [listed] = AnnotationStore.open(store.data_dir).annotations(doc)
    assert (listed.note, listed.digest) == ("kept", None)


def test_the_digest_travels_in_the_json_export_and_confirms_the_anchor_on_import(
    store: AnnotationStore, make_document: MakeDocument, data_dir: Path
) -> None:
    original = make_document(WITH_TRANSFER)
    added = store.add(original, 3, note="exported")
    data = json.loads(json_text(export_web_annotations(original, [added])))
    assert data["first"]["items"][0]["reader:annotation"]["digest"] == text_digest(TRANSFER)

    edited = make_document(WITH_COLLIDING)
    other = AnnotationStore.open(data_dir / "elsewhere")
    [parsed] = parse_web_annotations(data, edited).annotations
    imported, was_added = other.import_annotation(edited, parsed)

    assert was_added
    assert (imported.status, imported.digest) == (AnchorStatus.MOVED, text_digest(COLLIDING))
