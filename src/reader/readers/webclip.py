"""Reader for web clips: a page's text saved with a JSON metadata object near the top.

A clip (what a "save page as text" extension or a scraper writes) looks like::

    Eugene Rumer                      <- a byline, sometimes
    { "authors": [...], "topics": [...], ... }Source: Getty
    Russia's China Policy: ...        <- the title
    Main Argument                     <- headings, one line each
    ...one paragraph per line...
    Recent Work                       <- then the page's chrome: related articles,
    ...                                  "More work from ...", disclaimers

The JSON becomes metadata (title, authors, date, source, language; every other
non-empty field goes to :attr:`~reader.model.Metadata.extra`) and never shows as
text; text glued after its closing brace (``}Source: Getty``) is read as a line of
its own. ``Source:``/``Photo:``/``Credit:`` lines are captions. The trailing chrome
is kept but marked ``boilerplate`` so the app can fold it and export can skip it.
A JSON block that is malformed, too deep or larger than
:data:`MAX_METADATA_CHARS` is not metadata: it is read as ordinary text, and so is
the rest of the clip.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from reader.anchors import normalize
from reader.model import Document, Metadata, ParagraphKind
from reader.readers.builder import DocumentBuilder
from reader.readers.bylines import parse_byline, parse_date, search_date, split_names
from reader.readers.sniff import WEBCLIP_HEAD_CHARS, WEBCLIP_JSON_START
from reader.readers.sniff import is_webclip as sniff
from reader.readers.textblocks import (
    HeadingItem,
    Item,
    ParagraphItem,
    emit_outline,
    heading_style,
    split_bullet,
)
from reader.sanitize import clean_line, clean_text

__all__ = ["EXTENSIONS", "FORMAT", "MAX_METADATA_CHARS", "read", "sniff"]

FORMAT = "webclip"
EXTENSIONS: frozenset[str] = frozenset()
"""None: clips are ``.txt`` files, recognised by :func:`sniff`."""

MAX_METADATA_CHARS = 64 * 1024
"""A metadata object larger than this is not metadata (it is read as text)."""

_MAX_DEPTH = 8
_TITLE_LENGTH = 200
_DECODER = json.JSONDecoder()

_CAPTION = re.compile(r"(?i:source|photo|photograph|image|credit|illustration)s?\s*:\s*\S.*")
_CHROME_HEADING = re.compile(
    r"(?i:recent work|more (?:work )?from\b.*|related(?: \w+)?|read more|further reading"
    r"|most (?:popular|read)|you (?:may|might) also like|latest(?: \w+)?|trending"
    r"|(?:subscribe|sign up|follow us)\b.*|share(?: this)?|comments?|advertisement)"
)
_DISCLAIMER = re.compile(
    r"(?i:does not take institutional positions|views (?:expressed|represented) herein"
    r"|all rights reserved)|^(?:©|Copyright ©)"
)
_TEASER = re.compile(
    r"(?<=[a-z0-9’'”\"?!).:])(?:Paper|Article|Commentary|Other|Report|Event|Podcast|Video"
    r"|Book|Testimony|Q&A|Analysis|Interview|Op-Ed|In The Media|Newsletter|Series)$"
)
_COUNT = re.compile(r"\+\d+")

_TITLE_KEYS = ("title", "headline")
_AUTHOR_KEYS = ("authors", "author", "byline", "creators", "creator")
_DATE_KEYS = (
    "date",
    "published",
    "publishedDate",
    "datePublished",
    "publicationDate",
    "published_at",
    "pubDate",
)
_SOURCE_KEYS = ("url", "source", "link", "canonicalUrl", "canonical", "sourceUrl")
_LANGUAGE_KEYS = ("language", "lang", "inLanguage", "locale")


def read(text: str, *, path: Path | None = None, encoding: str = "utf-8") -> Document:
    """Read a web clip into a document.

    Args:
        text: The decoded file contents.
        path: The file it came from, if any.
        encoding: The encoding it was decoded with.
    """
    text = clean_text(text)
    meta = Metadata()
    before, after = "", text
    match = WEBCLIP_JSON_START.search(text, 0, WEBCLIP_HEAD_CHARS)
    if match is not None:
        brace = text.index("{", match.start())
        fields, end = _decode_metadata(text, brace)
        if fields is not None:
            _apply_metadata(fields, meta)
            before, after = text[:brace], text[end:]
    items = _ClipParser(meta).parse(before.split("\n"), after.split("\n"))
    builder = DocumentBuilder(FORMAT, meta, path=path, encoding=encoding)
    emit_outline(items, builder)
    return builder.build()


# ----------------------------------------------------------------------------- metadata


def _decode_metadata(text: str, brace: int) -> tuple[dict[str, Any] | None, int]:
    """Decode the JSON object starting at ``brace``; ``(None, 0)`` if it is not metadata."""
    window = text[brace : brace + MAX_METADATA_CHARS]
    try:
        value, length = _DECODER.raw_decode(window)
    except (ValueError, RecursionError):
        return None, 0
    if not isinstance(value, dict) or not _shallow(value, _MAX_DEPTH):
        return None, 0
    return value, brace + length


def _shallow(value: Any, depth: int) -> bool:
    if isinstance(value, dict):
        return depth > 0 and all(_shallow(v, depth - 1) for v in value.values())
    if isinstance(value, list):
        return depth > 0 and all(_shallow(v, depth - 1) for v in value)
    return True


def _cleaned(value: Any) -> Any:
    """``value`` with every string cleaned (JSON escapes can smuggle in ESC) and empties dropped."""
    if isinstance(value, str):
        return clean_line(value)
    if isinstance(value, list):
        return [v for v in (_cleaned(v) for v in value) if v not in ("", [], {}, None)]
    if isinstance(value, dict):
        cleaned = {clean_line(str(k)): _cleaned(v) for k, v in value.items()}
        return {k: v for k, v in cleaned.items() if k and v not in ("", [], {}, None)}
    return value


def _names(value: Any) -> list[str]:
    if isinstance(value, str):
        return split_names(value)
    if isinstance(value, dict):
        return _names(value.get("name", ""))
    if isinstance(value, list):
        return [name for v in value for name in _names(v)]
    return []


def _first(fields: dict[str, Any], keys: tuple[str, ...]) -> tuple[str | None, Any]:
    for key in keys:
        if key in fields and fields[key] not in ("", [], {}, None):
            return key, fields[key]
    return None, None


def _apply_metadata(raw: dict[str, Any], meta: Metadata) -> None:
    """Map a clip's JSON fields onto the metadata (everything else goes to ``extra``)."""
    fields = _cleaned(raw)
    used: set[str] = set()
    key, value = _first(fields, _TITLE_KEYS)
    if isinstance(value, str):
        meta.title = value
        used.add(str(key))
    key, value = _first(fields, _AUTHOR_KEYS)
    if key is not None and _names(value):
        meta.authors = _names(value)
        used.add(key)
    key, value = _first(fields, _DATE_KEYS)
    if isinstance(value, str):
        meta.date = parse_date(value) or search_date(value) or value
        used.add(str(key))
    for keys, attribute in ((_SOURCE_KEYS, "source"), (_LANGUAGE_KEYS, "language")):
        key, value = _first(fields, keys)
        if isinstance(value, str):
            setattr(meta, attribute, value)
            used.add(str(key))
    meta.extra.update({k: v for k, v in fields.items() if k not in used})


# -------------------------------------------------------------------------------- text


def _is_chrome(item: Item) -> bool:
    """Whether ``item`` starts the page chrome: related work, disclaimers, counters."""
    if isinstance(item, HeadingItem):
        return _CHROME_HEADING.fullmatch(item.title) is not None
    if _DISCLAIMER.search(item.text):
        return True
    if item.kind is ParagraphKind.LIST_ITEM:
        return _TEASER.search(item.text) is not None or _COUNT.fullmatch(item.text) is not None
    return False


def _clip_heading(line: str, authors: list[str]) -> str | None:
    """A clip heading is a short Title Case or ALL-CAPS line on its own (not a name)."""
    style = heading_style(line, max_length=80, max_words=10)
    if style is None or line in authors:
        return None
    if style == "short":
        if "," in line:
            return None
        for word in line.split():
            if len(word) > 3 and word[0].isalpha() and not word[0].isupper():
                return None
    return style


class _ClipParser:
    """Turns a clip's lines (the JSON already taken out) into outline items."""

    def __init__(self, meta: Metadata) -> None:
        self._meta = meta
        self._items: list[Item] = []
        self._title_seen = False
        self._seen_heading = False
        self._seen_body = False  # a title comes before any body text

    def parse(self, before: list[str], after: list[str]) -> list[Item]:
        """Read the lines before and after the metadata object."""
        for line in before:
            self._leading(line.strip())
        for line in after:
            stripped = line.strip()
            if stripped:
                self._line(line, stripped)
        self._mark_chrome()
        return self._items

    def _leading(self, line: str) -> None:
        """A line above the JSON: usually the byline, sometimes the title."""
        meta = self._meta
        if not line or line in meta.authors or normalize(line) == normalize(meta.title):
            return
        names = parse_byline(line) or split_names(line)
        if not meta.authors and names and heading_style(line) == "short":
            meta.authors = names
            return
        kind = ParagraphKind.CAPTION if _CAPTION.fullmatch(line) else ParagraphKind.BODY
        self._items.append(ParagraphItem(line, kind))

    def _line(self, line: str, stripped: str) -> None:
        meta, items = self._meta, self._items
        if _CAPTION.fullmatch(stripped):
            items.append(ParagraphItem(stripped, ParagraphKind.CAPTION))
            return
        if not self._seen_heading and self._front_matter(stripped):
            return
        bullet = split_bullet(line)
        if bullet is not None:
            marker, text, indent = bullet
            items.append(ParagraphItem(text, ParagraphKind.LIST_ITEM, marker, int(indent > 0)))
            return
        style = _clip_heading(stripped, meta.authors)
        if style is not None:
            self._seen_heading = True
            items.append(HeadingItem(stripped, style))
            return
        self._seen_body = True
        items.append(ParagraphItem(stripped))

    def _front_matter(self, line: str) -> bool:
        """Take a title, byline or date line above the first heading into the metadata."""
        meta = self._meta
        if not self._title_seen:
            if meta.title and normalize(line) == normalize(meta.title):
                self._title_seen = True
                return True
            if not meta.title and self._may_be_title(line):
                meta.title = line
                self._title_seen = True
                return True
        names = parse_byline(line)
        if names:
            meta.authors += [name for name in names if name not in meta.authors]
            return True
        date = parse_date(line)
        if date and not meta.date:
            meta.date = date
            return True
        return False

    def _may_be_title(self, line: str) -> bool:
        """A title is a line above any body text that does not read as a sentence."""
        if self._seen_body or len(line) > _TITLE_LENGTH:
            return False
        return line[0].isupper() and line[-1] not in ".,;" and split_bullet(line) is None

    def _mark_chrome(self) -> None:
        """Mark everything from the first piece of page chrome on as boilerplate.

        Chrome is only looked for after the first heading (or the first body
        paragraph in a clip without headings), so a page that opens with a
        copyright line does not lose its article.
        """
        items = self._items
        start = next((i for i, item in enumerate(items) if isinstance(item, HeadingItem)), None)
        if start is None:
            start = next(
                (
                    i
                    for i, item in enumerate(items)
                    if isinstance(item, ParagraphItem) and item.kind is ParagraphKind.BODY
                ),
                len(items),
            )
        chrome = next((i for i in range(start + 1, len(items)) if _is_chrome(items[i])), None)
        if chrome is None:
            return
        for i in range(chrome, len(items)):
            item = items[i]
            if isinstance(item, HeadingItem):
                items[i] = ParagraphItem(item.title, boilerplate=True)
            else:
                item.boilerplate = True
