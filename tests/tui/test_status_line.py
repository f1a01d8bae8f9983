"""The status line: the figures always show, a long section title gives way to them."""

from __future__ import annotations

from textual.app import App, ComposeResult

from reader.tui.widgets.status_line import Status, StatusLine

LONG_TITLE = "Source: http://upload.wikimedia.org/wikipedia/commons/" + "a" * 300


class StatusApp(App[None]):
    """Just a status line, as wide as the terminal."""

    def compose(self) -> ComposeResult:
        yield StatusLine()


async def painted(status: Status, width: int) -> str:
    app = StatusApp()
    async with app.run_test(size=(width, 3)) as pilot:
        line = app.query_one(StatusLine)
        line.status = status
        await pilot.pause()
        return line.render_line(0).text


async def test_a_long_title_is_cropped_and_the_figures_stay() -> None:
    status = Status(section=LONG_TITLE, percent=42, annotations=7, search="3/17", hint="? help")
    for width in (60, 80, 120, 220):
        text = await painted(status, width)
        assert len(text) <= width
        assert "42%" in text
        assert "7 annotations" in text
        assert "search 3/17" in text
        assert "§ Source: http" in text
        assert "…" in text  # the title, cut


async def test_a_short_title_shows_whole_with_the_hint() -> None:
    status = Status(section="Chapter 1", percent=5, annotations=1, hint="? help")
    text = await painted(status, 80)
    assert text.startswith("§ Chapter 1  │  5%  │  1 annotation")
    assert text.rstrip().endswith("? help")
    assert "…" not in text


async def test_wide_characters_are_cropped_by_cells() -> None:
    status = Status(section="漢字" * 60, percent=10, annotations=2)
    text = await painted(status, 60)
    assert "10%" in text
    assert "2 annotations" in text
    assert "…" in text


async def test_chapter_progress_and_time_left_beside_the_percent() -> None:
    status = Status(
        section="Chapter 3",
        percent=40,
        chapter="3/12",
        chapter_percent=40,
        time_left="~12 min",
        annotations=2,
    )
    text = await painted(status, 120)
    assert "§ Chapter 3  │  40%  │  § 3/12 · 40% of chapter · ~12 min left in chapter  │  " in text


async def test_the_time_left_gives_way_before_the_title_is_cut_short() -> None:
    status = Status(
        section="A section title of some length",
        percent=40,
        chapter="3/12",
        chapter_percent=40,
        time_left="~12 min",
        annotations=2,
    )
    text = await painted(status, 80)
    assert "§ 3/12 · 40% of chapter  │  2 annotations" in text
    assert "left in chapter" not in text
    assert "§ A section title" in text
