"""``reader [FILE | FOLDER | -]``: open the app.

``reader`` alone opens the library (``./documents`` when present, else the
``library`` folder of the configuration file); ``reader FOLDER`` opens that
folder as the library; ``reader FILE`` opens the reader on a document;
``reader -`` reads a document from standard input first. ``reader open FILE
--annotation ID`` and ``--paragraph N`` open the reader at that note or paragraph
(``reader notes FILE --verbose`` prints the command for each note).
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.config import Config, config_path, load_config
from reader.errors import NotFoundError, ReaderError, UsageError
from reader.model import Document
from reader.readers import load_document

if TYPE_CHECKING:
    from reader.store import AnnotationStore

__all__ = [
    "NoLibraryError",
    "NoSuchPlaceError",
    "open_app",
    "place_in_document",
    "register",
    "resolve_target",
]

DEFAULT_LIBRARY = Path("documents")
"""The library folder ``reader`` opens when it exists in the current folder."""


class NoLibraryError(ReaderError):
    """``reader`` was run with no folder and none is configured."""

    exit_code = 2


class NoSuchPlaceError(ReaderError):
    """The paragraph or annotation to open at is not in the document (nothing matched)."""

    exit_code = 5


def register(commands: Any) -> None:
    """Add ``open`` (the default command) to the ``reader`` parser."""
    parser = commands.add_parser(
        "open",
        help="open a document or a library folder in the app (the default command)",
        description="Open the app: the library of FOLDER (default ./documents, else the "
        "configured library), or the reader on FILE ('-' reads standard input).",
    )
    parser.add_argument("target", nargs="?", metavar="FILE|FOLDER|-")
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--annotation",
        metavar="ID",
        help="open FILE at this annotation (its id or a unique prefix, as 'reader notes' shows)",
    )
    where.add_argument(
        "--paragraph",
        metavar="N",
        type=int,
        help="open FILE at this paragraph (0 is the first, as in 'reader annotate --paragraph')",
    )
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
    return open_app(args.target, annotation=args.annotation, paragraph=args.paragraph)


def open_app(
    target: str | None, *, annotation: str | None = None, paragraph: int | None = None
) -> int:
    """Run the app on ``target`` (see :func:`resolve_target`); returns the exit code.

    Args:
        target: The file, folder or ``-`` given, ``None`` for the library.
        annotation: Open the document at this annotation (id or unique prefix).
        paragraph: Open the document at this paragraph (0 is the first).

    Raises:
        ReaderError: The target cannot be opened (the app never starts), the
            annotation or paragraph is not in it, or the document shown first
            cannot be read.
    """
    # Starting the app creates some 400,000 objects (Textual, its styles, the
    # screen) that live as long as it runs; the collector would walk them again and
    # again before the first frame (~10 ms). The app freezes them and turns it back
    # on once its first screen is painted (ReaderApp.start_up_done).
    gc.disable()
    from reader.store import AnnotationStore
    from reader.tui.app import ReaderApp

    config = load_config()
    opened: Path | Document = (
        load_document("-") if target == "-" else resolve_target(target, config)
    )
    start_at = None
    store = AnnotationStore.open()
    if annotation is not None or paragraph is not None:
        opened = _document_to_place(opened, "--annotation" if annotation else "--paragraph")
        start_at = place_in_document(opened, store, annotation=annotation, paragraph=paragraph)
    if target == "-":
        _keys_from_terminal()
    app = ReaderApp(
        opened,
        store=store,
        keymap=config.keymap,
        config_file=config.path,
        text_width=config.text_width,
        start_at=start_at,
        sync_folder=config.sync,
    )
    app.run()
    for clash in app.keymap_clashes:  # told in the app too; kept in the terminal after it
        print(f"reader: {clash.message}", file=sys.stderr)
    if app.failure is not None:
        raise app.failure
    return app.return_code or 0


def _document_to_place(opened: Path | Document, option: str) -> Document:
    """The document ``--annotation`` or ``--paragraph`` places the reader in (read here,
    once: the app shows this very document)."""
    if isinstance(opened, Document):
        return opened
    if opened.is_dir():
        raise UsageError(f"{option} needs a document FILE, and {opened} is a folder")
    return load_document(opened)


def place_in_document(
    document: Document,
    store: AnnotationStore,
    *,
    annotation: str | None = None,
    paragraph: int | None = None,
) -> str:
    """The anchor of the paragraph to open ``document`` at, from a note or a paragraph number.

    The annotation is looked up among the document's annotations re-anchored to
    the file as it is now, so a note on an edited file opens where it moved to.

    Raises:
        NoSuchPlaceError: The paragraph number is out of range, or the annotation
            is of another document or orphaned (its passage is gone).
        AnnotationNotFoundError: No annotation (or several) has that id or prefix.
    """
    if paragraph is not None:
        count = len(document.paragraphs)
        if not 0 <= paragraph < count:
            span = f"paragraphs 0 to {count - 1}" if count else "no paragraphs"
            raise NoSuchPlaceError(f"{document.title!r} has {span}, not {paragraph}")
        return document.paragraphs[paragraph].anchor
    assert annotation is not None
    from reader.annotation import AnchorStatus
    from reader.sanitize import clean_line

    wanted = store.get(annotation)  # one line for an unknown id or an ambiguous prefix
    found = next((a for a in store.attach(document, record=False) if a.id == wanted.id), None)
    if found is None:
        where = f" ({clean_line(wanted.document.path)})" if wanted.document.path else ""
        raise NoSuchPlaceError(
            f"annotation {wanted.id[:8]} is in {clean_line(wanted.document.title)!r}{where}, "
            f"not in {document.title!r}; open that file"
        )
    place = document.paragraph_by_anchor(found.anchor)
    if found.status == AnchorStatus.ORPHANED or place is None:
        raise NoSuchPlaceError(
            f"annotation {found.id[:8]} is orphaned: its passage is no longer in "
            f"{document.title!r} ('reader notes FILE --orphans' lists it)"
        )
    return place.anchor


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
