"""``reader export`` and ``reader import``."""

from __future__ import annotations

from typing import Any

__all__ = ["register"]


def register(commands: Any) -> None:
    """Add ``export`` and ``import`` to the ``reader`` parser."""
