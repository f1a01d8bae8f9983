"""``reader import`` against hostile annotation files, built here from a real export.

Ids that look like paths, numbers no float can hold, fields of the wrong type,
strings of megabytes: each bad entry is skipped and counted, every good one is
imported, nothing is written outside the data folder, and what was imported can
be addressed by ``reader rm`` and ``reader edit``.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest

from reader.annotation import Selector
from reader.cli import main
from reader.commands import exporting
from reader.readers import load_document
from reader.reanchor import Reanchorer
from reader.store import AnnotationStore
from reader.store import storage as storage_module
from reader.store.layout import Layout

PARAGRAPHS = [
    f"Paragraph {n} of the document under import, about {topic}, long enough to be unique."
    for n, topic in enumerate(["ledgers", "harbours", "lanterns", "orchards", "bridges"])
]
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


@pytest.fixture
def document(tmp_path: Path) -> Path:
    path = tmp_path / "imported.txt"
    path.write_text("\n\n".join(PARAGRAPHS) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def export(
    document: Path,
    tmp_path: Path,
    data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> dict[str, Any]:
    """A real reader JSON export of three notes, made in another store."""
    monkeypatch.setenv("READER_DATA", str(tmp_path / "source-store"))
    for n in range(3):
        argv = ["annotate", str(document), "--paragraph", str(n), "--note", f"note {n}"]
        assert main(argv) == 0
    out = tmp_path / "export.json"
    assert main(["export", str(document), "--format", "json", "-o", str(out)]) == 0
    monkeypatch.setenv("READER_DATA", str(data_dir))
    capsys.readouterr()
    data: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return data


def items(data: dict[str, Any]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = data["first"]["items"]
    return found


def write(tmp_path: Path, data: Any, name: str = "hostile.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def import_file(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["import", str(path)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def stored(data_dir: Path) -> list[Any]:
    return AnnotationStore.open(data_dir).annotations()


# --- 9. ids never become paths ---------------------------------------------------------


_HOSTILE_IDS = {
    "absolute": "/q-escape-test",
    "parent": "../../..",
    "dots": "..",
    "inside-out": "ab/../../cd",
    "backslash": "\\x",
    "empty": "",
    "huge": "A" * 5000,
}


@pytest.mark.parametrize("hostile_id", list(_HOSTILE_IDS.values()), ids=list(_HOSTILE_IDS))
def test_an_imported_id_never_becomes_a_path_and_stays_addressable(
    hostile_id: str,
    export: dict[str, Any],
    tmp_path: Path,
    data_dir: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    data = copy.deepcopy(export)
    items(data)[0]["reader:annotation"]["id"] = hostile_id
    path = write(tmp_path, data)
    code, out, err = import_file(path, capsys)
    assert (code, err) == (0, "")
    assert ": 3 added" in out
    index = Layout(data_dir).index
    assert all(shard.parent == index for shard in index.rglob("*"))
    assert all(p.resolve().is_relative_to(data_dir.resolve()) for p in data_dir.rglob("*"))
    ids = [a.id for a in stored(data_dir)]
    assert all(UUID.fullmatch(i) for i in ids)
    [derived] = [a.id for a in stored(data_dir) if a.note == "note 0"]
    assert derived not in {i["reader:annotation"]["id"] for i in items(export)}

    code, out, _ = import_file(path, capsys)  # idempotent: the same id is derived again
    assert code == 0
    assert ": 0 added, 3 already present" in out

    assert main(["edit", derived, "--note", "edited"]) == 0
    assert AnnotationStore.open(data_dir).get(derived).note == "edited"
    assert main(["rm", derived[:8]]) == 0
    capsys.readouterr()
    assert len(stored(data_dir)) == 2


def test_an_uppercase_uuid_is_kept_in_its_canonical_form(
    export: dict[str, Any], tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = copy.deepcopy(export)
    original = items(data)[0]["reader:annotation"]["id"]
    items(data)[0]["reader:annotation"]["id"] = original.upper()
    assert import_file(write(tmp_path, data), capsys)[0] == 0
    assert AnnotationStore.open(data_dir).get(original).note == "note 0"


def test_the_store_refuses_an_id_that_could_name_a_path(document: Path, data_dir: Path) -> None:
    store = AnnotationStore.open(data_dir)
    doc = load_document(document)
    for hostile in ("/q-escape-test", "../../..", "ab/cd"):
        with pytest.raises(ValueError, match="not an annotation id"):
            store.add(doc, 0, id=hostile)
        with pytest.raises(ValueError, match="not an annotation id"):
            Layout(data_dir).index_file(hostile)
    with pytest.raises(ValueError, match="not a document id"):
        Layout(data_dir).document_file("../../catalogue")
    assert stored(data_dir) == []


# --- 10. every field checked before anything is written --------------------------------

_EXTENSION_DAMAGE: list[tuple[str, Any]] = [
    ("selector.index", 10**400),
    ("selector.index", -1),
    ("selector.index", "three"),
    ("selector.index", 1.5),
    ("selector.index", True),
    ("selector.paragraph_count", 10**400),
    ("selector.quote", 7),
    ("selector.quote", "q" * 2_000_001),
    ("selector.prefix", ["list"]),
    ("selector.section_path", "not a list"),
    ("selector.neighbours", ["only one"]),
    ("selector", None),
    ("kind", "scribble"),
    ("kind", 3),
    ("status", {"nested": True}),
    ("anchor", "../../etc"),
    ("anchor", None),
    ("suggestion", 12),
    ("document", []),
    ("document.title", 5),
    ("id", 12345),
    ("id", None),
]


def _damaged(item: dict[str, Any], where: str, value: Any) -> dict[str, Any]:
    damaged = copy.deepcopy(item)
    target = damaged["reader:annotation"]
    *parents, last = where.split(".")
    for key in parents:
        target = target[key]
    target[last] = value
    return damaged


def test_each_bad_field_is_skipped_and_counted_and_the_rest_imported(
    export: dict[str, Any], tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = items(export)
    bad = [
        _damaged(good[n % 3], where, value) for n, (where, value) in enumerate(_EXTENSION_DAMAGE)
    ]
    foreign_bad: list[Any] = [
        {"target": {"selector": {"type": "TextQuoteSelector", "exact": 7}}},
        {"target": {"selector": {"type": "TextQuoteSelector", "exact": "x" * 2_000_001}}},
        {
            "target": {"selector": [{"type": "TextQuoteSelector", "exact": PARAGRAPHS[4]}]},
            "tags": ["t"] * 5_000,
        },
        {
            "target": {"selector": [{"type": "TextQuoteSelector", "exact": PARAGRAPHS[4]}]},
            "bodyValue": "n" * 2_000_001,
        },
        {
            "target": {
                "selector": [
                    {"type": "TextQuoteSelector", "exact": PARAGRAPHS[4]},
                    {"type": "TextPositionSelector", "start": 10**400},
                ]
            }
        },
        None,
        [],
        "text",
        10**400,
    ]
    # Bad entries first, between and after the good ones: nothing aborts half-way.
    entries = [*bad[:5], good[0], *bad[5:15], good[1], *bad[15:], *foreign_bad, good[2]]
    data = {**export, "first": {**export["first"], "items": entries}}
    code, out, err = import_file(write(tmp_path, data), capsys)
    skipped = len(bad) + len(foreign_bad)
    assert (code, err) == (0, "")
    assert out.rstrip("\n").endswith(
        f": 3 added, 0 already present, 0 orphaned, {skipped} skipped "
        "(malformed: a field of the wrong type, out of range or too large)"
    )
    assert sorted(a.note for a in stored(data_dir)) == ["note 0", "note 1", "note 2"]


def test_a_bad_file_among_several_stores_nothing(
    export: dict[str, Any], tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = write(tmp_path, export, "good.json")
    broken = tmp_path / "broken.json"
    broken.write_text('{"first": {"items": [', encoding="utf-8")
    assert main(["import", str(good), str(broken)]) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert stored(data_dir) == []


def test_no_selector_can_overflow_re_anchoring(document: Path) -> None:
    doc = load_document(document)
    reanchorer = Reanchorer(doc)
    for index, count in [(10**400, 3), (10**400, 10**401), (3, 10**400), (-(10**400), 5)]:
        selector = Selector(quote="nowhere to be found", index=index, paragraph_count=count)
        placement = reanchorer.place("0123456789ab", selector)
        assert placement.status.value in {"attached", "moved", "orphaned"}


# --- 11. one write per document, with a progress bar ---------------------------------


def _many(tmp_path: Path, documents: int, per_document: int) -> list[Path]:
    """Export files of ``per_document`` annotations for each of ``documents`` documents."""
    files = []
    for d in range(documents):
        path = tmp_path / "docs" / f"doc{d}.txt"
        path.parent.mkdir(exist_ok=True)
        texts = [f"Document {d}, paragraph {p}: text that is its own." for p in range(20)]
        path.write_text("\n\n".join(texts) + "\n", encoding="utf-8")
        doc = load_document(path)
        store = AnnotationStore.open(tmp_path / f"source{d}")
        for n in range(per_document):
            store.add(doc, n % 20, note=f"note {n}")
        from reader.export import export_web_annotations

        out = tmp_path / f"export{d}.json"
        out.write_text(json.dumps(export_web_annotations(doc, store.annotations(doc))))
        files.append(out)
    return files


def test_an_import_writes_each_file_once_whatever_the_number_of_annotations(
    tmp_path: Path,
    data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    files = _many(tmp_path, documents=3, per_document=60)
    written: list[Path] = []
    real = storage_module.atomic_write

    def counted(path: Path, data: bytes, **kwargs: bool) -> None:
        written.append(path)
        real(path, data, **kwargs)

    monkeypatch.setattr(storage_module, "atomic_write", counted)
    assert main(["import", *map(str, files)]) == 0
    assert "3 files into 3 documents: 180 added" in capsys.readouterr().out
    layout = Layout(data_dir)
    documents = [p for p in written if p.parent == layout.documents]
    shards = [p for p in written if p.parent == layout.index]
    assert sorted(documents) == sorted(set(documents))
    assert len(documents) == 3
    assert sorted(shards) == sorted(set(shards))
    assert len(written) - len(documents) - len(shards) <= 3 * 3 + 1  # the catalogue
    assert len(stored(data_dir)) == 180


def test_a_large_import_shows_a_progress_bar(
    tmp_path: Path,
    data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    files = _many(tmp_path, documents=2, per_document=5)
    monkeypatch.setattr(exporting, "IMPORT_PROGRESS_THRESHOLD", 10)
    assert main(["import", *map(str, files)]) == 0
    captured = capsys.readouterr()
    assert "Importing" in captured.err
    assert "10/10" in captured.err
    assert "10 added" in captured.out


def test_a_file_with_nothing_to_add_records_no_document(
    export: dict[str, Any], tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    damaged = [_damaged(item, "selector.index", -5) for item in items(export)]
    data = {**export, "first": {**export["first"], "items": damaged}}
    code, out, _ = import_file(write(tmp_path, data), capsys)
    assert code == 0
    assert ": 0 added, 0 already present, 0 orphaned, 3 skipped" in out
    assert AnnotationStore.open(data_dir).documents() == []
