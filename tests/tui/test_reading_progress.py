"""Progress through the chapter and the reader's measured pace (no Textual, a clock we move)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.readers import load_document
from reader.tui.reading_progress import (
    FASTEST_WPM,
    LONGEST_STEP_WORDS,
    MIN_MEASURED_SECONDS,
    MIN_SAMPLES,
    SLOWEST_WPM,
    ChapterPlace,
    ChapterProgress,
    ReadingPace,
    time_left,
)
from tests.tui.app_fixtures import Clock, write_book


@pytest.fixture
def book(tmp_path: Path) -> ChapterProgress:
    """3 chapters under one title heading, 20 paragraphs each (two sections of 10)."""
    return ChapterProgress(load_document(write_book(tmp_path / "b.md", 3, 20)))


def test_the_chapters_are_under_the_single_title(book: ChapterProgress) -> None:
    assert book.chapters == 3
    first = book.place(0)
    assert first is not None
    assert (first.number, first.count) == (1, 3)
    last = book.place(59)
    assert last == ChapterPlace(number=3, count=3, percent=100, words_left=0)
    middle = book.place(29)  # the 10th of chapter 2's 20 equal-length paragraphs
    assert middle is not None
    assert middle.number == 2
    assert middle.percent == 50


def test_words_before_count_up(book: ChapterProgress) -> None:
    offsets = [book.words_before(i) for i in range(60)]
    assert offsets[0] == 0
    assert offsets == sorted(set(offsets))


def test_text_before_the_first_chapter_and_a_book_without_chapters(tmp_path: Path) -> None:
    path = tmp_path / "c.md"
    path.write_text("Preface words.\n\n# One\n\nText one.\n\n# Two\n\nText two.\n", "utf-8")
    progress = ChapterProgress(load_document(path))
    assert progress.place(0) is None
    assert progress.place(1) == ChapterPlace(1, 2, 100, 0)
    flat = tmp_path / "flat.md"
    flat.write_text("Just one paragraph.\n\nAnd another.\n", "utf-8")
    assert ChapterProgress(load_document(flat)).chapters == 0


def test_the_pace_is_told_only_after_enough_reading() -> None:
    clock = Clock(1000.0)
    pace = ReadingPace(clock)
    words = 0
    pace.moved(words)
    for step in range(MIN_SAMPLES):
        assert pace.words_per_minute is None
        clock.now += 30  # 100 words in 30 s: 200 words a minute
        words += 100
        pace.moved(words)
        assert step < MIN_SAMPLES - 1 or clock.now - 1000 >= MIN_MEASURED_SECONDS
    assert pace.words_per_minute == pytest.approx(200)


def test_jumps_pauses_and_going_back_are_left_out() -> None:
    clock = Clock(1000.0)
    pace = ReadingPace(clock)
    words = 0
    pace.moved(words)
    for _ in range(MIN_SAMPLES):
        clock.now += 60
        words += 250
        pace.moved(words)
    assert pace.words_per_minute == pytest.approx(250)
    clock.now += 1  # a jump: 5000 words in a second
    words += 5000
    pace.moved(words)
    clock.now += 600  # away for ten minutes over 100 words
    words += 100
    pace.moved(words)
    clock.now += 10  # back a page
    words -= 300
    pace.moved(words)
    clock.now += 60  # LONGEST_STEP_WORDS + 1 words, however slowly: a jump
    words += LONGEST_STEP_WORDS + 1
    pace.moved(words)
    assert pace.words_per_minute == pytest.approx(250)


@given(st.lists(st.tuples(st.floats(0, 10_000), st.integers(-5000, 5000)), max_size=60))
def test_the_pace_stays_within_what_counts_as_reading(
    moves: list[tuple[float, int]],
) -> None:
    clock = Clock(1000.0)
    pace = ReadingPace(clock)
    words = 0
    pace.moved(words)
    for seconds, step in moves:
        clock.now += seconds
        words += step
        pace.moved(words)
    measured = pace.words_per_minute
    assert measured is None or SLOWEST_WPM <= measured <= FASTEST_WPM


def test_time_left_is_said_in_minutes_and_hours() -> None:
    assert time_left(10, 250) == "<1 min"
    assert time_left(3000, 250) == "~12 min"
    assert time_left(25_000, 250) == "~1 h 40 min"
