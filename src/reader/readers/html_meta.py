"""Read a web page's metadata: title, authors, date, description, language, URL.

Pages describe themselves in several overlapping ways; the most specific wins:
JSON-LD (``<script type="application/ld+json">``, what news sites and blogs fill
in for search engines), then Open Graph and ``article:`` properties, then plain
``<meta name=...>`` tags and Dublin Core, then ``<title>``.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from reader.model import Metadata

if TYPE_CHECKING:
    from selectolax.lexbor import LexborHTMLParser

__all__ = ["read_metadata"]

_MAX_JSON_LD = 1_000_000  # characters; larger blobs are page data, not a description
_ISO_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})")
_ARTICLE_TYPES = frozenset(
    {"article", "newsarticle", "blogposting", "report", "scholarlyarticle", "techarticle"}
)


def read_metadata(tree: LexborHTMLParser) -> Metadata:
    """Collect what the page says about itself into a :class:`Metadata`."""
    meta = _meta_tags(tree)
    ld = _json_ld(tree)
    title_node = tree.css_first("title")
    title = title_node.text(deep=True) if title_node is not None else ""
    metadata = Metadata(
        title=_first(_text(ld.get("headline")), meta.get("og:title"), meta.get("dc.title"), title),
        authors=_authors(ld.get("author")) or _meta_authors(meta),
        date=_date(
            _first(
                _text(ld.get("datePublished")),
                meta.get("article:published_time"),
                meta.get("date"),
                meta.get("dc.date"),
                meta.get("dcterms.created"),
                meta.get("citation_publication_date"),
            )
        ),
        source=_first(meta.get("og:url"), _canonical(tree)),
        language=_language(tree),
    )
    description = _first(meta.get("description"), meta.get("og:description"))
    if description:
        metadata.extra["description"] = " ".join(description.split())
    site = _first(meta.get("og:site_name"), _publisher(ld.get("publisher")))
    if site:
        metadata.extra["site"] = " ".join(site.split())
    return metadata


def _meta_tags(tree: LexborHTMLParser) -> dict[str, str]:
    """``<meta name|property=K content=V>`` as a dict with lower-case keys (first wins)."""
    found: dict[str, str] = {}
    for node in tree.css("meta[content]"):
        attributes = node.attributes
        key = attributes.get("property") or attributes.get("name") or ""
        content = attributes.get("content") or ""
        if key and content.strip():
            found.setdefault(key.strip().lower(), content.strip())
    return found


def _json_ld(tree: LexborHTMLParser) -> dict[str, Any]:
    """The page's article description from JSON-LD, or ``{}``."""
    for node in tree.css('script[type="application/ld+json"]'):
        raw = node.text(deep=True)
        if len(raw) > _MAX_JSON_LD:
            continue
        try:
            data = json.loads(raw)
        except (ValueError, RecursionError):  # not JSON, or nested past the decoder's depth
            continue
        for item in _ld_items(data):
            kind = item.get("@type")
            kinds = kind if isinstance(kind, list) else [kind]
            if any(isinstance(k, str) and k.lower() in _ARTICLE_TYPES for k in kinds):
                return item
    return {}


def _ld_items(data: Any) -> list[dict[str, Any]]:
    """The objects of a JSON-LD document: a single object, a list, or an ``@graph``."""
    items = data if isinstance(data, list) else [data]
    out: list[dict[str, Any]] = []
    for item in items:
        if isinstance(item, dict):
            out.append(item)
            graph = item.get("@graph")
            if isinstance(graph, list):
                out.extend(g for g in graph if isinstance(g, dict))
    return out


def _authors(value: Any) -> list[str]:
    """Author names from a JSON-LD ``author`` (a name, a Person, or a list of either)."""
    values = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in values:
        name = item.get("name") if isinstance(item, dict) else item
        text = _text(name)
        if text and text not in names:
            names.append(text)
    return names


def _meta_authors(meta: dict[str, str]) -> list[str]:
    for key in ("author", "article:author", "dc.creator", "citation_author"):
        value = meta.get(key, "")
        if value and not value.startswith(("http://", "https://")):
            return [value]
    return []


def _publisher(value: Any) -> str:
    return _text(value.get("name")) if isinstance(value, dict) else _text(value)


def _canonical(tree: LexborHTMLParser) -> str:
    node = tree.css_first('link[rel="canonical"]')
    return (node.attributes.get("href") or "") if node is not None else ""


def _language(tree: LexborHTMLParser) -> str:
    node = tree.css_first("html")
    if node is None:
        return ""
    attributes = node.attributes
    return (attributes.get("lang") or attributes.get("xml:lang") or "").strip()


def _date(value: str) -> str:
    """``YYYY-MM-DD`` when the value starts with an ISO date, else the value as written."""
    match = _ISO_DATE.match(value.strip())
    return match.group(1) if match else value.strip()


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _first(*values: str | None) -> str:
    for value in values:
        if value and value.strip():
            return value.strip()
    return ""
