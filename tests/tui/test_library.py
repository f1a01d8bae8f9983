"""The library screen at a person's pace: filtering as typed, the count, the columns."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Static

from reader.readers import load_document
from reader.store import AnnotationStore
from reader.tui.screens.library import COLUMNS, LibraryScreen
from tests.tui.app_fixtures import AppFactory, library, library_ready, make_app, store, wait_until

__all__ = ["library", "make_app", "store"]  # fixtures used by name


def status(screen: LibraryScreen) -> str:
    return str(screen.query_one("#library-status", Static).render())


async def test_typing_at_a_persons_pace_keeps_every_character(
    make_app: AppFactory, library: Path
) -> None:
    app = make_app(library)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await library_ready(app, pilot, 1)
        for character in "webclip":
            await pilot.press(character)
            await pilot.pause(0.15)
        assert screen.query_one("#filter", Input).value == "webclip"
        await wait_until(pilot, lambda: screen.selected_path is not None)
        assert screen.table.row_count == 1


async def test_the_count_says_how_many_pass_the_filter(make_app: AppFactory, library: Path) -> None:
    app = make_app(library)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await library_ready(app, pilot, 1)
        await wait_until(pilot, lambda: "2 documents" in status(screen))
        await pilot.press("slash", *"webclip")
        await wait_until(pilot, lambda: "1/2 documents" in status(screen))
        assert screen.table.row_count == 1
        await pilot.press("escape")
        await wait_until(pilot, lambda: "1/2" not in status(screen))
        assert "2 documents" in status(screen)


async def test_a_long_title_is_cropped_so_every_column_shows(
    make_app: AppFactory, library: Path
) -> None:
    title = "A Very Long Title " * 6
    (library / "long.md").write_text(f"# {title.strip()}\n\nText.\n", encoding="utf-8")
    app = make_app(library)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await library_ready(app, pilot, 2)
        table = screen.table
        await pilot.pause(0.1)
        widths = sum(column.get_render_width(table) for column in table.columns.values())
        assert widths <= table.scrollable_content_region.width
        cells = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
        assert any(cell.endswith("…") for cell in cells)
        assert len(table.columns) == len(COLUMNS)


async def test_the_copies_of_one_work_are_one_row_that_enter_expands(
    make_app: AppFactory, library: Path
) -> None:
    (library / "other.md").write_text("# Another essay\n\nSomething else.\n", encoding="utf-8")
    app = make_app(library)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await library_ready(app, pilot, 2)
        table = screen.table
        rows = [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]
        work = next(row for row in rows if row[0].startswith("▸ "))
        assert work[3] == "2 copies"
        while screen.selected_path is not None:
            await pilot.press("down")
        await pilot.press("enter")
        await wait_until(pilot, lambda: table.row_count == 4)
        copies = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
        assert sorted(c.strip() for c in copies if "└" in c) == [
            "└ russia-china-policy-bear-hug.txt",
            "└ russia-china-policy-bear-hug.webclip.txt",
        ]
        await pilot.press("enter")  # on the work's row still: its copies fold away
        await wait_until(pilot, lambda: table.row_count == 2)


async def test_an_unlinked_copy_has_a_row_of_its_own(
    make_app: AppFactory, library: Path, store: AnnotationStore
) -> None:
    store.unlink(load_document(library / "russia-china-policy-bear-hug.webclip.txt"))
    app = make_app(library)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await library_ready(app, pilot, 2)
        assert screen.selected_path is not None
