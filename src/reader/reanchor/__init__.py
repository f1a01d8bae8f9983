"""Re-anchoring: find each annotation's paragraph again after its document changed.

An annotation points at a paragraph by anchor (a hash of its text) and keeps a
:class:`~reader.annotation.Selector`. When the document is opened again,
:class:`Reanchorer` places every annotation: ``ATTACHED`` where its text is
unchanged, ``MOVED`` where an edited, split, merged or shifted form of it was found
with confidence, and otherwise ``ORPHANED`` with the best candidate as a
suggestion. It never attaches an annotation to a look-alike paragraph: that is
the rule every other choice here gives way to.

Modules: :mod:`~reader.reanchor.selector` (what an annotation remembers),
:mod:`~reader.reanchor.placer` (the placement rules), :mod:`~reader.reanchor.matching`
(scoring candidates), :mod:`~reader.reanchor.version` (lookups on the document),
:mod:`~reader.reanchor.index` (token index), :mod:`~reader.reanchor.similarity`;
:mod:`~reader.reanchor.copies` places notes made on another copy of a work.
"""

from reader.reanchor.copies import CopyPlacer
from reader.reanchor.matching import CONTEXT_THRESHOLD, QUOTE_THRESHOLD
from reader.reanchor.placer import MARGIN, Placement, Reanchorer
from reader.selector import CONTEXT_WIDTH, QUOTE_LIMIT, expected_digest, make_selector

__all__ = [
    "CONTEXT_THRESHOLD",
    "CONTEXT_WIDTH",
    "MARGIN",
    "QUOTE_LIMIT",
    "QUOTE_THRESHOLD",
    "CopyPlacer",
    "Placement",
    "Reanchorer",
    "expected_digest",
    "make_selector",
]
