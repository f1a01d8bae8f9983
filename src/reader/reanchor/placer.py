"""Place annotations on a new version of their document, or orphan them.

Per annotation, in this order (each step only when the previous one could not
decide):

1. **Same anchor.** The paragraph's text is unchanged. When its text occurs
   once, now and before, that settles it in O(1). When it is one of several
   identical paragraphs, or their number changed (a copy inserted or deleted
   earlier shifts the ``-N`` occurrence suffixes), the copies are told apart by
   their context.
2. **Exact text.** A paragraph with the annotated text (the anchor's or the
   quote's) under another anchor: the same context rules pick the copy.
3. **Fuzzy match** over a few candidate paragraphs: those around the expected
   position (found through the surviving paragraphs of the previous version, the
   remembered neighbours and the relative position) plus the best hits of a token
   index. Each candidate is scored as an edited paragraph, as the part of a split
   paragraph that carries most of the quote, and as the whole a merged paragraph
   became. The best is accepted only if its quote similarity reaches
   :data:`QUOTE_THRESHOLD`, its context agrees, it beats every rival at another
   place by :data:`MARGIN`, and it is new text.

The last condition is what keeps annotations off look-alikes: a paragraph whose
text was already in the previous version is a pre-existing paragraph, not the
edited form of the annotated one, so it never takes a fuzzy match (it can still
be the suggestion of an orphan). Without the previous version, the remembered
neighbours still rule out the two paragraphs that were next to the annotated one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from reader.anchors import anchor_for, normalize
from reader.annotation import AnchorStatus, Selector
from reader.model import Document
from reader.reanchor.index import TokenIndex
from reader.reanchor.selector import QUOTE_LIMIT, base_anchor, text_after, text_before
from reader.reanchor.similarity import context_similarity, quote_similarity

__all__ = ["CONTEXT_THRESHOLD", "MARGIN", "QUOTE_THRESHOLD", "Placement", "Reanchorer"]

QUOTE_THRESHOLD = 0.75
"""Least quote similarity for a fuzzy match (15 % of words replaced passes, 30 % does not)."""

CONTEXT_THRESHOLD = 0.7
"""Least prefix or suffix similarity for the context to count as agreeing."""

MARGIN = 0.03
"""How far the best fuzzy candidate must score above any rival at another place."""

_TIE = 0.02
"""Context scores closer than this cannot tell identical paragraphs apart."""

_WINDOW = 8
"""Paragraphs considered on each side of an expected position."""

_INDEX_HITS = 6
"""Token-index hits considered per annotation."""

_WALK = 64
"""How far to look in the previous version for a paragraph that survived."""

# Weights of the fuzzy score (the prototype's, out of 98).
_QUOTE, _PREFIX, _SUFFIX, _POSITION, _LOCALITY = 50.0, 20.0, 20.0, 2.0, 6.0
_TOTAL = _QUOTE + _PREFIX + _SUFFIX + _POSITION + _LOCALITY
_CONTEXT_TOTAL = _PREFIX + _SUFFIX + _POSITION + _LOCALITY


@dataclass(frozen=True, slots=True)
class Placement:
    """Where an annotation belongs in the document now.

    Attributes:
        status: ``ATTACHED`` (same anchor), ``MOVED`` (re-attached to another
            anchor: worth a review) or ``ORPHANED`` (no paragraph with confidence).
        anchor: The paragraph's anchor now; ``None`` for an orphan.
        index: The paragraph's index now; ``None`` for an orphan.
        score: Confidence 0..1; 1.0 for unchanged text.
        suggestion: For an orphan, the anchor of the best rejected candidate (what
            the user may want to re-attach it to); ``None`` otherwise.
    """

    status: AnchorStatus
    anchor: str | None
    index: int | None
    score: float
    suggestion: str | None = None


@dataclass(frozen=True, slots=True)
class _Fit:
    """One way a candidate place could be the annotated paragraph, with its evidence.

    ``start..end`` (inclusive) is the run of paragraphs compared with the quote (two
    or three for a split paragraph) and ``target`` the one that would take it.
    """

    start: int
    end: int
    target: int
    quote: float
    score: float
    agrees: bool
    placeable: bool

    def overlaps(self, other: _Fit) -> bool:
        return self.start <= other.end and other.start <= self.end


class Reanchorer:
    """Places annotations on one version of a document.

    Build one per opened document and place all its annotations with it: the
    lookup tables are built once (O(paragraphs)), and the token index only when
    some annotation needs a fuzzy search.

    Args:
        doc: The document as it is now.
        previous_anchors: The anchors of every paragraph, in order, of the version
            the annotations were last placed against (the store keeps them per
            document); ``None`` if unknown, which costs some safety against
            deleted near-duplicates.
    """

    def __init__(self, doc: Document, previous_anchors: Sequence[str] | None = None) -> None:
        self._texts = [p.text for p in doc.paragraphs]
        self._anchors = [p.anchor for p in doc.paragraphs]
        self._position = {anchor: i for i, anchor in enumerate(self._anchors)}
        self._previous = None if previous_anchors is None else list(previous_anchors)
        self._previous_set = None if previous_anchors is None else frozenset(self._previous or ())
        self._previous_position: dict[str, int] | None = None
        self._normalized: dict[int, str] = {}
        self._token_index: TokenIndex | None = None

    # ------------------------------------------------------------------ public API

    def place(self, anchor: str, selector: Selector) -> Placement:
        """Find the paragraph an annotation belongs to now.

        Args:
            anchor: The anchor the annotation was last attached to (for an orphan,
                the anchor it had).
            selector: Its selector (see :func:`reader.reanchor.make_selector`).

        Returns:
            An ``ATTACHED``, ``MOVED`` or ``ORPHANED`` placement.
        """
        if not self._anchors:
            return Placement(AnchorStatus.ORPHANED, None, None, 0.0)
        own = self._position.get(anchor)
        base = base_anchor(anchor)
        if own is not None and self._count(base) == 1 and self._previous_count(base) in (1, None):
            return Placement(AnchorStatus.ATTACHED, anchor, own, 1.0)
        copies = self._copies(base)
        if len(selector.quote) < QUOTE_LIMIT:
            quote_base = base_anchor(anchor_for(selector.quote))
            if quote_base != base:
                copies += self._copies(quote_base)
        if copies:
            placement = self._choose_copy(copies, own, base, selector)
            if placement is not None:
                return placement
        return self._fuzzy(anchor, selector, copies)

    def place_all(self, items: Sequence[tuple[str, Selector]]) -> list[Placement]:
        """Place many annotations at once; one placement per ``(anchor, selector)``, in order."""
        return [self.place(anchor, selector) for anchor, selector in items]

    # ------------------------------------------------------------------ steps 1 and 2

    def _choose_copy(
        self, copies: list[int], own: int | None, base: str, selector: Selector
    ) -> Placement | None:
        """Pick among paragraphs with the annotated text; ``None`` to go on fuzzily."""
        contexts = {i: self._context(i, i, selector) for i in copies}
        agreeing = sorted(
            (i for i in copies if contexts[i][1]), key=lambda i: contexts[i][0], reverse=True
        )
        if not agreeing:
            previous = self._previous_count(base)
            if own is not None and (previous is None or previous == self._count(base)):
                return Placement(AnchorStatus.ATTACHED, self._anchors[own], own, 1.0)
            fresh = [i for i in copies if self._is_fresh(i)]
            if len(fresh) == 1 and self._previous is not None:
                return self._moved(fresh[0], 1.0)
            return None
        best = contexts[agreeing[0]][0]
        if own is not None and own in agreeing and contexts[own][0] >= best - _TIE:
            return Placement(AnchorStatus.ATTACHED, self._anchors[own], own, 1.0)
        if len(agreeing) > 1 and contexts[agreeing[1]][0] >= best - _TIE:
            return self._orphan(agreeing[0], best)
        return self._moved(agreeing[0], 1.0)

    def _context(self, start: int, end: int, selector: Selector) -> tuple[float, bool]:
        """Score how well the surroundings of ``start..end`` match the selector's, 0..1.

        Returns:
            The context score and whether the context agrees (prefix or suffix
            similar enough, or a remembered neighbour right next to it).
        """
        prefix = context_similarity(normalize(selector.prefix), self._before(start))
        suffix = context_similarity(normalize(selector.suffix), self._after(end))
        left, right = self._locality(start, end, selector)
        score = (
            _PREFIX * prefix
            + _SUFFIX * suffix
            + _LOCALITY * (left + right) / 2
            + _POSITION * self._position_score(start, selector)
        ) / _CONTEXT_TOTAL
        agrees = max(prefix, suffix) >= CONTEXT_THRESHOLD or left == 1.0 or right == 1.0
        return score, agrees

    # ------------------------------------------------------------------ step 3

    def _fuzzy(self, anchor: str, selector: Selector, copies: list[int]) -> Placement:
        quote = normalize(selector.quote)
        truncated = len(selector.quote) >= QUOTE_LIMIT
        words = quote.split()
        fits: list[_Fit] = []
        for index in sorted(self._candidates(anchor, selector, quote).union(copies)):
            fits.extend(self._fits(index, quote, words, truncated, selector))
        if not fits:
            return Placement(AnchorStatus.ORPHANED, None, None, 0.0)
        likeliest = max(fits, key=lambda f: f.score)
        accepted = [f for f in fits if f.placeable and f.agrees and f.quote >= QUOTE_THRESHOLD]
        if not accepted:
            return self._orphan(likeliest.target, likeliest.score)
        best = max(accepted, key=lambda f: f.score)
        rival = max((f.score for f in fits if not f.overlaps(best)), default=0.0)
        if best.score - rival < MARGIN:
            return self._orphan(likeliest.target, likeliest.score)
        return self._moved(best.target, best.score)

    def _candidates(self, anchor: str, selector: Selector, quote: str) -> set[int]:
        """Paragraph indices worth scoring: around the expected places, plus index hits."""
        count = len(self._anchors)
        expected = (
            round(selector.index * count / selector.paragraph_count)
            if selector.paragraph_count
            else selector.index
        )
        found: set[int] = set(range(expected - _WINDOW, expected + _WINDOW + 1))
        left, right = self._survivors(anchor)
        if left is not None:
            found.update(range(left + 1, left + 1 + _WINDOW))
        if right is not None:
            found.update(range(right - _WINDOW, right))
        for neighbour in selector.neighbours:
            for at in self._copies(neighbour)[:4] if neighbour else ():
                found.update(range(at - 2, at + 3))
        for hit in self._index().best(quote, _INDEX_HITS):
            found.update((hit - 1, hit))
        return {i for i in found if 0 <= i < count}

    def _survivors(self, anchor: str) -> tuple[int | None, int | None]:
        """Where the nearest paragraphs before and after the annotated one, in the
        previous version, are now (if they survived)."""
        previous = self._previous
        if previous is None:
            return None, None
        if self._previous_position is None:
            self._previous_position = {a: i for i, a in enumerate(previous)}
        at = self._previous_position.get(anchor)
        if at is None:
            return None, None
        position = self._position
        left = next(
            (position[a] for a in reversed(previous[max(0, at - _WALK) : at]) if a in position),
            None,
        )
        right = next(
            (position[a] for a in previous[at + 1 : at + 1 + _WALK] if a in position), None
        )
        return left, right

    def _fits(
        self, index: int, quote: str, words: list[str], truncated: bool, selector: Selector
    ) -> Iterable[_Fit]:
        """Every way paragraph ``index`` could be the annotated one, scored."""
        text = self._norm(index)
        compared = text[: len(quote)] if truncated else text
        yield self._fit(index, index, index, quote_similarity(quote, compared, words), selector)
        if truncated:
            return
        if len(text) >= 1.25 * len(quote):
            merged = self._merged_fit(index, quote, words, selector)
            if merged is not None:
                yield merged
        end = index
        joined = text
        while len(joined) < 0.8 * len(quote) and end - index < 2 and end + 1 < len(self._anchors):
            end += 1
            joined = f"{joined} {self._norm(end)}"
            parts = range(index, end + 1)
            target = max(parts, key=lambda i: len(self._texts[i]))
            yield self._fit(index, end, target, quote_similarity(quote, joined, words), selector)

    def _fit(self, start: int, end: int, target: int, quote: float, selector: Selector) -> _Fit:
        context, agrees = self._context(start, end, selector)
        score = (_QUOTE * quote + _CONTEXT_TOTAL * context) / _TOTAL
        placeable = all(self._may_take(i, selector) for i in range(start, end + 1))
        return _Fit(start, end, target, quote, score, agrees, placeable)

    def _merged_fit(
        self, index: int, quote: str, words: list[str], selector: Selector
    ) -> _Fit | None:
        """Score ``index`` as a paragraph the annotated one was merged into.

        The quote is aligned inside the longer text; the text around the alignment
        then plays the part of the prefix and suffix, and both must agree (a short
        quote is found inside many long paragraphs).
        """
        text = self._norm(index)
        alignment = fuzz.partial_ratio_alignment(quote, text, score_cutoff=QUOTE_THRESHOLD * 100)
        if alignment is None:
            return None
        start = text.rfind(" ", 0, alignment.dest_start) + 1
        stop = text.find(" ", alignment.dest_end)
        stop = len(text) if stop < 0 else stop
        similarity = quote_similarity(quote, text[start:stop], words)
        before = f"{self._before(index)} {text[:start]}".strip()
        after = f"{text[stop:]} {self._after(index)}".strip()
        prefix = context_similarity(normalize(selector.prefix), before[-len(selector.prefix) :])
        suffix = context_similarity(normalize(selector.suffix), after[: len(selector.suffix)])
        if not selector.prefix:
            prefix = 1.0 if not before else 0.0
        if not selector.suffix:
            suffix = 1.0 if not after else 0.0
        left, right = self._locality(index, index, selector)
        context = (
            _PREFIX * prefix
            + _SUFFIX * suffix
            + _LOCALITY * (left + right) / 2
            + _POSITION * self._position_score(index, selector)
        ) / _CONTEXT_TOTAL
        score = (_QUOTE * similarity + _CONTEXT_TOTAL * context) / _TOTAL
        agrees = min(prefix, suffix) >= CONTEXT_THRESHOLD
        return _Fit(index, index, index, similarity, score, agrees, self._may_take(index, selector))

    # ------------------------------------------------------------------ evidence

    def _locality(self, start: int, end: int, selector: Selector) -> tuple[float, float]:
        """Whether the remembered neighbours are still next to ``start..end`` (1),
        close by (0.5) or elsewhere (0), on each side."""
        before, after = selector.neighbours
        left = 1.0 if start == 0 and not before else 0.0
        if before and left == 0.0:
            for distance in range(1, 4):
                i = start - distance
                if i >= 0 and base_anchor(self._anchors[i]) == before:
                    left = 1.0 if distance == 1 else 0.5
                    break
        count = len(self._anchors)
        right = 1.0 if end == count - 1 and not after else 0.0
        if after and right == 0.0:
            for distance in range(1, 4):
                i = end + distance
                if i < count and base_anchor(self._anchors[i]) == after:
                    right = 1.0 if distance == 1 else 0.5
                    break
        return left, right

    def _position_score(self, index: int, selector: Selector) -> float:
        """1 at the same relative position, falling to 0 at a tenth of the document away."""
        if not selector.paragraph_count:
            return 0.0
        then = selector.index / selector.paragraph_count
        now = index / len(self._anchors)
        return max(0.0, 1.0 - abs(now - then) * 10)

    def _may_take(self, index: int, selector: Selector) -> bool:
        """Whether paragraph ``index`` may take a fuzzy match: new text that is not one
        of the annotated paragraph's old neighbours."""
        base = base_anchor(self._anchors[index])
        return self._is_fresh(index) and base not in selector.neighbours

    def _is_fresh(self, index: int) -> bool:
        """True unless the paragraph's text was already in the previous version."""
        previous = self._previous_set
        return previous is None or base_anchor(self._anchors[index]) not in previous

    # ------------------------------------------------------------------ lookups

    def _count(self, base: str) -> int:
        """How many paragraphs now have the text whose anchor is ``base``."""
        return _count(base, self._position)

    def _previous_count(self, base: str) -> int | None:
        """How many paragraphs of the previous version had that text (``None``: unknown)."""
        return None if self._previous_set is None else _count(base, self._previous_set)

    def _copies(self, base: str) -> list[int]:
        """Indices of the paragraphs whose text hashes to ``base``, in occurrence order."""
        found: list[int] = []
        occurrence = 1
        anchor = base
        while (index := self._position.get(anchor)) is not None:
            found.append(index)
            occurrence += 1
            anchor = f"{base}-{occurrence}"
        return found

    def _norm(self, index: int) -> str:
        text = self._normalized.get(index)
        if text is None:
            text = self._normalized[index] = normalize(self._texts[index])
        return text

    def _before(self, index: int) -> str:
        return normalize(text_before(self._texts, index))

    def _after(self, index: int) -> str:
        return normalize(text_after(self._texts, index))

    def _index(self) -> TokenIndex:
        if self._token_index is None:
            indices = (i for i in range(len(self._anchors)) if self._is_fresh(i))
            self._token_index = TokenIndex(indices, self._norm)
        return self._token_index

    def _moved(self, index: int, score: float) -> Placement:
        return Placement(AnchorStatus.MOVED, self._anchors[index], index, score)

    def _orphan(self, suggestion: int, score: float) -> Placement:
        return Placement(AnchorStatus.ORPHANED, None, None, score, self._anchors[suggestion])


def _count(base: str, anchors: dict[str, int] | frozenset[str]) -> int:
    count = 0
    anchor = base
    while anchor in anchors:
        count += 1
        anchor = f"{base}-{count + 1}"
    return count
