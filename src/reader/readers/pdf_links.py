"""A PDF's links, placed on the paragraphs the layout made: link annotations and footnote marks.

A PDF link is a rectangle on a page (an annotation) with a URI or a place in the
document; the layout (:mod:`reader.readers.pdf_layout`) has by then turned lines
into paragraph texts without positions. So each link is read as the text under
its rectangle and found again in the paragraphs, in reading order, from where
the last one was found; a place in the document is known by the text at it
(its first line), looked up among the paragraphs and headings by its letters.
A link whose text is not found (split by a hyphen the layout removed) is left
out: the text is never changed for a link.

Footnotes the layout set apart (``FOOTNOTE`` paragraphs with their mark) are
linked from the raised mark before them (``message¹``) whether or not the PDF
has a link there.
"""

from __future__ import annotations

import ctypes
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from reader.model import Link, ParagraphKind
from reader.sanitize import safe_url

if TYPE_CHECKING:
    from reader.readers.pdf_layout import Piece
    from reader.readers.pdf_line import Line

__all__ = ["PageLink", "page_links", "place_links"]

_URI, _GOTO = 4 - 1, 1  # PDFACTION_URI, PDFACTION_GOTO
_TRIM = " \t\r\n\ufffe.,;:)]\"'"
_LETTERS = re.compile(r"[\W\d_]+")
_KEY = 48  # letters of a paragraph's start compared with the text at a destination
_PREFIX = 12  # of which these find the candidates
_MIN_KEY = 6
_BAND = 48.0  # points under a destination's y searched for the text there
_LOOK_BACK, _LOOK_AHEAD = 8, 400  # paragraphs searched around the last link found
_NOTE_LOOK_BACK = 40  # paragraphs before a footnote searched for its mark
_RAISED = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUPERSCRIPT = str.maketrans("0123456789", _RAISED)
_MIN_TEXT = 3  # a shorter link text ("1", a note's mark) is found anywhere: left out
_MAX_LINKS = 10_000  # a page's; a hostile file's millions of annotations are not all read
_MAX_URI = 8192
_DESTINATION_LINES = 3


class PageLink(NamedTuple):
    """A link as the PDF has it: the text under it and where it leads.

    Attributes:
        text: The text under the link's rectangle (trimmed of the punctuation
            a rectangle catches around it).
        url: A safe external URL, or "" for a place in the document.
        page: The page of that place (-1 for a URL).
        top: Its height on the page (PDF units, y up; -1 for the page's top).
    """

    text: str
    url: str = ""
    page: int = -1
    top: float = -1.0


def page_links(pdf: Any, page: Any, textpage: Any) -> list[PageLink]:
    """The link annotations of one page, top to bottom (read while its text is open)."""
    import pypdfium2.raw as pdfium_c

    link = pdfium_c.FPDF_LINK()
    rect = pdfium_c.FS_RECTF()
    position = ctypes.c_int(0)
    on_page: list[tuple[float, float, PageLink]] = []
    while pdfium_c.FPDFLink_Enumerate(page.raw, ctypes.byref(position), ctypes.byref(link)):
        if len(on_page) >= _MAX_LINKS:
            break
        if not pdfium_c.FPDFLink_GetAnnotRect(link, ctypes.byref(rect)):
            continue
        found = _target(pdf, link)  # first: a link leading nowhere needs no text
        if found is None:
            continue
        text = textpage.get_text_bounded(rect.left, rect.bottom, rect.right, rect.top)
        text = " ".join(text.split()).strip(_TRIM).lstrip("([\"'")
        if len(text) >= _MIN_TEXT:
            on_page.append((-rect.top, rect.left, found._replace(text=text)))
    on_page.sort(key=lambda item: (round(item[0] / 4), item[1]))
    return [item[2] for item in on_page]


def _target(pdf: Any, link: Any) -> PageLink | None:
    """The link with its URI, or with the page and height of its destination."""
    import pypdfium2.raw as pdfium_c

    action = pdfium_c.FPDFLink_GetAction(link)
    kind = pdfium_c.FPDFAction_GetType(action) if action else 0
    if kind == _URI:
        size = pdfium_c.FPDFAction_GetURIPath(pdf.raw, action, None, 0)
        if size <= 1 or size > _MAX_URI:
            return None
        buffer = ctypes.create_string_buffer(size)
        pdfium_c.FPDFAction_GetURIPath(pdf.raw, action, buffer, size)
        url = safe_url(buffer.value.decode("latin-1"))
        return None if url is None else PageLink("", url)
    destination = pdfium_c.FPDFAction_GetDest(pdf.raw, action) if kind == _GOTO else None
    if not destination:
        destination = pdfium_c.FPDFLink_GetDest(pdf.raw, link)
    if not destination:
        return None
    page = pdfium_c.FPDFDest_GetDestPageIndex(pdf.raw, destination)
    if page < 0:
        return None
    has_x, has_y, has_zoom = pdfium_c.FPDF_BOOL(), pdfium_c.FPDF_BOOL(), pdfium_c.FPDF_BOOL()
    x, y, zoom = pdfium_c.FS_FLOAT(), pdfium_c.FS_FLOAT(), pdfium_c.FS_FLOAT()
    located = pdfium_c.FPDFDest_GetLocationInPage(
        destination,
        ctypes.byref(has_x),
        ctypes.byref(has_y),
        ctypes.byref(has_zoom),
        ctypes.byref(x),
        ctypes.byref(y),
        ctypes.byref(zoom),
    )
    top = float(y.value) if located and has_y.value else -1.0
    return PageLink("", page=page, top=top)


def _destination_lines(lines: Sequence[Line], found: PageLink) -> list[str]:
    """The first lines of text at a destination (at most three, from its height down)."""
    from bisect import bisect_left

    first = bisect_left(lines, found.page, key=lambda line: line.page)
    shown: list[str] = []
    for line in lines[first:]:
        if line.page != found.page or len(shown) == _DESTINATION_LINES:
            break
        if found.top < 0 or found.top - _BAND <= line.top <= found.top + line.size:
            shown.append(line.text)
    return shown


def _key(text: str) -> str:
    """A text's first letters, case folded, without digits, spaces or punctuation."""
    return _LETTERS.sub("", text[: _KEY * 4].casefold())[:_KEY]


def place_links(
    pieces: Sequence[Piece], links: Sequence[PageLink], lines: Sequence[Line]
) -> tuple[dict[int, list[Link]], set[int]]:
    """The links of each piece (raw offsets into its text) and the pieces links point to.

    An internal target is written ``#p<piece index>``: the reader names each
    piece that is pointed to with :meth:`DocumentBuilder.target` as it adds it.
    """
    by_piece: dict[int, list[Link]] = {}
    targeted: set[int] = set()
    starts: dict[str, list[tuple[int, str]]] = {}
    # headings first, then text, then boilerplate (a contents page repeats every heading)
    for rank in range(3):
        for index, piece in enumerate(pieces):
            if _rank(piece) == rank:
                key = _key(piece.text)
                if len(key) >= _MIN_KEY:
                    starts.setdefault(key[:_PREFIX], []).append((index, key))
    cursor = 0
    used: dict[int, int] = {}  # piece -> end of its last link, where the next is looked for
    for found in links:
        place = _find(pieces, found.text, cursor, used)
        if place is None:
            continue
        index, start = place
        end = start + len(found.text)
        cursor = index
        target = found.url
        if not target:
            pointed = _destination(_destination_lines(lines, found), starts)
            if pointed is None or pointed == index:
                continue
            targeted.add(pointed)
            target = f"#p{pointed}"
        spans = by_piece.setdefault(index, [])
        if spans and spans[-1].target == target and start - spans[-1].end <= 1:
            spans[-1] = Link(spans[-1].start, end, target)  # one URL broken over two lines
        elif not spans or spans[-1].end <= start:
            spans.append(Link(start, end, target))
        used[index] = end
    _link_notes(pieces, by_piece, targeted)
    return by_piece, targeted


def _rank(piece: Piece) -> int:
    return 0 if piece.kind is None else 2 if piece.boilerplate else 1


def _find(
    pieces: Sequence[Piece], text: str, cursor: int, used: dict[int, int]
) -> tuple[int, int] | None:
    """Where ``text`` is in a paragraph near ``cursor``: the first after the last link found."""
    ahead = range(cursor, min(cursor + _LOOK_AHEAD, len(pieces)))
    for index in (*ahead, *range(max(cursor - _LOOK_BACK, 0), cursor)):
        piece = pieces[index]
        if piece.kind is None:
            continue
        at = piece.text.find(text, used.get(index, 0) if index >= cursor else 0)
        if at >= 0:
            return index, at
    return None


def _destination(lines: Sequence[str], starts: dict[str, list[tuple[int, str]]]) -> int | None:
    """The piece that starts as one of the lines at a destination does (its letters)."""
    for line in lines:
        key = _key(line)
        if len(key) < _MIN_KEY:
            continue
        for index, start in starts.get(key[:_PREFIX], ()):
            if start.startswith(key) or key.startswith(start):
                return index
    return None


def _link_notes(
    pieces: Sequence[Piece], by_piece: dict[int, list[Link]], targeted: set[int]
) -> None:
    """Link each footnote's raised mark (``word¹``) in the paragraphs before it to the note."""
    for index, piece in enumerate(pieces):
        if piece.kind is not ParagraphKind.FOOTNOTE or not piece.marker:
            continue
        mark = piece.marker.strip().translate(_SUPERSCRIPT)
        if not mark or not all(c in _RAISED for c in mark):
            continue
        for before in range(index - 1, max(index - _NOTE_LOOK_BACK, 0) - 1, -1):
            holder = pieces[before]
            if holder.kind is None or holder.kind is ParagraphKind.FOOTNOTE:
                continue
            at = _mark_in(holder.text, mark)
            if at < 0:
                continue
            spans = by_piece.setdefault(before, [])
            end = at + len(mark)
            if any(span.start < end and at < span.end for span in spans):
                break  # the mark is inside a link already (the PDF linked it)
            spans.append(Link(at, end, f"#p{index}", note=True))
            spans.sort(key=lambda span: span.start)
            targeted.add(index)
            break


def _mark_in(text: str, mark: str) -> int:
    """Where superscript ``mark`` stands alone (not part of a longer number) in ``text``."""
    at = text.find(mark)
    while at >= 0:
        before = text[at - 1 : at]
        after = text[at + len(mark) : at + len(mark) + 1]
        if (not before or before not in _RAISED) and (not after or after not in _RAISED):
            return at
        at = text.find(mark, at + 1)
    return -1
