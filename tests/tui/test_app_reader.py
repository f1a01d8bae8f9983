"""The reader screen: every key, the panes, search, annotating, undo, reading position."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import Input, TextArea

from reader.annotation import AnnotationKind
from reader.readers import load_document
from reader.store import AnnotationStore
from reader.tui.document_search import Found
from reader.tui.screens.confirm import ConfirmScreen
from reader.tui.screens.editor import EditorScreen
from reader.tui.screens.reader import ReaderScreen
from reader.tui.widgets import search_bar
from reader.tui.widgets.annotations_panel import AnnotationsPanel
from reader.tui.widgets.document_view import DocumentView
from reader.tui.widgets.outline import Outline
from reader.tui.widgets.search_bar import SearchBar
from tests.tui.app_fixtures import (
    AppFactory,
    make_app,
    reader_ready,
    store,
    wait_until,
    write_book,
)

__all__ = ["make_app", "store"]  # fixtures used by name


@pytest.fixture
def book(tmp_path: Path) -> Path:
    """A small Markdown book: 3 chapters of 2 sections, 10 paragraphs each."""
    return write_book(tmp_path / "book.md", chapters=3, paragraphs_per_chapter=20)


@pytest.fixture(scope="module")
def large_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated book of 20,000 paragraphs (2 MB) in 1,200 sections."""
    folder = tmp_path_factory.mktemp("large")
    return write_book(folder / "large.md", chapters=400, paragraphs_per_chapter=50)


def view_of(screen: ReaderScreen) -> DocumentView:
    view = screen.view
    assert view is not None
    return view


async def test_panes_status_and_paragraph_keys(make_app: AppFactory, book: Path) -> None:
    app = make_app(book)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await reader_ready(pilot)
        view = view_of(screen)
        assert view.has_focus
        assert screen.panes.outline.display
        assert screen.panes.panel.display
        await pilot.press("j", "j")
        assert view.current == 2
        await pilot.press("k")
        assert view.current == 1
        status = screen.status_line.status
        assert status.section == "Section 1.1"
        assert status.percent == round(2 * 100 / 60)
        await pilot.press("G")
        assert view.current == 59
        assert screen.status_line.status.percent == 100
        await pilot.press("g")
        assert view.current == 0
        await pilot.press("right_square_bracket")
        assert screen.status_line.status.section == "Section 1.2"


async def test_outline_follows_and_jumps(make_app: AppFactory, book: Path) -> None:
    app = make_app(book)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await reader_ready(pilot)
        view = view_of(screen)
        document = screen.document
        assert document is not None
        view.goto(35)  # chapter 2, section 2.2

        def outline_on(title: str) -> bool:
            section = screen.panes.outline.cursor
            return section is not None and document.sections[section].title == title

        await wait_until(pilot, lambda: outline_on("Section 2.2"))
        await pilot.press("o")  # annotations pane
        assert screen.panes.panel.entry_list.has_focus
        await pilot.press("o")  # the pane's tag filter (o is text there: Tab goes on)
        assert screen.panes.panel.filter_field.has_focus
        await pilot.press("tab")  # wraps round to the outline
        assert screen.panes.outline.has_focus
        await pilot.press("k", "k", "enter")
        assert view.has_focus
        assert document.sections[document.paragraphs[view.current].section or 0].title == (
            "Section 2.1"
        )


async def test_note_with_tags_is_saved_at_once_and_listed(
    make_app: AppFactory, book: Path, store: AnnotationStore
) -> None:
    app = make_app(book)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await reader_ready(pilot)
        await pilot.press("j", "j", "j", "a")
        editor = app.screen
        assert isinstance(editor, EditorScreen)
        await pilot.press(*"first line", "enter", *"second line")
        await pilot.press("tab", *"policy, asia")
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, ReaderScreen)
        document = screen.document
        assert document is not None
        saved = store.annotations(document)
        assert [(a.note, a.tags, a.kind) for a in saved] == [
            ("first line\nsecond line", ("policy", "asia"), AnnotationKind.NOTE)
        ]
        assert document.paragraph_by_anchor(saved[0].anchor) == document.paragraphs[3]
        assert screen.status_line.status.annotations == 1
        assert screen.panes.panel.highlighted == saved[0]
        cursor = screen.panes.outline.cursor
        assert cursor is not None
        outline = screen.panes.outline
        rows = [outline.render_line(y).text for y in range(outline.size.height)]
        assert any(document.sections[cursor].title in row and "1✎" in row for row in rows)


async def test_tag_completion_from_tags_in_use(
    make_app: AppFactory, book: Path, store: AnnotationStore
) -> None:
    document = load_document(book)
    store.attach(document)
    store.add(document, 0, tags=["geopolitics"])
    app = make_app(book)
    async with app.run_test(size=(140, 40)) as pilot:
        await reader_ready(pilot)
        await pilot.press("j", "t")
        editor = app.screen
        assert isinstance(editor, EditorScreen)
        await pilot.press("a", "comma", "space", "g", "e", "o")
        tags = editor.query_one("#tags", Input)
        await wait_until(pilot, lambda: tags._suggestion == "a, geopolitics")  # found in a worker
        await pilot.press("right")
        assert editor.query_one("#tags", Input).value == "a, geopolitics"
        await pilot.press("enter")
        assert not isinstance(app.screen, EditorScreen)
        tagged = [
            a for a in store.annotations(document) if a.anchor == document.paragraphs[1].anchor
        ]
        assert tagged[0].tags == ("a", "geopolitics")
        assert tagged[0].note == ""


async def test_tag_key_retags_the_paragraphs_annotation(
    make_app: AppFactory, book: Path, store: AnnotationStore
) -> None:
    document = load_document(book)
    store.attach(document)
    existing = store.add(document, 0, note="kept", tags=["old"])
    app = make_app(book)
    async with app.run_test(size=(140, 40)) as pilot:
        await reader_ready(pilot)
        await pilot.press("t")
        await pilot.press(*", new", "ctrl+s")
        assert store.get(existing.id).tags == ("old", "new")
        assert store.get(existing.id).note == "kept"
        assert len(store.annotations(document)) == 1


async def test_highlight_bookmark_toggle_delete_and_undo(
    make_app: AppFactory, book: Path, store: AnnotationStore
) -> None:
    app = make_app(book)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await reader_ready(pilot)
        document = screen.document
        assert document is not None
        await pilot.press("h", "j", "m")
        kinds = sorted(a.kind for a in store.annotations(document))
        assert kinds == [AnnotationKind.BOOKMARK, AnnotationKind.HIGHLIGHT]
        await pilot.press("m")  # again: removes the bookmark
        assert [a.kind for a in store.annotations(document)] == [AnnotationKind.HIGHLIGHT]
        await pilot.press("u")
        assert len(store.annotations(document)) == 2
        await pilot.press("k", "d")
        assert [a.kind for a in store.annotations(document)] == [AnnotationKind.BOOKMARK]
        await pilot.press("u")
        assert len(store.annotations(document)) == 2
        assert len(screen.annotations) == 2
        await pilot.press("u")  # nothing left to undo
        assert any("Nothing to undo" in n.message for n in app._notifications)


async def test_edit_from_the_panel(
    make_app: AppFactory, book: Path, store: AnnotationStore
) -> None:
    document = load_document(book)
    store.attach(document)
    first = store.add(document, 2, note="first")
    store.add(document, 8, note="second")
    app = make_app(book)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await reader_ready(pilot)
        view = view_of(screen)
        await pilot.press("A", "A")  # hide and show again
        assert screen.panes.panel.display
        await pilot.press("o")
        assert screen.panes.panel.entry_list.has_focus
        await pilot.press("end", "home", "enter")  # the first note (headings are skipped)
        assert view.current == 2
        assert view.has_focus
        await pilot.press("e")
        editor = app.screen
        assert isinstance(editor, EditorScreen)
        editor.query_one(TextArea).text = "first, edited"
        await pilot.press("ctrl+s")
        assert store.get(first.id).note == "first, edited"
        await pilot.press("right_curly_bracket")
        assert view.current == 8


async def test_a_note_changed_elsewhere_while_edited_is_not_written_over(
    make_app: AppFactory, book: Path, store: AnnotationStore, data_dir: Path
) -> None:
    document = load_document(book)
    store.attach(document)
    first = store.add(document, 2, note="first")
    app = make_app(book)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await reader_ready(pilot)
        await pilot.press("o", "end", "home", "enter", "e")
        editor = app.screen
        assert isinstance(editor, EditorScreen)
        AnnotationStore.open(data_dir).update(first.id, note="changed in a shell meanwhile")
        editor.query_one(TextArea).text = "first, edited here"
        await pilot.press("ctrl+s")
        await wait_until(
            pilot, lambda: any("changed elsewhere" in n.message for n in app._notifications)
        )
        assert store.get(first.id).note == "changed in a shell meanwhile"
        [kept] = (data_dir / "kept-notes").iterdir()
        assert kept.read_text(encoding="utf-8") == "first, edited here"
        shown = [a for a in screen.annotations if a.id == first.id]
        assert [a.note for a in shown] == ["changed in a shell meanwhile"]


async def test_escape_in_the_editor_asks_before_dropping_text(
    make_app: AppFactory, book: Path, store: AnnotationStore
) -> None:
    app = make_app(book)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await reader_ready(pilot)
        await pilot.press("a", "escape")  # nothing typed: closes at once
        assert app.screen is screen
        await pilot.press("a", *"precious")
        await pilot.press("escape")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # keep editing
        editor = app.screen
        assert isinstance(editor, EditorScreen)
        assert editor.note == "precious"
        await pilot.press("escape", "y")
        assert app.screen is screen
        assert screen.document is not None
        assert store.annotations(screen.document) == []


async def test_failed_save_keeps_the_editor_and_its_text(
    make_app: AppFactory, book: Path, store: AnnotationStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.store import StoreError

    def broken(*args: object, **kwargs: object) -> None:
        raise StoreError("the store is locked by another program")

    app = make_app(book)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await reader_ready(pilot)
        monkeypatch.setattr(store, "add", broken)
        await pilot.press("a", *"do not lose me", "ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, EditorScreen))
        editor = app.screen
        assert isinstance(editor, EditorScreen)
        assert editor.note == "do not lose me"
        assert any("locked by another program" in n.message for n in app._notifications)
        monkeypatch.undo()
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: bool(screen.annotations))
        assert isinstance(app.screen, ReaderScreen)


async def test_incremental_search_with_hit_count(make_app: AppFactory, book: Path) -> None:
    app = make_app(book)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await reader_ready(pilot)
        view = view_of(screen)
        await pilot.press("slash")
        field = screen.query_one("#search", Input)
        assert field.has_focus
        assert view.covered_rows == field.outer_size.height  # hits show above the field
        assert view.size.height == screen.query_one("#panes").size.height  # not squeezed
        await pilot.press(*"milestone 2003")
        await wait_until(pilot, lambda: screen.status_line.status.search == "1/2")
        assert view.current == 23
        await pilot.press("enter")
        assert view.has_focus
        assert not field.display
        assert view.covered_rows == 0
        await pilot.press("n")
        assert view.current == 33
        assert screen.status_line.status.search == "2/2"
        await pilot.press("N")
        assert view.current == 23
        await pilot.press("slash", "x", "y", "z", "enter")
        await wait_until(pilot, lambda: screen.status_line.status.search == "no match")
        await pilot.press("escape")
        assert screen.status_line.status.search == ""
        assert view.hits.count == 0


async def test_search_waits_for_a_pause_in_typing_and_enter_starts_it(
    make_app: AppFactory, book: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search_bar, "SEARCH_DELAY", 30.0)  # no pause in this test
    app = make_app(book)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await reader_ready(pilot)
        view = view_of(screen)
        searched: list[str] = []
        find = view.hits.find

        def spy(query: str, cancelled: Callable[[], bool]) -> Found | None:
            searched.append(query)
            return find(query, cancelled)

        monkeypatch.setattr(view.hits, "find", spy)
        prepared: list[bool] = []
        monkeypatch.setattr(view.hits, "prepare", lambda: prepared.append(True))
        await pilot.press("slash")
        await wait_until(pilot, lambda: prepared == [True])  # the text is joined meanwhile
        await pilot.press(*"milestone 2003")
        await pilot.pause()
        assert searched == []
        assert screen.status_line.status.search == "…"  # searching, count to come
        await pilot.press("enter")
        await wait_until(pilot, lambda: screen.status_line.status.search == "1/2")
        assert searched == ["milestone 2003"]
        assert view.current == 23
        assert view.has_focus


async def test_a_stale_search_result_is_not_shown(make_app: AppFactory, book: Path) -> None:
    app = make_app(book)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await reader_ready(pilot)
        view = view_of(screen)
        await pilot.press("slash", *"milestone 2003", "enter")
        await wait_until(pilot, lambda: screen.status_line.status.search == "1/2")
        stale = view.hits.find("milestone")
        assert stale is not None
        bar = screen.query_one(SearchBar)
        bar.post_message(SearchBar.Searched(stale, "milestone", view.document))
        await pilot.pause()
        assert view.hits.count == 2
        assert screen.status_line.status.search == "1/2"
        other = load_document(book)  # the same text read again: another document
        found = view.hits.find("milestone 2003")
        assert found is not None
        bar.post_message(SearchBar.Searched(Found(found.query, []), found.query, other))
        await pilot.pause()
        assert view.hits.count == 2  # hits found in another document are not shown


async def test_reopening_returns_to_the_last_paragraph_read(
    make_app: AppFactory, book: Path
) -> None:
    app = make_app(book)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await reader_ready(pilot)
        await pilot.press(*"jjjjjjj")
        assert view_of(screen).current == 7
        await pilot.press("q")
    assert app.return_code == 0
    again = make_app(book)
    async with again.run_test(size=(140, 40)) as pilot:
        screen = await reader_ready(pilot)
        assert view_of(screen).current == 7


async def test_panels_resize_and_collapse_when_narrow(make_app: AppFactory, book: Path) -> None:
    app = make_app(book)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await reader_ready(pilot)
        assert not screen.query_one("#outline").display
        assert not screen.query_one("#annotations").display
        await pilot.press("O")
        assert screen.query_one("#outline").display
        assert not screen.query_one("#annotations").display
        await pilot.press("A")
        assert screen.query_one("#annotations").display
        assert not screen.query_one("#outline").display
        width = screen.query_one("#annotations").size.width
        await pilot.press("less_than_sign")
        await pilot.pause()
        assert screen.query_one("#annotations").size.width < width
        await pilot.press("greater_than_sign", "greater_than_sign")
        await pilot.pause()
        assert screen.query_one("#annotations").size.width > width
        assert view_of(screen).size.width >= 30
        await pilot.press("o")
        assert screen.panes.panel.entry_list.has_focus
        await pilot.press("A")  # hiding the focused pane hands focus to the document
        assert view_of(screen).has_focus
        await pilot.press("a")
        assert isinstance(app.screen, EditorScreen)
        await pilot.resize_terminal(140, 40)
        await pilot.pause()


async def test_large_document_opens_moves_and_searches(
    make_app: AppFactory, large_book: Path
) -> None:
    app = make_app(large_book)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await reader_ready(pilot)
        view = view_of(screen)
        await pilot.press("G")
        assert view.current == 19999
        await pilot.press("space", "g", "right_square_bracket", "right_square_bracket")
        assert screen.status_line.status.section == "Section 2.1"
        await pilot.press("slash", *"milestone 400024", "enter")
        assert screen.status_line.status.search == "1/2"  # sections 400.1 and 400.2
        await pilot.press("m")
        assert len(screen.annotations) == 1
        assert screen.query_one(AnnotationsPanel).highlighted is not None
        assert screen.query_one(Outline).cursor is not None


async def test_export_writes_the_documents_notes_as_markdown(
    make_app: AppFactory, book: Path, store: AnnotationStore, tmp_path: Path
) -> None:
    from reader.export.files import EXPORT_DIR_PREFERENCE

    exports = tmp_path / "exports"
    store.set_preference(EXPORT_DIR_PREFERENCE, str(exports))
    document = load_document(book)
    store.attach(document)
    store.add(document, 4, note="exported [bold]literally[/bold]", tags=["out"])
    app = make_app(book)
    async with app.run_test(size=(140, 40)) as pilot:
        await reader_ready(pilot)
        await pilot.press("x")
        files = list(exports.glob("*.md"))
        assert len(files) == 1
        assert "exported" in files[0].read_text(encoding="utf-8")
        assert any(str(files[0]) in n.message for n in app._notifications)
