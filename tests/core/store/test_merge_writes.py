"""A merge's writes (``reader sync``): batched folder fsyncs, old-or-new files, checks skipped
only for files the store itself wrote.

:meth:`AnnotationStore.merge_rows` renames some hundreds of files per sync; each folder is
fsynced once per step (:func:`~reader.store.storage.durable_batch`), and a document file
whose bytes are those a merge wrote (its catalogue record's stamp) is not checked record by
record again.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from reader.annotation import DocumentRef
from reader.model import Document
from reader.store import AnnotationStore, StoreError, StoreUnreadableError
from reader.store import core as store_core
from reader.store import storage as storage_module
from reader.store.doctor import check_store
from reader.store.layout import Layout
from reader.store.merging import CHECKED, RowChange
from reader.store.storage import atomic_write, durable_batch
from tests.core.store.conftest import PARAGRAPHS, write_document

NEW_IDS = ["0a000000-0000-4000-8000-000000000001", "f1000000-0000-4000-8000-000000000002"]


def _refuse(annotation_id: str, problem: str) -> None:
    raise AssertionError(f"{annotation_id}: {problem}")


def _three_documents(tmp_path: Path, store: AnnotationStore) -> list[tuple[Document, str]]:
    """Three documents with one note each; (document, the note's id)."""
    made = []
    for n in range(3):
        doc = write_document(tmp_path / f"doc{n}.txt", PARAGRAPHS[2 * n : 2 * n + 2])
        made.append((doc, store.add(doc, 0, note=f"old {n}").id))
    return made


def _ref(store: AnnotationStore, annotation_id: str) -> DocumentRef:
    [document] = [a.document for a in store.annotations() if a.id == annotation_id]
    return document


def _edits(
    store: AnnotationStore, made: list[tuple[Document, str]], note: str
) -> dict[str, tuple[DocumentRef, dict[str, RowChange]]]:
    """An edit of every note, as a merge receives it."""
    changes: dict[str, tuple[DocumentRef, dict[str, RowChange]]] = {}
    for _, annotation_id in made:
        ref = _ref(store, annotation_id)
        changes[ref.id] = (ref, {annotation_id: RowChange(edit={"note": note})})
    return changes


def test_a_crash_between_two_renames_of_a_merge_leaves_every_file_old_or_new(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = AnnotationStore.open(data_dir)
    made = _three_documents(tmp_path, store)
    changes = _edits(store, made, "new")
    documents = Layout(data_dir).documents
    renames: list[Path] = []
    fsynced: list[Path] = []
    real_replace, real_fsync = os.replace, storage_module._fsync_folder

    def crash_at_the_second(source: str | Path, target: str | Path) -> None:
        target = Path(target)
        if target.parent == documents and target.suffix == ".json":
            renames.append(target)
            if len(renames) == 2:
                raise OSError(5, "input/output error")  # the power went
        real_replace(source, target)

    def fsync_folder(folder: Path) -> None:
        fsynced.append(folder)
        real_fsync(folder)

    monkeypatch.setattr(os, "replace", crash_at_the_second)
    monkeypatch.setattr(storage_module, "_fsync_folder", fsync_folder)
    with pytest.raises(StoreError, match="nothing was changed"):
        store.merging.merge_rows(changes, _refuse)
    monkeypatch.setattr(os, "replace", real_replace)

    assert documents in fsynced  # the first rename was made durable all the same
    notes = {a.document.id: a.note for a in AnnotationStore.open(data_dir).annotations()}
    first = renames[0].stem  # renamed before the crash: new; the others old
    assert notes == {
        _ref(store, annotation_id).id: "new" if _ref(store, annotation_id).id == first else old
        for (_, annotation_id), old in zip(made, ["old 0", "old 1", "old 2"], strict=True)
    }
    assert not [p for p in documents.iterdir() if p.name.endswith(".tmp")]
    assert check_store(data_dir).report.problems == 0
    # The merge done again finishes the job.
    reopened = AnnotationStore.open(data_dir)
    reopened.merging.merge_rows(_edits(reopened, made, "new"), _refuse)
    assert {a.note for a in AnnotationStore.open(data_dir).annotations()} == {"new"}


def test_a_merge_fsyncs_each_folder_once_per_step_index_before_documents(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = AnnotationStore.open(data_dir)
    made = _three_documents(tmp_path, store)
    changes = _edits(store, made, "new")
    ref, wanted = changes[_ref(store, made[0][1]).id]
    row = store.merging.document_rows(ref.id)[made[0][1]]
    for new_id in NEW_IDS:  # two new records (two index shards), one delete
        wanted[new_id] = RowChange(whole={**row, "id": new_id})
    gone = _ref(store, made[1][1])
    changes[gone.id] = (gone, {made[1][1]: RowChange(delete=True)})
    fsynced: list[Path] = []
    monkeypatch.setattr(storage_module, "_fsync_folder", fsynced.append)

    assert store.merging.merge_rows(changes, _refuse) == 5
    layout = Layout(data_dir)
    steps = [f for f in fsynced if f in (layout.index, layout.documents)]
    assert steps == [layout.index, layout.documents, layout.index]
    ids = {a.id for a in AnnotationStore.open(data_dir).annotations()}
    assert set(NEW_IDS) <= ids
    assert made[1][1] not in ids
    assert check_store(data_dir).report.problems == 0  # the index names every record


def test_durable_batch_fsyncs_each_folder_once_at_the_end_even_when_it_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fsynced: list[Path] = []
    monkeypatch.setattr(storage_module, "_fsync_folder", fsynced.append)

    def half_way() -> None:
        with durable_batch():
            for n in range(3):
                atomic_write(tmp_path / "a" / f"{n}.json", b"{}")
            with durable_batch():  # a nested batch settles its own folders when it ends
                atomic_write(tmp_path / "b" / "0.json", b"{}")
            assert fsynced == [tmp_path / "b"]
            raise RuntimeError("stopped half-way")

    with pytest.raises(RuntimeError, match="half-way"):
        half_way()
    assert fsynced == [tmp_path / "b", tmp_path / "a"]
    atomic_write(tmp_path / "a" / "3.json", b"{}")  # outside a batch: at once
    assert fsynced[-1] == tmp_path / "a"
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == [f"{n}.json" for n in range(4)]


def _counting_checks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the record checks of document files (stores opened after this)."""
    calls: list[int] = []
    real = store_core._damaged_annotation

    def counted(tables: dict[str, object]) -> str | None:
        calls.append(1)
        return real(tables)

    monkeypatch.setattr(store_core, "_damaged_annotation", counted)
    return calls


def test_a_file_a_merge_wrote_is_not_checked_again_one_changed_since_is(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = AnnotationStore.open(data_dir)
    made = _three_documents(tmp_path, store)
    store.merging.merge_rows(_edits(store, made, "first"), _refuse)
    stamps = {r["id"]: r.get(CHECKED) for r in _catalogue(data_dir).values()}
    assert all(stamps.values())
    checks = _counting_checks(monkeypatch)

    other = AnnotationStore.open(data_dir)  # another process: nothing cached
    other.update(made[2][1], note="edited in the app")  # rewrites that file: no stamp now
    checks.clear()
    again = AnnotationStore.open(data_dir)
    again.merging.merge_rows(_edits(again, made, "second"), _refuse)
    assert len(checks) == 1  # only the file the app wrote since
    assert {a.note for a in AnnotationStore.open(data_dir).annotations()} == {"second"}


def test_a_file_damaged_in_place_keeping_its_times_is_still_checked_and_kept(
    data_dir: Path, tmp_path: Path
) -> None:
    store = AnnotationStore.open(data_dir)
    made = _three_documents(tmp_path, store)
    store.merging.merge_rows(_edits(store, made, "first"), _refuse)
    ref = _ref(store, made[0][1])
    path = Layout(data_dir).document_file(ref.id)
    before = os.stat(path)
    # A damaged record of the same length, written in place, the times put back.
    data = path.read_bytes()
    damaged = data.replace(b'"kind":"note"', b'"kind":"nope"', 1)
    assert damaged != data
    assert len(damaged) == len(data)
    with open(path, "r+b") as handle:
        handle.write(damaged)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    backup = path.with_name(path.name + ".bak").read_bytes()

    again = AnnotationStore.open(data_dir)
    with pytest.raises(StoreUnreadableError, match="damaged annotation"):
        again.merging.merge_rows(_edits(again, made, "second"), _refuse)
    assert path.read_bytes() == damaged  # never written over
    assert path.with_name(path.name + ".bak").read_bytes() == backup


def test_a_record_placed_on_another_version_makes_the_next_attach_place_them_all(
    data_dir: Path, tmp_path: Path
) -> None:
    """Merged in the same write as the records (the file's cached tables stay as read)."""
    store = AnnotationStore.open(data_dir)
    [(doc, annotation_id), *_] = _three_documents(tmp_path, store)
    ref = _ref(store, annotation_id)
    row = store.merging.document_rows(ref.id)[annotation_id]
    elsewhere = {**row, "id": NEW_IDS[0], "anchor": "0123456789ab", "note": "from elsewhere"}
    writes: list[int] = []
    path = Layout(data_dir).document_file(ref.id)
    real = storage_module.atomic_write

    def counted(target: Path, data: bytes, **kwargs: bool) -> None:
        writes.extend([1] if target == path else [])
        real(target, data, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(storage_module, "atomic_write", counted)
        store.merging.merge_rows({ref.id: (ref, {NEW_IDS[0]: RowChange(whole=elsewhere)})}, _refuse)
    assert writes == [1]
    meta = json.loads(path.read_bytes())["meta"]["store"]
    assert meta["fingerprint"] == ""
    notes = {a.note for a in AnnotationStore.open(data_dir).attach(doc)}
    assert notes == {"old 0", "from elsewhere"}


def _catalogue(data_dir: Path) -> dict[str, dict[str, object]]:
    documents: dict[str, dict[str, object]] = json.loads(Layout(data_dir).catalogue.read_bytes())[
        "documents"
    ]
    return documents
