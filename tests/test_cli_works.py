"""reader link / unlink, and the notes of a work's copies through notes and export."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.cli_support import run, run_json


@pytest.fixture
def copies(tmp_path: Path, clean_sample: Path, webclip_sample: Path) -> tuple[Path, Path]:
    essay, clip = tmp_path / "essay.txt", tmp_path / "essay.webclip.txt"
    shutil.copy(clean_sample, essay)
    shutil.copy(webclip_sample, clip)
    return essay, clip


def test_a_note_on_either_sample_shows_on_the_other(
    capsys: pytest.CaptureFixture[str], copies: tuple[Path, Path]
) -> None:
    essay, clip = copies
    run(capsys, "annotate", str(essay), "--paragraph", "1", "--note", "on the essay")
    run(capsys, "annotate", str(clip), "--paragraph", "6", "--note", "on the clip")
    on_clip = run_json(capsys, "notes", str(clip))["annotations"]
    assert [(a["note"], a["paragraph"], a["status"], a["other_copy"]) for a in on_clip] == [
        ("on the essay", 4, "attached", True),
        ("on the clip", 6, "attached", False),
    ]
    assert on_clip[0]["made_on"]["path"] == str(essay.resolve())
    on_essay = run_json(capsys, "notes", str(essay))["annotations"]
    assert [(a["note"], a["paragraph"]) for a in on_essay] == [
        ("on the essay", 1),
        ("on the clip", 3),
    ]
    code, out, _ = run(capsys, "notes", str(clip))
    assert code == 0
    assert out.count("on essay.txt") == 1  # the essay's note, marked with its copy


def test_export_of_a_copy_lists_each_note_of_the_work_once(
    capsys: pytest.CaptureFixture[str], copies: tuple[Path, Path]
) -> None:
    essay, clip = copies
    # The clip's note comes first in the essay: the export still names the essay.
    run(capsys, "annotate", str(essay), "--paragraph", "4", "--note", "first thought")
    run(capsys, "annotate", str(clip), "--paragraph", "4", "--note", "second thought")
    code, out, _ = run(capsys, "export", str(clip))
    assert code == 0
    assert out.count("first thought") == 1
    assert out.count("second thought") == 1
    code, out, _ = run(capsys, "export", str(essay), "--format", "json")
    assert code == 0
    exported = json.loads(out)
    own = run_json(capsys, "notes", str(essay))["annotations"]
    essay_id = next(a["document"]["id"] for a in own if not a["other_copy"])
    assert exported["reader:document"]["id"] == essay_id  # its own id, not the clip's
    assert sorted(i["body"][0]["value"] for i in exported["first"]["items"]) == [
        "first thought",
        "second thought",
    ]


def test_unlink_stops_the_sharing_and_link_brings_it_back(
    capsys: pytest.CaptureFixture[str], copies: tuple[Path, Path]
) -> None:
    essay, clip = copies
    run(capsys, "annotate", str(essay), "--paragraph", "1", "--note", "shared")
    code, out, _ = run(capsys, "unlink", str(clip))
    assert (code, out) == (0, "unlinked: no longer grouped with essay.txt\n")
    assert run_json(capsys, "notes", str(clip))["annotations"] == []
    unlinked = run_json(capsys, "unlink", str(clip))
    assert unlinked["former_copies"] == []
    linked = run_json(capsys, "link", str(clip), str(essay))
    assert sorted(Path(r["path"]).name for r in linked["work"]) == [
        "essay.txt",
        "essay.webclip.txt",
    ]
    assert [a["note"] for a in run_json(capsys, "notes", str(clip))["annotations"]] == ["shared"]


def test_link_joins_two_documents_that_share_no_text(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text("The first document says one thing at some length.\n", encoding="utf-8")
    second.write_text("The second document says another, quite unlike it.\n", encoding="utf-8")
    run(capsys, "annotate", str(first), "--paragraph", "0", "--note", "n")
    assert run_json(capsys, "notes", str(second))["annotations"] == []
    code, out, _ = run(capsys, "link", str(first), str(second))
    assert code == 0
    assert out.startswith("linked: one work of 2 copies")
    [shown] = run_json(capsys, "notes", str(second))["annotations"]
    assert (shown["status"], shown["other_copy"]) == ("orphaned", True)


def test_a_document_cannot_be_linked_to_itself(
    capsys: pytest.CaptureFixture[str], copies: tuple[Path, Path]
) -> None:
    essay, _ = copies
    code, _, err = run(capsys, "link", str(essay), str(essay))
    assert code == 2
    assert "cannot be linked to itself" in err
