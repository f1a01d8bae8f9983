"""A poem stays one paragraph that keeps its lines.

On an extract of Project Gutenberg's Sonnets (see tests/fixtures/real/README.md):
Gutenberg writes a dash as ``--``, and a line of verse may end in one
(``I grant I never saw a goddess go,--``), where a wrapper's split word
(``hyphen-``) would make the block prose; a sonnet's closing couplet is set
deeper, after a line that may end in a colon, and is not a display under a
lead-in.
"""

from __future__ import annotations

from pathlib import Path

from reader.readers import load_document

REAL = Path(__file__).parent.parent / "fixtures" / "real"


def test_a_sonnet_with_a_line_ending_in_a_dash_keeps_its_lines() -> None:
    texts = [p.text for p in load_document(REAL / "sonnets-gutenberg-extract.txt").paragraphs]
    sonnet = next(text for text in texts if text.startswith("My mistress' eyes"))
    lines = sonnet.split("\n")
    assert lines[:2] == [
        "My mistress' eyes are nothing like the sun;",
        "Coral is far more red, than her lips red:",
    ]
    assert "I grant I never saw a goddess go,--" in lines
    assert "My mistress, when she walks, treads on the ground:" in lines


def test_a_sonnets_indented_couplet_after_a_colon_stays_in_the_sonnet() -> None:
    doc = load_document(REAL / "sonnets-gutenberg-extract.txt")
    assert [s.title for s in doc.sections] == ["CXXIX", "CXXX"]
    assert len(doc.paragraphs) == 2  # a sonnet a paragraph
    sonnet = doc.paragraphs[1].text.split("\n")
    assert sonnet[-3:] == [
        "My mistress, when she walks, treads on the ground:",
        "And yet by heaven, I think my love as rare,",
        "As any she belied with false compare.",
    ]
