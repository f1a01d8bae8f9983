"""Placing notes made on another copy of a work: the engine, then the text without its dress.

Another copy of a work is, to the re-anchoring engine, a new version of the
document the note was made on, known only by its anchors (no previous version).
The engine places what it can: unchanged paragraphs by anchor, edited ones by its
fuzzy rules. What it orphans is then looked for once more with the paragraph's
text *undressed*: letters and digits only, case folded, link targets such as
``[https://...]`` or ``(https://...)`` and a text dump's link numbers (``[48]``)
left out. That folds away what differs
between two renderings of one text (emphasis marks, inline-code quotes, a web
page's printed link targets, hyphenation and spacing) and nothing else.

An orphan is placed so only when its undressed quote (:data:`MIN_UNDRESSED`
characters at least) occurs exactly once in the undressed copy; on the paragraph
holding it, or, when the copy split it over several, the one holding most of it.
The same letters in the same order, once in the whole copy: that is the text the
note was made on, not a look-alike.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from reader.anchors import text_digest
from reader.annotation import AnchorStatus
from reader.model import Document
from reader.reanchor.placer import Placement, Reanchorer
from reader.selector import Selector

__all__ = ["MIN_UNDRESSED", "CopyPlacer", "undressed"]

MIN_UNDRESSED = 40
"""Letters and digits a quote needs to be placed by its undressed text (shorter ones
can recur by chance: a heading, a stock phrase)."""

_LINK_TARGET = re.compile(r"[\[(<]\s*(?:https?|ftp|mailto|file):[^\])>\s]*\s*[\])>]|\[\d{1,4}\]")
_NOT_WORD = re.compile(r"[\W_]+")


def undressed(text: str) -> str:
    """``text`` reduced to its letters and digits, case folded, link targets and numbers left out."""
    return _NOT_WORD.sub("", _LINK_TARGET.sub(" ", text).casefold())


class CopyPlacer:
    """Places notes made on another copy on ``doc`` (build one per document shown).

    Args:
        doc: The copy the notes are to be shown on.
    """

    def __init__(self, doc: Document) -> None:
        self._doc = doc
        self._engine = Reanchorer(doc, None)
        self._text: str | None = None
        self._starts: list[int] = []

    def place_all(self, items: Sequence[tuple[str, Selector, str | None]]) -> list[Placement]:
        """One placement per ``(anchor, selector, digest)``, as :meth:`Reanchorer.place_all`."""
        placements = self._engine.place_all(items)
        return [
            self._undressed(item[1], placement)
            if placement.status == AnchorStatus.ORPHANED
            else placement
            for item, placement in zip(items, placements, strict=True)
        ]

    def _undressed(self, selector: Selector, orphan: Placement) -> Placement:
        quote = undressed(selector.quote)
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
