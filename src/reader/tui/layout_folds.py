"""Folding and unfolding runs of boilerplate, as the document view asks (no Textual).

A run of page chrome (share buttons, cookie notices: paragraphs the readers mark
as boilerplate) is laid out as one fold line that Enter opens and closes. Going
to a paragraph hidden inside a closed fold opens it, so the paragraph itself
shows. Both change the layout's blocks; the view then redraws.
"""

from __future__ import annotations

from reader.tui.layout import DocumentLayout

__all__ = ["toggle_fold", "unfold_to"]


def unfold_to(layout: DocumentLayout, paragraph: int) -> bool:
    """Open the closed fold that hides ``paragraph``; True if the layout changed.

    A fold's first paragraph is not hidden: the fold line stands for it.
    """
    fold = layout.fold_of(paragraph)
    if fold is None or fold.index == paragraph or layout.is_expanded(fold):
        return False
    layout.set_expanded(fold, True)
    return True


def toggle_fold(layout: DocumentLayout, paragraph: int) -> int | None:
    """Close the fold ``paragraph`` is in if open, else open it.

    Returns:
        The fold's first paragraph (the one to make current), ``None`` when
        ``paragraph`` is in no fold (nothing changed).
    """
    fold = layout.fold_of(paragraph)
    if fold is None:
        return None
    layout.set_expanded(fold, not layout.is_expanded(fold))
    return fold.index
