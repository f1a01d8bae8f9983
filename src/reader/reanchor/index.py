"""A token index over a document's paragraphs, to find where an edited quote went.

Scanning 30,000 paragraphs with a fuzzy scorer for every orphan-to-be would take
seconds; an inverted index of words answers "which paragraphs share this quote's
rarest words" in microseconds. It is built once per :class:`Reanchorer`, and only
when an annotation actually needs a fuzzy search.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable

__all__ = ["TokenIndex"]

_TOKEN = re.compile(r"\w{4,}")
"""Words of four letters or more: short words are too common to point anywhere."""

_PROBES = 12
"""How many of a quote's rarest words are looked up."""


class TokenIndex:
    """Which paragraphs contain which words.

    Args:
        indices: The paragraph indices to index (for instance only those that
            could take an annotation).
        text_of: The normalised text of a paragraph index.
    """

    def __init__(self, indices: Iterable[int], text_of: Callable[[int], str]) -> None:
        postings: dict[str, list[int]] = {}
        for index in indices:
            for token in set(_TOKEN.findall(text_of(index))):
                entry = postings.get(token)
                if entry is None:
                    postings[token] = [index]
                else:
                    entry.append(index)
        self._postings = postings

    def best(self, text: str, limit: int) -> list[int]:
        """Up to ``limit`` paragraph indices sharing the most of ``text``'s rarest words.

        Args:
            text: A normalised quote.
            limit: How many paragraphs to return at most.

        Returns:
            Indices ordered by how many probed words they share (at least two, or
            the only word probed), best first.
        """
        postings = self._postings
        found = sorted(
            (entry for token in set(_TOKEN.findall(text)) if (entry := postings.get(token))),
            key=len,
        )[:_PROBES]
        if not found:
            return []
        counts = Counter(index for entry in found for index in entry)
        needed = min(2, len(found))
        return [index for index, count in counts.most_common(limit) if count >= needed]
