"""Annotations written as W3C Web Annotation JSON.

Export writes an ``AnnotationCollection`` (https://www.w3.org/TR/annotation-model/)
whose embedded first page holds one ``Annotation`` per note, highlight or
bookmark. Each targets the document with a ``TextQuoteSelector`` (the paragraph's
text, or the passage's, with 32 characters either side) and a
``TextPositionSelector`` (character offsets into the document's paragraphs joined
by blank lines), so any tool that speaks the model can anchor it; a colour is
its body's ``color`` (see :mod:`reader.export.passages`). Everything reader
needs for a lossless round trip (kind, anchor, status, the full selector, the
passage, the document's identity) rides along under the ``reader:annotation``
key, which other tools ignore.

Reading such files back is :mod:`reader.export.webannotation_import`.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from itertools import accumulate
from typing import Any
from urllib.parse import quote

from reader.annotation import AnchorStatus, Annotation, AnnotationKind
from reader.export.markdown import document_key, iso_time
from reader.export.passages import color_body, extension_fields, passage_span
from reader.model import Document

__all__ = [
    "CONTEXT",
    "CONTEXT_CHARS",
    "DOCUMENT_EXTENSION",
    "EXTENSION",
    "SEPARATOR",
    "export_web_annotations",
]

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
EXTENSION = "reader:annotation"
"""Key of reader's own fields on each annotation (kind, anchor, status, selector, document)."""
DOCUMENT_EXTENSION = "reader:document"
"""Key of the annotated document's identity on the collection (id, fingerprint, path...)."""

SEPARATOR = "\n\n"
"""Between paragraphs in the text that character offsets count in."""
CONTEXT_CHARS = 32
"""Characters of text kept on either side of a quote."""
_MOTIVATIONS = {
    AnnotationKind.NOTE: "commenting",
    AnnotationKind.HIGHLIGHT: "highlighting",
    AnnotationKind.BOOKMARK: "bookmarking",
}
"""The W3C motivation of each kind (the import takes "bookmarking" back as a bookmark)."""


def export_web_annotations(doc: Document, annotations: Sequence[Annotation]) -> dict[str, Any]:
    """The annotations as a W3C ``AnnotationCollection`` (a JSON-ready dict).

    Args:
        doc: The document, in the version the annotations were placed against.
        annotations: The annotations to write, in the order given.

    Returns:
        ``{"@context": ..., "type": "AnnotationCollection", "first": {"items": [...]}}``
        with the document's identity under ``reader:document``.
    """
    texts = [p.text for p in doc.paragraphs]
    starts = [0, *accumulate(len(t) + len(SEPARATOR) for t in texts)]
    joined = SEPARATOR.join(texts) if annotations else ""
    source = _source_iri(doc)
    items = [_item(doc, a, source, joined, starts) for a in annotations]
    return {
        "@context": CONTEXT,
        "type": "AnnotationCollection",
        "label": doc.title,
        "total": len(items),
        DOCUMENT_EXTENSION: {
            "id": document_key(doc, annotations),
            "fingerprint": doc.fingerprint,
            "path": "" if doc.path is None else str(doc.path.resolve()),
            "title": doc.title,
            "source": doc.metadata.source,
        },
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": items},
    }


def _source_iri(doc: Document) -> str:
    if doc.path is not None:
        return doc.path.resolve().as_uri()
    return doc.metadata.source or f"urn:reader:document:{doc.fingerprint}"


def _annotation_iri(annotation_id: str) -> str:
    try:
        return uuid.UUID(annotation_id).urn
    except ValueError:
        return f"urn:reader:annotation:{quote(annotation_id, safe='')}"


def _item(
    doc: Document, annotation: Annotation, source: str, joined: str, starts: list[int]
) -> dict[str, Any]:
    selector = annotation.selector
    paragraph = None
    if annotation.status is not AnchorStatus.ORPHANED:
        paragraph = doc.paragraph_by_anchor(annotation.anchor)
    selectors: list[dict[str, Any]]
    passage = annotation.passage
    if paragraph is None and passage is not None:
        selectors = [_quote_selector(passage.exact, passage.prefix, passage.suffix)]
    elif paragraph is None:
        selectors = [_quote_selector(selector.quote, selector.prefix, selector.suffix)]
    else:
        first, last = passage_span(annotation, paragraph.text)
        start, end = starts[paragraph.index] + first, starts[paragraph.index] + last
        before = joined[max(0, start - CONTEXT_CHARS) : start]
        after = joined[end : end + CONTEXT_CHARS]
        selectors = [
            _quote_selector(paragraph.text[first:last], before, after),
            {"type": "TextPositionSelector", "start": start, "end": end},
        ]
    bodies: list[dict[str, Any]] = []
    if annotation.note:
        bodies.append(
            {
                "type": "TextualBody",
                "purpose": "commenting",
                "value": annotation.note,
                "format": "text/markdown",
            }
        )
    bodies += [{"type": "TextualBody", "purpose": "tagging", "value": t} for t in annotation.tags]
    color_body(annotation, bodies)
    item: dict[str, Any] = {
        "id": _annotation_iri(annotation.id),
        "type": "Annotation",
        "motivation": _MOTIVATIONS[annotation.kind],
        "created": iso_time(annotation.created),
        "modified": iso_time(annotation.updated),
    }
    if bodies:
        item["body"] = bodies
    item["target"] = {"source": source, "selector": selectors}
    item[EXTENSION] = {
        "schema": annotation.schema,
        "id": annotation.id,
        "kind": annotation.kind.value,
        "anchor": annotation.anchor,
        "status": annotation.status.value,
        "suggestion": annotation.suggestion,
        "digest": annotation.digest,
        "document": {
            "id": annotation.document.id,
            "fingerprint": annotation.document.fingerprint,
            "path": annotation.document.path,
            "title": annotation.document.title,
        },
        "selector": selector.as_json(),
        **extension_fields(annotation),
    }
    return item


def _quote_selector(exact: str, prefix: str, suffix: str) -> dict[str, Any]:
    return {"type": "TextQuoteSelector", "exact": exact, "prefix": prefix, "suffix": suffix}
