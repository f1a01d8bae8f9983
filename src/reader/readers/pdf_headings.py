"""Find a PDF's headings and title among its lines.

With an outline (bookmarks) each bookmark's title is looked for on its page,
over up to three lines. Without one, type decides: short lines set larger than
the body text rank by size, and short bold lines opening with a section number
rank by the depth of their number.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Sequence

from reader.anchors import normalize
from reader.readers.pdf_line import Line, OutlineEntry
from reader.readers.pdf_pages import PageRoles, body_size

__all__ = [
    "chapter_labels",
    "first_page_title",
    "outline_headings",
    "outline_key",
    "size_headings",
    "title_key",
]

_NUMBERED_HEADING = re.compile(
    r"(\d{1,2}(?:\.\d{1,2}){0,4}\.?|[A-Z]\.(?:\d{1,2}\.?){0,4})\s+[^\W\d_]"
)
# "2.1. Intrusive extension. When ...": text; not "et al. (2013)" nor "Further functionality: B"
_RUN_IN = re.compile(r"[^\W\d_]{3}\.\s+\S")
_SECTION_NUMBER = re.compile(r"^(?:\d+|[a-z])(?:\.\d+)*\.?\s+")
_CHAPTER_LABEL = re.compile(
    r"(?:chapter|part|appendix)(?:\s+\S+)?|\d{1,3}|[ivxlc]{1,6}|[a-z]|one|two|three|four|five"
    r"|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen"
    r"|eighteen|nineteen|twenty",
    re.IGNORECASE,
)
# a printed label before an appendix's or chapter's letter or number, which its
# bookmark leaves out: "APPENDIX A. THE VECTOR PRODUCT" for "A The Vector Product"
_LABEL = re.compile(
    r"^(?:appendix|annexe?|anhang|ap[ée]ndice|chapter|chapitre|kapitel|part)\s+(?=\S{1,4}\s)",
    re.IGNORECASE,
)
# what a printed heading ends with and its bookmark leaves out: a citation, a note mark
_CITED = re.compile(r"(?:\s*\[[\d\s,–-]+\]|(?<=[^\W\d_])[\d⁰¹²³⁴⁵⁶⁷⁸⁹*†‡]{1,2})$")
_QUOTES = re.compile(r"``|''|[\"“”„‘’‚'`]")
_HEADING_RATIO = 1.15  # a line this much larger than the body text is a heading
_UNNUMBERED_RATIO = 1.05  # numbered headings set at least this large have unnumbered kin
_UNNUMBERED_LENGTH = 80  # characters
_APART = 1.6  # sizes of space above and below a heading set in the numbered ones' type
_MAX_HEADING = 120  # characters
_BOLD_SHARE = 0.3
_HEADING_LINES = 3  # a heading title wraps onto at most this many lines


def first_page_title(lines: Sequence[Line]) -> str:
    """The largest type on the first page with text (its lines joined): the title as printed."""
    if not lines:
        return ""
    first = lines[0].page
    page = [line for line in lines if line.page == first and line.text.strip()]
    largest = max(line.size for line in page)
    if largest < body_size(lines) * _HEADING_RATIO:
        return ""
    title: list[str] = []
    for line in page:
        if abs(line.size - largest) < 0.5:
            title.append(line.text.strip())
        elif title:
            break
    return " ".join(title)[: _MAX_HEADING * 2]


def outline_headings(
    lines: Sequence[Line], kept: Sequence[int], outline: Sequence[OutlineEntry]
) -> dict[int, tuple[int, int]]:
    """Map line index -> (heading level, last line of the title) for each bookmark found."""
    by_page: dict[int, list[int]] = defaultdict(list)
    for i in kept:
        by_page[lines[i].page].append(i)
    found: dict[int, tuple[int, int]] = {}
    for entry in outline:
        wanted = outline_key(entry.title)
        if not wanted:
            continue
        # a bookmark may point at the page before or after its heading (destinations
        # are often set a little off); its own page is searched first
        for page in (entry.page, entry.page + 1, entry.page - 1):
            match = _find_title(lines, by_page.get(page, []), wanted, found)
            if match is not None:
                found[match[0]] = (entry.level, match[1])
                break
    return found


def _find_title(
    lines: Sequence[Line], indices: list[int], wanted: str, found: dict[int, tuple[int, int]]
) -> tuple[int, int] | None:
    """The first and last line (of ``indices``) whose joined text is the title ``wanted``."""
    for position, i in enumerate(indices):
        if i in found:
            continue
        text = lines[i].text
        for end in range(position, min(position + _HEADING_LINES, len(indices))):
            if end > position:
                text = f"{text} {lines[indices[end]].text}"
            key = outline_key(text)
            if key == wanted:
                return i, indices[end]
            if not wanted.startswith(key):
                break
    return None


def chapter_labels(
    lines: Sequence[Line], order: list[int], headings: dict[int, tuple[int, int]]
) -> set[int]:
    """``CHAPTER`` / ``ONE`` lines printed above a chapter's heading: not text.

    Args:
        lines: All lines of the document.
        order: One page's lines in reading order.
        headings: The headings found (line index -> level and last line).
    """
    labels: set[int] = set()
    for position, i in enumerate(order):
        if i not in headings:
            continue
        for j in reversed(order[max(0, position - 2) : position]):
            if _CHAPTER_LABEL.fullmatch(lines[j].text.strip()) is None:
                break
            labels.add(j)
    return labels


def title_key(text: str) -> str:
    """A heading's text without its section number: "2.1 ASN.1 syntax" -> "asn.1 syntax".

    Quotation marks are left out: a bookmark made from LaTeX source keeps its
    ``LLt'' where the page prints “LLt”.
    """
    return _SECTION_NUMBER.sub("", normalize(_QUOTES.sub("", text)), count=1)


def outline_key(text: str) -> str:
    """A heading's text as a bookmark's title and the printed line are compared.

    Its :func:`title_key`, without a printed label (``APPENDIX A.`` for a
    bookmark's ``A``), a citation or note mark at its end (``Packages [12,
    13]``, ``asmeconf.bst³``), accents set over letters (an arrow over a
    vector's name, which a bookmark cannot hold) and spaces (``A×B`` printed
    ``A × B``).
    """
    key = title_key(_CITED.sub("", _LABEL.sub("", text.lstrip(), count=1)))
    if not key.isascii():
        key = "".join(c for c in unicodedata.normalize("NFD", key) if not unicodedata.combining(c))
    return "".join(key.split())


def size_headings(
    lines: Sequence[Line], kept: Sequence[int], size: float, roles: PageRoles
) -> dict[int, tuple[int, int]]:
    """Map line index -> (level, last line) for headings found by their type.

    Short lines set larger than the body text rank by size. A short bold line
    opening with a section number (``3.1. Dealing with heteroskedasticity``) is
    a heading too, at the depth of its number below the unnumbered ones set
    larger (a paper's title).
    """

    kept_set = set(kept)
    # bold marks headings only where the text itself is not set in bold
    bold_stands_out = sum(lines[i].bold for i in kept) < _BOLD_SHARE * len(kept)

    def numbered(line: Line) -> bool:
        text = line.text.strip()
        return (
            ((line.bold and bold_stands_out) or line.size >= size * _HEADING_RATIO)
            and bool(_NUMBERED_HEADING.match(text))
            and _RUN_IN.search(text) is None
        )

    candidates = [
        i
        for i in kept
        if (lines[i].size >= size * _HEADING_RATIO or numbered(lines[i]))
        and len(lines[i].text) <= _MAX_HEADING
        and not lines[i].text.rstrip().endswith(".")
        and i not in roles.contents
    ]
    depth = {i: _section_depth(lines[i].text) for i in candidates if numbered(lines[i])}
    numbered_size = max((lines[i].size for i in depth), default=0.0)
    smallest = min((lines[i].size for i in depth), default=0.0)
    if smallest > size * _UNNUMBERED_RATIO:
        # unnumbered headings below the numbered ones ("Types of bias correction"):
        # a line on its own in the numbered headings' type, a level below the last
        last_depth = 0
        for i in kept:
            if i in depth:
                last_depth = depth[i]
            elif last_depth and _apart_in_type(lines, i, smallest, kept_set):
                candidates.append(i)
                depth[i] = last_depth + 1
        candidates.sort()
    larger = sorted({round(lines[i].size) for i in candidates if i not in depth}, reverse=True)
    ranks = {s: rank + 1 for rank, s in enumerate(larger)}
    offset = sum(1 for s in larger if s > numbered_size + 0.5)
    # lines of one size that follow each other form one heading of up to three
    # lines; a longer block of them is a paragraph set large (an abstract)
    blocks: list[list[int]] = []
    for i in candidates:
        if blocks and i not in depth and blocks[-1][-1] not in depth:
            before, line = lines[blocks[-1][-1]], lines[i]
            if (
                blocks[-1][-1] == i - 1
                and before.page == line.page
                and abs(before.size - line.size) < 0.5
                and before.top - line.top < line.size * 1.6
            ):
                blocks[-1].append(i)
                continue
        blocks.append([i])
    found: dict[int, tuple[int, int]] = {}
    for block in blocks:
        first = block[0]
        if len(block) > _HEADING_LINES:
            continue
        level = offset + depth[first] if first in depth else ranks[round(lines[first].size)]
        last = block[-1]
        if first in depth and _title_goes_on(lines, first, kept_set):
            last = first + 1  # "4.3. Testing ... in the presence of" / "heteroskedasticity"
        found[first] = (min(level, 6), last)
    return found


def _apart_in_type(lines: Sequence[Line], i: int, size: float, kept: set[int]) -> bool:
    """Whether line ``i`` is set in type ``size`` on its own: space above and below, short."""
    line = lines[i]
    text = line.text.strip()
    if abs(line.size - size) > 0.3 or line.mono or not 0 < len(text) <= _UNNUMBERED_LENGTH:
        return False
    if text.endswith((".", ",", ";", ":")) or not text[:1].isupper():
        return False
    if _NUMBERED_HEADING.match(text):
        return False
    # at a page's top or foot (its running lines left out) there is nothing to be apart from
    before = lines[i - 1] if i - 1 in kept and lines[i - 1].page == line.page else None
    after = lines[i + 1] if i + 1 in kept and lines[i + 1].page == line.page else None
    return (
        (before is None or before.top - line.top > line.size * _APART)
        and (after is None or line.top - after.top > line.size * _APART)
        and (after is None or after.size < size - 0.3)
        and (before, after) != (None, None)
    )


def _title_goes_on(lines: Sequence[Line], first: int, kept: set[int]) -> bool:
    """Whether a numbered heading's title runs onto the next line, set in the same type."""
    if first + 1 not in kept or first + 1 >= len(lines):
        return False
    heading, line = lines[first], lines[first + 1]
    return (
        heading.page == line.page
        and heading.bold == line.bold
        and abs(heading.size - line.size) < 0.5
        and 0 < heading.top - line.top < line.size * 1.6
        and len(line.text) <= _MAX_HEADING
        and not _NUMBERED_HEADING.match(line.text.strip())
        and not heading.text.rstrip().endswith((".", ":"))
    )


def _section_depth(text: str) -> int:
    """``3.1. Dealing with ...`` -> 2."""
    match = _NUMBERED_HEADING.match(text.strip())
    return match.group(1).rstrip(".").count(".") + 1 if match else 1
