"""Copies of one work in the app: the other copies' notes show, marked, and Ctrl+O opens one."""

from __future__ import annotations

import shutil
from pathlib import Path

from reader.annotation import AnchorStatus
from reader.readers import load_document
from reader.store import AnnotationStore
from reader.tui.widgets.annotation_list import AnnotationList
from tests.tui.app_fixtures import AppFactory, make_app, reader_ready, store, wait_until

__all__ = ["make_app", "store"]  # fixtures used by name


def _copies(tmp_path: Path, clean_sample: Path, webclip_sample: Path) -> tuple[Path, Path]:
    essay = tmp_path / "essay.txt"
    clip = tmp_path / "essay.webclip.txt"
    shutil.copy(clean_sample, essay)
    shutil.copy(webclip_sample, clip)
    return essay, clip


async def test_a_note_made_on_the_essay_shows_on_the_clip_marked_with_the_essay(
    make_app: AppFactory,
    store: AnnotationStore,
    tmp_path: Path,
    clean_sample: Path,
    webclip_sample: Path,
) -> None:
    essay_path, clip_path = _copies(tmp_path, clean_sample, webclip_sample)
    essay, clip = load_document(essay_path), load_document(clip_path)
    made = store.add(essay, 1, note="the partnership is real")
    app = make_app(clip)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await reader_ready(pilot)
        [shown] = screen.annotations
        assert shown.id == made.id
        assert shown.status is AnchorStatus.ATTACHED
        assert clip.paragraph_by_anchor(shown.anchor).index == 4  # type: ignore[union-attr]
        entry_list = screen.query_one(AnnotationList)
        [entry] = entry_list.entries
        assert [line.plain for line in entry.lines][-1] == "    on essay.txt"
        assert entry.group != "Moved or orphaned"
    assert store.get(made.id) == made  # its record on its own copy is untouched


async def test_ctrl_o_on_another_copy_s_note_opens_that_copy_at_the_note(
    make_app: AppFactory,
    store: AnnotationStore,
    tmp_path: Path,
    clean_sample: Path,
    webclip_sample: Path,
) -> None:
    essay_path, clip_path = _copies(tmp_path, clean_sample, webclip_sample)
    essay, clip = load_document(essay_path), load_document(clip_path)
    store.add(essay, 4, note="beware")
    app = make_app(clip)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await reader_ready(pilot)
        entry_list = screen.query_one(AnnotationList)
        entry_list.focus()
        entry_list.cursor = 0
        await pilot.press("ctrl+o")

        def opened() -> bool:
            other = pilot.app.screen
            return other is not screen and getattr(other, "document", None) is not None

        await wait_until(pilot, opened)
        other = await reader_ready(pilot)
        assert other.document is not None
        assert other.document.fingerprint == essay.fingerprint
        assert other.view is not None
        assert other.view.current == 4
        [own] = other.annotations
        assert own.note == "beware"
        assert other.query_one(AnnotationList).entries[0].lines[-1].plain != "    on essay.txt"


async def test_ctrl_o_on_the_document_s_own_note_says_so(
    make_app: AppFactory, store: AnnotationStore, tmp_path: Path, clean_sample: Path
) -> None:
    document = load_document(clean_sample)
    store.add(document, 0, note="mine")
    app = make_app(document)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await reader_ready(pilot)
        entry_list = screen.query_one(AnnotationList)
        entry_list.focus()
        entry_list.cursor = 0
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert pilot.app.screen is screen
        assert any("made on this document" in str(n.message) for n in app._notifications)


async def test_editing_another_copy_s_note_keeps_it_at_its_place_on_this_copy(
    make_app: AppFactory,
    store: AnnotationStore,
    tmp_path: Path,
    clean_sample: Path,
    webclip_sample: Path,
) -> None:
    essay_path, clip_path = _copies(tmp_path, clean_sample, webclip_sample)
    essay = load_document(essay_path)
    # A copy quoting a word as inline code: the paragraph's anchor differs there.
    clip_path.write_text(
        essay_path.read_text(encoding="utf-8").replace("unintended", "`unintended`"),
        encoding="utf-8",
    )
    clip = load_document(clip_path)
    made = store.add(essay, 4, note="beware")
    app = make_app(clip)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await reader_ready(pilot)
        [before] = screen.annotations
        assert (before.status, before.anchor != made.anchor) == (AnchorStatus.MOVED, True)
        assert screen._annotator is not None
        screen._annotator._change(made.id, "beware, twice", [], failed=lambda: None)
        await wait_until(pilot, lambda: store.get(made.id).note == "beware, twice")
        await pilot.pause()
        [after] = screen.annotations
        assert (after.note, after.anchor, after.status) == (
            "beware, twice",
            before.anchor,
            before.status,
        )
    assert store.get(made.id).anchor == made.anchor  # still its own place on the essay


async def test_another_copy_s_notes_placed_here_are_no_document_change(
    make_app: AppFactory, store: AnnotationStore, tmp_path: Path, clean_sample: Path
) -> None:
    essay = load_document(clean_sample)
    store.add(essay, 4, note="beware")
    quoted = tmp_path / "essay-quoted.txt"
    quoted.write_text(
        clean_sample.read_text(encoding="utf-8").replace("unintended", "`unintended`"),
        encoding="utf-8",
    )
    app = make_app(load_document(quoted))
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await reader_ready(pilot)
        [shown] = screen.annotations
        assert shown.status is AnchorStatus.MOVED
        await pilot.pause()
        assert not any(n.title == "Document changed" for n in app._notifications)
