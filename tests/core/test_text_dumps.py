"""Web pages saved as text: lynx dumps and pages copied whole (see reader.readers.textdump).

The fixtures are real ``lynx -dump`` output (tests/fixtures/real/README.md):
Lynx's own help page on URL schemes, and a rustdoc page that opens with
``Skip to main content``.
"""

from __future__ import annotations

from pathlib import Path

from reader.readers import load_document, read_text

REAL = Path(__file__).resolve().parent.parent / "fixtures" / "real"


def test_a_lynx_dumps_references_and_link_bar_are_folded() -> None:
    document = load_document(REAL / "lynx-dump-url-support.txt")
    folded = [p.text for p in document.paragraphs if p.boilerplate]
    assert folded[0].startswith("[[1]http, https | [2]telnet, tn3270, rlogin | [3]gopher")
    assert "References" in folded
    assert "ftp://ftp.isi.edu/internet-drafts/draft-hoffman-mailto-url-03.txt" in folded
    body = [p.text for p in document.paragraphs if not p.boilerplate]
    assert body[0].startswith("Lynx handles a number of URL types")
    assert not any(text.startswith("file:///") for text in body)


def test_a_lynx_dumps_headings_are_its_margin_lines() -> None:
    document = load_document(REAL / "lynx-dump-url-support.txt")
    outline = [(s.level, s.title) for s in document.sections]
    assert outline[:3] == [
        (1, "URL Schemes Supported in Lynx"),
        (2, "The http and https URLs:"),
        (2, "The telnet, tn3270, and rlogin URLs:"),
    ]
    assert len(outline) == 17  # the <h1> and the sixteen <h2> of the page
    assert all(level == 2 for level, _ in outline[1:])


def test_lines_set_deeper_under_a_lead_in_are_a_paragraph_of_their_own() -> None:
    """lynx indents a ``<pre>`` deeper than the paragraph above it, with no blank line."""
    document = load_document(REAL / "lynx-dump-url-support.txt")
    texts = [p.text for p in document.paragraphs]
    lead = texts.index(
        "The wais URL is used to retrieve resources using the Wide Area"
        " Information System protocol. The format is:"
    )
    assert texts[lead + 1] == (
        "wais://host:port/database\n"
        "wais://host:port/database?wais_query\n"
        "wais://host:port/database/wais_type/wais_path"
    )
    assert texts[lead + 2] == "where :port defaults to :210"


def test_a_list_items_lines_hanging_under_its_colon_stay_in_the_item() -> None:
    """Only lines deeper than the item's text are a display: its own wrapped lines are not."""
    text = (
        "Choosing:\n\n"
        "      * If security or stability are at all important for you:\n"
        "        install stable. period. This is the most preferred way.\n\n"
        "      * Installation instructions for the current release: see https:\n"
        "        //www.debian.org/releases/stable/installmanual .\n"
    )
    items = [p.text for p in read_text(text).paragraphs if p.kind.value == "list_item"]
    assert items == [
        "If security or stability are at all important for you: install stable."
        " period. This is the most preferred way.",
        "Installation instructions for the current release: see https:"
        " //www.debian.org/releases/stable/installmanual .",
    ]


def test_a_dumped_page_with_skip_to_content_folds_its_interface() -> None:
    document = load_document(REAL / "lynx-dump-rustdoc-loop.txt")
    assert [s.title for s in document.sections] == ["Keyword loop"]  # not "(BUTTON) Copy ..."
    folded = [p.text for p in document.paragraphs if p.boilerplate]
    assert folded[0] == "[1]Skip to main content"
    body = [p.text for p in document.paragraphs if not p.boilerplate]
    assert "Loop indefinitely." in body
    assert body[-1] == "See also, [7]for, [8]while."


SAVED_PAGE = """\
Skip to main content

Menu

Search

Rents rise again across the region

Share on Facebook
Share on Twitter
Email

Rents rose again this year in every city of the region, a survey found,
with the steepest rises where new building had stalled.

What comes next

Officials expect the rise to slow next year as new flats are finished.

Sign in
"""


def test_a_saved_pages_chrome_lines_are_folded_not_headings() -> None:
    document = read_text(SAVED_PAGE)
    assert [s.title for s in document.sections] == ["What comes next"]
    assert document.title == "Rents rise again across the region"
    folded = [p.text for p in document.paragraphs if p.boilerplate]
    assert folded == [
        "Skip to main content",
        "Menu",
        "Search",
        "Share on Facebook",
        "Share on Twitter",
        "Email",
        "Sign in",
    ]


def test_without_skip_to_content_a_search_heading_stays() -> None:
    text = "Manual\n\nSearch\n\nThe search key finds words in the whole book at once.\n\n"
    text += "Menu\n\nThe menu key opens the list of commands you can run.\n"
    document = read_text(text)
    assert [s.title for s in document.sections] == ["Search", "Menu"]


def test_a_references_section_of_an_article_is_not_a_dumps() -> None:
    text = (
        "Paper\n\nSome text of the paper that cites two works [1] and [2].\n\n"
        "References\n\n   1. Smith, J. A study. 1999.\n   2. Doe, A. Another. 2001.\n"
    )
    document = read_text(text)
    assert not any(p.boilerplate for p in document.paragraphs)
