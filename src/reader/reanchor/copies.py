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
        own = (0, 0)
        for i in range(first, last):
            words = _words(paragraphs[i].text)
            if i == index:
                own = (len(theirs), len(theirs) + len(words))
            theirs.extend(words)
        matcher = difflib.SequenceMatcher(None, mine, theirs, autojunk=False)
        blocks = [b for b in matcher.get_matching_blocks() if b.size]
        if not blocks:
            return False
        low, high = blocks[0].b, blocks[-1].b + blocks[-1].size
        if high <= own[0] or low >= own[1]:
            return False
        span = theirs[low:high]
        matcher = difflib.SequenceMatcher(None, mine, span, autojunk=False)
        for tag, a1, a2, b1, b2 in matcher.get_opcodes():
            if tag == "replace" and "".join(mine[a1:a2]) != "".join(span[b1:b2]):
                return False
        return True

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


def _overlap(starts: list[int], index: int, start: int, end: int) -> int:
    low = starts[index]
    high = starts[index + 1] if index + 1 < len(starts) else end
    return min(high, end) - max(low, start)
