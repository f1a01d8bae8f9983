"""Passages and colours in the exports, and read back from annotation files.

**W3C JSON.** An annotation on a passage targets the passage, not its paragraph:
its ``TextQuoteSelector`` quotes the passage's words with 32 characters of the
document on each side, and its ``TextPositionSelector`` counts the passage's
characters in the document's paragraphs joined by blank lines. The colour is the
``color`` of the annotation's body, as the W3C EPUB Annotations draft puts it
(one of its six names): on the note's body, or on a body of its own with an
empty value when there is no note. ``reader:annotation`` also carries
``passage``, ``color`` and ``lost_passage`` for a lossless round trip.

**Import.** Reader's own annotations get their passage back from
``reader:annotation``; another tool's annotation that quotes a phrase inside a
paragraph becomes a passage of that paragraph (a quote of the whole paragraph,
or of several, stays an annotation of the paragraph). A ``color`` on any body is
taken when it is one of the six names.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from reader.anchors import normalize
from reader.annotation import (
    COLORS,
    PASSAGE_CONTEXT,
    Annotation,
    Passage,
    find_quote,
    passage_fields,
    passage_from_json,
)
from reader.reanchor.passages import place_passage
from reader.sanitize import clean_text

__all__ = [
    "body_color",
    "color_body",
    "extension_fields",
    "foreign_passage",
    "own_passages",
    "passage_span",
]


def passage_span(annotation: Annotation, paragraph_text: str) -> tuple[int, int]:
    """The characters of its paragraph an annotation covers: its passage's, else all."""
    passage = annotation.passage
    if passage is None or paragraph_text[passage.start : passage.end] != passage.exact:
        return 0, len(paragraph_text)
    return passage.start, passage.end


def color_body(annotation: Annotation, bodies: list[dict[str, Any]]) -> None:
    """Put the annotation's colour on its note's body, or on a body of its own."""
    if annotation.color is None:
        return
    for body in bodies:
        if body.get("purpose") == "commenting":
            body["color"] = annotation.color
            return
    bodies.insert(
        0,
        {"type": "TextualBody", "purpose": "highlighting", "value": "", "color": annotation.color},
    )


def extension_fields(annotation: Annotation) -> dict[str, Any]:
    """What ``reader:annotation`` carries of the passage and colour (nothing of those
    it does not have: an annotation of a whole paragraph is written as before)."""
    return passage_fields(annotation)


def body_color(bodies: Iterable[Any]) -> str | None:
    """The first of the six colour names found as a body's ``color``, if any."""
    for body in bodies:
        if isinstance(body, dict) and body.get("color") in COLORS:
            color: str = body["color"]
            return color
    return None


def own_passages(extension: dict[str, Any]) -> tuple[Passage | None, Passage | None]:
    """The ``passage`` and ``lost_passage`` of ``reader:annotation``, cleaned as imported text.

    Raises:
        ValueError: One is damaged (or its text changes when cleaned, so its
            offsets no longer fit it).
    """
    return _cleaned(extension.get("passage")), _cleaned(extension.get("lost_passage"))


def _cleaned(raw: Any) -> Passage | None:
    if isinstance(raw, dict):
        raw = {
            **raw,
            **{
                key: clean_text(value)
                for key in ("exact", "prefix", "suffix")
                if isinstance(value := raw.get(key, ""), str)
            },
        }
    return passage_from_json(raw)


def foreign_passage(text: str, exact: str, prefix: str, suffix: str, start: int) -> Passage | None:
    """The passage of a paragraph that another tool's quote selects.

    ``None`` when the quote is the whole paragraph or reaches beyond it (a selection
    across paragraphs), or cannot be found in it.

    Args:
        text: The text of the paragraph the quote was located in.
        exact: The quoted words.
        prefix: The text just before them, as the file gives it.
        suffix: The text just after them.
        start: Where the quote should start in the paragraph (from the file's
            position selector; 0 when it gives none).
    """
    wanted, whole = normalize(exact), normalize(text)
    if not wanted or wanted == whole or wanted not in whole:
        return None
    hint = Passage(
        start, start + len(exact), exact, prefix[-PASSAGE_CONTEXT:], suffix[:PASSAGE_CONTEXT]
    )
    found = place_passage(hint, text) or find_quote(text, exact)
    if found is None or (found.start, found.end) == (0, len(text)):
        return None
    return found
