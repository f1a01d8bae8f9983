"""The app syncs through the config file's sync folder when it opens and when it quits."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from textual.widgets import Static

from reader.config import load_config
from reader.readers import load_document
from reader.store import AnnotationStore
from reader.sync.folder import SYNC_DIR
from reader.sync.state import machine_id
from reader.tui.app_sync import SyncStatus, ago
from reader.tui.widgets.sync_status import SyncStatusLine
from tests.tui.app_fixtures import AppFactory, library, library_ready, make_app, store, wait_until

__all__ = ["library", "make_app", "store"]  # fixtures used by name


def _config(tmp_path: Path, folder: Path) -> Path:
    """A config file naming ``folder`` as the sync folder."""
    path = tmp_path / "config.toml"
    path.write_text(f'sync = "{folder.as_posix()}"\n', encoding="utf-8")
    return path


def _published(store: AnnotationStore, folder: Path) -> str:
    """Everything this machine has written to the sync folder."""
    own = folder / SYNC_DIR / machine_id(store.data_dir)
    return "".join(p.read_text() for p in sorted(own.rglob("*.jsonl")))


def _line(app: object) -> str:
    from textual.app import App

    assert isinstance(app, App)
    line = app.screen.query_one(SyncStatusLine)
    return str(line.render()) if line.display else ""


async def test_syncs_on_open_and_on_quit(
    make_app: AppFactory, library: Path, store: AnnotationStore, tmp_path: Path
) -> None:
    folder = tmp_path / "shared"
    config = load_config(_config(tmp_path, folder))
    document = load_document(next(p for p in sorted(library.iterdir()) if p.suffix == ".txt"))
    first = store.add(document, 0, note="made before the app opened")
    app = make_app(library, sync_folder=config.sync)
    async with app.run_test(size=(120, 30)) as pilot:
        await library_ready(app, pilot, 1)  # the two samples: one work
        await wait_until(pilot, lambda: _line(app) == "synced just now")
        assert first.id in _published(store, folder)
        later = store.add(document, 1, note="made while the app was open")
        assert later.id not in _published(store, folder)
        await pilot.press("q")
        await wait_until(pilot, lambda: later.id in _published(store, folder))
        await wait_until(pilot, lambda: not app.is_running)


async def test_no_sync_folder_shows_nothing(make_app: AppFactory, library: Path) -> None:
    app = make_app(library)
    async with app.run_test(size=(120, 30)) as pilot:
        await library_ready(app, pilot, 1)  # the two samples: one work
        assert _line(app) == ""
        assert not app.screen.query_one(SyncStatusLine).display


async def test_a_failed_sync_is_one_notification_line(
    make_app: AppFactory, library: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "not-a-folder"
    folder.write_text("a file where the sync folder should be", encoding="utf-8")
    app = make_app(library, sync_folder=folder)
    async with app.run_test(size=(120, 30)) as pilot:
        await library_ready(app, pilot, 1)  # the two samples: one work
        # The status line changes at once; the notification is a message, shown after.
        await wait_until(
            pilot,
            lambda: (
                _line(app) == "sync failed · never synced"
                and any(n.title == "Sync" for n in app._notifications)
            ),
        )
        [told] = [n for n in app._notifications if n.title == "Sync"]
        assert told.message.startswith(f"Sync with {folder} failed: ")
        assert "\n" not in told.message
        assert "Traceback" not in told.message
        assert isinstance(app.screen.query_one("#library-status"), Static)


def test_the_status_in_words() -> None:
    now = datetime(2026, 1, 2, 12, 0, tzinfo=UTC)
    assert SyncStatus().describe(now) == ""
    assert SyncStatus(configured=True).describe(now) == "never synced"
    assert SyncStatus(configured=True, running=True).describe(now) == "syncing…"
    earlier = now - timedelta(minutes=5)
    assert SyncStatus(configured=True, last=earlier).describe(now) == "synced 5 min ago"
    failed = SyncStatus(configured=True, last=earlier, failed=True)
    assert failed.describe(now) == "sync failed · synced 5 min ago"
    assert ago(now - timedelta(seconds=10), now) == "just now"
    assert ago(now - timedelta(hours=3), now) == "3 h ago"
    assert ago(now - timedelta(days=3), now).startswith("on 2025-12-")
