"""The annotation marks the document view shows, in paragraph order (no Textual).

The view draws a paragraph's mark in the gutter and the overview strip, and ``}``
and ``{`` go to the next and previous marked paragraph: both want the marked
paragraphs in order, kept as marks come and go one at a time (a book may carry
10,000), and a paragraph's mark looked up in constant time.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Mapping

from reader.annotation import AnnotationKind

__all__ = ["ParagraphMarks"]


class ParagraphMarks:
    """Paragraph index to the kind its mark shows, for a document of ``count`` paragraphs.

    Attributes:
        kinds: Paragraph index to its mark's kind (read-only for callers).
        ordered: The marked paragraphs, in order (read-only for callers).
    """

    def __init__(self, count: int = 0, marks: Mapping[int, AnnotationKind] | None = None) -> None:
        """Marks for ``count`` paragraphs; those of ``marks`` outside them are dropped."""
        self._count = count
        self.kinds: dict[int, AnnotationKind] = {}
        self.ordered: list[int] = []
        if marks:
            self.replace(marks)

    def __len__(self) -> int:
        return len(self.ordered)

    def __contains__(self, index: object) -> bool:
        return index in self.kinds

    def replace(self, marks: Mapping[int, AnnotationKind]) -> None:
        """Show ``marks`` instead (those outside the document are dropped)."""
        count = self._count
        self.kinds = {i: kind for i, kind in marks.items() if 0 <= i < count}
        self.ordered = sorted(self.kinds)

    def set(self, index: int, kind: AnnotationKind | None) -> bool:
        """Change one paragraph's mark (``None``: no mark); True if it changed."""
        if not 0 <= index < self._count or self.kinds.get(index) is kind:
            return False
        position = bisect_left(self.ordered, index)
        if kind is None:
            del self.kinds[index]
            del self.ordered[position]
        else:
            if index not in self.kinds:
                self.ordered.insert(position, index)
            self.kinds[index] = kind
        return True

    def after(self, index: int) -> int | None:
        """The first marked paragraph after ``index``, ``None`` past the last."""
        ordered = self.ordered
        position = bisect_left(ordered, index + 1)
        return ordered[position] if position < len(ordered) else None

    def before(self, index: int) -> int | None:
        """The last marked paragraph before ``index``, ``None`` before the first."""
        position = bisect_left(self.ordered, index) - 1
        return self.ordered[position] if position >= 0 else None

    def step(self, index: int, direction: int) -> tuple[int | None, str]:
        """Where ``}`` (1) or ``{`` (-1) goes from paragraph ``index``, or what to say instead.

        Returns:
            The marked paragraph to go to and ``""``; or ``None`` and the note to
            show ("last note", "first note", "no notes yet").
        """
        target = self.after(index) if direction > 0 else self.before(index)
        if target is not None:
            return target, ""
        if not self.ordered:
            return None, "no notes yet"
        return None, "last note" if direction > 0 else "first note"
