"""Rebuild paragraphs and headings from the lines of text on PDF pages.

A PDF holds positioned lines, not paragraphs. This module works on plain
:class:`Line` values (so it is tested without any PDF library): it drops running
headers, footers and page numbers (lines in the page margins that repeat across
pages), finds headings (from the outline when the PDF has one, else from font
size), and joins the remaining lines into paragraphs at vertical gaps and
first-line indents, rejoining words hyphenated at line ends.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from statistics import median

from reader.anchors import normalize
from reader.model import ParagraphKind

__all__ = ["Line", "OutlineEntry", "Piece", "layout"]

_MARGIN = 0.09  # share of the page height at the top and bottom where running lines live
_REPEAT_SHARE = 0.4  # a margin line repeated on this share of pages is running text
_PAGE_NUMBER = re.compile(
    r"(?:page\s+)?(?:\d{1,4}|[ivxlcdm]{1,7})(?:\s*(?:/|of)\s*\d{1,4})?", re.IGNORECASE
)
_DIGITS = re.compile(r"\d+")
_BULLET = re.compile(r"^([•◦▪‣●○■□–—\-*]|\(?\d{1,3}[.)]|\(?[a-z][.)])\s+(?=\S)")
_SECTION_NUMBER = re.compile(r"^(?:\d+|[a-z])(?:\.\d+)*\.?\s+")
_HYPHENS = ("-", "\u00ad", "\u2010")
_END_OF_SENTENCE = (".", "!", "?", ":", '"', "”", "’", ")")
_HEADING_RATIO = 1.15  # a line this much larger than the body text is a heading
_MAX_HEADING = 120  # characters


@dataclass(frozen=True, slots=True)
class Line:
    """One line of text as placed on a page (PDF units, y grows upwards).

    Attributes:
        page: Page index.
        text: The line's text.
        left: x of its first character.
        top: y of the top of its first character.
        size: Font size of its first character.
        page_height: Height of its page.
    """

    page: int
    text: str
    left: float
    top: float
    size: float
    page_height: float


@dataclass(frozen=True, slots=True)
class OutlineEntry:
    """A bookmark of the PDF outline: a heading title, its level and its page."""

    title: str
    level: int
    page: int


@dataclass(frozen=True, slots=True)
class Piece:
    """A heading (``kind is None``) or a paragraph in reading order."""

    text: str
    kind: ParagraphKind | None
    level: int = 0
    marker: str = ""


def layout(lines: Sequence[Line], outline: Sequence[OutlineEntry]) -> Iterator[Piece]:
    """Turn the lines of every page into headings and paragraphs.

    Args:
        lines: All lines of the document in reading order.
        outline: The PDF outline (bookmarks), empty when it has none.
    """
    lines = _drop_running_lines(lines)
    if not lines:
        return
    body_size = _body_size(lines)
    headings = _outline_headings(lines, outline) if outline else _size_headings(lines, body_size)
    yield from _paragraphs(lines, headings, outline)


def _drop_running_lines(lines: Sequence[Line]) -> list[Line]:
    """Remove page numbers and headers/footers repeated across pages."""
    pages = len({line.page for line in lines})

    def in_margin(line: Line) -> bool:
        return (
            line.top > line.page_height * (1 - _MARGIN)
            or line.top < line.page_height * _MARGIN + line.size
        )

    repeats = Counter(
        _DIGITS.sub("#", line.text.strip().casefold()) for line in lines if in_margin(line)
    )
    threshold = max(2, _REPEAT_SHARE * pages)
    return [
        line
        for line in lines
        if not (
            in_margin(line)
            and (
                _PAGE_NUMBER.fullmatch(line.text.strip()) is not None
                or repeats[_DIGITS.sub("#", line.text.strip().casefold())] >= threshold
            )
        )
    ]


def _body_size(lines: Sequence[Line]) -> float:
    """The font size most of the text is set in (weighted by characters)."""
    sizes: Counter[float] = Counter()
    for line in lines:
        sizes[round(line.size, 1)] += len(line.text)
    return sizes.most_common(1)[0][0]


def _outline_headings(lines: Sequence[Line], outline: Sequence[OutlineEntry]) -> dict[int, int]:
    """Map line index -> heading level for each bookmark found on its page."""
    by_page: dict[int, list[int]] = {}
    for i, line in enumerate(lines):
        by_page.setdefault(line.page, []).append(i)
    found: dict[int, int] = {}
    for entry in outline:
        wanted = _title_key(entry.title)
        # a bookmark may point at the page before or after its heading (destinations
        # are often set a little off); its own page is searched first
        candidates = (
            i
            for page in (entry.page, entry.page + 1, entry.page - 1)
            for i in by_page.get(page, [])
        )
        for i in candidates:
            if i not in found and wanted and _title_key(lines[i].text) == wanted:
                found[i] = entry.level
                break
    return found


def _title_key(text: str) -> str:
    """A heading's text without its section number: "2.1 ASN.1 syntax" -> "asn.1 syntax"."""
    return _SECTION_NUMBER.sub("", normalize(text), count=1)


def _size_headings(lines: Sequence[Line], body_size: float) -> dict[int, int]:
    """Map line index -> level for short lines set larger than the body text."""
    candidates = {
        i: round(line.size, 1)
        for i, line in enumerate(lines)
        if line.size >= body_size * _HEADING_RATIO
        and len(line.text) <= _MAX_HEADING
        and not line.text.rstrip().endswith(".")
    }
    ranks = {size: rank + 1 for rank, size in enumerate(sorted(set(candidates.values()))[::-1])}
    return {i: min(ranks[size], 6) for i, size in candidates.items()}


def _paragraphs(
    lines: Sequence[Line], headings: dict[int, int], outline: Sequence[OutlineEntry]
) -> Iterator[Piece]:
    gaps = [
        previous.top - line.top
        for previous, line in itertools.pairwise(lines)
        if previous.page == line.page and previous.top > line.top
    ]
    spacing = median(gaps) if gaps else 0.0
    unplaced = _unplaced_outline(lines, headings, outline)
    current: list[str] = []
    marker = ""
    left = lines[0].left
    previous: Line | None = None
    for i, line in enumerate(lines):
        for entry in unplaced.pop((line.page, i), []):
            yield from _flush(current, marker)
            current, marker = [], ""
            yield Piece(entry.title, None, level=entry.level)
        if i in headings:
            yield from _flush(current, marker)
            current, marker = [], ""
            yield Piece(line.text.strip(), None, level=headings[i])
            previous = None
            continue
        text = line.text.strip()
        bullet = _BULLET.match(text)
        if previous is None or not current:
            starts = True
        elif previous.page != line.page:
            starts = current[-1].rstrip().endswith(_END_OF_SENTENCE) and not _hyphenated(current)
        else:
            gap = previous.top - line.top
            starts = (
                gap > spacing * 1.4
                or gap < 0
                or line.left > left + line.size  # first-line indent
                or abs(line.size - previous.size) > 0.5
            )
        if bullet is not None:
            starts = True
        if starts:
            yield from _flush(current, marker)
            current, marker = [], ""
            left = line.left
            if bullet is not None:
                marker = bullet.group(1)
                text = text[bullet.end() :]
                left = line.left + line.size  # the item's own lines are indented
        else:
            left = min(left, line.left)  # after an indented first line
        current.append(text)
        previous = line
    yield from _flush(current, marker)
    for entries in unplaced.values():
        for entry in entries:
            yield Piece(entry.title, None, level=entry.level)


def _unplaced_outline(
    lines: Sequence[Line], headings: dict[int, int], outline: Sequence[OutlineEntry]
) -> dict[tuple[int, int], list[OutlineEntry]]:
    """Bookmarks whose title is not a line of their page: put them at the page's start."""
    placed = {_title_key(lines[i].text) for i in headings}
    first_line: dict[int, int] = {}
    for i, line in enumerate(lines):
        first_line.setdefault(line.page, i)
    pages = sorted(first_line)
    out: dict[tuple[int, int], list[OutlineEntry]] = {}
    for entry in outline:
        if _title_key(entry.title) in placed:
            continue
        page = next((p for p in pages if p >= entry.page), None)
        if page is not None:
            out.setdefault((page, first_line[page]), []).append(entry)
    return out


def _hyphenated(parts: list[str]) -> bool:
    last = parts[-1].rstrip()
    return len(last) > 1 and last.endswith(_HYPHENS) and last[-2].isalpha()


def _flush(parts: list[str], marker: str) -> Iterator[Piece]:
    """Join a paragraph's lines, rejoining words split by a hyphen at a line end."""
    if not parts:
        return
    text = parts[0].rstrip()
    for part in parts[1:]:
        part = part.strip()
        text = text[:-1] + part if _hyphenated([text]) and part[:1].islower() else f"{text} {part}"
    kind = ParagraphKind.LIST_ITEM if marker else ParagraphKind.BODY
    yield Piece(text, kind, marker=marker)
