"""Bound how deeply an HTML page nests its elements, before it is parsed.

An HTML5 parser looks down its stack of open elements for many start tags (is
there a ``<p>`` to close first? a ``<li>``?), so a page that nests elements tens
of thousands deep costs time quadratic in its depth: 33,333 nested
``<blockquote><ul><li>`` took over a minute to parse, and every walk over the
tree afterwards pays the depth again. No real page nests that deep, so the page
is flattened before parsing: a linear scan keeps a model of the open elements
(with the implied closings that matter: ``<p>``, ``<li>``, ``<dd>``/``<dt>``,
table cells and rows) and, past :data:`MAX_ELEMENT_DEPTH` open elements, rewrites
the deeper start tags and their end tags so they no longer nest:

* text formatting (``<b>``, ``<span>``...) is dropped, its text kept in place;
* an element that hides its content (``<template>``, ``<nav>``, ``hidden``...)
  is removed with its content, as the reader would leave it out anyway;
* any other element becomes a ``<p>``, so its text stays a paragraph of its own
  inside the deepest element kept.

Nothing else changes: a page that never nests that deep is returned as it is,
and no text is lost from one that does. The model leaves out the parser's
re-opening of text formatting left open across blocks (``<p><b><div>``), so the
parsed depth may pass the bound by the formatting elements open, never by more.
"""

from __future__ import annotations

import re

from reader.readers.chrome import Chrome, classify

__all__ = ["MAX_ELEMENT_DEPTH", "bound_nesting"]

MAX_ELEMENT_DEPTH = 128
"""Open elements kept; real pages stay far below (30 to 60 at most)."""

_TOKEN = re.compile(
    r"<!--.*?(?:-->|\Z)"
    r"|<(script|style|textarea|title|xmp|iframe|noembed|noframes|noscript)(?=[\s/>])"
    r".*?(?:</\1\s*>|\Z)"
    r"|<(/?)([A-Za-z][^\s/>]*)[^>]*>?",
    re.S | re.I,
)
_PROBE = re.compile(r"<([A-Za-z][^\s/>]*)[^<>]*>[^<]*</\1\s*>|" + _TOKEN.pattern, re.S | re.I)
""":data:`_TOKEN` plus, first, a whole element holding text only (``<p>...</p>``):
most elements of a long page are such leaves, and one match for both tags halves
the first scan's work."""
_ATTRIBUTE = re.compile(r"""([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")
_VOID = frozenset(
    {
        "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "image",
        "img", "input", "keygen", "link", "meta", "param", "source", "track", "wbr",
    }
)  # fmt: skip
_MERGED = frozenset({"html", "head", "body"})  # a second one adds no element
_CLOSES_P = frozenset(
    {
        "address", "article", "aside", "blockquote", "center", "details", "dialog", "dir",
        "div", "dl", "fieldset", "figcaption", "figure", "footer", "form", "header", "hgroup",
        "main", "menu", "nav", "ol", "p", "search", "section", "summary", "ul", "h1", "h2",
        "h3", "h4", "h5", "h6", "pre", "listing", "li", "dd", "dt", "table",
    }
)  # fmt: skip
_BUTTON_SCOPE = frozenset(
    {"applet", "button", "caption", "html", "marquee", "object", "table", "td", "template", "th"}
)
_ITEM_BARRIERS = (_CLOSES_P | _BUTTON_SCOPE) - {"address", "div", "p"}
"""Elements a ``<li>`` (``<dd>``, ``<dt>``) does not look past for an item to close."""
_SAME_LEVEL = {
    "li": ("li",),
    "dd": ("dd", "dt"),
    "dt": ("dd", "dt"),
    "td": ("td", "th"),
    "th": ("td", "th"),
    "tr": ("tr",),
    "a": ("a",),
    "option": ("option",),
}
"""Start tags that close an open element of these names instead of nesting in it."""
_INLINE = frozenset(
    {
        "a", "abbr", "b", "bdi", "bdo", "big", "cite", "code", "data", "del", "dfn", "em",
        "font", "i", "ins", "kbd", "mark", "nobr", "q", "rb", "rp", "rt", "ruby", "s", "samp",
        "small", "span", "strike", "strong", "sub", "sup", "time", "tt", "u", "var",
    }
)  # fmt: skip
_IGNORED = _VOID | _MERGED
_ITEMS = frozenset({"li", "dd", "dt"})
_CELLS = frozenset({"td", "th", "tr"})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_KEPT, _DROPPED, _PARAGRAPH, _HIDDEN = range(4)


class _OpenElements:
    """The model of the parser's stack of open elements, and the rewrites it decides.

    Each open element is ``(name, fate, scope, barrier)``: what becomes of it,
    and the indices of the innermost button-scope boundary and item barrier at
    or above it, so "is there a ``<p>`` in scope?" costs one look, not a walk.
    """

    def __init__(self) -> None:
        self.stack: list[tuple[str, int, int, int]] = []
        self.where: dict[str, list[int]] = {}  # name -> indices of its open elements
        self.edits: list[tuple[int, int, str]] = []
        self.hidden_from = -1  # text position where a hidden deep element started
        self.hidden_at = -1  # its stack index, -1 when none

    def _innermost(self, name: str) -> int:
        found = self.where.get(name)
        return found[-1] if found else -1

    def _pop_to(self, index: int, position: int) -> int:
        """Close the element at ``index`` and all inside it; returns its fate."""
        stack, where = self.stack, self.where
        fate = _KEPT
        while len(stack) > index:
            name, fate, _, _ = stack.pop()
            where[name].pop()
        if 0 <= self.hidden_at >= index:
            self.edits.append((self.hidden_from, position, ""))
            self.hidden_at = -1
        return fate

    def start(self, name: str, start: int = 0, end: int = 0, tag: str = "") -> bool:
        """A start tag at ``text[start:end]``; True when it is past the bound."""
        stack = self.stack
        if stack:
            top, _, scope, barrier = stack[-1]
            if name in _CLOSES_P:
                paragraphs = self.where.get("p")
                if paragraphs and paragraphs[-1] > scope:
                    self._pop_to(paragraphs[-1], start)
            closes = _SAME_LEVEL.get(name)
            if closes is not None:
                open_at = max(map(self._innermost, closes))
                if name in _ITEMS:
                    limit = barrier  # the item itself is a barrier: nothing special above it
                elif name in _CELLS:
                    limit = self._innermost("table") + 1  # never a cell of an outer table
                else:
                    limit = 0
                if open_at >= max(limit, 0):
                    self._pop_to(open_at, start)
            elif name in _HEADINGS and top in _HEADINGS:
                self._pop_to(len(stack) - 1, start)
        index = len(stack)
        if index < MAX_ELEMENT_DEPTH:
            fate = _KEPT
        elif self.hidden_at >= 0:
            fate = _HIDDEN
        elif name in _INLINE:
            fate = _DROPPED
            self.edits.append((start, end, ""))
        elif classify(name, _attributes(tag)) is Chrome.DROP:
            fate = _HIDDEN
            self.hidden_from, self.hidden_at = start, index
        else:
            fate = _PARAGRAPH
            self.edits.append((start, end, "<p>"))
        scope = stack[-1][2] if stack else -1
        barrier = stack[-1][3] if stack else -1
        stack.append(
            (
                name,
                fate,
                index if name in _BUTTON_SCOPE else scope,
                index if name in _ITEM_BARRIERS else barrier,
            )
        )
        self.where.setdefault(name, []).append(index)
        return fate != _KEPT

    def end(self, name: str, start: int = 0, end: int = 0) -> None:
        """An end tag at ``text[start:end]``."""
        found = self.where.get(name)
        if not found or name in _MERGED:
            return
        index = found[-1]
        hidden = self.hidden_at >= 0
        fate = self._pop_to(index, end)
        if hidden:
            return
        if fate == _DROPPED:
            self.edits.append((start, end, ""))
        elif fate == _PARAGRAPH:
            self.edits.append((start, end, "</p>"))


def _attributes(tag: str) -> dict[str, str | None]:
    body = tag[1:].lstrip("/").split(None, 1)
    attributes: dict[str, str | None] = {}
    if len(body) == 2:
        for match in _ATTRIBUTE.finditer(body[1].rstrip(">")):
            value = match.group(2) or match.group(3) or match.group(4)
            attributes.setdefault(match.group(1).lower(), value)
    return attributes


def bound_nesting(text: str) -> str:
    """``text`` with elements nested deeper than :data:`MAX_ELEMENT_DEPTH` flattened.

    Linear in the length of the page; a page that stays within the bound comes
    back unchanged (the same object). A first scan without positions (C-speed
    ``findall``) tells whether the bound is ever passed; only then does a second
    scan note where to rewrite.
    """
    if text.count("<") < MAX_ELEMENT_DEPTH or not _passes_bound(text):
        return text
    model = _OpenElements()
    for match in _TOKEN.finditer(text):
        name = match.group(3)
        if name is None:
            continue  # a comment or an element whose content is text, not tags
        name = name.lower()
        if match.group(2):
            model.end(name, match.start(), match.end())
        elif name not in _IGNORED:
            model.start(name, match.start(), match.end(), match.group())
    if model.hidden_at >= 0:
        model.edits.append((model.hidden_from, len(text), ""))
    pieces: list[str] = []
    done = 0
    for start, end, replacement in model.edits:
        pieces.append(text[done:start])
        pieces.append(replacement)
        done = end
    pieces.append(text[done:])
    return "".join(pieces)


def _passes_bound(text: str) -> bool:
    """Whether the page ever has more than :data:`MAX_ELEMENT_DEPTH` elements open.

    A leaf element opens one level for a moment and closes it; the closings its
    start tag implies are left out, which can only overstate the depth (the exact
    scan in :func:`bound_nesting` then finds nothing to rewrite).
    """
    model = _OpenElements()
    start, end, stack = model.start, model.end, model.stack
    for leaf, _, slash, name in _PROBE.findall(text):
        if leaf:
            if len(stack) >= MAX_ELEMENT_DEPTH:
                return True
            continue
        if not name:
            continue
        name = name.lower()
        if slash:
            end(name)
        elif name not in _IGNORED and start(name):
            return True
    return False
