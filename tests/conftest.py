"""Fixtures shared by every test: sample documents and an isolated data folder."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = ROOT / "documents"
CLEAN_SAMPLE = DOCUMENTS / "russia-china-policy-bear-hug.txt"
WEBCLIP_SAMPLE = DOCUMENTS / "russia-china-policy-bear-hug.webclip.txt"


@pytest.fixture(autouse=True)
def data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point READER_DATA at a fresh folder so no test touches a real user's store."""
    folder = tmp_path_factory.mktemp("reader-data")
    monkeypatch.setenv("READER_DATA", str(folder))
    return folder


@pytest.fixture
def clean_sample() -> Path:
    """The essay as clean text."""
    return CLEAN_SAMPLE


@pytest.fixture
def webclip_sample() -> Path:
    """The same essay as a noisy web clip with a JSON metadata block."""
    return WEBCLIP_SAMPLE
