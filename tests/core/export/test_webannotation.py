"""W3C Web Annotation JSON: its shape, lossless round trips, foreign files, hostile files."""

from __future__ import annotations

import dataclasses
import json
import tempfile
from datetime import UTC
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import reader.importers.files as import_files
from reader.anchors import text_digest
from reader.annotation import (
    AnchorStatus,
    Annotation,
    AnnotationKind,
    DocumentRef,
    Selector,
    normalize_tag,
)
from reader.errors import NotFoundError
from reader.export import (
    AnnotationFileError,
    export_web_annotations,
    json_text,
    load_annotation_file,
    named_document,
    parse_web_annotations,
)
from reader.readers import load_document
from reader.reanchor import make_selector
from reader.sanitize import clean_line, clean_text
from reader.store import AnnotationStore
from tests.conftest import CLEAN_SAMPLE
from tests.core.export.support import annotate, index_of, nested_document, orphan

DOC = nested_document()
SAMPLE = load_document(CLEAN_SAMPLE)


def _items(collection: dict[str, Any]) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = collection["first"]["items"]
    return items


def _round_trip(doc: Any, annotations: list[Annotation]) -> list[Annotation]:
    data = json.loads(json_text(export_web_annotations(doc, annotations)))
    parsed = parse_web_annotations(data, doc)
    assert parsed.skipped == 0
    return parsed.annotations


# --- shape -------------------------------------------------------------------------


def test_collection_follows_the_web_annotation_model() -> None:
    annotations = [
        annotate(DOC, 2, 1, note="A *note*.", tags=("craft", "a/b")),
        annotate(DOC, 1, 2, kind=AnnotationKind.HIGHLIGHT),
        annotate(DOC, 5, 3, kind=AnnotationKind.BOOKMARK),
    ]
    collection = export_web_annotations(DOC, annotations)
    assert collection["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert collection["type"] == "AnnotationCollection"
    assert collection["total"] == 3
    assert collection["first"]["type"] == "AnnotationPage"
    note, highlight, bookmark = _items(collection)
    assert note["type"] == "Annotation"
    assert note["id"] == "urn:uuid:00000001-0000-4000-8000-000000000001"
    assert (note["motivation"], highlight["motivation"], bookmark["motivation"]) == (
        "commenting",
        "highlighting",
        "bookmarking",
    )
    assert note["body"] == [
        {
            "type": "TextualBody",
            "purpose": "commenting",
            "value": "A *note*.",
            "format": "text/markdown",
        },
        {"type": "TextualBody", "purpose": "tagging", "value": "craft"},
        {"type": "TextualBody", "purpose": "tagging", "value": "a/b"},
    ]
    assert "body" not in highlight
    assert (note["created"], note["modified"]) == ("2024-03-01T12:01:00Z", "2024-03-01T12:01:30Z")
    assert note["target"]["source"] == "file:///library/field-notes.md"


def test_selectors_quote_the_paragraph_and_give_its_position() -> None:
    collection = export_web_annotations(DOC, [annotate(DOC, 2, 1)])
    quote, position = _items(collection)[0]["target"]["selector"]
    text = "\n\n".join(p.text for p in DOC.paragraphs)
    assert quote["type"] == "TextQuoteSelector"
    assert position["type"] == "TextPositionSelector"
    assert quote["exact"] == DOC.paragraphs[2].text
    assert text[position["start"] : position["end"]] == quote["exact"]
    assert text[: position["start"]].endswith(quote["prefix"])
    assert text[position["end"] :].startswith(quote["suffix"])
    assert len(quote["prefix"]) == len(quote["suffix"]) == 32


def test_an_orphan_has_only_its_remembered_quote() -> None:
    collection = export_web_annotations(DOC, [orphan(DOC, 1, "Gone.")])
    (selector,) = _items(collection)[0]["target"]["selector"]
    assert selector == {"type": "TextQuoteSelector", "exact": "Gone.", "prefix": "", "suffix": ""}


# --- round trips -------------------------------------------------------------------

_text = st.text(max_size=60).map(clean_text)
_line = st.text(max_size=30).map(clean_line)
_anchor = st.from_regex(r"[0-9a-f]{12}(-[2-9])?", fullmatch=True)
_digest = st.from_regex(r"[0-9a-f]{32}", fullmatch=True)
_moment = st.datetimes(timezones=st.just(UTC)).map(lambda d: d.replace(microsecond=0))
_tags = st.lists(_line.filter(bool), max_size=4, unique_by=normalize_tag).map(tuple)


@st.composite
def _any_annotation(draw: st.DrawFn) -> Annotation:
    """Any annotation the model can hold: random text everywhere, placed or not."""
    on_paragraph = draw(st.none() | st.integers(0, len(DOC.paragraphs) - 1))
    anchor = draw(_anchor) if on_paragraph is None else DOC.paragraphs[on_paragraph].anchor
    return Annotation(
        id=str(draw(st.uuids(version=4))),
        document=DocumentRef(draw(_line), draw(_line), draw(_line), draw(_line)),
        anchor=anchor,
        selector=Selector(
            quote=draw(_text),
            prefix=draw(_text),
            suffix=draw(_text),
            index=draw(st.integers(0, 10**6)),
            paragraph_count=draw(st.integers(0, 10**6)),
            section_path=tuple(draw(st.lists(_line, max_size=3))),
            neighbours=(draw(st.just("") | _anchor), draw(st.just("") | _anchor)),
        ),
        kind=draw(st.sampled_from(AnnotationKind)),
        note=draw(_text),
        tags=draw(_tags),
        created=draw(_moment),
        updated=draw(_moment),
        status=draw(st.sampled_from(AnchorStatus)),
        suggestion=draw(st.none() | _anchor),
        digest=draw(st.none() | _digest),
    )


@settings(max_examples=150, deadline=None)
@given(st.lists(_any_annotation(), max_size=6, unique_by=lambda a: a.id))
def test_any_annotations_survive_json_unchanged(annotations: list[Annotation]) -> None:
    assert _round_trip(DOC, annotations) == annotations


@st.composite
def _sample_annotation(draw: st.DrawFn) -> Annotation:
    """A random annotation on a paragraph of the clean sample, as the store would make it."""
    index = draw(st.integers(0, len(SAMPLE.paragraphs) - 1))
    return Annotation(
        id=str(draw(st.uuids(version=4))),
        document=DocumentRef("", SAMPLE.fingerprint, str(SAMPLE.path), SAMPLE.title),
        anchor=SAMPLE.paragraphs[index].anchor,
        digest=text_digest(SAMPLE.paragraphs[index].text),
        selector=make_selector(SAMPLE, index),
        kind=draw(st.sampled_from(AnnotationKind)),
        note=draw(_text),
        tags=draw(_tags),
        created=draw(_moment),
        updated=draw(_moment),
    )


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_sample_annotation(), min_size=1, max_size=5, unique_by=lambda a: a.id))
def test_json_imported_into_an_empty_store_gives_the_same_annotations(
    annotations: list[Annotation],
) -> None:
    data = json.loads(json_text(export_web_annotations(SAMPLE, annotations)))
    with tempfile.TemporaryDirectory() as folder:
        store = AnnotationStore.open(Path(folder))
        for annotation in parse_web_annotations(data, SAMPLE).annotations:
            _, added = store.import_annotation(SAMPLE, annotation)
            assert added
        stored = {a.id: a for a in store.annotations(SAMPLE)}
        again = [store.import_annotation(SAMPLE, a)[1] for a in annotations]
    assert again == [False] * len(annotations)
    assert len(stored) == len(annotations)
    for original in annotations:
        copy = stored[original.id]
        assert dataclasses.replace(copy, document=original.document) == original


# --- foreign files -----------------------------------------------------------------


def _hypothesis_row(**fields: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "id": "AbCdEf123",
        "created": "2023-05-06T07:08:09.123456+00:00",
        "updated": "2023-05-07T07:08:09.123456+00:00",
        "uri": "https://carnegieendowment.org/research/2017/07/russias-china-policy",
        "text": "Key point.",
        "tags": ["russia", "Russia", " strategy "],
        "target": [
            {
                "source": "https://carnegieendowment.org/research/2017/07/russias-china-policy",
                "selector": [
                    {"type": "RangeSelector", "startContainer": "/div[1]/p[3]"},
                    {"type": "TextPositionSelector", "start": 1200, "end": 1240},
                    {
                        "type": "TextQuoteSelector",
                        "exact": "genuine strategic partnership",
                        "prefix": "have developed into a ",
                        "suffix": ". Although the Kremlin",
                    },
                ],
            }
        ],
        "document": {"title": ["Russia’s China Policy"]},
    }
    row.update(fields)
    return row


def test_a_hypothesis_export_is_attached_to_the_paragraph_holding_the_quote() -> None:
    export = {"export_date": "2023-06-01", "annotations": [_hypothesis_row()]}
    (annotation,) = parse_web_annotations(export, SAMPLE).annotations
    index = index_of(SAMPLE, "genuine strategic partnership")
    assert annotation.anchor == SAMPLE.paragraphs[index].anchor
    assert annotation.selector == make_selector(SAMPLE, index)
    assert annotation.kind is AnnotationKind.NOTE
    assert annotation.note == "Key point."
    assert annotation.tags == ("russia", "strategy")
    assert annotation.created.isoformat() == "2023-05-06T07:08:09.123456+00:00"
    assert annotation.updated.isoformat() == "2023-05-07T07:08:09.123456+00:00"
    again = parse_web_annotations([_hypothesis_row()], SAMPLE).annotations[0]
    assert again.id == annotation.id


def test_hypothesis_highlights_page_notes_and_replies() -> None:
    rows = [
        _hypothesis_row(id="h1", text="", tags=[]),
        _hypothesis_row(id="page", target=[{"source": "https://example.org"}]),
        _hypothesis_row(id="reply", references=["h1"], target=[{"source": "x"}]),
    ]
    parsed = parse_web_annotations({"rows": rows, "total": 3}, SAMPLE)
    assert [a.kind for a in parsed.annotations] == [AnnotationKind.HIGHLIGHT]
    assert parsed.skipped == 2


def test_a_quote_found_nowhere_keeps_its_text_for_the_store_to_place() -> None:
    row = _hypothesis_row()
    row["target"][0]["selector"][2]["exact"] = "words that are not in the essay"
    (annotation,) = parse_web_annotations([row], SAMPLE).annotations
    assert annotation.selector.quote == "words that are not in the essay"
    assert annotation.selector.prefix == "have developed into a "
    assert SAMPLE.paragraph_by_anchor(annotation.anchor) is None


def test_other_w3c_shapes_are_read() -> None:
    paragraph = DOC.paragraphs[1]
    single = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": "http://example.org/anno1",
        "type": "Annotation",
        "motivation": "bookmarking",
        "bodyValue": "Plain body value.",
        "body": {"type": "TextualBody", "purpose": "tagging", "value": "later"},
        "target": {
            "source": "http://example.org/page",
            "selector": {"type": "TextQuoteSelector", "exact": paragraph.text[4:20]},
        },
    }
    (annotation,) = parse_web_annotations(single, DOC).annotations
    assert annotation.kind is AnnotationKind.BOOKMARK
    assert annotation.note == "Plain body value."
    assert annotation.tags == ("later",)
    assert annotation.anchor == paragraph.anchor


def test_a_phrase_found_twice_is_placed_by_its_prefix() -> None:
    from reader.model import Metadata
    from reader.readers.builder import DocumentBuilder

    builder = DocumentBuilder("text", Metadata(title="Twice"))
    builder.paragraph("First: the same phrase here.")
    builder.paragraph("Second: the same phrase here.")
    doc = builder.build()
    row = {
        "target": [
            {
                "selector": [
                    {"type": "TextQuoteSelector", "exact": "the same phrase", "prefix": "Second: "}
                ]
            }
        ]
    }
    (annotation,) = parse_web_annotations([row], doc).annotations
    assert annotation.anchor == doc.paragraphs[1].anchor


# --- which document ----------------------------------------------------------------


def test_named_document_comes_from_reader_s_own_field() -> None:
    data = export_web_annotations(SAMPLE, [])
    assert named_document(data) == str(CLEAN_SAMPLE.resolve())


def test_named_document_comes_from_a_file_uri_target() -> None:
    row = _hypothesis_row(uri="file:///home/me/My%20Essay.txt")
    row["target"][0]["source"] = "file:///home/me/My%20Essay.txt"
    assert named_document([row]) == "/home/me/My Essay.txt"
    assert named_document([_hypothesis_row()]) is None
    assert named_document("nonsense") is None


# --- hostile files -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not json at all", "not valid JSON"),
        (b"\xff\xfe\x00garbage", "not UTF-8"),
        (b"[" * 100_000, "nested too deeply|not valid JSON"),
    ],
)
def test_unreadable_files_are_one_line_errors(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(AnnotationFileError, match=message):
        load_annotation_file(path)


def test_missing_and_oversized_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(NotFoundError):
        load_annotation_file(tmp_path / "missing.json")
    path = tmp_path / "big.json"
    path.write_text("[]" + " " * 100)
    monkeypatch.setattr(import_files, "MAX_FILE_BYTES", 50)
    with pytest.raises(AnnotationFileError, match="larger than"):
        load_annotation_file(path)


@pytest.mark.parametrize("data", [5, "text", None, {"unrelated": True}])
def test_json_that_is_not_annotations_is_refused(data: Any) -> None:
    with pytest.raises(AnnotationFileError, match="not an annotation file"):
        parse_web_annotations(data, DOC)


def test_malformed_entries_are_skipped_and_counted() -> None:
    good = _items(export_web_annotations(DOC, [annotate(DOC, 1, 1, note="kept")]))[0]
    broken_extension = json.loads(json.dumps(good))
    broken_extension["reader:annotation"]["selector"]["index"] = "three"
    broken_extension["reader:annotation"]["id"] = "ignored"
    entries = [
        good,
        "a string",
        42,
        {"type": "Annotation"},
        {"target": [{"selector": [{"type": "TextQuoteSelector", "exact": 7}]}]},
        {"target": [{"selector": [{"type": "TextQuoteSelector", "exact": "   "}]}]},
        broken_extension,
    ]
    parsed = parse_web_annotations(entries, DOC)
    assert parsed.skipped == 6
    assert parsed.malformed == 4
    [kept] = parsed.annotations
    assert kept.note == "kept"


def test_control_characters_in_a_foreign_file_are_removed() -> None:
    row = _hypothesis_row(text="\x1b]2;pwned\x07note\x1b[31m", tags=["\x1b[1mtag"])
    (annotation,) = parse_web_annotations([row], SAMPLE).annotations
    assert annotation.note == "note"
    assert annotation.tags == ("tag",)
