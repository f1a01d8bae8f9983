"""File names from titles: safe, bounded, unique in the folder, never outside it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.export.errors import ExportError
from reader.export.filenames import MAX_STEM, choose_path, safe_stem


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        (
            "Russia’s China Policy: This Bear Hug Is Real",
            "Russia’s China Policy This Bear Hug Is Real",
        ),
        ("../../etc/passwd", "etc passwd"),
        ("..", "Untitled"),
        ("...hidden", "hidden"),
        ("Wait... what?", "Wait… what"),
        ("a/../b", "a … b"),
        ("a/b\\c", "a b c"),
        ("tab\tand\nnewline", "tab and newline"),
        ("\x1b]2;pwned\x07title", "title"),
        ("ctrl\x00\x01chars", "ctrlchars"),
        ("CON", "CON_"),
        ("nul.txt", "nul.txt_"),
        ('what? "quotes" <and> |pipes| *stars*', "what quotes and pipes stars"),
        ("#tag ^block [link]", "tag block link"),
        ("   ", "Untitled"),
        ("", "Untitled"),
    ],
)
def test_safe_stem_cases(title: str, expected: str) -> None:
    assert safe_stem(title) == expected


@given(st.text())
def test_any_title_gives_a_plain_bounded_name(title: str) -> None:
    stem = safe_stem(title)
    assert stem
    assert not set(stem) & {"/", "\\", "\x00"}
    assert not stem.startswith(".")
    assert ".." not in stem
    assert all(ch.isprintable() for ch in stem)
    assert len(stem) <= MAX_STEM
    assert len(f"{stem} (999).json".encode()) <= 255


def test_long_titles_are_cut() -> None:
    assert safe_stem("word " * 100) == ("word " * 20).strip()
    assert len(safe_stem("é" * 300).encode()) <= 200


def test_choose_path_takes_the_first_free_name(tmp_path: Path) -> None:
    (tmp_path / "Notes.md").write_text("someone else's")
    (tmp_path / "Notes (2).md").write_text("another")
    path = choose_path(tmp_path, "Notes", ".md", reusable=lambda p: False)
    assert path == tmp_path.resolve() / "Notes (3).md"


def test_choose_path_reuses_a_file_it_may_replace(tmp_path: Path) -> None:
    (tmp_path / "Notes.md").write_text("other")
    (tmp_path / "Notes (2).md").write_text("ours")
    path = choose_path(tmp_path, "Notes", ".md", reusable=lambda p: p.read_text() == "ours")
    assert path.name == "Notes (2).md"


def test_choose_path_never_follows_a_symlink_out(tmp_path: Path) -> None:
    outside = tmp_path / "outside.md"
    outside.write_text("keep me")
    folder = tmp_path / "folder"
    folder.mkdir()
    os.symlink(outside, folder / "Notes.md")
    path = choose_path(folder, "Notes", ".md", reusable=lambda p: True)
    assert path == folder.resolve() / "Notes (2).md"


def test_choose_path_refuses_names_that_leave_the_folder(tmp_path: Path) -> None:
    with pytest.raises(ExportError):
        choose_path(tmp_path, "../escape", ".md", reusable=lambda p: False)
    with pytest.raises(ExportError):
        choose_path(tmp_path, ".", ".", reusable=lambda p: False)
