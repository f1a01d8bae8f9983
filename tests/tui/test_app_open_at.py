"""The app opened at a place (``reader open FILE --annotation ID | --paragraph N``)."""

from __future__ import annotations

from pathlib import Path

from reader.readers import load_document
from reader.store import AnnotationStore
from tests.tui.app_fixtures import AppFactory, make_app, reader_ready, store, write_book

__all__ = ["make_app", "store"]  # fixtures used by name


async def test_the_document_opens_at_the_paragraph_asked_for_not_where_it_was_left(
    make_app: AppFactory, tmp_path: Path, store: AnnotationStore
) -> None:
    path = write_book(tmp_path / "book.md", chapters=4, paragraphs_per_chapter=20)
    document = load_document(path)
    store.set_reading_position(document, document.paragraphs[10].anchor, 0.1)
    app = make_app(document, start_at=document.paragraphs[70].anchor)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await reader_ready(pilot)
        view = screen.view
        assert view is not None
        assert view.current == 70
        top = int(view.scroll_y)
        block = view.document_layout.paragraph_block[70]
        assert top <= view.document_layout.block_top(block) < top + view.size.height
