"""Reviewing moved and orphaned annotations: which one comes next, what the reader is told
(no Textual here).

After a document changed, its moved and orphaned annotations are listed last in
the annotations pane (:func:`~reader.tui.annotation_index.annotation_order`).
``r`` goes to each in turn: a moved one on the paragraph it was moved to, an
orphan on its suggestion (the likeliest paragraph, shown for the reader to
judge); ``Y`` accepts that place and ``p`` attaches the annotation to the
paragraph shown instead. The :class:`~reader.tui.annotator.Annotator` does it;
this module says which annotation and with what words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from reader.annotation import AnchorStatus, Annotation, made_on_another_copy
from reader.model import Document

if TYPE_CHECKING:
    from reader.store.versions import VersionChange

SeverityLevel = Literal["information", "warning", "error"]
"""How loud a notification is (Textual's levels, named here without importing Textual)."""

__all__ = [
    "REVIEW_KEYS",
    "ReviewStep",
    "change_notice",
    "key_state",
    "next_to_review",
    "proposed_place",
    "review_step",
    "to_review",
]

REVIEW_KEYS = frozenset({"review", "accept", "attach_here"})
"""The :class:`~reader.tui.annotator.Annotator` methods whose keys show only while they
have an annotation to act on."""


def to_review(annotations: Sequence[Annotation], document: Document) -> list[Annotation]:
    """The moved and orphaned annotations of ``document`` itself, in list order (they are
    listed last); another copy's notes placed here are that copy's to settle."""
    review: list[Annotation] = []
    for annotation in reversed(annotations):
        if annotation.status is AnchorStatus.ATTACHED:
            break
        if not made_on_another_copy(annotation, document):
            review.append(annotation)
    review.reverse()
    return review


def proposed_place(annotation: Annotation, document: Document) -> int | None:
    """The paragraph re-anchoring proposes for a moved or orphaned annotation.

    A moved annotation's paragraph now, an orphan's suggestion; ``None`` for an
    attached one, or an orphan without a suggestion in ``document``.
    """
    if annotation.status is AnchorStatus.ATTACHED:
        return None
    anchor = annotation.anchor if annotation.status is AnchorStatus.MOVED else annotation.suggestion
    paragraph = None if anchor is None else document.paragraph_by_anchor(anchor)
    return None if paragraph is None else paragraph.index


@dataclass(frozen=True, slots=True)
class ReviewStep:
    """One annotation to review, and what to show and say.

    Attributes:
        annotation: The moved or orphaned annotation.
        place: The paragraph to show (its proposed place), ``None`` if there is none.
        message: What the reader is told, naming the keys.
    """

    annotation: Annotation
    place: int | None
    message: str


def next_to_review(
    annotations: Sequence[Annotation], document: Document, after: str | None
) -> ReviewStep | None:
    """The moved or orphaned annotation after the one with id ``after`` (round again after
    the last; the first when ``after`` is ``None`` or no longer to review).

    Returns:
        ``None`` when there is nothing to review.
    """
    review = to_review(annotations, document)
    if not review:
        return None
    ids = [a.id for a in review]
    number = ids.index(after) + 1 if after in ids else 0
    if number == len(review):
        number = 0
    return review_step(review[number], document, f"{number + 1} of {len(review)}")


def review_step(annotation: Annotation, document: Document, count: str = "") -> ReviewStep:
    """How one moved or orphaned annotation is shown for review."""
    place = proposed_place(annotation, document)
    which = f" ({count})" if count else ""
    if annotation.status is AnchorStatus.MOVED:
        message = (
            f"Moved{which}: shown where it was moved to. "
            "y confirms this place; p attaches it to the paragraph you go to instead"
        )
    elif place is not None:
        message = (
            f"Orphaned{which}: its likeliest paragraph is shown. "
            "y attaches it there; p attaches it to the paragraph you go to instead"
        )
    else:
        message = (
            f"Orphaned{which}: no paragraph matches its quote. "
            "Go to its paragraph and press p to attach it there"
        )
    return ReviewStep(annotation, place, message)


def key_state(
    name: str,
    annotations: Sequence[Annotation],
    target: Annotation | None,
    document: Document,
    *,
    in_pane: bool,
) -> bool | None:
    """Whether a review key has something to act on: ``True``; ``None``, shown dimmed (in the
    pane, an entry it does not act on); ``False``, hidden (nothing to review or reviewed).

    Args:
        name: The key's :class:`~reader.tui.annotator.Annotator` method (:data:`REVIEW_KEYS`).
        annotations: Every annotation, in list order.
        target: What ``Y`` and ``p`` would act on.
        document: The document shown.
        in_pane: Whether the annotations pane has focus.
    """
    if name == "review":
        return bool(to_review(annotations, document))  # listed last: stops at an attached one
    if target is None or made_on_another_copy(target, document):
        return None if in_pane and name == "attach_here" else False
    if name == "accept" and proposed_place(target, document) is None:
        return None if in_pane else False
    return True


def change_notice(change: VersionChange | None) -> tuple[str, SeverityLevel] | None:
    """What the reader is told once after the document changed, and how loudly; ``None``
    when it did not change (or has no annotations)."""
    if change is None or not change.total:
        return None
    moved, orphaned = len(change.moved), len(change.orphaned)
    line = f"Changed since you last read it. Your annotations: {change.summary()}."
    if moved or orphaned:
        return f"{line} r reviews them in turn.", "warning"
    return line, "information"
