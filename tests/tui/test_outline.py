"""The outline: folds, keys, clicks, counts, following the reading position, resizing."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.pilot import Pilot

from reader.model import Document
from reader.readers.builder import DocumentBuilder
from reader.tui.widgets.outline import FOLDED, UNFOLDED, Outline


def nested_document() -> Document:
    """Two chapters (open in the outline) of three sections (folded), one paragraph each."""
    builder = DocumentBuilder("text")
    for chapter in range(2):
        builder.heading(f"Chapter {chapter}", 1)
        for section in range(3):
            builder.heading(f"Section {chapter}.{section}", 2)
            builder.paragraph(f"Text of section {chapter}.{section}.")
            builder.heading(f"Part {chapter}.{section}.a", 3)
            builder.paragraph(f"Text of part {chapter}.{section}.a.")
    return builder.build()


class OutlineApp(App[None]):
    """The outline alone, recording the jumps it asks for."""

    CSS = "Outline { width: 40; }"

    def __init__(self, document: Document) -> None:
        super().__init__()
        self.document = document
        self.jumps: list[int] = []

    def compose(self) -> ComposeResult:
        yield Outline()

    def on_mount(self) -> None:
        self.query_one(Outline).show_document(self.document, [])

    def on_outline_jump(self, event: Outline.Jump) -> None:
        self.jumps.append(event.section)


def section_index(document: Document, title: str) -> int:
    return next(s.index for s in document.sections if s.title == title)


def rows(outline: Outline) -> list[str]:
    """The rows on screen, as text."""
    lines = [outline.render_line(y).text.rstrip() for y in range(outline.size.height)]
    return [line for line in lines if line]


async def started(pilot: Pilot[None]) -> Outline:
    await pilot.pause()
    return pilot.app.query_one(Outline)


def test_bindings_have_the_contract_ids() -> None:
    keys: dict[str, set[str]] = {}
    for binding in Binding.make_bindings(Outline.BINDINGS):
        assert binding.id is not None
        keys.setdefault(binding.id, set()).add(binding.key)
    assert keys == {
        "outline.down": {"j", "down"},
        "outline.up": {"k", "up"},
        "outline.first": {"home"},
        "outline.last": {"end"},
        "outline.page_down": {"pagedown"},
        "outline.page_up": {"pageup"},
        "outline.parent": {"shift+left"},
        "outline.select": {"enter"},
        "outline.toggle_fold": {"space"},
    }


async def test_chapters_start_open_sections_folded_with_guides_and_counts() -> None:
    async with OutlineApp(nested_document()).run_test(size=(60, 20)) as pilot:
        outline = await started(pilot)
        width = outline.scrollable_content_region.width

        def row(start: str, counts: str) -> str:
            return start + " " * (width - len(start) - len(counts)) + counts

        assert rows(outline) == [
            row(f"{UNFOLDED}Chapter 0", "6¶"),
            row(f"├── {FOLDED}Section 0.0", "2¶"),
            row(f"├── {FOLDED}Section 0.1", "2¶"),
            row(f"└── {FOLDED}Section 0.2", "2¶"),
            row(f"{UNFOLDED}Chapter 1", "6¶"),
            row(f"├── {FOLDED}Section 1.0", "2¶"),
            row(f"├── {FOLDED}Section 1.1", "2¶"),
            row(f"└── {FOLDED}Section 1.2", "2¶"),
        ]
        assert outline.cursor is None


async def test_follow_moves_the_cursor_at_once_and_opens_only_closed_folds() -> None:
    document = nested_document()
    async with OutlineApp(document).run_test(size=(60, 20)) as pilot:
        outline = await started(pilot)
        chapter = section_index(document, "Chapter 1")
        outline.toggle(chapter)
        await pilot.pause()
        assert "Section 1.0" not in "\n".join(rows(outline))

        wanted = section_index(document, "Part 1.0.a")
        outline.follow(wanted)  # no pause: the cursor is there in the same update
        assert outline.cursor == wanted
        await pilot.pause()
        shown = rows(outline)
        assert f"{UNFOLDED}Chapter 1" in shown[4]
        assert "│   └── Part 1.0.a" in shown[6]

        size = outline.virtual_size
        outline.follow(section_index(document, "Section 1.2"))  # inside open folds
        assert outline.cursor == section_index(document, "Section 1.2")
        assert outline.virtual_size == size


async def test_keys_move_fold_and_jump() -> None:
    document = nested_document()
    async with OutlineApp(document).run_test(size=(60, 20)) as pilot:
        outline = await started(pilot)
        outline.focus()
        await pilot.press("j")  # the first row, before any move
        assert outline.cursor == section_index(document, "Chapter 0")
        await pilot.press("j", "down", "space")
        assert outline.cursor == section_index(document, "Section 0.1")
        assert "Part 0.1.a" in "\n".join(rows(outline))
        await pilot.press("j", "shift+left")
        assert outline.cursor == section_index(document, "Section 0.1")
        await pilot.press("k", "k", "space")  # folding the chapter
        assert outline.cursor == section_index(document, "Chapter 0")
        assert rows(outline)[1].startswith(f"{UNFOLDED}Chapter 1")
        await pilot.press("end", "enter")
        assert app_jumps(pilot) == [section_index(document, "Section 1.2")]
        await pilot.press("home", "up", "enter")  # up from the top stays there
        assert app_jumps(pilot)[-1] == section_index(document, "Chapter 0")


def app_jumps(pilot: Pilot[None]) -> list[int]:
    app = pilot.app
    assert isinstance(app, OutlineApp)
    return app.jumps


async def test_a_click_jumps_and_a_click_on_the_fold_icon_folds() -> None:
    document = nested_document()
    async with OutlineApp(document).run_test(size=(60, 20)) as pilot:
        outline = await started(pilot)
        await pilot.click(Outline, offset=(10, 1))  # on "Section 0.0"
        await pilot.pause()
        assert app_jumps(pilot) == [section_index(document, "Section 0.0")]
        await pilot.click(Outline, offset=(4, 1))  # on its fold icon
        await pilot.pause()
        assert "Part 0.0.a" in rows(outline)[2]
        assert app_jumps(pilot) == [section_index(document, "Section 0.0")]


async def test_titles_are_cut_to_the_pane_and_counts_follow_annotations() -> None:
    builder = DocumentBuilder("text")
    builder.heading("A heading far too long to fit in the outline pane " * 2, 1)
    builder.paragraph("First.")
    builder.paragraph("Second.")
    builder.heading("Short", 1)
    builder.paragraph("Third.")
    document = builder.build()
    async with OutlineApp(document).run_test(size=(60, 20)) as pilot:
        outline = await started(pilot)
        long_row, short_row = rows(outline)
        assert long_row.endswith("…  2¶")
        assert len(long_row) == outline.size.width
        assert short_row.endswith("  1¶")

        outline.update_counts([0, 1, 1])
        await pilot.pause()
        assert rows(outline)[0].endswith("…  2¶ 3✎")
        outline.count_changed(2, 1)
        await pilot.pause()
        assert rows(outline)[1].endswith("  1¶ 1✎")
        outline.count_changed(2, -1)
        await pilot.pause()
        assert rows(outline)[1].endswith("  1¶")


async def test_a_resize_asks_no_layout_of_the_outline() -> None:
    async with OutlineApp(nested_document()).run_test(size=(60, 20)) as pilot:
        outline = await started(pilot)
        layouts: list[bool] = []
        refresh = outline.refresh

        def recording(*regions: object, **options: bool) -> Outline:
            layouts.append(options.get("layout", False))
            return refresh(*regions, **options)  # type: ignore[arg-type]

        outline.refresh = recording  # type: ignore[method-assign]
        await pilot.resize_terminal(50, 12)
        await pilot.pause()
        assert not any(layouts)
        assert rows(outline)[0].startswith(f"{UNFOLDED}Chapter 0")


async def test_a_theme_change_redraws_the_outline_in_the_new_colours() -> None:
    app = OutlineApp(nested_document())
    async with app.run_test(size=(60, 20)) as pilot:
        outline = await started(pilot)
        old = outline.render_line(0)
        app.theme = "textual-light"
        await pilot.pause()
        new = outline.render_line(0)
        assert new.text == old.text
        assert new != old
