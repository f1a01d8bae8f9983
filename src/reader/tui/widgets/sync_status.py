"""A few words on syncing: "synced 5 min ago", "syncing…" (shown only with a sync folder)."""

from __future__ import annotations

from datetime import UTC, datetime

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from reader.tui.app_sync import SyncStatus

__all__ = ["SyncStatusLine"]

_REFRESH = 30.0
"""Seconds between two redraws of "n min ago"."""


class SyncStatusLine(Static):
    """When this machine last synced, right-aligned on one line.

    Hidden when no sync folder is configured. The app hands it each new
    :class:`SyncStatus` (``status``); it redraws itself as time passes.
    """

    DEFAULT_CSS = """
    SyncStatusLine {
        height: 1; padding: 0 1; color: $text-muted; text-align: right; display: none;
    }
    SyncStatusLine.-on { display: block; }
    """

    status: reactive[SyncStatus] = reactive(SyncStatus, layout=False)

    def on_mount(self) -> None:
        """Follow the app's sync status, and the clock."""
        self.set_interval(_REFRESH, self._redraw)
        if hasattr(self.app, "sync_status"):
            self.watch(self.app, "sync_status", self._follow)

    def _follow(self, status: SyncStatus) -> None:
        self.status = status

    def watch_status(self, status: SyncStatus) -> None:
        """Show or hide, then redraw."""
        self.set_class(status.configured, "-on")
        self._redraw()

    def _redraw(self) -> None:
        self.update(Text(self.status.describe(datetime.now(UTC))))
