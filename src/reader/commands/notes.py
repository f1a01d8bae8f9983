"""Annotation subcommands (``annotate``, ``notes``, ``tags``, ``edit``, ``rm``, ``doctor``)."""

from __future__ import annotations

from typing import Any

__all__ = ["register"]


def register(commands: Any) -> None:
    """Add the annotation subcommands to the ``reader`` parser."""
