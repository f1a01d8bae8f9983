"""``reader toc`` and ``reader show``: text output, and the JSON shapes scripts rely on."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.cli_support import run


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> Any:
    code, out, err = run(capsys, *argv, "--json")
    assert (code, err) == (0, "")
    return json.loads(out)


# ---------------------------------------------------------------------------- reader toc


def test_toc_text(capsys: pytest.CaptureFixture[str], clean_sample: Path) -> None:
    code, out, err = run(capsys, "toc", str(clean_sample))
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "Russia’s China Policy: This Bear Hug Is Real  (6 paragraphs, text)",
        "  EXECUTIVE SUMMARY  [5]",
        "    MAIN ARGUMENT  [1]",
        "    POLICY IMPLICATIONS  [4]",
    ]


def test_toc_json_shape_is_pinned(capsys: pytest.CaptureFixture[str], clean_sample: Path) -> None:
    assert run_json(capsys, "toc", str(clean_sample)) == {
        "version": 1,
        "title": "Russia’s China Policy: This Bear Hug Is Real",
        "format": "text",
        "path": str(clean_sample),
        "fingerprint": "276d62807d43f8c508f67c9382fb6358",
        "paragraph_count": 6,
        "sections": [
            {
                "index": 0,
                "title": "EXECUTIVE SUMMARY",
                "level": 1,
                "paragraphs": 5,
                "children": [
                    {
                        "index": 1,
                        "title": "MAIN ARGUMENT",
                        "level": 2,
                        "paragraphs": 1,
                        "children": [],
                    },
                    {
                        "index": 2,
                        "title": "POLICY IMPLICATIONS",
                        "level": 2,
                        "paragraphs": 4,
                        "children": [],
                    },
                ],
            }
        ],
    }


def test_toc_json_of_the_clip(capsys: pytest.CaptureFixture[str], webclip_sample: Path) -> None:
    toc = run_json(capsys, "toc", str(webclip_sample))
    assert toc["format"] == "webclip"
    assert [(s["title"], s["level"], s["children"]) for s in toc["sections"]] == [
        ("Main Argument", 1, []),
        ("Policy Implications", 1, []),
        ("About the Author", 1, []),
    ]


# --------------------------------------------------------------------------- reader show


def test_show_text(capsys: pytest.CaptureFixture[str], clean_sample: Path) -> None:
    code, out, err = run(capsys, "show", str(clean_sample))
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[:4] == [
        "title: Russia’s China Policy: This Bear Hug Is Real",
        "authors: Eugene Rumer",
        "date: 2017-07-17",
        f"source: {clean_sample}",
    ]
    # Every heading is shown, also one with no paragraphs of its own.
    assert [line for line in lines if line.startswith("#")] == [
        "# EXECUTIVE SUMMARY",
        "## MAIN ARGUMENT",
        "## POLICY IMPLICATIONS",
    ]
    assert "[1 b1a28f4dec8c body]" in lines
    assert "[2 1f19a2542d11 list_item]" in lines
    assert any(line.startswith("• Largely because") for line in lines)


def test_show_text_marks_boilerplate(
    capsys: pytest.CaptureFixture[str], webclip_sample: Path
) -> None:
    _, out, _ = run(capsys, "show", str(webclip_sample))
    assert "topics: Foreign Policy" in out.splitlines()
    assert any(line.endswith("body boilerplate]") for line in out.splitlines())


def test_show_json_shape_is_pinned(
    capsys: pytest.CaptureFixture[str], webclip_sample: Path
) -> None:
    shown = run_json(capsys, "show", str(webclip_sample))
    assert list(shown) == [
        "version",
        "title",
        "format",
        "path",
        "fingerprint",
        "paragraph_count",
        "encoding",
        "metadata",
        "sections",
        "paragraphs",
    ]
    assert (shown["version"], shown["format"], shown["encoding"]) == (1, "webclip", "utf-8")
    assert shown["paragraph_count"] == len(shown["paragraphs"])
    assert list(shown["metadata"]) == ["title", "authors", "date", "source", "language", "extra"]
    assert shown["metadata"]["authors"] == ["Eugene Rumer"]
    assert shown["metadata"]["extra"]["regions"] == ["East Asia", "China", "Russia"]
    assert shown["sections"][0] == {
        "index": 0,
        "title": "Main Argument",
        "level": 1,
        "parent": None,
        "start": 4,
        "end": 5,
    }
    assert shown["paragraphs"][4] == {
        "index": 4,
        "anchor": "b1a28f4dec8c",
        "kind": "body",
        "section": 0,
        "marker": "",
        "depth": 0,
        "boilerplate": False,
        "text": shown["paragraphs"][4]["text"],
        "links": [],
    }
    assert shown["paragraphs"][0]["kind"] == "caption"
    assert shown["paragraphs"][5]["marker"] == "-"
    assert shown["paragraphs"][-1]["boilerplate"] is True


def test_show_json_lists_each_paragraphs_links(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    page = tmp_path / "links.md"
    page.write_text(
        "# Links\n\nRead [the manual](https://example.org/manual) and a note[^n].\n\n"
        "[^n]: The note, [back to the top](#links).\n",
        encoding="utf-8",
    )
    shown = run_json(capsys, "show", str(page))
    body, note = shown["paragraphs"]
    assert body["links"] == [
        {
            "text": "the manual",
            "target": "https://example.org/manual",
            "start": 5,
            "end": 15,
            "note": False,
            "paragraph": None,
        },
        {
            "text": "[n]",
            "target": f"#{note['anchor']}",
            "start": 26,
            "end": 29,
            "note": True,
            "paragraph": 1,
        },
    ]
    assert body["text"][26:29] == "[n]"
    assert (note["kind"], note["marker"]) == ("footnote", "n")
    assert note["links"][0]["target"] == f"#{body['anchor']}"
    assert note["links"][0]["paragraph"] == 0


def test_format_option_overrides_the_guess(
    capsys: pytest.CaptureFixture[str], webclip_sample: Path
) -> None:
    toc = run_json(capsys, "toc", str(webclip_sample), "--format", "text")
    assert toc["format"] == "text"


def test_standard_input(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    data = b"A Title\n\nSome text read from a pipe.\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    toc = run_json(capsys, "toc", "-")
    assert (toc["title"], toc["path"], toc["paragraph_count"]) == ("A Title", None, 1)


# -------------------------------------------------------------------------------- errors


@pytest.mark.parametrize("command", ["toc", "show"])
def test_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path, command: str) -> None:
    code, out, err = run(capsys, command, str(tmp_path / "nope.txt"))
    assert (code, out) == (2, "")
    assert err == f"reader: {tmp_path / 'nope.txt'}: no such file\n"


def test_real_process_gives_one_line_and_no_traceback(tmp_path: Path) -> None:
    binary = tmp_path / "picture.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    result = subprocess.run(
        [sys.executable, "-m", "reader.cli", "show", str(binary)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 3
    assert result.stdout == ""
    assert result.stderr == "reader: picture.txt is not a text document (it holds binary data)\n"
