"""How alike two texts are, on the scales the re-anchoring thresholds are written in.

Both measures return 0..1 and are computed with rapidfuzz (C++), because a
placement compares one quote with a few dozen candidates and a document may hold
a thousand annotations.
"""

from __future__ import annotations

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

__all__ = ["context_similarity", "quote_similarity"]


def quote_similarity(quote: str, text: str, quote_words: list[str] | None = None) -> float:
    """How much of an annotated quote a candidate text still says, 0..1.

    The mean of a character-level and a word-level similarity (both Indel, i.e.
    the share of characters or words kept in order). Characters forgive typo
    fixes and re-punctuation; words measure how much of the wording is still
    there, so replacing 30 % of the words costs about 30 % whatever the words'
    spelling (a character ratio alone credits shared letters of unrelated words).

    Args:
        quote: The normalised quote.
        text: The normalised candidate text.
        quote_words: ``quote.split()``, when the caller already has it.
    """
    if not quote or not text:
        return 1.0 if quote == text else 0.0
    characters = fuzz.ratio(quote, text) / 100.0
    words = Indel.normalized_similarity(
        quote_words if quote_words is not None else quote.split(), text.split()
    )
    return (characters + words) / 2.0


def context_similarity(remembered: str, found: str) -> float:
    """How alike two pieces of context (prefix or suffix) are, 0..1.

    Empty context means a document end: it matches only another end.
    """
    if not remembered or not found:
        return 1.0 if remembered == found else 0.0
    return fuzz.ratio(remembered, found) / 100.0
