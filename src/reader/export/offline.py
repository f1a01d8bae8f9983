"""Stand-in documents for exports whose file is gone.

``reader export --all`` exports every annotated document, but a file may have
been moved or deleted since it was read. Its notes are still worth exporting:
each annotation remembers the paragraph it was made on (its selector's quote and
section path), which is enough to rebuild the annotated part of the document.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from reader.annotation import AnchorStatus, Annotation, DocumentRef
from reader.model import Document, Metadata, ParagraphKind
from reader.readers.builder import DocumentBuilder

__all__ = ["OFFLINE_FORMAT", "document_from_quotes"]

OFFLINE_FORMAT = "remembered"
"""The :attr:`Document.format` of a document rebuilt from remembered quotes."""


def document_from_quotes(
    reference: DocumentRef, annotations: Sequence[Annotation]
) -> tuple[Document, list[Annotation]]:
    """Rebuild the annotated paragraphs of a missing document from its annotations.

    Args:
        reference: What the store knows about the document (title, last path).
        annotations: Its annotations.

    Returns:
        A document holding one paragraph per annotated quote, under the section
        headings the annotations remember, and the annotations re-pointed at
        those paragraphs (orphans are returned unchanged).
    """
    builder = DocumentBuilder(
        OFFLINE_FORMAT, Metadata(title=reference.title, source=reference.path)
    )
    placed = sorted(
        (a for a in annotations if a.status is not AnchorStatus.ORPHANED),
        key=lambda a: (a.selector.index, a.created, a.id),
    )
    heading_path: tuple[str, ...] = ()
    paragraph_of: dict[str, int] = {}  # annotation anchor -> paragraph index in the rebuild
    owner: dict[str, int] = {}  # annotation id -> paragraph index
    for annotation in placed:
        if annotation.anchor not in paragraph_of:
            path = annotation.selector.section_path
            shared = 0
            while (
                shared < min(len(path), len(heading_path)) and path[shared] == heading_path[shared]
            ):
                shared += 1
            if path != heading_path:
                if shared == len(path) and path:  # back out of a subsection: reopen its parent
                    shared -= 1
                for level, title in enumerate(path[shared:], start=shared + 1):
                    builder.heading(title, level)
                heading_path = path
            quote = annotation.selector.quote
            kind = ParagraphKind.CODE if "\n" in quote else ParagraphKind.BODY
            before = builder.paragraph_count
            builder.paragraph(quote, kind)
            if builder.paragraph_count == before:
                continue  # an empty quote: nothing to place it on
            paragraph_of[annotation.anchor] = before
        owner[annotation.id] = paragraph_of[annotation.anchor]
    doc = builder.build()
    rebuilt = [
        dataclasses.replace(a, anchor=doc.paragraphs[owner[a.id]].anchor) if a.id in owner else a
        for a in annotations
    ]
    return doc, rebuilt
