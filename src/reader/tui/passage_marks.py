"""What a paragraph's annotations draw on its text: their passages and colours (no Textual).

The document view draws each passage an annotation covers on the text itself,
in the annotation's colour, and a coloured highlight's gutter mark in its
colour. :func:`paragraph_marks` works that out from the annotations of one
paragraph, so a change re-works out only that paragraph's.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from reader.annotation import Annotation, AnnotationKind

__all__ = ["PassageMarks", "paragraph_marks"]


@dataclass(frozen=True, slots=True)
class PassageMarks:
    """What a paragraph's annotations draw on its text.

    Attributes:
        passages: ``(start, end, colour)`` of each passage annotated, oldest first
            (a later one is drawn over an earlier one where they overlap).
        color: The colour its gutter mark takes (its first coloured highlight's),
            or ``None`` for the kind's own.
    """

    passages: tuple[tuple[int, int, str | None], ...] = ()
    color: str | None = None


def paragraph_marks(annotations: Iterable[Annotation]) -> PassageMarks | None:
    """The marks of one paragraph's ``annotations`` (``None`` when they draw nothing)."""
    passages: list[tuple[int, int, str | None]] = []
    color: str | None = None
    for annotation in annotations:
        passage = annotation.passage
        if passage is not None:
            passages.append((passage.start, passage.end, annotation.color))
        if color is None and annotation.kind is AnnotationKind.HIGHLIGHT:
            color = annotation.color
    if not passages and color is None:
        return None
    return PassageMarks(tuple(passages), color)
