"""An unreadable store file is never written over; older formats are migrated with a backup."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from reader.store import AnnotationStore, StoreUnreadableError, migrations
from reader.store.layout import Layout
from tests.core.store.conftest import MakeDocument

BROKEN = {
    "bad json": b'{"meta": {"store": {"kind": "catalogue", "version": 1}}, "documents": {',
    "not utf-8": b"\xff\xfe\x00garbage",
    "not tables": b"[1, 2, 3]",
    "no version": b'{"documents": {}}',
    "wrong kind": b'{"meta": {"store": {"kind": "index", "version": 1}}}',
    "newer": b'{"meta": {"store": {"kind": "catalogue", "version": 99}}, "documents": {}}',
}


@pytest.mark.parametrize("content", BROKEN.values(), ids=BROKEN.keys())
def test_an_unreadable_catalogue_refuses_to_open_and_is_left_untouched(
    data_dir: Path, content: bytes
) -> None:
    catalogue = Layout(data_dir).catalogue
    catalogue.write_bytes(content)
    with pytest.raises(StoreUnreadableError) as caught:
        AnnotationStore.open(data_dir)
    message = str(caught.value)
    assert caught.value.exit_code == 4
    assert "\n" not in message
    assert str(catalogue) in message
    assert ("upgrade reader" if b"99" in content else "reader doctor") in message
    assert catalogue.read_bytes() == content


def test_an_unreadable_document_file_refuses_writes_to_that_document_only(
    store: AnnotationStore, make_document: MakeDocument, tmp_path: Path
) -> None:
    doc = make_document()
    store.add(doc, 0)
    [document_file] = Layout(store.data_dir).document_files()
    damaged = document_file.read_bytes()[:-10]
    document_file.write_bytes(damaged)
    with pytest.raises(StoreUnreadableError, match="not valid JSON"):
        store.add(doc, 1)
    with pytest.raises(StoreUnreadableError):
        store.attach(doc)
    assert document_file.read_bytes() == damaged
    other = make_document(["Another document with its own text entirely."], name="other.txt")
    assert store.add(other, 0).note == ""


def test_a_damaged_annotation_record_makes_the_file_unreadable(
    store: AnnotationStore, make_document: MakeDocument
) -> None:
    doc = make_document()
    added = store.add(doc, 0)
    [document_file] = Layout(store.data_dir).document_files()
    raw = json.loads(document_file.read_text())
    raw["annotations"][added.id]["kind"] = "scribble"
    document_file.write_text(json.dumps(raw))
    with pytest.raises(StoreUnreadableError, match="damaged annotation"):
        store.annotations(doc)


def test_an_older_format_is_migrated_with_a_backup(
    store: AnnotationStore, make_document: MakeDocument, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = make_document()
    added = store.add(doc, 0, note="before")
    layout = Layout(store.data_dir)
    original = layout.catalogue.read_bytes()
    steps: list[str] = []

    def to_version_2(tables: dict[str, Any]) -> dict[str, Any]:
        steps.append(tables["meta"]["store"]["kind"])
        for record in tables.get("documents", {}).values():
            record["migrated"] = True
        return tables

    monkeypatch.setattr(migrations, "STORE_VERSION", 2)
    monkeypatch.setitem(migrations.MIGRATIONS, 1, to_version_2)
    reopened = AnnotationStore.open(store.data_dir)
    assert steps == ["catalogue"]
    [backup] = layout.backups.glob("catalogue.v1.*.json")
    assert backup.read_bytes() == original
    migrated = json.loads(layout.catalogue.read_text())
    assert migrated["meta"]["store"]["version"] == 2
    assert all(r["migrated"] for r in migrated["documents"].values())
    assert reopened.get(added.id).note == "before"  # the document file migrates on first use
    assert len(list(layout.backups.glob("*.json"))) == 3  # catalogue, index shard, document
    AnnotationStore.open(store.data_dir)
    assert sorted(steps) == ["catalogue", "document", "index"]  # each file once, never twice
