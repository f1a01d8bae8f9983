"""``reader sync [FOLDER]``: merge every machine's notes through a synced folder.

The folder is one that Syncthing, Dropbox, Nextcloud or git carries between
machines (``sync = "..."`` in the config file when FOLDER is not given). The
work is :mod:`reader.sync`; this prints its summary (or JSON) and the warnings
about files that were skipped.
"""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.commands.options import add_json_option
from reader.commands.output import print_json, say, warn
from reader.errors import ReaderError, UsageError

if TYPE_CHECKING:
    from reader.store import AnnotationStore
    from reader.sync import SyncReport

__all__ = ["SYNC_PROGRESS_THRESHOLD", "register"]

SYNC_PROGRESS_THRESHOLD = 2_000
"""A sync shows a progress bar (on standard error) from this many steps on (each
annotation received is two: merged, then stored)."""


def register(commands: Any) -> None:
    """Add ``sync`` to the ``reader`` parser."""
    sync = commands.add_parser(
        "sync",
        help="merge notes, tags, deletes and reading positions with your other machines",
        description="Merge this machine's annotations and reading positions with those of "
        "every other machine syncing through FOLDER (a folder Syncthing, Dropbox, Nextcloud "
        "or git carries; default: 'sync' in the config file). Each machine writes only its "
        "own file in FOLDER/reader-sync/, so the sync engine never sees two writers on one "
        "file. Files that are damaged or still being copied are skipped with a warning and "
        "read again next time.",
    )
    sync.add_argument("folder", nargs="?", metavar="FOLDER", help="the synced folder")
    add_json_option(sync)
    sync.set_defaults(handler=_sync)


def _folder(given: str | None) -> Path:
    if given is not None:
        return Path(given).expanduser()
    from reader.config import load_config

    config = load_config()
    if config.sync is None:
        raise UsageError(
            f"sync needs a FOLDER, or 'sync = \"FOLDER\"' in {config.path}; "
            "see 'reader sync --help'"
        )
    return config.sync


def _sync(args: argparse.Namespace) -> int:
    from reader.store import AnnotationStore
    from reader.sync.state import SyncStateError

    folder = _folder(args.folder)
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder} is not a folder; give the folder your machines share")
    store = AnnotationStore.open()
    try:
        report = _run(store, folder)
    except SyncStateError as error:
        raise ReaderError(f"{error}; move it aside to sync from scratch") from None
    except OSError as error:
        raise ReaderError(
            f"cannot write to {folder} ({error.strerror or error}); check the folder"
        ) from None
    for line in [*report.skipped, *report.warnings]:
        warn(f"reader: warning: {line}")
    if args.json:
        print_json(
            {
                "version": 1,
                "folder": str(folder),
                "machine": report.machine,
                "sent": report.sent,
                "received": report.received,
                "applied": report.applied,
                "conflicts_merged": report.conflicts,
                "tombstones_pruned": report.pruned,
                "skipped": report.skipped,
            }
        )
    else:
        copies = "copy" if report.conflicts == 1 else "copies"
        files = "file" if len(report.skipped) == 1 else "files"
        say(
            f"Synced with {folder}: {report.sent} sent, {report.received} received, "
            f"{report.conflicts} conflict {copies} merged, {len(report.skipped)} {files} skipped"
        )
    return 0


def _run(store: AnnotationStore, folder: Path) -> SyncReport:
    """Sync, with a progress bar once the store has many changes to take."""
    from reader.commands.exporting import _progress
    from reader.sync import sync

    with contextlib.ExitStack() as stack:
        bar: list[Callable[..., None]] = []

        def advance(done: int, total: int) -> None:
            if not bar:
                bar.append(
                    stack.enter_context(_progress(total, "Syncing", SYNC_PROGRESS_THRESHOLD))
                )
            bar[0](done)

        return sync(store, folder, progress=advance)
