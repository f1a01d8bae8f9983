"""Build HTML pages, EPUB books and PDF files for the format-reader tests and benchmark.

The repository holds no binary samples: every file is generated from text, with
the features the readers must handle (page chrome, a table of contents, an
outline, running headers, page numbers, words hyphenated at line ends).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape

from fpdf import FPDF

CHROME_TOP = """<div class="cookie-banner">We use cookies to improve your experience.
<button>Accept all cookies</button></div>
<header class="site-header"><a href="/"><img src="logo.png" alt="Site logo"></a>
<nav><ul><li><a href="/">Home</a></li><li><a href="/regions">Regions</a></li>
<li><a href="/topics">Topics</a></li></ul></nav></header>
<div class="breadcrumbs"><a href="/">Home</a> / <a href="/russia">Russia</a></div>"""
SHARE_BAR = """<div class="share-tools"><a href="#t">Share on Twitter</a>
<a href="#f">Share on Facebook</a> <a href="#m">Email this article</a></div>"""
RELATED = """<section class="related-articles"><h3>Related analysis</h3><ul>
<li><a href="/a1">What the summit means for Moscow</a></li>
<li><a href="/a2">Beijing's view of the Arctic</a></li>
<li><a href="/a3">Five charts on trade</a></li></ul></section>"""
FOOTER = """<footer><p>© 2017 Example Endowment. All rights reserved.</p>
<ul><li><a href="/privacy">Privacy</a></li><li><a href="/terms">Terms</a></li></ul></footer>"""


def text_blocks(text: str) -> list[str]:
    """Split a plain-text document into its blank-line separated blocks."""
    return [block.strip("\n") for block in text.split("\n\n") if block.strip()]


def essay_body(blocks: Sequence[str]) -> str:
    """HTML for the body of a plain-text essay: capitals headings, bullet lists, paragraphs."""
    parts = []
    for block in blocks:
        lines = block.split("\n")
        heading = lines[0].strip()
        if heading.isupper() and len(heading) < 60:
            parts.append(f"<h2>{escape(heading)}</h2>")
            lines = lines[1:]
        items = [line.strip()[1:].strip() for line in lines if line.strip().startswith("•")]
        if items:
            parts.append("<ul>" + "".join(f"<li>{escape(i)}</li>" for i in items) + "</ul>")
        elif lines:
            parts.append(f"<p>{escape(' '.join(line.strip() for line in lines))}</p>")
    return "\n".join(parts)


def web_page(title: str, body: str, *, author: str = "", date: str = "") -> str:
    """A saved news-site page: the article inside typical page chrome."""
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{escape(title)} | Example</title>
<meta property="og:title" content="{escape(title)}">
<meta name="author" content="{escape(author)}">
<meta property="article:published_time" content="{date}T09:00:00Z">
<meta name="description" content="An essay.">
<script>window.tracking = {{"page": "article"}};</script>
<style>body {{ font-family: serif; }}</style></head>
<body>{CHROME_TOP}
<main><article><h1>{escape(title)}</h1>{SHARE_BAR}
{body}
</article>{RELATED}</main>
<aside class="sidebar"><h3>Most popular</h3><ol><li><a href="/p1">One</a></li>
<li><a href="/p2">Two</a></li><li><a href="/p3">Three</a></li></ol></aside>
{FOOTER}</body></html>"""


@dataclass
class Chapter:
    """One chapter of a generated book: a file with a title and body HTML."""

    title: str
    body: str
    sections: list[tuple[str, str]] = field(default_factory=list)
    """(element id, title) of subsections listed in the table of contents."""


def build_epub(
    chapters: Sequence[Chapter],
    *,
    title: str = "A Generated Book",
    authors: Sequence[str] = ("Ann Author",),
    version: int = 3,
    extra_files: dict[str, bytes] | None = None,
) -> bytes:
    """An EPUB 2 (NCX table of contents) or EPUB 3 (navigation document) book."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as book:
        book.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        book.writestr(
            "META-INF/container.xml",
            '<?xml version="1.0"?><container version="1.0" '
            'xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles>'
            '<rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>'
            "</rootfiles></container>",
            compress_type=zipfile.ZIP_DEFLATED,
        )
        for i, chapter in enumerate(chapters, 1):
            book.writestr(
                f"OEBPS/text/ch{i}.xhtml",
                '<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml">'
                f"<head><title>{escape(chapter.title)}</title></head>"
                f"<body>{chapter.body}</body></html>",
                compress_type=zipfile.ZIP_DEFLATED,
            )
        book.writestr("OEBPS/content.opf", _opf(chapters, title, authors, version))
        if version >= 3:
            book.writestr("OEBPS/nav.xhtml", _nav(chapters))
        else:
            book.writestr("OEBPS/toc.ncx", _ncx(chapters))
        for name, data in (extra_files or {}).items():
            book.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def _opf(chapters: Sequence[Chapter], title: str, authors: Sequence[str], version: int) -> str:
    creators = "".join(f"<dc:creator>{escape(a)}</dc:creator>" for a in authors)
    items = "".join(
        f'<item id="ch{i}" href="text/ch{i}.xhtml" media-type="application/xhtml+xml"/>'
        for i in range(1, len(chapters) + 1)
    )
    toc_item = (
        '<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>'
        if version >= 3
        else '<item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>'
    )
    spine = "".join(f'<itemref idref="ch{i}"/>' for i in range(1, len(chapters) + 1))
    nav_ref = '<itemref idref="nav" linear="no"/>' if version >= 3 else ""
    spine_attributes = "" if version >= 3 else ' toc="ncx"'
    return (
        f'<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="{version}.0">'
        '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<dc:title>{escape(title)}</dc:title>{creators}<dc:date>2017-07-17</dc:date>"
        "<dc:language>en</dc:language><dc:publisher>Generated Press</dc:publisher></metadata>"
        f"<manifest>{toc_item}{items}</manifest>"
        f"<spine{spine_attributes}>{nav_ref}{spine}</spine></package>"
    )


def _nav(chapters: Sequence[Chapter]) -> str:
    entries = []
    for i, chapter in enumerate(chapters, 1):
        subs = "".join(
            f'<li><a href="text/ch{i}.xhtml#{sid}">{escape(stitle)}</a></li>'
            for sid, stitle in chapter.sections
        )
        sub_list = f"<ol>{subs}</ol>" if subs else ""
        entries.append(f'<li><a href="text/ch{i}.xhtml">{escape(chapter.title)}</a>{sub_list}</li>')
    return (
        '<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml" '
        'xmlns:epub="http://www.idpf.org/2007/ops"><body>'
        f'<nav epub:type="toc"><h1>Contents</h1><ol>{"".join(entries)}</ol></nav></body></html>'
    )


def _ncx(chapters: Sequence[Chapter]) -> str:
    points = []
    for i, chapter in enumerate(chapters, 1):
        subs = "".join(
            f'<navPoint id="s{i}-{sid}"><navLabel><text>{escape(stitle)}</text></navLabel>'
            f'<content src="text/ch{i}.xhtml#{sid}"/></navPoint>'
            for sid, stitle in chapter.sections
        )
        points.append(
            f'<navPoint id="c{i}"><navLabel><text>{escape(chapter.title)}</text></navLabel>'
            f'<content src="text/ch{i}.xhtml"/>{subs}</navPoint>'
        )
    return (
        '<?xml version="1.0"?><ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1">'
        f"<navMap>{''.join(points)}</navMap></ncx>"
    )


@dataclass
class PdfChapter:
    """A chapter of a generated PDF: a bookmarked heading and paragraphs of text."""

    title: str
    paragraphs: list[str]


def build_pdf(
    chapters: Sequence[PdfChapter],
    *,
    title: str = "A Generated Report",
    author: str = "Ann Author",
    running_header: str = "A Generated Report - Working Paper",
    outline: bool = True,
    line_chars: int = 85,
) -> bytes:
    """A text PDF: outline (bookmarks), running header, page numbers, hyphenated lines.

    Lines are broken by hand at ``line_chars`` characters; a long word at a line
    end is split with a hyphen, as typesetters do.
    """
    pdf = FPDF(format="A4", unit="pt")
    pdf.set_title(title)
    pdf.set_author(author)
    pdf.set_auto_page_break(False)
    top, bottom, line_height = 72.0, 770.0, 14.0
    y = bottom  # forces a first page

    def new_page() -> float:
        pdf.add_page()
        pdf.set_font("Helvetica", size=8)
        pdf.set_xy(72, 30)
        pdf.cell(0, 10, running_header)
        pdf.set_xy(72, 800)
        pdf.cell(450, 10, str(pdf.page_no()), align="C")
        return top

    for chapter in chapters:
        if y > bottom - 80:
            y = new_page()
        pdf.set_font("Helvetica", "B", 18)
        pdf.set_xy(72, y)
        if outline:
            pdf.start_section(chapter.title, level=0)
        pdf.cell(0, 22, latin1(chapter.title))
        y += 36
        pdf.set_font("Times", size=11)
        for paragraph in chapter.paragraphs:
            for line in hyphenated_lines(latin1(paragraph), line_chars):
                if y > bottom:
                    y = new_page()
                    pdf.set_font("Times", size=11)
                pdf.set_xy(72, y)
                pdf.cell(0, line_height, line)
                y += line_height
            y += line_height * 0.8
    return bytes(pdf.output())


_TYPOGRAPHY = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


def latin1(text: str) -> str:
    """Text the PDF core fonts can set: typographic quotes and dashes made plain.

    Anchors fold these the same way, so the PDF's anchors still match the text's.
    """
    return text.translate(_TYPOGRAPHY).encode("latin-1", "replace").decode("latin-1")


def hyphenated_lines(text: str, width: int) -> list[str]:
    """Break text into lines of at most ``width`` characters, hyphenating long words."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if len(candidate) <= width:
            line = candidate
            continue
        room = width - len(line) - 2  # a space and the hyphen
        if len(word) >= 8 and room >= 3 and word[: min(room, len(word) - 3)].isalpha():
            cut = min(room, len(word) - 3)
            lines.append(f"{line} {word[:cut]}-".strip())
            line = word[cut:]
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines
