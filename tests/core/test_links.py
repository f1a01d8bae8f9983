"""Links and footnote markers in the model: Markdown, HTML, EPUB (a real book), sanitising."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.model import Document, Link, Paragraph, ParagraphKind
from reader.readers import epub, html, markdown
from reader.readers.builder import DocumentBuilder
from reader.readers.link_spans import clean_with_links
from reader.sanitize import TERMINAL_ACTIVE, clean_line, safe_url

REAL = Path(__file__).parent.parent / "fixtures" / "real"


def shown(paragraph: Paragraph) -> list[tuple[str, str, bool]]:
    return [(paragraph.text[a.start : a.end], a.target, a.note) for a in paragraph.links]


def target_of(document: Document, link: Link) -> Paragraph:
    assert link.internal
    found = document.paragraph_by_anchor(link.target[1:])
    assert found is not None
    return found


# ------------------------------------------------------------------------- URLs


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://example.org/a?b=c#d", "https://example.org/a?b=c#d"),
        ("HTTP://example.org", "http://example.org"),
        ("  https://example.org/wrapped\n/path ", "https://example.org/wrapped/path"),
        ("https://example.org/a b", "https://example.org/a%20b"),
        ("mailto:someone@example.org", "mailto:someone@example.org"),
        ("ftp://ftp.example.org/pub", "ftp://ftp.example.org/pub"),
        ("javascript:alert(1)", None),
        ("file:///etc/passwd", None),
        ("data:text/html,<b>x</b>", None),
        ("http:relative", None),
        ("https://", None),
        ("https://example.org/\x1b]8;;evil\x1b\\", None),
        ("https://example.org/\u202egnp.exe", None),
        ("https://example.org/\x07", None),
        ("https://example.org/" + "a" * 3000, None),
        ("relative/page.html", None),
    ],
)
def test_safe_url_lets_through_only_places_to_read(url: str, safe: str | None) -> None:
    assert safe_url(url) == safe


@given(st.text(max_size=80))
def test_a_safe_url_never_holds_what_a_terminal_acts_on(url: str) -> None:
    safe = safe_url("https://example.org/" + url)
    if safe is not None:
        assert TERMINAL_ACTIVE.search(safe) is None
        assert " " not in safe
        assert "\n" not in safe


# -------------------------------------------------------------- offsets through cleaning


@given(
    st.text(alphabet=st.sampled_from("ab \n\t\x1b[m"), max_size=40),
    st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40)), max_size=4),
)
def test_cleaning_keeps_the_text_and_links_stay_inside_it(
    text: str, spans: list[tuple[int, int]]
) -> None:
    links = [Link(min(a, b), max(a, b), "https://x.example") for a, b in spans]
    cleaned, kept = clean_with_links(text, links)
    assert cleaned == clean_line(text)  # the same text, so the same anchors
    previous_end = 0
    for link in kept:
        assert previous_end <= link.start < link.end <= len(cleaned)
        assert cleaned[link.start] != " "
        assert cleaned[link.end - 1] != " "
        previous_end = link.end


@given(
    st.text(alphabet=st.sampled_from("ab \n\t\u00a0"), max_size=40),
    st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40)), max_size=4),
)
def test_a_kept_link_holds_the_words_it_held(text: str, spans: list[tuple[int, int]]) -> None:
    ordered = sorted((min(a, b), max(a, b)) for a, b in spans)
    links = [Link(a, b, "#x") for a, b in ordered]
    cleaned, kept = clean_with_links(text, links)
    shown = {" ".join(text[a:b].split()) for a, b in ordered}
    for link in kept:
        assert cleaned[link.start : link.end] in shown


def test_a_link_follows_its_words_through_collapsed_white_space() -> None:
    text = "  See   the\n  manual\tpage  now. "
    start = text.index("the")
    cleaned, (link,) = clean_with_links(text, [Link(start, text.index("page") + 4, "#x")])
    assert cleaned == "See the manual page now."
    assert cleaned[link.start : link.end] == "the manual page"


def test_builder_resolves_names_to_anchors_and_drops_unknown_ones() -> None:
    builder = DocumentBuilder("test")
    builder.paragraph(
        "Go to the end or nowhere.", links=[Link(6, 13, "#end"), Link(17, 24, "#nowhere")]
    )
    builder.target("end")
    builder.paragraph("The end.")
    document = builder.build()
    first, last = document.paragraphs
    assert shown(first) == [("the end", f"#{last.anchor}", False)]
    assert last.links == ()


def test_links_are_not_kept_in_verbatim_text() -> None:
    builder = DocumentBuilder("test")
    builder.paragraph("code  here", ParagraphKind.CODE, links=[Link(0, 4, "https://x.example")])
    assert builder.build().paragraphs[0].links == ()


# ------------------------------------------------------------------------- Markdown


MARKDOWN = """\
# Read me

See [the site](https://example.org "title"), <https://auto.example>, a note[^1],
[the top](#read-me), [a script](javascript:alert(1)) and [a file](other.md).

- an [item](https://item.example)

> a [quote](https://quote.example)

[^1]: The note, with [a reference][r].

[r]: http://ref.example
"""


def test_markdown_links_footnotes_and_headings() -> None:
    document = markdown.read(MARKDOWN)
    body, item, quote, note = document.paragraphs
    assert body.text == (
        "See the site, https://auto.example, a note[1], the top, a script and a file."
    )
    assert shown(body) == [
        ("the site", "https://example.org", False),
        ("https://auto.example", "https://auto.example", False),
        ("[1]", f"#{note.anchor}", True),
        ("the top", f"#{body.anchor}", False),  # the heading's first paragraph
    ]
    assert shown(item) == [("item", "https://item.example", False)]
    assert shown(quote) == [("quote", "https://quote.example", False)]
    assert (note.kind, note.marker, note.text) == (
        ParagraphKind.FOOTNOTE,
        "1",
        "The note, with a reference.",
    )
    assert shown(note) == [("a reference", "http://ref.example", False)]


# ----------------------------------------------------------------------------- HTML


PANDOC_PAGE = """\
<html><body><main>
<h1 id="intro">Introduction</h1>
<p>Read <a href="https://example.org/a">the <em>whole</em> story</a>, a
note<a href="#fn1" class="footnote-ref" id="fnref1" role="doc-noteref"><sup>1</sup></a>,
<a href="#later">the next part</a> and <a href="javascript:void(0)">nothing</a>.</p>
<h2 id="later">Later</h2>
<p>More text.</p>
<section id="footnotes" class="footnotes" role="doc-endnotes"><hr><ol>
<li id="fn1"><p>The note itself.<a href="#fnref1" class="footnote-back">↩︎</a></p></li>
</ol></section>
</main></body></html>
"""


def test_html_links_and_a_pandoc_footnote() -> None:
    document = html.read(PANDOC_PAGE)
    body, later, note = document.paragraphs
    assert body.text == "Read the whole story, a note1, the next part and nothing."
    assert shown(body) == [
        ("the whole story", "https://example.org/a", False),
        ("1", f"#{note.anchor}", True),
        ("the next part", f"#{later.anchor}", False),
    ]
    assert (note.kind, note.marker) == (ParagraphKind.FOOTNOTE, "1")
    assert shown(note) == [("↩︎", f"#{body.anchor}", False)]


def test_relative_links_of_a_saved_page_resolve_against_its_address() -> None:
    page = (
        '<html><head><link rel="canonical" href="https://news.example/2024/story"></head>'
        '<body><p>See <a href="../other">the other story</a> and'
        ' <a href="/about">about</a>.</p></body></html>'
    )
    (paragraph,) = html.read(page).paragraphs
    assert [link.target for link in paragraph.links] == [
        "https://news.example/other",
        "https://news.example/about",
    ]


def test_a_link_cut_by_a_block_keeps_its_target_in_both_parts() -> None:
    page = '<p><a href="https://x.example">first<div>second</div></a></p>'
    first, second = html.read(page).paragraphs
    assert shown(first) == [("first", "https://x.example", False)]
    assert shown(second) == [("second", "https://x.example", False)]


def test_a_heading_keeps_no_links_and_leaves_none_behind() -> None:
    page = '<h1><a href="https://x.example">Title</a></h1><p>Plain text.</p>'
    (paragraph,) = html.read(page).paragraphs
    assert paragraph.links == ()


def test_epub3_footnote_aside_is_a_footnote_not_boilerplate() -> None:
    from tests.core.format_samples import Chapter, build_epub

    chapter = (
        '<h1>One</h1><p>Text<a epub:type="noteref" href="#n1">*</a> goes on.</p>'
        '<aside epub:type="footnote" id="n1"><p>The aside note.</p></aside>'
    )
    document = epub.read(build_epub([Chapter("One", chapter)]))
    body = next(p for p in document.paragraphs if p.text.startswith("Text"))
    (link,) = body.links
    note = target_of(document, link)
    assert link.note
    assert note.kind is ParagraphKind.FOOTNOTE
    assert not note.boilerplate
    assert note.text == "The aside note."


def test_epub_noteref_into_another_chapter() -> None:
    from tests.core.format_samples import Chapter, build_epub

    one = '<h1>One</h1><p>Text<a epub:type="noteref" href="ch2.xhtml#n1">1</a> and on.</p>'
    two = '<h1>Notes</h1><aside epub:type="footnote" id="n1"><p>1 The far note.</p></aside>'
    document = epub.read(build_epub([Chapter("One", one), Chapter("Notes", two)]))
    body = next(p for p in document.paragraphs if p.text.startswith("Text"))
    (link,) = body.links
    assert link.note
    note = target_of(document, link)
    assert (note.marker, note.text) == ("1", "The far note.")  # its mark opened its text


# ----------------------------------------------------------------------- a real EPUB


def test_real_epub_links_chapters_footnote_and_mail() -> None:
    """developers-reference (Sphinx EPUB): see tests/fixtures/real/README.md."""
    document = epub.read((REAL / "developers-reference-chapters.epub").read_bytes())
    links = [(p, link) for p in document.paragraphs for link in p.links]
    notes = [(p, link) for p, link in links if link.note]
    assert len(notes) == 1
    paragraph, marker = notes[0]
    assert paragraph.text[marker.start : marker.end] == "[1]"
    note = target_of(document, marker)
    assert note.kind is ParagraphKind.FOOTNOTE
    assert note.marker == "1"
    assert note.text.startswith("This is so that the message can be easily filtered")
    # a link to the other chapter lands on the paragraph under its heading
    across = next(
        link
        for p, link in links
        if p.text[link.start : link.end] == "Registering as a Debian member"
    )
    landed = target_of(document, across)
    assert landed.text.startswith("Before you decide to register with Debian")
    assert any(link.target == "mailto:press%40debian.org" for _, link in links)
    # links to the chapters left out of the extract are dropped, never kept dangling
    for _, link in links:
        assert not link.internal or document.paragraph_by_anchor(link.target[1:]) is not None
        assert link.internal or safe_url(link.target) == link.target


# ------------------------------------------------------------------------ real PDFs


def test_real_pdf_link_annotations_and_a_footnote_mark() -> None:
    """developers-reference's PDF extract: URI links, one URL broken over two lines, and
    the raised footnote mark linked to the footnote the layout set apart."""
    from reader.readers import pdf

    document = pdf.read((REAL / "developers-reference-extract.pdf").read_bytes())
    links = {p.text[a.start : a.end]: a for p in document.paragraphs for a in p.links}
    assert links["OpenPGP Best Practices"].target == (
        "https://riseup.net/en/security/message-security/openpgp/best-practices"
    )
    assert links["press@debian.org"].target == "mailto:press@debian.org"
    # printed "https://keyring.debian.org/" then "replacing_keys.html" on the next line
    assert links["https://keyring.debian.org/ replacing_keys.html"].target == (
        "https://keyring.debian.org/replacing_keys.html"
    )
    mark = links["¹"]
    assert mark.note
    note = target_of(document, mark)
    assert note.kind is ParagraphKind.FOOTNOTE
    assert note.text.startswith("This is so that the message can be easily filtered")


def test_real_pdf_footnote_marks_without_link_annotations() -> None:
    """maint-guide's PDF extract: marks ⁸ and ⁹ (no annotation) find their notes."""
    from reader.readers import pdf

    document = pdf.read((REAL / "maint-guide-extract.pdf").read_bytes())
    notes = [
        (p.text[a.start : a.end], target_of(document, a))
        for p in document.paragraphs
        for a in p.links
        if a.note
    ]
    assert [(mark, note.marker) for mark, note in notes] == [("⁸", "8"), ("⁹", "9")]
    assert notes[1][1].text.startswith("Autotools is too big")
    wiki = [a.target for p in document.paragraphs for a in p.links if "wikipedia" in a.target]
    assert "http://en.wikipedia.org/wiki/CMake" in wiki


def test_real_docbook_page_footnote() -> None:
    """maint-guide's HTML chapter (DocBook): ``<a class="footnote">[75]</a>`` and its
    ``<div class="footnote">`` whose first paragraph opens with the mark."""
    document = html.read((REAL / "maint-guide-checkit.en.html").read_text(encoding="utf-8"))
    marks = [(p, a) for p in document.paragraphs for a in p.links if a.note]
    assert [p.text[a.start : a.end] for p, a in marks] == ["[75]"]
    note = target_of(document, marks[0][1])
    assert (note.kind, note.marker) == (ParagraphKind.FOOTNOTE, "75")
    assert note.text.startswith("You do not need to provide the lintian option")
    # links to the guide's other pages are relative and the page names no address
    for paragraph in document.paragraphs:
        for link in paragraph.links:
            assert link.internal or link.target.startswith("https://www.debian.org/")
