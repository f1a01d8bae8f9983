"""``reader [FILE | FOLDER | -]``: open the app.

``reader`` alone opens the library (``./documents`` when present, else the
``library`` folder of the configuration file); ``reader FOLDER`` opens that
folder as the library; ``reader FILE`` opens the reader on a document;
``reader -`` reads a document from standard input first.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from pathlib import Path
from typing import Any

from reader.config import Config, config_path, load_config
from reader.errors import NotFoundError, ReaderError
from reader.model import Document
from reader.readers import load_document

__all__ = ["NoLibraryError", "open_app", "register", "resolve_target"]

DEFAULT_LIBRARY = Path("documents")
"""The library folder ``reader`` opens when it exists in the current folder."""


class NoLibraryError(ReaderError):
    """``reader`` was run with no folder and none is configured."""

    exit_code = 2


def register(commands: Any) -> None:
    """Add ``open`` (the default command) to the ``reader`` parser."""
    parser = commands.add_parser(
        "open",
        help="open a document or a library folder in the app (the default command)",
        description="Open the app: the library of FOLDER (default ./documents, else the "
        "configured library), or the reader on FILE ('-' reads standard input).",
    )
    parser.add_argument("target", nargs="?", metavar="FILE|FOLDER|-")
    parser.set_defaults(handler=_open)


def resolve_target(target: str | None, config: Config) -> Path:
    """The folder or file the app opens on.

    Args:
        target: What was given on the command line (``None`` for nothing).
        config: The configuration, for its ``library`` folder.

    Raises:
        NotFoundError: The given path does not exist.
        NoLibraryError: Nothing given, no ``./documents`` and no configured library.
    """
    if target is not None:
        path = Path(target).expanduser()
        if not path.exists():
            raise NotFoundError(f"{path}: no such file or folder")
        return path
    if DEFAULT_LIBRARY.is_dir():
        return DEFAULT_LIBRARY
    if config.library is not None:
        if not config.library.is_dir():
            raise NotFoundError(
                f"the library folder {config.library} (set in {config.path}) does not exist"
            )
        return config.library
    raise NoLibraryError(
        "no library folder here: run 'reader FOLDER' or 'reader FILE', or set "
        f'library = "~/your/folder" in {config_path()}'
    )


def _open(args: argparse.Namespace) -> int:
    return open_app(args.target)


def open_app(target: str | None) -> int:
    """Run the app on ``target`` (see :func:`resolve_target`); returns the exit code.

    Raises:
        ReaderError: The target cannot be opened (the app never starts), or the
            document shown first cannot be read.
    """
    # Starting the app creates some 400,000 objects (Textual, its styles, the
    # screen) that live as long as it runs; the collector would walk them again and
    # again before the first frame (~10 ms). The app freezes them and turns it back
    # on once its first screen is painted (ReaderApp.start_up_done).
    gc.disable()
    from reader.store import AnnotationStore
    from reader.tui.app import create_app

    config = load_config()
    opened: Path | Document
    if target == "-":
        opened = load_document("-")
        _keys_from_terminal()
    else:
        opened = resolve_target(target, config)
    store = AnnotationStore.open()
    app = create_app(opened, store=store, keymap=config.keymap, config_file=config.path)
    app.run()
    for clash in app.keymap_clashes:  # told in the app too; kept in the terminal after it
        print(f"reader: {clash.message}", file=sys.stderr)
    if app.failure is not None:
        raise app.failure
    return app.return_code or 0


def _keys_from_terminal() -> None:
    """After reading a document from a pipe, read keys from the terminal instead."""
    try:
        terminal = os.open("/dev/tty", os.O_RDONLY)
    except OSError:
        raise ReaderError(
            "the document was read from standard input, but there is no terminal to "
            "read keys from; run reader in a terminal"
        ) from None
    os.dup2(terminal, 0)
    os.close(terminal)
