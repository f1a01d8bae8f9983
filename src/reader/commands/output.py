"""Printing helpers shared by the subcommands: nothing leaves reader unchecked.

Every line a command prints goes through :func:`say` (plain text) or
:func:`print_json` (JSON); both pass what they write through the one output
check of :mod:`reader.sanitize`, so a file name, a title or a note cannot act on
the terminal whatever path it took to get here.
"""

from __future__ import annotations

import sys
from typing import Any

from reader.sanitize import TERMINAL_ACTIVE, for_terminal

__all__ = ["print_json", "say", "warn"]


def say(text: str = "", *, end: str = "\n") -> None:
    """Print ``text`` (a line or a block of lines) on standard output."""
    sys.stdout.write(for_terminal(text) + end)


def warn(message: str) -> None:
    """Print ``message`` on standard error as one line (``reader:`` is the caller's)."""
    sys.stderr.write(for_terminal(message, one_line=True) + "\n")


def print_json(value: Any) -> None:
    """Print ``value`` as indented UTF-8 JSON, every terminal-active character escaped.

    JSON escapes C0 controls itself; with ``ensure_ascii=False`` it would pass DEL,
    C1 controls (0x9b is an 8-bit CSI), bidi overrides and lone surrogates through
    raw, so those are written as ``\\uXXXX`` escapes. The output is still valid JSON
    that decodes to exactly ``value``: stored text is never changed, it just cannot
    act on the terminal it is printed to.
    """
    import json  # not needed by the commands that print text

    text = json.dumps(value, ensure_ascii=False, indent=2)
    sys.stdout.write(TERMINAL_ACTIVE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n")
