"""The key bar: the keys of the focused pane, kept up to date, and clickable."""

from __future__ import annotations

from pathlib import Path

from reader.tui.screens.help import HelpScreen
from reader.tui.widgets.key_bar import KeyBar
from tests.tui.app_fixtures import AppFactory, make_app, reader_ready, store, wait_until

__all__ = ["make_app", "store"]  # fixtures used by name


def _line(bar: KeyBar) -> str:
    return bar.render().plain


async def test_the_bar_shows_the_keys_of_the_focused_pane(
    make_app: AppFactory, clean_sample: Path
) -> None:
    app = make_app(clean_sample)
    async with app.run_test(size=(160, 30)) as pilot:
        screen = await reader_ready(pilot)
        bar = screen.query_one(KeyBar)
        line = _line(bar)
        assert " a Note " in line
        assert " ? Help " in line
        assert line.rstrip().endswith("^p palette")
        reading = bar.keys

        await pilot.press("slash")
        await wait_until(pilot, lambda: bar.keys != reading)
        assert " a Note " not in _line(bar)  # typing a goes into the search field

        await pilot.press("escape")
        await wait_until(pilot, lambda: bar.keys == reading)


async def test_clicking_a_key_presses_it(make_app: AppFactory, clean_sample: Path) -> None:
    app = make_app(clean_sample)
    async with app.run_test(size=(160, 30)) as pilot:
        screen = await reader_ready(pilot)
        bar = screen.query_one(KeyBar)
        column = _line(bar).index(" ? Help ") + 2
        await pilot.hover(KeyBar, offset=(column, 0))
        assert bar.hovered is not None
        assert bar.keys[bar.hovered].display == "?"
        await pilot.click(KeyBar, offset=(column, 0))
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))


async def test_keys_that_do_not_fit_are_left_out_whole(
    make_app: AppFactory, clean_sample: Path
) -> None:
    app = make_app(clean_sample)
    async with app.run_test(size=(60, 24)) as pilot:
        screen = await reader_ready(pilot)
        line = _line(screen.query_one(KeyBar))
        assert len(line) == 60
        assert line.endswith("^p palette ")
        shown = [item for item in screen.query_one(KeyBar).keys if f" {item.display} " in line]
        assert 0 < len(shown) < len(screen.query_one(KeyBar).keys)


async def test_the_sideways_keys_show_while_a_wide_code_block_is_current(
    make_app: AppFactory, tmp_path: Path
) -> None:
    source = tmp_path / "wide.md"
    wide = "x = [" + ", ".join(str(n) for n in range(80)) + "]"
    source.write_text(f"# Wide\n\nSome text first.\n\n```\n{wide}\n```\n\nMore text after.\n")
    app = make_app(source)
    async with app.run_test(size=(160, 30)) as pilot:
        screen = await reader_ready(pilot)
        bar = screen.query_one(KeyBar)
        assert " → Scroll right " not in _line(bar)
        reading = bar.keys
        await pilot.press("j")
        await wait_until(pilot, lambda: bar.keys != reading)
        assert " → Scroll right " in _line(bar)
        await pilot.press("j")
        await wait_until(pilot, lambda: " → Scroll right " not in _line(bar))
