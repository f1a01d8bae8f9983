"""Recognise page chrome in HTML: the parts of a page that are not the article.

Saved web pages and documentation pages wrap the text in navigation bars, site
banners, cookie notices, share buttons, sidebars, "related articles" lists and
footers. Two kinds are told apart, because the house rule is that no reading text
is dropped silently:

* :attr:`Chrome.DROP` — interface, not text: menus, breadcrumbs, cookie and
  consent banners, share buttons, search boxes, dialogs, hidden elements. They are
  left out of the document.
* :attr:`Chrome.BOILERPLATE` — text that is not the article but may be worth a
  look: footers, asides, related-article and newsletter blocks, comments. It is
  kept with ``boilerplate=True`` so the app folds it and export skips it.

The decision uses what pages say about themselves — element names, ARIA roles,
``hidden``, and the words in ``class`` and ``id`` — which works across site
generators without site-specific rules.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from enum import Enum

__all__ = ["Chrome", "classify"]


class Chrome(Enum):
    """How an element takes part in the document."""

    CONTENT = "content"
    BOILERPLATE = "boilerplate"
    DROP = "drop"


_DROP_TAGS = frozenset(
    {
        "script", "style", "noscript", "template", "svg", "math", "canvas", "iframe",
        "object", "embed", "video", "audio", "map", "head", "nav", "menu", "form",
        "button", "input", "select", "textarea", "option", "label", "dialog", "link",
        "meta", "title", "base", "frame", "frameset",
    }
)  # fmt: skip
_BOILERPLATE_TAGS = frozenset({"aside", "footer"})
_DROP_ROLES = frozenset(
    {"navigation", "banner", "search", "dialog", "alertdialog", "menu", "menubar", "toolbar"}
)
_BOILERPLATE_ROLES = frozenset({"complementary", "contentinfo"})
_DROP_WORDS = frozenset(
    {
        "nav", "navbar", "navigation", "menu", "breadcrumb", "breadcrumbs", "cookie",
        "cookies", "consent", "gdpr", "share", "sharing", "social", "toolbar", "skip",
        "popup", "modal", "overlay", "paywall", "searchbox", "topbar", "masthead", "toc",
    }
)  # fmt: skip
_BOILERPLATE_WORDS = frozenset(
    {
        "sidebar", "related", "recommended", "recommendations", "newsletter", "subscribe",
        "signup", "promo", "advert", "advertisement", "ad", "ads", "sponsor", "sponsored",
        "comments", "footer", "colophon", "trending", "popular", "outbrain", "taboola",
    }
)  # fmt: skip
_CONTENT_WORDS = frozenset(
    {
        "table", "tables", "tablenote", "tablenotes", "tfoot", "figure", "fig", "figcaption",
        "caption", "note", "notes", "footnote", "footnotes", "endnotes", "source", "sources",
    }
)  # fmt: skip
"""Words of an element that belongs to the article even under a boilerplate word: a
table's ``table-footer`` notes, a figure's ``figure-footer`` source line."""
_WORD = re.compile(r"[a-z]+")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden")


def classify(tag: str, attributes: Mapping[str, str | None]) -> Chrome:
    """Say whether an element is article content, boilerplate or interface to drop.

    Args:
        tag: The element name, lower case.
        attributes: Its attributes (values may be ``None`` for bare attributes).

    Returns:
        The element's role in the document; its descendants share it unless a
        descendant is itself chrome of a stronger kind.
    """
    if tag in _DROP_TAGS:
        return Chrome.DROP
    if attributes:
        if "hidden" in attributes or attributes.get("aria-hidden") == "true":
            return Chrome.DROP
        style = attributes.get("style")
        if style and _HIDDEN_STYLE.search(style.lower()):
            return Chrome.DROP
        role = attributes.get("role")
        if role in _DROP_ROLES:
            return Chrome.DROP
        if role in _BOILERPLATE_ROLES:
            return Chrome.BOILERPLATE
        words = _words(attributes)
        if words & _DROP_WORDS:
            return Chrome.DROP
        if words & _BOILERPLATE_WORDS and not words & _CONTENT_WORDS:
            return Chrome.BOILERPLATE
        if words & _CONTENT_WORDS:
            return Chrome.CONTENT
    if tag in _BOILERPLATE_TAGS:
        return Chrome.BOILERPLATE
    return Chrome.CONTENT


def _words(attributes: Mapping[str, str | None]) -> set[str]:
    """The words of ``class`` and ``id`` (``site-nav__item`` gives site, nav, item)."""
    text = f"{attributes.get('class') or ''} {attributes.get('id') or ''}".lower()
    return set(_WORD.findall(text)) if text.strip() else set()
