"""Document text, file names, notes and tags are shown literally everywhere in the app.

Every piece of untrusted text here looks like Rich/Textual markup (``[bold]``,
``[@click=app.quit]``, ``[link=...]``); it must appear as typed and never act.
"""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable
from textual.widgets._toast import Toast

from reader.readers import load_document
from reader.store import AnnotationStore
from reader.tui.screens.library import LibraryScreen
from tests.tui.app_fixtures import (
    HOSTILE,
    AppFactory,
    make_app,
    reader_ready,
    store,
    wait_until,
    write_hostile,
)

__all__ = ["make_app", "store"]  # fixtures used by name


async def test_library_table_shows_names_and_titles_literally(
    make_app: AppFactory, tmp_path: Path
) -> None:
    write_hostile(tmp_path)
    (tmp_path / "[red]broken[@click=app.quit].txt").write_bytes(bytes(range(256)) * 8)
    app = make_app(tmp_path)
    async with app.run_test(size=(200, 30), notifications=True) as pilot:
        await wait_until(
            pilot,
            lambda: isinstance(app.screen, LibraryScreen) and app.screen.table.row_count == 2,
        )
        table: DataTable[object] = app.screen.query_one(DataTable)
        cells = [str(table.get_row_at(i)[0]) for i in range(2)]
        assert set(cells) == {f"Title {HOSTILE}", "[red]broken[@click=app.quit].txt"}
        table.move_cursor(row=cells.index("[red]broken[@click=app.quit].txt"))
        await pilot.press("enter")
        await wait_until(pilot, lambda: bool(app.screen.query(Toast)))
        toasts = " ".join(str(toast.render()) for toast in app.screen.query(Toast))
        assert "[red]broken[@click=app.quit].txt" in toasts
        assert app.is_running


async def test_reader_panes_show_text_notes_and_tags_literally(
    make_app: AppFactory, tmp_path: Path, store: AnnotationStore
) -> None:
    path = write_hostile(tmp_path)
    document = load_document(path)
    store.attach(document)
    store.add(document, 0, note=f"note {HOSTILE}", tags=["[bold]tag[/bold]"])
    app = make_app(path)
    async with app.run_test(size=(160, 40), notifications=True) as pilot:
        screen = await reader_ready(pilot)
        outline = screen.panes.outline
        rows = [outline.render_line(y).text for y in range(outline.size.height)]
        assert any("Heading [bold]x" in row for row in rows)  # literally, cut to the pane
        [entry] = screen.panes.panel.entry_list.entries
        assert f"Heading {HOSTILE}" == entry.group
        lines = [line.plain for line in entry.lines]
        assert f"note {HOSTILE}" in lines[0]
        assert "[bold]tag[/bold]" in lines[1]
        painted = [
            screen.panes.panel.entry_list.render_line(y).text
            for y in range(screen.panes.panel.entry_list.size.height)
        ]  # lines are cropped to the pane: their start shows the markup literally
        assert any(line.startswith("Heading [bold]x[/bold]") for line in painted)
        assert any("note [bold]x[/bold]" in line for line in painted)
        status = str(screen.status_line.render())
        assert f"Heading {HOSTILE}" in status
        assert "\x1b" not in "".join(p.text for p in document.paragraphs)
        await pilot.click("AnnotationList", offset=(4, 1))
        await pilot.click("StatusLine", offset=(20, 0))
        assert app.is_running
        await pilot.press("e")
        editor_text = " ".join(str(w.render()) for w in app.screen.query("Label, Static"))
        assert f"Body {HOSTILE}" in editor_text
        await pilot.press("escape")
