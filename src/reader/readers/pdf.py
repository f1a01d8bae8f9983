"""Reader for text PDFs (reports, papers, manuals).

Text is taken with pypdfium2 (Google's PDFium: Apache-2.0/BSD, the fastest
permissively licensed PDF engine measured — 200 pages in a fraction of a
second — and one that repairs broken cross-reference tables as viewers do).
pymupdf is as fast but AGPL, and pypdf and pdfminer.six are 10-20 times slower.
PDFium gives lines in reading order with their position and font size; turning
them into paragraphs and headings is :mod:`reader.readers.pdf_layout`.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.errors import DocumentError
from reader.model import Document, Metadata, ParagraphKind
from reader.readers.builder import DocumentBuilder
from reader.readers.sniff import is_pdf as sniff

if TYPE_CHECKING:
    from reader.readers.pdf_line import Line, OutlineEntry
    from reader.readers.pdf_links import PageLink

__all__ = [
    "EXTENSIONS",
    "FORMAT",
    "PREVIEW_PAGES",
    "NoTextLayerError",
    "PdfError",
    "preview",
    "read",
    "sniff",
]

FORMAT = "pdf"
EXTENSIONS: frozenset[str] = frozenset({".pdf"})

PREVIEW_PAGES = 6
"""Pages a long PDF's preview reads: more than a screen of text, in ~20 ms."""
_SAMPLE_PAGES = 12  # pages a preview measures the body text on
_PREVIEWED_FROM = 4 * PREVIEW_PAGES  # pages; a shorter PDF is read whole at once
_NOT_TEXT = (None, ParagraphKind.FOOTNOTE)  # headings and notes: the cut keeps them
_MAX_OUTLINE = 10_000  # bookmarks read; a loop in a damaged outline must not run forever
_ALIGN_WINDOW = 8  # character entries looked through for a text's character
_SOFT_BREAK = "\ufffe"  # PDFium's mark for a hyphen it removed at a line end
_SEGMENT = re.compile("[^\r\n\ufffe]+")  # one line of a page's text
_PDF_DATE = re.compile(r"(?:D:)?(\d{4})(\d{2})?(\d{2})?")
_JUNK_TITLE = re.compile(
    r"\.(?:pdf|docx?|odt|rtf|tex|dvi|ps|indd|qxd|pages|tiff?|jpe?g|png)\s*$|^microsoft\s+\w+\s+-"
    r"|^untitled\b|^(?:document|binder|scan|img|image)[\s_-]*\d*$|^[\d\s_-]+$",
    re.IGNORECASE,
)
_SHORT_TITLE = 5  # "DSI", "ms3": a code, not a title
# Bold by the font's name: the weight PDFium reports for Type 1 fonts is derived
# from stem widths and calls the body text of many LaTeX papers bold.
_BOLD_FONT = re.compile(r"bold|black|heavy|demi|cmbx|lmbx|[-+,_]bd|medium", re.IGNORECASE)
_MONO_SAMPLES = 6  # characters of a line looked at to tell code from text
_FIXED_PITCH = 1  # FPDF_FONT_FIXEDPITCH: the font says it is monospaced
_MONO_FONT = re.compile(r"mono|courier|consol|typewriter|cmtt|lmtt|txtt|(?<![a-z])tt", re.I)
_MARK_AFTER_WORD = re.compile(r"(?<=[^\W\d_.,;:)])\d{1,3}\b|(?<=[.,;:)])\d{1,3}\b")
_MARK_SIZE = 0.85  # a note mark is set at most this share of the word before it
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_LIGATURES = str.maketrans(
    {
        "\ufb00": "ff",
        "\ufb01": "fi",
        "\ufb02": "fl",
        "\ufb03": "ffi",
        "\ufb04": "ffl",
        "\ufb05": "st",
        "\ufb06": "st",
    }
)  # typeset ligatures whose fonts map them to one code point


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
    pdf = _open(data, path)
    try:
        return _document(pdf, path, len(pdf))
    finally:
        pdf.close()


def preview(path: Path) -> Document | None:
    """The first pages of a long PDF, for a first screen while the whole is read.

    Read as :func:`read` reads them, less the last paragraph (it may go on past
    the pages read), so its paragraphs are those the whole document starts with.
    ``None`` for a PDF of few pages (read whole at once) or one that cannot be
    read (reading it whole reports why).
    """
    try:
        pdf = _open(path.read_bytes(), path)
    except (OSError, PdfError):
        return None
    try:
        if len(pdf) < _PREVIEWED_FROM:
            return None
        return _document(pdf, path, PREVIEW_PAGES, partial=True)
    except PdfError:
        return None
    finally:
        pdf.close()


def _open(data: bytes, path: Path | None) -> Any:
    # Imported here: sniffing any file for the PDF signature must not load PDFium (tens of ms).
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        raise _open_error(_name(path), str(error)) from None


def _name(path: Path | None) -> str:
    return path.name if path is not None else "the PDF"


def _document(pdf: Any, path: Path | None, pages: int, *, partial: bool = False) -> Document:
    """The document of the first ``pages`` pages (of all of them unless ``partial``)."""
    from reader.readers.pdf_headings import first_page_title
    from reader.readers.pdf_layout import layout
    from reader.readers.pdf_links import place_links

    metadata = _metadata(pdf)
    count = len(pdf)
    page_links_found: list[PageLink] = []
    lines = _lines(pdf, range(min(pages, count)), page_links_found)
    if not any(line.text.strip() for line in lines):
        name = _name(path)
        raise NoTextLayerError(
            f"{name} has no text layer (a scanned document?); make it searchable "
            f"with OCR first, e.g. `ocrmypdf {name} searchable.pdf`"
        )
    # the first pages alone do not say how the text is set (front matter, a
    # contents page): measure it on pages spread over the whole
    sample = _lines(pdf, range(0, count, max(1, count // _SAMPLE_PAGES))) if partial else None
    whole_outline = _outline(pdf)
    outline = [entry for entry in whole_outline if entry.page < pages]
    if _junk_title(metadata.title, path):
        metadata.title = first_page_title(lines) or metadata.title
    pieces = list(
        layout(lines, outline, metadata.title, outlined=bool(whole_outline), sample=sample)
    )
    if partial:
        last = max((i for i, p in enumerate(pieces) if p.kind not in _NOT_TEXT), default=0)
        pieces = pieces[:last]
    builder = DocumentBuilder(FORMAT, metadata, path=path)
    links, targeted = place_links(pieces, page_links_found, lines)
    for index, piece in enumerate(pieces):
        if index in targeted:
            builder.target(f"p{index}")
        if piece.kind is None:
            builder.heading(piece.text, piece.level)
        else:
            builder.paragraph(
                piece.text,
                piece.kind,
                marker=piece.marker,
                boilerplate=piece.boilerplate,
                links=links.get(index, ()),
            )
    return builder.build()


def _open_error(name: str, reason: str) -> PdfError:
    if "password" in reason.lower():
        return PdfError(f"{name} is password-protected; save an unprotected copy and open that")
    reason = reason.strip().rstrip(".")
    return PdfError(f"{name} cannot be read as a PDF ({reason}); it is damaged or not a PDF")


def _lines(pdf: Any, pages: Iterable[int], links: list[PageLink] | None = None) -> list[Line]:
    """The lines of pages ``pages`` with their geometry (see :class:`.pdf_line.Line`).

    The pages' link annotations are added to ``links``, if given, while their
    text is open (see :mod:`reader.readers.pdf_links`).

    PDFium splits a page's text into lines in content order; each line's position
    is read from its first and last characters only (two boxes, an origin and two
    font queries per line, not per character), which keeps a 300-page book well
    under a second.
    """
    import ctypes

    import pypdfium2.raw as pdfium_c

    from reader.readers.pdf_accents import ACCENT, compose_accents
    from reader.readers.pdf_line import Line
    from reader.readers.pdf_links import page_links

    lines: list[Line] = []
    x, y = ctypes.c_double(), ctypes.c_double()
    name = ctypes.create_string_buffer(64)
    flags = ctypes.c_int()
    byref = ctypes.byref
    for index in pages:
        page = pdf[index]
        width, height = float(page.get_width()), float(page.get_height())
        textpage = page.get_textpage()
        raw_page = textpage.raw
        text = textpage.get_text_range()
        unit = _char_indices(raw_page, text)
        marks = _note_marks(raw_page, text, unit)
        accents = ACCENT.search(text) is not None
        for match in _SEGMENT.finditer(text):
            raw = match.group()
            stripped = raw.strip()
            if not stripped:
                continue
            first = match.start() + len(raw) - len(raw.lstrip())
            last = match.start() + len(raw.rstrip()) - 1
            if marks:
                stripped = _superscript(stripped, first, last, marks)
            if accents and ACCENT.search(stripped):
                stripped, lead, trail = compose_accents(textpage, unit, stripped, first)
                first, last = first + lead, last - trail
            if text[match.end() : match.end() + 1] == _SOFT_BREAK:
                stripped += "-"  # a line-end hyphen PDFium took out; pdf_layout rejoins it
            middle = _printed(text, (first + last) // 2, last)
            pdfium_c.FPDFText_GetCharOrigin(raw_page, unit[first], x, y)
            right = float(textpage.get_charbox(unit[last])[2])
            # the size of most of the line: a line may start with a superscript or a
            # bullet, and its middle may fall on a subscript (the median of three)
            sizes = sorted(
                float(pdfium_c.FPDFText_GetFontSize(raw_page, unit[_printed(text, at, last)]))
                for at in (middle, (3 * first + last) // 4, (first + 3 * last) // 4)
            )
            size = sizes[1]
            # code only when the whole line is: a sample of its characters, not one
            # that may be an inline command in running text
            mono = True
            for sample in range(first, last + 1, max(1, (last - first) // _MONO_SAMPLES)):
                pdfium_c.FPDFText_GetFontInfo(raw_page, unit[sample], name, 64, byref(flags))
                font = name.value.decode("latin-1", "replace")
                if not (flags.value & _FIXED_PITCH or _MONO_FONT.search(font)):
                    mono = False
                    break
            pdfium_c.FPDFText_GetFontInfo(raw_page, unit[middle], name, 64, byref(flags))
            font = name.value.decode("latin-1", "replace")
            lines.append(
                Line(
                    index,
                    stripped.translate(_LIGATURES),
                    float(x.value),
                    float(y.value) + size,
                    size,
                    height,
                    right=max(right, float(x.value)),
                    page_width=width,
                    bold=_BOLD_FONT.search(font) is not None,
                    mono=mono,
                )
            )
        if links is not None:
            links.extend(page_links(pdf, page, textpage))
        textpage.close()
        page.close()
    return lines


def _printed(text: str, at: int, last: int) -> int:
    """The first character from ``at`` on that is printed (a space PDFium made has size 1)."""
    while at < last and text[at].isspace():
        at += 1
    return at


def _char_indices(raw_page: Any, text: str) -> Sequence[int]:
    """PDFium's character index of each character of a page's ``text``.

    Usually the same: the text is read from the character list. But PDFium
    keeps a character outside the Basic Multilingual Plane (the mathematical
    italics ``𝑘``, ``𝑞`` of a LuaLaTeX or newtx paper) either as two entries, the
    halves of its UTF-16 surrogate pair, where the text holds one character, or
    as one entry that the text leaves out. Either way every position after it
    would ask PDFium about another character, and a page's lines would get the
    geometry of others (an indented first line read as a full one, a right
    column's line at the left). When every such character is a pair, the
    indices are counted; when the text's length does not add up even so, the
    text is aligned with the character list, one query per character.
    """
    import pypdfium2.raw as pdfium_c

    count = pdfium_c.FPDFText_CountChars(raw_page)
    if text.isascii() or max(text, default="\0") <= "\uffff":
        if count == len(text):
            return range(len(text) + 1)
    elif count == len(text) + sum(1 for character in text if character > "\uffff"):
        # each such character is two entries, and none is left out
        return list(itertools.accumulate(text, lambda at, c: at + 1 + (c > "\uffff"), initial=0))
    codes = [pdfium_c.FPDFText_GetUnicode(raw_page, i) for i in range(count)]
    indices, at = [], 0
    for character in text:
        code = ord(character)
        high = 0xD800 + ((code - 0x10000) >> 10) if code > 0xFFFF else -1
        found = at
        # an entry the text left out is skipped; a character PDFium made up for
        # the text (a soft hyphen's mark) is taken where it stands
        while found < min(count, at + _ALIGN_WINDOW) and codes[found] not in (code, high):
            found += 1
        if found >= min(count, at + _ALIGN_WINDOW):
            found = at
        indices.append(min(found, max(count - 1, 0)))
        at = found + (2 if found < count and codes[found] == high else 1)
    indices.append(min(at, count))
    return indices


def _note_marks(raw_page: Any, text: str, unit: Sequence[int]) -> list[tuple[int, int]]:
    """Spans of ``text`` that are digits set small and raised after a word: note marks.

    PDFium gives a superscript as a plain digit glued to the word before it
    (``message1 and``); the mark is told by its type, smaller and higher than
    that word's last letter. A formula's exponent (``x2``) is found the same way.
    """
    import ctypes

    import pypdfium2.raw as pdfium_c

    marks = []
    x, mark_y, word_y = ctypes.c_double(), ctypes.c_double(), ctypes.c_double()
    for match in _MARK_AFTER_WORD.finditer(text):
        at, before = unit[match.start()], unit[match.start() - 1]
        size = pdfium_c.FPDFText_GetFontSize(raw_page, at)
        if size >= pdfium_c.FPDFText_GetFontSize(raw_page, before) * _MARK_SIZE:
            continue
        pdfium_c.FPDFText_GetCharOrigin(raw_page, at, x, mark_y)
        pdfium_c.FPDFText_GetCharOrigin(raw_page, before, x, word_y)
        if mark_y.value > word_y.value + 1:
            marks.append((match.start(), match.end()))
    return marks


def _superscript(line: str, first: int, last: int, marks: list[tuple[int, int]]) -> str:
    """``line`` (starting at text index ``first``) with its note marks as superscripts."""
    for start, end in reversed([m for m in marks if first <= m[0] <= last]):
        start, end = start - first, end - first
        line = line[:start] + line[start:end].translate(_SUPERSCRIPT) + line[end:]
    return line


def _outline(pdf: Any) -> list[OutlineEntry]:
    from reader.readers.pdf_line import OutlineEntry

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


def _junk_title(title: str, path: Path | None) -> bool:
    """Whether a metadata title is a tool's leftover rather than the document's title.

    Word processors and scanners fill the field with a file name
    (``Binder1.pdf``, ``Microsoft Word - report.doc``), a short code (``DSI``) or
    nothing; the title printed on the first page is better then.
    """
    title = title.strip()
    if not title or _JUNK_TITLE.search(title):
        return True
    if path is not None and title.casefold() in {path.name.casefold(), path.stem.casefold()}:
        return True
    return (
        len(title) <= _SHORT_TITLE and " " not in title and (title.isupper() or not title.isalpha())
    )


def _date(value: str) -> str:
    """``D:20170717103000Z`` -> ``2017-07-17`` (as precise as the value is)."""
    match = _PDF_DATE.match(value.strip())
    if not match:
        return value.strip()
    return "-".join(part for part in match.groups() if part)
