"""Turn a parsed HTML element into the stream of headings and paragraphs it shows.

Used by the HTML reader for a whole page and by the EPUB reader for each chapter,
which is why it yields :class:`Block` values instead of feeding a builder: the
EPUB reader places its own table-of-contents headings between them, using the
element ids each block carries.

The walk is iterative (a page of 100 000 nested ``<div>`` elements must not blow
the Python stack; the parser flattens nesting past a bound, see
:mod:`reader.readers.html_nesting`, so the few looks up the stack of open
elements stay cheap) and keeps the kind of each paragraph from its context: list
items, quotes, code, captions and tables. Page chrome is classified by
:mod:`reader.readers.chrome`: dropped, or kept and flagged as boilerplate.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from reader.model import Link, ParagraphKind
from reader.readers.chrome import Chrome, classify
from reader.readers.link_spans import looks_like_note
from reader.readers.table_layout import layout_table

if TYPE_CHECKING:
    from selectolax.lexbor import LexborNode

    from reader.readers.builder import DocumentBuilder

__all__ = ["Block", "add_paragraph", "iter_blocks"]

_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "caption", "center", "dd",
        "details", "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer",
        "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html", "li", "main",
        "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th",
        "thead", "tr", "ul",
    }
)  # fmt: skip
_PLAIN_INLINE = frozenset(
    {
        "abbr", "b", "bdi", "bdo", "big", "cite", "code", "data", "del", "dfn", "em", "font",
        "i", "ins", "kbd", "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup",
        "time", "tt", "u", "var",
    }
)  # fmt: skip
"""Text formatting: read without looking for chrome, which is never marked up this small."""
_SECTIONING = frozenset({"article", "main", "section"})
_LISTS = frozenset({"ul", "ol", "dl"})
_FRAMED = (
    _SECTIONING | _LISTS | {"pre", "li", "blockquote", "figcaption", "caption", "figure", "table"}
)
"""Elements that change the context of what they hold (the rest share their parent's frame)."""
_PERMALINK_TEXT = frozenset({"#", "¶", "§", "🔗", "link"})
_LINK_SHARE = 0.9  # a list whose text is this much link text is navigation
_MIN_LINK_ITEMS = 3
_NOT_DATA_TABLE = "h1, h2, h3, h4, h5, h6, p, ul, ol, pre, blockquote, div, section"
_NOTE_TEXT = 12  # characters: a longer link text is no footnote mark
_NOTE_TAGS = frozenset({"aside", "div", "li", "section", "p", "dd"})
_NOTE_KINDS = frozenset({"footnote", "endnote", "rearnote", "note"})
_NOTE_ID = re.compile(r"fn[:_-]?\d{1,4}")
_NOTE_LABEL = re.compile(r"[\[(]?(?:\d{1,4}|[*†‡§¶]{1,3}|[a-z])[\])]?")
"""A note's own mark standing alone (``[1]``), shown as its marker, not as a paragraph."""
_LEADING_LABEL = re.compile(r"\s*[\[(]?(\d{1,4}|[*†‡§¶]{1,3})[\])]?\s+(?=\S)")
"""A note's mark opening its first paragraph (``[75] You do not...``)."""


class Block(NamedTuple):
    """A heading (``kind is None``) or a paragraph, in document order.

    A named tuple, not a dataclass: a long page makes hundreds of thousands.

    Attributes:
        text: The text as shown (verbatim for code and tables).
        kind: The paragraph kind, ``None`` for a heading.
        level: A heading's level (1-6).
        marker: A list item's bullet or number.
        depth: Nesting depth of list items and quotes.
        boilerplate: True for page chrome that is kept (footers, asides...).
        ids: Element ids met since the previous block, so links into the page
            (an EPUB table of contents) can find where they point.
        links: The paragraph's links: spans of ``text`` and each one's ``href`` as
            written (the reader resolves it: :func:`add_paragraph`'s ``resolve``).
    """

    text: str
    kind: ParagraphKind | None
    level: int = 0
    marker: str = ""
    depth: int = 0
    boilerplate: bool = False
    ids: tuple[str, ...] = ()
    links: tuple[Link, ...] = ()


def add_paragraph(
    builder: DocumentBuilder, block: Block, resolve: Callable[[str], str | None] | None = None
) -> None:
    """Append a paragraph block (``kind`` not ``None``) to ``builder``.

    ``resolve`` turns an href into a builder link target (a safe external URL or
    ``#name``), ``None`` to drop the link; without it links are dropped.
    """
    assert block.kind is not None, "a heading is placed by the reader, not added here"
    links: list[Link] = []
    if resolve is not None:
        for link in block.links:
            target = resolve(link.target)
            if target is not None:
                links.append(Link(link.start, link.end, target, link.note and target[:1] == "#"))
    builder.paragraph(
        block.text,
        block.kind,
        marker=block.marker,
        depth=block.depth,
        boilerplate=block.boilerplate,
        links=links,
    )


@dataclass(slots=True)
class _Frame:
    """What entering one element changed, to undo on leaving it."""

    tag: str
    boilerplate: bool
    kind: ParagraphKind
    depth: int
    marker: str = ""
    counter: int = 0  # next number in an <ol>
    ordered: bool = False
    sectioning: bool = False
    skip_alt: bool = False  # inside a <figure> with its own caption
    note: bool = False  # a footnote's element: its paragraphs are FOOTNOTE
    labelled: bool = False  # the note's mark was met (its first paragraph has it)


class _Walker:
    """One pass over an element tree; see :func:`iter_blocks`."""

    def __init__(self) -> None:
        self.inline: list[str] = []
        self.ids: list[str] = []
        self.links: list[Link] = []  # closed links of the paragraph being gathered
        self.open_links: list[tuple[int, str, dict[str, str | None]]] = []  # start, href, attrs
        self.stack: list[_Frame] = [_Frame("", False, ParagraphKind.BODY, 0)]

    # -- output ----------------------------------------------------------------

    def flush(self, frame: _Frame | None = None) -> Block | None:
        """The inline text gathered so far as a paragraph, if any.

        Its kind is that of ``frame`` (the element being closed), by default the
        innermost open element's.
        """
        inline = self.inline
        if not inline:
            return None
        text = inline[0] if len(inline) == 1 else "".join(inline)
        inline.clear()
        links = self._take_links() if self.links or self.open_links else ()
        if not text.strip():
            return None
        top = self.stack[-1] if frame is None else frame
        marker = ""
        if top.note:
            if not top.labelled and _NOTE_LABEL.fullmatch(text.strip()):
                # the note's own mark ("[1]", its back-link): the marker of its first paragraph
                top.marker, top.labelled = text.strip().strip("[]()"), True
                self._take_links()
                return None
            if not top.labelled and not top.marker:
                label = _LEADING_LABEL.match(text)
                if label is not None:  # "[75] The note": DocBook puts its mark in the text
                    top.marker = label.group(1)
                    text = text[label.end() :]
                    links = tuple(
                        Link(a.start - label.end(), a.end - label.end(), a.target, a.note)
                        for a in links
                        if a.start >= label.end()
                    )
            marker, top.marker, top.labelled = top.marker, "", True
        elif top.kind is ParagraphKind.LIST_ITEM:
            item = top if top.tag == "li" else self._innermost("li")
            if item is not None:
                marker, item.marker = item.marker, ""  # the bullet goes on the first line only
        ids: tuple[str, ...] = ()
        if self.ids:
            ids = tuple(self.ids)
            self.ids.clear()
        return Block(text, top.kind, 0, marker, top.depth, top.boilerplate, ids, links)

    def _take_links(self) -> tuple[Link, ...]:
        """The links gathered for the paragraph just flushed; a link still open restarts."""
        if self.open_links:
            self.open_links = [(0, href, attrs) for _, href, attrs in self.open_links]
        if not self.links:
            return ()
        links = tuple(self.links)
        self.links.clear()
        return links

    def open_link(self, attributes: dict[str, str | None]) -> None:
        """An ``<a href>`` starts: its text starts here."""
        href = attributes.get("href")
        if href:
            self.open_links.append((sum(map(len, self.inline)), href, attributes))

    def close_link(self) -> None:
        """The innermost open ``<a href>`` ends: its span is the text since it opened."""
        if not self.open_links:
            return
        start, href, attributes = self.open_links.pop()
        end = sum(map(len, self.inline))
        if end > start:
            note = False
            if "#" in href and ":" not in href.split("#", 1)[0]:  # into a document
                # a mark's text is short: joined only then
                text = "".join(self.inline)[start:end] if end - start <= _NOTE_TEXT else ""
                note = looks_like_note(text, attributes)
            self.links.append(Link(start, end, href, note))

    def _block(
        self,
        text: str,
        kind: ParagraphKind | None,
        *,
        level: int = 0,
        marker: str = "",
        depth: int = 0,
        boilerplate: bool = False,
    ) -> Block:
        ids: tuple[str, ...] = ()
        if self.ids:
            ids = tuple(self.ids)
            self.ids.clear()
        links = self._take_links()  # taken either way: a heading's links are not kept
        return Block(
            text, kind, level, marker, depth, boilerplate, ids, links if kind is not None else ()
        )

    def _innermost_list(self) -> _Frame | None:
        for frame in reversed(self.stack):
            if frame.tag in _LISTS:
                return frame
        return None

    def _innermost(self, tag: str) -> _Frame | None:
        for frame in reversed(self.stack):
            if frame.tag == tag:
                return frame
        return None

    # -- elements --------------------------------------------------------------

    def enter(self, node: LexborNode, tag: str) -> tuple[bool, list[Block]]:
        """Start an element; returns whether to walk its children, and blocks to emit."""
        attributes = node.attributes
        element_id = attributes.get("id") if attributes else None
        if element_id:
            self.ids.append(element_id)
        top = self.stack[-1]
        boilerplate, kind, depth, sectioning = top.boilerplate, top.kind, top.depth, top.sectioning
        chrome = classify(tag, attributes)
        if tag == "header" and not sectioning and node.css_first("h1") is None:
            chrome = Chrome.DROP  # a page-level <header> is the site banner
        elif tag == "a" and _is_permalink(node, attributes):
            chrome = Chrome.DROP
        if chrome is Chrome.DROP:
            return False, []
        if chrome is Chrome.BOILERPLATE and _in_table_or_figure(node):
            chrome = Chrome.CONTENT  # a table's or figure's <footer>: its notes, its source
        if tag in _LISTS and _mostly_links(node):
            chrome = Chrome.BOILERPLATE  # a menu, a table of contents, "related articles"
        out: list[Block] = []
        if tag in _BLOCK_TAGS or tag == "br" or tag == "img":
            if tag == "br":
                self.inline.append("\n")
                return False, []
            if tag == "img":
                return False, self._image(attributes)
            block = self.flush()
            if block is not None:
                out.append(block)
        note = tag in _NOTE_TAGS and attributes and _is_note(attributes)
        if note:
            chrome = Chrome.CONTENT  # an EPUB's <aside epub:type="footnote"> is text
        elif tag == "a" and attributes:
            self.open_link(attributes)
        if chrome is Chrome.CONTENT and tag not in _FRAMED and not note:
            self.stack.append(top)  # nothing changes inside: share the enclosing frame
            return True, out
        boilerplate = boilerplate or chrome is Chrome.BOILERPLATE
        frame = _Frame(tag, boilerplate, kind, depth, sectioning=sectioning, skip_alt=top.skip_alt)
        if tag in _SECTIONING:
            frame.sectioning = True
        elif tag == "pre":
            frame.kind = ParagraphKind.CODE
        elif tag in _LISTS:
            parent_list = self._innermost_list()
            frame.depth = 0 if parent_list is None else parent_list.depth + 1
            frame.ordered = tag == "ol"
            frame.counter = _int(attributes.get("start"), 1)
        elif tag == "li":
            self._list_item(frame, attributes)
        elif tag == "blockquote":
            quote = self._innermost("blockquote")
            frame.kind = ParagraphKind.QUOTE
            frame.depth = 0 if quote is None else quote.depth + 1
        elif tag in ("figcaption", "caption"):
            frame.kind = ParagraphKind.CAPTION
        elif tag == "figure":
            frame.skip_alt = node.css_first("figcaption") is not None
        elif tag == "table" and _is_data_table(node):
            out.extend(self._table(node, boilerplate))
            return False, out
        if note:
            frame.kind, frame.note, frame.depth = ParagraphKind.FOOTNOTE, True, 0
            frame.marker = frame.marker.rstrip(".")  # a numbered list's "3." is note 3
        self.stack.append(frame)
        return True, out

    def enter_inline(self, node: LexborNode) -> None:
        """Start a text-formatting element: only its id matters."""
        element_id = node.id
        if element_id:
            self.ids.append(element_id)
        self.stack.append(self.stack[-1])

    def leave(self, tag: str) -> Block | None:
        """Finish the innermost open element, named ``tag``; returns its last block."""
        frame = self.stack.pop()
        if tag not in _BLOCK_TAGS:
            if tag == "a":
                self.close_link()
            return None
        if tag not in _HEADINGS and tag != "pre":
            return self.flush(frame)  # the paragraph being closed still has its kind
        text = "".join(self.inline)
        self.inline.clear()
        if not text.strip():
            self._take_links()
            return None
        if tag == "pre":
            return self._block(
                text, ParagraphKind.CODE, depth=frame.depth, boilerplate=frame.boilerplate
            )
        if frame.boilerplate:
            return self._block(text, ParagraphKind.BODY, boilerplate=True)
        return self._block(text, None, level=_HEADINGS[tag])

    def _list_item(self, frame: _Frame, attributes: dict[str, str | None]) -> None:
        owner = self._innermost_list()
        frame.kind = ParagraphKind.LIST_ITEM
        if owner is None:
            frame.marker = "•"
            return
        frame.depth = owner.depth
        if owner.ordered:
            number = _int(attributes.get("value"), owner.counter)
            owner.counter = number + 1
            frame.marker = f"{number}."
        else:
            frame.marker = "•"

    def _image(self, attributes: dict[str, str | None]) -> list[Block]:
        """An image standing on its own becomes a caption with its alt text."""
        alt = (attributes.get("alt") or "").strip()
        top = self.stack[-1]
        if not alt or top.skip_alt or "".join(self.inline).strip():
            return []
        return [self._block(alt, ParagraphKind.CAPTION, boilerplate=top.boilerplate)]

    def _table(self, node: LexborNode, boilerplate: bool) -> list[Block]:
        """A data table: its caption, then its rows as aligned text."""
        out: list[Block] = []
        caption = node.css_first("caption")
        if caption is not None:
            text = caption.text(deep=True, separator=" ")
            if text.strip():
                out.append(self._block(text, ParagraphKind.CAPTION, boilerplate=boilerplate))
        rows = [
            [" ".join(cell.text(deep=True, separator=" ").split()) for cell in row.css("td, th")]
            for row in node.css("tr")
        ]
        text = layout_table(rows)
        if text:
            out.append(self._block(text, ParagraphKind.TABLE, boilerplate=boilerplate))
        return out


def _is_note(attributes: dict[str, str | None]) -> bool:
    """Whether an element holds one footnote (or endnote): marked by EPUB, ARIA, or its id.

    ``epub:type="footnote"``, ``role="doc-footnote"`` (and docutils' ``role="note"``
    on its footnotes), DocBook's ``class="footnote"``, or a list item with a
    note's id (``fn1``, ``fn:1``).
    """
    role = attributes.get("role")
    if role and (
        role in ("doc-footnote", "doc-endnote")
        or (role == "note" and "footnote" in (attributes.get("class") or ""))
    ):
        return True
    kinds = attributes.get("epub:type")
    if kinds and any(kind in _NOTE_KINDS for kind in kinds.split()):
        return True
    classes = attributes.get("class")
    if classes and "footnote" in classes.split():  # DocBook's <div class="footnote">
        return True
    element_id = attributes.get("id")
    if not element_id or element_id[:2] != "fn":
        return False
    return _NOTE_ID.fullmatch(element_id) is not None


def _is_data_table(node: LexborNode) -> bool:
    """A table of cells of text, as opposed to one that lays out a page."""
    # css() matches the node itself too, hence "more than one" table
    return node.css_first(_NOT_DATA_TABLE) is None and len(node.css("table")) == 1


def _is_permalink(node: LexborNode, attributes: dict[str, str | None]) -> bool:
    """A heading's "#" or "¶" self-link, which is not part of the heading's text."""
    href = attributes.get("href") or ""
    return href.startswith("#") and node.text(deep=True, strip=True) in _PERMALINK_TEXT


def _in_table_or_figure(node: LexborNode) -> bool:
    """Whether ``node`` sits inside a table or a figure (asked of boilerplate elements only)."""
    parent = node.parent
    while parent is not None:
        if parent.tag in ("table", "figure"):
            return True
        parent = parent.parent
    return False


def _mostly_links(node: LexborNode) -> bool:
    """True for a list of links with little else: navigation rather than text."""
    links = node.css("a")
    if len(links) < _MIN_LINK_ITEMS:
        return False
    total = len("".join(node.text(deep=True).split()))
    linked = sum(len("".join(link.text(deep=True).split())) for link in links)
    return total > 0 and linked >= _LINK_SHARE * total


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def iter_blocks(root: LexborNode) -> Iterator[Block]:
    """Yield the headings and paragraphs under ``root`` in document order.

    Args:
        root: The element to read (a page's ``<body>``, ``<main>`` or ``<article>``).
    """
    walker = _Walker()
    gather = walker.inline.append
    root_id = root.mem_id
    node: LexborNode | None = root.child
    while node is not None:
        tag = node.tag
        descend = False
        if tag == "-text":
            gather(node.text_content or "")
        elif tag in _PLAIN_INLINE:
            walker.enter_inline(node)
            descend = True
        elif tag and tag[0] != "-":
            descend, blocks = walker.enter(node, tag)
            yield from blocks
        if descend:
            child = node.child
            if child is not None:
                node = child
                continue
            block = walker.leave(tag or "")
            if block is not None:
                yield block
        # climb until there is a next sibling, closing the elements left behind
        while node is not None and node.next is None:
            node = node.parent
            if node is None or node.mem_id == root_id:
                node = None
                break
            block = walker.leave(node.tag or "")
            if block is not None:
                yield block
        if node is not None:
            node = node.next
    block = walker.flush()
    if block is not None:
        yield block
