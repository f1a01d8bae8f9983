"""The stable JSON shapes of documents, used by ``reader toc --json`` and ``reader show --json``.

These shapes are a public contract for scripts (documented in docs/commands.md and pinned
by tests): fields may be added, never renamed or removed without bumping
:data:`JSON_VERSION`.
"""

from __future__ import annotations

from typing import Any

from reader.model import Document, Link, Section

__all__ = ["JSON_VERSION", "document_json", "outline_json"]

JSON_VERSION = 1


def _document_head(doc: Document) -> dict[str, Any]:
    return {
        "version": JSON_VERSION,
        "title": doc.title,
        "format": doc.format,
        "path": None if doc.path is None else str(doc.path),
        "fingerprint": doc.fingerprint,
        "paragraph_count": len(doc.paragraphs),
    }


def _outline_node(doc: Document, section: Section) -> dict[str, Any]:
    return {
        "index": section.index,
        "title": section.title,
        "level": section.level,
        "paragraphs": section.end - section.start,
        "children": [_outline_node(doc, doc.sections[c]) for c in section.children],
    }


def outline_json(doc: Document) -> dict[str, Any]:
    """The section tree with paragraph counts (subsections included)."""
    return {**_document_head(doc), "sections": [_outline_node(doc, s) for s in doc.roots]}


def document_json(doc: Document) -> dict[str, Any]:
    """Metadata, the flat section list and every paragraph with its anchor."""
    meta = doc.metadata
    return {
        **_document_head(doc),
        "encoding": doc.encoding,
        "metadata": {
            "title": meta.title,
            "authors": list(meta.authors),
            "date": meta.date,
            "source": meta.source,
            "language": meta.language,
            "extra": dict(meta.extra),
        },
        "sections": [
            {
                "index": s.index,
                "title": s.title,
                "level": s.level,
                "parent": s.parent,
                "start": s.start,
                "end": s.end,
            }
            for s in doc.sections
        ],
        "paragraphs": [
            {
                "index": p.index,
                "anchor": p.anchor,
                "kind": p.kind.value,
                "section": p.section,
                "marker": p.marker,
                "depth": p.depth,
                "boilerplate": p.boilerplate,
                "text": p.text,
                "links": [_link_json(doc, p.text, link) for link in p.links],
            }
            for p in doc.paragraphs
        ],
    }


def _link_json(doc: Document, text: str, link: Link) -> dict[str, Any]:
    """A link: its text and offsets in the paragraph text, where it points.

    ``target`` is a URL, or ``#`` and the anchor of a paragraph of the document,
    whose index ``paragraph`` gives (``None`` for a URL); ``note`` marks a
    footnote marker.
    """
    paragraph = doc.paragraph_by_anchor(link.target[1:]) if link.internal else None
    return {
        "text": text[link.start : link.end],
        "target": link.target,
        "start": link.start,
        "end": link.end,
        "note": link.note,
        "paragraph": None if paragraph is None else paragraph.index,
    }
