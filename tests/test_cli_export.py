"""``reader export`` and ``reader import`` from the command line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from reader.annotation import AnnotationKind
from reader.cli import main
from reader.commands import exporting
from reader.readers import load_document
from reader.store import AnnotationStore


def _annotate(path: Path) -> None:
    doc = load_document(path)
    store = AnnotationStore.open()
    store.add(doc, 0, note="First thoughts.", tags=["intro"])
    store.add(doc, 1, kind=AnnotationKind.HIGHLIGHT, tags=["thesis"])


def _copy(sample: Path, folder: Path, name: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy(sample, folder / name))


def test_export_prints_markdown(clean_sample: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _annotate(clean_sample)
    assert main(["export", str(clean_sample)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("---\ntitle: ")
    assert "annotations: 2\n" in out
    assert "First thoughts." in out
    assert "#intro" in out


def test_export_to_a_file_says_where_it_went(
    clean_sample: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _annotate(clean_sample)
    target = tmp_path / "notes.md"
    assert main(["export", str(clean_sample), "-o", str(target)]) == 0
    assert "First thoughts." in target.read_text(encoding="utf-8")
    assert capsys.readouterr().out == (
        f"Exported 2 annotations of {load_document(clean_sample).title!r} to {target}\n"
    )


def test_export_into_a_folder_names_the_file_after_the_title(
    clean_sample: Path, tmp_path: Path
) -> None:
    _annotate(clean_sample)
    assert main(["export", str(clean_sample), "-o", str(tmp_path)]) == 0
    assert main(["export", str(clean_sample), "-o", str(tmp_path)]) == 0
    (written,) = tmp_path.iterdir()
    assert written.suffix == ".md"
    assert written.stem.startswith("Russia")


def test_export_options_filter_and_regroup(
    clean_sample: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _annotate(clean_sample)
    assert main(["export", str(clean_sample), "--tag", "thesis", "--no-orphans"]) == 0
    out = capsys.readouterr().out
    assert "annotations: 1\n" in out
    assert "First thoughts." not in out
    assert main(["export", str(clean_sample), "--group-by", "tag"]) == 0
    out = capsys.readouterr().out
    assert "\n## intro\n" in out
    assert "\n## thesis\n" in out


def test_export_json(clean_sample: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _annotate(clean_sample)
    assert main(["export", str(clean_sample), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["type"] == "AnnotationCollection"
    assert data["total"] == 2


def test_export_without_annotations_warns(
    clean_sample: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", str(clean_sample)]) == 0
    captured = capsys.readouterr()
    assert "annotations: 0" in captured.out
    assert captured.err.startswith("reader: warning: ")
    assert "no annotations" in captured.err


@pytest.mark.parametrize("argv", [["export"], ["export", "x.txt", "--all"]])
def test_export_usage_errors(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("reader: ")
    assert err.count("\n") == 1


def test_export_to_a_missing_folder_is_an_error(
    clean_sample: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _annotate(clean_sample)
    assert main(["export", str(clean_sample), "-o", str(tmp_path / "no" / "x.md")]) == 1
    assert "does not exist" in capsys.readouterr().err


def test_export_all_writes_one_file_per_document_and_warns_about_missing_ones(
    clean_sample: Path,
    webclip_sample: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    kept = _copy(clean_sample, tmp_path / "docs", "clean.txt")
    gone = _copy(webclip_sample, tmp_path / "docs", "clip.txt")
    _annotate(kept)
    _annotate(gone)
    gone.unlink()
    out = tmp_path / "out"
    assert main(["export", "--all", "-o", str(out)]) == 0
    captured = capsys.readouterr()
    assert captured.out == f"Exported 4 annotations of 2 documents to {out}\n"
    assert "its file is gone; exported from the remembered quotes" in captured.err
    files = sorted(out.iterdir())
    assert len(files) == 2
    for file in files:
        assert "First thoughts." in file.read_text(encoding="utf-8")


def test_export_all_shows_progress_for_many_documents(
    clean_sample: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(exporting, "PROGRESS_THRESHOLD", 3)
    for number in range(3):
        path = tmp_path / "docs" / f"doc{number}.txt"
        path.parent.mkdir(exist_ok=True)
        path.write_text(f"Document {number}\n\nIts only paragraph, number {number}.\n")
        store = AnnotationStore.open()
        store.add(load_document(path), 0, note=f"note {number}")
    assert main(["export", "--all", "-o", str(tmp_path / "out"), "--format", "json"]) == 0
    captured = capsys.readouterr()
    assert "Exporting" in captured.err
    assert "3/3" in captured.err
    assert len(list((tmp_path / "out").glob("*.json"))) == 3


def test_import_twice_adds_nothing_twice(
    clean_sample: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    _annotate(clean_sample)
    exported = tmp_path / "notes.json"
    assert main(["export", str(clean_sample), "--format", "json", "-o", str(exported)]) == 0
    capsys.readouterr()
    assert main(["--data-dir", str(tmp_path / "other"), "import", str(exported)]) == 0
    assert capsys.readouterr().out.endswith(": 2 added, 0 already present, 0 orphaned\n")
    assert main(["--data-dir", str(tmp_path / "other"), "import", str(exported)]) == 0
    assert capsys.readouterr().out.endswith(": 0 added, 2 already present, 0 orphaned\n")


def test_import_needs_to_know_the_document(
    clean_sample: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    row = {
        "id": "abc",
        "text": "From elsewhere.",
        "tags": ["web"],
        "target": [
            {
                "source": "https://example.org/essay",
                "selector": [{"type": "TextQuoteSelector", "exact": "strategic partnership"}],
            }
        ],
    }
    path = tmp_path / "hypothesis.json"
    path.write_text(json.dumps({"annotations": [row, {"id": "page-note"}]}))
    assert main(["import", str(path)]) == 2
    assert "pass --document PATH" in capsys.readouterr().err
    assert main(["import", str(path), "--document", str(clean_sample)]) == 0
    assert capsys.readouterr().out.endswith(
        ": 1 added, 0 already present, 0 orphaned, 1 skipped (not annotations of text)\n"
    )
    (annotation,) = AnnotationStore.open().annotations(load_document(clean_sample))
    assert annotation.note == "From elsewhere."


def test_import_of_a_file_naming_a_missing_document(
    clean_sample: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = _copy(clean_sample, tmp_path, "essay.txt")
    _annotate(document)
    exported = tmp_path / "notes.json"
    assert main(["export", str(document), "--format", "json", "-o", str(exported)]) == 0
    document.unlink()
    capsys.readouterr()
    assert main(["import", str(exported)]) == 2
    assert "which is not there; pass --document PATH" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("content", "code"), [("{not json", 3), ('{"unrelated": 1}', 3), ("[]", 2)]
)
def test_import_of_bad_files_is_a_one_line_error(
    tmp_path: Path, content: str, code: int, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content)
    assert main(["import", str(path)]) == code
    err = capsys.readouterr().err
    assert err.startswith("reader: ")
    assert err.count("\n") == 1


def test_export_all_falls_back_to_quotes_for_an_unreadable_file(
    clean_sample: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = _copy(clean_sample, tmp_path / "docs", "essay.txt")
    _annotate(document)
    document.write_bytes(b"\x00\x01\x02binary" * 100)
    assert main(["export", "--all", "-o", str(tmp_path / "out")]) == 0
    captured = capsys.readouterr()
    assert "exported from the remembered quotes" in captured.err
    (written,) = (tmp_path / "out").iterdir()
    assert "First thoughts." in written.read_text(encoding="utf-8")
