"""Finding a passage again in its paragraph after the paragraph was edited.

The paragraph is placed first (:class:`~reader.reanchor.Reanchorer`); then the
passage is looked for in that paragraph's new text only, in this order:

1. **Same place.** The words and their context are still at the passage's offsets.
2. **Exact words.** The words occur in the paragraph (text was added or cut
   before them): among several occurrences, the one whose surroundings agree
   best with the remembered prefix and suffix, then the nearest to where the
   passage was (words that shifted onto another copy of themselves are not
   taken for the passage unless their context says so).
3. **Edited words.** The passage's own words were edited (a typo fixed, a word
   changed): the text between the remembered prefix and suffix, or between the
   passage's own first and last words, or the paragraph's stretch most like the
   passage (widened to whole words), if it says at least
   :data:`PASSAGE_THRESHOLD` of the passage. Only for passages of
   :data:`FUZZY_MIN_LENGTH` characters or more: a word or two edited into other
   words is gone, not moved.

If none of these finds it, the words are gone: the annotation covers its whole
paragraph again and keeps the passage it had as ``lost_passage``, which
``reader notes`` and the app show (see docs/reanchoring.md). A later version in
which the words are back gives the passage back.
"""

from __future__ import annotations

from reader.annotation import Passage, make_passage
from reader.reanchor.similarity import quote_similarity

__all__ = ["FUZZY_MIN_LENGTH", "PASSAGE_THRESHOLD", "follow_passage", "place_passage"]

PASSAGE_THRESHOLD = 0.75
"""Least similarity of an edited passage to the one remembered (the paragraphs' quote
threshold: about 15 % of the words replaced passes, 30 % does not)."""

FUZZY_MIN_LENGTH = 12
"""Shortest passage looked for as edited words; shorter ones are found exactly or not at all."""

_MOST_OCCURRENCES = 1000
"""Occurrences of a passage's words weighed against each other (a one-letter passage in a
long paragraph has many; past this many the first ones are as good a guess as any)."""


_EDGE = 16
"""Characters at each end of a long passage that find its edited form by its own edges."""

_WINDOW_MAX = 400
"""Longest passage compared with every stretch of its paragraph (the cost grows with the
square of its length: 50 ms at 900 characters in a 22,000-character paragraph)."""

_MOST_BRACKETS = 50
"""Places where the remembered prefix occurs that are tried as the start of an edited passage."""


def place_passage(passage: Passage, text: str) -> Passage | None:
    """``passage`` in the paragraph whose text is now ``text``; ``None`` if its words are gone.

    Args:
        passage: The passage as last placed.
        text: The paragraph's text now (as :attr:`reader.model.Paragraph.text`).

    Returns:
        The passage at its new offsets, with its exact words and context taken from
        ``text`` (edited words are the new words), or ``None``.
    """
    exact = passage.exact
    if not exact:
        return None
    if make_passage_or_none(text, passage.start, passage.end) == passage:
        return passage  # words and context unchanged: the common case, in O(1)
    hits = _occurrences(text, exact)
    if hits:
        best = max(hits, key=lambda at: (_agreement(passage, text, at), -abs(at - passage.start)))
        return make_passage(text, best, best + len(exact))
    if len(exact) < FUZZY_MIN_LENGTH:
        return None
    return _edited(passage, text)


def make_passage_or_none(text: str, start: int, end: int) -> Passage | None:
    """:func:`make_passage`, or ``None`` where the span is not inside ``text``."""
    return make_passage(text, start, end) if 0 <= start < end <= len(text) else None


def follow_passage(
    passage: Passage | None, lost: Passage | None, text: str
) -> tuple[Passage | None, Passage | None]:
    """An annotation's ``(passage, lost_passage)`` once its paragraph's text is ``text``.

    A passage found stays a passage; one whose words are gone becomes the lost
    passage (the annotation covers the whole paragraph); a lost passage whose
    words are back becomes the passage again.
    """
    remembered = passage if passage is not None else lost
    if remembered is None:
        return None, None
    found = place_passage(remembered, text)
    return (found, None) if found is not None else (None, remembered)


def _occurrences(text: str, exact: str) -> list[int]:
    hits: list[int] = []
    at = text.find(exact)
    while at >= 0 and len(hits) < _MOST_OCCURRENCES:
        hits.append(at)
        at = text.find(exact, at + 1)
    return hits


def _agreement(passage: Passage, text: str, at: int) -> int:
    """How many characters of the remembered context agree around ``text[at:]``."""
    before = text[max(0, at - len(passage.prefix)) : at]
    after = text[at + len(passage.exact) : at + len(passage.exact) + len(passage.suffix)]
    return _common_suffix(before, passage.prefix) + _common_prefix(after, passage.suffix)


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _common_suffix(a: str, b: str) -> int:
    return _common_prefix(a[::-1], b[::-1])


def _edited(passage: Passage, text: str) -> Passage | None:
    """The edited form of the passage in ``text``, if one is like enough.

    Tried in turn, the first to reach the threshold wins: the text between the
    remembered prefix and suffix (the context agreeing on both sides is the best
    evidence); the text from the passage's first words to its last words (an
    edit in its middle); the stretch of ``text`` most like the passage (for
    passages of :data:`_WINDOW_MAX` characters or fewer, where that is cheap;
    longer ones: a stretch of their length from their first or to their last
    words).
    """
    exact = passage.exact
    steps = [_between(passage, text, use_context=True), _between(passage, text, use_context=False)]
    if len(exact) <= _WINDOW_MAX:
        steps.append([_likeliest_window(exact, text)])
    else:
        steps.append(_from_one_edge(exact, text))
    words = exact.split()
    for spans in steps:
        scored: list[tuple[float, int, int, int]] = []
        for span in spans:
            start, end = _trimmed(text, *span)
            if start < end:
                score = quote_similarity(exact, text[start:end], words)
                scored.append((score, -abs(start - passage.start), start, end))
        if scored and (best := max(scored))[0] >= PASSAGE_THRESHOLD:
            start, end = _fitted(exact, text, best[2], best[3])
            return make_passage(text, start, end)
    return None


def _fitted(exact: str, text: str, start: int, end: int) -> tuple[int, int]:
    """``start``..``end`` less the text at either edge that the passage never had.

    A span found by its surroundings may take in words of new text next to the
    passage; aligned with the passage (Levenshtein: an edited character is a
    substitution, kept), text inserted before its first or after its last
    character is left out.
    """
    from rapidfuzz.distance import Levenshtein

    blocks = list(Levenshtein.opcodes(exact, text[start:end]))
    first = last = 0
    for block in blocks:
        if block.tag in ("equal", "replace"):
            break
        if block.tag == "insert":
            first = block.dest_end
    for block in reversed(blocks):
        if block.tag in ("equal", "replace"):
            break
        if block.tag == "insert":
            last = (end - start) - block.dest_start
    fitted = _trimmed(text, start + first, end - last)
    return fitted if fitted[0] < fitted[1] else (start, end)


def _between(passage: Passage, text: str, *, use_context: bool) -> list[tuple[int, int]]:
    """Spans bracketed by the passage's context, or by its own first and last words.

    With ``use_context``: from where the remembered prefix ends to where the suffix
    next begins (an empty prefix or suffix means the passage began or ended the
    paragraph). Without: from where its first :data:`_EDGE` characters occur to
    the end of the next occurrence of its last :data:`_EDGE`.
    """
    exact = passage.exact
    if use_context:
        head, head_offset = passage.prefix, len(passage.prefix)
        tail, tail_offset = passage.suffix, 0
    else:
        head, head_offset = exact[:_EDGE], 0
        tail, tail_offset = exact[-_EDGE:], min(_EDGE, len(exact))
    found = _occurrences(text, head)[:_MOST_BRACKETS] if head else [0]
    spans: list[tuple[int, int]] = []
    for start in (at + head_offset for at in found):
        at = text.find(tail, start) if tail else len(text)
        if at >= 0 and at + tail_offset > start:
            spans.append((start, at + tail_offset))
    return spans


def _from_one_edge(exact: str, text: str) -> list[tuple[int, int]]:
    """Spans of the passage's length from where its first, or to where its last, words are."""
    size = len(exact)
    spans = [(at, at + size) for at in _occurrences(text, exact[:_EDGE])[:_MOST_BRACKETS]]
    ends = (at + _EDGE for at in _occurrences(text, exact[-_EDGE:])[:_MOST_BRACKETS])
    spans += [(end - size, end) for end in ends]
    return [_widened(text, max(0, start), min(len(text), end)) for start, end in spans]


def _widened(text: str, start: int, end: int) -> tuple[int, int]:
    """``start``..``end`` widened to whole words."""
    while start > 0 and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while end < len(text) and text[end - 1].isalnum() and text[end].isalnum():
        end += 1
    return start, end


def _likeliest_window(exact: str, text: str) -> tuple[int, int]:
    """The stretch of ``text`` that best aligns with ``exact``, widened to whole words."""
    from rapidfuzz import fuzz

    if len(exact) > len(text):  # the paragraph is shorter than the passage: it held all of it
        return 0, len(text)
    aligned = fuzz.partial_ratio_alignment(exact, text)
    if aligned is None:  # only with a score cutoff, which is not given
        return 0, len(text)
    return _widened(text, aligned.dest_start, aligned.dest_end)


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """``start``..``end`` without white space at either end."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
