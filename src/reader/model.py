"""The document model every format reader produces and every other part consumes.

A :class:`Document` is metadata, a flat list of :class:`Section` objects that form
a tree through ``parent``/``children`` indices, and the ordered list of
:class:`Paragraph` objects. Headings are sections, never paragraphs. Sections and
paragraphs are addressed by their index, which keeps the model compact (a 5 MB
book has ~30k paragraphs) and trivially serialisable.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any, NamedTuple

from reader.sanitize import clean_line

__all__ = ["MAX_DEPTH", "Document", "Link", "Metadata", "Paragraph", "ParagraphKind", "Section"]

MAX_DEPTH = 32
"""Deepest list or quote nesting a paragraph records; deeper ones are shown at this
depth (a hostile file can nest thousands deep, and every view indents by depth)."""


class ParagraphKind(StrEnum):
    """What a paragraph is, which decides how it is shown and exported."""

    BODY = "body"
    LIST_ITEM = "list_item"
    QUOTE = "quote"
    CODE = "code"
    """Kept verbatim: never re-wrapped, white space preserved."""
    TABLE = "table"
    """A table kept as its text rows; shown verbatim like code."""
    CAPTION = "caption"
    FOOTNOTE = "footnote"
    """A note printed apart from the text (a PDF page's foot); ``marker`` is its mark."""


@dataclass(slots=True)
class Metadata:
    """What is known about a document besides its text.

    Attributes:
        title: The document's title ("" when none was found; use
            :attr:`Document.title` for a title that falls back to the file name).
        authors: Author names in the order given.
        date: The publication date as ISO ``YYYY-MM-DD`` when it could be parsed,
            else as written.
        source: Where the document came from: a URL when the file names one,
            else the path it was read from.
        language: A BCP 47 language tag when the file declares one.
        extra: Any further fields the file carries (topics, regions, programs...),
            JSON-compatible values only.
    """

    title: str = ""
    authors: list[str] = field(default_factory=list)
    date: str = ""
    source: str = ""
    language: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Section:
    """A heading and the span of paragraphs under it.

    Attributes:
        index: Position in :attr:`Document.sections` (pre-order: document order).
        title: The heading text.
        level: Depth in the tree, 1 for top-level sections.
        parent: Index of the enclosing section, ``None`` at the top level.
        children: Indices of the direct subsections, in order.
        start: Index of the first paragraph after the heading.
        end: One past the last paragraph of the section *including* its
            subsections; ``start == end`` for a heading with no text of its own
            and no subsections.
    """

    index: int
    title: str
    level: int
    parent: int | None = None
    children: list[int] = field(default_factory=list)
    start: int = 0
    end: int = 0


class Link(NamedTuple):
    """A span of a paragraph's text that points somewhere.

    A named tuple, not a dataclass: a link-heavy page makes hundreds of
    thousands, and a frozen dataclass costs seven times as much to create.

    Attributes:
        start: Offset of the link text's first character in the paragraph text.
        end: One past its last character (``start < end``).
        target: An external URL (a scheme reader lets through, see
            :func:`reader.sanitize.safe_url`), or ``#`` and the anchor of the
            paragraph it points to in the same document (a heading's link points
            to the first paragraph under it).
        note: The span is a footnote marker and ``target`` its footnote.
    """

    start: int
    end: int
    target: str
    note: bool = False

    @property
    def internal(self) -> bool:
        """Whether the link points into the document (``#anchor``)."""
        return self.target.startswith("#")


@dataclass(slots=True, frozen=True)
class Paragraph:
    """One unit of text that can be read, found and annotated.

    Attributes:
        index: Position in :attr:`Document.paragraphs`.
        text: The text, cleaned of control characters; hard line wraps joined
            except for ``CODE`` and ``TABLE``, whose lines are kept verbatim, and
            for lines the author broke (verse, drama), which stay apart (``\n``).
        kind: What the paragraph is.
        section: Index of the innermost section it belongs to, ``None`` for text
            before the first heading.
        anchor: Stable id derived from the normalised text (see :mod:`reader.anchors`).
        marker: For list items, the bullet or number as written (``"•"``, ``"3."``).
        depth: Nesting depth of list items and quotes (0 at the outer level, at
            most :data:`MAX_DEPTH`).
        boilerplate: Page chrome (lists of other articles, disclaimers) that the UI
            folds and export skips; kept, so no text is ever dropped silently.
        links: The links of the text, in order and not overlapping (most
            paragraphs have none: the empty tuple is shared).
    """

    index: int
    text: str
    kind: ParagraphKind
    section: int | None
    anchor: str
    marker: str = ""
    depth: int = 0
    boilerplate: bool = False
    links: tuple[Link, ...] = ()


@dataclass(slots=True)
class Document:
    """A document read into sections and anchored paragraphs.

    Attributes:
        metadata: Title, authors, date and the rest.
        sections: Every section in document order; the tree is formed by
            ``parent``/``children`` and its roots are :attr:`roots`.
        paragraphs: Every paragraph in document order.
        format: Name of the reader that produced it (``"text"``, ``"webclip"``,
            ``"markdown"``, ...).
        fingerprint: Content fingerprint over the normalised paragraphs: the same
            text gives the same fingerprint whatever the file is called or where
            it lives.
        path: The file it was read from, ``None`` for standard input.
        encoding: The text encoding the file was decoded with.
    """

    metadata: Metadata
    sections: list[Section]
    paragraphs: list[Paragraph]
    format: str
    fingerprint: str
    path: Path | None = None
    encoding: str = "utf-8"
    _by_anchor: dict[str, int] | None = field(default=None, repr=False, compare=False)

    @property
    def title(self) -> str:
        """The title to show: the metadata title, else the file name, else "Untitled"."""
        if self.metadata.title:
            return self.metadata.title
        if self.path is not None:
            return clean_line(self.path.stem)  # file names are untrusted text too
        return "Untitled"

    @property
    def roots(self) -> list[Section]:
        """The top-level sections, in order."""
        return [s for s in self.sections if s.parent is None]

    def paragraph_by_anchor(self, anchor: str) -> Paragraph | None:
        """Return the paragraph with ``anchor``, or ``None`` (O(1) after the first call)."""
        if self._by_anchor is None:
            self._by_anchor = {p.anchor: p.index for p in self.paragraphs}
        index = self._by_anchor.get(anchor)
        return None if index is None else self.paragraphs[index]

    def section_path(self, section: int | None) -> list[str]:
        """Titles from the outermost section down to ``section`` (empty for ``None``)."""
        titles: list[str] = []
        while section is not None:
            titles.append(self.sections[section].title)
            section = self.sections[section].parent
        return titles[::-1]
