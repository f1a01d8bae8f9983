"""Passages and colours in the Markdown and W3C exports, and imported back."""

from __future__ import annotations

import dataclasses
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.annotation import COLORS, AnchorStatus, Annotation, AnnotationKind, make_passage
from reader.export import export_markdown, export_web_annotations, json_text, parse_web_annotations
from reader.export.webannotation import SEPARATOR
from reader.readers import load_document
from reader.store import AnnotationStore
from tests.conftest import CLEAN_SAMPLE, ROOT
from tests.core.export.support import (
    EXPORTED_AT,
    annotate,
    collapsed,
    index_of,
    orphan,
    parse_export,
)

SAMPLE = load_document(CLEAN_SAMPLE)
GOLDEN = Path(__file__).parent / "golden"
PHRASE = "genuine strategic partnership"


def _on_passage(number: int, phrase: str, *, color: str | None = None, **fields: Any) -> Annotation:
    index = index_of(SAMPLE, phrase)
    text = SAMPLE.paragraphs[index].text
    start = text.index(phrase)
    return dataclasses.replace(
        annotate(SAMPLE, index, number, **fields),
        passage=make_passage(text, start, start + len(phrase)),
        color=color,
    )


def _annotations() -> list[Annotation]:
    """A coloured note on a phrase, a highlight on a phrase, a lost passage, a passage orphan."""
    lost_index = index_of(SAMPLE, "must beware")
    lost_text = SAMPLE.paragraphs[lost_index].text
    passage_orphan = orphan(
        SAMPLE, 4, "A paragraph on energy exports that was cut from this version."
    )
    return [
        _on_passage(1, PHRASE, color="green", note="The *thesis*.", tags=("thesis",)),
        _on_passage(2, "Largely because", kind=AnnotationKind.HIGHLIGHT, color="pink"),
        dataclasses.replace(
            annotate(SAMPLE, lost_index, 3, kind=AnnotationKind.HIGHLIGHT),
            lost_passage=make_passage(
                f"{lost_text} a vanished *clause*", len(lost_text) + 1, len(lost_text) + 20
            ),
            status=AnchorStatus.MOVED,
        ),
        dataclasses.replace(
            passage_orphan,
            passage=make_passage(passage_orphan.selector.quote, 15, 29),
            color="yellow",
        ),
    ]


def _portable(text: str) -> str:
    return text.replace(ROOT.as_uri(), "file://<ROOT>").replace(str(ROOT), "<ROOT>")


def _check(name: str, actual: str) -> None:
    path = GOLDEN / name
    if os.environ.get("READER_UPDATE_GOLDEN"):
        path.write_text(actual, encoding="utf-8")
    assert actual == path.read_text(encoding="utf-8"), f"{name} changed"


def test_passages_golden() -> None:
    annotations = _annotations()
    _check("passages.md", _portable(export_markdown(SAMPLE, annotations, exported_at=EXPORTED_AT)))
    _check("passages.json", _portable(json_text(export_web_annotations(SAMPLE, annotations))))


def test_markdown_quotes_the_passage_with_its_colour_as_a_callout() -> None:
    text = export_markdown(SAMPLE, _annotations(), exported_at=EXPORTED_AT)
    paragraph = SAMPLE.paragraphs[index_of(SAMPLE, PHRASE)].text
    assert f"> [!green]\n> {PHRASE}\n" in text
    assert "> [!pink]\n> Largely because\n" in text
    assert collapsed(paragraph) not in collapsed(parse_export(text).text)
    assert "the passage “a vanished \\*clause\\*” is no longer in the text" in text
    assert "> [!yellow]\n> energy exports\n" in text


def test_w3c_json_selects_the_passage_and_carries_the_colour() -> None:
    first = _annotations()[0]
    [item] = export_web_annotations(SAMPLE, [first])["first"]["items"]
    quote, position = item["target"]["selector"]
    joined = SEPARATOR.join(p.text for p in SAMPLE.paragraphs)
    assert quote["type"] == "TextQuoteSelector"
    assert quote["exact"] == PHRASE
    assert position["type"] == "TextPositionSelector"
    assert joined[position["start"] : position["end"]] == PHRASE
    assert quote["prefix"] == joined[position["start"] - 32 : position["start"]]
    assert quote["suffix"] == joined[position["end"] : position["end"] + 32]
    assert item["body"][0] == {
        "type": "TextualBody",
        "purpose": "commenting",
        "value": "The *thesis*.",
        "format": "text/markdown",
        "color": "green",
    }


def test_a_colour_without_a_note_has_a_body_of_its_own() -> None:
    highlight = _annotations()[1]
    [item] = export_web_annotations(SAMPLE, [highlight])["first"]["items"]
    assert item["body"] == [
        {"type": "TextualBody", "purpose": "highlighting", "value": "", "color": "pink"}
    ]
    foreign = {**item, "reader:annotation": None}
    [back] = parse_web_annotations({"items": [foreign]}, SAMPLE).annotations
    assert (back.note, back.color, back.kind) == ("", "pink", AnnotationKind.HIGHLIGHT)


def test_whole_paragraph_annotations_export_as_before() -> None:
    plain = annotate(SAMPLE, 2, 9)
    [item] = export_web_annotations(SAMPLE, [plain])["first"]["items"]
    assert not {"passage", "color", "lost_passage"} & item["reader:annotation"].keys()
    assert item["target"]["selector"][0]["exact"] == SAMPLE.paragraphs[2].text


def test_exported_passages_and_colours_import_back() -> None:
    annotations = _annotations()
    data = json.loads(json_text(export_web_annotations(SAMPLE, annotations)))
    assert parse_web_annotations(data, SAMPLE).annotations == annotations


@st.composite
def _passage_annotation(draw: st.DrawFn) -> Annotation:
    index = draw(st.integers(0, len(SAMPLE.paragraphs) - 1))
    text = SAMPLE.paragraphs[index].text
    start = draw(st.integers(0, len(text) - 1))
    end = draw(st.integers(start + 1, len(text)))
    base = annotate(SAMPLE, index, draw(st.integers(1, 10**9)))
    return dataclasses.replace(
        base,
        kind=draw(st.sampled_from(AnnotationKind)),
        passage=draw(st.none() | st.just(make_passage(text, start, end))),
        color=draw(st.none() | st.sampled_from(COLORS)),
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_passage_annotation(), min_size=1, max_size=4, unique_by=lambda a: a.id))
def test_passages_and_colours_survive_export_and_import_into_a_store(
    annotations: list[Annotation],
) -> None:
    data = json.loads(json_text(export_web_annotations(SAMPLE, annotations)))
    parsed = parse_web_annotations(data, SAMPLE).annotations
    assert parsed == annotations
    with tempfile.TemporaryDirectory() as folder:
        store = AnnotationStore.open(Path(folder))
        stored = {a.id: a for a in store.import_annotations([(SAMPLE, parsed)])[0].added}
    for original in annotations:
        assert (stored[original.id].passage, stored[original.id].color) == (
            original.passage,
            original.color,
        )


@given(st.data())
@settings(max_examples=40, deadline=None)
def test_another_tools_quote_of_a_phrase_becomes_a_passage(data: st.DataObject) -> None:
    index = data.draw(st.integers(0, len(SAMPLE.paragraphs) - 1))
    text = SAMPLE.paragraphs[index].text
    words = text.split(" ")
    first = data.draw(st.integers(0, len(words) - 1))
    last = data.draw(st.integers(first + 1, len(words)))
    exact = " ".join(words[first:last])
    start = len(" ".join(words[:first])) + (1 if first else 0)
    color = data.draw(st.none() | st.sampled_from(COLORS))
    item: dict[str, Any] = {
        "type": "Annotation",
        "id": "https://example.org/a/1",
        "target": {
            "selector": {
                "type": "TextQuoteSelector",
                "exact": exact,
                "prefix": text[max(0, start - 32) : start],
                "suffix": text[start + len(exact) : start + len(exact) + 32],
            }
        },
        "body": {"type": "TextualBody", "value": "a note", "color": color},
    }
    [annotation] = parse_web_annotations([item], SAMPLE).annotations
    assert annotation.color == color
    paragraph = SAMPLE.paragraph_by_anchor(annotation.anchor)
    assert paragraph is not None
    if exact.strip() == text.strip() or paragraph.index != index:
        return  # the whole paragraph, or the same words in an earlier paragraph
    assert annotation.passage is not None
    assert text[annotation.passage.start : annotation.passage.end] == annotation.passage.exact
    if text.count(exact) == 1:
        assert annotation.passage.exact == exact
        assert annotation.passage.start == start


def test_a_quote_of_the_whole_paragraph_or_beyond_is_not_a_passage() -> None:
    index = index_of(SAMPLE, PHRASE)
    text = SAMPLE.paragraphs[index].text
    nxt = SAMPLE.paragraphs[index + 1].text
    items = [
        {"id": "whole", "target": {"selector": {"type": "TextQuoteSelector", "exact": text}}},
        {
            "id": "across",
            "target": {
                "selector": {"type": "TextQuoteSelector", "exact": f"{text[-20:]}\n\n{nxt[:20]}"}
            },
        },
    ]
    parsed = parse_web_annotations(items, SAMPLE).annotations
    assert [a.passage for a in parsed] == [None, None]
