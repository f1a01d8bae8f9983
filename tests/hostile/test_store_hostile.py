"""The store against an attacker and an unlucky user.

Each test builds its hostile input itself: a damaged record inside a valid
document file, symbolic links planted where the store writes, a disk that fills
up at any point of a write, and read-only commands run on an empty data folder.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from reader.annotation import Annotation
from reader.cli import main
from reader.commands.doctor import run_doctor
from reader.model import Document
from reader.readers import load_document
from reader.store import AnnotationStore, StoreError, StoreUnreadableError
from reader.store import storage as storage_module
from reader.store.layout import Layout

PARAGRAPHS = [
    f"Paragraph {n} of the hostile test document, about {topic}, long enough to be unique."
    for n, topic in enumerate(["ledgers", "harbours", "lanterns", "orchards"])
]


@pytest.fixture
def document(tmp_path: Path) -> Document:
    path = tmp_path / "hostile.txt"
    path.write_text("\n\n".join(PARAGRAPHS) + "\n", encoding="utf-8")
    return load_document(path)


def notes_of(data_dir: Path, doc: Document) -> list[str]:
    return sorted(a.note for a in AnnotationStore.open(data_dir).annotations(doc))


def damage_one_record(data_dir: Path, annotation_id: str) -> Path:
    """Give one record of a valid document file a field of the wrong type."""
    [path] = Layout(data_dir).document_files()
    raw = json.loads(path.read_bytes())
    raw["annotations"][annotation_id]["created"] = 5
    path.write_text(json.dumps(raw), encoding="utf-8")
    return path


# --- 4. a damaged record inside a valid document file ---------------------------------


def test_a_file_holding_a_damaged_record_is_never_written_over(
    data_dir: Path, document: Document
) -> None:
    store = AnnotationStore.open(data_dir)
    first, second, third = (store.add(document, 0, note=f"note {n}") for n in (1, 2, 3))
    path = damage_one_record(data_dir, second.id)
    damaged = path.read_bytes()
    backup = path.with_name(path.name + ".bak").read_bytes()

    with pytest.raises(StoreUnreadableError, match="reader doctor --fix"):
        AnnotationStore.open(data_dir).add(document, 1, note="refused")
    assert path.read_bytes() == damaged
    assert path.with_name(path.name + ".bak").read_bytes() == backup
    assert AnnotationStore.open(data_dir).get(first.id).note == "note 1"
    assert AnnotationStore.open(data_dir).get(third.id).note == "note 3"


def test_annotate_refuses_in_one_line_with_exit_code_4(
    data_dir: Path, document: Document, capsys: pytest.CaptureFixture[str]
) -> None:
    store = AnnotationStore.open(data_dir)
    added = [store.add(document, 0, note=f"note {n}") for n in (1, 2, 3)]
    damage_one_record(data_dir, added[0].id)
    assert document.path is not None
    code = main(["annotate", str(document.path), "--paragraph", "1", "--note", "refused"])
    err = capsys.readouterr().err
    assert code == 4
    assert err.count("\n") == 1
    assert err.startswith("reader: ")
    assert "reader doctor --fix" in err
    assert main(["notes", str(document.path)]) == 4
    assert "Traceback" not in capsys.readouterr().err


def test_doctor_fix_recovers_every_readable_record_into_the_live_store(
    data_dir: Path, document: Document
) -> None:
    store = AnnotationStore.open(data_dir)
    added = [store.add(document, n % 2, note=f"note {n}") for n in range(4)]
    # The damaged record was readable in the previous version: that one comes back.
    damage_one_record(data_dir, added[1].id)

    report = run_doctor(data_dir, fix=True)

    assert report.problems == 0
    assert notes_of(data_dir, document) == ["note 0", "note 1", "note 2", "note 3"]
    [kept] = list(Layout(data_dir).quarantine.iterdir())
    assert "created" in kept.read_text()
    assert run_doctor(data_dir).problems == 0


def test_doctor_fix_keeps_the_newest_record_even_when_the_previous_version_lacks_it(
    data_dir: Path, document: Document
) -> None:
    store = AnnotationStore.open(data_dir)
    added = [store.add(document, 0, note=f"note {n}") for n in range(3)]
    path = damage_one_record(data_dir, added[0].id)
    backup = path.with_name(path.name + ".bak")
    raw = json.loads(backup.read_bytes())
    raw["annotations"].pop(added[0].id)  # no readable previous version of the damaged one
    backup.write_text(json.dumps(raw), encoding="utf-8")

    report = run_doctor(data_dir, fix=True)

    assert notes_of(data_dir, document) == ["note 1", "note 2"]
    assert any("1 damaged one(s) are only in that copy" in line for line in report.lines)
    assert backup.exists()


# --- 5. planted symbolic links ---------------------------------------------------------


def test_a_link_planted_at_every_temporary_name_is_never_followed(
    data_dir: Path, document: Document, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious", encoding="utf-8")
    store = AnnotationStore.open(data_dir)
    store.add(document, 0)
    layout = Layout(data_dir)
    folders = [data_dir, layout.documents, layout.index]
    names = [p.name for folder in folders for p in folder.iterdir()]
    for folder in folders:
        for name in names:
            # The names older versions used, and any other guess an attacker may make.
            for guess in (f".{name}.{os.getpid()}.tmp", f".{name}.tmp", f"{name}.bak.tmp"):
                with_link = folder / guess
                if not with_link.exists():
                    with_link.symlink_to(victim)
    AnnotationStore.open(data_dir).add(document, 1, note="after the links were planted")
    assert victim.read_text(encoding="utf-8") == "precious"


def test_temporary_files_are_created_exclusively_and_never_through_a_link(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[int] = []
    real_open = os.open

    def spy(path: str, flags: int, *args: object, **kwargs: object) -> int:
        if str(path).endswith(".tmp"):
            opened.append(flags)
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", spy)
    storage_module.atomic_write(tmp_path / "file.json", b"{}")
    assert opened
    for flags in opened:
        assert flags & os.O_CREAT
        assert flags & os.O_EXCL
        assert flags & os.O_NOFOLLOW


def test_a_link_planted_at_the_lock_file_is_not_written_through(
    data_dir: Path, document: Document, tmp_path: Path
) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious", encoding="utf-8")
    Layout(data_dir).lock.symlink_to(victim)
    with pytest.raises(StoreError):
        AnnotationStore.open(data_dir).add(document, 0)
    assert victim.read_text(encoding="utf-8") == "precious"


def test_quarantine_never_writes_over_a_planted_link(data_dir: Path, tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious", encoding="utf-8")
    damaged = data_dir / "catalogue.json"
    damaged.write_text("{not json", encoding="utf-8")
    folder = data_dir / "quarantine"
    folder.mkdir()
    stamp = "20250101T000000Z"
    (folder / f"catalogue.json.{stamp}").symlink_to(victim)
    kept = storage_module.quarantine(damaged, folder, stamp)
    assert kept.read_text(encoding="utf-8") == "{not json"
    assert victim.read_text(encoding="utf-8") == "precious"


# --- 7. a full disk at every point of a write ------------------------------------------

_FAILING = ("write", "fsync", "link", "replace", "mkstemp")


def _calls(monkeypatch: pytest.MonkeyPatch, fail_at: tuple[str, int] | None) -> dict[str, int]:
    """Count (and, at ``fail_at``, fail with ENOSPC) the calls that reach the disk."""
    counts = dict.fromkeys(_FAILING, 0)

    def wrap(name: str, real: Callable[..., object]) -> Callable[..., object]:
        def call(*args: object, **kwargs: object) -> object:
            counts[name] += 1
            if fail_at == (name, counts[name]):
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            return real(*args, **kwargs)

        return call

    for name in ("write", "fsync", "link", "replace"):
        # The store's os and tempfile are these modules: patched here, patched there.
        monkeypatch.setattr(os, name, wrap(name, getattr(os, name)))
    monkeypatch.setattr(tempfile, "mkstemp", wrap("mkstemp", tempfile.mkstemp))
    return counts


def _points(tmp_path: Path, document: Document, seeded: Path) -> Iterator[tuple[str, int]]:
    """Every call that reaches the disk while adding one annotation to ``seeded``."""
    with pytest.MonkeyPatch.context() as patch:
        copy = tmp_path / "count"
        shutil.copytree(seeded, copy)
        counts = _calls(patch, None)
        AnnotationStore.open(copy).add(document, 1, note="counted")
    for name, total in counts.items():
        for n in range(1, total + 1):
            yield name, n


@pytest.mark.parametrize("new_document", [False, True], ids=["known", "new"])
def test_a_full_disk_at_any_point_either_changes_nothing_or_stores_once(
    data_dir: Path, document: Document, tmp_path: Path, new_document: bool
) -> None:
    seeded = tmp_path / "seeded"
    if not new_document:
        AnnotationStore.open(seeded).add(document, 0, note="before")
    else:
        seeded.mkdir()
    points = list(_points(tmp_path, document, seeded))
    assert len(points) >= 8
    for point in points:
        trial = tmp_path / f"trial-{point[0]}-{point[1]}"
        shutil.copytree(seeded, trial)
        before = sorted(a.note for a in AnnotationStore.open(trial).annotations())
        store = AnnotationStore.open(trial)
        with pytest.MonkeyPatch.context() as patch:
            _calls(patch, point)
            failure = None
            try:
                store.add(document, 1, note="new")
            except StoreError as error:
                failure = str(error)
        failed = failure is not None
        if failure is not None:
            assert "nothing was changed" in failure, point
        after = sorted(a.note for a in AnnotationStore.open(trial).annotations())
        if failed:
            assert after == before, point
            assert run_doctor(trial).problems == 0, (point, run_doctor(trial).lines)
            assert [r.id for r in AnnotationStore.open(trial).documents()] == [
                r.id for r in AnnotationStore.open(seeded).documents()
            ], point
        else:
            assert after == sorted([*before, "new"]), point
            run_doctor(trial, fix=True)
            assert run_doctor(trial).problems == 0, point
        # A retry stores the note exactly once.
        retried = AnnotationStore.open(trial)
        if failed:
            retried.add(document, 1, note="new")
        final = sorted(a.note for a in AnnotationStore.open(trial).annotations())
        assert final.count("new") == 1, point


def test_a_full_disk_after_the_note_was_stored_is_a_warning_not_a_failure(
    data_dir: Path, document: Document, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = AnnotationStore.open(data_dir)
    store.add(document, 0, note="before")
    catalogue = Layout(data_dir).catalogue
    real = storage_module.atomic_write

    def full_for_the_catalogue(path: Path, data: bytes, **kwargs: bool) -> None:
        if path == catalogue:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real(path, data, **kwargs)

    monkeypatch.setattr(storage_module, "atomic_write", full_for_the_catalogue)
    added: Annotation = store.add(document, 1, note="stored")
    assert any("the change was stored" in notice for notice in store.notices)
    monkeypatch.setattr(storage_module, "atomic_write", real)
    assert AnnotationStore.open(data_dir).get(added.id).note == "stored"


# --- 8. reading creates nothing ----------------------------------------------------------


def test_read_only_commands_leave_an_empty_data_folder_empty(
    data_dir: Path, document: Document, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = str(document.path)
    out = tmp_path / "exports"
    out.mkdir()
    commands = [
        ["notes", file],
        ["notes", file, "--json"],
        ["notes"],
        ["tags"],
        ["toc", file],
        ["show", file],
        ["export", file],
        ["export", file, "--format", "json"],
        ["export", "--all", "-o", str(out)],
        ["doctor"],
        ["rm", "abcdef12"],
        ["edit", "abcdef12", "--note", "x"],
    ]
    for argv in commands:
        main(argv)
        assert list(data_dir.iterdir()) == [], argv
    capsys.readouterr()


def test_listing_an_unknown_document_in_a_store_changes_no_file(
    data_dir: Path, document: Document, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "other.txt"
    other.write_text("Another document entirely.\n", encoding="utf-8")
    AnnotationStore.open(data_dir).add(load_document(other), 0)
    before = {p: p.stat().st_mtime_ns for p in data_dir.rglob("*")}
    assert main(["notes", str(document.path)]) == 0
    assert main(["notes", str(other)]) == 0
    assert {p: p.stat().st_mtime_ns for p in data_dir.rglob("*")} == before
    capsys.readouterr()


def _two_documents(tmp_path: Path) -> list[tuple[Document, list[Annotation]]]:
    """Two documents, each with three annotations made in another store."""
    batches = []
    for number in range(2):
        path = tmp_path / f"import{number}.txt"
        path.write_text("\n\n".join(f"{number}: {p}" for p in PARAGRAPHS) + "\n", "utf-8")
        doc = load_document(path)
        source = AnnotationStore.open(tmp_path / f"source{number}")
        made = [source.add(doc, n, note=f"doc {number} note {n}") for n in range(3)]
        batches.append((doc, made))
    return batches


def test_a_full_disk_at_any_point_of_an_import_says_what_was_stored(
    tmp_path: Path,
) -> None:
    batches = _two_documents(tmp_path)
    with pytest.MonkeyPatch.context() as patch:
        counts = _calls(patch, None)
        AnnotationStore.open(tmp_path / "count").import_annotations(batches)
    points = [(name, n) for name, total in counts.items() for n in range(1, total + 1)]
    assert len(points) >= 8
    everything = sorted(a.note for _, made in batches for a in made)
    for point in points:
        trial = tmp_path / f"trial-{point[0]}-{point[1]}"
        store = AnnotationStore.open(trial)
        failure = None
        with pytest.MonkeyPatch.context() as patch:
            _calls(patch, point)
            try:
                store.import_annotations(batches)
            except StoreError as error:
                failure = str(error)
        notes = sorted(a.note for a in AnnotationStore.open(trial).annotations())
        if failure is None:
            assert notes == everything, point
        elif "the first 1 of 2 documents were imported" in failure:
            assert notes == sorted(a.note for a in batches[0][1]), point
        else:
            assert "nothing was changed" in failure, point
            assert notes == [], point
            assert AnnotationStore.open(trial).documents() == [], point
        run_doctor(trial, fix=True)
        assert run_doctor(trial).problems == 0, point
        AnnotationStore.open(trial).import_annotations(batches)  # the retry adds the rest
        final = sorted(a.note for a in AnnotationStore.open(trial).annotations())
        assert final == everything, point


def test_the_doctor_never_builds_a_path_from_a_hostile_record_key(
    data_dir: Path, document: Document, tmp_path: Path
) -> None:
    store = AnnotationStore.open(data_dir)
    added = store.add(document, 0, note="kept")
    [path] = Layout(data_dir).document_files()
    raw = json.loads(path.read_bytes())
    for hostile in ("/q-escape-test", "../../../escaped", "ab/../../cd"):
        raw["annotations"][hostile] = {**raw["annotations"][added.id], "id": hostile}
    path.write_text(json.dumps(raw), encoding="utf-8")
    [shard] = Layout(data_dir).index_files()
    index = json.loads(shard.read_bytes())
    index["ids"][f"{shard.stem}/../../x"] = {"document": 5}
    shard.write_text(json.dumps(index), encoding="utf-8")

    run_doctor(data_dir, fix=True)

    outside = [p for p in tmp_path.rglob("*") if "escaped" in p.name or p.name == "q.json"]
    assert outside == []
    assert all(p.resolve().is_relative_to(data_dir.resolve()) for p in data_dir.rglob("*"))
    assert AnnotationStore.open(data_dir).get(added.id).note == "kept"
    assert run_doctor(data_dir).problems == 0
