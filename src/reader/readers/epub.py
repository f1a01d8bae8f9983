"""Reader for EPUB 2 and 3 books.

Chapters are read in spine order with the HTML block reader; the book's own table
of contents gives the sections (titles and nesting), placed at the element each
entry points to. A chapter heading that repeats its table-of-contents title is
not repeated; other headings nest under the current entry. Images become
captions with their alt text. The archive is read under size limits
(:mod:`reader.readers.bounded_zip`), and a DRM-protected or damaged book gives a
one-line error saying so.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from reader.anchors import normalize
from reader.decode import decode_bytes
from reader.errors import NotATextDocumentError
from reader.model import Document
from reader.readers.builder import DocumentBuilder
from reader.readers.sniff import is_epub as sniff

if TYPE_CHECKING:
    from reader.readers.epub_package import TocEntry
    from reader.readers.html_blocks import Block

__all__ = ["EXTENSIONS", "FORMAT", "read", "sniff"]

FORMAT = "epub"
EXTENSIONS: frozenset[str] = frozenset({".epub"})


def read(data: bytes, *, path: Path | None = None) -> Document:
    """Read an EPUB's bytes into a document.

    Raises:
        ArchiveError: The archive is damaged, truncated, too large when inflated,
            DRM-protected, or has no readable chapters.
    """
    # Imported here: sniffing any file for the EPUB signature must not load the parsers.
    from reader.readers.bounded_zip import ArchiveError, BoundedZip
    from reader.readers.epub_package import read_package
    from reader.readers.html import parse
    from reader.readers.html_blocks import iter_blocks

    name = path.name if path is not None else "the book"
    archive = BoundedZip(data, name=name)
    package = read_package(archive)
    builder = DocumentBuilder(FORMAT, package.metadata, path=path)
    toc = _toc_by_file(package.toc)
    chapters = 0
    for member in package.spine:
        try:
            raw = archive.read(member)
            text = decode_bytes(raw, name=member).text
        except KeyError:
            continue  # a spine entry the archive lacks: read what is there
        except NotATextDocumentError:
            raise ArchiveError(
                f"{name}: chapter {member} is not text; the book is damaged"
            ) from None
        tree = parse(text)
        body = tree.body
        if body is None:
            continue
        chapters += 1
        builder.target(member)  # a link to the chapter's file lands on its first paragraph
        _add_chapter(builder, list(iter_blocks(body)), toc.pop(member, []), member)
    if chapters == 0:
        raise ArchiveError(f"{name} has no readable chapters; the book is empty or damaged")
    return builder.build()


def _toc_by_file(entries: list[TocEntry]) -> dict[str, list[TocEntry]]:
    """Group entries by the file they point into; entries with no target join the next."""
    from reader.readers.epub_package import TocEntry

    by_file: dict[str, list[TocEntry]] = defaultdict(list)
    waiting: list[TocEntry] = []
    for entry in entries:
        if not entry.path:
            waiting.append(entry)
            continue
        for held in waiting:
            by_file[entry.path].append(TocEntry(held.title, held.level, entry.path, entry.fragment))
        waiting.clear()
        by_file[entry.path].append(entry)
    return by_file


def _add_chapter(
    builder: DocumentBuilder, blocks: list[Block], entries: list[TocEntry], member: str
) -> None:
    """Feed one chapter's blocks, with its table-of-contents headings placed first.

    Element ids are named ``member#id`` for the links of every chapter; the
    chapter's links are resolved against ``member``.
    """
    from reader.readers.html_blocks import add_paragraph

    resolve = _resolver(member)

    position: dict[str, int] = {}
    for i, block in enumerate(blocks):
        for element_id in block.ids:
            position.setdefault(element_id, i)
    placed: dict[int, list[TocEntry]] = defaultdict(list)
    for entry in entries:
        placed[position.get(entry.fragment, 0) if entry.fragment else 0].append(entry)
    level = 0  # level of the last table-of-contents heading: chapter headings nest under it
    just_titled = ""  # normalised title of a heading with no text after it yet
    for i, block in enumerate(blocks):
        for element_id in block.ids:
            builder.target(f"{member}#{element_id}")
        for entry in placed.pop(i, []):
            builder.heading(entry.title, entry.level)
            level, just_titled = entry.level, normalize(entry.title)
        if block.kind is None:
            title = normalize(block.text)
            if just_titled and title and (title in just_titled or just_titled in title):
                continue  # the chapter's own heading repeats its table-of-contents entry
            builder.heading(block.text, level + block.level)
            continue
        just_titled = ""
        add_paragraph(builder, block, resolve)
    for leftover in placed.values():  # entries pointing past the last block
        for entry in leftover:
            builder.heading(entry.title, entry.level)


def _resolver(member: str) -> Callable[[str], str | None]:
    """Turn a chapter's href into a link target: ``#member#id`` inside the book, else a safe URL."""
    import posixpath
    from urllib.parse import unquote

    from reader.readers.link_spans import external_target

    folder = posixpath.dirname(member)

    def resolve(href: str) -> str | None:
        href = href.strip()
        if ":" in href.split("/", 1)[0].split("#", 1)[0]:
            return external_target(href)
        path, _, fragment = href.partition("#")
        if path:
            path = posixpath.normpath(posixpath.join(folder, unquote(path))).lstrip("/")
        else:
            path = member
        return f"#{path}#{unquote(fragment)}" if fragment else f"#{path}"

    return resolve
