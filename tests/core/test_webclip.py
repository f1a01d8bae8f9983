"""The web-clip reader: JSON metadata, captions, headings and the page's trailing chrome."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

import reader.readers.webclip as webclip
from reader.model import Document, ParagraphKind
from reader.readers import load_document, read_text


def outline(doc: Document) -> list[tuple[int, str]]:
    return [(s.level, s.title) for s in doc.sections]


def clip(metadata: str, body: str) -> str:
    return f"Ann Lee\n{metadata}{body}"


BODY = """Source: Example Photos
The Title of the Piece
A standfirst that sums the piece up in one sentence.
Summary
The first paragraph of the piece, which says what it is about.
Details
- One point made.
- Another point made.
Related Articles
- Some Other PieceArticle
Example Institute does not take institutional positions on public policy issues.
"""


# ------------------------------------------------------------------------- the sample


def test_webclip_sample_outline_and_metadata(webclip_sample: Path) -> None:
    doc = load_document(webclip_sample)

    assert doc.format == "webclip"
    assert outline(doc) == [
        (1, "Main Argument"),
        (1, "Policy Implications"),
        (1, "About the Author"),
    ]
    meta = doc.metadata
    assert meta.title == "Russia’s China Policy: This Bear Hug Is Real"
    assert meta.authors == ["Eugene Rumer"]
    assert meta.extra["topics"] == ["Foreign Policy"]
    assert meta.extra["regions"] == ["East Asia", "China", "Russia"]
    assert meta.extra["programs"] == ["Russia and Eurasia"]
    assert meta.extra["centers"] == ["Carnegie Endowment for International Peace", "Carnegie China"]
    assert meta.extra["type"] == "other"
    assert "projects" not in meta.extra  # empty fields carry nothing
    assert "authors" not in meta.extra


def test_webclip_sample_json_is_never_text(webclip_sample: Path) -> None:
    doc = load_document(webclip_sample)
    texts = [p.text for p in doc.paragraphs]

    assert not any('"' in t and ":" in t and t.lstrip().startswith('"') for t in texts)
    assert not any(t in ("{", "}", "]", "],") for t in texts)
    assert "Eugene Rumer" not in texts  # the byline above the JSON is metadata


def test_webclip_sample_captions_and_body(webclip_sample: Path) -> None:
    doc = load_document(webclip_sample)
    captions = [p.text for p in doc.paragraphs if p.kind is ParagraphKind.CAPTION]

    # "Source: Getty" was glued to the JSON's closing brace.
    assert captions == ["Source: Getty", "Source: National Bureau of Asian Research"]
    main = doc.sections[0]
    assert [p.text[:30] for p in doc.paragraphs[main.start : main.end]] == [
        "Russia’s relations with China "
    ]
    implications = doc.sections[1]
    items = doc.paragraphs[implications.start : implications.end]
    assert [(p.kind, p.marker) for p in items[:3]] == [(ParagraphKind.LIST_ITEM, "-")] * 3
    assert not any(p.boilerplate for p in doc.paragraphs[: doc.sections[2].start + 2])


def test_webclip_sample_trailing_chrome_is_boilerplate(webclip_sample: Path) -> None:
    doc = load_document(webclip_sample)
    about = doc.sections[2]
    own = doc.paragraphs[about.start : about.end]

    assert [p.boilerplate for p in own[:2]] == [False, False]
    assert own[1].text.startswith("Rumer, a former national intelligence officer")
    chrome = own[2:]
    assert chrome
    assert all(p.boilerplate for p in chrome)
    texts = [p.text for p in chrome]
    assert texts[0] == "Belligerent and Beleaguered: Russia After the War with UkrainePaper"
    for expected in ("Recent Work", "More Work from Carnegie India", "Rudra Chaudhuri"):
        assert expected in texts
    assert any("does not take institutional positions" in t for t in texts)
    assert doc.paragraphs[-1].boilerplate


# ---------------------------------------------------------------------------- sniffing


def test_sniff_recognises_clips_only(webclip_sample: Path, clean_sample: Path) -> None:
    assert webclip.sniff(webclip_sample.read_text(encoding="utf-8"))
    assert not webclip.sniff(clean_sample.read_text(encoding="utf-8"))
    assert not webclip.sniff("A note about sets: {1, 2, 3}\nand more.\n")
    assert not webclip.sniff("\n" * 40 + '{\n"title": "late"}\n')


def test_txt_clip_is_read_as_a_clip() -> None:
    text = clip('{"title": "T", "topics": ["X"]}\n', "Some text of the clip.\n")
    doc = read_text(text, path=Path("saved.txt"))
    assert doc.format == "webclip"
    assert doc.metadata.extra == {"topics": ["X"]}


# ---------------------------------------------------------------------------- metadata


def test_json_fields_map_to_metadata() -> None:
    fields = {
        "headline": "A Headline",
        "author": [{"name": "Bo Chen"}, {"name": "Cy Dunn"}],
        "datePublished": "2021-03-04T10:00:00Z",
        "url": "https://example.org/piece",
        "lang": "en",
        "topics": ["Reading"],
        "nested": {"a": {"b": [1, 2]}},
        "empty": "",
    }
    doc = webclip.read(clip(json.dumps(fields, indent=1), "\nSome text of the clip.\n"))
    meta = doc.metadata
    assert (meta.title, meta.authors, meta.date, meta.source, meta.language) == (
        "A Headline",
        ["Bo Chen", "Cy Dunn"],
        "2021-03-04",
        "https://example.org/piece",
        "en",
    )
    assert meta.extra == {"topics": ["Reading"], "nested": {"a": {"b": [1, 2]}}}
    # Ann Lee above the JSON is not one of its authors: she stays as text.
    assert [p.text for p in doc.paragraphs] == ["Ann Lee", "Some text of the clip."]


def test_title_and_byline_from_the_text_when_json_lacks_them() -> None:
    doc = webclip.read(clip('{"topics": ["X"]}\n', BODY))
    assert doc.metadata.title == "The Title of the Piece"
    assert doc.metadata.authors == ["Ann Lee"]
    assert outline(doc) == [(1, "Summary"), (1, "Details")]
    assert [(p.text, p.boilerplate) for p in doc.paragraphs[-3:]] == [
        ("Related Articles", True),
        ("Some Other PieceArticle", True),
        ("Example Institute does not take institutional positions on public policy issues.", True),
    ]


def test_escape_sequences_in_json_values_are_removed() -> None:
    fields = '{"title": "T\\u001b]2;pwned\\u0007itle", "x": ["\\u009b31m"]}\n'
    doc = webclip.read(clip(fields, "Text."))
    assert doc.metadata.title == "Title"
    assert "x" not in doc.metadata.extra  # nothing printable was left in it


def test_copyright_line_at_the_top_does_not_make_the_article_boilerplate() -> None:
    body = "© 2024 Example\nA Title Here\nIntro\nThe article text, which is long enough.\n"
    doc = webclip.read(clip('{"topics": ["X"]}\n', body))
    assert not any(p.boilerplate for p in doc.paragraphs)


# ----------------------------------------------------------------------------- bad JSON


def test_malformed_json_is_read_as_text() -> None:
    doc = webclip.read(clip('{\n"title": "T",\n"topics": [\n', "The text after it.\n"))
    texts = [p.text for p in doc.paragraphs]
    assert doc.metadata.extra == {}
    assert '"title": "T",' in texts
    assert "The text after it." in texts


def test_huge_json_is_read_as_text_quickly() -> None:
    huge = json.dumps({"topics": ["x" * 100] * 20_000})  # ~2 MB on one line
    assert len(huge) > webclip.MAX_METADATA_CHARS
    doc = webclip.read(clip(huge + "\n", "The text after it.\n"))
    assert doc.metadata.extra == {}
    assert doc.paragraphs[-1].text == "The text after it."
    assert any(p.text.startswith('{"topics"') for p in doc.paragraphs)


def test_deeply_nested_json_is_not_metadata() -> None:
    deep = '{"a": ' + "[" * 5000 + "]" * 5000 + "}"
    doc = webclip.read(clip(deep + "\n", "The text after it.\n"))
    assert doc.metadata.extra == {}
    assert doc.paragraphs[-1].text == "The text after it."


def test_json_that_is_not_an_object_is_not_metadata() -> None:
    doc = webclip.read('{"a": 1}]\nText.\n')
    assert doc.metadata.extra == {"a": 1}
    assert [p.text for p in doc.paragraphs] == ["]", "Text."]


# ------------------------------------------------------------------------- properties


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_webclip_reader_never_raises(text: str) -> None:
    doc = webclip.read(text)
    assert all(p.text for p in doc.paragraphs)


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(
        st.text(max_size=10),
        st.recursive(
            st.none() | st.booleans() | st.integers() | st.text(max_size=20),
            lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
            max_leaves=10,
        ),
        max_size=6,
    ),
    st.text(max_size=200),
)
def test_any_json_metadata_and_body_never_raise(fields: dict[str, object], body: str) -> None:
    doc = webclip.read(clip(json.dumps(fields), "\n" + body))
    json.dumps(doc.metadata.extra)  # extra stays JSON-compatible
