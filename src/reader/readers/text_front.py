"""The top of a plain-text file: Project Gutenberg's header, the title, byline and date.

Part of the plain-text reader (:mod:`reader.readers.plaintext`), which hands the
body that follows to its block reader:

* a **Project Gutenberg** file's licence header and footer (before ``*** START
  OF ...`` and after ``*** END OF ...``) are boilerplate, and the header's
  ``Title:``/``Author:``/``Release date:``/``Language:`` fields become metadata;
* **front matter**: a title line at the top standing alone, lines repeating it,
  a ``by NAME`` byline, a date line and a version line (``Version 3, 29 June
  2007`` under a licence's title; its date is the document's) become metadata,
  and a tool's artefacts above them (a scan marker, a saved page's interface)
  are set aside.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from reader.model import Metadata
from reader.readers.bylines import parse_byline, parse_date, search_date, split_names
from reader.readers.textblocks import (
    heading_style,
    words,
)
from reader.readers.verses import is_chapter_line, starts_verse_one

__all__ = ["front_matter", "gutenberg_body", "read_gutenberg_fields"]

_FRONT_MATTER_LINES = 12
_FRONT_MATTER_CHARS = 8192
_TITLE_LENGTH = 150
_HEADER_SEARCH = 100_000
_GUTENBERG_START = re.compile(
    r"^\*{3}\s*START OF (?:THE|THIS) PROJECT GUTENBERG[^\n]*", re.MULTILINE | re.IGNORECASE
)
_GUTENBERG_END = re.compile(
    r"^(?:\*{3}\s*END OF (?:THE|THIS) PROJECT GUTENBERG|End of (?:the )?Project Gutenberg)",
    re.MULTILINE | re.IGNORECASE,
)
_GUTENBERG_FIELD = re.compile(
    r"(title|author|translator|editor|illustrator|release date|language)\s*:\s*(\S.*)",
    re.IGNORECASE,
)
_LANGUAGES = {
    "chinese": "zh",
    "dutch": "nl",
    "english": "en",
    "finnish": "fi",
    "french": "fr",
    "german": "de",
    "greek": "el",
    "italian": "it",
    "latin": "la",
    "portuguese": "pt",
    "russian": "ru",
    "spanish": "es",
    "swedish": "sv",
}
_VERSION_LINE = re.compile(r"(?i:version|revision|release|draft)\s+\d[\w.]*\b")
"""``Version 3, 29 June 2007`` under a licence's or a standard's title."""
_MODE_SUFFIX = re.compile(r"\s+-\*-.*-\*-$")


def gutenberg_body(text: str) -> tuple[int, int, str | None]:
    """Where the body of ``text`` starts and ends, and the Gutenberg header before it.

    Without a ``*** START OF ...`` line the body is the whole text and there is
    no header; without an ``*** END OF ...`` line it runs to the end.
    """
    start = _GUTENBERG_START.search(text, 0, _HEADER_SEARCH)
    if start is None:
        return 0, len(text), None
    end = _GUTENBERG_END.search(text, start.end())
    return start.end() + 1, len(text) if end is None else end.start(), text[: start.end()]


def read_gutenberg_fields(header: str, meta: Metadata) -> None:
    """Fill ``meta`` from the ``Title:``, ``Author:`` ... fields of a Gutenberg header."""
    for line in header.split("\n"):
        match = _GUTENBERG_FIELD.match(line.strip())
        if match is None:
            continue
        field, value = match.group(1).lower(), match.group(2).strip()
        if field == "title" and not meta.title:
            meta.title = value
        elif field == "author" and not meta.authors:
            meta.authors = split_names(value)
        elif field == "release date" and not meta.date:
            meta.date = search_date(value) or value
        elif field == "language" and not meta.language:
            meta.language = _LANGUAGES.get(value.lower(), "")
        elif field not in ("title", "author", "release date", "language"):
            meta.extra.setdefault(field, value)


def front_matter(
    text: str, start: int, end: int, meta: Metadata, *, not_text: Callable[[str], bool]
) -> tuple[int, list[str]]:
    """Take the title, byline and date lines at the top of ``text[start:end]`` into ``meta``.

    Returns where the body starts, and the lines above the title that
    ``not_text`` says are a tool's, not the author's (kept as boilerplate).
    """
    head = text[start : min(end, start + _FRONT_MATTER_CHARS)]
    lines = head.split("\n")
    if start + len(head) < end:
        lines.pop()  # cut short: the last line may be incomplete
    offsets = [start]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)
    artefacts: list[str] = []
    i = _next_text(lines, 0)
    while i < len(lines) and not_text(lines[i].strip()):
        artefacts.append(lines[i].strip())
        i = _next_text(lines, i + 1)
    if i >= len(lines):
        return min(offsets[i], end), artefacts
    title_words = words(meta.title) if meta.title else set()
    first = _MODE_SUFFIX.sub("", lines[i].strip())  # "GNU diffutils NEWS   -*- outline -*-"
    after = _next_text(lines, i + 1)
    if not meta.title and _is_title(first, lines, i, after):
        meta.title, title_words = first, words(first)
        i = after
    for _ in range(_FRONT_MATTER_LINES):
        if i >= len(lines):
            break
        line = lines[i].strip()
        if _VERSION_LINE.match(line) and len(line) <= _TITLE_LENGTH:
            meta.extra.setdefault("version", line)  # kept whole: no word is lost
            meta.date = meta.date or search_date(line) or ""
            i = _next_text(lines, i + 1)
            continue
        names = parse_byline(line)
        date = None if names else parse_date(line)
        if names:
            meta.authors += [name for name in names if name not in meta.authors]
        elif date:
            meta.date = meta.date or date
        elif not _repeats(line, title_words):
            break
        i = _next_text(lines, i + 1)
    return min(offsets[i], end), artefacts


def _repeats(line: str, title_words: set[str]) -> bool:
    """Whether ``line`` only repeats words of the title (a title split over lines)."""
    if not title_words or len(line) > _TITLE_LENGTH:
        return False
    line_words = words(line)
    return bool(line_words) and line_words <= title_words


def _next_text(lines: list[str], i: int) -> int:
    """Index of the first non-blank line from ``i`` on (``len(lines)`` if none)."""
    while i < len(lines) and (not lines[i] or lines[i].isspace()):
        i += 1
    return i


def _is_title(first: str, lines: list[str], i: int, after: int) -> bool:
    """Whether the first line, ``first`` at ``i``, is a title (next text at ``after``).

    It must read like a heading (not a byline, date or chapter label) and stand
    alone: a blank line, a byline, a date or a version line follows it, not the
    rest of a paragraph.
    """
    if parse_byline(first) is not None or parse_date(first) is not None:
        return False
    if heading_style(first, max_length=_TITLE_LENGTH, max_words=20) not in ("caps", "short"):
        return False
    if after < len(lines) and is_chapter_line(first) and starts_verse_one(lines[after]):
        return False  # "Genesis 1" over its first verse: a chapter, not the title
    if after >= len(lines) or after > i + 1:
        return True
    following = lines[after].strip()
    if _VERSION_LINE.match(following):
        return True  # GNU GENERAL PUBLIC LICENSE / Version 3, 29 June 2007
    return parse_byline(following) is not None or parse_date(following) is not None
