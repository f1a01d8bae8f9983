"""The document builder: paragraphs as the model defines them, depth capped."""

from __future__ import annotations

import dataclasses

from reader.anchors import anchor_for
from reader.model import MAX_DEPTH, Paragraph, ParagraphKind
from reader.readers.builder import DocumentBuilder


def test_built_paragraphs_equal_paragraphs_made_by_their_constructor() -> None:
    builder = DocumentBuilder("text")
    builder.paragraph("Before any heading.")
    builder.heading("Part", 1)
    builder.paragraph("An item", ParagraphKind.LIST_ITEM, marker="3.", depth=2)
    builder.paragraph("Kept aside.", boilerplate=True)
    built = builder.build().paragraphs
    expected = [
        Paragraph(
            0, "Before any heading.", ParagraphKind.BODY, None, anchor_for("Before any heading.")
        ),
        Paragraph(1, "An item", ParagraphKind.LIST_ITEM, 0, anchor_for("An item"), "3.", 2),
        Paragraph(2, "Kept aside.", ParagraphKind.BODY, 0, anchor_for("Kept aside."), "", 0, True),
    ]
    assert built == expected
    assert [hash(p) for p in built] == [hash(p) for p in expected]
    for paragraph, wanted in zip(built, expected, strict=True):
        assert dataclasses.asdict(paragraph) == dataclasses.asdict(wanted)


def test_depth_is_capped_at_max_depth() -> None:
    builder = DocumentBuilder("text")
    builder.paragraph("Deep.", ParagraphKind.QUOTE, depth=10_000)
    builder.paragraph("Shallow.", ParagraphKind.QUOTE, depth=3)
    assert [p.depth for p in builder.build().paragraphs] == [MAX_DEPTH, 3]
