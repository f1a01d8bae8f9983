"""Exports of documents whose file is gone, rebuilt from the quotes their annotations remember."""

from __future__ import annotations

from reader.annotation import AnchorStatus
from reader.export import document_from_quotes, export_markdown
from reader.export.offline import OFFLINE_FORMAT
from tests.core.export.support import annotate, nested_document, orphan, parse_export, reference

DOC = nested_document()


def test_quotes_become_paragraphs_under_their_remembered_sections() -> None:
    annotations = [
        annotate(DOC, 5, 3, note="deep"),
        annotate(DOC, 0, 1, note="preface"),
        annotate(DOC, 2, 2, note="chapter"),
        annotate(DOC, 2, 4, note="same paragraph again"),
        orphan(DOC, 5, "Long gone.", note="orphan"),
    ]
    doc, rebuilt = document_from_quotes(reference(DOC), annotations)
    assert doc.format == OFFLINE_FORMAT
    assert doc.title == DOC.title
    assert [p.text for p in doc.paragraphs] == [
        DOC.paragraphs[0].text,
        DOC.paragraphs[2].text,
        DOC.paragraphs[5].text,
    ]
    assert [s.title for s in doc.sections][:2] == ["Part One", "Chapter 1.1"]
    by_note = {a.note: a for a in rebuilt}
    assert by_note["chapter"].anchor == by_note["same paragraph again"].anchor
    assert by_note["orphan"] == annotations[-1]
    assert by_note["orphan"].status is AnchorStatus.ORPHANED


def test_the_rebuilt_document_exports_with_every_note() -> None:
    annotations = [annotate(DOC, i, i + 1, note=f"note {i}") for i in (0, 1, 3, 6)]
    doc, rebuilt = document_from_quotes(reference(DOC), annotations)
    parsed = parse_export(export_markdown(doc, rebuilt))
    for i in (0, 1, 3, 6):
        assert f"note {i}" in parsed.text
    assert "Orphaned notes" not in [title for _, title in parsed.headings]
    assert parsed.front_matter["reader_document"] == "doc-0001"
