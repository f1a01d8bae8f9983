"""Printing helpers shared by the subcommands (plain text and JSON)."""

from __future__ import annotations

import json
import sys
from typing import Any

__all__ = ["print_json"]


def print_json(value: Any) -> None:
    """Print ``value`` as indented UTF-8 JSON on standard output."""
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
