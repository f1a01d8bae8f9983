"""Links in the document view: drawn apart, chosen with l/L, followed with Enter or a click,
footnotes with f, and back with ' (Pilot; the system opener is replaced)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from rich.segment import Segment
from textual.color import Color
from textual.filter import LineFilter, Monochrome, NoColor
from textual.pilot import Pilot

from reader.model import Document, ParagraphKind
from reader.readers import markdown
from reader.tui import links
from reader.tui.layout import DocumentLayout
from reader.tui.links import JumpList, LinkRef, layer_spans, link_at, links_in_view, step_link
from reader.tui.widgets.document_view import DocumentView
from tests.tui.app_fixtures import AppFactory, make_app, reader_ready, store, wait_until
from tests.tui.test_document_view import ViewApp

__all__ = ["make_app", "store"]  # fixtures used by name

SIZE = (80, 24)

SOURCE = (
    "# Links\n\n"
    "Start with [the manual](https://example.org/manual) and a note[^1], then "
    "[the end](#the-end).\n\n"
    + "\n\n".join(f"Filler paragraph {n} that only takes up room on the screen." for n in range(30))
    + "\n\n# The end\n\nThe last words, with [a mail](mailto:someone@example.org).\n\n"
    "[^1]: The note itself, far below.\n"
)
START, END, NOTE = 0, 31, 32


def document() -> Document:
    return markdown.read(SOURCE)


def test_the_sample_is_what_the_tests_think() -> None:
    doc = document()
    assert doc.paragraphs[START].text.startswith("Start with the manual")
    assert doc.paragraphs[END].text.startswith("The last words")
    assert doc.paragraphs[NOTE].kind is ParagraphKind.FOOTNOTE
    assert [link.target for link in doc.paragraphs[START].links] == [
        "https://example.org/manual",
        f"#{doc.paragraphs[NOTE].anchor}",
        f"#{doc.paragraphs[END].anchor}",
    ]


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The URLs handed to the system opener (replaced: nothing is started)."""
    urls: list[str] = []

    def fake_open(url: str) -> bool:
        urls.append(url)
        return True

    monkeypatch.setattr(links, "open_url", fake_open)
    return urls


async def start(pilot: Pilot[None]) -> DocumentView:
    await pilot.pause()
    return pilot.app.query_one(DocumentView)


# ------------------------------------------------------------------ choosing and following


async def test_l_chooses_links_in_view_and_enter_opens_an_external_one(opened: list[str]) -> None:
    app = ViewApp(document())
    async with app.run_test(size=SIZE) as pilot:
        view = await start(pilot)
        await pilot.press("l")
        assert view.selected_link == LinkRef(START, 0)
        await pilot.press("enter")
        await pilot.pause()
        assert opened == ["https://example.org/manual"]
        assert view.current == START  # an external link leaves the reader where it was


async def test_enter_follows_an_internal_link_and_apostrophe_comes_back(
    opened: list[str],
) -> None:
    app = ViewApp(document())
    async with app.run_test(size=SIZE) as pilot:
        view = await start(pilot)
        await pilot.press("l", "l", "l")
        assert view.selected_link == LinkRef(START, 2)
        await pilot.press("enter")
        await pilot.pause()
        assert view.current == END
        assert view.scroll_y > 0
        await pilot.press("apostrophe")
        await pilot.pause()
        assert (view.current, view.scroll_y) == (START, 0)
        await pilot.press("ctrl+o")  # nothing left to come back to: says so, stays
        await pilot.pause()
        assert view.current == START
        assert opened == []


async def test_shift_l_goes_backwards_and_wraps(opened: list[str]) -> None:
    app = ViewApp(document())
    async with app.run_test(size=SIZE) as pilot:
        view = await start(pilot)
        await pilot.press("L")
        assert view.selected_link == LinkRef(START, 2)
        await pilot.press("l")
        assert view.selected_link == LinkRef(START, 0)


async def test_enter_without_a_chosen_link_still_folds(opened: list[str]) -> None:
    app = ViewApp(document())
    async with app.run_test(size=SIZE) as pilot:
        view = await start(pilot)
        await pilot.press("j", "enter")
        await pilot.pause()
        assert view.current == START + 1
        assert opened == []


async def test_f_jumps_to_the_footnote_and_back(opened: list[str]) -> None:
    app = ViewApp(document())
    async with app.run_test(size=SIZE) as pilot:
        view = await start(pilot)
        await pilot.press("f")
        await pilot.pause()
        assert view.current == NOTE
        await pilot.press("f")  # on the note: back to its marker
        await pilot.pause()
        assert (view.current, view.scroll_y) == (START, 0)


async def test_a_click_on_link_text_follows_it(opened: list[str]) -> None:
    app = ViewApp(document())
    async with app.run_test(size=SIZE) as pilot:
        view = await start(pilot)
        layout = view.document_layout
        paragraph = view.document.paragraphs[START]
        link = paragraph.links[0]
        line = layout.line_of(START, link.start)
        column = link.start + 2  # the paragraph's first line starts at its first character
        x = view._margin(view.scrollable_content_region.width) + 3 + column
        assert await pilot.click(DocumentView, offset=(x, line - int(view.scroll_y)))
        await pilot.pause()
        assert opened == ["https://example.org/manual"]
        # a click beside the links selects the paragraph as before
        assert await pilot.click(DocumentView, offset=(x, line + 2 - int(view.scroll_y)))
        await pilot.pause()
        assert opened == ["https://example.org/manual"]


async def test_without_an_opener_the_url_is_copied_and_shown(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(links, "system_opener", lambda: None)
    app = ViewApp(document())
    copied: list[str] = []
    monkeypatch.setattr(app, "copy_to_clipboard", copied.append)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("l", "enter")
        await pilot.pause()
        assert copied == ["https://example.org/manual"]
        shown = [n.message for n in app._notifications]
        assert any("copied the link: https://example.org/manual" in m for m in shown)


# ------------------------------------------------------------------------- drawing


async def test_link_text_is_underlined_and_a_url_is_an_osc8_hyperlink(
    opened: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TERM", "xterm-256color")
    app = ViewApp(document())
    async with app.run_test(size=SIZE) as pilot:
        view = await start(pilot)
        row = view.document_layout.line_of(START, 0)
        segments: list[Segment] = list(view.render_line(row))
        styles = {s.text: s.style for s in segments if s.style is not None}
        manual, end, plain = styles["the manual"], styles["the end"], styles["Start with "]
        assert manual.underline
        assert manual.link == "https://example.org/manual"
        assert end.underline
        assert end.link is None
        assert not plain.underline
        assert manual.color != plain.color
        assert not manual.reverse
        await pilot.press("l")
        chosen = next(s for s in view.render_line(row) if s.text == "the manual")
        assert chosen.style is not None
        assert chosen.style.reverse


# ---------------------------------------------------------------------- no Textual


def test_links_in_view_and_at_a_column() -> None:
    doc = document()
    layout = DocumentLayout(doc, 40)
    in_view = links_in_view(doc, layout, 0, 10)
    assert in_view[:3] == [LinkRef(START, 0), LinkRef(START, 1), LinkRef(START, 2)]
    assert links_in_view(doc, layout, 0, 0) == []
    link = doc.paragraphs[START].links[0]
    line = layout.line_of(START, link.start)
    assert link_at(doc, layout, line, link.start + 1) == LinkRef(START, 0)
    assert link_at(doc, layout, line, 0) is None
    assert link_at(doc, layout, line, 39) is None


def test_step_link_starts_from_the_current_paragraph() -> None:
    refs = [LinkRef(2, 0), LinkRef(5, 0), LinkRef(5, 1)]
    assert step_link(refs, None, 3, 1) == LinkRef(5, 0)
    assert step_link(refs, None, 3, -1) == LinkRef(2, 0)
    assert step_link(refs, LinkRef(5, 1), 3, 1) == LinkRef(2, 0)
    assert step_link([], None, 0, 1) is None


def test_hits_cut_links_and_win() -> None:
    spans = layer_spans([(0, 10, "link")], [(3, 5, "hit")])
    assert spans == [(0, 3, "link"), (3, 5, "hit"), (5, 10, "link")]
    assert layer_spans([(0, 4, "link")], []) == [(0, 4, "link")]


def test_jump_list_keeps_the_last_hundred() -> None:
    jumps = JumpList()
    for n in range(150):
        jumps.push(n, n)
    assert len(jumps) == 100
    place = jumps.pop()
    assert place is not None
    assert place.paragraph == 149


def test_no_display_means_no_opener_on_linux(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    assert links.system_opener() is None
    assert links.open_url("https://example.org") is False


def test_the_opener_gets_the_url_as_one_argument_and_no_shell(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    started: list[tuple[list[str], dict[str, object]]] = []

    class FakeChild:
        def wait(self) -> int:
            return 0

    def fake_popen(command: list[str], **options: object) -> FakeChild:
        started.append((command, options))
        return FakeChild()

    monkeypatch.setattr(links, "system_opener", lambda: ["/usr/bin/xdg-open"])
    monkeypatch.setattr(subprocess, "Popen", fake_popen)
    assert links.open_url("https://example.org/a;b&c") is True
    ((command, options),) = started
    assert command == ["/usr/bin/xdg-open", "https://example.org/a;b&c"]
    assert options.get("shell") is None
    assert options["start_new_session"] is True


@pytest.mark.parametrize("no_color", [NoColor(), Monochrome()])
async def test_links_stay_distinct_without_colour(no_color: LineFilter, opened: list[str]) -> None:
    """NO_COLOR: Textual strips colours with one of these filters; the underline stays."""
    app = ViewApp(document())
    async with app.run_test(size=SIZE) as pilot:
        view = await start(pilot)
        row = view.document_layout.line_of(START, 0)
        shown = no_color.apply(list(view.render_line(row)), Color(0, 0, 0))
        styles = {s.text: s.style for s in shown if s.style is not None}
        assert styles["the manual"].underline
        assert styles["[1]"].underline
        assert not styles["Start with "].underline


async def test_no_osc8_hyperlinks_on_the_linux_console(
    opened: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The console would print an OSC 8 sequence's URL as text: the underline stays."""
    monkeypatch.setenv("TERM", "linux")
    app = ViewApp(document())
    async with app.run_test(size=SIZE) as pilot:
        view = await start(pilot)
        row = view.document_layout.line_of(START, 0)
        manual = next(s for s in view.render_line(row) if s.text == "the manual")
        assert manual.style is not None
        assert manual.style.underline
        assert manual.style.link is None


# ------------------------------------------------------------------- in the whole app


async def test_link_keys_in_the_reader_screen(
    make_app: AppFactory, tmp_path: Path, opened: list[str]
) -> None:
    """The keys reach the view through the reader screen (its bindings, held keys)."""
    page = tmp_path / "links.md"
    page.write_text(SOURCE, encoding="utf-8")
    app = make_app(page)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await reader_ready(pilot)
        view = screen.view
        assert view is not None
        start_at = view.current
        await pilot.press("f")
        await wait_until(pilot, lambda: view.current == NOTE)
        await pilot.press("apostrophe")
        await wait_until(pilot, lambda: view.current == start_at)
        await pilot.press("l", "enter")
        await wait_until(pilot, lambda: opened == ["https://example.org/manual"])
