"""Where the store lives: ``$READER_DATA``, else the platform's user data folder."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

__all__ = ["DATA_ENV", "default_data_dir"]

DATA_ENV = "READER_DATA"
"""Environment variable naming the data folder (``--data-dir`` sets it)."""


def default_data_dir() -> Path:
    """The folder the store uses when none is given.

    Computed on every call (never at import time) so that ``--data-dir`` and
    tests, which set :data:`DATA_ENV` after reader was imported, are honoured.
    """
    configured = os.environ.get(DATA_ENV)
    if configured:
        return Path(configured).expanduser()
    return Path(platformdirs.user_data_dir("reader", appauthor=False))
