"""Golden files: the exports of both sample documents, byte for byte.

After an intended change to the layout (or to how the samples are read), run
``READER_UPDATE_GOLDEN=1 .venv/bin/pytest tests/core/export/test_golden.py`` and
review the diff of ``tests/core/export/golden/``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from reader.annotation import AnchorStatus, Annotation, AnnotationKind
from reader.export import export_markdown, export_web_annotations, json_text
from reader.model import Document
from reader.readers import load_document
from tests.conftest import CLEAN_SAMPLE, ROOT, WEBCLIP_SAMPLE
from tests.core.export.support import (
    EXPORTED_AT,
    annotate,
    collapsed,
    index_of,
    orphan,
    parse_export,
)

GOLDEN = Path(__file__).parent / "golden"
SAMPLES = {"clean": CLEAN_SAMPLE, "webclip": WEBCLIP_SAMPLE}


def _annotations(doc: Document) -> list[Annotation]:
    """A note with tags, a highlight, a bookmark, a moved note and an orphan."""
    return [
        annotate(
            doc,
            index_of(doc, "genuine strategic partnership"),
            1,
            note="The thesis: a partnership, **not** a marriage of convenience.\n\n"
            "- compare with the 1950s alliance\n- see [[Rumer 2019]]",
            tags=("russia/china", "thesis", "to check"),
        ),
        annotate(doc, index_of(doc, "Largely because"), 2, kind=AnnotationKind.HIGHLIGHT),
        annotate(
            doc,
            index_of(doc, "must beware"),
            3,
            kind=AnnotationKind.BOOKMARK,
            note="Come back to this.",
        ),
        annotate(
            doc,
            index_of(doc, "Given that Russian elites"),
            4,
            note="Re-attached after the essay was revised.",
            tags=("regime",),
            status=AnchorStatus.MOVED,
        ),
        orphan(
            doc,
            5,
            "A paragraph on energy exports that was cut from this version.",
            note="Where did this go?",
            section_path=("EXECUTIVE SUMMARY",),
            tags=("energy",),
        ),
    ]


def _portable(text: str) -> str:
    """The export with this checkout's location replaced, so goldens hold on any machine."""
    return text.replace(ROOT.as_uri(), "file://<ROOT>").replace(str(ROOT), "<ROOT>")


def _check(name: str, actual: str) -> None:
    path = GOLDEN / name
    if os.environ.get("READER_UPDATE_GOLDEN"):
        path.write_text(actual, encoding="utf-8")
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"{name} changed; if intended, rerun with READER_UPDATE_GOLDEN=1"


@pytest.mark.parametrize("sample", sorted(SAMPLES))
def test_markdown_golden(sample: str) -> None:
    doc = load_document(SAMPLES[sample])
    text = export_markdown(doc, _annotations(doc), exported_at=EXPORTED_AT)
    _check(f"{sample}.md", _portable(text))


@pytest.mark.parametrize("sample", sorted(SAMPLES))
def test_json_golden(sample: str) -> None:
    doc = load_document(SAMPLES[sample])
    _check(f"{sample}.json", _portable(json_text(export_web_annotations(doc, _annotations(doc)))))


@pytest.mark.parametrize("sample", sorted(SAMPLES))
def test_golden_markdown_parses_back_with_every_quote_and_note(sample: str) -> None:
    doc = load_document(SAMPLES[sample])
    annotations = _annotations(doc)
    parsed = parse_export(export_markdown(doc, annotations, exported_at=EXPORTED_AT))
    assert parsed.headings[0] == (1, doc.title)
    assert parsed.headings[-2:] == [(2, "Bookmarks"), (2, "Orphaned notes")]
    section_titles = {s.title for s in doc.sections}
    assert {title for _, title in parsed.headings[1:-2]} <= section_titles
    for annotation in annotations:
        paragraph = doc.paragraph_by_anchor(annotation.anchor)
        quote = annotation.selector.quote if paragraph is None else paragraph.text
        assert collapsed(quote) in parsed.text
    assert "Come back to this." in parsed.text
    assert "Where did this go?" in parsed.text
    assert "The thesis: a partnership, not a marriage of convenience." in parsed.text
