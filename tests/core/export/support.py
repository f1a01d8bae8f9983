"""Helpers for the export tests: documents and annotations built directly, Markdown parsed back."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import yaml
from markdown_it import MarkdownIt

from reader.anchors import anchor_for, text_digest
from reader.annotation import AnchorStatus, Annotation, AnnotationKind, DocumentRef, Selector
from reader.model import Document, Metadata, ParagraphKind
from reader.readers.builder import DocumentBuilder
from reader.reanchor import make_selector

CREATED = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)
EXPORTED_AT = datetime(2024, 6, 1, 9, 30, tzinfo=UTC)
MARKDOWN = MarkdownIt("commonmark").enable(["table", "strikethrough"])


def reference(doc: Document, document_id: str = "doc-0001") -> DocumentRef:
    """A document reference like the store's."""
    return DocumentRef(
        id=document_id,
        fingerprint=doc.fingerprint,
        path="" if doc.path is None else str(doc.path),
        title=doc.title,
    )


def annotate(
    doc: Document,
    index: int,
    number: int,
    *,
    kind: AnnotationKind = AnnotationKind.NOTE,
    note: str = "",
    tags: tuple[str, ...] = (),
    status: AnchorStatus = AnchorStatus.ATTACHED,
) -> Annotation:
    """An annotation on paragraph ``index`` with a predictable id and times."""
    return Annotation(
        id=f"{number:08x}-0000-4000-8000-{number:012x}",
        document=reference(doc),
        anchor=doc.paragraphs[index].anchor,
        digest=text_digest(doc.paragraphs[index].text),
        selector=make_selector(doc, index),
        kind=kind,
        note=note,
        tags=tags,
        created=CREATED + timedelta(minutes=number),
        updated=CREATED + timedelta(minutes=number, seconds=30),
        status=status,
    )


def orphan(
    doc: Document,
    number: int,
    quote: str,
    *,
    note: str = "",
    section_path: tuple[str, ...] = (),
    tags: tuple[str, ...] = (),
) -> Annotation:
    """An orphaned annotation: its quote is in no paragraph of ``doc``."""
    return Annotation(
        id=f"{number:08x}-0000-4000-8000-{number:012x}",
        document=reference(doc),
        anchor=anchor_for(quote),
        digest=text_digest(quote),
        selector=Selector(
            quote=quote,
            index=3,
            paragraph_count=len(doc.paragraphs) + 1,
            section_path=section_path,
        ),
        note=note,
        tags=tags,
        created=CREATED + timedelta(minutes=number),
        updated=CREATED + timedelta(minutes=number),
        status=AnchorStatus.ORPHANED,
        suggestion=None,
    )


def index_of(doc: Document, phrase: str) -> int:
    """The first paragraph containing ``phrase``."""
    for paragraph in doc.paragraphs:
        if phrase in paragraph.text:
            return paragraph.index
    raise AssertionError(f"no paragraph contains {phrase!r}")


def nested_document(title: str = "Field Notes: *On* Reading # Slowly") -> Document:
    """A document with nested sections (deeper than Markdown's six levels) and a code block."""
    builder = DocumentBuilder(
        "markdown",
        Metadata(
            title=title,
            authors=["Ann O'Neil", "Bo: Lee"],
            date="2024-01-02",
            source="https://example.org/notes?id=1",
            extra={"topics": ["Reading", "Attention: span"]},
        ),
        path=Path("/library/field-notes.md"),
    )
    builder.paragraph("A preface before any heading.")
    builder.heading("Part One", 1)
    builder.paragraph("The first paragraph of part one.")
    builder.heading("Chapter 1.1", 2)
    builder.paragraph("Text with *stars*, <b>tags</b>, # a hash, [a link](x), `code` and $5.")
    builder.paragraph("def slow():\n    return '---'\n\n# a comment", ParagraphKind.CODE)
    builder.heading("Part Two", 1)
    builder.paragraph("Nobody annotates this.")
    builder.heading("Part Three", 1)
    builder.heading("Level 2", 2)
    builder.heading("Level 3", 3)
    builder.heading("Level 4", 4)
    builder.heading("Level 5", 5)
    builder.heading("Level 6", 6)
    builder.heading("Level 7", 7)
    builder.paragraph("--- a paragraph that looks like a rule")
    builder.paragraph("1. Not a list, just a number.")
    return builder.build()


@dataclass(frozen=True)
class ParsedExport:
    """A Markdown export parsed back with markdown-it-py."""

    front_matter: dict[str, object]
    headings: list[tuple[int, str]]
    text: str
    """Everything a reader of the rendered file sees, white space collapsed."""


def parse_export(markdown: str) -> ParsedExport:
    """Split off the front matter and parse the rest as CommonMark."""
    assert markdown.startswith("---\n"), "the export must start with front matter"
    end = markdown.index("\n---\n", 3)
    front = yaml.safe_load(markdown[4:end])
    tokens = MARKDOWN.parse(markdown[end + 5 :])
    headings: list[tuple[int, str]] = []
    texts: list[str] = []
    for position, token in enumerate(tokens):
        if token.type == "heading_open":
            inline = tokens[position + 1]
            headings.append((int(token.tag[1]), _inline_text(inline)))
        elif token.type == "inline":
            texts.append(_inline_text(token))
        elif token.type in ("fence", "code_block"):
            texts.append(token.content)
    return ParsedExport(front, headings, " ".join(" ".join(texts).split()))


def _inline_text(token: object) -> str:
    children = getattr(token, "children", None) or []
    parts = []
    for child in children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
    return "".join(parts)


def collapsed(text: str) -> str:
    """White space runs folded to one space (how rendered text is compared)."""
    return " ".join(text.split())
