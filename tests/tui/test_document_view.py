"""The document view: keys, mouse, search, marks, resizing and rendering, through Pilot."""

from __future__ import annotations

import gc

import pytest
from rich.cells import cell_len
from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.pilot import Pilot

from reader.annotation import KINDS, AnnotationKind
from reader.model import Document, ParagraphKind
from reader.readers.builder import DocumentBuilder
from reader.tui.layout import MORE_LEFT, MORE_RIGHT, wrap
from reader.tui.widgets import document_lines
from reader.tui.widgets.document_messages import CurrentChanged, HitChanged
from reader.tui.widgets.document_view import (
    CURRENT_BAR,
    OVERVIEW_HIT,
    OVERVIEW_MARK,
    DocumentView,
)

SIZE = (100, 30)


def sample_document() -> Document:
    """Every kind of paragraph, sections, boilerplate, wide and markup-like text."""
    builder = DocumentBuilder("text")
    builder.paragraph("Preface before any heading: [bold]not markup[/bold] and [red]x[/].")
    builder.heading("Chapter One", 1)
    for index in range(6):
        builder.paragraph(f"One-{index}. " + "Lorem ipsum dolor sit amet consectetur. " * 4)
    builder.paragraph(
        "first item, long enough to wrap at least once in an eighty column text area, surely",
        ParagraphKind.LIST_ITEM,
        marker="1.",
    )
    builder.paragraph("A quoted passage from long ago.", ParagraphKind.QUOTE)
    builder.paragraph("def f(x):\n    return x  # " + "y" * 150, ParagraphKind.CODE)
    builder.paragraph("Figure 1: a caption", ParagraphKind.CAPTION)
    builder.heading("Section 1.1", 2)
    builder.paragraph("Share this article", boilerplate=True)
    builder.paragraph("Related: other things", boilerplate=True)
    builder.paragraph("中文文本测试，宽字符需要正确换行。" * 8 + " emoji 😀😀😀 end")
    builder.heading("Chapter Two", 1)
    for index in range(30):
        builder.paragraph(f"Two-{index}. " + "Words go here and there. " * 5)
    return builder.build()


# Paragraph indices in sample_document().
PREFACE, ONE_0, LIST, QUOTE, CODE, CAPTION, CHROME_A, CHROME_B, WIDE, TWO_0 = (
    0,
    1,
    7,
    8,
    9,
    10,
    11,
    12,
    13,
    14,
)
LAST = 43


class ViewApp(App[None]):
    """A screen holding only a document view, recording what it posts."""

    def __init__(self, document: Document) -> None:
        super().__init__()
        self.document = document
        self.animation_level = "none"
        self.changes: list[int] = []
        self.hit_messages: list[tuple[int | None, int]] = []

    def compose(self) -> ComposeResult:
        yield DocumentView(self.document)

    def on_document_view_current_changed(self, message: CurrentChanged) -> None:
        self.changes.append(message.index)

    def on_document_view_hit_changed(self, message: HitChanged) -> None:
        self.hit_messages.append((message.hit_index, message.hit_count))


def screen_lines(view: DocumentView) -> list[str]:
    """The plain text of every line the view shows now."""
    return [view.render_line(y).text for y in range(view.scrollable_content_region.height)]


def visible_rows(view: DocumentView, paragraph: int) -> range:
    """Viewport rows the paragraph's block occupies (may extend off screen)."""
    layout = view.document_layout
    block = layout.paragraph_block[paragraph]
    top = layout.block_top(block) - int(view.scroll_y)
    return range(top, top + layout.block_height(block) - 1)


def fully_visible(view: DocumentView, paragraph: int) -> bool:
    rows = visible_rows(view, paragraph)
    return rows.start >= 0 and rows.stop <= view.scrollable_content_region.height


async def start(pilot: Pilot[None]) -> DocumentView:
    await pilot.pause()
    return pilot.app.query_one(DocumentView)


async def test_bindings_have_the_contract_ids() -> None:
    keys: dict[str, set[str]] = {}
    for binding in Binding.make_bindings(DocumentView.BINDINGS):
        if binding.id:
            keys.setdefault(binding.id, set()).add(binding.key)
    assert keys == {
        "document.down": {"j", "down"},
        "document.up": {"k", "up"},
        "document.page_down": {"space", "pagedown"},
        "document.page_up": {"b", "pageup"},
        "document.top": {"g", "home"},
        "document.bottom": {"G", "end"},
        "document.next_section": {"right_square_bracket"},
        "document.previous_section": {"left_square_bracket"},
        "document.next_annotation": {"right_curly_bracket"},
        "document.previous_annotation": {"left_curly_bracket"},
        "document.next_hit": {"n"},
        "document.previous_hit": {"N"},
        "document.toggle_fold": {"enter"},
        "document.next_link": {"l"},
        "document.previous_link": {"L"},
        "document.back": {"apostrophe", "ctrl+o"},
        "document.footnote": {"f"},
        "document.scroll_left": {"left"},
        "document.scroll_right": {"right"},
        "document.select": {"v"},
        "selection.word": {"w"},
        "selection.word_back": {"b"},
        "selection.word_end": {"e"},
        "selection.sentence": {"right_parenthesis"},
        "selection.sentence_back": {"left_parenthesis"},
        "selection.start": {"0"},
        "selection.end": {"dollar_sign"},
        "selection.char": {"shift+right"},
        "selection.char_back": {"shift+left"},
        "selection.line": {"shift+down"},
        "selection.line_up": {"shift+up"},
        "selection.swap": {"o"},
        "selection.leave": {"escape"},
        "document.copy": {"y"},
        "selection.copy": {"y"},
        "document.color": {"c"},
    }


@pytest.mark.parametrize(("down", "up"), [("j", "k"), ("down", "up")])
async def test_j_and_k_move_by_paragraph_and_post_current_changed(down: str, up: str) -> None:
    app = ViewApp(sample_document())
    async with app.run_test(size=SIZE) as pilot:
        view = await start(pilot)
        assert view.current == PREFACE
        await pilot.press(down, down, down)
        assert view.current == ONE_0 + 2
        await pilot.press(up)
        assert view.current == ONE_0 + 1
        await pilot.pause()
        assert app.changes == [ONE_0, ONE_0 + 1, ONE_0 + 2, ONE_0 + 1]
        await pilot.press(up, up, up)
        assert view.current == PREFACE


async def test_moving_down_scrolls_the_current_paragraph_into_view() -> None:
    app = ViewApp(sample_document())
    async with app.run_test(size=SIZE) as pilot:
        view = await start(pilot)
        for _ in range(20):
            await pilot.press("j")
            assert fully_visible(view, view.current)
        assert view.scroll_y > 0


async def test_folded_boilerplate_is_one_step_and_enter_unfolds_it() -> None:
    app = ViewApp(sample_document())
    async with app.run_test(size=SIZE) as pilot:
        view = await start(pilot)
        view.goto(CAPTION)
        await pilot.press("j")
        assert view.current == CHROME_A
        assert any("2 paragraphs of page chrome folded" in line for line in screen_lines(view))
        await pilot.press("j")
        assert view.current == WIDE
        await pilot.press("k", "enter")
        assert view.current == CHROME_A
        await pilot.press("j")
        assert view.current == CHROME_B
        await pilot.press("k", "k")
        assert view.current == CAPTION  # the unfolded fold's line is a header, not a stop
        await pilot.press("j", "j")
        assert view.current == CHROME_B
        assert any("Related: other things" in line for line in screen_lines(view))
        await pilot.press("enter")
        assert view.current == CHROME_A
        assert not any("Related: other things" in line for line in screen_lines(view))


async def test_goto_unfolds_a_folded_paragraph() -> None:
    app = ViewApp(sample_document())
    async with app.run_test(size=SIZE) as pilot:
        view = await start(pilot)
        view.goto(CHROME_B)
        await pilot.pause()
        assert view.current == CHROME_B
        assert any("Related: other things" in line for line in screen_lines(view))
        assert fully_visible(view, CHROME_B)


@pytest.mark.parametrize("key", ["space", "pagedown"])
async def test_page_down_moves_a_screen_and_selects_the_first_visible(key: str) -> None:
    app = ViewApp(sample_document())
    async with app.run_test(size=SIZE) as pilot:
        view = await start(pilot)
        height = view.scrollable_content_region.height
        await pilot.press(key)
        assert view.scroll_y == height
        assert fully_visible(view, view.current)
        assert visible_rows(view, view.current).start <= 3
        previous = view.current
        await pilot.press("b")
        assert view.scroll_y == 0
        assert view.current < previous
        assert fully_visible(view, view.current)


class StartingApp(ViewApp):
    """Calls ``goto`` before the view is mounted, as an app restoring a reading position."""

    def compose(self) -> ComposeResult:
        view = DocumentView(self.document)
        view.goto(TWO_0 + 20)
        yield view


async def test_goto_before_mounting_shows_the_paragraph_once_laid_out() -> None:
    app = StartingApp(sample_document())
    async with app.run_test(size=SIZE) as pilot:
        view = await start(pilot)
        assert view.current == TWO_0 + 20
        assert fully_visible(view, TWO_0 + 20)


async def test_page_keys_at_the_ends_select_the_first_and_last_paragraph() -> None:
    app = ViewApp(sample_document())
    async with app.run_test(size=SIZE) as pilot:
        view = await start(pilot)
        await pilot.press("j", "j", "pageup")
        assert view.current == PREFACE
        for _ in range(30):
            await pilot.press("pagedown")
        assert view.current == LAST
        assert view.scroll_y == view.max_scroll_y


@pytest.mark.parametrize(("bottom", "top"), [("G", "g"), ("end", "home")])
async def test_bottom_and_top(bottom: str, top: str) -> None:
    app = ViewApp(sample_document())
    async with app.run_test(size=SIZE) as pilot:
        view = await start(pilot)
        await pilot.press(bottom)
        assert view.current == LAST
        assert view.scroll_y == view.max_scroll_y
        assert any("Two-29." in line for line in screen_lines(view))
        await pilot.press(top)
        assert view.current == PREFACE
        assert view.scroll_y == 0


async def test_sections_jump_with_the_heading_at_the_top() -> None:
    app = ViewApp(sample_document())
    async with app.run_test(size=SIZE) as pilot:
        view = await start(pilot)
        await pilot.press("right_square_bracket")
        assert view.current == ONE_0
        assert screen_lines(view)[0].strip() == "Chapter One"
        await pilot.press("right_square_bracket")
        assert view.current == CHROME_A  # the first block of Section 1.1 is its fold
        assert screen_lines(view)[0].strip() == "Section 1.1"
        await pilot.press("right_square_bracket", "right_square_bracket")
        assert view.current == TWO_0
        assert screen_lines(view)[0].strip() == "Chapter Two"
        await pilot.press("j", "j", "left_square_bracket")
        assert view.current == TWO_0  # first back to the start of this section, as vim's [[
        await pilot.press("left_square_bracket")
        assert view.current == CHROME_A
        await pilot.press("left_square_bracket", "left_square_bracket")
        assert view.current == ONE_0


async def test_annotations_jump_with_braces_and_show_in_gutter_and_overview() -> None:
    app = ViewApp(sample_document())
    async with app.run_test(size=SIZE) as pilot:
        view = await start(pilot)
        view.set_marks(
            {ONE_0 + 1: AnnotationKind.NOTE, TWO_0 + 5: AnnotationKind.BOOKMARK, 999: "x"}  # type: ignore[dict-item]
        )
        await pilot.press("right_curly_bracket")
        assert view.current == ONE_0 + 1
        row = visible_rows(view, ONE_0 + 1).start
        line = screen_lines(view)[row]
        assert KINDS[AnnotationKind.NOTE].glyph + " One-1." in line
        await pilot.press("right_curly_bracket")
        assert view.current == TWO_0 + 5
        await pilot.press("right_curly_bracket")
        assert view.current == TWO_0 + 5
        await pilot.press("left_curly_bracket", "left_curly_bracket")
        assert view.current == ONE_0 + 1
        overview = [line[-1] for line in screen_lines(view)]
        assert overview.count(OVERVIEW_MARK) == 2


async def test_search_highlights_hits_and_n_cycles_through_them() -> None:
    app = ViewApp(sample_document())
    async with app.run_test(size=SIZE) as pilot:
        view = await start(pilot)
        view.goto(TWO_0 + 25)
        assert view.search("two-2") == 11  # Two-2, Two-20..Two-29; smart case ignores case
        assert (view.hits.selected, view.current) == (6, TWO_0 + 25)
        await pilot.press("n")
        assert (view.hits.selected, view.current) == (7, TWO_0 + 26)
        await pilot.press("n", "n", "n", "n")
        assert (view.hits.selected, view.current) == (0, TWO_0 + 2)  # wrapped to the first
        await pilot.press("N")
        assert (view.hits.selected, view.current) == (10, TWO_0 + 29)
        assert OVERVIEW_HIT in [line[-1] for line in screen_lines(view)]
        assert view.search("Two-2") == 11
        assert view.search("TWO-2") == 0  # a capital letter makes the search case-sensitive
        assert view.hits.selected is None
        await pilot.press("n")
        await pilot.pause()
        assert app.hit_messages[-1] == (None, 0)


async def test_n_and_n_continue_from_the_reading_position_after_a_jump() -> None:
    app = ViewApp(sample_document())
    async with app.run_test(size=SIZE) as pilot:
        view = await start(pilot)
        view.goto(TWO_0 + 21)
        assert view.search("two-2") == 11  # Two-2 (0), Two-20..Two-29 (1..10)
        assert (view.hits.selected, view.current) == (2, TWO_0 + 21)
        await pilot.press("g", "n")  # back at the top: the first hit, not the one after 2
        assert (view.hits.selected, view.current) == (0, TWO_0 + 2)
        view.goto(TWO_0 + 10)  # between hits: n goes forward, N back
        await pilot.press("n")
        assert (view.hits.selected, view.current) == (1, TWO_0 + 20)
        view.goto(TWO_0 + 10)
        await pilot.press("N")
        assert (view.hits.selected, view.current) == (0, TWO_0 + 2)
        await pilot.press("G", "n")  # the hit in the last paragraph is where the reader is
        assert (view.hits.selected, view.current) == (10, TWO_0 + 29)


def notices(app: App[None]) -> list[str]:
    return [notification.message for notification in app._notifications]


async def test_the_ends_of_hits_and_notes_are_said() -> None:
    app = ViewApp(sample_document())
    async with app.run_test(size=SIZE) as pilot:
        view = await start(pilot)
        await pilot.press("right_curly_bracket")
        assert notices(app) == ["no notes yet"]
        view.set_marks({ONE_0 + 1: AnnotationKind.NOTE, TWO_0: AnnotationKind.NOTE})
        view.goto(TWO_0)
        await pilot.press("right_curly_bracket")
        assert view.current == TWO_0
        assert notices(app)[-1] == "last note"
        view.goto(ONE_0 + 1)
        await pilot.press("left_curly_bracket")
        assert notices(app)[-1] == "first note"
        view.goto(TWO_0 + 29)
        assert view.search("two-2") == 11
        assert view.hits.selected == 10
        await pilot.press("n")
        assert (view.hits.selected, notices(app)[-1]) == (0, "search hit BOTTOM, continuing at TOP")
        await pilot.press("N")
        assert (view.hits.selected, notices(app)[-1]) == (
            10,
            "search hit TOP, continuing at BOTTOM",
        )
        await pilot.press("N")
        assert (view.hits.selected, len(notices(app))) == (9, 5)  # no wrap, nothing said


async def test_search_starts_at_the_current_paragraph_and_colours_hits() -> None:
    app = ViewApp(sample_document())
    async with app.run_test(size=SIZE) as pilot:
        view = await start(pilot)
        view.goto(ONE_0 + 3)
        assert view.search("lorem") == 24
        assert view.current == ONE_0 + 3
        assert view.hits.selected == 12
        row = visible_rows(view, ONE_0 + 3).start
        strip = view.render_line(row)
        hit_style = view.get_component_rich_style("document-view--hit-current", partial=True)
        styled = [s.text for s in strip if s.style and s.style.bgcolor == hit_style.bgcolor]
        assert "Lorem" in styled
        assert view.search("") == 0
        assert view.hits.count == 0


async def test_find_then_show_found_is_search_in_two_steps() -> None:
    app = ViewApp(sample_document())
    async with app.run_test(size=SIZE) as pilot:
        view = await start(pilot)
        view.goto(TWO_0 + 25)
        found = view.hits.find("two-2")
        assert found is not None
        assert view.hits.count == 0  # finding shows nothing yet
        assert view.hits.find("two-2", lambda: True) is None  # cancelled before the first chunk
        assert view.show_found(found) == 11
        assert (view.hits.selected, view.current) == (6, TWO_0 + 25)
        await pilot.pause()
        assert app.hit_messages[-1] == (6, 11)


async def test_the_books_objects_are_kept_out_of_full_collections_while_shown() -> None:
    app = ViewApp(sample_document())
    async with app.run_test(size=SIZE) as pilot:
        view = await start(pilot)
        assert gc.get_freeze_count() > len(view.document.paragraphs)
        await view.remove()
        assert gc.get_freeze_count() == 0


async def test_a_theme_change_repaints_lines_in_the_new_colours() -> None:
    app = ViewApp(sample_document())
    async with app.run_test(size=SIZE) as pilot:
        view = await start(pilot)
        assert next(iter(view.render_line(0))).style == view.rich_style
        dark = view.rich_style
        app.theme = "textual-light"
        await pilot.pause()
        assert view.rich_style != dark
        view.render_lines(view.scrollable_content_region.reset_offset)  # a frame
        assert next(iter(view.render_line(0))).style == view.rich_style


async def test_paragraphs_come_into_view_above_covered_rows() -> None:
    app = ViewApp(sample_document())
    async with app.run_test(size=SIZE) as pilot:
        view = await start(pilot)
        view.covered_rows = 5
        height = view.scrollable_content_region.height
        for paragraph in range(TWO_0, TWO_0 + 12):  # step down past the bottom
            view.goto(paragraph)
            rows = visible_rows(view, paragraph)
            assert rows.start >= 0
            assert rows.stop <= height - 5


async def test_search_is_literal() -> None:
    app = ViewApp(sample_document())
    async with app.run_test(size=SIZE) as pilot:
        view = await start(pilot)
        assert view.search("[bold]") == 1
        assert view.search(".*") == 0


async def test_click_selects_a_paragraph_and_unfolds_a_fold() -> None:
    app = ViewApp(sample_document())
    async with app.run_test(size=SIZE) as pilot:
        view = await start(pilot)
        row = visible_rows(view, ONE_0 + 2).start + 1
        assert await pilot.click(DocumentView, offset=(30, row))
        assert view.current == ONE_0 + 2
        view.goto(CHROME_A)
        await pilot.pause()
        fold_row = visible_rows(view, CHROME_A).start
        assert await pilot.click(DocumentView, offset=(30, fold_row))
        assert view.current == CHROME_A
        assert any("Share this article" in line for line in screen_lines(view))
        assert fully_visible(view, CHROME_A)


async def test_the_wheel_scrolls_and_the_current_paragraph_follows() -> None:
    app = ViewApp(sample_document())
    async with app.run_test(size=SIZE) as pilot:
        view = await start(pilot)
        for _ in range(15):
            view.post_message(events.MouseScrollDown(view, 10, 5, 0, 1, 0, False, False, False))
            await pilot.pause()
        assert view.scroll_y > 10
        assert fully_visible(view, view.current)
        current = view.current
        await pilot.press("j")
        assert view.current == current + 1


async def test_resize_re_wraps_and_keeps_the_current_paragraph_on_screen() -> None:
    app = ViewApp(sample_document())
    async with app.run_test(size=SIZE) as pilot:
        view = await start(pilot)
        assert view.text_width == 80
        view.goto(ONE_0 + 4)
        await pilot.pause()
        await pilot.resize_terminal(50, 30)
        await pilot.pause()
        assert view.text_width < 50
        assert all(cell_len(line) <= 50 for line in screen_lines(view))
        assert fully_visible(view, ONE_0 + 4)
        await pilot.resize_terminal(160, 30)
        await pilot.pause()
        assert view.text_width == 80
        line = screen_lines(view)[visible_rows(view, ONE_0 + 4).start]
        assert line.index("One-4.") > 30  # centred in a wide terminal
        assert fully_visible(view, ONE_0 + 4)


async def test_a_narrower_view_is_re_wrapped_before_its_scrollbars_are_worked_out() -> None:
    """Never a horizontal scrollbar meant for the old width, shown for a frame."""
    builder = DocumentBuilder("text")
    for index in range(40):
        builder.paragraph(f"Paragraph {index}. " + "Words go here and there. " * 6)
    app = ViewApp(builder.build())
    async with app.run_test(size=SIZE) as pilot:
        view = await start(pilot)
        scrollbar: list[bool] = []

        def shown(show: bool) -> None:
            scrollbar.append(show)

        app.watch(view, "show_horizontal_scrollbar", shown, init=False)
        await pilot.resize_terminal(50, 30)
        await pilot.pause()
        assert view.text_width < 50
        assert scrollbar == []


async def test_wide_characters_wrap_inside_the_text_column() -> None:
    app = ViewApp(sample_document())
    async with app.run_test(size=SIZE) as pilot:
        view = await start(pilot)
        view.goto(WIDE)
        await pilot.pause()
        rows = visible_rows(view, WIDE)
        assert len(rows) > 1
        for row in rows:
            strip = view.render_line(row)
            assert strip.cell_length == view.scrollable_content_region.width
        text = "".join(screen_lines(view)[row] for row in rows)
        assert "😀😀😀" in text


async def test_the_lines_of_verse_are_shown_apart_and_each_wraps_on_its_own() -> None:
    builder = DocumentBuilder("text")
    long_line = "Or to take arms against a sea of troubles, and by opposing end them at last"
    builder.paragraph(
        f"HAMLET.\nTo be, or not to be, that is the question:\n{long_line}", keep_lines=True
    )
    builder.paragraph("After the speech.")
    app = ViewApp(builder.build())
    async with app.run_test(size=(60, 20)) as pilot:
        view = await start(pilot)
        rows = [screen_lines(view)[row].strip(" ▌") for row in visible_rows(view, 0)]
        assert rows[:2] == ["HAMLET.", "To be, or not to be, that is the question:"]
        assert len(rows) == 4  # the long line wraps into two
        assert " ".join(rows[2:]) == long_line
        assert view.search("question: Or to take") == 1  # across a line break


async def test_markup_in_document_text_is_shown_literally() -> None:
    app = ViewApp(sample_document())
    async with app.run_test(size=SIZE) as pilot:
        view = await start(pilot)
        first = "".join(screen_lines(view)[:3])
        assert "[bold]not markup[/bold]" in first
        assert "[red]x[/]" in first


async def test_the_current_paragraph_is_marked_without_colour() -> None:
    app = ViewApp(sample_document())
    async with app.run_test(size=SIZE) as pilot:
        view = await start(pilot)
        await pilot.press("j", "j")
        rows = visible_rows(view, view.current)
        lines = screen_lines(view)
        for row in rows:
            assert CURRENT_BAR in lines[row]
        assert CURRENT_BAR not in lines[rows.start - 2]


async def test_code_is_not_wrapped_and_scrolls_sideways_alone() -> None:
    app = ViewApp(sample_document())
    async with app.run_test(size=SIZE) as pilot:
        view = await start(pilot)
        view.goto(CODE)
        await pilot.pause()
        code_row = visible_rows(view, CODE).start + 1
        quote_row = visible_rows(view, QUOTE).start
        assert "return x" in screen_lines(view)[code_row]
        await pilot.press(*["right"] * 6)
        assert view.scroll_x == 6
        lines = screen_lines(view)
        assert MORE_LEFT + "urn x" in lines[code_row]  # the first cell says more is to the left
        assert "return x" not in lines[code_row]
        assert "│ A quoted passage" in lines[quote_row]


async def test_a_code_line_cut_at_the_pane_edge_is_marked_and_the_keys_are_shown() -> None:
    app = ViewApp(sample_document())
    async with app.run_test(size=SIZE) as pilot:
        view = await start(pilot)
        shown = app.screen.active_bindings
        assert "right" not in shown
        assert "left" not in shown
        view.goto(CODE)
        await pilot.pause()
        code_row = visible_rows(view, CODE).start + 1
        line = screen_lines(view)[code_row].rstrip()
        assert line.endswith("y" + MORE_RIGHT)  # "return x  # yyy..." goes on to the right
        assert not screen_lines(view)[code_row - 1].rstrip().endswith(MORE_RIGHT)  # "def f(x):"
        shown = app.screen.active_bindings
        assert "right" in shown
        assert "left" in shown
        await pilot.press(*["right"] * 200)
        line = screen_lines(view)[code_row]
        assert MORE_LEFT in line
        assert MORE_RIGHT not in line
        view.goto(ONE_0)
        await pilot.pause()
        shown = app.screen.active_bindings
        assert "left" in shown
        assert "right" not in shown
        await pilot.press(*["left"] * 200)
        assert "left" not in app.screen.active_bindings


async def test_headings_lists_and_quotes_are_laid_out() -> None:
    app = ViewApp(sample_document())
    async with app.run_test(size=SIZE) as pilot:
        view = await start(pilot)
        view.goto(LIST)
        await pilot.pause()
        lines = [line.strip() for line in screen_lines(view)]
        assert "Chapter One" in lines
        assert lines[lines.index("Chapter One") + 1].startswith("═══")
        list_rows = visible_rows(view, LIST)
        raw = screen_lines(view)
        first, second = raw[list_rows.start], raw[list_rows.start + 1]
        assert "1. first item" in first
        assert second.index("surely") == first.index("first")  # hanging indent


async def test_an_empty_document_shows_a_message_and_ignores_keys() -> None:
    app = ViewApp(DocumentBuilder("text").build())
    async with app.run_test(size=SIZE) as pilot:
        view = await start(pilot)
        await pilot.press("j", "G", "space", "right_square_bracket", "n", "enter")
        assert view.current == 0
        assert "This document has no text." in screen_lines(view)[0]
        assert view.search("x") == 0


@pytest.mark.slow
async def test_a_30k_paragraph_book_opens_and_jumps_building_only_the_lines_shown(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Opening, G, a search and a resize build styled lines for the paragraphs on
    # screen only, never for the book (how long they take: `benchmarks app`).
    wrapped: list[str] = []
    real_wrap = wrap  # what document_lines calls, until patched below

    def wrapping(text: str, width: int) -> list[tuple[int, int]]:
        wrapped.append(text)
        return real_wrap(text, width)

    monkeypatch.setattr(document_lines, "wrap", wrapping)
    builder = DocumentBuilder("text")
    sentence = "The quick brown fox jumps over the lazy dog near the river bank. "
    for index in range(30_000):
        if index % 100 == 0:
            builder.heading(f"Chapter {index // 100}", 1)
        builder.paragraph(f"P{index}. " + sentence * (1 + index % 6))
    document = builder.build()
    app = ViewApp(document)
    async with app.run_test(size=(120, 40)) as pilot:
        view = await start(pilot)
        assert any("P0." in line for line in screen_lines(view))
        await pilot.press("G")
        assert view.current == 29_999
        assert any("P29999." in line for line in screen_lines(view))
        assert view.search("P15000.") == 1
        assert any("P15000." in line for line in screen_lines(view))
        await pilot.resize_terminal(90, 40)
        await pilot.pause()
        assert fully_visible(view, 15_000)
    assert 0 < len(set(wrapped)) < 200


async def test_set_mark_changes_one_mark_as_set_marks_would_and_redraws_only_its_rows(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = ViewApp(sample_document())
    async with app.run_test(size=SIZE) as pilot:
        view = await start(pilot)
        marks = {ONE_0 + 1: AnnotationKind.NOTE, TWO_0 + 5: AnnotationKind.BOOKMARK}
        view.set_marks(marks)
        screen_lines(view)  # the overview strip worked out and cached
        refreshed: list[tuple[object, ...]] = []
        real_refresh = view.refresh

        def spy(*regions: object, **options: object) -> object:
            refreshed.append(regions)
            return real_refresh(*regions, **options)  # type: ignore[arg-type]

        monkeypatch.setattr(view, "refresh", spy)
        changes = [
            (ONE_0 + 2, AnnotationKind.HIGHLIGHT),  # shares a strip row with ONE_0 + 1
            (TWO_0 + 5, AnnotationKind.NOTE),
            (ONE_0 + 2, None),
            (TWO_0 + 5, None),
        ]
        for index, kind in changes:
            view.set_mark(index, kind)
            if kind is None:
                marks.pop(index, None)
            else:
                marks[index] = kind
            incremental = screen_lines(view)
            assert all(regions for regions in refreshed)  # never the whole view
            monkeypatch.undo()
            view.set_marks(marks)
            assert screen_lines(view) == incremental
            monkeypatch.setattr(view, "refresh", spy)
        assert [line[-1] for line in screen_lines(view)].count(OVERVIEW_MARK) == 1


def tall_paragraph_document() -> Document:
    """A chapter-long paragraph (as plain-text Bibles have) between two short ones."""
    builder = DocumentBuilder("text")
    builder.heading("The Gospel", 1)
    builder.paragraph("Before the long one.")
    verses = [f"Verse {n} and the words that follow it here." for n in range(1, 200)]
    verses[150] = "Jesus wept."
    builder.paragraph(" ".join(verses))
    builder.paragraph("After the long one.")
    return builder.build()


async def test_a_hit_inside_a_paragraph_taller_than_the_screen_is_shown() -> None:
    app = ViewApp(tall_paragraph_document())
    async with app.run_test(size=SIZE) as pilot:
        view = await start(pilot)
        assert view.search("Jesus wept") == 1
        await pilot.pause()
        assert view.current == 1
        shown = screen_lines(view)
        assert any("Jesus wept" in line for line in shown)
        row = next(y for y, line in enumerate(shown) if "Jesus wept" in line)
        hit_style = view.get_component_rich_style("document-view--hit-current", partial=True)
        assert "Jesus wept" in "".join(
            s.text
            for s in view.render_line(row)
            if s.style and s.style.bgcolor == hit_style.bgcolor
        )


async def test_j_k_and_pages_read_through_a_paragraph_taller_than_the_screen() -> None:
    app = ViewApp(tall_paragraph_document())
    async with app.run_test(size=SIZE) as pilot:
        view = await start(pilot)
        await pilot.press("j")
        layout = view.document_layout
        block = layout.paragraph_block[1]
        assert (view.current, view.scroll_y) == (1, layout.block_top(block))  # its first line
        last = layout.block_top(block) + layout.block_height(block) - 2
        seen = [int(view.scroll_y)]
        while view.current == 1:
            await pilot.press("j")
            seen.append(int(view.scroll_y))
        assert view.current == 2
        assert seen == sorted(seen)  # it scrolled through, then moved on
        assert len(seen) > 4
        assert seen[-2] + view.scrollable_content_region.height > last  # its end was shown
        await pilot.press("k")
        assert view.current == 1
        tops = []
        while int(view.scroll_y) > layout.block_top(block):
            await pilot.press("k")
            tops.append(int(view.scroll_y))
            assert view.current == 1
        assert tops == sorted(tops, reverse=True)
        assert len(tops) > 4  # back in from below: its end showed first, then it scrolled up
        await pilot.press("space")
        assert view.current == 1
        assert view.scroll_y > 0
