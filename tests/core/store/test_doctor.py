"""``run_doctor``: reports problems, repairs the safe ones, re-anchors every document."""

from __future__ import annotations

import json
from pathlib import Path

from reader.commands.doctor import run_doctor
from reader.store import AnnotationStore
from reader.store.layout import Layout
from tests.core.store.conftest import PARAGRAPHS, MakeDocument, write_document


def test_a_healthy_store_has_no_problems(
    store: AnnotationStore, make_document: MakeDocument
) -> None:
    store.add(make_document(), 0)
    report = run_doctor(store.data_dir)
    assert (report.problems, report.fixed, report.documents) == (0, 0, 1)


def test_a_missing_store_is_nothing_to_check(tmp_path: Path) -> None:
    report = run_doctor(tmp_path / "nothing")
    assert report.problems == 0
    assert "nothing to check" in report.lines[0]


def test_a_broken_catalogue_is_reported_then_restored_from_its_previous_version(
    store: AnnotationStore, make_document: MakeDocument
) -> None:
    doc = make_document()
    store.set_preference("theme", "dark")
    first = store.add(doc, 0)
    layout = Layout(store.data_dir)
    layout.catalogue.write_bytes(b"{broken")
    report = run_doctor(store.data_dir)
    assert report.problems == 1
    assert "not valid JSON" in report.lines[0]
    assert layout.catalogue.read_bytes() == b"{broken"
    report = run_doctor(store.data_dir, fix=True)
    assert report.problems == 0
    assert [q.name.split(".")[0] for q in layout.quarantine.iterdir()] == ["catalogue"]
    again = AnnotationStore.open(store.data_dir)
    assert [a.id for a in again.attach(doc)] == [first.id]
    assert again.preference("theme") == "dark"


def test_a_broken_catalogue_without_backup_is_rebuilt_from_the_documents(
    store: AnnotationStore, make_document: MakeDocument
) -> None:
    doc = make_document()
    added = store.add(doc, 0, tags=["t"])
    layout = Layout(store.data_dir)
    layout.catalogue.write_bytes(b"\x00\x01")
    layout.catalogue.with_name("catalogue.json.bak").unlink()
    report = run_doctor(store.data_dir, fix=True)
    assert report.problems == 0
    again = AnnotationStore.open(store.data_dir)
    assert again.tags() == {"t": 1}
    assert [a.id for a in again.attach(doc)] == [added.id]


def test_a_broken_document_file_is_set_aside_and_its_previous_version_restored(
    store: AnnotationStore, make_document: MakeDocument
) -> None:
    doc = make_document()
    first = store.add(doc, 0)
    store.add(doc, 1)
    layout = Layout(store.data_dir)
    [document_file] = layout.document_files()
    document_file.write_text("{}")
    report = run_doctor(store.data_dir, fix=True)
    assert report.problems == 0
    assert any("restored its previous version" in line for line in report.lines)
    assert [a.id for a in AnnotationStore.open(store.data_dir).attach(doc)] == [first.id]


def test_a_newer_file_is_left_alone_even_with_fix(
    store: AnnotationStore, make_document: MakeDocument
) -> None:
    store.add(make_document(), 0)
    [document_file] = Layout(store.data_dir).document_files()
    raw = json.loads(document_file.read_text())
    raw["meta"]["store"]["version"] = 7
    document_file.write_text(json.dumps(raw))
    before = document_file.read_bytes()
    report = run_doctor(store.data_dir, fix=True)
    assert report.problems == 1
    assert "upgrade reader" in report.lines[0]
    assert document_file.read_bytes() == before


def test_stale_counts_missing_index_entries_and_temporary_files_are_repaired(
    store: AnnotationStore, make_document: MakeDocument
) -> None:
    doc = make_document()
    added = store.add(doc, 0, tags=["t"])
    layout = Layout(store.data_dir)
    layout.index_file(added.id).unlink()
    (layout.documents / ".x.json.123.tmp").write_text("partial")
    raw = json.loads(layout.catalogue.read_text())
    for record in raw["documents"].values():
        record["count"] = 5
    layout.catalogue.write_text(json.dumps(raw))
    report = run_doctor(store.data_dir)
    assert report.problems == 3
    report = run_doctor(store.data_dir, fix=True)
    # The counts were already put right by re-anchoring in the first run.
    assert (report.problems, report.fixed) == (0, 2), report.lines
    assert not list(layout.documents.glob("*.tmp"))
    again = AnnotationStore.open(store.data_dir)
    assert again.get(added.id).id == added.id
    assert again.documents()[0].annotation_count == 1
    assert run_doctor(store.data_dir).problems == 0


def test_documents_are_re_anchored_and_moved_orphaned_missing_reported(
    store: AnnotationStore, make_document: MakeDocument, tmp_path: Path
) -> None:
    doc = make_document()
    store.add(doc, 2)
    store.add(doc, 5)
    gone = write_document(tmp_path / "gone.txt", ["A document that will be deleted soon."])
    store.add(gone, 0)
    assert gone.path is not None
    gone.path.unlink()
    paragraphs = list(PARAGRAPHS)
    paragraphs[2] = paragraphs[2].replace("talks about", "talks abuot")
    del paragraphs[5]
    make_document(paragraphs)
    seen: list[tuple[int, int]] = []
    report = run_doctor(store.data_dir, progress=lambda done, total: seen.append((done, total)))
    assert (report.documents, report.moved, report.orphaned, report.missing) == (1, 1, 1, 1)
    assert seen == [(1, 2), (2, 2)]
    assert any("1 moved, 1 orphaned" in line for line in report.lines)
    assert any("file not found" in line for line in report.lines)
    assert report.problems == 0
