"""``reader annotate --quote/--color``, ``reader notes`` of passages, ``reader edit --editor``."""

from __future__ import annotations

import json
import os
import stat
import sys
from pathlib import Path

import pytest

from reader.cli import main
from reader.readers import load_document
from tests.cli_support import essay, run, run_json

__all__ = ["essay"]  # a fixture used by name

QUOTE = "a genuine strategic partnership"


def _paragraph_with(essay: Path, words: str) -> int:
    doc = load_document(essay)
    return next(p.index for p in doc.paragraphs if words in p.text)


def test_annotate_a_quote_with_a_colour(capsys: pytest.CaptureFixture[str], essay: Path) -> None:
    index = _paragraph_with(essay, QUOTE)
    text = load_document(essay).paragraphs[index].text
    shown = run_json(
        capsys,
        "annotate",
        str(essay),
        "--paragraph",
        str(index),
        "--quote",
        "A  GENUINE strategic\npartnership",
        "--color",
        "green",
        "--kind",
        "highlight",
    )
    start = text.index(QUOTE)
    assert shown["passage"]["exact"] == QUOTE
    assert (shown["passage"]["start"], shown["passage"]["end"]) == (start, start + len(QUOTE))
    assert shown["color"] == "green"
    assert shown["lost_passage"] is None

    [listed] = run_json(capsys, "notes", str(essay))["annotations"]
    assert listed["passage"] == shown["passage"]
    assert listed["color"] == "green"
    assert listed["paragraph"] == index

    code, out, _ = run(capsys, "notes", str(essay))
    assert code == 0
    assert f"¶{index}  highlight  green" in out
    assert f"> {QUOTE}\n" in out


def test_a_whole_paragraph_annotation_has_a_null_passage_and_colour(
    capsys: pytest.CaptureFixture[str], essay: Path
) -> None:
    run(capsys, "annotate", str(essay), "--paragraph", "2")
    [listed] = run_json(capsys, "notes", str(essay))["annotations"]
    assert (listed["passage"], listed["color"]) == (None, None)


@pytest.mark.parametrize(
    ("argv", "code", "says"),
    [
        (["--quote", "words nowhere in it"], 5, "does not contain 'words nowhere in it'"),
        (["--quote", "   "], 5, "does not contain"),
        (["--color", "teal"], 2, "unknown colour 'teal': choose one of yellow, green"),
        (["--color", "none"], 2, "unknown colour 'none'"),
    ],
)
def test_a_quote_not_in_the_paragraph_or_an_unknown_colour_is_one_line(
    capsys: pytest.CaptureFixture[str], essay: Path, argv: list[str], code: int, says: str
) -> None:
    got, out, err = run(capsys, "annotate", str(essay), "--paragraph", "2", *argv)
    assert (got, out) == (code, "")
    assert err.startswith("reader: ")
    assert says in err
    assert err.count("\n") == 1
    code, _, _ = run(capsys, "notes", str(essay), "--json")
    assert code == 0


def test_notes_says_when_a_passage_was_lost(
    capsys: pytest.CaptureFixture[str], essay: Path
) -> None:
    index = _paragraph_with(essay, QUOTE)
    run(capsys, "annotate", str(essay), "--paragraph", str(index), "--quote", QUOTE)
    essay.write_text(essay.read_text(encoding="utf-8").replace(QUOTE, "a partnership"))

    code, out, _ = run(capsys, "notes", str(essay))
    assert code == 0
    assert "PASSAGE LOST" in out
    assert f"(passage lost: “{QUOTE}” is gone" in out
    [listed] = run_json(capsys, "notes", str(essay))["annotations"]
    assert listed["passage"] is None
    assert listed["lost_passage"]["exact"] == QUOTE
    assert listed["status"] == "moved"


def test_edit_changes_and_removes_the_colour(
    capsys: pytest.CaptureFixture[str], essay: Path
) -> None:
    _, out, _ = run(capsys, "annotate", str(essay), "--paragraph", "2", "--color", "pink")
    annotation_id = out.strip()
    assert run_json(capsys, "edit", annotation_id, "--color", "blue")["color"] == "blue"
    assert run_json(capsys, "edit", annotation_id, "--color", "none")["color"] is None
    code, _, err = run(capsys, "edit", annotation_id, "--color", "teal")
    assert code == 2
    assert "unknown colour 'teal'" in err


# -- reader edit --editor -------------------------------------------------------------


def _editor(tmp_path: Path, body: str) -> str:
    """An editor command: a Python script run on the file (``$VISUAL`` holds its words)."""
    script = tmp_path / "editor script.py"
    script.write_text(body, encoding="utf-8")
    return f"'{sys.executable}' '{script}'"


def _annotated(capsys: pytest.CaptureFixture[str], essay: Path, note: str) -> str:
    _, out, _ = run(capsys, "annotate", str(essay), "--paragraph", "2", "--note", note)
    return out.strip()


def test_edit_in_the_editor_saves_what_it_wrote(
    capsys: pytest.CaptureFixture[str],
    essay: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    annotation_id = _annotated(capsys, essay, "first thought")
    seen = tmp_path / "seen.json"
    monkeypatch.setenv(
        "VISUAL",
        _editor(
            tmp_path,
            "import json, os, stat, sys\n"
            "path = sys.argv[1]\n"
            "mode = stat.S_IMODE(os.stat(path).st_mode)\n"
            "text = open(path, encoding='utf-8').read()\n"
            f"json.dump({{'mode': mode, 'text': text, 'path': path}}, open({str(seen)!r}, 'w'))\n"
            "open(path, 'w', encoding='utf-8').write(text + ', and a second\\n')\n",
        ),
    )
    monkeypatch.setenv("EDITOR", "false")
    shown = run_json(capsys, "edit", annotation_id[:8], "--editor")
    assert shown["note"] == "first thought, and a second"
    what = json.loads(seen.read_text(encoding="utf-8"))
    assert what["text"] == "first thought"
    assert what["mode"] == stat.S_IRUSR | stat.S_IWUSR
    assert what["path"].endswith(".md")
    assert not os.path.exists(what["path"])
    assert not os.path.exists(os.path.dirname(what["path"]))


def test_a_note_changed_while_the_editor_was_open_is_not_written_over(
    capsys: pytest.CaptureFixture[str],
    essay: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    annotation_id = _annotated(capsys, essay, "first thought")
    elsewhere = [sys.executable, "-c", "import sys; from reader.cli import main; sys.exit(main())"]
    elsewhere += ["edit", annotation_id, "--note", "changed in another shell"]
    monkeypatch.setenv(
        "VISUAL",
        _editor(
            tmp_path,
            "import subprocess, sys\n"
            f"subprocess.run({elsewhere!r}, check=True, capture_output=True)\n"
            "open(sys.argv[1], 'w', encoding='utf-8').write('my longer thought')\n",
        ),
    )
    code, out, err = run(capsys, "edit", annotation_id, "--editor")
    assert code == 4
    assert out == ""
    assert err.count("\n") == 1
    assert "was changed elsewhere" in err
    assert "kept in" in err
    kept = Path(err.split("kept in ", 1)[1].split(" (reader edit ", 1)[0])
    assert f"(reader edit {annotation_id[:8]} --editor to merge it in)" in err
    assert kept.read_text(encoding="utf-8") == "my longer thought"
    [listed] = run_json(capsys, "notes", str(essay))["annotations"]
    assert listed["note"] == "changed in another shell"


@pytest.mark.parametrize(
    "body",
    [
        "import sys\nopen(sys.argv[1], 'w').write('half-typed')\nsys.exit(1)\n",
        "pass\n",
        "import sys\nopen(sys.argv[1], 'a').write('\\n')\n",
    ],
    ids=["editor fails", "nothing written", "only the final newline"],
)
def test_a_failed_or_unchanged_edit_changes_nothing(
    capsys: pytest.CaptureFixture[str],
    essay: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    body: str,
) -> None:
    annotation_id = _annotated(capsys, essay, "kept as is")
    before = run_json(capsys, "notes", str(essay))["annotations"][0]
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", _editor(tmp_path, body))
    code, _, err = run(capsys, "edit", annotation_id, "--editor")
    assert code == 0
    assert "note unchanged" in err
    after = run_json(capsys, "notes", str(essay))["annotations"][0]
    assert after == before


@pytest.mark.parametrize(
    ("visual", "editor", "says"),
    [
        (None, None, "no editor: set $VISUAL or $EDITOR"),
        ("  ", "", "no editor"),
        ("vim 'unclosed", None, "$VISUAL is not a command line"),
        ("/no/such/editor --wait", None, "cannot start the editor '/no/such/editor'"),
    ],
)
def test_no_usable_editor_is_one_line_and_changes_nothing(
    capsys: pytest.CaptureFixture[str],
    essay: Path,
    monkeypatch: pytest.MonkeyPatch,
    visual: str | None,
    editor: str | None,
    says: str,
) -> None:
    annotation_id = _annotated(capsys, essay, "kept")
    for name, value in (("VISUAL", visual), ("EDITOR", editor)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    code, out, err = run(capsys, "edit", annotation_id, "--editor")
    assert (code, out) == (2, "")
    assert says in err
    assert err.count("\n") == 1
    assert run_json(capsys, "notes", str(essay))["annotations"][0]["note"] == "kept"


def test_the_editor_command_is_never_run_by_a_shell(
    capsys: pytest.CaptureFixture[str],
    essay: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    annotation_id = _annotated(capsys, essay, "n")
    marker = tmp_path / "pwned"
    monkeypatch.setenv("VISUAL", f"true; touch {marker}")
    code, _, _ = run(capsys, "edit", annotation_id, "--editor")
    assert code == 2  # "true;" is no program: nothing was interpreted
    assert not marker.exists()


def test_editor_and_note_together_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], essay: Path
) -> None:
    annotation_id = _annotated(capsys, essay, "n")
    code, _, err = run(capsys, "edit", annotation_id, "--editor", "--note", "x")
    assert code == 2
    assert "not both" in err


def test_a_kindle_highlight_of_a_phrase_becomes_a_passage(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.store import AnnotationStore
    from tests.core.importers.samples import ESSAY, KINDLE_CLIPPINGS

    monkeypatch.chdir(tmp_path)
    (tmp_path / "documents").mkdir()
    book = tmp_path / "documents" / "the-lighthouse-keeper.md"
    book.write_text(ESSAY, encoding="utf-8")
    clippings = tmp_path / "My Clippings.txt"
    clippings.write_bytes(KINDLE_CLIPPINGS.encode("utf-8"))
    assert main(["import", str(clippings)]) == 0
    capsys.readouterr()
    doc = load_document(book)
    passages = {
        a.passage.exact: doc.paragraph_by_anchor(a.anchor)
        for a in AnnotationStore.open().annotations(doc)
        if a.passage is not None
    }
    assert sorted(passages) == [
        '"Nothing is lost at sea," he wrote',
        "the keeper climbed its stairs every evening at dusk",
    ]
    for exact, paragraph in passages.items():
        assert paragraph is not None
        assert exact in paragraph.text


def test_a_quote_found_twice_annotates_the_first_and_says_so(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    book = tmp_path / "twice.txt"
    book.write_text("The cat sat. Then the cat slept.\n", encoding="utf-8")
    code, out, err = run(capsys, "annotate", str(book), "--paragraph", "0", "--quote", "cat")
    assert code == 0
    assert err == "reader: warning: the words occur 2 times in ¶0; the first was annotated\n"
    [listed] = run_json(capsys, "notes", str(book))["annotations"]
    assert (listed["passage"]["start"], listed["passage"]["exact"]) == (4, "cat")
    assert listed["id"] == out.strip()


@pytest.mark.parametrize(
    ("value", "color"),
    [
        ("yellow", "yellow"),
        (" Blue ", "blue"),
        ("PURPLE", "purple"),
        ("red", "pink"),
        ("olive", "green"),
        ("cyan", "blue"),
        ("gray", None),
        ("#ff0000", None),
        ("", None),
        (3, None),
        (None, None),
    ],
)
def test_other_readers_colours(value: object, color: str | None) -> None:
    from reader.importers.items import color_field

    assert color_field(value) == color


def test_readwise_and_koreader_colours_are_imported(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.store import AnnotationStore
    from tests.core.importers.samples import ESSAY, KOREADER_SIDECAR, READWISE_CSV

    monkeypatch.chdir(tmp_path)
    (tmp_path / "documents").mkdir()
    book = tmp_path / "documents" / "the-lighthouse-keeper.md"
    book.write_text(ESSAY, encoding="utf-8")
    readwise = tmp_path / "readwise.csv"
    readwise.write_text(READWISE_CSV, encoding="utf-8")
    sdr = tmp_path / "Lighthouse.sdr"
    sdr.mkdir()
    (sdr / "metadata.md.lua").write_bytes(KOREADER_SIDECAR)
    assert main(["import", str(readwise)]) == 0
    assert main(["import", str(sdr), "--document", str(book)]) == 0
    capsys.readouterr()
    colours = {
        (a.passage.exact if a.passage else a.selector.quote)[:24]: a.color
        for a in AnnotationStore.open().annotations(load_document(book))
    }
    assert colours["He kept a log of every s"] == "yellow"  # Readwise
    assert colours['"Nothing is lost at sea,'] == "blue"  # Readwise
    assert colours["lighthouse stood on a sp"] == "yellow"  # KOReader
    assert colours["for three nights the lam"] is None  # KOReader, no colour
