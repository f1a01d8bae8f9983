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
   changed): the text between the remembered prefix and suffix, or the
   paragraph's stretch most like the passage (widened to whole words), if it
   says at least :data:`PASSAGE_THRESHOLD` of the passage. Only for passages of
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

    The text between the remembered prefix and suffix comes first (the context
    agreeing on both sides is the better evidence); failing that, the stretch of
    ``text`` most like the passage.
    """
    words = passage.exact.split()
    for spans in (_between_context(passage, text), [_likeliest_window(passage.exact, text)]):
        scored: list[tuple[float, int, int, int]] = []
        for span in spans:
            start, end = _trimmed(text, *span)
            if start < end:
                score = quote_similarity(passage.exact, text[start:end], words)
                scored.append((score, -abs(start - passage.start), start, end))
        if scored and (best := max(scored))[0] >= PASSAGE_THRESHOLD:
            return make_passage(text, best[2], best[3])
    return None


def _between_context(passage: Passage, text: str) -> list[tuple[int, int]]:
    """Spans from where the remembered prefix ends to where the suffix next begins.

    An empty prefix (suffix) means the passage began (ended) the paragraph.
    """
    prefix, suffix = passage.prefix, passage.suffix
    if prefix:
        starts = [at + len(prefix) for at in _occurrences(text, prefix)[:_MOST_BRACKETS]]
    else:
        starts = [0]
    spans: list[tuple[int, int]] = []
    for start in starts:
        end = text.find(suffix, start + 1) if suffix else len(text)
        if end > start:
            spans.append((start, end))
    return spans


def _likeliest_window(exact: str, text: str) -> tuple[int, int]:
    """The stretch of ``text`` that best aligns with ``exact``, widened to whole words."""
    from rapidfuzz import fuzz

    aligned = fuzz.partial_ratio_alignment(exact, text)
    if aligned is not None and len(exact) <= len(text):
        start, end = aligned.dest_start, aligned.dest_end
    else:  # the paragraph is shorter than the passage: the passage held all of it
        start, end = 0, len(text)
    while start > 0 and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while end < len(text) and text[end - 1].isalnum() and text[end].isalnum():
        end += 1
    return start, end


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """``start``..``end`` without white space at either end."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
