"""A document's annotations as one Markdown file for a notes app (Obsidian, Logseq, a wiki).

Layout, top to bottom:

1. YAML front matter (title, authors, date, source, topics, tags, annotation
   count, export time, and ``reader_document`` so a re-export can find its file);
2. the title as the ``#`` heading;
3. the annotated sections in document order, as headings that keep the section
   nesting (``--group-by tag``: one heading per tag instead);
4. under each, every annotation: what it covers (its passage, else the whole
   paragraph) as a block quote, an Obsidian callout named after its colour
   (``> [!green]``) when it has one, its Obsidian block id on its own line, a
   marker if it was re-attached after an edit or its passage was lost, the
   note, the tags as ``#tags``;
5. ``## Bookmarks``: a list, one item per bookmark;
6. ``## Orphaned notes``: annotations whose paragraph is gone, with the text they
   were made on.

All document text goes through :mod:`reader.export.escaping`, so nothing a
document, title, tag or note contains can add headings or front matter.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

import yaml

from reader.annotation import AnchorStatus, Annotation, AnnotationKind, normalize_tag, utc_now
from reader.export.blockids import block_ids
from reader.export.escaping import escape_inline, fenced, obsidian_tag, safe_note
from reader.model import Document, Paragraph, ParagraphKind
from reader.sanitize import clean_line

__all__ = [
    "BOOKMARKS_HEADING",
    "LOST_MARKER",
    "MOVED_MARKER",
    "ORPHANS_HEADING",
    "UNTAGGED_HEADING",
    "GroupBy",
    "document_key",
    "export_markdown",
    "iso_time",
    "select_annotations",
]

GroupBy = Literal["section", "tag"]

BOOKMARKS_HEADING = "Bookmarks"
ORPHANS_HEADING = "Orphaned notes"
UNTAGGED_HEADING = "Untagged"
MOVED_MARKER = "*(re-attached after the text changed)*"
LOST_MARKER = "*(the passage “{}” is no longer in the text: this is on the whole paragraph)*"
_ORPHANS_NOTE = (
    "*The text these were made on is no longer in the document; "
    "they are kept with the text as it was.*"
)
_UNTITLED_SECTION = "(untitled section)"
_MAX_HEADING = 6
_VERBATIM = (ParagraphKind.CODE, ParagraphKind.TABLE)


@dataclass(frozen=True, slots=True)
class _Entry:
    """One annotation with what the layout needs to know about it."""

    annotation: Annotation
    paragraph: Paragraph | None  # None: orphaned, or not in this version of the document
    block: str

    @property
    def quote(self) -> str:
        """What the annotation covers: its passage's words, else its paragraph's text."""
        if self.annotation.passage is not None:
            return self.annotation.passage.exact
        return self.paragraph.text if self.paragraph else self.annotation.selector.quote

    @property
    def verbatim(self) -> bool:
        if self.paragraph is not None:
            return self.paragraph.kind in _VERBATIM
        return "\n" in self.annotation.selector.quote


def select_annotations(
    annotations: Iterable[Annotation], *, tag: str | None = None, include_orphans: bool = True
) -> list[Annotation]:
    """The annotations an export includes: those with ``tag`` (if given), orphans if asked."""
    return [
        a
        for a in annotations
        if (tag is None or a.has_tag(tag))
        and (include_orphans or a.status is not AnchorStatus.ORPHANED)
    ]


def document_key(doc: Document, annotations: Sequence[Annotation]) -> str:
    """What identifies the document across exports: the store's id, else the fingerprint.

    The id is taken from an annotation made on ``doc`` itself where there is one (an
    export of a copy also lists the notes of the work's other copies).
    """
    for annotation in annotations:
        if annotation.document.id and annotation.document.fingerprint == doc.fingerprint:
            return annotation.document.id
    for annotation in annotations:
        if annotation.document.id:
            return annotation.document.id
    return doc.fingerprint


def iso_time(moment: datetime) -> str:
    """``moment`` as ISO 8601 in UTC with a ``Z`` (naive times are taken as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def export_markdown(
    doc: Document,
    annotations: Sequence[Annotation],
    *,
    tag: str | None = None,
    group_by: GroupBy = "section",
    include_orphans: bool = True,
    exported_at: datetime | None = None,
) -> str:
    """Render a document's annotations as a Markdown file for a notes app.

    Args:
        doc: The document, in the version the annotations were placed against
            (``AnnotationStore.attach`` returns them that way).
        annotations: Its annotations, in any order.
        tag: Only annotations with this tag (or a tag nested under it).
        group_by: ``"section"`` for the document's outline, ``"tag"`` for one
            heading per tag (each annotation under its first tag).
        include_orphans: Whether to list orphaned annotations at the end.
        exported_at: The time written in the front matter (default: now).

    Returns:
        The whole file, ending with a newline.
    """
    chosen = select_annotations(annotations, tag=tag, include_orphans=include_orphans)
    blocks = block_ids(chosen)
    placed: list[_Entry] = []
    bookmarks: list[_Entry] = []
    orphans: list[_Entry] = []
    for annotation in chosen:
        paragraph = None
        if annotation.status is not AnchorStatus.ORPHANED:
            paragraph = doc.paragraph_by_anchor(annotation.anchor)
        entry = _Entry(annotation, paragraph, blocks[annotation.id])
        if paragraph is None:
            if include_orphans:
                orphans.append(entry)
        elif annotation.kind is AnnotationKind.BOOKMARK:
            bookmarks.append(entry)
        else:
            placed.append(entry)
    for group in (placed, bookmarks):
        group.sort(key=_document_order)
    orphans.sort(key=lambda e: (e.annotation.selector.index, e.annotation.created, e.annotation.id))
    kept = [e.annotation for e in (*placed, *bookmarks, *orphans)]

    out: list[str] = [_front_matter(doc, kept, exported_at or utc_now()), ""]
    out += [f"# {escape_inline(doc.title) or _UNTITLED_SECTION}", ""]
    if group_by == "tag":
        out += _by_tag(doc, placed)
    else:
        out += _by_section(doc, placed)
    if bookmarks:
        out += [f"## {BOOKMARKS_HEADING}", ""]
        for entry in bookmarks:
            out += _bookmark(doc, entry)
    if orphans:
        out += [f"## {ORPHANS_HEADING}", "", _ORPHANS_NOTE, ""]
        for entry in orphans:
            path = entry.annotation.selector.section_path
            out += _entry(entry, location=f"Was in: {' › '.join(path)}" if path else "")
    return "\n".join(out).rstrip("\n") + "\n"


def _document_order(entry: _Entry) -> tuple[int, datetime, str]:
    assert entry.paragraph is not None
    return (entry.paragraph.index, entry.annotation.created, entry.annotation.id)


def _front_matter(doc: Document, annotations: Sequence[Annotation], exported_at: datetime) -> str:
    meta = doc.metadata
    fields: dict[str, Any] = {"title": clean_line(doc.title)}
    if meta.authors:
        fields["authors"] = [clean_line(a) for a in meta.authors]
    if meta.date:
        fields["date"] = clean_line(meta.date)
    if meta.source:
        fields["source"] = clean_line(meta.source)
    topics = _topics(meta.extra.get("topics"))
    if topics:
        fields["topics"] = topics
    tags = _tags_used(annotations)
    if tags:
        fields["tags"] = tags
    fields["annotations"] = len(annotations)
    fields["exported_at"] = iso_time(exported_at)
    fields["reader_document"] = document_key(doc, annotations)
    dumped = yaml.safe_dump(
        fields, allow_unicode=True, sort_keys=False, default_flow_style=False, width=1_000_000
    )
    return f"---\n{dumped}---"


def _topics(value: object) -> list[str]:
    items = value if isinstance(value, list) else [value] if isinstance(value, str) else []
    return [t for t in (clean_line(str(item)) for item in items) if t]


def _tags_used(annotations: Iterable[Annotation]) -> list[str]:
    seen: dict[str, str] = {}
    for annotation in annotations:
        for tag in annotation.tags:
            cleaned = obsidian_tag(tag)
            if cleaned:
                seen.setdefault(cleaned.casefold(), cleaned)
    return [seen[key] for key in sorted(seen)]


def _by_section(doc: Document, entries: Sequence[_Entry]) -> list[str]:
    by_section: dict[int | None, list[_Entry]] = {}
    for entry in entries:
        assert entry.paragraph is not None
        by_section.setdefault(entry.paragraph.section, []).append(entry)
    shown: set[int] = set()
    for owner in by_section:
        while owner is not None and owner not in shown:
            shown.add(owner)
            owner = doc.sections[owner].parent
    out: list[str] = []
    for entry in by_section.get(None, []):
        out += _entry(entry)
    depth: dict[int, int] = {}
    for section in doc.sections:
        if section.index not in shown:
            continue
        parent_depth = 0 if section.parent is None else depth[section.parent]
        depth[section.index] = parent_depth + 1
        level = min(_MAX_HEADING, depth[section.index] + 1)
        out += [f"{'#' * level} {escape_inline(section.title) or _UNTITLED_SECTION}", ""]
        for entry in by_section.get(section.index, []):
            out += _entry(entry)
    return out


def _by_tag(doc: Document, entries: Sequence[_Entry]) -> list[str]:
    groups: dict[str, tuple[str, list[_Entry]]] = {}
    untagged: list[_Entry] = []
    for entry in entries:
        tags = entry.annotation.tags
        if not tags:
            untagged.append(entry)
            continue
        groups.setdefault(normalize_tag(tags[0]), (tags[0], []))[1].append(entry)
    out: list[str] = []
    for key in sorted(groups):
        title, members = groups[key]
        out += [f"## {escape_inline(title) or UNTAGGED_HEADING}", ""]
        for entry in members:
            out += _entry(entry, location=_location(doc, entry))
    if untagged:
        out += [f"## {UNTAGGED_HEADING}", ""]
        for entry in untagged:
            out += _entry(entry, location=_location(doc, entry))
    return out


def _location(doc: Document, entry: _Entry) -> str:
    assert entry.paragraph is not None
    return " › ".join(doc.section_path(entry.paragraph.section))


def _entry(entry: _Entry, *, location: str = "") -> list[str]:
    """Lines of one annotation, each block followed by a blank line."""
    annotation = entry.annotation
    out: list[str] = []
    if location:
        out += [f"*{escape_inline(location)}*", ""]
    if annotation.color is not None:
        out.append(f"> [!{annotation.color}]")  # an Obsidian callout named after the colour
    out += _blockquote(entry.quote, verbatim=entry.verbatim)
    out += ["", f"^{entry.block}", ""]
    if annotation.status is AnchorStatus.MOVED:
        out += [MOVED_MARKER, ""]
    if annotation.lost_passage is not None:
        lost = escape_inline(clean_line(annotation.lost_passage.exact))
        out += [LOST_MARKER.format(lost), ""]
    note = safe_note(annotation.note)
    if note:
        out += [note, ""]
    tags = _tag_line(annotation.tags)
    if tags:
        out += [tags, ""]
    return out


def _blockquote(text: str, *, verbatim: bool) -> list[str]:
    if verbatim:
        return fenced(text, prefix="> ")
    # The author's lines (verse, drama) stay lines: a backslash ends each with a hard break.
    lines = [escape_inline(line) for line in text.split("\n")]
    return [f"> {line}\\" for line in lines[:-1]] + [f"> {lines[-1]}"]


def _tag_line(tags: Iterable[str]) -> str:
    seen: dict[str, str] = {}
    for tag in tags:
        cleaned = obsidian_tag(tag)
        if cleaned:
            seen.setdefault(cleaned.casefold(), cleaned)
    return " ".join(f"#{tag}" for tag in seen.values())


def _bookmark(doc: Document, entry: _Entry) -> list[str]:
    """A bookmark as one list item; its note and tags (if any) indented under it."""
    location = _location(doc, entry)
    head = f"*{escape_inline(location)}*: " if location else ""
    out = [f"- {head}{escape_inline(entry.quote)} ^{entry.block}", ""]
    note = safe_note(entry.annotation.note)
    if note:
        out += [f"  {line}" if line else "" for line in note.split("\n")] + [""]
    tags = _tag_line(entry.annotation.tags)
    if tags:
        out += [f"  {tags}", ""]
    return out
