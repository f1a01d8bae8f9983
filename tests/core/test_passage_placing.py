"""A passage is found again in its edited paragraph, or said to be lost, never guessed."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from reader.annotation import make_passage
from reader.reanchor.passages import FUZZY_MIN_LENGTH, follow_passage, place_passage

# The passage's words and the rest of the paragraph come from different letters, so
# that the rest can never hold the passage's words by chance: what the tests expect
# is then the only right answer.
PASSAGE_LETTERS = "abcdefghijklm"
OTHER_LETTERS = "nopqrstuvwxyz"


def _words(letters: str, min_words: int, max_words: int) -> st.SearchStrategy[str]:
    word = st.text(alphabet=letters, min_size=1, max_size=8)
    return st.lists(word, min_size=min_words, max_size=max_words).map(" ".join)


passage_words = _words(PASSAGE_LETTERS, 1, 8)
other_words = _words(OTHER_LETTERS, 0, 20)


@given(st.text(min_size=1, max_size=300), st.data())
def test_an_unchanged_paragraph_keeps_the_passage_as_it_was(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    passage = make_passage(text, start, end)
    assert place_passage(passage, text) == passage
    assert follow_passage(passage, None, text) == (passage, None)


@given(other_words, passage_words, other_words, other_words, st.booleans())
def test_text_added_or_cut_around_the_passage_moves_its_offsets(
    before: str, words: str, after: str, added: str, add_before: bool
) -> None:
    text = f"{before} {words} {after}"
    start = len(before) + 1
    passage = make_passage(text, start, start + len(words))
    edited = f"{added} {text}" if add_before else f"{text} {added}"
    found = place_passage(passage, edited)
    assert found is not None
    assert found.exact == words
    shift = len(added) + 1 if add_before else 0
    assert (found.start, found.end) == (start + shift, start + shift + len(words))


@given(passage_words, st.integers(1, 4), st.data())
def test_among_repeated_words_the_context_picks_the_passage(
    words: str, copies: int, data: st.DataObject
) -> None:
    gaps = [data.draw(_words(OTHER_LETTERS, 1, 6)) for _ in range(copies + 2)]
    text = gaps[0] + "".join(f" {words} {gap}" for gap in gaps[1:])
    chosen = data.draw(st.integers(0, copies))
    start = len(gaps[0]) + 1 + sum(len(words) + len(gap) + 2 for gap in gaps[1 : chosen + 1])
    passage = make_passage(text, start, start + len(words))
    assert text[start : start + len(words)] == words
    added = data.draw(_words(OTHER_LETTERS, 1, 4))
    edited = f"{added} {text}"
    found = place_passage(passage, edited)
    assert found is not None
    assert found.start == start + len(added) + 1


@given(other_words, passage_words, other_words, other_words)
def test_when_its_words_are_gone_the_passage_is_lost_not_guessed(
    before: str, words: str, after: str, replacement: str
) -> None:
    text = f"{before} {words} {after}"
    start = len(before) + 1
    passage = make_passage(text, start, start + len(words))
    edited = f"{before} {replacement} {after}"
    assert place_passage(passage, edited) is None
    assert follow_passage(passage, None, edited) == (None, passage)
    back = follow_passage(None, passage, text)
    assert back == (passage, None)


@given(
    _words(OTHER_LETTERS.upper(), 1, 10),
    _words(PASSAGE_LETTERS, 6, 12),
    _words(OTHER_LETTERS.upper(), 1, 10),
    st.data(),
)
def test_a_small_edit_inside_a_long_passage_keeps_it_on_the_edited_words(
    before: str, words: str, after: str, data: st.DataObject
) -> None:
    if len(words) < 2 * FUZZY_MIN_LENGTH:
        words = f"{words} {words}"
    text = f"{before} {words} {after}"
    start = len(before) + 1
    passage = make_passage(text, start, start + len(words))
    at = data.draw(st.integers(0, len(words) - 1).filter(lambda i: words[i] != " "))
    edited_words = words[:at] + "z" + words[at + 1 :]  # one letter changed
    edited = f"{before} {edited_words} {after}"
    found = place_passage(passage, edited)
    assert found is not None
    assert (found.start, found.end) == (start, start + len(words))
    assert found.exact == edited_words


def test_an_edited_sentence_is_found_between_its_context() -> None:
    text = "It was the best of times, it was the worst of times, it was the age of wisdom."
    start = text.index("it was the worst")
    passage = make_passage(text, start, start + len("it was the worst of times"))
    edited = text.replace("the worst of times", "the very worst of all times")
    found = place_passage(passage, edited)
    assert found is not None
    assert found.exact == "it was the very worst of all times"


def test_a_short_passage_whose_word_changed_is_lost() -> None:
    text = "The cat sat on the mat."
    passage = make_passage(text, 4, 7)
    assert place_passage(passage, "The dog sat on the mat.") is None
