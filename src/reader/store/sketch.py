"""A document's content sketch, and whether two sketches are copies of one work.

Two copies of a work (a clean text and a web clip, an EPUB and its PDF, a
preprint and the publisher's page) rarely share their paragraphs exactly: one has
page furniture, another quotes inline code, a third splits paragraphs
differently, so paragraph anchors alone miss copies. They do share most of their
*sentences*, once each sentence is reduced to its letters and digits (case,
punctuation, quoting marks, hyphenation, spacing and printed link targets folded
away: :func:`reader.anchors.undressed`). A sentence is
cut at ``.``, ``!``, ``?`` or a paragraph end; one shorter than
:data:`MIN_SENTENCE` characters (a heading, "Yes.", a page number) says nothing
about the work and is left out.

The sketch keeps the :data:`SKETCH_SIZE` smallest 64-bit hashes of those
sentences (a bottom-k sketch) and how many distinct sentences there are. Two
sketches estimate how many sentences the two documents share (the bottom-k of
their union, counted in both), hence what share of each document the other holds.
A small document's sketch is its whole set of sentences, so the estimate is exact.
The thresholds are in :func:`same_work` and docs/works.md.
"""

from __future__ import annotations

import hashlib
import heapq
import re
import struct
from dataclasses import dataclass, field
from typing import Any

from reader.anchors import undressed
from reader.model import Document

__all__ = [
    "MIN_SENTENCE",
    "SKETCH_SIZE",
    "Sketch",
    "same_work",
    "shared",
    "sketch_of",
    "title_key",
]

SKETCH_SIZE = 256
"""Hashes kept per document: the shared share is estimated within about 3 points."""

MIN_SENTENCE = 24
"""Letters and digits a sentence needs to count (shorter ones recur in unrelated texts)."""

SMALLER_SHARE = 0.6
"""Share of the smaller copy's sentences the larger must hold (by content alone)."""

LARGER_SHARE = 0.25
"""Share of the larger copy's sentences the smaller must hold: a chapter quoted in a
book, or an essay in an anthology, is not a copy of the book."""

TITLED_SMALLER_SHARE = 0.4
"""The smaller copy's share when both copies have the same title (title as support)."""

MIN_SHARED = 3
"""Sentences two copies must share at least, whatever the shares (tiny documents)."""

_SENTENCE = re.compile(r"[.!?][\"'”’)\]]*\s+|\n+")
_NOT_WORD = re.compile(r"[\W_]+")


@dataclass(frozen=True, slots=True)
class Sketch:
    """What :func:`same_work` needs of a document.

    Attributes:
        hashes: The smallest hashes of its sentences, ascending (all of them when
            it has fewer than :data:`SKETCH_SIZE`).
        count: How many distinct sentences it has.
        title: Its title folded for comparison (``""``: none to go by).
    """

    hashes: tuple[int, ...]
    count: int
    title: str
    members: frozenset[int] = field(default=frozenset(), compare=False, repr=False)
    """The hashes as a set (filled in from ``hashes``)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "members", frozenset(self.hashes))

    def as_json(self) -> dict[str, Any]:
        """The sketch as stored (hashes as one hex string: compact JSON)."""
        return {
            "hashes": "".join(f"{h:016x}" for h in self.hashes),
            "count": self.count,
            "title": self.title,
        }

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> Sketch:
        """A sketch as :meth:`as_json` stored it.

        Raises:
            KeyError, TypeError, ValueError: The record is damaged.
        """
        data = bytes.fromhex(raw["hashes"])
        hashes = struct.unpack(f">{len(data) // 8}Q", data[: len(data) // 8 * 8])
        return cls(hashes, int(raw["count"]), str(raw["title"]))


def title_key(title: str) -> str:
    """A title folded to letters and digits; titles that say nothing give ``""``."""
    key = _NOT_WORD.sub("", title.casefold())
    return key if len(key) >= 8 else ""


def _hash(key: str) -> int:
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "big")


def sketch_of(doc: Document) -> Sketch:
    """The content sketch of ``doc`` (its page furniture left out)."""
    keys: set[str] = set()
    for paragraph in doc.paragraphs:
        if paragraph.boilerplate:
            continue
        for sentence in _SENTENCE.split(paragraph.text):
            key = undressed(sentence)
            if len(key) >= MIN_SENTENCE:
                keys.add(key)
    hashes = {_hash(key) for key in keys}
    smallest = heapq.nsmallest(SKETCH_SIZE, hashes)
    title = doc.metadata.title or doc.title
    return Sketch(tuple(smallest), len(hashes), title_key(title))


def shared(a: Sketch, b: Sketch) -> float:
    """About how many distinct sentences ``a`` and ``b`` share."""
    if not a.count or not b.count or a.members.isdisjoint(b.members):
        return 0.0  # the common case, answered in C
    if len(a.hashes) == a.count and len(b.hashes) == b.count:
        return float(len(a.members & b.members))  # both whole: exact
    ours, theirs = a.members, b.members
    union = heapq.nsmallest(SKETCH_SIZE, ours | theirs)
    both = sum(1 for h in union if h in ours and h in theirs)
    jaccard = both / len(union)
    return jaccard * (a.count + b.count) / (1 + jaccard)


def same_work(a: Sketch, b: Sketch) -> bool:
    """Whether two documents are copies of one work, by their sketches.

    The larger must hold :data:`SMALLER_SHARE` of the smaller's sentences
    (:data:`TITLED_SMALLER_SHARE` when the titles agree), the smaller
    :data:`LARGER_SHARE` of the larger's, and they must share :data:`MIN_SHARED`
    sentences at least.
    """
    both = shared(a, b)
    if both < MIN_SHARED:
        return False
    small, large = sorted((a.count, b.count))
    titled = bool(a.title) and a.title == b.title
    wanted = TITLED_SMALLER_SHARE if titled else SMALLER_SHARE
    return both >= wanted * small and both >= LARGER_SHARE * large
