"""``reader import`` of other readers' files: Kindle, KOReader, Readwise.

The ``import`` command itself (and its JSON path, for Hypothesis and W3C files)
lives in :mod:`reader.commands.exporting`; it hands every file to
:func:`import_other_format` first. Each book in the file is matched to a
document (the store's documents and the library folder's files, by title,
authors and quotes), each highlight placed on the paragraph holding its quote
or kept as an orphan with it, and one line per book says what happened.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from reader.errors import DocumentError, ReaderError, UsageError
from reader.importers.files import format_of, import_sources, read_bytes, read_import
from reader.importers.items import ParsedImport
from reader.model import Document
from reader.sanitize import clean_line

if TYPE_CHECKING:
    from reader.annotation import Annotation
    from reader.importers.books import Candidate, DocumentFinder
    from reader.importers.items import ImportedBook, ImportedItem
    from reader.importers.placing import QuotePlacer
    from reader.store import AnnotationStore

__all__ = ["import_other_format"]


def import_other_format(path: Path, document: str | None, wanted: str | None) -> bool:
    """Import ``path`` if it is a Kindle, KOReader or Readwise file.

    Args:
        path: The file; a KOReader ``.sdr`` folder stands for its sidecar, any other
            folder for every sidecar under it.
        document: ``--document``: the only document the books may be.
        wanted: ``--format``, ``None`` to detect it.

    Returns:
        ``True`` when imported (the summary is printed); ``False`` for
        Hypothesis or W3C JSON, which the caller imports.

    Raises:
        ReaderError: The file cannot be read, or is in no format reader imports.
    """
    from reader.importers.detect import JSON_FORMATS

    sources, gathered = import_sources(path)
    if gathered:
        if wanted not in (None, "koreader"):
            raise UsageError(f"{_shown_path(path)} is a folder: it is read for KOReader sidecars")
        format, parsed = "koreader", _sidecars(sources)
        shown = path
    else:
        shown = sources[0]
        data = read_bytes(shown)
        format = format_of(shown, data, wanted)
        if format in JSON_FORMATS:
            return False
        parsed = read_import(shown, data, format)
    from reader.store import AnnotationStore

    store = AnnotationStore.open()
    finder = _finder(store, document)
    if document is not None:
        for book in parsed.books:
            book.file_hint = None  # --document says where the books are
    totals = [0, 0, 0, 0]
    documents = finder.find_all(parsed.books)
    if document is not None and len(parsed.books) == 1 and documents[0] is None:
        documents[0] = finder.read(Path(document))  # one book, one document: it is that one
    for book, found in zip(parsed.books, documents, strict=True):
        counts = _import_book(store, book, found)
        totals = [a + b for a, b in zip(totals, counts, strict=True)]
    placed, orphaned, skipped, present = totals
    skipped += parsed.skipped
    books = len(parsed.books)
    print(
        f"Imported {_shown_path(shown)} ({format}, {books} book{'s' * (books != 1)}): "
        f"{placed} placed, {orphaned} orphaned, {skipped} skipped, {present} already present"
    )
    return True


def _sidecars(sources: list[Path]) -> ParsedImport:
    """Every sidecar found in a folder, read into one import; a damaged one is a warning."""
    combined = ParsedImport("koreader")
    for source in sources:
        try:
            parsed = read_import(source, read_bytes(source), "koreader")
        except ReaderError as error:
            _warn(f"{clean_line(str(error))}; skipped")
            combined.skipped += 1
            continue
        combined.books += parsed.books
        combined.skipped += parsed.skipped
    return combined


def _finder(store: AnnotationStore, document: str | None) -> DocumentFinder:
    from reader.importers.books import Candidate, DocumentFinder

    if document is not None:
        from reader.readers import load_document

        path = Path(document)
        given = load_document(path)  # an unreadable --document is an error, not a warning
        return DocumentFinder(
            [Candidate(path, (path.stem,))], lambda p: given if p == path else _load(p)
        )
    return DocumentFinder(_candidates(store), _load)


def _load(path: Path) -> Document | None:
    from reader.readers import load_document

    try:
        return load_document(path)
    except DocumentError as error:
        _warn(f"{_shown_path(path)}: {clean_line(str(error))}; not considered")
        return None


def _candidates(store: AnnotationStore) -> list[Candidate]:
    """The documents the store knows (whose files are there) and the library's files."""
    from reader.importers.books import Candidate

    titles: dict[Path, list[str]] = {}
    for record in store.documents():
        if record.path and Path(record.path).is_file():
            path = Path(record.path).resolve()
            titles.setdefault(path, []).extend([record.title, path.stem])
    folder = _library_folder()
    if folder is not None:
        from reader.readers import SUFFIXES

        try:
            files = [p for p in folder.iterdir() if p.suffix.lower() in SUFFIXES and p.is_file()]
        except OSError:
            files = []
        for path in sorted(files):
            titles.setdefault(path.resolve(), []).append(path.stem)
    return [Candidate(path, tuple(dict.fromkeys(names))) for path, names in titles.items()]


def _library_folder() -> Path | None:
    """``./documents`` when present, else the configured library (as ``reader`` opens)."""
    from reader.commands.app import DEFAULT_LIBRARY
    from reader.config import load_config

    if DEFAULT_LIBRARY.is_dir():
        return DEFAULT_LIBRARY
    try:
        library = load_config().library
    except ReaderError as error:
        _warn(f"{error}; the library folder is not searched")
        return None
    return library if library is not None and library.is_dir() else None


def _import_book(
    store: AnnotationStore, book: ImportedBook, found: tuple[Document, QuotePlacer] | None
) -> tuple[int, int, int, int]:
    """Import one book's items; print its line. Returns placed, orphaned, skipped, present."""
    from reader.annotation import AnchorStatus, AnnotationKind

    name = _shown_book(book)
    if found is None:
        skipped = book.skipped + len(book.items)
        print(
            f"{name}: no matching document, {skipped} skipped (put the book in the library "
            "folder, or pass --document PATH)"
        )
        return 0, 0, skipped, 0
    doc, placer = found
    annotations = [_annotation(doc, placer, item) for item in book.items]
    added, present = _store(store, doc, annotations)
    orphaned = sum(a.status is AnchorStatus.ORPHANED for a in added)
    placed = len(added) - orphaned
    notes = {item.id: item.note for item in book.items if item.note}
    for annotation_id in present:
        note = notes.get(annotation_id)
        if note and not store.get(annotation_id).note:  # a note added since the last import
            store.update(annotation_id, note=note, kind=AnnotationKind.NOTE)
    line = f"{name} into {clean_line(doc.title)!r}: {placed} placed, {orphaned} orphaned, "
    line += f"{book.skipped} skipped"
    if present:
        line += f", {len(present)} already present"
    print(line)
    return placed, orphaned, book.skipped, len(present)


def _store(
    store: AnnotationStore, doc: Document, annotations: list[Annotation]
) -> tuple[list[Annotation], list[str]]:
    """Store one book's annotations: those added (as placed), and the ids already present.

    One batch: each of the document's store files is written once, whatever the
    number of annotations (see :meth:`~reader.store.AnnotationStore.import_annotations`).
    """
    [result] = store.import_annotations([(doc, annotations)])
    added_ids = {a.id for a in result.added}
    return result.added, [a.id for a in annotations if a.id not in added_ids]


def _annotation(doc: Document, placer: QuotePlacer, item: ImportedItem) -> Annotation:
    """The annotation for ``item``: on the paragraph its quote is on, or an orphan."""
    from reader.anchors import anchor_for
    from reader.annotation import Annotation, DocumentRef, Selector, utc_now
    from reader.export.passages import foreign_passage
    from reader.reanchor import make_selector

    placement = placer.place(item.quote, item.chapter)
    passage = None
    if placement.index is not None:
        anchor = doc.paragraphs[placement.index].anchor
        selector = make_selector(doc, placement.index)
        # A highlight of a phrase covers that phrase, not its whole paragraph.
        passage = foreign_passage(doc.paragraphs[placement.index].text, item.quote, "", "", 0)
    else:
        # An anchor no paragraph can have (paragraph text never holds NUL): a quote that
        # is a whole paragraph repeated in the document must not attach by its anchor
        # to the first copy; the store's re-anchoring decides, by its own rules.
        anchor = anchor_for("\x00" + item.quote)
        selector = Selector(quote=item.quote, paragraph_count=len(doc.paragraphs))
    created = item.created or utc_now()
    return Annotation(
        id=item.id,
        document=DocumentRef(id="", fingerprint=doc.fingerprint, path="", title=doc.title),
        anchor=anchor,
        selector=selector,
        kind=item.kind,
        note=item.note,
        tags=item.tags,
        created=created,
        updated=created,
        passage=passage,
        color=item.color,
    )


def _shown_book(book: ImportedBook) -> str:
    name = repr(clean_line(book.title))
    if book.authors:
        name += f" by {clean_line(', '.join(book.authors))}"
    return name


def _shown_path(path: Path) -> str:
    return clean_line(str(path))


def _warn(message: str) -> None:
    print(f"reader: warning: {message}", file=sys.stderr)
