"""The library screen at a person's pace: filtering as typed, the count, the columns."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Static

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
        screen = await library_ready(app, pilot, 2)
        for character in "webclip":
            await pilot.press(character)
            await pilot.pause(0.15)
        assert screen.query_one("#filter", Input).value == "webclip"
        await wait_until(pilot, lambda: screen.table.row_count == 1)


async def test_the_count_says_how_many_pass_the_filter(make_app: AppFactory, library: Path) -> None:
    app = make_app(library)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await library_ready(app, pilot, 2)
        await wait_until(pilot, lambda: "2 documents" in status(screen))
        await pilot.press("slash", *"webclip")
        await wait_until(pilot, lambda: screen.table.row_count == 1)
        assert "1/2 documents" in status(screen)
        await pilot.press("escape")
        await wait_until(pilot, lambda: screen.table.row_count == 2)
        assert "1/2" not in status(screen)
        assert "2 documents" in status(screen)


async def test_a_long_title_is_cropped_so_every_column_shows(
    make_app: AppFactory, library: Path
) -> None:
    title = "A Very Long Title " * 6
    (library / "long.md").write_text(f"# {title.strip()}\n\nText.\n", encoding="utf-8")
    app = make_app(library)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await library_ready(app, pilot, 3)
        table = screen.table
        await pilot.pause(0.1)
        widths = sum(column.get_render_width(table) for column in table.columns.values())
        assert widths <= table.scrollable_content_region.width
        cells = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
        assert any(cell.endswith("…") for cell in cells)
        assert len(table.columns) == len(COLUMNS)
