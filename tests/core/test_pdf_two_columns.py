"""Two-column papers read in the author's order (see tests/fixtures/real/README.md).

Two pages each of two real conference templates, typeset by pdfLaTeX: ASME's
(newtx fonts, whose math italics lie outside Unicode's Basic Multilingual
Plane) and ACM's ``sigconf`` (Libertine). Each test names the defect it caught.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.model import Document, ParagraphKind
from reader.readers import load_document
from reader.readers.pdf_layout import layout
from reader.readers.pdf_line import Line
from reader.readers.pdf_pages import reading_order

REAL = Path(__file__).resolve().parent.parent / "fixtures" / "real"


@pytest.fixture(scope="module")
def asme() -> Document:
    """The ASME template's first two pages: title block, abstract, nomenclature, text."""
    return load_document(REAL / "asmeconf-template-extract.pdf")


@pytest.fixture(scope="module")
def acm() -> Document:
    """Pages 2 and 3 of ACM's sigconf sample."""
    return load_document(REAL / "acmart-sigconf-extract.pdf")


def _texts(document: Document) -> list[str]:
    return [p.text for p in document.paragraphs]


def _index(document: Document, start: str) -> int:
    """The position of the one paragraph starting with ``start``."""
    found = [n for n, text in enumerate(_texts(document)) if text.startswith(start)]
    assert len(found) == 1, (start, found)
    return found[0]


def test_a_paragraphs_first_line_stays_with_it_after_math_italics(asme: Document) -> None:
    # the nomenclature's 𝑘, 𝑞, 𝛼 lie outside the BMP: every line after them had
    # been given another line's position, and each indented first line stood alone
    texts = _texts(asme)
    assert (
        "The asmeconf class typesets papers with margins, fonts, headings, captions, and "
        "reference formats that follow the specifications for conference papers of the "
        "American Society of Mechanical Engineers (ASME)."
    ) in texts[_index(asme, "The asmeconf class typesets")]
    assert texts[_index(asme, "The asmeconf class typesets")].endswith(
        "has published in ASME conferences since 1983."
    )
    assert (
        "Keep author addresses short. List the author institution, and the City, State"
        in (texts[_index(asme, "Keep author addresses short.")])
    )


def test_the_page_footer_is_not_in_the_text(asme: Document) -> None:
    assert not [text for text in _texts(asme) if "Copyright ©" in text]


def test_title_block_then_left_column_then_right_column(asme: Document) -> None:
    # the conference's name is set to the right above the title: it had been read
    # as the right column, after the left one, and the title block last
    conference = _index(asme, "Proceedings of the ASME 2023")
    title = _index(asme, "A LATEX TEMPLATE FOR ASME CONFERENCE PAPERS")
    abstract = _index(asme, "This paper is an example of and a LATEX template for typesetting")
    nomenclature = _index(asme, "Roman letters")
    introduction = _index(asme, "The asmeconf class typesets")
    assert conference < title < abstract < nomenclature < introduction
    sections = [s.title for s in asme.sections]
    numbered = [t for t in sections if t[:1].isdigit()]
    assert numbered == [
        "1. INTRODUCTION",
        "1.1 Essential Initial Commands",
        "2. REFERRING TO CITATIONS, FIGURES, AND EQUATIONS",
        "3. SECTION HEADINGS AND CAPTIONS",
        "3.1 Subsection and Sub-subsection Headings",
        "4. TABLES AND FIGURES",
    ]


def test_a_paragraph_runs_on_past_a_figure_opening_the_next_page(asme: Document) -> None:
    # the next page opens with a figure, and the paragraph goes on with "\affil{n}."
    assert (
        "One author (or more) may be designated as the corresponding author by placing "
        "\\CorrespondingAuthor{email} after \\affil{n}. Two or more authors may be joint "
        "first authors by putting \\JointFirstAuthor after \\affil{n}."
    ) in _texts(asme)


def test_a_one_line_paragraph_ends_before_the_next_indented_line(asme: Document) -> None:
    assert "Sections may either be numbered or left unnumbered." in _texts(asme)


def test_notes_at_the_foot_of_a_column_are_footnotes(asme: Document) -> None:
    # LaTeX sets a two-column page's notes at the foot of their column, beside
    # text still running in the other
    notes = {p.marker: p.text for p in asme.paragraphs if p.kind is ParagraphKind.FOOTNOTE}
    assert notes["1"].startswith("See tex-stackexchange for various approaches to footnotes")
    assert notes["2"] == "Sequential footnotes are automatically separated by a comma."
    assert not [t for t in _texts(asme) if "1See tex-stackexchange" in t]


def test_a_paragraph_going_on_at_the_next_pages_left_column_is_whole(acm: Document) -> None:
    # it ended the previous page's right column: its first line on the next page
    # had been measured against that column's edges, joined to the paragraph
    # before, and the line after it taken for a new paragraph
    assert (
        "Regardless of the rights management choice, the author will receive a copy of the "
        "completed rights form once it has been submitted."
    ) in acm.paragraphs[_index(acm, "Regardless of the rights management choice")].text
    assert _texts(acm)[_index(acm, "Authors of any work published by ACM")].endswith(
        "or an OA (open access) agreement."
    )


def test_running_headers_of_both_pages_are_gone(acm: Document) -> None:
    for text in _texts(acm):
        assert "Woodstock, NY" not in text
        assert "Trovato et al." not in text


def test_two_columns_are_read_left_then_right(acm: Document) -> None:
    left = _index(acm, "As noted in the introduction, the “acmart” document class")
    right = _index(acm, "Modifying the template — including but not limited to")
    next_page = _index(acm, "Regardless of the rights management choice")
    assert left < right < next_page
    numbered = [s.title for s in acm.sections]
    assert numbered[:4] == [
        "2 TEMPLATE OVERVIEW",
        "2.1 Template Styles",
        "2.2 Template Parameters",
        "3 MODIFICATIONS",
    ]


def test_tables_opening_the_next_column_do_not_split_a_paragraph(asme: Document) -> None:
    # two tables, each under its caption, open the right column mid-sentence
    text = _texts(asme)[_index(asme, "ASME requires that section headings and captions")]
    assert "Do not enclose them braces, e.g. {\\cite{..}}, which will cause errors." in text
    assert _index(asme, "TABLE 2: TABLE WITH MORE COMPLICATED COLUMNS") < _index(
        asme, "ASME requires that section headings and captions"
    )


def test_a_line_across_both_columns_cuts_them_into_bands() -> None:
    # a figure caption across the page between two bands of text: the text above
    # it (left, then right) comes first, then the caption, then the text below;
    # the old order read the conference's name as the right column and every
    # line across the page last
    def line(text: str, left: float, top: float, right: float) -> Line:
        return Line(0, text, left, top, 10, 792, right=right, page_width=612)

    # a title block: the conference's name set to the right, the title across
    lines = [line("Conference name set to the right", 400, 760, 576)]
    lines += [line("A TITLE ACROSS THE PAGE", 150, 730, 460)]
    lines += [line(f"left above {n}", 36, 700 - 12 * n, 292) for n in range(5)]
    lines += [line(f"left below {n}", 36, 400 - 12 * n, 292) for n in range(5)]
    lines += [line(f"right above {n}", 320, 700 - 12 * n, 576) for n in range(5)]
    lines += [line(f"right below {n}", 320, 400 - 12 * n, 576) for n in range(5)]
    lines += [line("FIGURE 1: ACROSS BOTH COLUMNS", 100, 500, 500)]
    order, two_columns = reading_order(lines, list(range(len(lines))))
    texts = [lines[i].text for i in order]
    assert two_columns
    assert texts == [
        "Conference name set to the right",
        "A TITLE ACROSS THE PAGE",
        *(f"left above {n}" for n in range(5)),
        *(f"right above {n}" for n in range(5)),
        "FIGURE 1: ACROSS BOTH COLUMNS",
        *(f"left below {n}" for n in range(5)),
        *(f"right below {n}" for n in range(5)),
    ]


def test_note_marks_are_raised_and_notes_split_by_their_marks(asme: Document) -> None:
    # a raised mark on a page with math italics was written at another
    # character's place; math's asterisk marks a corresponding author's note
    text = _texts(asme)[_index(asme, "ASME requires that section headings and captions")]
    assert "but not into captions.¹" in text
    notes = {p.marker: p.text for p in asme.paragraphs if p.kind is ParagraphKind.FOOTNOTE}
    assert notes["†"] == "Joint first authors"
    assert notes["∗"].startswith("Corresponding author: lienhard@mit.edu, kate@thepalace.gov")


def _paragraph_lines(
    page: int, size: float, rows: list[tuple[str, float, float, float]]
) -> list[Line]:
    return [
        Line(page, t, left, top, size, 792, right=right, page_width=612)
        for t, left, top, right in rows
    ]


def test_a_dash_set_out_into_the_margin_goes_on_with_its_paragraph() -> None:
    # lines of ACM's acmtog and sigplan samples (texlive-publishers-doc) as PDFium
    # gives them: microtype sets a line's first dash a point or so out of the
    # column's edge; the old reader opened a dash list item there
    acmtog = _paragraph_lines(
        3,
        8.97,
        [
            (
                "The use of BibTEX for the preparation and formatting of one’s refer-",
                51.5,
                384.4,
                292.5,
            ),
            (
                "ences is strongly recommended. Authors’ names should be complete",
                51.8,
                373.4,
                293.7,
            ),
            (
                "— use full first names (“Donald E. Knuth”) not initials (“D. E. Knuth”)",
                50.8,
                362.4,
                294.2,
            ),
            (
                "— and the salient identifying features of a reference should be in-",
                50.8,
                351.5,
                292.4,
            ),
            ("cluded: title, year, volume, number, pages, article DOI, etc.", 51.8, 340.5, 263.7),
            ("The bibliography is included in your source document with these", 60.8, 329.6, 293.7),
            ("two commands, placed just before the \\end{document} command:", 51.8, 318.6, 294.5),
        ],
    )
    sigplan = _paragraph_lines(
        1,
        9.96,
        [
            (
                "The title of your work should use capital letters appropriately",
                317.7,
                372.1,
                558.2,
            ),
            ("- https://capitalizemytitle.com/ has useful rules for capital-", 316.3, 360.1, 556.1),
            ("ization. Use the title command to define the title of your", 318.0, 348.2, 558.0),
            ("work. If your work has a subtitle, define it with the subtitle", 317.6, 336.2, 557.5),
            ("command. Do not insert line breaks in your title.", 318.0, 324.3, 515.4),
        ],
    )
    for lines, first, dashes in [
        (acmtog, "The use of BibTEX", ["complete — use full", "Knuth”) — and the salient"]),
        (sigplan, "The title of your work", ["appropriately - https://capitalizemytitle.com/"]),
    ]:
        pieces = list(layout(lines, [], ""))
        assert all(p.kind is ParagraphKind.BODY for p in pieces)
        assert pieces[0].text.startswith(first)
        assert all(dash in pieces[0].text for dash in dashes)


def test_a_dash_at_the_columns_edge_still_opens_a_list_item() -> None:
    # the same lines with the dashes where a list sets its marks, at the edge
    lines = _paragraph_lines(
        0,
        9.96,
        [
            ("Two kinds of paper are accepted:", 318.0, 372.1, 480.0),
            ("- full papers of ten pages at most, with an abstract", 318.0, 360.1, 540.0),
            ("- short papers of four pages, also with an abstract", 318.0, 348.2, 538.0),
        ],
    )
    kinds = [p.kind for p in layout(lines, [], "")]
    assert kinds == [ParagraphKind.BODY, ParagraphKind.LIST_ITEM, ParagraphKind.LIST_ITEM]


def test_a_table_across_both_columns_opening_a_page_does_not_split_a_paragraph() -> None:
    # lines of ASME's grid author block example (texlive-publishers-doc,
    # asmeconf-authorgrid-example.pdf, pages 2-3): "... the booktabs package"
    # ends a page, Table 3 (its caption above it, its rows as wide as the page)
    # opens the next, then "(used for horizontal rules ..." goes on. The rows
    # are wider than any line of text, so they had been taken for text
    def lines(page: int, rows: list[tuple[str, float, float, float, float]]) -> list[Line]:
        return [
            Line(page, t, x, top, size, 792, right=r, page_width=612) for t, x, top, r, size in rows
        ]

    before = lines(
        1,
        [
            (
                "For ASME conference papers, the labels Equation and Figure",
                54.0,
                154.3,
                292.1,
                9.96,
            ),
            (
                "should be abbreviated when they do not start a sentence, as in",
                36.0,
                142.4,
                292.2,
                9.96,
            ),
            (
                "Eq. (3) and Fig. 1. Figure 1 is spelled out when it starts a sentence.",
                36.0,
                130.4,
                291.6,
                9.96,
            ),
            ("Equation (3) is spelled out when it starts a sentence.", 36.0, 118.5, 242.3, 9.96),
            (
                "Equations are typeset in the usual way and will be automati-",
                54.0,
                105.9,
                288.7,
                9.96,
            ),
            (
                "cally numbered. The class file loads the amsmath and mathtools",
                36.0,
                93.9,
                291.7,
                9.96,
            ),
            (
                "in title case, with the first letter of primary words capitalized.",
                319.7,
                182.5,
                575.3,
                9.96,
            ),
            ("Sub-subsections (i.e., paragraphs) are never numbered.", 319.7, 170.5, 537.3, 9.96),
            ("4. TABLES AND FIGURES", 319.7, 145.9, 431.9, 9.07),
            (
                "Table 1 is an example of a simple table. Table captions should",
                337.7,
                133.9,
                575.9,
                9.96,
            ),
            (
                "be placed above tables. The class loads the booktabs package",
                319.7,
                121.9,
                575.8,
                9.96,
            ),
        ],
    )
    after = lines(
        2,
        [
            ("TABLE 3: A TABLE SPANNING TWO COLUMNS", 214.4, 756.5, 397.3, 8.16),
            ("𝑥 erf(𝑥) erfc(𝑥) 𝑥 erf(𝑥) erfc(𝑥)", 110.0, 734.5, 503.0, 9.96),
            ("0.00 0.00000 1.00000 1.10 0.88021 0.11980", 103.7, 714.9, 505.6, 9.96),
            ("0.05 0.05637 0.94363 1.20 0.91031 0.08969", 103.7, 703.0, 505.4, 9.96),
            (
                "(used for horizontal rules in Tables 1 and 2), and the array",
                36.0,
                533.5,
                291.9,
                9.96,
            ),
            (
                "and dcolumn packages which provide extended capabilities for",
                36.0,
                521.5,
                292.3,
                9.96,
            ),
            (
                "columns in the tabular environment (see Table 2). Table 3 is an",
                36.0,
                509.6,
                292.2,
                9.96,
            ),
            (
                "example of a table that spans two columns. Two column tables",
                36.0,
                497.6,
                291.9,
                9.96,
            ),
            (
                "(and figures) will always float to the top of a later page.",
                36.0,
                485.7,
                255.1,
                9.96,
            ),
            ("Figure captions go below figures. Figure 2 is an example", 54.0, 473.7, 292.1, 9.96),
            ("Date Accessed. The urldate={..} field may be used to", 337.7, 533.5, 575.7, 9.96),
            (
                "provide the date on which a given url was accessed. By default, the",
                319.7,
                521.5,
                575.8,
                9.96,
            ),
            (
                "text printed will be Accessed ‘date’,. The word “Accessed”",
                319.7,
                509.6,
                575.6,
                9.96,
            ),
            ("may be changed using the urltype={..} field.", 319.7, 497.6, 509.7, 9.96),
        ],
    )
    texts = [p.text for p in layout([*before, *after], [], "")]
    [paragraph] = [t for t in texts if "The class loads the booktabs package" in t]
    assert paragraph.startswith("Table 1 is an example of a simple table.")
    assert paragraph.endswith("will always float to the top of a later page.")
    caption = texts.index("TABLE 3: A TABLE SPANNING TWO COLUMNS")
    assert texts.index(paragraph) > caption  # the float first, then the paragraph, whole
