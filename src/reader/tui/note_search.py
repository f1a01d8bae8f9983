"""Ranking notes for the palette's search, and naming their documents (no Textual).

A person looking for a note types words from it: a note holding those very
words must come before one the fuzzy matcher merely strings together from
scattered letters. So a note is ranked by the best of: the query as whole
words, the query anywhere, every word of the query somewhere, and only then
the fuzzy score the palette gives everything.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from enum import IntEnum
from pathlib import PurePath

from reader.annotation import DocumentRef

__all__ = ["FUZZY_CEILING", "Match", "Tier", "document_labels", "literal_match", "score"]

FUZZY_CEILING = 1_000_000.0
"""Every literal match scores above this; a fuzzy score is kept below it."""


class Tier(IntEnum):
    """How a note matched, best last (the value is the rank)."""

    FUZZY = 0
    ALL_WORDS = 1
    SUBSTRING = 2
    WHOLE_WORDS = 3


@dataclass(frozen=True, slots=True)
class Match:
    """A literal match of the query in a note's text.

    Attributes:
        tier: How it matched.
        position: Where the first match starts (earlier ranks higher within a tier).
    """

    tier: Tier
    position: int


def literal_match(query: str, text: str) -> Match | None:
    """The best literal match of ``query`` in ``text`` (case-insensitive), or ``None``.

    Args:
        query: What was typed; spaces separate words.
        text: The note's searchable text (note, tags, quote, document).
    """
    words = query.casefold().split()
    if not words:
        return None
    folded = text.casefold()
    phrase = " ".join(words)
    whole = re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", folded)
    if whole is not None:
        return Match(Tier.WHOLE_WORDS, whole.start())
    position = folded.find(phrase)
    if position >= 0:
        return Match(Tier.SUBSTRING, position)
    positions = [folded.find(word) for word in words]
    if len(words) > 1 and min(positions) >= 0:
        return Match(Tier.ALL_WORDS, min(positions))
    return None


def score(match: Match | None, fuzzy: float) -> float:
    """The palette score: a literal match by tier and position, above any fuzzy score."""
    if match is None:
        return min(fuzzy, FUZZY_CEILING - 1)
    return match.tier * FUZZY_CEILING + (FUZZY_CEILING - 1 - min(match.position, 999_999)) / 1e6


def document_labels(documents: Iterable[DocumentRef]) -> dict[str, str]:
    """What to call each document in the palette, by document id.

    Its title; two documents of the same title are told apart by their file
    names, and by their paths when those are the same too.
    """
    by_title: dict[str, dict[str, DocumentRef]] = defaultdict(dict)
    for ref in documents:
        by_title[ref.title][ref.id] = ref
    labels: dict[str, str] = {}
    for title, refs in by_title.items():
        names = [PurePath(ref.path).name for ref in refs.values()]
        for ref in refs.values():
            if len(refs) == 1:
                labels[ref.id] = title
                continue
            name = PurePath(ref.path).name
            where = name if names.count(name) == 1 else ref.path
            labels[ref.id] = f"{title} ({where or 'standard input'})"
    return labels
