"""``reader [FILE | FOLDER | -]``: open the app."""

from __future__ import annotations

import argparse
from typing import Any

from reader.model import Document
from reader.readers import load_document

__all__ = ["register"]


def register(commands: Any) -> None:
    """Add ``open`` (the default command) to the ``reader`` parser."""
    parser = commands.add_parser(
        "open",
        help="open a document or a library folder in the app (the default command)",
    )
    parser.add_argument("target", nargs="?", metavar="FILE|FOLDER|-")
    parser.set_defaults(handler=_open)


def _open(args: argparse.Namespace) -> int:
    from pathlib import Path

    target = Path(args.target or "documents")
    files = sorted(target.iterdir()) if target.is_dir() else [target]
    for file in files:
        _print_outline(load_document(file))
    return 0


def _print_outline(doc: Document) -> None:
    print(doc.title)
    for section in doc.sections:
        print(f"{'  ' * section.level}{section.title}")
