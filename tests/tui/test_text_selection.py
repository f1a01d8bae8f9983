"""The selection's motions over a paragraph's text (no app needed)."""

from __future__ import annotations

from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from reader.tui.text_selection import Motion, TextSelection, sentence_spans, word_spans

TEXT = "Call me Ishmael. Some years ago, never mind how long, I went to sea! Mr. Smith stayed."


def _selected(selection: TextSelection) -> str:
    span = selection.span()
    return "" if span is None else selection.text[span[0] : span[1]]


def _press(selection: TextSelection, *motions: Motion) -> TextSelection:
    for motion in motions:
        selection = selection.moved(motion)
    return selection


def test_words_keep_their_punctuation() -> None:
    assert [TEXT[s:e] for s, e in word_spans(TEXT)][:4] == ["Call", "me", "Ishmael.", "Some"]


def test_sentences_skip_initials_and_abbreviations() -> None:
    assert [TEXT[s:e] for s, e in sentence_spans(TEXT)] == [
        "Call me Ishmael.",
        "Some years ago, never mind how long, I went to sea!",
        "Mr. Smith stayed.",
    ]
    quoted = 'He said "stop." Then A. B. Smith left… and "went on"'
    assert [quoted[s:e] for s, e in sentence_spans(quoted)] == [
        'He said "stop."',
        "Then A. B. Smith left…",
        'and "went on"',
    ]


def test_v_selects_the_first_word() -> None:
    assert _selected(TextSelection.first_word(0, TEXT)) == "Call"
    assert TextSelection.first_word(0, "   ").span() is None


def test_w_adds_a_word_and_b_takes_it_back() -> None:
    start = TextSelection.first_word(0, TEXT)
    assert _selected(_press(start, Motion.WORD_FORWARD)) == "Call me"
    assert _selected(_press(start, Motion.WORD_FORWARD, Motion.WORD_FORWARD)) == "Call me Ishmael."
    assert _selected(_press(start, Motion.WORD_FORWARD, Motion.WORD_BACK)) == "Call"


def test_e_goes_to_the_end_of_a_word() -> None:
    start = TextSelection.first_word(0, TEXT)
    assert _selected(_press(start, Motion.WORD_END)) == "Call me"
    halfway = start.moved(Motion.CHAR_BACK)  # "Cal"
    assert _selected(halfway) == "Cal"
    assert _selected(halfway.moved(Motion.WORD_END)) == "Call"


def test_sentence_motions_select_whole_sentences() -> None:
    start = TextSelection.first_word(0, TEXT)
    one = start.moved(Motion.SENTENCE_FORWARD)
    assert _selected(one) == "Call me Ishmael."
    two = one.moved(Motion.SENTENCE_FORWARD)
    assert _selected(two) == "Call me Ishmael. Some years ago, never mind how long, I went to sea!"
    assert _selected(two.moved(Motion.SENTENCE_BACK)) == "Call me Ishmael."


def test_swap_moves_the_other_end() -> None:
    """The second sentence alone: select two, swap the ends, drop the first."""
    two = _press(
        TextSelection.first_word(0, TEXT), Motion.SENTENCE_FORWARD, Motion.SENTENCE_FORWARD
    )
    second = _press(two, Motion.SWAP, Motion.SENTENCE_FORWARD)
    assert _selected(second) == "Some years ago, never mind how long, I went to sea!"
    assert _selected(second.moved(Motion.WORD_FORWARD)) == (
        "years ago, never mind how long, I went to sea!"
    )
    assert _selected(second.moved(Motion.WORD_BACK)) == (
        "Ishmael. Some years ago, never mind how long, I went to sea!"
    )


def test_start_and_end_of_the_paragraph() -> None:
    start = TextSelection.first_word(0, TEXT)
    assert _selected(start.moved(Motion.END)) == TEXT
    assert _press(start, Motion.SWAP, Motion.END).span() == (5, len(TEXT))  # all but the first
    assert _selected(_press(start, Motion.END, Motion.START)) == ""


def test_shift_arrows_move_by_character_and_line() -> None:
    start = TextSelection.first_word(0, TEXT)
    assert _selected(start.moved(Motion.CHAR_FORWARD)) == "Call"  # the space is left out
    assert _selected(_press(start, Motion.CHAR_FORWARD, Motion.CHAR_FORWARD)) == "Call m"
    lines = [(0, 16), (17, 40), (41, len(TEXT))]
    down = start.moved(Motion.LINE_DOWN, lines)
    assert down.head == 17 + 4
    assert down.moved(Motion.LINE_UP, lines).head == 4
    assert down.moved(Motion.LINE_DOWN, lines).moved(Motion.LINE_DOWN, lines).head == len(TEXT)
    assert start.moved(Motion.LINE_UP, lines).head == 0


def test_a_drag_is_clamped_to_the_text() -> None:
    selection = TextSelection.between(2, "short", -3, 99)
    assert (selection.anchor, selection.head, selection.span()) == (0, 5, (0, 5))


_texts = st.text(alphabet=st.sampled_from("ab .!?\n\"'”A"), max_size=60)
_motions = st.lists(st.sampled_from(list(Motion)), max_size=20)


@given(_texts, _motions)
def test_motions_stay_in_the_text_and_never_split_a_word(text: str, motions: list[Motion]) -> None:
    """Word and sentence motions keep every word wholly in or out of the selection."""
    selection = TextSelection.first_word(0, text)
    word_like = {Motion.CHAR_FORWARD, Motion.CHAR_BACK, Motion.LINE_DOWN, Motion.LINE_UP}
    for motion in motions:
        selection = selection.moved(motion)
        assert 0 <= selection.anchor <= len(text)
        assert 0 <= selection.head <= len(text)
        span = selection.span()
        if span is not None:
            assert not text[span[0]].isspace()
            assert not text[span[1] - 1].isspace()
        if word_like.intersection(motions):
            continue
        for start, end in word_spans(text):
            inside = selection.start <= start and end <= selection.end
            outside = end <= selection.start or start >= selection.end
            assert inside or outside


@given(_texts, st.sampled_from([Motion.WORD_FORWARD, Motion.SENTENCE_FORWARD, Motion.WORD_END]))
def test_forward_motions_never_go_back(text: str, motion: Motion) -> None:
    selection = TextSelection.first_word(0, text)
    for _ in range(10):
        moved = selection.moved(motion)
        assert moved.head >= selection.head
        selection = moved


@given(_texts)
def test_sentences_cover_every_word_in_order(text: str) -> None:
    sentences = sentence_spans(text)
    assert all(s < e for s, e in sentences)
    assert all(a[1] <= b[0] for a, b in pairwise(sentences))
    for start, end in word_spans(text):
        assert any(s <= start and end <= e for s, e in sentences)
