"""What the command-line tests share: running ``reader`` in process, and a private essay.

Import ``essay`` into a test module to use it as a fixture by name.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from reader.cli import main

__all__ = ["essay", "run", "run_json"]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """``reader ARGV`` in this process: its exit code, standard output and error."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> Any:
    """``reader ARGV --json``, which must succeed: its output, parsed."""
    code, out, err = run(capsys, *argv, "--json")
    assert code == 0, err
    return json.loads(out)


@pytest.fixture
def essay(tmp_path: Path, clean_sample: Path) -> Path:
    """A private copy of the clean sample (tests may edit it)."""
    copy = tmp_path / "essay.txt"
    copy.write_bytes(clean_sample.read_bytes())
    return copy
