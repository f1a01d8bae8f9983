"""Placing notes made on another copy of a work: the engine, checked, then the undressed text.

Another copy of a work is, to the re-anchoring engine, a new version of the
document the note was made on, whose anchors are the previous version's: a
paragraph of this copy with the text of another paragraph of that one is that
paragraph's copy, never a fuzzy match for a note. The engine places unchanged
paragraphs by anchor and edited ones by its fuzzy rules; across copies a fuzzy
match is kept only when the quote and the text found differ by words one has and
the other lacks (a cross-reference spelled out, furniture glued on) or cut
differently, never by a word replaced: copies differ so, a look-alike does not.

What is orphaned then is looked for once more with the text *undressed*: letters
and digits only, case folded, link targets such as ``[https://...]`` or
``(https://...)`` and a text dump's link numbers (``[48]``) left out. That folds
away what differs between two renderings of one text (emphasis marks,
inline-code quotes, printed link targets, hyphenation and spacing) and nothing
else. Such an orphan is placed only when its undressed quote
(:data:`MIN_UNDRESSED` characters at least) occurs exactly once in the undressed
copy: on the paragraph holding it, or, when the copy split it over several, the
one holding most of it. The same letters in the same order, once in the whole
copy: that is the text the note was made on, not a look-alike.
"""

from __future__ import annotations

import bisect
import difflib
import re
from collections.abc import Sequence

from reader.anchors import LINK_TARGET, text_digest, undressed
from reader.annotation import AnchorStatus
from reader.model import Document
from reader.reanchor.placer import Placement, Reanchorer
from reader.selector import Selector

__all__ = ["MIN_UNDRESSED", "CopyPlacer", "undressed"]  # undressed: from reader.anchors

MIN_UNDRESSED = 40
"""Letters and digits a quote needs to be placed by its undressed text (shorter ones
can recur by chance: a heading, a stock phrase)."""

_AROUND = 2
"""Paragraphs on each side of a fuzzy match compared with the quote (a split copy)."""

_WORD = re.compile(r"[^\W_]+")


def _words(text: str) -> list[str]:
    return _WORD.findall(LINK_TARGET.sub(" ", text).casefold())


class CopyPlacer:
    """Places notes made on another copy on ``doc`` (one per document shown and source copy).

    Args:
        doc: The copy the notes are to be shown on.
        source_anchors: The anchors of every paragraph of the copy the notes were
            made on, in order (the engine's "previous version"): a paragraph of
            ``doc`` whose text is also another paragraph of that copy is that
            paragraph's copy, so it never takes a fuzzy match. ``None`` if unknown.
    """

    def __init__(self, doc: Document, source_anchors: Sequence[str] | None = None) -> None:
        self._doc = doc
        self._engine = Reanchorer(doc, source_anchors)
        self._text: str | None = None
        self._starts: list[int] = []

    def place_all(self, items: Sequence[tuple[str, Selector, str | None]]) -> list[Placement]:
        """One placement per ``(anchor, selector, digest)``, as :meth:`Reanchorer.place_all`."""
        placements = self._engine.place_all(items)
        return [
            placement
            if placement.status != AnchorStatus.ORPHANED and placement.score >= 1.0
            else self._undressed(item[1], placement)
            for item, placement in zip(items, placements, strict=True)
        ]

    def _undressed(self, selector: Selector, found: Placement) -> Placement:
        quote = undressed(selector.quote)
        orphan = found
        if found.index is not None:  # the engine's fuzzy match
            if self._only_dressing_apart(selector, found.index):
                return found
            orphan = Placement(AnchorStatus.ORPHANED, None, None, found.score, found.anchor)
        if len(quote) < MIN_UNDRESSED:
            return orphan
        text = self._whole()
        at = text.find(quote)
        if at < 0 or text.find(quote, at + 1) >= 0:
            return orphan
        index = self._holder(at, at + len(quote))
        paragraph = self._doc.paragraphs[index]
        return Placement(
            AnchorStatus.MOVED, paragraph.anchor, index, 1.0, digest=text_digest(paragraph.text)
        )

    def _only_dressing_apart(self, selector: Selector, index: int) -> bool:
        """Whether the quote and the text around paragraph ``index`` differ only by words
        one of them has and the other lacks (a cross-reference spelled out, furniture
        glued on) or by words cut differently ("docu- ment"), never by a word replaced
        with another: two copies of one text differ so, a look-alike does not."""
        mine = _words(selector.quote)
        paragraphs = self._doc.paragraphs
        first, last = max(0, index - _AROUND), min(len(paragraphs), index + _AROUND + 1)
        theirs: list[str] = []
        ranges: list[tuple[int, int]] = []
        for i in range(first, last):
            words = _words(paragraphs[i].text)
            ranges.append((len(theirs), len(theirs) + len(words)))
            theirs.extend(words)
        own = ranges[index - first]
        matcher = difflib.SequenceMatcher(None, mine, theirs, autojunk=False)
        blocks = [b for b in matcher.get_matching_blocks() if b.size]
        if not blocks:
            return False
        low, high = blocks[0].b, blocks[-1].b + blocks[-1].size
        if high <= own[0] or low >= own[1]:
            return False
        if _replaced_at_an_edge(len(mine), blocks, ranges, low, high):
            return False
        span = theirs[low:high]
        matcher = difflib.SequenceMatcher(None, mine, span, autojunk=False)
        matched: set[int] = set()
        for tag, a1, a2, b1, b2 in matcher.get_opcodes():
            if tag == "replace" and "".join(mine[a1:a2]) != "".join(span[b1:b2]):
                return False
            if tag == "equal":
                matched.update(range(low + b1, low + b2))
        if _torn_from_another(ranges, matched, low, high):
            return False
        return not _look_alike_between(mine, theirs, ranges, matched, low, high)

    def _whole(self) -> str:
        """The whole copy undressed, and where each paragraph starts in it (built once)."""
        if self._text is None:
            parts = [undressed(p.text) for p in self._doc.paragraphs]
            starts, position = [], 0
            for part in parts:
                starts.append(position)
                position += len(part)
            self._text, self._starts = "".join(parts), starts
        return self._text

    def _holder(self, start: int, end: int) -> int:
        """The paragraph holding most of the undressed span ``start..end``."""
        starts = self._starts
        first = bisect.bisect_right(starts, start) - 1
        last = bisect.bisect_right(starts, end - 1) - 1
        return max(range(first, last + 1), key=lambda i: _overlap(starts, i, start, end))


def _replaced_at_an_edge(
    quote_length: int,
    blocks: Sequence[difflib.Match],
    ranges: list[tuple[int, int]],
    low: int,
    high: int,
) -> bool:
    """Whether the quote and the paragraph the match starts (or ends) in each have words
    of their own before (or after) what they share: a word replaced at the match's edge
    ("The canal was..." found as "The river was..."), which the span between the first
    and last words shared does not show."""
    for start, end in ranges:
        if start <= low < end and blocks[0].a > 0 and low > start:
            return True
        if start < high <= end and blocks[-1].a + blocks[-1].size < quote_length and high < end:
            return True
    return False


_LOOSE_ENDS = 3
"""Words a paragraph may have after the quote's first words (or before its last ones)
when the quote runs on into the next paragraph (or came from the one before): a page
number or a running title glued on, not a sentence of another paragraph."""


def _torn_from_another(
    ranges: list[tuple[int, int]], matched: set[int], low: int, high: int
) -> bool:
    """Whether the quote's words were gathered across paragraphs from the middle of one:
    a copy split the quote's paragraph at a paragraph's end, so a paragraph the match
    leaves for the next one ends with the quote's words (and the next one starts with
    them), give or take :data:`_LOOSE_ENDS` words of furniture."""
    for start, end in ranges:
        if start <= low < end < high:  # the quote starts here and runs on
            last = max(p for p in range(start, end) if p in matched or p == low)
            if end - 1 - last > _LOOSE_ENDS:
                return True
        if low < start < high <= end:  # the quote ends here, having run on into it
            first = min(p for p in range(start, end) if p in matched or p == high - 1)
            if first - start > _LOOSE_ENDS:
                return True
    return False


def _look_alike_between(
    mine: list[str],
    theirs: list[str],
    ranges: list[tuple[int, int]],
    matched: set[int],
    low: int,
    high: int,
) -> bool:
    """Whether a paragraph the match passes over is itself a look-alike of the quote.

    A split copy's parts are matched words; what the match passes over between them
    is furniture, a footnote, a cross-reference. A paragraph passed over whose words
    are mostly the quote's is another paragraph of the same shape (a sentence the
    text holds in two places): the quote's words were gathered from both, so the
    match is no copy of the quote.
    """
    own_words = {w for w in mine if len(w) > 3}
    for start, end in ranges:
        if start < low or end > high or end == start:
            continue
        if sum(position in matched for position in range(start, end)) * 2 >= end - start:
            continue  # mostly matched: a part of the quote
        content = [w for w in theirs[start:end] if len(w) > 3]
        if content and sum(w in own_words for w in content) >= 0.6 * len(content):
            return True
    return False


def _overlap(starts: list[int], index: int, start: int, end: int) -> int:
    low = starts[index]
    high = starts[index + 1] if index + 1 < len(starts) else end
    return min(high, end) - max(low, start)
