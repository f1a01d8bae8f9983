"""Printing helpers shared by the subcommands."""

from __future__ import annotations

import json
import re
import sys
from typing import Any

__all__ = ["print_json"]

# JSON escapes C0 controls itself; with ensure_ascii=False it would pass DEL, C1
# controls (0x9b is an 8-bit CSI), bidi overrides and lone surrogates through raw.
_UNSAFE_IN_JSON = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def print_json(value: Any) -> None:
    """Print ``value`` as indented UTF-8 JSON, every terminal-active character escaped.

    The output is still valid JSON that decodes to exactly ``value``: stored text is
    never changed, it just cannot act on the terminal it is printed to.
    """
    text = json.dumps(value, ensure_ascii=False, indent=2)
    sys.stdout.write(_UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n")
