"""SVG snapshots of the app's screens (pytest-textual-snapshot).

Deterministic by construction: fixed documents written here (so the snapshots
change only when the app does, not when a format reader improves), read from a
relative path, a fresh store in READER_DATA, no animations, and nothing on screen
that shows the time. Update after an intended change with ``--snapshot-update``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from reader.annotation import AnnotationKind, find_quote
from reader.readers import load_document
from reader.store import AnnotationStore
from reader.tui.screens.library import LibraryScreen
from tests.tui.app_fixtures import AppFactory, make_app, reader_ready, store, wait_until

__all__ = ["make_app", "store"]  # fixtures used by name

LIBRARY = Path("library")
ESSAY = LIBRARY / "essay.md"
Snap = Callable[..., bool]

_ESSAY = """# On Reading Slowly

## Why it matters

{paragraphs}

## What to do

- Read with a pencil, or with `a` in reader.
- Come back to what you marked: `}}` jumps to the next note.

> A book is a machine to think with. — I. A. Richards

## Coda

The end of the essay, where the argument folds back on itself.
"""


@pytest.fixture(autouse=True)
def _library(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A fixed library of two documents, opened by relative path from its parent."""
    monkeypatch.chdir(tmp_path)
    LIBRARY.mkdir()
    body = "\n\n".join(
        f"Paragraph {n}: reading slowly lets an argument unfold at its own pace, "
        f"and the notes taken on the way become a second, shorter book ({n})."
        for n in range(1, 13)
    )
    ESSAY.write_text(_ESSAY.format(paragraphs=body), encoding="utf-8")
    (LIBRARY / "notes.txt").write_text("Loose notes\n\nA plain text file.\n", encoding="utf-8")


@pytest.fixture
def annotated(store: AnnotationStore) -> Path:
    """The essay with a note, a highlight and a bookmark."""
    document = load_document(ESSAY)
    store.attach(document)
    store.add(document, 3, note="The core claim.\nWorth quoting.", tags=["thesis", "russia"])
    store.add(document, 6, kind=AnnotationKind.HIGHLIGHT)
    store.add(document, 9, kind=AnnotationKind.BOOKMARK)
    return ESSAY


async def _reader_loaded(pilot: Pilot[None]) -> None:
    await reader_ready(pilot)
    await pilot.press("j", "j", "j")


def test_library(snap_compare: Snap, make_app: AppFactory) -> None:
    app = make_app(LIBRARY)

    async def loaded(pilot: Pilot[None]) -> None:
        await wait_until(
            pilot,
            lambda: isinstance(app.screen, LibraryScreen) and app.screen.table.row_count == 2,
        )

    assert snap_compare(app, terminal_size=(120, 24), run_before=loaded)


def test_reader_with_all_panes(snap_compare: Snap, make_app: AppFactory, annotated: Path) -> None:
    app = make_app(annotated)
    assert snap_compare(app, terminal_size=(150, 40), run_before=_reader_loaded)


def test_annotation_editor(snap_compare: Snap, make_app: AppFactory, annotated: Path) -> None:
    app = make_app(annotated)

    async def editing(pilot: Pilot[None]) -> None:
        await _reader_loaded(pilot)
        await pilot.press("a", *"A new thought", "tab", *"thes")

    assert snap_compare(app, terminal_size=(120, 34), run_before=editing)


def test_80x24_layout(snap_compare: Snap, make_app: AppFactory, annotated: Path) -> None:
    app = make_app(annotated)

    async def with_outline(pilot: Pilot[None]) -> None:
        await _reader_loaded(pilot)
        await pilot.press("O")

    assert snap_compare(app, terminal_size=(80, 24), run_before=with_outline)


def test_long_section_title_and_narrow_text(snap_compare: Snap, make_app: AppFactory) -> None:
    """At 80 columns a URL as a heading is cropped in the status line, the figures kept;
    the text wraps at the configured 48 columns."""
    clip = LIBRARY / "clip.md"
    clip.write_text(
        "# Saved page\n\n## Source: http://upload.wikimedia.org/wikipedia/commons/thumb/"
        "a/ab/A_very_long_file_name_of_a_scanned_page.jpg/640px-scan.jpg\n\n"
        + "\n\n".join(
            f"Paragraph {n} of the saved page, long enough to wrap at the narrow width "
            "that the configuration asks for."
            for n in range(1, 9)
        )
        + "\n\n## Second part\n\nThe end.\n",
        encoding="utf-8",
    )
    app = make_app(clip, text_width=48)
    assert snap_compare(app, terminal_size=(80, 24), run_before=_reader_loaded)


@pytest.fixture
def passages(store: AnnotationStore) -> Path:
    """The essay with passages highlighted in three colours, a note on a passage, a
    paragraph highlighted in pink, and a passage across wrapped lines."""
    document = load_document(ESSAY)
    store.attach(document)

    def add(index: int, quote: str | None, **options: object) -> None:
        text = document.paragraphs[index].text
        passage = None if quote is None else find_quote(text, quote)
        assert quote is None or passage is not None
        store.add(document, index, passage=passage, **options)  # type: ignore[arg-type]

    add(0, "an argument unfold", kind=AnnotationKind.HIGHLIGHT, color="green")
    add(0, "a second, shorter book", kind=AnnotationKind.HIGHLIGHT, color="purple")
    add(1, "reading slowly", note="Why slowly?")
    add(2, None, kind=AnnotationKind.HIGHLIGHT, color="pink")
    add(
        3,
        "lets an argument unfold at its own pace, and the notes taken on the way become a second",
        kind=AnnotationKind.HIGHLIGHT,
        color="blue",
    )
    add(4, "its own pace", kind=AnnotationKind.HIGHLIGHT, color="yellow")
    return ESSAY


async def _selecting(pilot: Pilot[None]) -> None:
    await reader_ready(pilot)
    await pilot.press("j", "j", "j", "j", "j", "v", "w", "w")


def test_highlighted_passages(snap_compare: Snap, make_app: AppFactory, passages: Path) -> None:
    """Passages drawn on the text in their colours on every line they cover; a selection."""
    app = make_app(passages)
    assert snap_compare(app, terminal_size=(110, 30), run_before=_selecting)


def test_highlighted_passages_without_colour(
    snap_compare: Snap, make_app: AppFactory, passages: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With NO_COLOR set the passages are underlined (the selection reversed)."""
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(passages)
    assert snap_compare(app, terminal_size=(110, 30), run_before=_selecting)


def test_links_drawn_apart(snap_compare: Snap, make_app: AppFactory) -> None:
    """Links underlined in the link colour, a footnote marker too and the footnote with
    its mark; the link chosen with ``l`` reversed, its target in a notification."""
    page = LIBRARY / "links.md"
    page.write_text(
        "# Links\n\nReaders follow [the manual](https://example.org/manual) and a"
        " note[^1] without leaving the keyboard; [the next part](#next-part) is a"
        " jump away, and `'` comes back.\n\n## Next part\n\nPlain text with no link."
        "\n\n[^1]: The footnote, which `f` reaches from its marker.\n",
        encoding="utf-8",
    )
    app = make_app(page)

    async def chosen(pilot: Pilot[None]) -> None:
        await reader_ready(pilot)
        await pilot.press("l")

    assert snap_compare(app, terminal_size=(100, 20), run_before=chosen)
