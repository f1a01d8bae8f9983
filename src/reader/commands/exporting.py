"""``reader export`` and ``reader import``: notes as Markdown or Web Annotation JSON.

The exporters (and through them re-anchoring) are imported by the handlers, not
here: ``reader FILE`` builds this module's parsers on every start.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.annotation import AnchorStatus, Annotation, DocumentRef
from reader.commands.notes import warn_notices
from reader.commands.output import print_json, say, warn
from reader.errors import DocumentError, NotFoundError, UsageError
from reader.importers import FORMATS as IMPORT_FORMATS
from reader.model import Document
from reader.readers import load_document
from reader.sanitize import clean_line

if TYPE_CHECKING:
    from reader.export import ParsedAnnotations
    from reader.store import AnnotationStore, DocumentRecord

__all__ = ["IMPORT_PROGRESS_THRESHOLD", "PROGRESS_THRESHOLD", "register"]

PROGRESS_THRESHOLD = 20
"""``--all`` shows a progress bar (on standard error) from this many documents on."""
IMPORT_PROGRESS_THRESHOLD = 1_000
"""``import`` shows a progress bar (on standard error) from this many annotations on."""


def register(commands: Any) -> None:
    """Add ``export`` and ``import`` to the ``reader`` parser."""
    export = commands.add_parser(
        "export",
        help="export a document's notes as Markdown (for notes apps) or Web Annotation JSON",
        description="Export the annotations of FILE (to standard output, or to OUT), or of "
        "every annotated document with --all (one file each in FOLDER, by default the "
        "export folder the app uses). Documents whose file is gone are exported from the "
        "text their annotations remember, with a warning.",
    )
    export.add_argument("file", nargs="?", metavar="FILE", help="the document ('-' for stdin)")
    export.add_argument(
        "--all", action="store_true", dest="every_document", help="export every annotated document"
    )
    export.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="file to write (an existing folder: a file named after the title is written in "
        "it); with --all, the folder",
    )
    export.add_argument("--tag", metavar="TAG", help="only annotations with this tag (or under it)")
    export.add_argument(
        "--group-by",
        choices=("section", "tag"),
        default="section",
        help="Markdown headings: the document's sections (default) or one per tag",
    )
    export.add_argument(
        "--include-orphans",
        dest="orphans",
        action="store_true",
        default=True,
        help="list orphaned annotations at the end (the default)",
    )
    export.add_argument(
        "--no-orphans", dest="orphans", action="store_false", help="leave orphaned annotations out"
    )
    export.add_argument(
        "--format",
        dest="output_format",
        choices=("markdown", "json"),
        default="markdown",
        help="Markdown (default) or W3C Web Annotation JSON",
    )
    export.set_defaults(handler=_export)

    imports = commands.add_parser(
        "import",
        help="import annotations: Web Annotation JSON, Hypothesis, Kindle, KOReader, Readwise",
        description="Import the annotations in each FILE into the store: a reader JSON export, "
        "any W3C Web Annotation collection or list, or a Hypothesis export (attached to the "
        "document the file names or to --document PATH); a Kindle 'My Clippings.txt', a "
        "KOReader sidecar (metadata.*.lua, or its .sdr folder) or a Readwise CSV export (each "
        "book matched to a document of the store or the library folder by title, authors and "
        "quotes). JSON files are all read and checked before anything is stored; entries with "
        "fields of the wrong type, out of range or too large are skipped and counted. "
        "Importing a file twice adds nothing twice.",
    )
    imports.add_argument("files", metavar="FILE", nargs="+")
    imports.add_argument(
        "--document", metavar="PATH", help="the document the annotations belong to"
    )
    imports.add_argument(
        "--format",
        dest="import_format",
        choices=IMPORT_FORMATS,
        help="the file's format (default: detected from its content)",
    )
    imports.set_defaults(handler=_import)


def _open_store() -> AnnotationStore:
    from reader.store import AnnotationStore

    return AnnotationStore.open()


def _warn(message: str) -> None:
    warn(f"reader: warning: {message}")


# --- export ------------------------------------------------------------------------


def _export(args: argparse.Namespace) -> int:
    from reader.export import (
        ExportError,
        export_markdown,
        export_web_annotations,
        json_text,
        select_annotations,
    )
    from reader.export.atomic import atomic_write_text

    if args.every_document and args.file:
        raise UsageError("give either FILE or --all, not both")
    if args.every_document:
        return _export_all(args)
    if not args.file:
        raise UsageError("nothing to export: give a FILE, or --all to export every document")
    doc = load_document(args.file)
    store = _open_store()
    annotations = store.work_annotations(doc, record=False)
    chosen = select_annotations(annotations, tag=args.tag, include_orphans=args.orphans)
    if not chosen:
        what = f"with the tag {clean_line(args.tag)!r}" if args.tag else "to export"
        _warn(f"{_shown(doc)} has no annotations {what}")
    if args.output_format == "json":
        data = export_web_annotations(doc, chosen)
        if args.output is None:
            print_json(data)  # the same JSON as a file's, escaped for the terminal
            return 0
        text = json_text(data)
    else:
        text = export_markdown(doc, chosen, group_by=args.group_by, include_orphans=args.orphans)
        if args.output is None:
            say(text, end="")
            return 0
    target = Path(args.output)
    if target.is_dir():
        target = _write_into(args, doc, chosen, target)
    else:
        if not target.parent.is_dir():
            raise ExportError(f"cannot write {target}: the folder {target.parent} does not exist")
        atomic_write_text(target, text)
    say(f"Exported {_count(len(chosen))} of {_shown(doc)} to {_path(target)}")
    return 0


def _write_into(
    args: argparse.Namespace, doc: Document, annotations: Sequence[Annotation], folder: Path
) -> Path:
    """Write one document's export into ``folder`` in the format asked for."""
    from reader.export import write_json_export, write_markdown_export

    if args.output_format == "json":
        return write_json_export(doc, annotations, folder)
    return write_markdown_export(
        doc, annotations, folder, group_by=args.group_by, include_orphans=args.orphans
    )


def _export_all(args: argparse.Namespace) -> int:
    from reader.export import export_folder, select_annotations
    from reader.export.offline import document_from_quotes

    store = _open_store()
    folder = Path(args.output) if args.output else export_folder(store)
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"--all writes one file per document: {folder} must be a folder")
    records = [r for r in store.documents() if r.annotation_count > 0]
    remembered: dict[str, list[Annotation]] | None = None
    documents = exported = 0
    with _progress(len(records)) as advance:
        for record in records:
            doc, annotations = _current(store, record)
            if doc is None:
                if remembered is None:
                    remembered = _by_document(store.annotations())
                doc, annotations = document_from_quotes(
                    DocumentRef(record.id, record.fingerprint, record.path, record.title),
                    remembered.get(record.id, []),
                )
            chosen = select_annotations(annotations, tag=args.tag, include_orphans=args.orphans)
            if chosen:
                _write_into(args, doc, chosen, folder)
                documents += 1
                exported += len(chosen)
            advance()
    say(
        f"Exported {_count(exported)} of {documents} "
        f"document{'s' * (documents != 1)} to {_path(folder)}"
    )
    return 0


def _current(
    store: AnnotationStore, record: DocumentRecord
) -> tuple[Document | None, list[Annotation]]:
    """The document as its file reads now, with its annotations placed.

    ``None`` (after a warning) when the file is gone or unreadable: the caller
    then exports from the quotes the annotations remember.
    """
    title = clean_line(record.title)
    if not record.path or not Path(record.path).is_file():
        last_seen = f" (last seen at {clean_line(record.path)})" if record.path else ""
        _warn(f"{title!r}: its file is gone; exported from the remembered quotes{last_seen}")
        return None, []
    try:
        doc = load_document(record.path)
    except DocumentError as error:
        _warn(f"{title!r}: {clean_line(str(error))}; exported from the remembered quotes")
        return None, []
    # Its own notes only: with --all, each note is written once, with the copy it was made on.
    return doc, store.attach(doc, record=False)


def _by_document(annotations: Sequence[Annotation]) -> dict[str, list[Annotation]]:
    grouped: dict[str, list[Annotation]] = {}
    for annotation in annotations:
        grouped.setdefault(annotation.document.id, []).append(annotation)
    return grouped


@contextmanager
def _progress(
    total: int, label: str = "Exporting", threshold: int | None = None
) -> Iterator[Callable[..., None]]:
    """Yield ``advance(done=None)``: one more step, or ``done`` steps in all so far.

    Shows a Rich progress bar on standard error from ``threshold`` steps on
    (default :data:`PROGRESS_THRESHOLD`).
    """
    if total < (PROGRESS_THRESHOLD if threshold is None else threshold):
        yield lambda done=None: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    with Progress(
        label,
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
    ) as progress:
        task = progress.add_task(label, total=total)

        def advance(done: int | None = None) -> None:
            if done is None:
                progress.advance(task)
            else:
                progress.update(task, completed=done)

        yield advance


def _shown(doc: Document) -> str:
    return repr(clean_line(doc.title))


def _path(path: Path) -> str:
    return clean_line(str(path))


def _count(annotations: int) -> str:
    return f"{annotations} annotation{'s' * (annotations != 1)}"


# --- import ------------------------------------------------------------------------


def _import(args: argparse.Namespace) -> int:
    from reader.commands.importing import import_other_format
    from reader.store.storage import gc_paused

    # A Kindle, KOReader or Readwise file is imported on its own; JSON files below.
    names = [
        n for n in args.files if not import_other_format(Path(n), args.document, args.import_format)
    ]
    if not names:
        return 0
    sources = [Path(name) for name in names]
    # Every file is read and checked before anything is stored. The collector is
    # paused: it would walk the growing heap of parsed annotations again and again.
    with gc_paused():
        loaded = [_annotation_file(source, args.document) for source in sources]
        store = _open_store()
        total = sum(len(p.annotations) for _, p in loaded)
        with _progress(total, "Importing", IMPORT_PROGRESS_THRESHOLD) as advance:
            results = store.import_annotations(
                [(doc, p.annotations) for doc, p in loaded],
                progress=lambda done, _: advance(done),
            )
    warn_notices(store)
    parsed = [p for _, p in loaded]
    added = sum(len(r.added) for r in results)
    present = sum(r.present for r in results)
    orphaned = sum(a.status is AnchorStatus.ORPHANED for r in results for a in r.added)
    skipped = sum(p.skipped for p in parsed)
    malformed = sum(p.malformed for p in parsed)
    if len(sources) == 1:
        line = f"Imported {_path(sources[0])} into {_shown(loaded[0][0])}"
    else:
        documents = len({doc.fingerprint for doc, _ in loaded})
        line = f"Imported {len(sources)} files into {documents} document{'s' * (documents != 1)}"
    line += f": {added} added, {present} already present, {orphaned} orphaned"
    if skipped:
        if not malformed:
            reasons = "not annotations of text"
        elif malformed == skipped:
            reasons = "malformed: a field of the wrong type, out of range or too large"
        else:
            reasons = f"{malformed} malformed, {skipped - malformed} not annotations of text"
        line += f", {skipped} skipped ({reasons})"
    say(line)
    return 0


def _annotation_file(source: Path, document: str | None) -> tuple[Document, ParsedAnnotations]:
    """The document an annotation file annotates (or ``document``) and what the file holds."""
    from reader.export import (
        annotation_entries,
        load_annotation_file,
        named_document,
        parse_web_annotations,
    )

    data = load_annotation_file(source)
    annotation_entries(data)  # not an annotation file: say so before asking for the document
    named = document or named_document(data)
    if not named:
        raise UsageError(f"{source} does not say which document it annotates; pass --document PATH")
    if not document and not Path(named).is_file():
        raise NotFoundError(f"{source} annotates {named}, which is not there; pass --document PATH")
    doc = load_document(named)
    return doc, parse_web_annotations(data, doc)
