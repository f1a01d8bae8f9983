"""Command-line options shared by several subcommands, defined once so they read alike."""

from __future__ import annotations

import argparse

from reader.readers import FORMATS

__all__ = ["add_format_option", "add_json_option"]


def add_json_option(parser: argparse.ArgumentParser) -> None:
    """``--json``: print the command's result as JSON (shapes in docs/commands.md)."""
    parser.add_argument(
        "--json", action="store_true", help="print JSON (shape in docs/commands.md)"
    )


def add_format_option(parser: argparse.ArgumentParser) -> None:
    """``--format``: read FILE as this format instead of guessing from its name and content."""
    parser.add_argument(
        "--format",
        choices=sorted(FORMATS),
        help="read FILE as this format instead of guessing from its name and content",
    )
