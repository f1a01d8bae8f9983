"""Writing exports into a folder: names, re-exports, atomic writes, the default folder."""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path
from typing import Any

import pytest

from reader.export import export_folder, write_json_export, write_markdown_export
from reader.export.atomic import atomic_write_text
from reader.export.errors import ExportError
from tests.core.export.support import EXPORTED_AT, annotate, nested_document

DOC = nested_document("Notes: a/b ../c")


class _Preferences:
    """Stands in for the store where only preferences matter."""

    def __init__(self, **values: Any) -> None:
        self.values = values

    def preference(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)


def test_markdown_export_is_named_after_the_title_inside_the_folder(tmp_path: Path) -> None:
    path = write_markdown_export(DOC, [annotate(DOC, 1, 1, note="n")], tmp_path / "new")
    assert path == (tmp_path / "new").resolve() / "Notes a b … c.md"
    assert path.read_text(encoding="utf-8").startswith("---\ntitle: 'Notes: a/b ../c'\n")
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary files left


def test_re_exporting_a_document_replaces_its_file(tmp_path: Path) -> None:
    first = write_markdown_export(DOC, [annotate(DOC, 1, 1, note="old")], tmp_path)
    second = write_markdown_export(
        DOC, [annotate(DOC, 1, 1, note="new")], tmp_path, exported_at=EXPORTED_AT
    )
    assert first == second
    assert "new" in second.read_text(encoding="utf-8")
    assert len(list(tmp_path.iterdir())) == 1


def test_another_document_with_the_same_title_gets_its_own_file(tmp_path: Path) -> None:
    ours = annotate(DOC, 1, 1)
    theirs = dataclasses.replace(ours, document=dataclasses.replace(ours.document, id="doc-2"))
    (tmp_path / "Notes a b … c.md").write_text("a note the user wrote by hand\n")
    first = write_markdown_export(DOC, [ours], tmp_path)
    second = write_markdown_export(DOC, [theirs], tmp_path)
    assert (first.name, second.name) == ("Notes a b … c (2).md", "Notes a b … c (3).md")
    assert (tmp_path / "Notes a b … c.md").read_text() == "a note the user wrote by hand\n"


def test_json_export_is_written_and_replaced_the_same_way(tmp_path: Path) -> None:
    first = write_json_export(DOC, [annotate(DOC, 1, 1)], tmp_path)
    second = write_json_export(DOC, [annotate(DOC, 1, 1), annotate(DOC, 2, 2)], tmp_path)
    assert first == second
    assert first.name == "Notes a b … c.json"
    assert json.loads(second.read_text(encoding="utf-8"))["total"] == 2


def test_export_folder_prefers_the_store_setting(tmp_path: Path) -> None:
    assert export_folder(_Preferences(export_dir=str(tmp_path))) == tmp_path  # type: ignore[arg-type]


def test_export_folder_defaults_to_reader_notes_in_documents(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("platformdirs.user_documents_dir", lambda: str(tmp_path))
    assert export_folder(_Preferences()) == tmp_path / "reader-notes"  # type: ignore[arg-type]


def test_atomic_write_keeps_the_old_file_when_writing_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "notes.md"
    target.write_text("old")

    def fail(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(ExportError, match="No space left"):
        atomic_write_text(target, "new")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["notes.md"]


def test_atomic_write_into_a_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="cannot write"):
        atomic_write_text(tmp_path / "missing" / "notes.md", "x")


def test_writing_into_a_file_instead_of_a_folder_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("")
    with pytest.raises(ExportError, match=r"not a folder|cannot create"):
        write_markdown_export(DOC, [], tmp_path / "file")
