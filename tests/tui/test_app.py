"""The library screen, launching, the help screen, keymaps, themes and the palette."""

from __future__ import annotations

import gc
import io
from pathlib import Path

import pytest
from rich.console import Console
from textual.command import CommandList
from textual.widgets import Static

from reader.commands.app import NoLibraryError, resolve_target
from reader.config import Config
from reader.errors import NotFoundError
from reader.readers import load_document
from reader.store import AnnotationStore
from reader.tui.app import ReaderApp
from reader.tui.screens.editor import EditorScreen
from reader.tui.screens.help import HelpScreen
from reader.tui.screens.library import LibraryScreen
from reader.tui.screens.reader import ReaderScreen
from reader.tui.widgets.key_bar import KeyBar
from tests.tui.app_fixtures import (
    AppFactory,
    library,
    library_ready,
    make_app,
    reader_ready,
    store,
    wait_until,
)

__all__ = ["library", "make_app", "store"]  # fixtures used by name


def help_text(app: ReaderApp) -> str:
    """What the help screen shows, rendered as plain text."""
    console = Console(width=120, record=True, file=io.StringIO())
    for static in app.screen.query(Static):
        console.print(static.content)
    return console.export_text()


def titles(screen: LibraryScreen) -> list[str]:
    table = screen.table
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


async def test_library_lists_documents_and_opens_and_goes_back(
    make_app: AppFactory, library: Path
) -> None:
    app = make_app(library)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await library_ready(app, pilot, 1)  # the two samples: one work
        assert {e.path.name for e in screen.entries} == {p.name for p in library.iterdir()}
        await pilot.press("enter")  # a work's row shows its copies
        await wait_until(pilot, lambda: screen.table.row_count == 3)
        await pilot.press("down", "enter")
        reader = await reader_ready(pilot)
        assert reader.root is False
        await pilot.press("q")
        await wait_until(pilot, lambda: isinstance(app.screen, LibraryScreen))
        await pilot.press("q")
    assert app.return_code == 0


async def test_typing_filters_and_escape_clears(make_app: AppFactory, library: Path) -> None:
    app = make_app(library)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await library_ready(app, pilot, 1)
        await pilot.press("w", "e", "b", "c")
        assert screen.query_one("#filter").has_focus
        await wait_until(pilot, lambda: screen.selected_path is not None)
        assert screen.table.row_count == 1
        assert screen.selected_path is not None
        assert screen.selected_path.name.endswith(".webclip.txt")
        await pilot.press("escape")
        await wait_until(pilot, lambda: screen.selected_path is None)  # the work's row again
        assert screen.table.row_count == 1
        assert screen.table.has_focus


async def test_sorting_by_key_and_by_header(make_app: AppFactory, library: Path) -> None:
    (library / "aaa.md").write_text("# Zebra essay\n\nText.\n", encoding="utf-8")
    app = make_app(library)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await library_ready(app, pilot, 2)  # Zebra, and the samples' work
        assert titles(screen)[-1] == "Zebra essay"
        await pilot.click("#documents", offset=(2, 0))  # the Title header: reverse
        assert titles(screen)[0] == "Zebra essay"
        await pilot.press("s")  # next column: authors
        assert screen.table.row_count == 2


async def test_library_shows_counts_and_progress_after_reading(
    make_app: AppFactory, library: Path, store: AnnotationStore
) -> None:
    app = make_app(library)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await library_ready(app, pilot, 1)
        await pilot.press("enter")
        await wait_until(pilot, lambda: screen.table.row_count == 3)
        await pilot.press("down", "enter")
        reader = await reader_ready(pilot)
        await pilot.press("j", "j", "h")
        await pilot.press("q")
        await wait_until(pilot, lambda: isinstance(app.screen, LibraryScreen))
        opened = next(e for e in screen.entries if e.annotations)
        assert opened.annotations == 1
        assert opened.last_read is not None
        assert opened.progress > 0
        assert reader.document is not None
        assert store.reading_position(reader.document) == reader.document.paragraphs[2].anchor


async def test_empty_and_unreadable_entries(make_app: AppFactory, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    app = make_app(empty)
    async with app.run_test(size=(100, 24)) as pilot:
        await pilot.pause(0.2)
        status = app.screen.query_one("#library-status")
        await wait_until(pilot, lambda: "No documents" in str(status.render()))
    (empty / "binary.txt").write_bytes(bytes(range(256)) * 8)
    app = make_app(empty)
    async with app.run_test(size=(100, 24)) as pilot:
        screen = await library_ready(app, pilot, 1)
        assert screen.entries[0].problem
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, LibraryScreen))
        await pilot.pause(0.1)
        assert isinstance(app.screen, LibraryScreen)


async def test_unreadable_file_as_first_screen_stops_with_its_error(
    make_app: AppFactory, tmp_path: Path
) -> None:
    binary = tmp_path / "image.txt"
    binary.write_bytes(bytes(range(256)) * 8)
    app = make_app(binary)
    async with app.run_test(size=(100, 24)) as pilot:
        await wait_until(pilot, lambda: app.failure is not None)
    assert app.failure is not None
    assert app.return_code == app.failure.exit_code == 3


async def test_the_collector_is_back_on_once_the_first_screen_is_painted(
    make_app: AppFactory, clean_sample: Path
) -> None:
    """``reader`` starts the app with garbage collection off; the app turns it on."""
    gc.disable()
    try:
        app = make_app(clean_sample)
        async with app.run_test(size=(100, 24)) as pilot:
            await wait_until(pilot, gc.isenabled)
            assert isinstance(app.screen, ReaderScreen)
    finally:
        gc.enable()
        gc.unfreeze()


async def test_help_lists_every_key_with_its_binding_id(
    make_app: AppFactory, clean_sample: Path
) -> None:
    app = make_app(clean_sample)
    async with app.run_test(size=(120, 40)) as pilot:
        await reader_ready(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = help_text(app)
        for binding_id in (
            "reader.annotate",
            "reader.tag",
            "reader.highlight",
            "reader.bookmark",
            "reader.edit",
            "reader.delete",
            "reader.undo",
            "reader.search",
            "reader.export",
            "reader.toggle_outline",
            "reader.toggle_annotations",
            "document.next_section",
            "document.top",
            "app.quit",
            "app.help",
            "editor.save",
        ):
            assert binding_id in text
        await pilot.press("escape")
        assert isinstance(app.screen, ReaderScreen)


async def test_keymap_remaps_keys_and_flags_unknown_ids(
    make_app: AppFactory, clean_sample: Path
) -> None:
    app = make_app(clean_sample, keymap={"reader.annotate": "w", "no.such": "z"})
    async with app.run_test(size=(120, 40)) as pilot:
        await reader_ready(pilot)
        assert any("no.such" in n.message for n in app._notifications)
        await pilot.press("a")
        assert not isinstance(app.screen, EditorScreen)
        await pilot.press("w")
        assert isinstance(app.screen, EditorScreen)
        await pilot.press("escape")
        await pilot.press("question_mark")
        row = next(line for line in help_text(app).splitlines() if "reader.annotate" in line)
        assert row.split()[0] == "w"


async def test_theme_is_remembered(
    make_app: AppFactory, clean_sample: Path, store: AnnotationStore
) -> None:
    app = make_app(clean_sample)
    async with app.run_test(size=(100, 30)) as pilot:
        await reader_ready(pilot)
        app.theme = "nord"
        await pilot.pause()
    assert store.preference("theme") == "nord"
    again = make_app(clean_sample)
    async with again.run_test(size=(100, 30)) as pilot:
        await reader_ready(pilot)
        assert again.theme == "nord"


async def test_palette_offers_every_action_and_finds_notes(
    make_app: AppFactory, clean_sample: Path, store: AnnotationStore
) -> None:
    document = load_document(clean_sample)
    store.attach(document)
    note = store.add(document, 5, note="remember the pivot to Asia", tags=["asia"])
    app = make_app(clean_sample)
    async with app.run_test(size=(120, 40)) as pilot:
        reader = await reader_ready(pilot)
        commands = {c.title: c for c in app.get_system_commands(reader)}
        assert {"Note", "Highlight", "Bookmark", "Search", "Next section"} <= set(commands)
        await commands["Bookmark"].callback()
        await wait_until(pilot, lambda: len(reader.annotations) == 2)
        await pilot.press("ctrl+p")
        await pilot.press(*"pivot")

        def note_highlighted() -> bool:
            found = app.screen.query(CommandList)
            hits = found.first() if found else None
            return (
                hits is not None
                and hits.highlighted is not None
                and "pivot" in str(hits.get_option_at_index(hits.highlighted).prompt)
            )

        await wait_until(pilot, note_highlighted)  # hits arrive in batches, not at once
        await pilot.press("enter")
        await wait_until(pilot, lambda: reader.view is not None and reader.view.current == 5)
        selected = reader.selected_annotation()
        assert selected is not None
        assert selected.id == note.id


def test_resolve_target(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(NoLibraryError, match="reader FOLDER"):
        resolve_target(None, Config())
    assert resolve_target(None, Config(library=tmp_path)) == tmp_path
    with pytest.raises(NotFoundError):
        resolve_target("missing.txt", Config())
    with pytest.raises(NotFoundError, match="does not exist"):
        resolve_target(None, Config(library=tmp_path / "gone"))
    (tmp_path / "documents").mkdir()
    assert resolve_target(None, Config()) == Path("documents")


async def test_a_keymap_entry_that_clashes_with_a_built_in_key_wins_and_is_reported(
    make_app: AppFactory, clean_sample: Path
) -> None:
    app = make_app(clean_sample, keymap={"reader.annotate": "n"})
    async with app.run_test(size=(120, 40)) as pilot:
        await reader_ready(pilot)
        clash = [n.message for n in app._notifications if "reader.annotate" in n.message]
        assert len(clash) == 1
        assert "document.next_hit" in clash[0]
        assert [(c.user_id, c.builtin_id) for c in app.keymap_clashes] == [
            ("reader.annotate", "document.next_hit")
        ]
        bar = app.screen.query_one(KeyBar)
        assert ("n", "Note") in [(item.key, item.description) for item in bar.keys]
        await pilot.press("n")
        assert isinstance(app.screen, EditorScreen)
        await pilot.press("escape")
        await pilot.press("question_mark")
        rows = [line.split() for line in help_text(app).splitlines()]
        assert [row[0] for row in rows if "reader.annotate" in row] == ["n"]
        next_hit = next(row for row in rows if "document.next_hit" in row)
        assert next_hit[0] != "n"


def test_a_built_in_binding_keeps_the_keys_the_keymap_did_not_take() -> None:
    from reader.tui.app import _binding_chains
    from reader.tui.keys import UNBOUND, resolve_keymap

    keymap, clashes = resolve_keymap(_binding_chains(), {"reader.annotate": "j,n"})
    assert keymap["document.down"] == "down"
    assert keymap["document.next_hit"] == UNBOUND
    assert keymap["reader.annotate"] == "j,n"
    assert {(c.key, c.builtin_id) for c in clashes} == {
        ("j", "document.down"),
        ("j", "outline.down"),  # each pane the reader screen holds
        ("j", "annotations.down"),
        ("n", "document.next_hit"),
    }
    library_only = resolve_keymap(_binding_chains(), {"library.sort": "j"})[0]
    assert library_only == {"library.sort": "j", "library.down": UNBOUND}  # the reader's j stays


def test_a_key_written_as_its_character_is_the_key_textual_names() -> None:
    from reader.tui.app import _binding_chains
    from reader.tui.keys import UNBOUND, resolve_keymap

    keymap, clashes = resolve_keymap(_binding_chains(), {"reader.annotate": "?, ctrl+n"})
    assert keymap["reader.annotate"] == "question_mark,ctrl+n"
    assert keymap["app.help"] == UNBOUND
    assert {(c.key, c.builtin_id) for c in clashes} == {("question_mark", "app.help")}


async def test_a_keymap_key_written_as_its_character_works(
    make_app: AppFactory, clean_sample: Path
) -> None:
    app = make_app(clean_sample, keymap={"reader.annotate": "+"})
    async with app.run_test(size=(120, 40)) as pilot:
        await reader_ready(pilot)
        await pilot.press("plus")
        assert isinstance(app.screen, EditorScreen)
