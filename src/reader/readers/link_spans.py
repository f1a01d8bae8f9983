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
_NOTE_TEXT = re.compile(r"[\[(]?(?:\d{1,3}|[a-z]|[*†‡§¶]{1,3})[\])]?")
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
    if attributes:
        marks = " ".join(
            (attributes.get(name) or "") for name in ("epub:type", "role", "class")
        ).lower()
        words = set(marks.replace("doc-", "").split())
        if words & _NOTE_WORDS:
            return True
    return _NOTE_TEXT.fullmatch(text.strip()) is not None


def slug(title: str) -> str:
    """The id a Markdown renderer gives a heading (GitHub's rule): ``Read me!`` -> ``read-me``."""
    return _SLUG_DROP.sub("", title.strip().lower()).replace(" ", "-")
