"""The annotations of the document shown, placed on their paragraphs (no Textual here).

The reader screen shows every change at once, and with 10,000 annotations it
cannot afford to place, sort and count them all again per change. An
:class:`AnnotationIndex` places each annotation on its paragraph once; a change
then updates one list position, one paragraph's annotations, its gutter mark and
the tag counts, and says what moved (a :class:`Change`) so the panes redraw only that.
"""

from __future__ import annotations

import sys
from bisect import bisect_left, insort
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from reader.annotation import KINDS, AnchorStatus, Annotation, AnnotationKind, DocumentRef
from reader.model import Document
from reader.tui.passage_marks import PassageMarks, paragraph_marks
from reader.tui.tag_counts import TagCounts

__all__ = ["AnnotationIndex", "Change", "Order", "annotation_order", "strongest"]

_STRENGTH = {kind: rank for rank, kind in enumerate(KINDS)}


Order = tuple[bool, int, int, float]
"""An annotation's place in the list (see :func:`annotation_order`)."""


def annotation_order(annotation: Annotation, position: int | None) -> Order:
    """Where an annotation is listed: by paragraph, within it those on the whole paragraph
    first, then passages in reading order, then by creation; moved and orphaned last.

    Args:
        annotation: The annotation.
        position: Its paragraph index now (``None``: orphaned).
    """
    review = annotation.status is not AnchorStatus.ATTACHED
    start = -1 if annotation.passage is None else annotation.passage.start
    paragraph = sys.maxsize if position is None else position
    return (review, paragraph, start, annotation.created.timestamp())


def strongest(annotations: Iterable[Annotation]) -> AnnotationKind:
    """The kind a paragraph's gutter mark shows: the first in :data:`~reader.annotation.KINDS`."""
    return min((a.kind for a in annotations), key=_STRENGTH.__getitem__)


@dataclass(frozen=True, slots=True)
class Change:
    """What one change did to what the panes show.

    Attributes:
        position: The paragraph it concerns (``None``: an orphan, on no paragraph).
        count: 1 when an annotation was added there, -1 removed, 0 changed in place.
        mark: The paragraph's gutter mark now (``None``: no annotation left on it).
        mark_changed: Whether the mark may have changed (always, unless an
            annotation changed in place and kept its kind).
        tags_changed: Whether the set of tags in use changed (a tag appeared or vanished).
    """

    position: int | None
    count: int
    mark: AnnotationKind | None
    mark_changed: bool
    tags_changed: bool


class AnnotationIndex:
    """The annotations of one document, in list order, each placed on its paragraph.

    Attributes:
        annotations: Every annotation, in the order the annotations pane lists
            them (:func:`annotation_order`).
    """

    def __init__(self, document: Document, annotations: Iterable[Annotation]) -> None:
        """Place, sort and count ``annotations`` of ``document``."""
        self._document = document
        self.annotations = list(annotations)
        self._positions = {a.id: self._position_of(a) for a in self.annotations}
        self.annotations.sort(key=self._order)
        self._by_paragraph: dict[int, list[Annotation]] = {}
        self._tags = TagCounts()
        for annotation in self.annotations:
            position = self._positions[annotation.id]
            if position is not None:
                self._by_paragraph.setdefault(position, []).append(annotation)
            self._tags.add(annotation.tags)
        self._marks = {p: strongest(here) for p, here in self._by_paragraph.items()}

    # Reading ----------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.annotations)

    @property
    def document(self) -> Document:
        """The document the annotations are placed in."""
        return self._document

    @property
    def positions(self) -> Mapping[str, int | None]:
        """Annotation id to its paragraph index (``None``: orphaned)."""
        return self._positions

    @property
    def marks(self) -> Mapping[int, AnnotationKind]:
        """Paragraph index to the kind its gutter mark shows (annotated paragraphs only)."""
        return self._marks

    @property
    def ref(self) -> DocumentRef | None:
        """How the store names the document, once any of its annotations was stored."""
        return self.annotations[0].document if self.annotations else None

    def position(self, annotation_id: str) -> int | None:
        """The paragraph an annotation is on (``None``: orphaned, or not here)."""
        return self._positions.get(annotation_id)

    def at(self, index: int) -> Sequence[Annotation]:
        """The annotations of paragraph ``index``, in list order."""
        return self._by_paragraph.get(index, ())

    def shown(self, annotation_id: str) -> Annotation | None:
        """The version of an annotation held now, if it is held."""
        if annotation_id not in self._positions:
            return None
        position = self._positions[annotation_id]
        candidates = self.annotations if position is None else self.at(position)
        return next((a for a in candidates if a.id == annotation_id), None)

    def passage_marks(self) -> dict[int, PassageMarks]:
        """What every annotated paragraph draws on its text (passages, a coloured mark)."""
        every = {p: paragraph_marks(here) for p, here in self._by_paragraph.items()}
        return {p: marks for p, marks in every.items() if marks is not None}

    def passage_marks_at(self, index: int) -> PassageMarks | None:
        """What paragraph ``index`` draws on its text (``None``: nothing)."""
        return paragraph_marks(self.at(index))

    def placed(self) -> list[int]:
        """The paragraph of every placed annotation, once per annotation (section counts)."""
        return [p for p, here in self._by_paragraph.items() for _ in here]

    def tags(self) -> list[str]:
        """Every tag in use, each in one spelling."""
        return self._tags.forms()

    # Changing ---------------------------------------------------------------

    def add(self, annotation: Annotation) -> Change:
        """Hold a new (or restored) annotation."""
        position = self._position_of(annotation)
        self._positions[annotation.id] = position
        insort(self.annotations, annotation, key=self._order)
        if position is not None:
            self._by_paragraph.setdefault(position, []).append(annotation)
        tags_changed = self._tags.add(annotation.tags)
        return self._changed(position, 1, mark_changed=True, tags_changed=tags_changed)

    def replace(self, annotation: Annotation) -> Change | None:
        """Hold an annotation's new version (same paragraph); ``None`` if nothing changed."""
        old = self.shown(annotation.id)
        if old is None or old == annotation:
            return None
        self.annotations[self._index_of(old)] = annotation
        position = self._positions.get(annotation.id)
        if position is not None:
            here = self._by_paragraph[position]
            here[here.index(old)] = annotation
        appeared = self._tags.add(annotation.tags)  # before the old ones go: a tag kept stays
        tags_changed = self._tags.remove(old.tags) or appeared
        kind_changed = old.kind is not annotation.kind
        return self._changed(position, 0, mark_changed=kind_changed, tags_changed=tags_changed)

    def remove(self, annotation_id: str) -> Change | None:
        """Stop holding an annotation; ``None`` if it was not held."""
        shown = self.shown(annotation_id)
        if shown is None:
            return None
        self.annotations.pop(self._index_of(shown))
        position = self._positions.pop(shown.id, None)
        if position is not None:
            self._by_paragraph[position].remove(shown)
            if not self._by_paragraph[position]:
                del self._by_paragraph[position]
        tags_changed = self._tags.remove(shown.tags)
        return self._changed(position, -1, mark_changed=True, tags_changed=tags_changed)

    # Inside -----------------------------------------------------------------

    def _changed(
        self, position: int | None, count: int, *, mark_changed: bool, tags_changed: bool
    ) -> Change:
        """Bring the paragraph's mark up to date and say what changed."""
        mark = None
        if position is not None:
            here = self._by_paragraph.get(position)
            if here:
                mark = self._marks[position] = strongest(here)
            else:
                self._marks.pop(position, None)
        return Change(position, count, mark, mark_changed, tags_changed)

    def _index_of(self, shown: Annotation) -> int:
        """Where a held annotation is in :attr:`annotations`.

        Found by bisection to its paragraph, then a step at a time: a stored
        copy's creation time may be a little later than its draft's, so the
        order within one paragraph is not to be relied on.
        """
        paragraph = self._order(shown)[:2]
        index = bisect_left(self.annotations, paragraph, key=lambda a: self._order(a)[:2])
        while self.annotations[index] is not shown:
            index += 1
        return index

    def _position_of(self, annotation: Annotation) -> int | None:
        """The paragraph an annotation is on now (``None`` for an orphan)."""
        if annotation.status is AnchorStatus.ORPHANED:
            return None
        paragraph = self._document.paragraph_by_anchor(annotation.anchor)
        return None if paragraph is None else paragraph.index

    def _order(self, annotation: Annotation) -> Order:
        return annotation_order(annotation, self._positions.get(annotation.id))
