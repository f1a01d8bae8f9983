"""What an annotation remembers about its paragraph: the selector, and the context around it.

The same helpers build a selector when an annotation is made and rebuild the
candidate's context when it is placed again, so "the 32 characters before this
paragraph" means exactly the same thing on both sides of the comparison. A base
module: :func:`reader.annotation.new_annotation` makes a selector with it without
loading the re-anchoring's matcher (rapidfuzz), which :mod:`reader.reanchor` adds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reader.anchors import ANCHOR_LENGTH, anchor_for, text_digest
from reader.model import Document

__all__ = [
    "CONTEXT_WIDTH",
    "QUOTE_LIMIT",
    "Selector",
    "base_anchor",
    "expected_digest",
    "make_selector",
    "text_after",
    "text_before",
]

QUOTE_LIMIT = 2000
"""Characters of a paragraph's text kept as the quote (enough to recognise any paragraph)."""

CONTEXT_WIDTH = 32
"""Characters of context kept on each side (as Hypothesis does: enough to tell places apart)."""


@dataclass(frozen=True, slots=True)
class Selector:
    """Enough about the annotated paragraph to find it again after edits.

    Attributes:
        quote: The paragraph's text when it was annotated (whole, or its first
            2,000 characters for very long paragraphs).
        prefix: Up to 32 characters of text just before the paragraph.
        suffix: Up to 32 characters of text just after the paragraph.
        index: The paragraph's index at the time.
        paragraph_count: How many paragraphs the document had then (so the
            position can be compared as a fraction in a longer or shorter version).
        section_path: Titles of the enclosing sections, outermost first.
        neighbours: Anchors (occurrence suffix removed) of the previous and next
            paragraphs, ``""`` at the ends; they tell a deleted paragraph from a
            near-duplicate sibling.
    """

    quote: str
    prefix: str = ""
    suffix: str = ""
    index: int = 0
    paragraph_count: int = 0
    section_path: tuple[str, ...] = ()
    neighbours: tuple[str, str] = ("", "")

    def as_json(self) -> dict[str, Any]:
        """The selector as a JSON object (the store's records and reader's JSON export)."""
        return {
            "quote": self.quote,
            "prefix": self.prefix,
            "suffix": self.suffix,
            "index": self.index,
            "paragraph_count": self.paragraph_count,
            "section_path": list(self.section_path),
            "neighbours": list(self.neighbours),
        }


def base_anchor(anchor: str) -> str:
    """The anchor without its ``-N`` occurrence suffix: the hash of the paragraph's text alone."""
    return anchor[:ANCHOR_LENGTH]


def expected_digest(anchor: str, quote: str, digest: str | None) -> str | None:
    """The text digest a paragraph found by ``anchor`` must have to be the annotated one.

    The recorded ``digest``; for a record from before digests were kept, the whole
    ``quote``'s digest when the quote is the anchored text (its anchor is
    ``anchor``'s: the annotation was never moved); ``None`` when nothing can
    confirm the anchor.
    """
    if digest is not None:
        return digest
    if len(quote) < QUOTE_LIMIT and base_anchor(anchor_for(quote)) == base_anchor(anchor):
        return text_digest(quote)
    return None


def text_before(texts: Sequence[str], index: int, width: int = CONTEXT_WIDTH) -> str:
    """The last ``width`` characters of the paragraphs before ``index``, joined by a space.

    Short paragraphs (a one-word line) do not starve the context: earlier ones are
    joined in until there are ``width`` characters or the document starts.
    """
    parts: list[str] = []
    length = 0
    i = index - 1
    while i >= 0 and length < width:
        parts.append(texts[i])
        length += len(texts[i]) + 1
        i -= 1
    return " ".join(reversed(parts))[-width:]


def text_after(texts: Sequence[str], index: int, width: int = CONTEXT_WIDTH) -> str:
    """The first ``width`` characters of the paragraphs after ``index``, joined by a space."""
    parts: list[str] = []
    length = 0
    i = index + 1
    while i < len(texts) and length < width:
        parts.append(texts[i])
        length += len(texts[i]) + 1
        i += 1
    return " ".join(parts)[:width]


def make_selector(doc: Document, index: int) -> Selector:
    """Describe paragraph ``index`` of ``doc`` well enough to find it after edits.

    Args:
        doc: The document as it is now.
        index: The annotated paragraph's index.

    Returns:
        The quote (the paragraph's text, cut at :data:`QUOTE_LIMIT` characters),
        :data:`CONTEXT_WIDTH` characters of text on each side, the position, the
        section path and the text-only anchors of the two neighbouring paragraphs.

    Raises:
        IndexError: ``index`` is not a paragraph of ``doc``.
    """
    paragraphs = doc.paragraphs
    if not 0 <= index < len(paragraphs):
        raise IndexError(f"paragraph {index} is not in a document of {len(paragraphs)}")
    texts = _Texts(doc)
    paragraph = paragraphs[index]
    previous = base_anchor(paragraphs[index - 1].anchor) if index > 0 else ""
    following = base_anchor(paragraphs[index + 1].anchor) if index + 1 < len(paragraphs) else ""
    return Selector(
        quote=paragraph.text[:QUOTE_LIMIT],
        prefix=text_before(texts, index),
        suffix=text_after(texts, index),
        index=index,
        paragraph_count=len(paragraphs),
        section_path=tuple(doc.section_path(paragraph.section)),
        neighbours=(previous, following),
    )


class _Texts(Sequence[str]):
    """The paragraphs' texts as a sequence, without copying 30,000 strings for one selector."""

    def __init__(self, doc: Document) -> None:
        self._paragraphs = doc.paragraphs

    def __len__(self) -> int:
        return len(self._paragraphs)

    def __getitem__(self, index: int) -> str:  # type: ignore[override]
        return self._paragraphs[index].text
