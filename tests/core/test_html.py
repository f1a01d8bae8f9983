"""The HTML reader: article found, chrome dropped, structure and anchors kept."""

from __future__ import annotations

import time
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.model import ParagraphKind
from reader.readers import html, load_document, read_text
from tests.core.format_samples import essay_body, text_blocks, web_page

CHROME_WORDS = ("cookies", "Share on", "Regions", "Most popular", "Privacy", "Home")


def _essay_page(clean_sample: Path) -> str:
    blocks = text_blocks(clean_sample.read_text(encoding="utf-8"))
    # the first blocks are the title lines and the byline, metadata in the page
    return web_page(
        "Russia’s China Policy: This Bear Hug Is Real",
        essay_body(blocks[3:]),
        author="Eugene Rumer",
        date="2017-07-17",
    )


def test_same_article_as_html_and_text_has_the_same_anchors(
    clean_sample: Path, tmp_path: Path
) -> None:
    page = tmp_path / "essay.html"
    page.write_text(_essay_page(clean_sample), encoding="utf-8")
    from_html = load_document(page)
    from_text = load_document(clean_sample)
    article = [p for p in from_html.paragraphs if not p.boilerplate]
    assert [p.anchor for p in article] == [p.anchor for p in from_text.paragraphs]
    assert [p.kind for p in article] == [p.kind for p in from_text.paragraphs]
    assert from_html.format == "html"


def test_page_chrome_is_dropped_or_marked(clean_sample: Path) -> None:
    document = html.read(_essay_page(clean_sample))
    article_text = " ".join(p.text for p in document.paragraphs if not p.boilerplate)
    for word in CHROME_WORDS:
        assert word not in article_text
    assert "window.tracking" not in article_text
    assert "font-family" not in article_text
    related = [p for p in document.paragraphs if "summit" in p.text]
    assert related
    assert all(p.boilerplate for p in related)


def test_metadata_from_meta_tags(clean_sample: Path) -> None:
    document = html.read(_essay_page(clean_sample))
    meta = document.metadata
    assert meta.title == "Russia’s China Policy: This Bear Hug Is Real"
    assert meta.authors == ["Eugene Rumer"]
    assert meta.date == "2017-07-17"
    assert meta.language == "en"
    assert meta.extra["description"] == "An essay."
    assert [s.title for s in document.sections][:2] == [meta.title, "EXECUTIVE SUMMARY"]


def test_metadata_from_json_ld() -> None:
    page = """<html><head><title>Site | Page</title>
    <script type="application/ld+json">{"@context": "https://schema.org", "@graph": [
      {"@type": "WebSite", "name": "Site"},
      {"@type": "NewsArticle", "headline": "The Headline", "datePublished": "2021-03-04T05:06:07Z",
       "author": [{"@type": "Person", "name": "A. Writer"}, {"name": "B. Writer"}],
       "publisher": {"name": "The Paper"}}]}</script>
    <meta property="og:title" content="OG title"></head><body><p>Text.</p></body></html>"""
    meta = html.read(page).metadata
    assert meta.title == "The Headline"
    assert meta.authors == ["A. Writer", "B. Writer"]
    assert meta.date == "2021-03-04"
    assert meta.extra["site"] == "The Paper"


def test_blocks_get_the_right_kind() -> None:
    page = """<body><h1>Title</h1><p>Body <em>text</em> here.</p>
    <blockquote><p>Quoted.</p><blockquote>Deeper.</blockquote></blockquote>
    <pre>  line one
    line two</pre>
    <figure><img src="x.png" alt="ignored: the figure has a caption">
    <figcaption>A figure.</figcaption></figure>
    <p><img src="y.png" alt="A chart of trade"></p>
    <ol start="3"><li>three<ul><li>nested</li></ul></li><li>four</li></ol>
    <h2>Sub <a class="headerlink" href="#sub">¶</a></h2><p>More.</p></body>"""
    document = html.read(page)
    got = [(p.kind, p.text, p.marker, p.depth) for p in document.paragraphs]
    assert got == [
        (ParagraphKind.BODY, "Body text here.", "", 0),
        (ParagraphKind.QUOTE, "Quoted.", "", 0),
        (ParagraphKind.QUOTE, "Deeper.", "", 1),
        (ParagraphKind.CODE, "  line one\n    line two", "", 0),
        (ParagraphKind.CAPTION, "A figure.", "", 0),
        (ParagraphKind.CAPTION, "A chart of trade", "", 0),
        (ParagraphKind.LIST_ITEM, "three", "3.", 0),
        (ParagraphKind.LIST_ITEM, "nested", "•", 1),
        (ParagraphKind.LIST_ITEM, "four", "4.", 0),
        (ParagraphKind.BODY, "More.", "", 0),
    ]
    assert [(s.title, s.level, s.parent) for s in document.sections] == [
        ("Title", 1, None),
        ("Sub", 2, 0),
    ]


def test_tables_are_kept_as_aligned_rows() -> None:
    page = """<body><table><caption>Trade</caption>
    <tr><th>Year</th><th>Exports</th></tr><tr><td>2016</td><td>28.0</td></tr></table></body>"""
    paragraphs = html.read(page).paragraphs
    assert [(p.kind, p.text) for p in paragraphs] == [
        (ParagraphKind.CAPTION, "Trade"),
        (ParagraphKind.TABLE, "Year | Exports\n2016 | 28.0"),
    ]


def test_layout_tables_are_read_as_blocks() -> None:
    page = "<body><table><tr><td><h2>Part</h2><p>One.</p></td><td><p>Two.</p></td></tr></table>"
    document = html.read(page)
    assert [p.text for p in document.paragraphs] == ["One.", "Two."]
    assert [s.title for s in document.sections] == ["Part"]


def test_wide_cells_do_not_widen_their_column_past_the_cap() -> None:
    wide = "w" * 100
    page = f"<body><table><tr><td>a</td><td>b</td></tr><tr><td>{wide}</td><td>c</td></tr></table>"
    (table,) = html.read(page).paragraphs
    assert table.text.splitlines() == ["a" + " " * 39 + " | b", wide + " | c"]


def test_scripts_and_huge_inline_data_are_ignored_quickly() -> None:
    blob = "A" * 5_000_000
    page = (
        f"<html><head><script>var x = '{blob}';</script></head><body>"
        f'<img src="data:image/png;base64,{blob}" alt="">'
        f"<style>.x{{background:url(data:{blob})}}</style><p>The text.</p>"
        f"<noscript>Enable scripts</noscript></body></html>"
    )
    start = time.process_time()
    document = html.read(page)
    assert time.process_time() - start < 2  # CPU time (about 0.05 s): a generous bound
    assert [p.text for p in document.paragraphs] == ["The text."]


def test_deep_nesting_does_not_overflow_the_stack() -> None:
    depth = 20_000
    page = "<body>" + "<div>" * depth + "<p>Deep.</p>" + "</div>" * depth + "</body>"
    assert [p.text for p in html.read(page).paragraphs] == ["Deep."]


def test_terminal_escapes_are_cleaned_and_markup_kept_as_text() -> None:
    page = "<p>Bold \x1b[1mnot\x1b[0m and [bold]literal[/bold] &lt;b&gt;</p>"
    assert html.read(page).paragraphs[0].text == "Bold not and [bold]literal[/bold] <b>"


def test_sniff() -> None:
    assert html.sniff("<!DOCTYPE html>\n<html>")
    assert html.sniff('<?xml version="1.0"?>\n<!-- saved -->\n<html xmlns="...">')
    assert not html.sniff("# A Markdown title\n\n<p>inline html</p>")
    assert not html.sniff("Plain text mentioning <html> later")


def test_html_is_found_by_content_without_an_extension(tmp_path: Path) -> None:
    page = tmp_path / "saved-page"
    page.write_text("<!doctype html><title>T</title><p>Hello.</p>", encoding="utf-8")
    document = load_document(page)
    assert document.format == "html"
    assert [p.text for p in document.paragraphs] == ["Hello."]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "<p>",
                "</p>",
                "<li>",
                "<ul>",
                "</ul>",
                "<table>",
                "<tr>",
                "<td>",
                "<h2>",
                "</h2>",
                "<pre>",
                "</pre>",
                "<nav>",
                "<blockquote>",
                "<img alt='x'>",
                "<br>",
                "text",
                " ",
                "<aside>",
                "</div>",
                "<div class='related'>",
                "&amp;",
                "\x1b[31m",
                "<script>",
            ]
        )
        | st.text(max_size=8),
        max_size=60,
    )
)
def test_any_tag_soup_reads_without_error(parts: list[str]) -> None:
    document = html.read("".join(parts))
    for paragraph in document.paragraphs:
        assert paragraph.text.strip()
        assert "\x1b" not in paragraph.text
    for section in document.sections:
        assert 0 <= section.start <= section.end <= len(document.paragraphs)


def test_a_tables_notes_are_article_text_not_chrome() -> None:
    page = (
        "<html><body><article><h1>Rents rise</h1>"
        "<p>Rents rose fast in every city we looked at this year.</p>"
        "<figure><table><tr><th>City</th><th>Rent</th></tr><tr><td>Oslo</td><td>12</td></tr>"
        "</table><footer>Notes: euros per square metre.</footer></figure>"
        '<div class="table-footer">Table notes: 2023 figures are provisional.</div>'
        '<aside class="sidebar">Most read this week</aside>'
        "</article></body></html>"
    )
    paragraphs = read_text(page, format="html").paragraphs
    folded = {p.text: p.boilerplate for p in paragraphs}
    assert folded["Notes: euros per square metre."] is False
    assert folded["Table notes: 2023 figures are provisional."] is False
    assert folded["Most read this week"] is True
