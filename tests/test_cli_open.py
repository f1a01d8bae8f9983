"""``reader open FILE --annotation ID | --paragraph N`` and ``reader notes --verbose``."""

from __future__ import annotations

import gc
import shlex
from pathlib import Path
from typing import Any

import pytest

from reader.readers import load_document
from reader.tui import app as tui_app
from tests.cli_support import run


class FakeApp:
    """Stands for the app: records how it was made, runs at once."""

    made: dict[str, Any]
    failure = None
    return_code = 0
    keymap_clashes: tuple[()] = ()

    def run(self) -> None:
        """Run as the app ends: the collector, paused until its first frame, back on."""
        gc.enable()


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """What the app was made with, once ``reader open`` made it."""
    made: dict[str, Any] = {}

    def make_app(target: object, **options: object) -> FakeApp:
        made.update(options, target=target)
        return FakeApp()

    monkeypatch.setattr(tui_app, "ReaderApp", make_app)
    return made


@pytest.fixture
def essay(tmp_path: Path, clean_sample: Path) -> Path:
    copy = tmp_path / "my essay.txt"
    copy.write_bytes(clean_sample.read_bytes())
    return copy


def annotate(capsys: pytest.CaptureFixture[str], path: Path, paragraph: int) -> str:
    code, out, err = run(capsys, "annotate", str(path), "--paragraph", str(paragraph))
    assert code == 0, err
    return out.strip()


def test_open_at_a_paragraph(
    capsys: pytest.CaptureFixture[str], essay: Path, opened: dict[str, Any]
) -> None:
    code, _, err = run(capsys, "open", str(essay), "--paragraph", "3")
    assert code == 0, err
    document = load_document(essay)
    assert opened["start_at"] == document.paragraphs[3].anchor
    assert opened["target"].paragraphs[3].text == document.paragraphs[3].text


def test_open_at_an_annotation_by_id_or_prefix(
    capsys: pytest.CaptureFixture[str], essay: Path, opened: dict[str, Any]
) -> None:
    annotation_id = annotate(capsys, essay, 4)
    document = load_document(essay)
    for given in (annotation_id, annotation_id[:6]):
        code, _, err = run(capsys, "open", str(essay), "--annotation", given)
        assert code == 0, err
        assert opened["start_at"] == document.paragraphs[4].anchor


def test_an_annotation_follows_its_passage_when_the_file_changed(
    capsys: pytest.CaptureFixture[str], essay: Path, opened: dict[str, Any]
) -> None:
    annotation_id = annotate(capsys, essay, 4)
    passage = load_document(essay).paragraphs[4].text
    essay.write_text("A new first paragraph.\n\n" + essay.read_text(encoding="utf-8"), "utf-8")
    code, _, err = run(capsys, "open", str(essay), "--annotation", annotation_id)
    assert code == 0, err
    moved = load_document(essay).paragraph_by_anchor(opened["start_at"])
    assert moved is not None
    assert moved.text == passage


@pytest.mark.parametrize("paragraph", ["-1", "100000"])
def test_a_paragraph_out_of_range_is_one_line(
    capsys: pytest.CaptureFixture[str], essay: Path, opened: dict[str, Any], paragraph: str
) -> None:
    code, out, err = run(capsys, "open", str(essay), "--paragraph", paragraph)
    assert code == 5
    assert out == ""
    assert err.startswith("reader: ")
    assert f"paragraphs 0 to {len(load_document(essay).paragraphs) - 1}, not {paragraph}" in err
    assert err.count("\n") == 1
    assert not opened


def test_an_unknown_or_foreign_annotation_is_one_line(
    capsys: pytest.CaptureFixture[str],
    essay: Path,
    tmp_path: Path,
    opened: dict[str, Any],
) -> None:
    other = tmp_path / "other.md"
    other.write_text("# Other\n\nSomething else entirely.\n", encoding="utf-8")
    foreign = annotate(capsys, other, 0)
    for given, says in (
        ("abcdef12", "no annotation has the id 'abcdef12'"),
        (foreign, "is in 'Other'"),
    ):
        code, _, err = run(capsys, "open", str(essay), "--annotation", given)
        assert code == 5, err
        assert err.startswith("reader: ")
        assert says in err
        assert err.count("\n") == 1
    assert not opened


def test_an_orphaned_annotation_is_one_line(
    capsys: pytest.CaptureFixture[str], essay: Path, opened: dict[str, Any]
) -> None:
    annotation_id = annotate(capsys, essay, 1)
    essay.write_text("Nothing of the old text is left.\n", encoding="utf-8")
    code, _, err = run(capsys, "open", str(essay), "--annotation", annotation_id)
    assert code == 5
    assert "orphaned" in err
    assert err.count("\n") == 1


def test_a_folder_with_a_place_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, opened: dict[str, Any]
) -> None:
    code, _, err = run(capsys, "open", str(tmp_path), "--paragraph", "1")
    assert code == 2
    assert "--paragraph needs a document FILE" in err


def test_annotation_and_paragraph_exclude_each_other(
    capsys: pytest.CaptureFixture[str], essay: Path, opened: dict[str, Any]
) -> None:
    code, _, err = run(capsys, "open", str(essay), "--paragraph", "1", "--annotation", "abcd")
    assert code == 2
    assert "not allowed with" in err


def test_notes_verbose_prints_the_command_that_opens_each_note(
    capsys: pytest.CaptureFixture[str], essay: Path, opened: dict[str, Any]
) -> None:
    first = annotate(capsys, essay, 2)
    second = annotate(capsys, essay, 5)
    for argv in (("notes", str(essay), "--verbose"), ("notes", "-v")):
        code, out, err = run(capsys, *argv)
        assert code == 0, err
        commands = [line.strip() for line in out.splitlines() if "reader open" in line]
        assert commands == [
            f"reader open {shlex.quote(str(essay.resolve()))} --annotation {first}",
            f"reader open {shlex.quote(str(essay.resolve()))} --annotation {second}",
        ]
    code, out, _ = run(capsys, "notes", str(essay))
    assert "reader open" not in out
    words = shlex.split(commands[1])
    code, _, err = run(capsys, *words[1:])
    assert code == 0, err
    assert opened["start_at"] == load_document(essay).paragraphs[5].anchor
