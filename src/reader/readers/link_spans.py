"""Links as the format readers find them, made into :class:`~reader.model.Link` spans.

A reader sees a link in the raw text of a paragraph (offsets into the text before
white space is collapsed) and with the target as the file writes it (``#fn1``,
``chapter2.xhtml#s3``, ``https://...``). The builder cleans the text; this module
carries the offsets through that cleaning (:func:`clean_with_links`), and gives
the readers the shared rules for targets: which hrefs point outside
(:func:`external_target`, through :func:`reader.sanitize.safe_url`) and which
links are footnote markers (:func:`looks_like_note`).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from urllib.parse import urljoin

from reader.model import Link
from reader.sanitize import clean_line, clean_text, safe_url

__all__ = ["clean_with_links", "external_target", "looks_like_note", "slug"]

_SPACES = re.compile(r"\s+")
_MARK = "\x00"
_LONE_MARK = re.compile("(^| )(\x00+)( |$)")
_NOTE_TEXT = re.compile(r"[\[(]?(?:\d{1,3}|[a-z]|[*†‡§¶]{1,3})[\])]?")
_NOTE_TEXT_LENGTH = 12
_NOTE_WORDS = frozenset({"noteref", "footnote-ref", "footnote-reference", "footnoteref"})
_SLUG_DROP = re.compile(r"[^\w\- ]")


def clean_with_links(text: str, links: Sequence[Link]) -> tuple[str, tuple[Link, ...]]:
    """``clean_line(text)`` and ``links`` moved onto it.

    Each link's ends are boundaries the cleaning keeps track of: the text between
    two boundaries is cleaned on its own, and white space runs are collapsed across
    them. A link whose text cleans away, or that overlaps the one before it, is
    dropped; so are all of them if the pieces do not add up to the text cleaned
    whole (an escape sequence cut by a link, which only a hostile file writes).
    """
    cleaned = clean_line(text)
    if clean_text(text) == text:  # nothing but white space to collapse (nearly always)
        moved = _moved(text, cleaned, links)
        if moved is not None:
            return cleaned, moved
    bounds = sorted({0, len(text), *(b for link in links for b in (link.start, link.end))})
    bounds = [b for b in bounds if 0 <= b <= len(text)]
    where: dict[int, int] = {}
    pieces: list[str] = []
    length = 0
    after_space = True  # leading white space is dropped
    for start, end in itertools.pairwise(bounds):
        where[start] = length
        piece = _SPACES.sub(" ", clean_text(text[start:end]))
        if after_space and piece.startswith(" "):
            piece = piece[1:]
        if piece:
            pieces.append(piece)
            length += len(piece)
            after_space = piece.endswith(" ")
    where[len(text)] = length
    cleaned = "".join(pieces)
    if cleaned.endswith(" "):
        cleaned = cleaned[:-1]
    if cleaned != clean_line(text):
        return clean_line(text), ()
    out: list[Link] = []
    for link in links:
        start = min(where.get(link.start, 0), len(cleaned))
        end = min(where.get(link.end, 0), len(cleaned))
        while start < end and cleaned[start] == " ":
            start += 1
        while end > start and cleaned[end - 1] == " ":
            end -= 1
        if start < end and (not out or out[-1].end <= start):
            out.append(Link(start, end, link.target, link.note))
    return cleaned, tuple(out)


def _moved(text: str, cleaned: str, links: Sequence[Link]) -> tuple[Link, ...] | None:
    """``links`` of ``text`` moved onto ``cleaned`` (``" ".join(text.split())``).

    A NUL (which clean text never holds) marks each boundary, the marked text is
    split and joined as the text is, and each mark's place, less the marks before
    it, is the boundary's offset: C-speed string work, no loop over characters.
    A mark left standing alone between two spaces joins the word after it.
    ``None`` if the marks do not come out as the text does.
    """
    bounds = sorted({b for link in links for b in link[:2]})
    if not bounds or bounds[0] < 0 or bounds[-1] > len(text):
        return None
    pieces = []
    previous = 0
    for bound in bounds:
        pieces.append(text[previous:bound])
        previous = bound
    pieces.append(text[previous:])
    marked = " ".join(_MARK.join(pieces).split())
    if _has_lone_mark(marked):
        marked = _LONE_MARK.sub(_rejoin, marked).strip(" ")
    if marked.replace(_MARK, "") != cleaned:
        return None
    where: dict[int, int] = {}
    at = -1
    for count, bound in enumerate(bounds):
        at = marked.find(_MARK, at + 1)
        where[bound] = at - count
    out: list[Link] = []
    for start, end, target, note in links:
        start, end = where[start], where[end]
        while start < end and cleaned[start] == " ":
            start += 1
        while end > start and cleaned[end - 1] == " ":
            end -= 1
        if start < end and (not out or out[-1].end <= start):
            out.append(Link(start, end, target, note))
    return tuple(out)


def _has_lone_mark(marked: str) -> bool:
    """Whether a run of marks stands between spaces (or the ends) as a word of its own."""
    padded = f" {marked} "
    at = padded.find(" " + _MARK)
    while at >= 0:
        end = at + 1
        while padded[end] == _MARK:  # the padding's last space ends the run
            end += 1
        if padded[end] == " ":
            return True
        at = padded.find(" " + _MARK, end)
    return False


def _rejoin(match: re.Match[str]) -> str:
    """A run of marks alone between spaces (or an end) keeps one space, before it."""
    before, marks, after = match.group(1), match.group(2), match.group(3)
    if before and after:
        return " " + marks
    return marks


def external_target(href: str, base: str = "") -> str | None:
    """The URL an href names outside the document, or ``None``.

    A relative href is resolved against ``base`` when that is a web address (a
    saved page's own URL); without one it names a file beside the page, which is
    not followed.
    """
    href = href.strip()
    if base and safe_url(base) is not None and ":" not in href.split("/", 1)[0]:
        href = urljoin(base, href)
    return safe_url(href)


def looks_like_note(text: str, attributes: dict[str, str | None] | None = None) -> bool:
    """Whether a link into the document is a footnote marker.

    Marked so by the file (``epub:type="noteref"``, ``role="doc-noteref"``, a
    ``footnote-ref`` class), or a short mark as notes are numbered: ``1``,
    ``[12]``, ``*``, ``†``.
    """
    if len(text) <= _NOTE_TEXT_LENGTH and _NOTE_TEXT.fullmatch(text.strip()) is not None:
        return True
    if attributes:
        for name in ("epub:type", "role", "class"):
            value = attributes.get(name)
            if value and "note" in value:
                words = set(value.lower().replace("doc-", "").split())
                if words & _NOTE_WORDS:
                    return True
    return False


def slug(title: str) -> str:
    """The id a Markdown renderer gives a heading (GitHub's rule): ``Read me!`` -> ``read-me``."""
    return _SLUG_DROP.sub("", title.strip().lower()).replace(" ", "-")
