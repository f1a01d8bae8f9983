"""Opening and closing runs of boilerplate in a layout (no widget, no Textual)."""

from __future__ import annotations

from reader.readers.builder import DocumentBuilder
from reader.tui.layout import BlockKind, DocumentLayout
from reader.tui.layout_folds import toggle_fold, unfold_to
from reader.tui.layout_moves import clicked_block


def _layout() -> DocumentLayout:
    """Text, a run of four boilerplate paragraphs (1-4), text."""
    builder = DocumentBuilder("text")
    builder.paragraph("Text before the page chrome.")
    for n in range(4):
        builder.paragraph(f"Share button {n}", boilerplate=True)
    builder.paragraph("Text after it.")
    return DocumentLayout(builder.build(), 30)


def _folds(layout: DocumentLayout) -> int:
    return sum(block.kind is BlockKind.FOLD for block in layout.blocks)


def test_enter_opens_and_closes_the_fold_and_names_its_first_paragraph() -> None:
    layout = _layout()
    fold = layout.fold_of(1)
    assert fold is not None
    closed = len(layout.blocks)
    assert toggle_fold(layout, 1) == 1
    assert layout.is_expanded(fold)
    assert len(layout.blocks) == closed + 4  # each paragraph of the run shows
    assert toggle_fold(layout, 3) == 1  # from inside the run: back to its fold line
    assert not layout.is_expanded(fold)
    assert len(layout.blocks) == closed
    assert toggle_fold(layout, 0) is None  # not in a fold: nothing changes
    assert _folds(layout) == 1


def test_going_to_a_hidden_paragraph_opens_its_fold_once() -> None:
    layout = _layout()
    fold = layout.fold_of(2)
    assert fold is not None
    assert not unfold_to(layout, 0)  # not in a fold
    assert not unfold_to(layout, 1)  # the fold line stands for its first paragraph
    assert not layout.is_expanded(fold)
    assert unfold_to(layout, 2)
    assert layout.is_expanded(fold)
    assert not unfold_to(layout, 3)  # already open


def test_a_click_on_a_fold_selects_and_toggles_it() -> None:
    layout = _layout()
    fold = next(i for i, b in enumerate(layout.blocks) if b.kind is BlockKind.FOLD)
    assert clicked_block(layout, layout.block_top(fold), 0, 20, overview=False) == (fold, True)
