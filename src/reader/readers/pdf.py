"""Reader for text PDFs (reports, papers, manuals).

Text is taken with pypdfium2 (Google's PDFium: Apache-2.0/BSD, the fastest
permissively licensed PDF engine measured — 200 pages in a fraction of a
second — and one that repairs broken cross-reference tables as viewers do).
pymupdf is as fast but AGPL, and pypdf and pdfminer.six are 10-20 times slower.
PDFium gives lines in reading order with their position and font size; turning
them into paragraphs and headings is :mod:`reader.readers.pdf_layout`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.errors import DocumentError
from reader.model import Document, Metadata
from reader.readers.builder import DocumentBuilder
from reader.readers.sniff import is_pdf as sniff

if TYPE_CHECKING:
    from reader.readers.pdf_layout import Line, OutlineEntry

__all__ = ["EXTENSIONS", "FORMAT", "NoTextLayerError", "PdfError", "read", "sniff"]

FORMAT = "pdf"
EXTENSIONS: frozenset[str] = frozenset({".pdf"})

_MAX_OUTLINE = 10_000  # bookmarks read; a loop in a damaged outline must not run forever
_SOFT_BREAK = "\ufffe"  # PDFium's mark for a hyphen it removed at a line end
_SEGMENT = re.compile("[^\r\n\ufffe]+")  # one line of a page's text
_PDF_DATE = re.compile(r"(?:D:)?(\d{4})(\d{2})?(\d{2})?")


class PdfError(DocumentError):
    """The PDF cannot be opened: damaged, encrypted, or not a PDF."""


class NoTextLayerError(PdfError):
    """The PDF has pages but no text: a scan without OCR."""


def read(data: bytes, *, path: Path | None = None) -> Document:
    """Read a PDF's bytes into a document.

    Raises:
        PdfError: The file is damaged beyond repair or password-protected.
        NoTextLayerError: No page has any text (a scanned document).
    """
    # Imported here: sniffing any file for the PDF signature must not load PDFium (tens of ms).
    import pypdfium2 as pdfium

    from reader.readers.pdf_layout import layout

    name = path.name if path is not None else "the PDF"
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        raise _open_error(name, str(error)) from None
    try:
        metadata = _metadata(pdf)
        lines = _lines(pdf)
        if not any(line.text.strip() for line in lines):
            raise NoTextLayerError(
                f"{name} has no text layer (a scanned document?); make it searchable "
                f"with OCR first, e.g. `ocrmypdf {name} searchable.pdf`"
            )
        outline = _outline(pdf)
    finally:
        pdf.close()
    builder = DocumentBuilder(FORMAT, metadata, path=path)
    for piece in layout(lines, outline):
        if piece.kind is None:
            builder.heading(piece.text, piece.level)
        else:
            builder.paragraph(piece.text, piece.kind, marker=piece.marker)
    return builder.build()


def _open_error(name: str, reason: str) -> PdfError:
    if "password" in reason.lower():
        return PdfError(f"{name} is password-protected; save an unprotected copy and open that")
    reason = reason.strip().rstrip(".")
    return PdfError(f"{name} cannot be read as a PDF ({reason}); it is damaged or not a PDF")


def _lines(pdf: Any) -> list[Line]:
    """Every line of text with the position and font size of its first character."""
    import pypdfium2.raw as pdfium_c

    from reader.readers.pdf_layout import Line

    lines: list[Line] = []
    for index in range(len(pdf)):
        page = pdf[index]
        height = float(page.get_height())
        textpage = page.get_textpage()
        text = textpage.get_text_range()
        for match in _SEGMENT.finditer(text):
            raw = match.group()
            stripped = raw.strip()
            if not stripped:
                continue
            if text[match.end() : match.end() + 1] == _SOFT_BREAK:
                stripped += "-"  # a line-end hyphen PDFium took out; pdf_layout rejoins it
            first = match.start() + len(raw) - len(raw.lstrip())
            left, _bottom, _right, top = textpage.get_charbox(first)
            size = float(pdfium_c.FPDFText_GetFontSize(textpage.raw, first))
            lines.append(Line(index, stripped, float(left), float(top), size, height))
        textpage.close()
        page.close()
    return lines


def _outline(pdf: Any) -> list[OutlineEntry]:
    from reader.readers.pdf_layout import OutlineEntry

    entries = []
    for count, bookmark in enumerate(pdf.get_toc(max_depth=6)):
        if count >= _MAX_OUTLINE:
            break
        dest = bookmark.get_dest()
        page = dest.get_index() if dest is not None else None
        title = bookmark.get_title() or ""
        if page is not None and title.strip():
            entries.append(OutlineEntry(" ".join(title.split()), bookmark.level + 1, page))
    return entries


def _metadata(pdf: Any) -> Metadata:
    info = pdf.get_metadata_dict(skip_empty=True)
    author = info.get("Author", "")
    metadata = Metadata(
        title=info.get("Title", ""),
        authors=[a.strip() for a in re.split(r";|\band\b|&", author) if a.strip()],
        date=_date(info.get("CreationDate", "")),
    )
    if info.get("Subject"):
        metadata.extra["subject"] = info["Subject"]
    return metadata


def _date(value: str) -> str:
    """``D:20170717103000Z`` -> ``2017-07-17`` (as precise as the value is)."""
    match = _PDF_DATE.match(value.strip())
    if not match:
        return value.strip()
    return "-".join(part for part in match.groups() if part)
