"""The Markdown reader: structure, inline text, front matter, sniffing, robustness."""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.model import Document, ParagraphKind
from reader.readers import load_document, markdown, read_text

BODY, ITEM, QUOTE = ParagraphKind.BODY, ParagraphKind.LIST_ITEM, ParagraphKind.QUOTE
CODE, TABLE, CAPTION = ParagraphKind.CODE, ParagraphKind.TABLE, ParagraphKind.CAPTION


def read_md(text: str) -> Document:
    return read_text(text, format="markdown")


def summary(doc: Document) -> list[tuple[str, str, str, int]]:
    return [(p.kind.value, p.marker, p.text, p.depth) for p in doc.paragraphs]


def test_headings_of_both_styles_become_a_section_tree() -> None:
    doc = read_md(
        "# Book\n\nIntro.\n\nPart One\n--------\n\nText.\n\n### Deep\n\nMore.\n\n"
        "Part Two\n========\n\n## Closing #\n\nEnd.\n"
    )
    outline = [(s.title, s.level, s.parent, s.start, s.end) for s in doc.sections]
    assert outline == [
        ("Book", 1, None, 0, 3),
        ("Part One", 2, 0, 1, 3),
        ("Deep", 3, 1, 2, 3),
        ("Part Two", 1, None, 3, 4),
        ("Closing", 2, 3, 3, 4),
    ]
    assert [p.section for p in doc.paragraphs] == [0, 1, 2, 4]
    assert doc.title == "Book"


def test_paragraph_text_is_what_a_reader_sees() -> None:
    doc = read_md(
        "Some *emphasis*, __strong__, ~~struck~~ and `inline code`,\n"
        'a [link](https://example.org/page "title") and an autolink <https://example.org>.\n'
        'Inline <span class="x">html</span> loses its tags; line\\\nbreaks join.\n'
    )
    assert [p.text for p in doc.paragraphs] == [
        "Some emphasis, strong, struck and inline code, a link and an autolink "
        "https://example.org. Inline html loses its tags; line breaks join."
    ]


def test_lists_keep_nesting_and_markers_as_written() -> None:
    doc = read_md(
        "- one\n- two\n  * nested *star*\n  * nested two\n\n    its second paragraph\n"
        "+ plus\n\n1. first\n1. again one\n\n7) seven\n8) eight\n"
    )
    assert summary(doc) == [
        ("list_item", "-", "one", 0),
        ("list_item", "-", "two", 0),
        ("list_item", "*", "nested star", 1),
        ("list_item", "*", "nested two", 1),
        ("list_item", "", "its second paragraph", 1),
        ("list_item", "+", "plus", 0),
        ("list_item", "1.", "first", 0),
        ("list_item", "1.", "again one", 0),
        ("list_item", "7)", "seven", 0),
        ("list_item", "8)", "eight", 0),
    ]


def test_list_markers_are_not_confused_by_look_alike_lines_in_code() -> None:
    doc = read_md("```yaml\n- key\n* other\n```\n\n* real item\n* second\n")
    assert summary(doc)[1:] == [
        ("list_item", "*", "real item", 0),
        ("list_item", "*", "second", 0),
    ]


def test_block_quotes_nest_and_may_hold_lists() -> None:
    doc = read_md("> outer\n>\n> > inner\n>\n> - listed\n\nafter\n")
    assert summary(doc) == [
        ("quote", "", "outer", 0),
        ("quote", "", "inner", 1),
        ("list_item", "-", "listed", 0),
        ("body", "", "after", 0),
    ]


def test_code_is_verbatim_and_keeps_its_language() -> None:
    doc = read_md(
        "```python\ndef f():\n    return  1  # *not emphasis*\n```\n\n"
        "Text.\n\n    indented   code\n      kept\n"
    )
    assert summary(doc) == [
        ("code", "python", "def f():\n    return  1  # *not emphasis*", 0),
        ("body", "", "Text.", 0),
        ("code", "", "indented   code\n  kept", 0),
    ]


def test_tables_become_aligned_text_rows() -> None:
    doc = read_md("| Name | Qty |\n|:-----|----:|\n| apple | 3 |\n| fig | *12* |\n")
    assert summary(doc) == [
        ("table", "", "Name  | Qty\n------|----\napple | 3\nfig   | 12", 0),
    ]


def test_html_blocks_keep_their_text_and_drop_tags_comments_and_scripts() -> None:
    doc = read_md(
        '<div class="note">\n<!-- hidden -->\n<script>alert(1)</script>\n'
        "Fish &amp; <b>chips</b>\n</div>\n\n<!-- only a comment -->\n\nAfter.\n"
    )
    assert [(p.kind, p.text) for p in doc.paragraphs] == [(BODY, "Fish & chips"), (BODY, "After.")]


def test_a_paragraph_that_is_only_an_image_is_a_caption() -> None:
    doc = read_md("![A map of the *region*](map.png)\n\nSee ![icon](i.png) here.\n")
    assert [(p.kind, p.text) for p in doc.paragraphs] == [
        (CAPTION, "A map of the region"),
        (BODY, "See icon here."),
    ]


def test_front_matter_fills_the_metadata() -> None:
    doc = read_md(
        "---\ntitle: The Real Title\nauthor: Ann Smith\ndate: 2024-03-05\nlang: fr\n"
        "url: https://example.org/a\ntags: [x, y]\nupdated: 2024-03-06 10:30:00\n"
        "nested: {a: 1, b: [true, null, 2.5]}\n---\n\n# Heading Title\n\nText.\n"
    )
    meta = doc.metadata
    assert (meta.title, meta.authors, meta.date, meta.language, meta.source) == (
        "The Real Title",
        ["Ann Smith"],
        "2024-03-05",
        "fr",
        "https://example.org/a",
    )
    assert meta.extra == {
        "tags": ["x", "y"],
        "updated": "2024-03-06T10:30:00",
        "nested": {"a": 1, "b": [True, None, 2.5]},
    }
    json.dumps(meta.extra)  # JSON-compatible
    assert [p.text for p in doc.paragraphs] == ["Text."]
    assert doc.sections[0].title == "Heading Title"


def test_authors_may_be_a_list_of_names_or_mappings() -> None:
    doc = read_md("---\nauthors:\n  - Ann\n  - name: Bob\n    email: b@x.org\n---\nText\n")
    assert doc.metadata.authors == ["Ann", "Bob"]


@pytest.mark.parametrize(
    ("front", "kept"),
    [
        ("title: [unclosed\n", "title: [unclosed"),
        ("just a sentence\n", "just a sentence"),
        ("- a\n- b\n", "- a\n- b"),
    ],
)
def test_front_matter_that_is_not_a_mapping_is_kept_as_text(front: str, kept: str) -> None:
    doc = read_md(f"---\n{front}---\n\nBody.\n")
    assert doc.metadata.extra == {"front_matter": kept}
    assert [p.text for p in doc.paragraphs] == ["Body."]


def test_a_yaml_alias_bomb_is_bounded() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    doc = read_md("---\n" + "\n".join(lines) + "\n---\nText\n")
    assert len(json.dumps(doc.metadata.extra)) < 1_000_000


def test_title_falls_back_to_the_first_level_one_heading() -> None:
    doc = read_md("## Not this\n\n# This One\n\n# Nor this\n")
    assert doc.metadata.title == "This One"


def test_empty_front_matter_fields_are_dropped_and_synonyms_fill_in() -> None:
    doc = read_md("---\ntitle:\nsource:\nurl: https://u.org\n---\n# Heading\n")
    assert (doc.metadata.title, doc.metadata.source) == ("Heading", "https://u.org")
    assert doc.metadata.extra == {}


def test_markup_and_control_characters_stay_data() -> None:
    doc = read_md("[bold red]x[/] and [@click=app.quit]\n\nbad \x1b]2;X\x1b\\ title \u202e\n")
    assert [p.text for p in doc.paragraphs] == [
        "[bold red]x[/] and [@click=app.quit]",
        "bad title",
    ]


@pytest.mark.parametrize("suffix", [".md", ".markdown", ".mdown", ".mkd", ".mkdn", ".MD"])
def test_markdown_suffixes_select_the_reader(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"notes{suffix}"
    path.write_text("Just one line.\n", encoding="utf-8")
    assert load_document(path).format == "markdown"


@pytest.mark.parametrize(
    "text",
    [
        "---\ntitle: Notes\n---\n\nSome text.\n",
        "# One\n\ntext\n\n## Two\n\ntext\n\n## Three\n\ntext\n",
        "# Setup\n\nRun this:\n\n```sh\nmake test\n```\n",
    ],
)
def test_sniff_recognises_markdown_in_a_txt_file(tmp_path: Path, text: str) -> None:
    path = tmp_path / "notes.txt"
    path.write_text(text, encoding="utf-8")
    assert markdown.sniff(text)
    assert load_document(path).format == "markdown"


@pytest.mark.parametrize(
    "text",
    [
        "TITLE\n\n# 1 is a number sign, not a heading\n\nPlain prose follows.\n",
        "---\n\nA separator line at the top, then prose.\n\n---\n",
        "Intro\n\n# one\n\n# two\n\nmore prose without code or links\n",
        "",
    ],
)
def test_sniff_leaves_plain_text_alone(text: str) -> None:
    assert not markdown.sniff(text)


@pytest.mark.parametrize("text", ["[" * 200_000, "[a](http://" * 50_000])
def test_sniff_stays_linear_on_bracket_runs(text: str) -> None:
    started = time.process_time()
    assert not markdown.sniff(text)
    assert time.process_time() - started < 2.0  # a quadratic search took 14 s here


def test_sniff_leaves_the_sample_documents_alone(clean_sample: Path, webclip_sample: Path) -> None:
    for sample in (clean_sample, webclip_sample):
        assert not markdown.sniff(sample.read_text(encoding="utf-8"))
        assert load_document(sample).format != "markdown"


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_no_exception_on_arbitrary_text(text: str) -> None:
    doc = read_md(text)
    assert all(p.text.strip() for p in doc.paragraphs)
    markdown.sniff(text)


# Words are runs of letters. Left out of the alphabet, and covered by the examples
# above: "<" and "&" (HTML and entities, whose tags and names are markup), ":" and
# "(" (link destinations and reference definitions, which are URLs), and "|" (a
# table row with more cells than its header loses the extras, as GFM specifies).
# A code fence's info string is markup too: kept as the marker of a non-empty block.
_MARKDOWNISH = st.text(alphabet="abcdé XY\n\t#*_-+>`[]!~=.\\\"'1", max_size=300)
_WORD = re.compile(r"[^\W\d_]+")
_FENCE_LINE = re.compile(r"^[ \t>*+\-\d.)]*(?:`{3,}|~{3,})[^\n]*", re.M)


@settings(max_examples=400, deadline=None)
@given(_MARKDOWNISH)
def test_every_word_ends_up_in_the_document(text: str) -> None:
    doc = read_md(text)
    meta = doc.metadata
    seen = "\x00".join(
        [p.text for p in doc.paragraphs]
        + [p.marker for p in doc.paragraphs]
        + [s.title for s in doc.sections]
        + [meta.title, meta.date, meta.language, meta.source, *meta.authors]
        + [json.dumps(meta.extra, ensure_ascii=False)]
    )
    wanted = Counter(_WORD.findall(_FENCE_LINE.sub("", text)))
    missing = {word: n for word, n in wanted.items() if seen.count(word) < n}
    assert not missing
