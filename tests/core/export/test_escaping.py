"""Escaping untrusted text for Markdown: literal rendering, neutralised notes, Obsidian tags."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it.common.utils import escapeHtml

from reader.export.escaping import escape_inline, fenced, obsidian_tag, safe_note
from reader.sanitize import clean_line, clean_text
from tests.core.export.support import MARKDOWN


def _rendered_paragraph(markdown: str) -> str:
    rendered: str = MARKDOWN.render(markdown)
    return rendered


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_escaped_text_renders_as_exactly_the_text(text: str) -> None:
    escaped = escape_inline(text)
    expected = clean_line(text)
    rendered = _rendered_paragraph(f"> {escaped}")
    if expected:
        assert rendered == f"<blockquote>\n<p>{escapeHtml(expected)}</p>\n</blockquote>\n"
    else:
        assert rendered == "<blockquote></blockquote>\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain words, U.S. style.", "plain words, U.S. style."),
        ("# heading", "\\# heading"),
        ("---", "\\---"),
        ("+ item", "\\+ item"),
        ("= underline", "\\= underline"),
        ("12. not a list", "12\\. not a list"),
        ("3) nor this", "3\\) nor this"),
        ("<b>bold</b>", "\\<b\\>bold\\</b\\>"),
        ("[[link]] #tag ^block $x$", "\\[\\[link\\]\\] \\#tag \\^block \\$x\\$"),
        ("==mark== %%hidden%%", "\\=\\=mark\\=\\= \\%\\%hidden\\%\\%"),
        ("AT&T &amp; &#38;", "AT&T \\&amp; &\\#38;"),
        ("a\nb\tc", "a b c"),
    ],
)
def test_escape_inline_cases(text: str, expected: str) -> None:
    assert escape_inline(text) == expected


def test_fence_is_longer_than_any_backtick_run_inside() -> None:
    lines = fenced("a ```` b\n\nc", prefix="> ")
    assert lines == ["> `````", "> a ```` b", ">", "> c", "> `````"]
    tokens = MARKDOWN.parse("\n".join(lines))
    fence = next(t for t in tokens if t.type == "fence")
    assert fence.content == "a ```` b\n\nc\n"


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("# Heading", "\\# Heading"),
        ("  ## indented heading", "  \\## indented heading"),
        ("text\n---", "text\n\\---"),
        ("text\n===", "text\n\\==="),
        ("***", "\\***"),
        ("- - -", "\\- - -"),
        ("> # quoted", "> \\# quoted"),
        ("- # listed", "- \\# listed"),
        ("1. ## numbered", "1. \\## numbered"),
        ("> text\n> ---", "> text\n> \\---"),
        ("<script>\nx", "\\<script>\nx"),
        ("<script>\nx\n</script>", "<script>\nx\n</script>"),
        ("<!-- open", "\\<!-- open"),
        ("<!-- closed -->", "<!-- closed -->"),
        ("<div>fine</div>", "<div>fine</div>"),
        ("```\ncode # x\n---", "\\```\ncode # x\n\\---"),
        ("```\n# code\n---\n```", "```\n# code\n---\n```"),
        ("~~~py\n# c\n~~~", "~~~py\n# c\n~~~"),
        ("#tag stays a tag", "#tag stays a tag"),
        ("*emphasis* and [link](x)", "*emphasis* and [link](x)"),
        ("\n\ntrailing   \n\n", "trailing"),
        ("\x1b[31mred\x1b[0m", "red"),
    ],
)
def test_safe_note_cases(note: str, expected: str) -> None:
    assert safe_note(note) == expected


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "#",
                "# x",
                "---",
                "===",
                "```",
                "~~~",
                "> ",
                "- ",
                "<pre>",
                "<!--",
                "-->",
                "text",
                "",
                "    code",
                "* * *",
                "1. ",
            ]
        ),
        max_size=12,
    )
)
def test_no_note_adds_a_heading_or_swallows_what_follows(pieces: list[str]) -> None:
    note = "\n".join(pieces)
    markdown = f"# Title\n\n{safe_note(note)}\n\n## After"
    headings = [t.tag for t in MARKDOWN.parse(markdown) if t.type == "heading_open"]
    assert headings == ["h1", "h2"]


@pytest.mark.parametrize(
    "note",
    [
        "<!--\n```\n-->\n```",
        "- item\n   ```\n   code\n```",
        "<div>\n```\n</div>\n\n```",
        "> ```\n> # in a fence\n\n```",
        "text\n    ---\n---",
    ],
)
def test_tricky_notes_keep_the_outline(note: str) -> None:
    markdown = f"# Title\n\n{safe_note(note)}\n\n## After"
    headings = [t.tag for t in MARKDOWN.parse(markdown) if t.type == "heading_open"]
    assert headings == ["h1", "h2"]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_any_note_keeps_the_outline(note: str) -> None:
    markdown = f"# Title\n\n{safe_note(clean_text(note))}\n\n## After"
    headings = [t.tag for t in MARKDOWN.parse(markdown) if t.type == "heading_open"]
    assert headings == ["h1", "h2"]


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("reading", "reading"),
        ("close reading", "close-reading"),
        ("a/b", "a/b"),
        ("/a//b/", "a/b"),
        ("C++ & Rust!", "C-Rust"),
        ("snake_case", "snake_case"),
        ("_edge_", "edge"),
        ("2024", "tag-2024"),
        ("été", "été"),
        ("#hash", "hash"),
        ("!!!", ""),
        ("a\nb", "a-b"),
    ],
)
def test_obsidian_tag_cases(tag: str, expected: str) -> None:
    assert obsidian_tag(tag) == expected
