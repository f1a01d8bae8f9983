"""Assemble a :class:`~reader.model.Document` from a stream of headings and paragraphs.

Format readers only recognise structure; they call :meth:`DocumentBuilder.heading`
and :meth:`DocumentBuilder.paragraph` in document order and :meth:`build` at the
end. The builder owns everything that must be the same for every format: the
section tree and paragraph spans, control-character cleaning, anchors and the
content fingerprint.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import fields
from pathlib import Path

from reader.anchors import assign_anchors, fingerprint, normalize
from reader.model import MAX_DEPTH, Document, Link, Metadata, Paragraph, ParagraphKind, Section
from reader.sanitize import clean_line, clean_text, clean_value

__all__ = ["DocumentBuilder"]

_VERBATIM = (ParagraphKind.CODE, ParagraphKind.TABLE)


class DocumentBuilder:
    """Collects headings and paragraphs in order and builds the document once.

    Args:
        format: Name of the reader (stored in :attr:`Document.format`).
        metadata: Metadata known up front; readers may keep filling it in.
        path: The source file, if any.
        encoding: The encoding the text was decoded with.
    """

    def __init__(
        self,
        format: str,
        metadata: Metadata | None = None,
        *,
        path: Path | None = None,
        encoding: str = "utf-8",
    ) -> None:
        self.format = format
        self.metadata = metadata if metadata is not None else Metadata()
        self.path = path
        self.encoding = encoding
        self._sections: list[Section] = []
        self._open: list[Section] = []  # the current chain of sections, outermost first
        self._open_levels: list[int] = []  # the level each of them was opened with
        self._texts: list[str] = []
        # (kind, section, marker, depth, boilerplate) per paragraph: one append per
        # paragraph instead of five, which shows on a 30k-paragraph book. Equal rows
        # without a marker share one tuple (most paragraphs of a section have the
        # same): a 300k-paragraph page keeps a few hundred tuples instead of 300k.
        self._rows: list[tuple[ParagraphKind, int | None, str, int, bool]] = []
        self._row_cache: dict[
            tuple[ParagraphKind, int | None, str, int, bool],
            tuple[ParagraphKind, int | None, str, int, bool],
        ] = {}
        self._links: dict[int, tuple[Link, ...]] = {}  # by paragraph index; few have any
        self._targets: dict[str, int] = {}  # an internal link's name -> its paragraph

    @property
    def paragraph_count(self) -> int:
        """Paragraphs added so far."""
        return len(self._texts)

    def heading(self, title: str, level: int) -> None:
        """Open a section at ``level`` (1 = top).

        Levels may skip (a level-3 heading straight under a level-1 one nests one
        deeper than its parent); the tree depth is what is stored.
        """
        level = max(1, level)
        while self._open and self._open_levels[-1] >= level:
            self._open_levels.pop()
            self._close(self._open.pop())
        parent = self._open[-1] if self._open else None
        section = Section(
            index=len(self._sections),
            title=clean_line(title),
            level=1 if parent is None else parent.level + 1,
            parent=None if parent is None else parent.index,
            start=len(self._texts),
        )
        if parent is not None:
            parent.children.append(section.index)
        self._sections.append(section)
        self._open.append(section)
        self._open_levels.append(level)

    def target(self, name: str) -> None:
        """Let internal links named ``name`` point to the next paragraph added.

        A reader names the places its links point to (an element id, a
        chapter's file, a heading's slug) as it meets them; the first place of a
        name wins.
        """
        self._targets.setdefault(name, len(self._texts))

    def paragraph(
        self,
        text: str,
        kind: ParagraphKind = ParagraphKind.BODY,
        *,
        marker: str = "",
        depth: int = 0,
        boilerplate: bool = False,
        keep_lines: bool = False,
        links: Sequence[Link] = (),
    ) -> None:
        """Append a paragraph to the current section. Blank paragraphs are ignored.

        Text is cleaned of control characters here; for every kind but ``CODE``
        and ``TABLE`` white space runs are collapsed and line breaks joined,
        unless ``keep_lines`` says the lines are the author's (verse, drama): then
        each line is collapsed on its own and blank lines dropped. ``depth`` is
        capped at :data:`~reader.model.MAX_DEPTH`.

        ``links`` are spans of the raw ``text`` (their targets an external URL
        already made safe, or ``#`` and a name given to :meth:`target`, resolved
        when the document is built); they are kept for joined text only, not in
        verbatim or line-kept paragraphs.
        """
        if links and kind not in _VERBATIM and not keep_lines:
            from reader.readers.link_spans import clean_with_links

            text, kept = clean_with_links(text, links)
            if not text:
                return
            if kept:
                self._links[len(self._texts)] = kept
        elif kind in _VERBATIM:
            text = clean_text(text).strip("\n")
            if not text.strip():
                return
        elif keep_lines:
            text = "\n".join(line for line in map(clean_line, text.split("\n")) if line)
            if not text:
                return
        else:
            text = clean_line(text)
            if not text:
                return
        self._texts.append(text)
        owner = self._open[-1].index if self._open else None
        if marker:  # numbered items rarely repeat: not worth a cache entry
            row = (kind, owner, clean_line(marker), min(depth, MAX_DEPTH), boilerplate)
        else:
            row = (kind, owner, "", min(depth, MAX_DEPTH), boilerplate)
            row = self._row_cache.setdefault(row, row)
        self._rows.append(row)

    def _close(self, section: Section) -> None:
        section.end = len(self._texts)

    def build(self) -> Document:
        """Finish the section tree, compute anchors and the fingerprint."""
        while self._open:
            self._close(self._open.pop())
        normalized = [normalize(t) for t in self._texts]
        anchors: Iterable[str] = assign_anchors(normalized)
        links: dict[int, tuple[Link, ...]] = {}
        if self._links:
            anchors = list(anchors)
            links = self._resolved_links(anchors)
        paragraphs = _paragraphs(self._texts, anchors, self._rows, links)
        meta = self.metadata
        meta.title = clean_line(meta.title)
        meta.authors = [a for a in (clean_line(a) for a in meta.authors) if a]
        meta.date = clean_line(meta.date)
        meta.language = clean_line(meta.language)
        # A description, a subject, a publisher, front matter: as untrusted as the text.
        meta.extra = {clean_line(key): clean_value(value) for key, value in meta.extra.items()}
        # A file name is untrusted text like any other (it can hold escape sequences).
        meta.source = clean_line(meta.source or ("" if self.path is None else str(self.path)))
        return Document(
            metadata=meta,
            sections=self._sections,
            paragraphs=paragraphs,
            format=self.format,
            fingerprint=fingerprint(normalized),
            path=self.path,
            encoding=self.encoding,
        )

    def _resolved_links(self, anchors: list[str]) -> dict[int, tuple[Link, ...]]:
        """Each paragraph's links with internal names made ``#anchor``; unknown names dropped."""
        resolved: dict[int, tuple[Link, ...]] = {}
        for index, links in self._links.items():
            kept: list[Link] = []
            for link in links:
                if link.target.startswith("#"):
                    place = self._targets.get(link.target[1:])
                    if place is None or place >= len(anchors):
                        continue
                    link = Link(link.start, link.end, "#" + anchors[place], link.note)
                kept.append(link)
            if kept:
                resolved[index] = tuple(kept)
        return resolved


def _paragraphs(
    texts: list[str],
    anchors: Iterable[str],
    rows: list[tuple[ParagraphKind, int | None, str, int, bool]],
    links: dict[int, tuple[Link, ...]],
) -> list[Paragraph]:
    """The :class:`Paragraph` objects, made without the frozen dataclass ``__init__``.

    A frozen dataclass sets each field through ``object.__setattr__``, which made
    creating the paragraphs a fifth of reading a 300,000-paragraph page; setting
    the slots through their descriptors stores the same values at well under half
    the cost. Every field is set, in declaration order (a field added to
    :class:`Paragraph` makes the unpacking of the setters fail loudly).
    """
    new = object.__new__
    index_, text_, kind_, section_, anchor_, marker_, depth_, boiler_, links_ = _SLOT_SETTERS
    get_links = links.get
    paragraphs: list[Paragraph] = []
    append = paragraphs.append
    for i, (text, anchor, (kind, owner, marker, depth, boiler)) in enumerate(
        zip(texts, anchors, rows, strict=True)
    ):
        paragraph = new(Paragraph)
        index_(paragraph, i)
        text_(paragraph, text)
        kind_(paragraph, kind)
        section_(paragraph, owner)
        anchor_(paragraph, anchor)
        marker_(paragraph, marker)
        depth_(paragraph, depth)
        boiler_(paragraph, boiler)
        links_(paragraph, get_links(i, ()))
        append(paragraph)
    return paragraphs


_SLOT_SETTERS = tuple(getattr(Paragraph, f.name).__set__ for f in fields(Paragraph))
