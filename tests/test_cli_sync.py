"""``reader sync``: the summary, JSON, the configured folder, warnings and errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.readers import load_document
from reader.store import AnnotationStore
from tests.cli_support import run


def test_two_data_folders_sync_through_one_folder(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, clean_sample: Path
) -> None:
    folder = tmp_path / "Sync"
    doc = load_document(clean_sample)
    AnnotationStore.open(tmp_path / "laptop").add(doc, 3, note="from the laptop")
    code, out, err = run(capsys, "--data-dir", str(tmp_path / "laptop"), "sync", str(folder))
    assert (code, err) == (0, "")
    assert (
        out
        == f"Synced with {folder}: 2 sent, 0 received, 0 conflict copies merged, 0 files skipped\n"
    )
    code, out, _ = run(
        capsys, "--data-dir", str(tmp_path / "desktop"), "sync", str(folder), "--json"
    )
    assert code == 0
    shown = json.loads(out)
    assert (shown["sent"], shown["received"], shown["skipped"]) == (0, 2, [])
    [note] = AnnotationStore.open(tmp_path / "desktop").annotations()
    assert note.note == "from the laptop"


def test_folder_from_the_config_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config.toml"
    config.write_text(f'sync = "{tmp_path / "shared"}"\n', encoding="utf-8")
    monkeypatch.setenv("READER_CONFIG", str(config))
    code, out, _ = run(capsys, "sync")
    assert code == 0
    assert out.startswith(f"Synced with {tmp_path / 'shared'}: 0 sent")
    assert (tmp_path / "shared" / "reader-sync").is_dir()


def test_no_folder_anywhere_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("READER_CONFIG", str(tmp_path / "none.toml"))
    code, out, err = run(capsys, "sync")
    assert (code, out) == (2, "")
    assert err.startswith("reader: sync needs a FOLDER, or 'sync = \"FOLDER\"' in ")
    assert err.count("\n") == 1


def test_a_file_given_as_folder(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    file = tmp_path / "notes.txt"
    file.write_text("x", encoding="utf-8")
    code, _, err = run(capsys, "sync", str(file))
    assert code == 2
    assert err == f"reader: {file} is not a folder; give the folder your machines share\n"


def test_a_damaged_file_is_one_warning_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    broken = tmp_path / "shared" / "reader-sync" / "0123456789abcdef" / "changes.jsonl"
    broken.parent.mkdir(parents=True)
    broken.write_bytes(b'{"format":1,"machine":"0123456789abcdef"')
    code, out, err = run(capsys, "sync", str(tmp_path / "shared"))
    assert code == 0
    assert err == (
        f"reader: warning: skipped {broken}: is damaged (its first line is not a header); "
        "it is read again at the next sync\n"
    )
    assert out.endswith("0 conflict copies merged, 1 file skipped\n")


def test_a_long_sync_shows_a_progress_bar_on_standard_error(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    clean_sample: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = tmp_path / "Sync"
    doc = load_document(clean_sample)
    laptop = AnnotationStore.open(tmp_path / "laptop")
    for index in range(3):
        laptop.add(doc, index, note=f"note {index}")
    run(capsys, "--data-dir", str(tmp_path / "laptop"), "sync", str(folder))
    monkeypatch.setattr("reader.commands.sync.SYNC_PROGRESS_THRESHOLD", 6)
    code, out, err = run(capsys, "--data-dir", str(tmp_path / "desktop"), "sync", str(folder))
    assert code == 0
    assert "Syncing" in err
    assert "6/6" in err  # each of the 3 annotations merged, then stored
    assert out.startswith(f"Synced with {folder}: 0 sent, 4 received")
