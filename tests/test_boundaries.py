"""The core is usable without the terminal UI: no core module may load textual."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import pytest

import reader


def _core_modules() -> list[str]:
    names = []
    for info in pkgutil.walk_packages(reader.__path__, prefix="reader."):
        if not info.name.startswith("reader.tui"):
            names.append(info.name)
    return names


@pytest.mark.parametrize("module", _core_modules())
def test_core_module_does_not_import_textual(module: str) -> None:
    code = f"import sys, {module}; sys.exit(1 if 'textual' in sys.modules else 0)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, f"{module} imports textual (or failed): {result.stderr}"
