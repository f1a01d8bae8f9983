"""The layers point down, and the core is usable without the terminal UI.

No core module may load textual, nor may the parts of the app that are plain
Python (the annotation index, the layout, the search): each is imported in a
fresh interpreter. The import-linter contracts in ``pyproject.toml`` check the
whole import graph, call-time imports included.
"""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest
from importlinter.cli import lint_imports

import reader

ROOT = Path(__file__).resolve().parent.parent

TEXTUAL_FREE_APP_MODULES = [
    "reader.tui",
    "reader.tui.annotation_index",
    "reader.tui.annotation_review",
    "reader.tui.document_search",
    "reader.tui.layout",
    "reader.tui.layout_folds",
    "reader.tui.layout_moves",
    "reader.tui.library_rows",
    "reader.tui.links",
    "reader.tui.note_search",
    "reader.tui.paragraph_marks",
    "reader.tui.passage_marks",
    "reader.tui.reading_progress",
    "reader.tui.reading_status",
    "reader.tui.tag_counts",
    "reader.tui.terminal_hangup",
    "reader.tui.text_selection",
    "reader.tui.text_width",
]
"""Modules of the app kept free of Textual, so that they can be tested on their own."""


def _core_modules() -> list[str]:
    names = []
    for info in pkgutil.walk_packages(reader.__path__, prefix="reader."):
        if not info.name.startswith("reader.tui"):
            names.append(info.name)
    return names


def _loads_textual(module: str) -> subprocess.CompletedProcess[str]:
    code = f"import sys, {module}; sys.exit(1 if 'textual' in sys.modules else 0)"
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)


@pytest.mark.parametrize("module", _core_modules())
def test_core_module_does_not_import_textual(module: str) -> None:
    result = _loads_textual(module)
    assert result.returncode == 0, f"{module} imports textual (or failed): {result.stderr}"


@pytest.mark.parametrize("module", TEXTUAL_FREE_APP_MODULES)
def test_plain_app_module_does_not_import_textual(module: str) -> None:
    result = _loads_textual(module)
    assert result.returncode == 0, f"{module} imports textual (or failed): {result.stderr}"


def test_import_contracts_are_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every contract of ``[tool.importlinter]`` holds (``lint-imports`` says which broke)."""
    monkeypatch.chdir(ROOT)
    assert lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True) == 0
