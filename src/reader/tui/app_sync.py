"""Syncing when the app opens and when it quits, in the background.

With a sync folder in the config file (``sync = "..."``), the app runs
:func:`reader.sync.sync` once its first screen is painted, and again when it
quits (waiting at most :data:`QUIT_WAIT` seconds: a sync that takes longer goes
on being safe to stop, since the store and the sync state are written
atomically and the next sync resumes). A sync runs on its own store object in a
worker thread, one at a time; a failure is one notification line. What the app
shows is a :class:`SyncStatus`, described in words by :meth:`SyncStatus.describe`.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.sanitize import clean_line

if TYPE_CHECKING:
    from textual.app import App

    from reader.sync import SyncReport

__all__ = ["QUIT_WAIT", "AppSync", "SyncStatus", "ago"]

QUIT_WAIT = 5.0
"""Seconds quitting waits for its sync before the app goes anyway."""


def ago(moment: datetime, now: datetime) -> str:
    """How long ago ``moment`` was, in a few characters ("just now", "5 min ago")."""
    seconds = (now - moment).total_seconds()
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{int(seconds // 60)} min ago"
    if seconds < 86400:
        return f"{int(seconds // 3600)} h ago"
    return f"on {moment.astimezone().strftime('%Y-%m-%d')}"


@dataclass(frozen=True, slots=True)
class SyncStatus:
    """Where syncing stands, as the app shows it.

    Attributes:
        configured: A sync folder is configured (else nothing is shown).
        last: When this machine last synced (``None``: never).
        running: A sync is under way.
        failed: The last attempt failed (its notification said why).
    """

    configured: bool = False
    last: datetime | None = None
    running: bool = False
    failed: bool = False

    def describe(self, now: datetime) -> str:
        """A few words: "syncing…", "synced 5 min ago", "sync failed · synced 2 h ago"."""
        if not self.configured:
            return ""
        if self.running:
            return "syncing…"
        last = "never synced" if self.last is None else f"synced {ago(self.last, now)}"
        return f"sync failed · {last}" if self.failed else last


def _parse(text: str | None) -> datetime | None:
    if text is None:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


class AppSync:
    """Runs the app's syncs and keeps its :class:`SyncStatus` up to date.

    Args:
        app: The app (told of the status through ``show``, notifies failures).
        data_dir: The store's data folder (the sync opens its own store there).
        folder: The sync folder.
        show: Called on the app's thread with each new status.
    """

    def __init__(
        self,
        app: App[Any],
        data_dir: Path,
        folder: Path,
        show: Callable[[SyncStatus], None],
    ) -> None:
        self._app = app
        self._data_dir = data_dir
        self.folder = folder
        self._show = show
        self._one_at_a_time = threading.Lock()
        self.status = SyncStatus(configured=True)

    def _set(self, status: SyncStatus) -> None:
        self.status = status
        self._show(status)

    def read_last(self) -> None:
        """Show when this machine last synced (a small file: read once painted)."""
        from reader.sync.state import last_sync

        self._set(replace(self.status, last=_parse(last_sync(self._data_dir))))

    def start(self) -> asyncio.Future[None]:
        """Sync in a worker thread; the returned future is done when it is."""
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._set(replace(self.status, running=True))
        self._app.run_worker(
            lambda: self._run(done),
            name="sync",
            group="sync",
            thread=True,
            exit_on_error=False,
        )
        return done

    async def before_quit(self) -> None:
        """Sync once more, waiting at most :data:`QUIT_WAIT` seconds."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(asyncio.shield(self.start()), QUIT_WAIT)

    def _run(self, done: asyncio.Future[None]) -> None:
        """The worker: one sync at a time, its outcome told on the app's thread."""
        from reader.store import AnnotationStore
        from reader.sync import sync

        with self._one_at_a_time:
            try:
                report: SyncReport | None = sync(AnnotationStore.open(self._data_dir), self.folder)
                problem = ""
            except Exception as error:  # whatever went wrong is one line, never a traceback
                report, problem = None, str(error) or type(error).__name__
        self._app.call_from_thread(self._finished, report, problem, done)

    def _finished(
        self, report: SyncReport | None, problem: str, done: asyncio.Future[None]
    ) -> None:
        if report is None:
            self._app.notify(
                clean_line(f"Sync with {self.folder} failed: {problem}"),
                title="Sync",
                severity="warning",
                markup=False,
            )
            self._set(replace(self.status, running=False, failed=True))
        else:
            self.read_last()
            self._set(replace(self.status, running=False, failed=False))
            warnings = [*report.skipped, *report.warnings]
            if warnings:
                more = f" (and {len(warnings) - 1} more)" if len(warnings) > 1 else ""
                self._app.notify(
                    clean_line(warnings[0]) + more, title="Sync", severity="warning", markup=False
                )
            elif report.applied:
                self._app.notify(
                    f"Synced: {report.applied} change{'' if report.applied == 1 else 's'} "
                    "from your other machines",
                    title="Sync",
                    markup=False,
                )
        if not done.done():
            done.set_result(None)
