"""Recognising a format from a file's first bytes or characters, without its reader.

Every file opened is sniffed, and a ``.md`` book was paying for importing the
EPUB and PDF readers (and their imports) just to be told it is neither. The
tests here are a few string checks and regular expressions, so they live in one
light module that imports nothing of reader's; each format module re-exports its
own as ``sniff``.
"""

from __future__ import annotations

import re

__all__ = [
    "WEBCLIP_HEAD_CHARS",
    "WEBCLIP_JSON_START",
    "is_epub",
    "is_html",
    "is_markdown",
    "is_pdf",
    "is_webclip",
]

# -- binary formats: magic bytes -------------------------------------------------------

_EPUB_MIMETYPE = b"application/epub+zip"


def is_epub(data: bytes) -> bool:
    """True for a zip archive whose first member is ``mimetype: application/epub+zip``."""
    return data[:4] == b"PK\x03\x04" and _EPUB_MIMETYPE in data[30:100]


def is_pdf(data: bytes) -> bool:
    """True when the PDF signature ``%PDF-`` is in the first kilobyte."""
    return b"%PDF-" in data[:1024]


# -- text formats hiding in .txt files -------------------------------------------------

_HTML_SNIFF_CHARS = 2048


def is_html(text: str) -> bool:
    """True when the text starts like an HTML page (``<!doctype html>`` or ``<html>``)."""
    head = text[:_HTML_SNIFF_CHARS].lstrip().lower()
    if head.startswith("<?xml"):
        head = head[head.find("?>") + 2 :].lstrip()
    while head.startswith("<!--"):
        end = head.find("-->")
        if end < 0:
            return False
        head = head[end + 3 :].lstrip()
    return head.startswith(("<!doctype html", "<html"))


WEBCLIP_HEAD_CHARS = 4096
"""How far into a clip its JSON metadata object may open."""
_WEBCLIP_HEAD_LINES = 30
WEBCLIP_JSON_START = re.compile(r'^[ \t]*\{[ \t]*(?:\n[ \t]*)?"[^"\n]{1,80}"[ \t]*:', re.MULTILINE)
"""The opening of a web clip's JSON metadata object: ``{`` then a quoted key and ``:``."""


def is_webclip(text: str) -> bool:
    """Whether ``text`` is a web clip: a JSON object opens within its first lines."""
    match = WEBCLIP_JSON_START.search(text, 0, WEBCLIP_HEAD_CHARS)
    return match is not None and text.count("\n", 0, match.start()) < _WEBCLIP_HEAD_LINES


_MARKDOWN_SNIFF_CHARS = 64 * 1024
_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\n(?:[^\n]*\n){0,200}?(?:---|\.\.\.)[ \t]*(?:\n|\Z)")
_YAML_KEY = re.compile(r"^[A-Za-z_][\w -]*:(?:[ \t]|$)", re.M)
_ATX = re.compile(r"^ {0,3}#{1,6}[ \t]+\S", re.M)
_FENCE = re.compile(r"^ {0,3}(```|~~~)[^\n]*\n(?:[^\n]*\n)*? {0,3}\1", re.M)
# Bounded and "["-free inside, so a run of brackets cannot make the search quadratic.
_INLINE_LINK = re.compile(r"\[[^\[\]\n]{1,300}\]\((?:https?://|/|\.|#)[^()\[\]\s]{0,2000}\)")


def is_markdown(text: str) -> bool:
    """Tell whether a ``.txt`` or extension-less file is really Markdown.

    Conservative, so plain text and web clips are never taken: YAML front matter
    (a ``---`` block with ``key: value`` lines) or three ATX headings (``# Title``)
    are enough on their own; otherwise two of these must be present in the first
    64 KB: an ATX heading, a fenced code block, two inline links ``[text](url)``.

    Args:
        text: The decoded file.
    """
    head = text[:_MARKDOWN_SNIFF_CHARS]
    front = _FRONT_MATTER.match(head)
    if front is not None and _YAML_KEY.search(front.group()):
        return True
    headings = len(_ATX.findall(head))
    if headings >= 3:
        return True
    signs = [headings > 0, _FENCE.search(head) is not None, len(_INLINE_LINK.findall(head)) >= 2]
    return sum(signs) >= 2
