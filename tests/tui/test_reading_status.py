"""What the status line says, worked out without an app (a clock the test moves)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.model import Document
from reader.readers import load_document
from reader.tui.reading_progress import MIN_SAMPLES
from reader.tui.reading_status import (
    LOADING_HINT,
    READING_HINT,
    ReadingStatus,
    Status,
    preview_status,
)
from tests.tui.app_fixtures import Clock, write_book


@pytest.fixture
def book(tmp_path: Path) -> Document:
    """3 chapters of 20 paragraphs of 17 words, each in two sections of 10."""
    return load_document(write_book(tmp_path / "book.md", 3, 20))


def test_the_place_in_the_book_and_the_chapter(book: Document) -> None:
    reading = ReadingStatus(book, Clock())
    assert reading.status(0, annotations=1, search="") == Status(
        section="Section 1.1",
        percent=2,  # 1 of 60 paragraphs
        chapter="1/3",
        chapter_percent=5,  # 1 of 20
        annotations=1,
        hint=READING_HINT,
    )
    last = reading.status(59, annotations=0, search="3/17")
    assert last is not None
    assert (last.section, last.percent, last.chapter, last.chapter_percent) == (
        "Section 3.2",
        100,
        "3/3",
        100,
    )
    assert last.search == "3/17"


def test_the_time_left_shows_once_the_pace_is_measured(book: Document) -> None:
    clock = Clock()
    reading = ReadingStatus(book, clock)
    reading.moved(0)
    for index in range(1, MIN_SAMPLES + 9):  # 17 words every 20 s: 51 words a minute
        clock.now += 20
        reading.moved(index)
        if index < MIN_SAMPLES:
            status = reading.status(index, annotations=0, search="")
            assert status is not None
            assert status.time_left == ""  # too few moves measured yet
    status = reading.status(MIN_SAMPLES + 8, annotations=0, search="")
    assert status is not None
    assert status.time_left == "~2 min"  # 6 paragraphs of 17 words left in chapter 1
    reading.moved(59)  # a jump: nothing measured, the pace stays
    end = reading.status(59, annotations=0, search="")
    assert end is not None
    assert end.time_left == "<1 min"


def test_a_document_without_paragraphs_has_no_status(tmp_path: Path) -> None:
    (tmp_path / "empty.md").write_text("", encoding="utf-8")
    empty = load_document(tmp_path / "empty.md")
    assert not empty.paragraphs
    assert ReadingStatus(empty, Clock()).status(0, annotations=0, search="") is None
    assert preview_status(empty, 0) is None


def test_a_preview_says_its_section_and_that_it_is_loading(book: Document) -> None:
    assert preview_status(book, 25) == Status(section="Section 2.1", hint=LOADING_HINT)
