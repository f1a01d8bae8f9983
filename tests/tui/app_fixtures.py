"""Shared pieces of the app tests: the real store, the app factory, test documents.

Imported by the ``test_app*`` modules (not a conftest, so the document-view
tests in this folder stay independent of them).
"""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from reader.model import Document
from reader.store import AnnotationStore
from reader.tui.app import ReaderApp
from reader.tui.screens.library import LibraryScreen
from reader.tui.screens.reader import ReaderScreen
from tests.conftest import DOCUMENTS

HOSTILE = "[bold]x[/bold] [@click=app.quit]click[/] [link=http://e.vil]l[/link]"
"""Markup-looking text that must always be shown literally and never act."""

AppFactory = Callable[..., ReaderApp]


@pytest.fixture
def library(tmp_path: Path) -> Path:
    """A copy of the sample documents (so tests can add files)."""
    folder = tmp_path / "library"
    shutil.copytree(DOCUMENTS, folder)
    return folder


@pytest.fixture
def store(data_dir: Path) -> AnnotationStore:
    """The real annotation store, in the per-test READER_DATA folder."""
    return AnnotationStore.open(data_dir)


@pytest.fixture
def make_app(store: AnnotationStore) -> AppFactory:
    """Build the app exactly as the command line does, animations off."""

    def make(target: Path | Document, **options: object) -> ReaderApp:
        app = ReaderApp(target, store=store, **options)  # type: ignore[arg-type]
        app.animation_level = "none"
        return app

    return make


class Clock:
    """Seconds that pass only when the test says (a reading pace measured without waiting)."""

    def __init__(self, now: float = 0.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def write_book(path: Path, chapters: int, paragraphs_per_chapter: int) -> Path:
    """A Markdown book with chapters and sections, each paragraph distinct."""
    lines = ["# A generated book", ""]
    for chapter in range(1, chapters + 1):
        lines += [f"## Chapter {chapter}", ""]
        for section in range(1, 3):
            lines += [f"### Section {chapter}.{section}", ""]
            for n in range(paragraphs_per_chapter // 2):
                lines += [
                    f"Paragraph {n} of section {chapter}.{section}: the quick brown fox "
                    f"jumps over the lazy dog near milestone {chapter * 1000 + n}.",
                    "",
                ]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def write_hostile(folder: Path) -> Path:
    """A document whose title, headings and text all look like markup."""
    path = folder / "[bold]evil[@click=app.quit].md"
    path.write_text(
        f"# Title {HOSTILE}\n\n## Heading {HOSTILE}\n\nBody {HOSTILE}\n\n"
        f"Second paragraph \x1b[31mred\x1b[0m {HOSTILE}\n",
        encoding="utf-8",
    )
    return path


async def wait_until(
    pilot: Pilot[None], condition: Callable[[], bool], seconds: float = 60.0
) -> None:
    """Let the app run until ``condition()`` holds (workers finish, screens mount).

    ``seconds`` only keeps a broken app from hanging the suite: it is no speed
    limit, so it is far above what any wait takes on a loaded machine.
    """
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while not condition():
        if loop.time() > deadline:
            raise AssertionError("the app did not reach the expected state in time")
        await pilot.pause(0.01)


async def library_ready(app: ReaderApp, pilot: object, rows: int) -> LibraryScreen:
    from textual.pilot import Pilot

    assert isinstance(pilot, Pilot)
    await wait_until(
        pilot,
        lambda: (
            isinstance(app.screen, LibraryScreen)
            and app.screen.grouped  # every document read, the copies of one work grouped
            and app.screen.table.row_count == rows
        ),
    )
    screen = app.screen
    assert isinstance(screen, LibraryScreen)
    return screen


async def reader_ready(pilot: Pilot[None]) -> ReaderScreen:
    """Wait for the reader screen to have loaded its document; return it."""

    def loaded() -> bool:
        screen = pilot.app.screen
        # The document, not only a view: a large file's preview shows before it loads.
        return (
            isinstance(screen, ReaderScreen)
            and screen.document is not None
            and screen.view is not None
        )

    await wait_until(pilot, loaded)
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, ReaderScreen)
    return screen
