"""Scoring candidate places for an annotation: how a paragraph (or a run of them)
could be the annotated one, and how well its text and surroundings agree.

Scores use the prototype's weights: ``(50 quote + 20 prefix + 20 suffix + 2
position + 6 locality) / 98``. Quote similarity is computed first for every
candidate (cheap); the context only for those that could win or rival the winner.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

from reader.anchors import normalize
from reader.reanchor.similarity import context_similarity, quote_similarity
from reader.reanchor.version import Gap, Version
from reader.selector import QUOTE_LIMIT, Selector, base_anchor

__all__ = [
    "CLAIM_TOLERANCE",
    "CONTEXT_THRESHOLD",
    "QUOTE_THRESHOLD",
    "WINDOW",
    "Fit",
    "Query",
    "candidate_fits",
    "claimed_by_neighbour",
    "context_score",
    "evaluate",
    "in_place",
    "upper_bound",
]

QUOTE_THRESHOLD = 0.75
"""Least quote similarity for a fuzzy match (15 % of words replaced passes, 30 % does not)."""

CONTEXT_THRESHOLD = 0.7
"""Least prefix or suffix similarity for the context to count as agreeing."""

CLAIM_TOLERANCE = 0.1
"""A vanished neighbour claims a candidate whose edge is within this of matching it
better than the quote does (see :func:`claimed_by_neighbour`)."""

WINDOW = 8
"""Paragraphs around an expected position that count as "in place"."""

_QUOTE, _PREFIX, _SUFFIX, _POSITION, _LOCALITY = 50.0, 20.0, 20.0, 2.0, 6.0
_CONTEXT = _PREFIX + _SUFFIX + _POSITION + _LOCALITY
_TOTAL = _QUOTE + _CONTEXT

_SPLIT_PARTS = 3
"""A paragraph split into more parts than this is not looked for as a split."""


@dataclass(frozen=True, slots=True)
class Query:
    """One annotation's selector, normalised once for every comparison.

    Attributes:
        anchor: The anchor the annotation had.
        quote: The normalised quote.
        words: Its words.
        truncated: The quote is only the start of a longer paragraph.
        prefix: The normalised prefix context.
        suffix: The normalised suffix context.
        neighbours: Text anchors of the paragraphs that were around it.
        relative: Where it was, as a fraction of the document (``None``: unknown).
        expected: The paragraph index at that fraction of the current version.
        gap: Where it was, between the paragraphs around it that survived.
        vanished: Whether the previous and the next neighbour are gone from this
            version (deleted, or edited into something a candidate may be).
    """

    anchor: str
    quote: str
    words: list[str]
    truncated: bool
    prefix: str
    suffix: str
    neighbours: tuple[str, str]
    relative: float | None
    expected: int
    gap: Gap
    vanished: tuple[bool, bool]

    @classmethod
    def build(cls, anchor: str, selector: Selector, version: Version) -> Query:
        """Normalise ``selector`` and locate its expected places in ``version``."""
        quote = normalize(selector.quote)
        count = selector.paragraph_count
        # Clamped: an index past the count (a hand-made selector) would overflow a float.
        relative = min(max(selector.index, 0), count) / count if count > 0 else None
        expected = selector.index if relative is None else round(relative * version.size)
        return cls(
            anchor=anchor,
            quote=quote,
            words=quote.split(),
            truncated=len(selector.quote) >= QUOTE_LIMIT,
            prefix=normalize(selector.prefix),
            suffix=normalize(selector.suffix),
            neighbours=selector.neighbours,
            relative=relative,
            expected=expected,
            gap=version.gap(anchor),
            vanished=(
                bool(selector.neighbours[0]) and not version.count(selector.neighbours[0]),
                bool(selector.neighbours[1]) and not version.count(selector.neighbours[1]),
            ),
        )


@dataclass(slots=True)
class Fit:
    """One way a candidate place could be the annotated paragraph.

    Attributes:
        start: First paragraph compared with the quote.
        end: Last one (after ``start`` for the parts of a split paragraph).
        target: The paragraph that would take the annotation (for a split, the
            part carrying most of the quote).
        quote: Quote similarity, 0..1.
        placeable: Every paragraph in ``start..end`` has new text that was not
            next to the annotated paragraph: only then may it take a fuzzy match.
        cut: For a merged paragraph, the character span the quote aligns with.
        score: The full score once evaluated (``None`` before).
        agrees: Whether the context agrees (meaningful once evaluated).
    """

    start: int
    end: int
    target: int
    quote: float
    placeable: bool
    cut: tuple[int, int] | None = None
    score: float | None = None
    agrees: bool = False

    def overlaps(self, other: Fit) -> bool:
        """Whether the two fits share a paragraph (then they are one place, not rivals)."""
        return self.start <= other.end and other.start <= self.end


def candidate_fits(version: Version, query: Query, index: int) -> list[Fit]:
    """Every way paragraph ``index`` could be the annotated one, with quote similarity only.

    As the paragraph edited in place; as the first part of a paragraph split into
    two or three (when it is clearly shorter than the quote); as a paragraph the
    annotated one was merged into (when it is clearly longer and holds most of the
    quote's words).
    """
    text = version.norm(index)
    if query.truncated:
        similarity = quote_similarity(query.quote, text[: len(query.quote)], query.words)
        return [Fit(index, index, index, similarity, _may_take(version, query, index))]
    fits = [
        Fit(
            index,
            index,
            index,
            quote_similarity(query.quote, text, query.words),
            _may_take(version, query, index),
        )
    ]
    if len(text) >= 1.25 * len(query.quote):
        merged = _merged_fit(version, query, index)
        if merged is not None:
            fits.append(merged)
    end, joined = index, text
    while (
        len(joined) < 0.8 * len(query.quote)
        and end - index + 1 < _SPLIT_PARTS
        and end + 1 < version.size
    ):
        end += 1
        joined = f"{joined} {version.norm(end)}"
        parts = range(index, end + 1)
        fits.append(
            Fit(
                index,
                end,
                max(parts, key=lambda i: _shared(query.quote, version.norm(i))),
                quote_similarity(query.quote, joined, query.words),
                all(_may_take(version, query, i) for i in parts),
            )
        )
    return fits


def _shared(quote: str, part: str) -> float:
    """How many of the quote's characters ``part`` carries (in order: the LCS length)."""
    return (len(quote) + len(part) - Indel.distance(quote, part)) / 2


def _merged_fit(version: Version, query: Query, index: int) -> Fit | None:
    text = version.norm(index)
    words = set(query.words)
    if len(words & set(text.split())) < 0.5 * len(words):
        return None
    alignment = fuzz.partial_ratio_alignment(query.quote, text, score_cutoff=QUOTE_THRESHOLD * 100)
    if alignment is None:
        return None
    start = text.rfind(" ", 0, alignment.dest_start) + 1
    stop = text.find(" ", alignment.dest_end)
    stop = len(text) if stop < 0 else stop
    similarity = quote_similarity(query.quote, text[start:stop], query.words)
    return Fit(index, index, index, similarity, _may_take(version, query, index), cut=(start, stop))


def _may_take(version: Version, query: Query, index: int) -> bool:
    base = base_anchor(version.anchors[index])
    return version.is_fresh(index) and base not in query.neighbours


def upper_bound(fit: Fit) -> float:
    """The best score ``fit`` could reach with a perfect context."""
    return (_QUOTE * fit.quote + _CONTEXT) / _TOTAL


def evaluate(version: Version, query: Query, fit: Fit) -> Fit:
    """Score ``fit``'s context and set its ``score`` and ``agrees`` (once)."""
    if fit.score is not None:
        return fit
    if fit.cut is None:
        context, fit.agrees = context_score(version, query, fit.start, fit.end)
    else:
        context, fit.agrees = _merged_context(version, query, fit)
    fit.score = (_QUOTE * fit.quote + _CONTEXT * context) / _TOTAL
    return fit


def context_score(version: Version, query: Query, start: int, end: int) -> tuple[float, bool]:
    """How well the surroundings of paragraphs ``start..end`` match the selector's, 0..1.

    Returns:
        The context score and whether the context agrees: the prefix or the suffix
        is similar enough, or a remembered neighbour is right next to it.
    """
    prefix = context_similarity(query.prefix, version.before(start))
    suffix = context_similarity(query.suffix, version.after(end))
    left, right = _locality(version, query, start, end)
    agrees = max(prefix, suffix) >= CONTEXT_THRESHOLD or left == 1.0 or right == 1.0
    return _context(version, query, start, prefix, suffix, left, right), agrees


def _merged_context(version: Version, query: Query, fit: Fit) -> tuple[float, bool]:
    """Context of a quote found inside a longer paragraph: the text around the
    alignment plays the part of prefix and suffix, and both sides must agree (a
    short quote can be found inside many long paragraphs)."""
    assert fit.cut is not None
    text = version.norm(fit.start)
    start, stop = fit.cut
    before = f"{version.before(fit.start)} {text[:start]}".strip()
    after = f"{text[stop:]} {version.after(fit.start)}".strip()
    prefix = context_similarity(query.prefix, before[len(before) - len(query.prefix) :])
    suffix = context_similarity(query.suffix, after[: len(query.suffix)])
    left, right = _locality(version, query, fit.start, fit.end)
    agrees = min(prefix, suffix) >= CONTEXT_THRESHOLD
    return _context(version, query, fit.start, prefix, suffix, left, right), agrees


def _context(
    version: Version,
    query: Query,
    start: int,
    prefix: float,
    suffix: float,
    left: float,
    right: float,
) -> float:
    position = 0.0
    if query.relative is not None and version.size:
        position = max(0.0, 1.0 - abs(start / version.size - query.relative) * 10)
    return (
        _PREFIX * prefix + _SUFFIX * suffix + _LOCALITY * (left + right) / 2 + _POSITION * position
    ) / _CONTEXT


def _locality(version: Version, query: Query, start: int, end: int) -> tuple[float, float]:
    """1 per side where the remembered neighbour is right next to ``start..end``,
    0.5 where it is a few paragraphs away, 0 where it is elsewhere or gone."""
    before, after = query.neighbours
    left = version.neighbour_distance(start, before, -1)
    right = version.neighbour_distance(end, after, +1)
    return (
        0.0 if left is None else 1.0 if left == 1 else 0.5,
        0.0 if right is None else 1.0 if right == 1 else 0.5,
    )


def in_place(version: Version, query: Query, fit: Fit) -> bool:
    """Whether ``fit`` is where the annotated paragraph should be.

    With the previous version known, that is strictly between the paragraphs around
    it that survived unchanged; otherwise next to a remembered neighbour or at its
    relative position. A fuzzy match elsewhere (a parallel passage, a look-alike in
    another chapter) is never taken, however similar: an edited paragraph stays
    among its neighbours.
    """
    low, high = query.gap.left, query.gap.right
    if low is not None and high is not None:
        return low < fit.start and fit.end < high
    left, right = _locality(version, query, fit.start, fit.end)
    if left or right:
        return True
    if low is not None and 0 < fit.start - low <= WINDOW:
        return True
    if high is not None and 0 < high - fit.end <= WINDOW:
        return True
    return abs(fit.start - query.expected) <= WINDOW


def claimed_by_neighbour(version: Version, query: Query, fit: Fit) -> bool:
    """Whether ``fit`` may be the edited form of a vanished neighbour rather than of
    the annotated paragraph.

    When the paragraph next to the annotated one is gone too, a new paragraph in
    their place may descend from either. The selector remembers the neighbour's
    edge (the suffix is the next paragraph's start, the prefix the previous one's
    end): if the candidate's start is about as like the next paragraph's start as
    the quote's (or its end like the previous paragraph's end), it is not ours to
    take. A merged paragraph contains its neighbours by definition and is exempt.
    """
    if fit.cut is not None:
        return False
    text = " ".join(version.norm(i) for i in range(fit.start, fit.end + 1))
    following, preceding = query.suffix, query.prefix
    if query.vanished[1] and following:
        width = len(following)
        head = text[:width]
        own = context_similarity(query.quote[:width], head)
        if context_similarity(following, head) >= own - CLAIM_TOLERANCE:
            return True
    if query.vanished[0] and preceding and not query.truncated:
        width = len(preceding)
        tail = text[-width:]
        own = context_similarity(query.quote[-width:], tail)
        if context_similarity(preceding, tail) >= own - CLAIM_TOLERANCE:
            return True
    return False
