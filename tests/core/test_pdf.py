"""The PDF reader: paragraphs rebuilt from lines, outline sections, hostile files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fpdf import FPDF

from reader.anchors import anchor_for
from reader.errors import DocumentError
from reader.model import ParagraphKind
from reader.readers import load_document, pdf
from reader.readers.pdf_layout import Line, OutlineEntry, layout
from tests.core.format_samples import PdfChapter, build_pdf, latin1, text_blocks

LONG = (
    "Russia's relations with China have undergone a complete transformation in the past "
    "quarter century and have developed into a genuine strategic partnership. Although the "
    "Kremlin no doubt is aware of its junior partner status, this relationship is truly "
    "without an alternative for Russia's leaders, whose chief preoccupation is with preserving "
    "domestic stability and the security of the ruling regime."
)


def chapters_of(clean_sample: Path) -> list[PdfChapter]:
    """Three chapters of the sample essay's long paragraphs, each four times over."""
    blocks = text_blocks(clean_sample.read_text(encoding="utf-8"))
    paragraphs = [" ".join(b.split()) for b in blocks[3:] if len(b) > 200 and "•" not in b]
    return [PdfChapter(f"Chapter {i}", [*paragraphs, LONG] * 4) for i in range(1, 4)]


def test_paragraphs_sections_and_metadata(clean_sample: Path, tmp_path: Path) -> None:
    chapters = chapters_of(clean_sample)
    file = tmp_path / "report.pdf"
    file.write_bytes(build_pdf(chapters, title="Bear Hug", author="Eugene Rumer"))
    document = load_document(file)
    assert document.format == "pdf"
    assert document.metadata.title == "Bear Hug"
    assert document.metadata.authors == ["Eugene Rumer"]
    assert [(s.title, s.level) for s in document.sections] == [
        ("Chapter 1", 1),
        ("Chapter 2", 1),
        ("Chapter 3", 1),
    ]
    expected = [latin1(p) for chapter in chapters for p in chapter.paragraphs]
    # every line-end hyphen rejoined, no running header or page number left in the text
    assert [p.text for p in document.paragraphs] == expected
    assert all(p.kind is ParagraphKind.BODY for p in document.paragraphs)


def test_pdf_and_text_give_the_same_anchors(clean_sample: Path) -> None:
    chapters = chapters_of(clean_sample)
    document = pdf.read(build_pdf(chapters[:1]))
    text_anchors = {p.anchor for p in load_document(clean_sample).paragraphs}
    first = document.paragraphs[0]
    assert first.anchor in text_anchors
    assert document.paragraphs[-1].anchor.startswith(anchor_for(LONG))


def test_the_generated_file_really_has_running_lines_and_hyphens(clean_sample: Path) -> None:
    """Guards the test above: the sample must contain what the reader removes."""
    import pypdfium2

    data = build_pdf(chapters_of(clean_sample))
    document = pypdfium2.PdfDocument(data)
    pages = [page.get_textpage().get_text_range() for page in document]
    assert len(pages) >= 4
    assert all("A Generated Report - Working Paper" in page for page in pages)
    assert all(f"\r\n{number}\r\n" in page for number, page in enumerate(pages, 1))
    assert "\ufffe" in "".join(pages)  # PDFium's mark for a hyphen at a line end


def test_headings_from_font_size_without_an_outline(clean_sample: Path) -> None:
    document = pdf.read(build_pdf(chapters_of(clean_sample), outline=False))
    assert [s.title for s in document.sections] == ["Chapter 1", "Chapter 2", "Chapter 3"]


def test_scanned_pdf_without_text_is_a_clear_error(tmp_path: Path) -> None:
    scan = FPDF()
    for _ in range(2):
        scan.add_page()
        scan.rect(20, 20, 170, 250, style="F")  # where a scanner would put the page image
    file = tmp_path / "scan.pdf"
    file.write_bytes(bytes(scan.output()))
    with pytest.raises(pdf.NoTextLayerError) as caught:
        load_document(file)
    assert "OCR" in str(caught.value)
    assert "\n" not in str(caught.value)
    assert isinstance(caught.value, DocumentError)


def test_broken_cross_reference_table_is_repaired(clean_sample: Path) -> None:
    data = build_pdf(chapters_of(clean_sample))
    broken = re.sub(rb"\d{10} 00000 n", b"0000000001 00000 n", data)
    broken = re.sub(rb"startxref\s+\d+", b"startxref\n999999", broken)
    assert broken != data
    assert [p.text for p in pdf.read(broken).paragraphs] == [
        p.text for p in pdf.read(data).paragraphs
    ]


def test_truncated_pdf_is_a_clear_error(clean_sample: Path, tmp_path: Path) -> None:
    data = build_pdf(chapters_of(clean_sample))
    file = tmp_path / "cut.pdf"
    file.write_bytes(data[: len(data) // 2])
    with pytest.raises(pdf.PdfError) as caught:
        load_document(file)
    assert str(caught.value).startswith("cut.pdf cannot be read as a PDF")
    assert "\n" not in str(caught.value)


def test_garbage_with_a_pdf_signature_is_a_clear_error(tmp_path: Path) -> None:
    file = tmp_path / "fake.pdf"
    file.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40)
    with pytest.raises(pdf.PdfError, match=r"fake\.pdf"):
        load_document(file)


def test_found_by_magic_bytes_without_extension(clean_sample: Path, tmp_path: Path) -> None:
    file = tmp_path / "download"
    file.write_bytes(build_pdf(chapters_of(clean_sample)[:1]))
    assert load_document(file).format == "pdf"


def _line(page: int, text: str, top: float, *, left: float = 72, size: float = 11) -> Line:
    return Line(page, text, left, top, size, 842)


def test_layout_drops_running_lines_and_joins_across_pages() -> None:
    lines = [
        _line(0, "Working Paper 7", 812, size=8),
        _line(0, "The first para-", 700),
        _line(0, "graph goes on", 686),
        _line(0, "1", 40, size=8),
        _line(1, "Working Paper 7", 812, size=8),
        _line(1, "to the next page.", 700),
        _line(1, "Indented start of another.", 672, left=90),
        _line(1, "ii", 40, size=8),
    ]
    pieces = list(layout(lines, []))
    assert [(p.text, p.kind) for p in pieces] == [
        ("The first paragraph goes on to the next page.", ParagraphKind.BODY),
        ("Indented start of another.", ParagraphKind.BODY),
    ]


def test_layout_list_items_and_outline_headings() -> None:
    lines = [
        _line(0, "2.1 Scope", 760, size=14),
        _line(0, "• first item that wraps", 740),
        _line(0, "onto a second line", 726, left=84),
        _line(0, "• second item", 712),
    ]
    pieces = list(layout(lines, [OutlineEntry("Scope", 2, 0)]))
    assert [(p.text, p.kind, p.level, p.marker) for p in pieces] == [
        ("2.1 Scope", None, 2, ""),
        ("first item that wraps onto a second line", ParagraphKind.LIST_ITEM, 0, "•"),
        ("second item", ParagraphKind.LIST_ITEM, 0, "•"),
    ]


def _placed(
    page: int, text: str, left: float, top: float, right: float, *, size: float = 10
) -> Line:
    return Line(page, text, left, top, size, 842, right=right, page_width=595)


def test_layout_rejoins_a_line_broken_at_a_subscript() -> None:
    lines = [
        _placed(0, "with dependent variable y", 81, 700, 200),
        _placed(0, "i", 200.5, 697, 203, size=7),
        _placed(0, ", k-dimensional regressor and error term.", 203.5, 700, 520),
    ]
    assert [p.text for p in layout(lines, [])] == [
        "with dependent variable yi, k-dimensional regressor and error term."
    ]


def test_layout_keeps_a_displayed_formula_as_one_paragraph() -> None:
    body = "the words of a sentence that fill the column from edge to edge ok"
    lines = [
        _placed(0, body, 81, 700, 520),
        _placed(0, "we consider the model", 81, 688, 300),
        _placed(0, "Ψ = VAR[β] = (X'X)", 184, 660, 300),
        _placed(0, "−1", 301, 666, 310, size=7),
        _placed(0, "=", 257, 640, 264),
        _placed(0, "1", 284, 646, 289),
        _placed(0, "n", 284, 632, 290),
        _placed(0, "(5)", 508, 640, 521),
        _placed(0, "where Φ is the covariance of the scores, which fills the line", 81, 610, 520),
    ]
    assert [p.text for p in layout(lines, [])] == [
        f"{body} we consider the model",
        "Ψ = VAR[β] = (X'X)−1 = 1 n (5)",  # the exponent is joined to its line
        "where Φ is the covariance of the scores, which fills the line",
    ]


def test_layout_reads_two_columns_left_then_right() -> None:
    left = [_placed(0, f"left column line {n} with words", 50, 700 - 12 * n, 290) for n in range(6)]
    right = [
        _placed(0, f"right column line {n} with words", 305, 700 - 12 * n, 545) for n in range(6)
    ]
    title = _placed(0, "A Title Across Both Columns", 150, 780, 450, size=10)
    interleaved = [title] + [line for pair in zip(left, right, strict=True) for line in pair]
    text = " ".join(p.text for p in layout(interleaved, []))
    assert text.index("left column line 5") < text.index("right column line 0")
    assert text.index("A Title") < text.index("left column line 0")


def test_numbered_bold_lines_are_headings_at_their_depth_without_an_outline() -> None:
    full = "words of the body text that fill this column line from one edge to the other"
    lines = [
        _placed(0, "A Paper Title", 150, 780, 450, size=17),
        _placed(0, "1. Introduction", 81, 740, 180, size=14),
        _placed(0, full, 81, 720, 520),
        _placed(0, "and end here.", 81, 708, 160),
        Line(0, "1.1. Dealing with heteroskedasticity", 81, 680, 10, 842, 300, 595, bold=True),
        _placed(0, full, 81, 660, 520),
        _placed(0, "2.1. Not a heading. Its text runs on in the same line as", 81, 640, 520),
    ]
    pieces = [(p.text, p.level) for p in layout(lines, []) if p.kind is None]
    assert pieces == [
        ("A Paper Title", 1),
        ("1. Introduction", 2),
        ("1.1. Dealing with heteroskedasticity", 3),
    ]


def test_a_word_broken_at_a_line_end_is_never_split_into_two_paragraphs() -> None:
    """An OCR scan's uneven line spacing must not cut ``im-`` from ``prove``."""
    full = "the words of a sentence that fill the column from edge to edge"
    lines = [
        *[_placed(0, full, 81, 700 - 14 * n, 520) for n in range(3)],
        _placed(0, "the words of a sentence that fill the column from edge to im-", 81, 658, 520),
        _placed(0, "prove our quarters.", 81, 630, 200),
    ]
    assert [p.text for p in layout(lines, [])] == [
        f"{full} {full} {full} the words of a sentence that fill the column from edge to "
        "improve our quarters."
    ]


def test_a_two_line_heading_is_one_section() -> None:
    lines = [
        _line(0, "3 Individual Developers and", 760, size=14),
        _line(0, "the Project", 744, size=14),
        _line(0, "Text of the section.", 700),
    ]
    pieces = list(layout(lines, [OutlineEntry("Individual Developers and the Project", 1, 0)]))
    assert [(p.text, p.kind) for p in pieces] == [
        ("3 Individual Developers and the Project", None),
        ("Text of the section.", ParagraphKind.BODY),
    ]


def test_junk_metadata_title_gives_way_to_the_first_page_title(clean_sample: Path) -> None:
    data = build_pdf(chapters_of(clean_sample)[:1], title="Microsoft Word - Binder1.doc")
    assert pdf.read(data).metadata.title == "Chapter 1"
    assert pdf.read(build_pdf(chapters_of(clean_sample)[:1])).metadata.title == (
        "A Generated Report"
    )


def test_plot_labels_need_a_figure_caption_and_a_plot_line() -> None:
    from reader.readers.pdf_plots import plot_labels

    ticks = _placed(0, "0.0 0.5 1.0 1.5", 180, 500, 400, size=7)
    side = _placed(0, "K(x)", 150, 560, 150.5, size=7)  # turned on its side: no width
    legend = _placed(0, "Parzen", 280, 540, 300, size=7)
    note = _placed(0, "a small note", 81, 480, 200, size=7)
    caption = _placed(0, "Figure 1: Kernel functions.", 150, 430, 450)
    lines = [ticks, side, legend, caption]
    assert plot_labels(lines, [0, 1, 2, 3], 10) == {0: [0, 1, 2]}
    assert plot_labels(lines, [0, 1, 2], 10) == {}  # no caption on the page
    small = [legend, note, caption]
    assert plot_labels(small, [0, 1, 2], 10) == {}  # small type, but nothing of a plot


def test_a_numbered_heading_wrapped_onto_a_second_line_is_one_heading() -> None:
    full = "words of the body text that fill this column line from one edge to the other"

    def bold(text: str, top: float) -> Line:
        return Line(0, text, 81, top, 12, 842, 440, 595, bold=True)

    lines = [
        _placed(0, full, 81, 720, 520),
        _placed(0, "and end here.", 81, 708, 160),
        bold("4.3. Testing and dating structural changes in the presence of", 680),
        bold("heteroskedasticity and autocorrelation", 666),
        _placed(0, full, 81, 644, 520),
        bold("4.4. Summary", 610),
        bold("5. Next", 596),  # a numbered heading right below is not its second line
    ]
    headings = [p.text for p in layout(lines, []) if p.kind is None]
    assert headings == [
        "4.3. Testing and dating structural changes in the presence of"
        " heteroskedasticity and autocorrelation",
        "4.4. Summary",
        "5. Next",
    ]


def test_a_bookmark_with_tex_quotes_finds_its_printed_heading() -> None:
    lines = [
        _placed(0, "4. Least squares solutions", 81, 740, 300, size=14),
        _placed(0, "words of the body text.", 81, 720, 300),
        _placed(0, "4.1. Least squares using the “LLt” Cholesky", 81, 690, 400, size=12),
        _placed(0, "more words of the body text.", 81, 670, 300),
    ]
    outline = [
        OutlineEntry("Least squares solutions", 1, 0),
        OutlineEntry("Least squares using the ``LLt'' Cholesky", 2, 0),
    ]
    pieces = [(p.text, p.level) for p in layout(lines, outline) if p.kind is None]
    assert pieces == [
        ("4. Least squares solutions", 1),
        ("4.1. Least squares using the “LLt” Cholesky", 2),
    ]


def test_unnumbered_headings_in_the_numbered_ones_type_are_a_level_below() -> None:
    full = "words of the body text that fill this column line from one edge to the other"

    def bold(text: str, top: float) -> Line:
        return Line(0, text, 81, top, 11.2, 842, 300, 595, bold=True)  # 1.12 x the body

    lines = [
        _placed(0, "A Paper Title", 150, 790, 450, size=17),
        bold("3.2. Clustered covariances", 760),
        _placed(0, full, 81, 740, 520),
        _placed(0, "and end here.", 81, 728, 160),
        _placed(0, "Types of bias correction", 81, 702, 200, size=11.2),  # JSS \subsubsection
        _placed(0, full, 81, 680, 520),
        _placed(0, "and end here.", 81, 668, 160),
        bold("5.1. Aghion et al. (2013) and Berger et al. (2017)", 640),
        _placed(0, full, 81, 620, 520),
        bold("5.2. Further functionality: Bootstrap covariances", 590),
        _placed(0, full, 81, 570, 520),
    ]
    pieces = [(p.text, p.level) for p in layout(lines, []) if p.kind is None]
    assert pieces == [
        ("A Paper Title", 1),
        ("3.2. Clustered covariances", 3),
        ("Types of bias correction", 4),
        ("5.1. Aghion et al. (2013) and Berger et al. (2017)", 3),
        ("5.2. Further functionality: Bootstrap covariances", 3),
    ]


def test_an_inline_enumeration_wrapped_to_a_line_start_is_not_a_list() -> None:
    full = "words of the body text that fill this column line from one edge to the other"
    lines = [
        _placed(
            0,
            "Important special cases of this approach with sandwich covariances include:",
            81,
            700,
            520,
        ),
        _placed(
            0,
            "(1) independent but heteroscedastic observations needing HC covariances, (2)",
            81,
            686,
            520,
        ),
        _placed(0, "autocorrelated time series requiring HAC covariances.", 81, 672, 400),
        _placed(0, "The list:", 81, 650, 140),
        _placed(0, "1. a real item after a short line", 81, 636, 300),
        _placed(0, full, 81, 614, 520),
    ]
    pieces = [(p.kind, p.text[:24]) for p in layout(lines, [])]
    assert pieces[0] == (ParagraphKind.BODY, "Important special cases ")
    assert "include: (1) independent" in next(p.text for p in layout(lines, []))
    assert (ParagraphKind.LIST_ITEM, "a real item after a shor") in pieces


def test_a_fractions_denominator_set_small_below_the_line_joins_it() -> None:
    lines = [
        _placed(
            0, "employ a Bartlett kernel for obtaining the weights as wℓ = 1 −", 81, 633.5, 501
        ),
        _placed(0, "L+1 at", 491.5, 626.8, 521.4, size=8),  # under the fraction bar
        _placed(
            0, "lag ℓ up to lag L. As Petersen noticed, the maximal lag length is", 81, 620, 521
        ),
    ]
    assert len(list(layout(lines, []))) == 1


def test_a_figure_at_a_pages_foot_does_not_split_the_paragraph_above_it() -> None:
    full = "words of the body text that fill this column line from one edge to the other"
    lines = [
        _placed(
            0, "A paragraph opens here and runs on across the page to fill it up", 81, 700, 520
        ),
        _placed(0, "and it stops in the middle of its sentence on this page, as the", 81, 686, 520),
        _placed(0, "0.4 0.5 0.6 0.7", 100, 400, 110, size=6),  # the plot, well below the text
        _placed(0, "Observations per cluster", 266, 224, 345, size=7),
        _placed(0, "Figure 5: Supplementary simulation experiment with clusters", 81, 193, 520),
        _placed(0, "of several sizes.", 81, 179, 200),
        _placed(
            1, "figure leaves it, and the paragraph goes on at the next page's top.", 81, 733, 520
        ),
        _placed(1, full, 81, 700, 520),
    ]
    pieces = [(p.text[:28], p.boilerplate) for p in layout(lines, [])]
    assert pieces == [
        ("0.4 0.5 0.6 0.7 Observations", True),
        ("Figure 5: Supplementary simu", False),
        ("A paragraph opens here and r", False),
        ("words of the body text that ", False),
    ]
    whole = next(p.text for p in layout(lines, []) if p.text.startswith("A paragraph"))
    assert "as the figure leaves it" in whole


def test_a_bibliography_under_its_heading_keeps_hanging_entries_whole() -> None:
    lines = [
        _placed(0, "References", 81, 760, 160, size=14),
        _placed(
            0,
            "Long JS, Ervin LH (2000). “Using Heteroscedasticity Consistent Standard",
            81,
            740,
            520,
        ),
        _placed(
            0,
            "Errors in the Linear Regression Model.” The American Statistician. doi:",
            92,
            726,
            520,
        ),
        Line(0, "10.1080/00031305.2000.10474549.", 92, 712, 10, 842, 300, 595, mono=True),
        _placed(
            0,
            "a) Lumley T (1999). “Weighted Empirical Adaptive Variance Estimators.”",
            81,
            698,
            520,
        ),
        _placed(0, "Journal of the Royal Statistical Society B, 61, 459–477.", 92, 684, 400),
    ]
    pieces = [(p.kind, p.text) for p in layout(lines, [])]
    assert pieces[1:] == [
        (
            ParagraphKind.BODY,
            "Long JS, Ervin LH (2000). “Using Heteroscedasticity Consistent Standard Errors in"
            " the Linear Regression Model.” The American Statistician. doi:"
            " 10.1080/00031305.2000.10474549.",
        ),
        (
            ParagraphKind.BODY,
            "a) Lumley T (1999). “Weighted Empirical Adaptive Variance Estimators.” Journal of"
            " the Royal Statistical Society B, 61, 459–477.",
        ),
    ]
