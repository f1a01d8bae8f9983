"""Fixtures shared by every test: sample documents and an isolated data folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Property tests never fail on time: no per-example deadline, no "too slow" health
# check (a loaded machine is not a bug). Locally they keep exploring new examples
# and replay failures from the example database; in CI (CI=true, as CI services
# set it) every run draws the same examples and keeps no database, so a run on a
# clean clone gives the same result every time.
settings.register_profile("dev", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile(
    "ci",
    parent=settings.get_profile("dev"),
    derandomize=True,
    database=None,
    print_blob=True,
)
settings.load_profile(
    "ci" if os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no") else "dev"
)

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
