"""``reader annotate / notes / tags / edit / rm / doctor``: output, JSON shapes, exit codes."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from reader.readers import load_document
from tests.cli_support import essay, run, run_json

__all__ = ["essay"]  # a fixture used by name


def test_annotate_prints_the_new_id_and_notes_lists_it(
    capsys: pytest.CaptureFixture[str], essay: Path
) -> None:
    code, out, _ = run(
        capsys, "annotate", str(essay), "--paragraph", "2", "--note", "Hi", "--tag", "T"
    )
    assert code == 0
    annotation_id = out.strip()
    assert len(annotation_id) == 36
    code, out, _ = run(capsys, "notes", str(essay))
    assert code == 0
    assert annotation_id[:8] in out
    assert "¶2" in out
    assert "#T" in out
    assert "Hi" in out


def test_annotate_by_anchor_with_json_and_the_note_from_stdin(
    capsys: pytest.CaptureFixture[str], essay: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = load_document(essay)
    monkeypatch.setattr("sys.stdin", io.StringIO("line one\nline two\n"))
    shown = run_json(
        capsys,
        "annotate",
        str(essay),
        "--anchor",
        doc.paragraphs[1].anchor,
        "--note",
        "-",
        "--kind",
        "highlight",
    )
    assert shown["version"] == 1
    assert shown["note"] == "line one\nline two\n"
    assert shown["kind"] == "highlight"
    assert shown["anchor"] == doc.paragraphs[1].anchor
    assert shown["status"] == "attached"
    assert shown["document"]["fingerprint"] == doc.fingerprint
    assert set(shown["selector"]) == {
        "quote",
        "prefix",
        "suffix",
        "index",
        "paragraph_count",
        "section_path",
        "neighbours",
    }


@pytest.mark.parametrize(
    ("argv", "code"),
    [
        (["--anchor", "000000000000"], 5),
        (["--paragraph", "9999"], 5),
        (["--paragraph", "-1"], 5),
    ],
)
def test_annotate_a_paragraph_that_is_not_there(
    capsys: pytest.CaptureFixture[str], essay: Path, argv: list[str], code: int
) -> None:
    got, out, err = run(capsys, "annotate", str(essay), *argv)
    assert (got, out) == (code, "")
    assert err.startswith("reader: ")
    assert err.count("\n") == 1


def test_annotate_a_missing_file_is_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run(capsys, "annotate", str(tmp_path / "nope.txt"), "--paragraph", "0")
    assert code == 2
    assert "no such file" in err


def test_notes_output_never_carries_terminal_controls(
    capsys: pytest.CaptureFixture[str], essay: Path
) -> None:
    hostile = "\x1b]2;pwned\x07[bold]markup[/] \x9b31m \u202etxt"
    run(capsys, "annotate", str(essay), "--paragraph", "0", "--note", hostile, "--tag", "\x1b[31mt")
    code, out, _ = run(capsys, "notes", str(essay))
    assert code == 0
    assert not any(c in out for c in "\x1b\x07\x9b\u202e")
    assert "[bold]markup[/]" in out
    code, out, _ = run(capsys, "notes", "--json")
    assert not any(c in out for c in "\x1b\x07\x9b\u202e")
    assert json.loads(out)["annotations"][0]["note"] == hostile  # data kept exactly


def test_notes_filters_by_tag_and_orphans_and_lists_all_documents(
    capsys: pytest.CaptureFixture[str], essay: Path, webclip_sample: Path
) -> None:
    run(capsys, "annotate", str(essay), "--paragraph", "0", "--tag", "Policy/Russia")
    run(capsys, "annotate", str(essay), "--paragraph", "3", "--tag", "other")
    run(capsys, "annotate", str(webclip_sample), "--paragraph", "1", "--tag", "POLICY")
    listed = run_json(capsys, "notes", "--tag", "policy")["annotations"]
    assert sorted(a["tags"][0] for a in listed) == ["POLICY", "Policy/Russia"]
    assert len(run_json(capsys, "notes")["annotations"]) == 3
    in_essay = run_json(capsys, "notes", str(essay))["annotations"]
    # The web clip is a copy of the essay: its note shows too, orphaned (the clip's
    # summary line is not in the essay) and marked as made on the other copy.
    assert [(a["paragraph"], a["other_copy"]) for a in in_essay] == [
        (0, False),
        (3, False),
        (None, True),
    ]
    orphans = run_json(capsys, "notes", str(essay), "--orphans")["annotations"]
    assert [a["made_on"]["path"] for a in orphans] == [str(webclip_sample.resolve())]


def test_notes_reports_orphans_after_the_file_changed(
    capsys: pytest.CaptureFixture[str], essay: Path
) -> None:
    doc = load_document(essay)
    run(capsys, "annotate", str(essay), "--paragraph", "3", "--note", "keep me")
    essay.write_text(essay.read_text().replace(doc.paragraphs[3].text, ""))
    code, out, _ = run(capsys, "notes", str(essay))
    assert code == 0
    assert "ORPHANED" in out
    orphans = run_json(capsys, "notes", str(essay), "--orphans")["annotations"]
    assert [(a["status"], a["note"], a["paragraph"]) for a in orphans] == [
        ("orphaned", "keep me", None)
    ]


def test_tags_lists_counts(capsys: pytest.CaptureFixture[str], essay: Path) -> None:
    run(capsys, "annotate", str(essay), "--paragraph", "0", "--tag", "Alpha", "--tag", "b/c")
    run(capsys, "annotate", str(essay), "--paragraph", "1", "--tag", "alpha")
    code, out, _ = run(capsys, "tags")
    assert (code, out) == (0, "2  Alpha\n1  b/c\n")
    assert run_json(capsys, "tags")["tags"] == [
        {"tag": "Alpha", "count": 2},
        {"tag": "b/c", "count": 1},
    ]


def test_edit_changes_note_tags_and_kind(capsys: pytest.CaptureFixture[str], essay: Path) -> None:
    _, out, _ = run(capsys, "annotate", str(essay), "--paragraph", "0", "--tag", "a", "--tag", "b")
    prefix = out.strip()[:8]
    edited = run_json(
        capsys, "edit", prefix, "--note", "new", "--untag", "A", "--tag", "c", "--kind", "bookmark"
    )
    assert (edited["note"], edited["tags"], edited["kind"]) == ("new", ["b", "c"], "bookmark")


def test_edit_needs_something_to_change_and_a_known_id(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run(capsys, "edit", "12345678")[0] == 2
    code, _, err = run(capsys, "edit", "12345678", "--note", "x")
    assert code == 5
    assert "no annotation" in err


def test_rm_removes_once(capsys: pytest.CaptureFixture[str], essay: Path) -> None:
    _, out, _ = run(capsys, "annotate", str(essay), "--paragraph", "0")
    annotation_id = out.strip()
    assert run(capsys, "rm", annotation_id) == (0, f"removed {annotation_id}\n", "")
    assert run(capsys, "rm", annotation_id)[0] == 5
    assert run_json(capsys, "notes")["annotations"] == []


def test_a_broken_store_is_exit_4_until_the_doctor_fixes_it(
    capsys: pytest.CaptureFixture[str], essay: Path, data_dir: Path
) -> None:
    run(capsys, "annotate", str(essay), "--paragraph", "0")
    run(capsys, "annotate", str(essay), "--paragraph", "1")
    (data_dir / "catalogue.json").write_text("{oops")
    code, _, err = run(capsys, "annotate", str(essay), "--paragraph", "2")
    assert code == 4
    assert err.count("\n") == 1
    assert "reader doctor" in err
    code, out, _ = run(capsys, "doctor")
    assert code == 4
    assert "not valid JSON" in out
    code, out, _ = run(capsys, "doctor", "--fix")
    assert code == 0, out
    assert "restored its previous version" in out
    report = run_json(capsys, "doctor")
    assert report["healthy"] is True
    assert report["documents"] == 1
    assert len(run_json(capsys, "notes")["annotations"]) == 2


def test_data_dir_option_chooses_the_store(
    capsys: pytest.CaptureFixture[str], essay: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    run(capsys, "--data-dir", str(elsewhere), "annotate", str(essay), "--paragraph", "0")
    assert (elsewhere / "catalogue.json").is_file()
