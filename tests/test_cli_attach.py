"""``reader attach ID --accept | --confirm | --paragraph N``: output, JSON, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.readers import load_document
from tests.cli_support import essay, run

__all__ = ["essay"]  # a fixture used by name

CUT = " And that is the end of it, we think."


def _annotate(capsys: pytest.CaptureFixture[str], essay: Path, paragraph: int) -> str:
    code, out, err = run(capsys, "annotate", str(essay), "--paragraph", str(paragraph))
    assert code == 0, err
    return out.strip()


def _edit(essay: Path, paragraph: int, edit: str) -> str:
    """Edit a paragraph of the essay on disk (``cut``: orphans its note; ``reword``: moves it)."""
    old = load_document(essay).paragraphs[paragraph].text
    new = old[: len(old) // 2] + CUT if edit == "cut" else old.replace(" the ", " this ", 1)
    essay.write_text(essay.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    return new


def _status(capsys: pytest.CaptureFixture[str], essay: Path) -> list[tuple[str, int | None]]:
    code, out, _ = run(capsys, "notes", str(essay), "--json")
    assert code == 0
    return [(a["status"], a["paragraph"]) for a in json.loads(out)["annotations"]]


def test_accept_attaches_an_orphan_to_its_suggestion(
    capsys: pytest.CaptureFixture[str], essay: Path
) -> None:
    note = _annotate(capsys, essay, 2)
    edited = _edit(essay, 2, "cut")
    assert _status(capsys, essay) == [("orphaned", None)]
    code, out, _ = run(capsys, "notes", str(essay))
    assert "ORPHANED  suggests ¶2" in out
    code, out, err = run(capsys, "attach", note[:8], "--accept")
    assert (code, err) == (0, "")
    assert out.startswith(f"attached {note[:8]} to ¶2: ")
    assert _status(capsys, essay) == [("attached", 2)]
    code, out, _ = run(capsys, "notes", str(essay), "--json")
    assert json.loads(out)["annotations"][0]["selector"]["quote"] == edited


def test_confirm_a_moved_annotation(capsys: pytest.CaptureFixture[str], essay: Path) -> None:
    note = _annotate(capsys, essay, 3)
    _edit(essay, 3, "reword")  # re-anchored by the attach itself: FILE not read before
    code, out, _ = run(capsys, "attach", note, "--confirm", "--json")
    assert code == 0
    shown = json.loads(out)
    assert (shown["id"], shown["status"], shown["paragraph"]) == (note, "attached", 3)
    assert _status(capsys, essay) == [("attached", 3)]
    code, out, _ = run(capsys, "attach", note, "--confirm")  # again: nothing to do
    assert (code, out) == (0, f"annotation {note[:8]} is attached already: nothing to accept\n")


def test_paragraph_n_and_an_explicit_file(
    capsys: pytest.CaptureFixture[str], essay: Path, tmp_path: Path
) -> None:
    note = _annotate(capsys, essay, 2)
    _edit(essay, 2, "cut")
    _status(capsys, essay)  # the store sees the edited file, then it is renamed
    moved = tmp_path / "moved.txt"
    essay.rename(moved)
    code, _, err = run(capsys, "attach", note, "--paragraph", "4")
    assert code == 2
    assert err.count("\n") == 1
    assert f"give the document's file: reader attach {note[:8]} FILE" in err
    code, out, _ = run(capsys, "attach", note, str(moved), "--paragraph", "4")
    assert code == 0
    assert out.startswith(f"attached {note[:8]} to ¶4: ")
    assert _status(capsys, moved) == [("attached", 4)]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["ffffffff", "--accept"], 5, "reader: no annotation has the id 'ffffffff'\n"),
        (["{id}", "--paragraph", "6"], 5, "paragraph 6 is out of range"),
        (["{id}", "--confirm"], 1, "is orphaned, not moved: --accept takes its suggestion"),
        (["{id}"], 2, "one of the arguments --accept --confirm --paragraph is required"),
        (["{id}", "--accept", "--paragraph", "1"], 2, "not allowed with argument"),
    ],
)
def test_mistakes_say_one_line_and_exit_meaningfully(
    capsys: pytest.CaptureFixture[str], essay: Path, args: list[str], code: int, message: str
) -> None:
    note = _annotate(capsys, essay, 2)
    _edit(essay, 2, "cut")
    got, out, err = run(capsys, "attach", *(a.format(id=note) for a in args))
    assert (got, out) == (code, "")
    assert err.count("\n") == 1
    assert message in err
    assert _status(capsys, essay) == [("orphaned", None)]  # nothing changed


def test_an_orphan_without_a_suggestion(
    capsys: pytest.CaptureFixture[str], essay: Path, data_dir: Path
) -> None:
    note = _annotate(capsys, essay, 2)
    _edit(essay, 2, "cut")
    _status(capsys, essay)
    [path] = (data_dir / "documents").glob("*.json")
    tables = json.loads(path.read_bytes())
    tables["annotations"][note]["suggestion"] = None
    path.write_text(json.dumps(tables), encoding="utf-8")
    code, _, err = run(capsys, "attach", note, "--accept")
    assert code == 1
    assert err == f"reader: orphan {note[:8]} has no suggestion; attach it with --paragraph N\n"


def test_another_documents_file_is_refused(
    capsys: pytest.CaptureFixture[str], essay: Path, webclip_sample: Path
) -> None:
    note = _annotate(capsys, essay, 2)
    _annotate(capsys, webclip_sample, 0)  # known to the store, but not the note's document
    code, _, err = run(capsys, "attach", note, str(webclip_sample), "--paragraph", "0")
    assert code == 1
    assert "belongs to" in err
    edited = essay.with_name("edited.txt")
    essay.rename(edited)
    _edit(edited, 2, "cut")  # moved and changed: the store cannot tell it is the same
    code, _, err = run(capsys, "attach", note, str(edited), "--paragraph", "0")
    assert code == 1
    assert "is not a version of annotation" in err
