"""The status line's chapter progress and time left, with a clock the test moves."""

from __future__ import annotations

from pathlib import Path

from reader.tui.reading_progress import MIN_SAMPLES
from reader.tui.screens.reader import ReaderScreen
from tests.tui.app_fixtures import AppFactory, Clock, make_app, reader_ready, store, write_book

__all__ = ["make_app", "store"]  # fixtures used by name


def painted_status(screen: ReaderScreen) -> str:
    return screen.status_line.render_line(0).text


async def test_chapter_progress_and_time_left_at_the_measured_pace(
    make_app: AppFactory, tmp_path: Path
) -> None:
    book = write_book(tmp_path / "book.md", chapters=3, paragraphs_per_chapter=20)
    clock = Clock()
    app = make_app(book, clock=clock)
    async with app.run_test(size=(160, 30)) as pilot:
        screen = await reader_ready(pilot)
        view = screen.view
        assert view is not None
        status = screen.status_line.status
        assert (status.chapter, status.chapter_percent) == ("1/3", 5)  # 1 of 20 paragraphs
        assert status.time_left == ""
        assert "§ 1/3 · 5% of chapter" in painted_status(screen)

        for _ in range(MIN_SAMPLES + 8):  # 17 words every 20 s: 51 words a minute
            clock.now += 20
            await pilot.press("j")
        status = screen.status_line.status
        assert view.current == MIN_SAMPLES + 8
        assert status.chapter == "1/3"
        assert status.chapter_percent == round((view.current + 1) * 100 / 20)
        assert status.time_left == "~2 min"  # 6 paragraphs of 17 words left
        assert "~2 min left in chapter" in painted_status(screen)

        await pilot.press("G")  # a jump: nothing measured, the pace stays
        status = screen.status_line.status
        assert (status.chapter, status.chapter_percent, status.time_left) == ("3/3", 100, "<1 min")
