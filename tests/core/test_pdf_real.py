"""The PDF reader on real third-party PDFs (see tests/fixtures/real/README.md).

Synthetic PDFs made with fpdf2 missed every defect these catch: running lines
of real typesetting, footnotes, contents pages, code in monospaced fonts.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.model import Document, ParagraphKind
from reader.readers import load_document
from reader.readers.pdf import _junk_title
from reader.readers.pdf_headings import first_page_title
from reader.readers.pdf_line import Line
from reader.readers.pdf_words import Hyphenation

REAL = Path(__file__).resolve().parent.parent / "fixtures" / "real"


@pytest.fixture(scope="module")
def manual() -> Document:
    """Five pages of a Sphinx manual: its contents page and four pages of chapter 3."""
    return load_document(REAL / "developers-reference-extract.pdf")


@pytest.fixture(scope="module")
def guide() -> Document:
    """Three pages of a DocBook manual with footnotes and code."""
    return load_document(REAL / "maint-guide-extract.pdf")


@pytest.fixture(scope="module")
def paper() -> Document:
    """A two-page LaTeX paper (an R package vignette)."""
    return load_document(REAL / "zoo-design.pdf")


def _texts(document: Document) -> list[str]:
    return [p.text for p in document.paragraphs]


def test_running_headers_footers_and_page_numbers_are_gone(manual: Document) -> None:
    for text in _texts(manual):
        assert "Release 12.18" not in text
        assert "Chapter 3. Debian Developer's Duties" not in text
        assert "3.2. Administrative Duties 1" not in text
    assert all(not p.text.isdigit() for p in manual.paragraphs)


def test_a_header_repeating_the_title_is_gone_from_a_short_paper(paper: Document) -> None:
    assert paper.title == "zoo Design"
    assert "2 zoo Design" not in _texts(paper)
    assert not any(t.startswith("2 zoo Design") for t in _texts(paper))


def test_a_paragraph_runs_on_across_a_page_break(manual: Document, paper: Document) -> None:
    assert (
        "Go through a shortened NM process (to ensure that the returning developer still "
        "knows important parts of P&P and T&S)."
    ) in _texts(manual)
    assert any(
        "these typically get fixed immediately in the Subversion" in t for t in _texts(paper)
    )


def test_paragraphs_split_at_gaps_not_merged(manual: Document) -> None:
    assert (
        "The list of all proposals (past and current) is available on the Debian Voting "
        "Information page, along with information on how to make, second and vote on proposals."
    ) in _texts(manual)


def test_footnotes_are_their_own_paragraphs_after_the_text_they_interrupt(
    manual: Document, guide: Document
) -> None:
    notes = [p for p in manual.paragraphs if p.kind is ParagraphKind.FOOTNOTE]
    assert [(p.marker, p.text) for p in notes] == [
        (
            "1",
            "This is so that the message can be easily filtered by people who don't want "
            "to read vacation notices.",
        )
    ]
    assert not any("vacation notices" in p.text for p in manual.paragraphs if p not in notes)
    # the mark in the text stays a mark, not a digit glued to the word
    assert any("the subject of your message¹ and state" in t for t in _texts(manual))
    guide_notes = {p.marker: p.text for p in guide.paragraphs if p.kind is ParagraphKind.FOOTNOTE}
    # every note its own paragraph, its mark read as a number even when printed
    # as superscript digits or half superscript ("1⁴")
    assert list(guide_notes) == [str(n) for n in range(8, 19)]
    assert guide_notes["14"].startswith("The default version field length of aptitude is 10.")
    assert guide_notes["12"].startswith("If you follow the Debian Developer’s Reference 5.1.")
    assert (
        guide_notes["10"]
        == "You can automate this by using dh-autoreconf package. See Section 4.4.3."
    )


def test_contents_page_is_folded_as_boilerplate(manual: Document) -> None:
    contents = [p for p in manual.paragraphs if ". . . ." in p.text]
    assert len(contents) > 20
    assert all(p.boilerplate for p in contents)
    assert not any(p.boilerplate for p in manual.paragraphs if "In order to inform" in p.text)


def test_code_in_a_monospaced_font_stays_code(guide: Document) -> None:
    code = [p.text for p in guide.paragraphs if p.kind is ParagraphKind.CODE]
    assert "$ dpkg --compare-versions ver1 op ver2" in code
    assert any(t.startswith("$ cd ~/gentoo\n$ wget") for t in code)
    # inline commands in running text do not make it code
    assert any(t.startswith("Also, you can usually run make clean") for t in _texts(guide))


def test_line_end_hyphens_rejoined_in_a_real_paper(paper: Document) -> None:
    assert any("zoo provides a set of vignettes" in t for t in _texts(paper))


def test_hyphenation_keeps_real_compounds() -> None:
    words = Hyphenation(["a cross-section of the text", "we improve it", "plain words here"])
    assert words.join(["take a cross-", "section now"]) == "take a cross-section now"
    assert words.join(["we im-", "prove our quarters"]) == "we improve our quarters"
    assert words.join(["published by Springer-", "Verlag in 1990"]) == (
        "published by Springer-Verlag in 1990"
    )
    # no evidence either way, halves that are words of their own: a compound
    both = Hyphenation(["large tables", "enough rows", "large and enough"])
    assert both.join(["a large-", "enough table"]) == "a large-enough table"


def test_ligatures_are_expanded(paper: Document) -> None:
    assert not any(c in "".join(_texts(paper)) for c in "\ufb00\ufb01\ufb02\ufb03\ufb04")


@pytest.mark.parametrize(
    "title",
    ["Binder1.pdf", "DSI", "Microsoft Word - report.doc", "", "untitled", "scan_0001"],
)
def test_junk_metadata_titles_are_recognised(title: str) -> None:
    assert _junk_title(title, Path("report.pdf"))


@pytest.mark.parametrize("title", ["zoo Design", "Debian Developer's Reference", "Ulysses"])
def test_real_titles_are_kept(title: str) -> None:
    assert not _junk_title(title, Path("report.pdf"))


def test_title_from_the_largest_type_on_the_first_page() -> None:
    lines = [
        Line(0, "Journal of Things", 72, 800, 9, 842),
        Line(0, "Testing Linear", 72, 700, 17, 842),
        Line(0, "Regression Models", 72, 680, 17, 842),
        Line(0, "Achim Zeileis", 72, 640, 12, 842),
        *[Line(0, "body text " * 8, 72, 600 - 12 * i, 10, 842) for i in range(20)],
    ]
    assert first_page_title(lines) == "Testing Linear Regression Models"


def test_a_gap_a_third_of_a_line_wider_separates_paragraphs(guide: Document) -> None:
    """DocBook sets paragraphs 1.3 lines apart; line spacing is the commonest gap."""
    texts = _texts(guide)
    assert (
        "There are special rules for period (.), plus (+), and tilde (~) characters, as follows:"
        in texts
    )
    assert "0.0 < 0.5 < 0.10 < 0.99 < 1 < 1.0~rc1 < 1.0 < 1.0+b1 < 1.0+nmu1 < 1.1 < 2.0" in texts


@pytest.fixture(scope="module")
def two_columns() -> Document:
    """A three-page two-column paper (R vignette, pinp style) with alternating footers."""
    return load_document(REAL / "Rcpp-extending.pdf")


def test_two_columns_are_read_left_then_right(two_columns: Document) -> None:
    texts = _texts(two_columns)

    def at(start: str) -> int:
        return next(i for i, t in enumerate(texts) if t.startswith(start))

    order = [
        "Rcpp facilitates data interchange between R and C++",
        "The Rcpp converter functions Rcpp::as and Rcpp::wrap are extensible",
        "The Rcpp::wrap converter is extensible in essentially two ways",
        "2.1. Intrusive extension.",
        "2.2. Non-intrusive extension.",
        "It should be noted that only the declaration is required.",
        "Conversion from R to C++ is also possible",
        "The Rcpp package greatly facilitates the transfer of objects",
    ]
    assert [at(start) for start in order] == sorted(at(start) for start in order)
    assert [s.title for s in two_columns.sections] == [
        "Rcpp Extending",
        "1. Introduction",
        "2. Extending Rcpp::wrap",
        "3. Extending Rcpp::as",
        "4. Summary",
    ]


def test_a_run_in_heading_stays_in_its_paragraph(two_columns: Document) -> None:
    """Its line is measured in the heading's smaller bold type; the text goes on."""
    assert any(
        t.startswith(
            "2.3. Templates and partial specialization. It is perfectly valid to declare a "
            "partial specialization for the Rcpp::wrap template."
        )
        for t in _texts(two_columns)
    )


def test_alternating_running_lines_of_a_short_paper_are_gone(two_columns: Document) -> None:
    for text in _texts(two_columns):
        assert "Rcpp Vignette |" not in text
        assert not text.startswith("https://cran.r-project.org/package=Rcpp")


@pytest.fixture(scope="module")
def eigen() -> Document:
    """Five pages of a LaTeX paper (``jss`` class): floats, parskip, inline formulas."""
    return load_document(REAL / "RcppEigen-extract.pdf")


@pytest.fixture(scope="module")
def sandwich() -> Document:
    """Four pages of a LaTeX paper (``jss`` class): inline formulas, a plot drawn by R."""
    return load_document(REAL / "sandwich-extract.pdf")


def _holding(document: Document, words: str) -> list[str]:
    return [t for t in _texts(document) if words in t]


def test_a_table_at_a_page_top_does_not_split_the_paragraph_it_interrupts(
    eigen: Document,
) -> None:
    # "However, Eigen provides" ends page 2; Table 1 and its caption open page 3,
    # then "typedefs for common classes ..." goes on with the paragraph
    [paragraph] = _holding(eigen, "However, Eigen provides typedefs for common classes")
    assert paragraph.startswith("As in many C++ template libraries")
    assert paragraph.endswith("this paper will use these typedefs.")
    texts = _texts(eigen)
    caption = texts.index(next(t for t in texts if t.startswith("Table 1: Correspondence")))
    assert texts.index(paragraph) == caption + 1  # the float first, then the paragraph


def test_a_small_space_after_a_sentence_separates_paragraphs(eigen: Document) -> None:
    # JSS sets paragraphs 1.21-1.24 line spacings apart, without an indent, and this
    # one's last line is full: only the space tells them apart
    [first] = _holding(eigen, "The cxxfunction function from the inline package")
    assert first.endswith("generating the skeleton of a package that will use RcppEigen.")
    assert any(t.startswith('The cxxfunction with the "Rcpp" or') for t in _texts(eigen))


def test_a_raised_exponent_and_a_taller_line_do_not_split_a_paragraph(eigen: Document) -> None:
    # "(X⊤X)⁻¹" with tall brackets: the exponent sits high, the next line lower
    [paragraph] = _holding(eigen, "evaluating the diagonal elements of")
    assert "and the residual sum of squares" in paragraph
    assert paragraph.startswith("Determining a least squares solution")


def test_stacked_scripts_and_a_radical_sign_do_not_split_a_line(sandwich: Document) -> None:
    [scores] = _holding(sandwich, "essentially the covariance matrix of the scores")
    assert "xi(yi − x¦i ´). The estimating functions evaluated" in scores  # x⊤ᵢ stacked
    [ratio] = _holding(sandwich, "these tests are based on the t ratio")
    assert ratio.startswith("whether a parameter")
    assert "and either use the asymptotic normal distribution" in ratio  # after √Ψⱼⱼ


def test_a_line_whose_middle_is_a_subscript_keeps_its_paragraph(sandwich: Document) -> None:
    # "Ψ̂_HAC" falls in the line's middle: its size is not the line's
    [paragraph] = _holding(sandwich, "the covariance matrix of the estimating functions¹.")
    assert "This is what HAC estimators do" in paragraph


def test_an_accent_set_over_its_letter_is_composed_with_it(sandwich: Document) -> None:
    # TeX sets \\hat{u} as a "u" and a separate "ˆ" above it
    [paragraph] = _holding(sandwich, "based on the residuals")
    assert "based on the residuals û, the diagonal" in paragraph
    assert "uˆ" not in paragraph


def test_a_plots_labels_are_one_folded_paragraph_before_its_caption(sandwich: Document) -> None:
    # R draws the axis ticks, the axis titles (one on its side) and a label as text
    paragraphs = sandwich.paragraphs
    caption = next(n for n, p in enumerate(paragraphs) if p.text.startswith("Figure 2:"))
    labels = paragraphs[caption - 1]
    assert labels.boilerplate
    assert labels.text.startswith("0.6 0.7 0.8 0.9 1.0 1.1 300 400")
    assert "per capita spending on public schools Alaska" in labels.text
    assert not any(p.text == "Alaska" or p.text == "per capita income" for p in paragraphs)
    assert [p for p in paragraphs if p.boilerplate] == [labels]  # nothing else is folded


def test_bibliography_entries_with_a_hanging_indent_are_whole(two_columns: Document) -> None:
    texts = _texts(two_columns)
    start = texts.index("References")
    entries = texts[start + 1 : start + 6]
    assert entries[0] == (
        "Abrahams D, Gurtovoy A (2004). C++ Template Metaprogramming: Concepts, Tools"
        " and Techniques from Boost and Beyond. Addison-Wesley, Boston."
    )
    assert entries[-1].startswith("Sanderson C (2010). “Armadillo: An open source C++")
    assert entries[-1].endswith("URL https://arma.sf.net.")
    assert all(p.kind is ParagraphKind.BODY for p in two_columns.paragraphs[start + 1 : start + 6])


def test_an_abstract_set_small_on_the_texts_leading_is_one_paragraph(
    two_columns: Document,
) -> None:
    # 7 pt type on 11 pt lines: measured by the text's size, its lines look far apart
    [abstract] = _holding(two_columns, "This note provides an overview of the steps")
    assert abstract.endswith("some knowledge of C++ templates (Abrahams and Gurtovoy, 2004).")
