"""Bad input, through ``load_document`` and through ``reader toc``/``reader show``.

Unreadable input gives a one-line error and a non-zero exit, never a traceback;
readable but odd input (empty, damaged, huge, hostile) gives a document.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from reader.cli import main
from reader.errors import NotATextDocumentError, NotFoundError
from reader.model import Document
from reader.readers import load_document

HOSTILE = (
    "A Title\x1b]2;PWNED\x1b\\ Here\n\n"
    "Colour \x1b[31mred\x1b[0m, a bell\x07, a C1 CSI \x9b2J and a backspace\x08.\n\n"
    "An override \u202eevil\u202c and an isolate \u2066x\u2069 and \x1b]0;again\x07done.\n\n"
    "Markup [bold red]x[/] and [@click=app.quit]quit[/] stay as typed.\n"
)
_TERMINAL_ACTS_ON = ("\x1b", "\x07", "\x9b", "\x08", "\u202e", "\u202c", "\u2066", "\u2069")


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def all_text(doc: Document) -> str:
    meta = doc.metadata
    parts = [doc.title, meta.title, meta.date, meta.source, *meta.authors, json.dumps(meta.extra)]
    parts += [s.title for s in doc.sections] + [p.text for p in doc.paragraphs]
    return "\n".join(parts)


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# --------------------------------------------------------------------------- empty


def test_empty_file_is_an_empty_document(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "empty.txt", b"")
    doc = load_document(path)
    assert (doc.paragraphs, doc.sections, doc.title) == ([], [], "empty")
    assert cli(capsys, "toc", str(path)) == (0, "empty  (0 paragraphs, text)\n", "")


def test_blank_file_is_an_empty_document(tmp_path: Path) -> None:
    assert load_document(write(tmp_path, "blank.txt", b" \n\t\n\r\n  ")).paragraphs == []


# -------------------------------------------------------------------------- binary


def test_binary_file_is_not_a_text_document(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "photo.txt", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" * 100)
    with pytest.raises(NotATextDocumentError, match="not a text document"):
        load_document(path)
    code, out, err = cli(capsys, "show", str(path))
    assert (code, out) == (3, "")
    assert err == "reader: photo.txt is not a text document (it holds binary data)\n"


# --------------------------------------------------------------------- invalid UTF-8


def test_invalid_utf8_is_read_with_replacement_characters(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "damaged.txt", "café ok ".encode() + b"\xff\xfe bad \xc3\x28 more\n")
    doc = load_document(path)
    assert doc.encoding == "utf-8"
    assert doc.paragraphs[0].text == "café ok \ufffd\ufffd bad \ufffd( more"
    code, out, err = cli(capsys, "show", str(path))
    assert (code, err) == (0, "")
    assert "café ok" in out


# ------------------------------------------------------------------ 10 MB, one line


def test_ten_megabytes_without_a_newline_is_read_fast(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "long.txt", b"word " * 2_000_000)
    start = time.process_time()
    doc = load_document(path)
    assert time.process_time() - start < 3.0
    assert len(doc.paragraphs) == 1
    assert len(doc.paragraphs[0].text) == 10_000_000 - 1
    code, out, err = cli(capsys, "toc", str(path))
    assert (code, out, err) == (0, "long  (1 paragraphs, text)\n", "")


# ---------------------------------------------------------------------- JSON blocks


def test_malformed_json_block(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = 'Ann Lee\n{\n"title": "T",\n"topics": ["a", \n}Source: X\nThe article text.\n'
    path = write(tmp_path, "clip.txt", text.encode())
    doc = load_document(path)
    assert doc.metadata.extra == {}
    assert "The article text." in [p.text for p in doc.paragraphs]
    code, out, err = cli(capsys, "show", str(path))
    assert (code, err) == (0, "")
    assert "The article text." in out


def test_huge_json_block(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    huge = json.dumps({"topics": [f"topic {i}" for i in range(300_000)]}, indent=1)
    path = write(tmp_path, "clip.txt", f"{huge}\nThe article text.\n".encode())
    assert path.stat().st_size > 3_000_000
    start = time.process_time()
    doc = load_document(path)
    # CPU time, about 2 s (300,000 lines, each a paragraph): a generous bound that
    # still fails for the quadratic parse this guards against.
    assert time.process_time() - start < 15.0
    assert doc.metadata.extra == {}
    assert doc.paragraphs[-1].text == "The article text."
    code, out, _ = cli(capsys, "toc", str(path))
    assert code == 0
    assert out.startswith("clip  (")


# ------------------------------------------------------------- markup and escapes


def test_rich_markup_is_kept_as_literal_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "markup.txt", HOSTILE.encode())
    doc = load_document(path)
    markup = "Markup [bold red]x[/] and [@click=app.quit]quit[/] stay as typed."
    assert doc.paragraphs[-1].text == markup
    _, out, _ = cli(capsys, "show", str(path))
    assert "[bold red]x[/] and [@click=app.quit]quit[/]" in out


def test_escapes_controls_and_bidi_overrides_are_removed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "hostile.txt", HOSTILE.encode())
    doc = load_document(path)
    text = all_text(doc)
    assert not any(c in text for c in _TERMINAL_ACTS_ON)
    assert "PWNED" not in text
    assert doc.metadata.title == "A Title Here"
    assert doc.paragraphs[0].text == "Colour red, a bell, a C1 CSI and a backspace."
    assert doc.paragraphs[1].text == "An override evil and an isolate x and done."
    for command in ("toc", "show"):
        code, out, _ = cli(capsys, command, str(path))
        assert code == 0
        assert not any(c in out for c in _TERMINAL_ACTS_ON)
    _, out, _ = cli(capsys, "show", "--json", str(path))
    assert "\\u001b" not in out


def test_escapes_in_a_file_name_are_removed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "evil\x1b]2;PWNED\x07name.txt", b"Some text.\n")
    doc = load_document(path)
    assert doc.title == "evilname"
    assert "\x1b" not in doc.metadata.source
    _, out, _ = cli(capsys, "show", str(path))
    assert "\x1b" not in out


# ------------------------------------------------------------------- not a document


def test_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(NotFoundError, match="is a folder"):
        load_document(tmp_path)
    code, out, err = cli(capsys, "show", str(tmp_path))
    assert (code, out) == (2, "")
    assert err == f"reader: {tmp_path} is a folder: give a document inside it\n"


def test_missing_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "gone.txt"
    with pytest.raises(NotFoundError, match="no such file"):
        load_document(missing)
    code, out, err = cli(capsys, "toc", str(missing))
    assert (code, out, err) == (2, "", f"reader: {missing}: no such file\n")
