"""Reader for Markdown (CommonMark with tables and YAML front matter).

Parsing is done by pyromark (Rust's pulldown-cmark): on the 5 MB benchmark book
it yields its events in ~0.12 s, where markdown-it-py needs ~3 s (see
``benchmarks/bench_documents.py``). This module walks the event stream once and
feeds the :class:`~reader.readers.builder.DocumentBuilder`:

* ATX and setext headings open sections (``#`` = level 1); the first level-1
  heading is the title unless the front matter gives one;
* paragraphs become ``BODY``; list items ``LIST_ITEM`` (``depth`` = nesting,
  ``marker`` as written: ``-``, ``*``, ``+``, ``3.``, ``3)``); block quotes
  ``QUOTE`` (``depth`` = nesting); a paragraph that is only an image becomes a
  ``CAPTION`` holding the image's alt text;
* fenced and indented code is kept verbatim as ``CODE`` (the fence's info
  string, e.g. ``python``, is kept in ``marker``); tables become ``TABLE``
  paragraphs of aligned text rows;
* inline markup is what a reader sees: emphasis markers dropped, link text kept
  and the link kept as a span of it (a URL whose scheme is safe, or a heading
  of the document by its slug, ``#read-me``), inline code's content kept, inline
  HTML tags dropped; HTML blocks keep their text without the tags; link
  reference definitions, like URLs, are not text;
* footnotes (``[^1]``): the reference reads ``[1]`` and links to the note, whose
  paragraphs are ``FOOTNOTE`` with the label as marker.
* YAML front matter becomes metadata (see :mod:`reader.readers.frontmatter`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyromark

from reader.model import Document, Link, ParagraphKind
from reader.readers.builder import DocumentBuilder
from reader.readers.frontmatter import apply_front_matter
from reader.readers.sniff import is_markdown as sniff
from reader.readers.table_layout import layout_table

__all__ = ["EXTENSIONS", "FORMAT", "PARSER_OPTIONS", "read", "sniff"]

FORMAT = "markdown"
EXTENSIONS: frozenset[str] = frozenset({".md", ".markdown", ".mdown", ".mkd", ".mkdn"})

PARSER_OPTIONS = (
    pyromark.Options.ENABLE_TABLES
    | pyromark.Options.ENABLE_STRIKETHROUGH
    | pyromark.Options.ENABLE_YAML_STYLE_METADATA_BLOCKS
    | pyromark.Options.ENABLE_FOOTNOTES
)
"""The pyromark extensions reader enables (the benchmark parses with the same)."""

# ------------------------------------------------------------------------- reading


def read(
    text: str, *, path: Path | None = None, encoding: str = "utf-8", front_matter: bool = True
) -> Document:
    """Read Markdown text into a document.

    Args:
        text: The decoded file.
        path: Where it came from (recorded in the document).
        encoding: The encoding it was decoded with.
        front_matter: Read the YAML front matter into the metadata; ``False``
            skips it (the paragraphs are the same), for a preview that shows
            none of it.
    """
    builder = DocumentBuilder(FORMAT, path=path, encoding=encoding)
    walker = _Walker(builder, text, front_matter=front_matter)
    walker.walk(pyromark.events(text, options=PARSER_OPTIONS))
    return builder.build()


@dataclass(slots=True)
class _List:
    """An open list: the number of its next item, ``None`` for a bullet list."""

    next_number: int | None


_ITEM, _QUOTE = "item", "quote"
_USED = -1  # list numbers are never negative
_HTML_DROP = re.compile(r"<!--.*?(?:-->|\Z)|<(script|style)\b.*?(?:</\1\s*>|\Z)", re.S | re.I)
_HTML_TAG = re.compile(r"</?[A-Za-z][^>]*>|<![^>]*>|<\?.*?\?>", re.S)
_INLINE = frozenset({"Emphasis", "Strong", "Strikethrough"})
_FIRST_WORD = re.compile(r"[^\W_]+")


class _Walker:
    """One pass over pyromark's events, turning blocks into builder calls.

    Inline text collects in ``parts`` and is flushed as a paragraph whenever a
    block starts or ends; what kind of paragraph it is (body, list item, quote)
    follows from the containers open at that moment.
    """

    def __init__(self, builder: DocumentBuilder, source: str, *, front_matter: bool) -> None:
        self.builder = builder
        self.front_matter = front_matter
        self.markers = _ListMarkers(source)
        self.parts: list[str] = []
        self.containers: list[str] = []  # _ITEM / _QUOTE, outermost first
        self.lists: list[_List] = []
        # Per open item: its number (None in a bullet list), or _USED once its
        # marker was shown (only an item's first paragraph carries it).
        self.pending: list[int | None] = []
        self.quotes = 0
        self.heading_level = 0
        self.code_info = ""  # the open code block's fence info string (its language)
        self.rows: list[list[str]] = []
        self.cells: list[str] = []
        self.image_start = 0  # len(parts) when the open image started
        self.image_parts = 0  # parts of the current paragraph that are image alt text
        self.has_title = False
        self.links: list[Link] = []  # closed links of the paragraph being gathered
        self.open_links: list[tuple[int, str]] = []  # start offset, target
        self.note_label = ""  # the footnote definition being read

    def walk(self, events: Any) -> None:
        """Consume the event stream (``pyromark.events``) to its end.

        The loop handles the frequent events (text, soft breaks, paragraphs,
        emphasis) inline: on a 5 MB book it runs 300k times.
        """
        parts = self.parts
        append = parts.append
        for event in events:
            if event.__class__ is str:
                if event == "SoftBreak":
                    append(" ")
                elif event == "HardBreak":
                    append("\n")
                else:  # Rule
                    self.flush()
                continue
            text = event.get("Text")
            if text is not None:
                append(text)
                continue
            tag = event.get("Start")
            if tag is not None:
                if tag.__class__ is str:
                    if tag in _INLINE:
                        continue
                    if tag == "Paragraph":
                        if parts:
                            self.flush()
                        continue
                self.start(tag)
                continue
            tag = event.get("End")
            if tag is not None:
                if tag.__class__ is str:
                    if tag in _INLINE:
                        continue
                    if tag == "Paragraph":
                        self.flush()
                        continue
                self.end(tag)
                continue
            code = event.get("Code")
            if code is not None:
                append(code)
                continue
            raw = event.get("Html")
            if raw is not None:  # inside an HTML block; InlineHtml (tags) is dropped
                append(raw)
                continue
            label = event.get("FootnoteReference")
            if label is not None:
                start = sum(map(len, parts))
                append(f"[{label}]")
                self.links.append(Link(start, start + len(label) + 2, f"#^{label}", True))
        self.flush()

    # -- blocks

    def start(self, tag: Any) -> None:
        """Handle the start of a block (or of an image or link)."""
        if tag.__class__ is str:
            self.flush()
            if tag == "Item":
                self._open_item()
            return
        name, value = next(iter(tag.items()))
        if name == "Link":
            self.open_links.append((sum(map(len, self.parts)), value.get("dest_url", "")))
            return
        if name == "Image":
            self.image_start = len(self.parts)
            return
        self.flush()
        if name == "Heading":
            self.heading_level = int(value["level"][1:])
        elif name == "List":
            self.lists.append(_List(value))
        elif name == "BlockQuote":
            self.containers.append(_QUOTE)
            self.quotes += 1
        elif name == "CodeBlock":
            self.code_info = value.get("Fenced", "") if isinstance(value, dict) else ""
        elif name == "Table":
            self.rows = []
        elif name == "FootnoteDefinition":
            self.note_label = str(value)
            self.builder.target(f"^{value}")

    def end(self, tag: Any) -> None:
        """Handle the end of a block (or of an image or link)."""
        if tag.__class__ is str:
            self._end_simple(tag)
            return
        name = next(iter(tag))
        if name == "Heading":
            self._end_heading()
        elif name == "List":
            self.flush()
            self.lists.pop()
        elif name == "BlockQuote":
            self.flush()
            self.containers.pop()
            self.quotes -= 1
        elif name == "MetadataBlock":
            if self.front_matter:
                apply_front_matter("".join(self.parts), self.builder.metadata)
            self._clear()
            self.has_title = bool(self.builder.metadata.title)
        elif name == "FootnoteDefinition":
            self.flush()
            self.note_label = ""
        else:
            self.flush()

    def _close_link(self) -> None:
        """A link ends: its span is the text since it started, its target made safe."""
        if not self.open_links:
            return
        start, url = self.open_links.pop()
        end = sum(map(len, self.parts))
        if end <= start:
            return
        if url.startswith("#"):
            if len(url) > 1:
                self.links.append(Link(start, end, url))
            return
        from reader.readers.link_spans import external_target

        target = external_target(url)
        if target is not None:
            self.links.append(Link(start, end, target))

    def _clear(self) -> None:
        """Drop the gathered text and its links (they were not a paragraph)."""
        self.parts.clear()
        self.links.clear()

    def _end_simple(self, tag: str) -> None:
        if tag == "Link":
            self._close_link()
            return
        if tag == "Image":
            self.image_parts += len(self.parts) - self.image_start
        elif tag == "Item":
            self.flush()
            self.containers.pop()
            self.pending.pop()
        elif tag == "CodeBlock":
            self._end_code()
        elif tag == "TableCell":
            self.cells.append(" ".join("".join(self.parts).split()))
            self._clear()
            self.image_parts = 0
        elif tag in ("TableHead", "TableRow"):
            self.rows.append(self.cells)
            self.cells = []
        elif tag == "Table":
            self.builder.paragraph(layout_table(self.rows, header=True), ParagraphKind.TABLE)
            self.rows = []
        elif tag == "HtmlBlock":
            import html  # imported here: its entity table costs 2 ms, few books need it

            raw = "".join(self.parts)
            self._clear()
            self.parts.append(html.unescape(_HTML_TAG.sub(" ", _HTML_DROP.sub(" ", raw))))
            self.flush()
        else:  # Paragraph, FootnoteDefinition, ...
            self.flush()

    def _open_item(self) -> None:
        current = self.lists[-1] if self.lists else _List(None)
        self.pending.append(current.next_number)
        if current.next_number is not None:
            current.next_number += 1
        self.containers.append(_ITEM)

    def _end_heading(self) -> None:
        title = " ".join("".join(self.parts).split())
        self._clear()
        self.image_parts = 0
        if not title:
            return
        level, self.heading_level = self.heading_level, 0
        self.builder.heading(title, level)
        from reader.readers.link_spans import slug

        self.builder.target(slug(title))
        if level == 1 and not self.has_title:
            self.builder.metadata.title = title
            self.has_title = True

    def _end_code(self) -> None:
        text = "".join(self.parts)
        self._clear()
        self.builder.paragraph(text, ParagraphKind.CODE, marker=self.code_info)

    def flush(self) -> None:
        """Emit the collected inline text as a paragraph of the current container."""
        parts = self.parts
        if not parts:
            return
        caption = self.image_parts == len(parts)
        self.image_parts = 0
        text = "".join(parts)
        parts.clear()
        links: list[Link] = []
        if self.links:
            links = self.links[:]
            self.links.clear()
        if self.open_links:  # a link left open by a block inside it goes on from the start
            self.open_links = [(0, url) for _, url in self.open_links]
        if not self.containers:
            if self.note_label:
                marker, self.note_label = self.note_label, " "  # the label on its first only
                self.builder.paragraph(
                    text, ParagraphKind.FOOTNOTE, marker=marker.strip(), links=links
                )
                return
            kind = ParagraphKind.CAPTION if caption else ParagraphKind.BODY
            self.builder.paragraph(text, kind, links=links)
        elif self.containers[-1] == _QUOTE:
            self.builder.paragraph(text, ParagraphKind.QUOTE, depth=self.quotes - 1, links=links)
        else:
            pending = self.pending[-1]
            marker = ""
            if pending != _USED:
                marker = self.markers.resolve(pending, text)
                self.pending[-1] = _USED
            depth = max(0, len(self.lists) - 1)
            self.builder.paragraph(
                text, ParagraphKind.LIST_ITEM, marker=marker, depth=depth, links=links
            )


class _ListMarkers:
    """Recovers list markers as written (``-``, ``*``, ``3)``), which pyromark does not report.

    The events say only "bullet list" or "ordered list starting at n". Asking
    pyromark for source ranges would quadruple the parse time, so instead the
    source is scanned once (lazily, on the first list item) for lines that look
    like list items, and each item takes the next such line whose kind (bullet or
    number) and first word agree with it. Look-alike lines elsewhere (in code blocks, in
    the middle of paragraphs) are skipped by that check; when nothing agrees the
    item gets the plain ``-`` or ``n.``.
    """

    _ITEM = r"[ \t>]*(?:([-*+])|(\d{1,9})([.)]))(?:[ \t]+([^\n]*))?(?=\n|\Z)"
    _FIRST_LINE = re.compile(_ITEM)
    _LINE = re.compile("\n" + _ITEM)  # 3x faster than ^ with re.M: "\n" is searched for
    _LOOKAHEAD = 64

    def __init__(self, source: str) -> None:
        self.source = source
        self.lines: list[tuple[str, str, str]] | None = None  # bullet or delimiter, digits, rest
        self.cursor = 0

    def resolve(self, number: int | None, text: str) -> str:
        """The marker for an item (``number`` None for a bullet) whose text starts with ``text``."""
        if self.lines is None:
            first = self._FIRST_LINE.match(self.source)
            matches = [first] if first else []
            matches += self._LINE.finditer(self.source)
            self.lines = [(m[1] or m[3], m[2] or "", m[4] or "") for m in matches]
        word_match = _FIRST_WORD.search(text)
        word = word_match.group() if word_match else ""
        stop = min(len(self.lines), self.cursor + self._LOOKAHEAD)
        for i in range(self.cursor, stop):
            symbol, digits, rest = self.lines[i]
            if (number is None) != (not digits) or (word and word not in rest):
                continue
            self.cursor = i + 1
            return symbol if number is None else f"{digits}{symbol}"
        return "-" if number is None else f"{number}."
