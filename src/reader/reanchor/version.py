"""The document version annotations are placed on, with the lookups placement needs.

Everything here is built once per :class:`~reader.reanchor.Reanchorer` in
O(paragraphs) (a dict and a set), or lazily and cached (normalised texts, context
strings, the token index), so placing a thousand annotations costs little more
than placing one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reader.anchors import digest_of, normalize
from reader.model import Document
from reader.reanchor.index import TokenIndex
from reader.selector import base_anchor, text_after, text_before

__all__ = ["Gap", "Version"]

_WALK = 64
"""How far to look in the previous version for a paragraph that survived."""

_NEAR = 3
"""A remembered neighbour this many paragraphs away still counts as close by."""


@dataclass(frozen=True, slots=True)
class Gap:
    """Where an annotated paragraph was, seen through the paragraphs that survived.

    Attributes:
        left: Index now of the nearest unchanged paragraph before it (-1: the start).
        right: Index now of the nearest unchanged paragraph after it (the size: the end).
        vanished: How many paragraphs of the previous version lay between those two
            (the annotated one included): all deleted or edited.
        fresh: How many paragraphs with new text lie between them now.
    """

    left: int | None
    right: int | None
    vanished: int | None
    fresh: int | None

    def crowded(self, absorbed: int = 1) -> bool:
        """Whether more paragraphs vanished here than the new ones can account for.

        Each new paragraph accounts for one vanished paragraph, and one that
        ``absorbed`` several (a merge) for that many. Any vanished paragraph left
        over was deleted, and an edited paragraph here may then descend from it
        rather than surely from the annotated one.
        """
        if self.vanished is None or self.fresh is None:
            return False
        return self.vanished > max(1, self.fresh + absorbed - 1)


_UNKNOWN_GAP = Gap(None, None, None, None)


class Version:
    """A document as it is now, and what is known about the version before it.

    Args:
        doc: The document as it is now.
        previous_anchors: Anchors of every paragraph of the previous version, in
            order, or ``None`` if unknown.
    """

    def __init__(self, doc: Document, previous_anchors: Sequence[str] | None) -> None:
        self.texts = [p.text for p in doc.paragraphs]
        self.anchors = [p.anchor for p in doc.paragraphs]
        self.size = len(self.anchors)
        self._position = {anchor: i for i, anchor in enumerate(self.anchors)}
        self.previous = None if previous_anchors is None else list(previous_anchors)
        self._previous_set = None if self.previous is None else frozenset(self.previous)
        self._previous_position: dict[str, int] | None = None
        self._normalized: dict[int, str] = {}
        self._disowned: set[int] = set()
        self._before: dict[int, str] = {}
        self._after: dict[int, str] = {}
        self._token_index: TokenIndex | None = None

    @property
    def knows_previous(self) -> bool:
        """Whether the previous version's anchors were given."""
        return self._previous_set is not None

    def index_of(self, anchor: str) -> int | None:
        """The paragraph index with ``anchor`` now, or ``None``."""
        return self._position.get(anchor)

    def count(self, base: str) -> int:
        """How many paragraphs now have the text whose occurrence-free anchor is ``base``."""
        return _count(base, self._position)

    def previous_count(self, base: str) -> int | None:
        """How many paragraphs of the previous version had that text (``None``: unknown)."""
        return None if self._previous_set is None else _count(base, self._previous_set)

    def copies(self, base: str) -> list[int]:
        """Indices of the paragraphs whose text has anchor ``base``, in occurrence order."""
        found: list[int] = []
        anchor = base
        while (index := self._position.get(anchor)) is not None:
            found.append(index)
            anchor = f"{base}-{len(found) + 1}"
        return found

    def is_fresh(self, index: int) -> bool:
        """True unless paragraph ``index``'s text was already in the previous version
        (always true when that version is unknown)."""
        previous = self._previous_set
        return (
            previous is None
            or base_anchor(self.anchors[index]) not in previous
            or index in self._disowned
        )

    def disown(self, index: int) -> None:
        """Record that paragraph ``index`` has an anchor of the previous version but
        other text (its digest differs from the annotated paragraph's): new text."""
        self._disowned.add(index)

    def digest(self, index: int) -> str:
        """The :func:`~reader.anchors.text_digest` of paragraph ``index``."""
        return digest_of(self.norm(index))

    def norm(self, index: int) -> str:
        """The normalised text of paragraph ``index`` (cached)."""
        text = self._normalized.get(index)
        if text is None:
            text = self._normalized[index] = normalize(self.texts[index])
        return text

    def before(self, index: int) -> str:
        """The normalised prefix context of paragraph ``index`` (cached)."""
        text = self._before.get(index)
        if text is None:
            text = self._before[index] = normalize(text_before(self.texts, index))
        return text

    def after(self, index: int) -> str:
        """The normalised suffix context of paragraph ``index`` (cached)."""
        text = self._after.get(index)
        if text is None:
            text = self._after[index] = normalize(text_after(self.texts, index))
        return text

    def neighbour_distance(self, index: int, base: str, step: int) -> int | None:
        """How many paragraphs from ``index`` (going by ``step``, -1 or +1) the paragraph
        with text anchor ``base`` is, within a few; ``""`` stands for the document's end."""
        for distance in range(1, _NEAR + 1):
            i = index + step * distance
            if not 0 <= i < self.size:
                return distance if not base else None
            if base and base_anchor(self.anchors[i]) == base:
                return distance
        return None

    def gap(self, anchor: str) -> Gap:
        """The stretch of this version where the paragraph with ``anchor`` in the
        previous version now is: between the nearest paragraphs around it that survived.
        """
        previous = self.previous
        if previous is None:
            return _UNKNOWN_GAP
        if self._previous_position is None:
            self._previous_position = {a: i for i, a in enumerate(previous)}
        at = self._previous_position.get(anchor)
        if at is None:
            return _UNKNOWN_GAP
        low, left = self._survivor(previous, at, -1)
        high, right = self._survivor(previous, at, +1)
        if left is None or right is None or low is None or high is None or left >= right:
            return Gap(left, right, None, None)
        fresh = sum(1 for i in range(left + 1, right) if self.is_fresh(i))
        return Gap(left, right, high - low - 1, fresh)

    def _survivor(self, previous: list[str], at: int, step: int) -> tuple[int | None, int | None]:
        """The nearest previous index from ``at`` (going by ``step``) whose anchor is still
        here, and where it is now; a document end counts (-1, or the length and the
        size now); ``(None, None)`` if none is found within a walk."""
        i = at + step
        for _ in range(_WALK):
            if i < 0:
                return -1, -1
            if i >= len(previous):
                return len(previous), self.size
            now = self._position.get(previous[i])
            if now is not None:
                return i, now
            i += step
        return None, None

    def token_hits(self, quote: str, limit: int) -> list[int]:
        """Paragraphs sharing the most of ``quote``'s rarest words (only paragraphs with
        new text are indexed when the previous version is known: only they can take a
        fuzzy match)."""
        if self._token_index is None:
            indices = (i for i in range(self.size) if self.is_fresh(i))
            self._token_index = TokenIndex(indices, self.norm)
        return self._token_index.best(quote, limit)


def _count(base: str, anchors: dict[str, int] | frozenset[str]) -> int:
    count = 0
    anchor = base
    while anchor in anchors:
        count += 1
        anchor = f"{base}-{count + 1}"
    return count
