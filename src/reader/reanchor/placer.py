"""Place annotations on a new version of their document, or orphan them.

Per annotation, in this order (each step only when the previous one could not
decide):

0. **Confirm the anchor.** A paragraph found by the annotation's anchor whose
   text digest is not the annotation's holds other text under the same anchor
   (anchors are short enough for a collision to be searched for): it is taken
   for new text, an edit of the annotated paragraph, and the steps below go on
   as if the anchor were gone.
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
   :data:`QUOTE_THRESHOLD`, its context agrees, it is in place, it beats every
   rival at another place by :data:`MARGIN`, its text is new, and no vanished
   neighbour has as good a claim to it (nor could it descend from a paragraph
   deleted next to the annotated one: more paragraphs vanished there than new
   ones appeared).

The last condition is what keeps annotations off look-alikes: a paragraph whose
text was already in the previous version is a pre-existing paragraph, not the
edited form of the annotated one, so it never takes a fuzzy match (it can still
be the suggestion of an orphan). Without the previous version, the remembered
neighbours still rule out the two paragraphs that were next to the annotated one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reader.anchors import anchor_for
from reader.annotation import AnchorStatus
from reader.model import Document
from reader.reanchor.matching import (
    QUOTE_THRESHOLD,
    Fit,
    Query,
    candidate_fits,
    claimed_by_neighbour,
    context_score,
    evaluate,
    in_place,
    upper_bound,
)
from reader.reanchor.version import Version
from reader.selector import QUOTE_LIMIT, Selector, base_anchor, expected_digest

__all__ = ["MARGIN", "Placement", "Reanchorer"]

MARGIN = 0.03
"""How far the best fuzzy candidate must score above any rival at another place."""

_TIE = 0.02
"""Context scores closer than this cannot tell identical paragraphs apart."""

_NEARBY = 8
"""Paragraphs considered on each side of an expected position."""

_INDEX_HITS = 6
"""Token-index hits considered per annotation."""

_SUGGESTIONS = 5
"""Candidates scored in full to pick an orphan's suggestion when none came close."""


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
        digest: The text digest of the paragraph it is on now (to keep with the
            anchor); ``None`` for an orphan.
    """

    status: AnchorStatus
    anchor: str | None
    index: int | None
    score: float
    suggestion: str | None = None
    digest: str | None = None


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
        self._version = Version(doc, previous_anchors)

    def place(self, anchor: str, selector: Selector, digest: str | None = None) -> Placement:
        """Find the paragraph an annotation belongs to now.

        Args:
            anchor: The anchor the annotation was last attached to (for an orphan,
                the anchor it had).
            selector: Its selector (see :func:`reader.reanchor.make_selector`).
            digest: The text digest kept with the anchor, ``None`` if unknown (then
                the quote confirms the anchor where it can).

        Returns:
            An ``ATTACHED``, ``MOVED`` or ``ORPHANED`` placement.
        """
        version = self._version
        if not version.size:
            return Placement(AnchorStatus.ORPHANED, None, None, 0.0)
        base = base_anchor(anchor)
        expected = expected_digest(anchor, selector.quote, digest)
        copies: list[int] = []
        for index in version.copies(base):
            if expected is None or version.digest(index) == expected:
                copies.append(index)
            else:
                version.disown(index)
        own = version.index_of(anchor)
        if own is not None and own not in copies:
            own = None
        elif (
            own is not None
            and version.count(base) == 1
            and version.previous_count(base) in (1, None)
        ):
            return self._attached(own, anchor)
        query = Query.build(anchor, selector, version)
        if len(selector.quote) < QUOTE_LIMIT:
            quote_base = base_anchor(anchor_for(selector.quote))
            if quote_base != base:
                copies += (i for i in version.copies(quote_base) if version.norm(i) == query.quote)
        if copies:
            placement = self._choose_copy(query, copies, own, base)
            if placement is not None:
                return placement
        return self._fuzzy(query, version.copies(base) + copies)

    def place_all(self, items: Sequence[tuple[str, Selector, str | None]]) -> list[Placement]:
        """Place many annotations at once; one placement per ``(anchor, selector, digest)``."""
        return [self.place(anchor, selector, digest) for anchor, selector, digest in items]

    def _choose_copy(
        self, query: Query, copies: list[int], own: int | None, base: str
    ) -> Placement | None:
        """Pick among paragraphs with the annotated text; ``None`` to go on fuzzily.

        The copy whose surroundings agree best wins; the annotation stays on its own
        anchor when that copy is as good as any. Copies that cannot be told apart
        make an orphan, since picking one would be a guess.
        """
        version = self._version
        contexts = {i: context_score(version, query, i, i) for i in copies}
        agreeing = sorted(
            (i for i in copies if contexts[i][1]), key=lambda i: contexts[i][0], reverse=True
        )
        if not agreeing:
            previous = version.previous_count(base)
            if own is not None and previous in (None, version.count(base)):
                return self._attached(own, query.anchor)
            fresh = [i for i in copies if version.is_fresh(i)]
            if version.knows_previous and len(fresh) == 1:
                return self._moved(fresh[0], 1.0)
            return None
        best = contexts[agreeing[0]][0]
        if own is not None and own in agreeing and contexts[own][0] >= best - _TIE:
            return self._attached(own, query.anchor)
        if len(agreeing) > 1 and contexts[agreeing[1]][0] >= best - _TIE:
            return self._orphan(agreeing[0], best)
        return self._moved(agreeing[0], 1.0)

    def _fuzzy(self, query: Query, copies: list[int]) -> Placement:
        version = self._version
        fits = [
            fit
            for index in sorted(self._candidates(query).union(copies))
            for fit in candidate_fits(version, query, index)
        ]
        if not fits:
            return Placement(AnchorStatus.ORPHANED, None, None, 0.0)
        accepted = [
            fit
            for fit in fits
            if fit.placeable
            and fit.quote >= QUOTE_THRESHOLD
            and in_place(version, query, fit)
            and evaluate(version, query, fit).agrees
        ]
        if accepted:
            best = max(accepted, key=_score)
            if (
                self._unrivalled(query, best, fits)
                and not claimed_by_neighbour(version, query, best)
                and not query.gap.crowded(1 if best.cut is None else 2)
            ):
                return self._moved(best.target, _score(best))
        return self._orphan_of(query, fits)

    def _unrivalled(self, query: Query, best: Fit, fits: list[Fit]) -> bool:
        """Whether ``best`` beats every fit at another place by :data:`MARGIN`.

        Rivals include paragraphs that may not take the annotation themselves: a
        look-alike elsewhere that scores as high means the text does not identify
        one place. Only rivals whose quote alone could come close are scored in full.
        """
        bar = _score(best) - MARGIN
        others = sorted((f for f in fits if not f.overlaps(best)), key=upper_bound, reverse=True)
        for fit in others:
            if upper_bound(fit) <= bar:
                break
            if _score(evaluate(self._version, query, fit)) > bar:
                return False
        return True

    def _orphan_of(self, query: Query, fits: list[Fit]) -> Placement:
        """An orphan, suggesting the likeliest place scored so far (or the best of a few)."""
        scored = [fit for fit in fits if fit.score is not None]
        if not scored:
            scored = sorted(fits, key=lambda f: f.quote, reverse=True)[:_SUGGESTIONS]
            for fit in scored:
                evaluate(self._version, query, fit)
        likeliest = max(scored, key=_score)
        return self._orphan(likeliest.target, _score(likeliest))

    def _candidates(self, query: Query) -> set[int]:
        """Paragraph indices worth scoring: around the expected places, plus index hits."""
        version = self._version
        found = set(range(query.expected - _NEARBY, query.expected + _NEARBY + 1))
        left, right = query.gap.left, query.gap.right
        if left is not None:
            found.update(range(left + 1, left + 1 + _NEARBY))
        if right is not None:
            found.update(range(right - _NEARBY, right))
        for neighbour in query.neighbours:
            for at in version.copies(neighbour)[:4] if neighbour else ():
                found.update(range(at - 2, at + 3))
        for hit in version.token_hits(query.quote, _INDEX_HITS):
            found.update((hit - 1, hit))
        return {i for i in found if 0 <= i < version.size}

    def _attached(self, index: int, anchor: str) -> Placement:
        return Placement(
            AnchorStatus.ATTACHED, anchor, index, 1.0, digest=self._version.digest(index)
        )

    def _moved(self, index: int, score: float) -> Placement:
        version = self._version
        return Placement(
            AnchorStatus.MOVED, version.anchors[index], index, score, digest=version.digest(index)
        )

    def _orphan(self, suggestion: int, score: float) -> Placement:
        anchor = self._version.anchors[suggestion]
        return Placement(AnchorStatus.ORPHANED, None, None, score, anchor)


def _score(fit: Fit) -> float:
    assert fit.score is not None
    return fit.score
