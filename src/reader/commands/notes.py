"""Annotation subcommands: ``annotate``, ``notes``, ``tags``, ``edit``, ``rm``, ``doctor``.

Everything goes through :class:`reader.store.AnnotationStore`; what a note or tag
says is untrusted text, so plain output passes it through :func:`clean_line` /
:func:`clean_text` and JSON output escapes every character a terminal would act
on. The ``--json`` shapes are documented in docs/commands.md.

The store is imported by the handlers, not here: ``reader FILE`` builds this
module's parsers on every start.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from reader.annotation import (
    COLORS,
    AnchorStatus,
    Annotation,
    AnnotationKind,
    find_quote,
    normalize_tag,
    paragraph_label,
)
from reader.annotation import copy_name as annotation_copy_name
from reader.commands.options import add_format_option, add_json_option
from reader.commands.output import print_json, say, warn
from reader.errors import ReaderError, UsageError
from reader.model import Document
from reader.readers import load_document
from reader.sanitize import clean_line, clean_text

if TYPE_CHECKING:
    from reader.store import AnnotationStore
    from reader.store.doctor import DoctorReport
    from reader.store.editing import Keep

__all__ = ["JSON_VERSION", "copy_name", "register", "warn_notices"]

JSON_VERSION = 1
"""Version of the ``--json`` shapes printed here (fields are only ever added)."""

_KINDS = [kind.value for kind in AnnotationKind]
_QUOTE_WIDTH = 76


class NoSuchParagraphError(ReaderError):
    """The paragraph asked for is not in the document."""

    exit_code = 5


class NoSuchQuoteError(ReaderError):
    """The words of ``--quote`` are not in the paragraph."""

    exit_code = 5


def register(commands: Any) -> None:
    """Add the annotation subcommands to the ``reader`` parser."""
    annotate = commands.add_parser(
        "annotate",
        help="add a note, highlight or bookmark to a paragraph",
        description="Annotate one paragraph of FILE, chosen by its anchor or its index "
        "(both shown by 'reader show FILE'). Prints the new annotation's id.",
    )
    annotate.add_argument("file", metavar="FILE", help="the document")
    where = annotate.add_mutually_exclusive_group(required=True)
    where.add_argument("--anchor", metavar="ID", help="the paragraph's anchor")
    where.add_argument(
        "--paragraph", metavar="N", type=int, help="the paragraph's index (0 is the first)"
    )
    _add_note_option(annotate)
    annotate.add_argument(
        "--quote",
        metavar="WORDS",
        help="annotate only these words of the paragraph (its first occurrence; white "
        "space, letter case and quotation marks matched loosely)",
    )
    _add_color_option(annotate, "the highlight colour")
    annotate.add_argument(
        "--tag", metavar="T", action="append", default=[], help="a tag (repeatable; a/b nests)"
    )
    annotate.add_argument("--kind", choices=_KINDS, default="note", help="default: note")
    add_format_option(annotate)
    add_json_option(annotate)
    annotate.set_defaults(handler=_annotate)

    notes = commands.add_parser(
        "notes",
        help="list annotations (of one document, re-anchored, or of all)",
        description="List the annotations of FILE in document order (re-anchoring them "
        "if FILE changed), or of every document when FILE is not given.",
    )
    notes.add_argument("file", metavar="FILE", nargs="?", help="the document")
    notes.add_argument("--tag", metavar="T", help="only those tagged T (or a tag under T/)")
    notes.add_argument("--orphans", action="store_true", help="only orphaned annotations")
    notes.add_argument(
        "--verbose",
        "-v",
        action="store_true",
        help="under each annotation, the command that opens the app at it",
    )
    add_format_option(notes)
    add_json_option(notes)
    notes.set_defaults(handler=_notes)

    tags = commands.add_parser(
        "tags",
        help="list tags with the number of annotations carrying each",
        description="List every tag in the store with its count.",
    )
    add_json_option(tags)
    tags.set_defaults(handler=_tags)

    edit = commands.add_parser(
        "edit",
        help="change an annotation's note, tags or kind",
        description="Change the annotation ID (or a unique prefix of it, 4 characters at least).",
    )
    edit.add_argument("id", metavar="ID", help="the annotation's id or a unique prefix")
    _add_note_option(edit)
    edit.add_argument("--tag", metavar="T", action="append", default=[], help="add a tag")
    edit.add_argument("--untag", metavar="T", action="append", default=[], help="remove a tag")
    edit.add_argument("--kind", choices=_KINDS, help="the new kind")
    _add_color_option(edit, "the new colour ('none' removes it)", none=True)
    edit.add_argument(
        "--editor",
        action="store_true",
        help="edit the note in $VISUAL or $EDITOR; saved when the editor exits with status 0",
    )
    add_json_option(edit)
    edit.set_defaults(handler=_edit)

    remove = commands.add_parser(
        "rm",
        help="delete an annotation",
        description="Delete the annotation ID (or a unique prefix of it).",
    )
    remove.add_argument("id", metavar="ID", help="the annotation's id or a unique prefix")
    add_json_option(remove)
    remove.set_defaults(handler=_rm)

    doctor = commands.add_parser(
        "doctor",
        help="check the annotation store, repair it, re-anchor every document",
        description="Check every store file and report unreadable ones; re-anchor every "
        "document whose file is found and report moved and orphaned annotations. "
        "Exits 4 while problems remain.",
    )
    doctor.add_argument(
        "--fix",
        action="store_true",
        help="repair what is safe: set unreadable files aside and restore their previous "
        "version, rebuild counts and the id index, remove leftover temporary files",
    )
    add_json_option(doctor)
    doctor.set_defaults(handler=_doctor)


def _add_note_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--note", metavar="TEXT", help="the note (Markdown); '-' reads it from standard input"
    )


def _add_color_option(parser: argparse.ArgumentParser, help: str, *, none: bool = False) -> None:
    names = ", ".join((*COLORS, "none") if none else COLORS)
    parser.add_argument("--color", "--colour", metavar="NAME", help=f"{help}: {names}")


def _color(value: str | None, *, none: bool = False) -> str | None:
    """The ``--color`` value checked: a colour name (``None`` for ``none`` where allowed).

    Raises:
        UsageError: Another name; the message lists the colours.
    """
    if value is None or value in COLORS:
        return value
    if none and value == "none":
        return None
    names = ", ".join((*COLORS, "none") if none else COLORS)
    raise UsageError(f"unknown colour {clean_line(value)!r}: choose one of {names}")


def _note_text(value: str | None) -> str | None:
    """The ``--note`` value, read from standard input for ``-``."""
    if value == "-":
        return sys.stdin.read()
    return value


def warn_notices(store: AnnotationStore) -> None:
    """Tell the user what a successful write could not bring up to date (on standard error)."""
    for notice in store.notices:
        warn(f"reader: warning: {clean_line(notice)}")
    store.notices.clear()


def _open_store() -> AnnotationStore:
    from reader.store import AnnotationStore, default_data_dir

    return AnnotationStore.open(default_data_dir())


def _annotation_json(annotation: Annotation) -> dict[str, Any]:
    from reader.store import annotation_json

    return annotation_json(annotation)


def _load(args: argparse.Namespace) -> Document:
    return load_document(args.file, format=args.format)


def _annotate(args: argparse.Namespace) -> int:
    if args.file == "-" and args.note == "-":
        raise UsageError("FILE and --note cannot both be read from standard input")
    doc = _load(args)
    if args.anchor is not None:
        paragraph = doc.paragraph_by_anchor(args.anchor)
        if paragraph is None:
            raise NoSuchParagraphError(
                f"no paragraph of {doc.title!r} has the anchor {clean_line(args.anchor)!r}; "
                "'reader show FILE' lists them"
            )
        index = paragraph.index
    else:
        index = args.paragraph
        if not 0 <= index < len(doc.paragraphs):
            raise NoSuchParagraphError(
                f"{doc.title!r} has paragraphs 0 to {len(doc.paragraphs) - 1}, not {index}"
            )
    color = _color(args.color)
    passage = None
    if args.quote is not None:
        passage = find_quote(doc.paragraphs[index].text, args.quote)
        if passage is None:
            raise NoSuchQuoteError(
                f"{paragraph_label(index)} of {doc.title!r} does not contain "
                f"{clean_line(args.quote)!r}; 'reader show FILE' prints its text"
            )
        copies = doc.paragraphs[index].text.count(passage.exact)
        if copies > 1:
            warn(
                f"reader: warning: the words occur {copies} times in {paragraph_label(index)}; "
                "the first was annotated"
            )
    note = _note_text(args.note) or ""
    store = _open_store()
    annotation = store.add(
        doc,
        index,
        kind=AnnotationKind(args.kind),
        note=note,
        tags=args.tag,
        passage=passage,
        color=color,
    )
    return _changed(store, annotation, args.json, annotation.id)


def _annotation_entry(
    annotation: Annotation, doc: Document | None, own: str | None = None
) -> dict[str, Any]:
    """An annotation's ``--json`` entry; ``made_on`` names the copy it was made on and
    ``other_copy`` says whether that is another copy of FILE's work (``own``: FILE's id)."""
    paragraph = None
    if doc is not None and annotation.status != AnchorStatus.ORPHANED:
        found = doc.paragraph_by_anchor(annotation.anchor)
        paragraph = None if found is None else found.index
    ref = annotation.document
    return {
        **_annotation_json(annotation),
        "paragraph": paragraph,
        "made_on": {"id": ref.id, "path": ref.path, "title": ref.title},
        "other_copy": doc is not None and ref.id != own,
    }


def copy_name(annotation: Annotation) -> str:
    """The name of the copy a note was made on (:func:`reader.annotation.copy_name`)."""
    return clean_line(annotation_copy_name(annotation.document))


def _notes(args: argparse.Namespace) -> int:
    doc = _load(args) if args.file else None
    store = _open_store()
    own: str | None = None
    if doc is not None:
        listed = [
            a
            for a in store.work_annotations(doc, record=False)
            if (args.tag is None or a.has_tag(args.tag))
            and (not args.orphans or a.status == AnchorStatus.ORPHANED)
        ]
        record = store.document_record(doc)
        own = None if record is None else record.id
    else:
        listed = store.annotations(tag=args.tag, orphans=args.orphans)
    if args.json:
        print_json(
            {
                "version": JSON_VERSION,
                "annotations": [_annotation_entry(a, doc, own) for a in listed],
            }
        )
        return 0
    _print_listing(listed, doc, verbose=args.verbose, own=own)
    return 0


def _print_listing(
    listed: Sequence[Annotation],
    doc: Document | None,
    *,
    verbose: bool = False,
    own: str | None = None,
) -> None:
    """The listing; for one document (``doc``), its copies' notes are marked ``on COPY``."""
    if not listed:
        warn("no annotations")
        return
    current = None
    if doc is not None:  # one document: one heading, its copies' notes marked
        mine = next((a.document for a in listed if a.document.id == own), None)
        title = mine.title if mine is not None else doc.title
        path = mine.path if mine is not None else os.path.abspath(doc.path or "")
        say(clean_line(title) + (f"  ({clean_line(path)})" if doc.path or mine else ""))
    for annotation in listed:
        ref = annotation.document
        if doc is None and ref.id != current:
            if current is not None:
                say()
            current = ref.id
            where = f"  ({clean_line(ref.path)})" if ref.path else ""
            say(f"{clean_line(ref.title)}{where}")
        on_copy = doc is not None and ref.id != own
        say(_annotation_lines(annotation, doc, copy_name(annotation) if on_copy else ""))
        if verbose:
            command = _open_command(annotation, doc)
            if command:
                say(f"      {command}")


def _open_command(annotation: Annotation, doc: Document | None) -> str:
    """The shell command that opens the app at ``annotation``, "" when nothing can.

    An orphan has no place to open at, and a document read from standard input
    no file to open. The path is the file as read now (else the one last seen),
    quoted for the shell and passed through the output check.
    """
    import shlex

    if annotation.status == AnchorStatus.ORPHANED:
        return ""
    here = doc.path if doc is not None else None
    path = os.path.abspath(here) if here is not None else annotation.document.path
    if not path:
        return ""
    return f"reader open {shlex.quote(clean_line(path))} --annotation {annotation.id}"


def _annotation_lines(annotation: Annotation, doc: Document | None, copy: str = "") -> str:
    """One annotation as an indented block: id, place, kind, status, the copy it was
    made on (when another copy of the work), tags, quote, note."""
    place = annotation.anchor
    if doc is not None and annotation.status != AnchorStatus.ORPHANED:
        found = doc.paragraph_by_anchor(annotation.anchor)
        if found is not None:
            place = paragraph_label(found.index)
    head = [annotation.id[:8], place, annotation.kind.value]
    if annotation.color is not None:
        head.append(annotation.color)
    if annotation.status != AnchorStatus.ATTACHED:
        head.append(annotation.status.value.upper())
    if doc is not None and annotation.suggestion is not None:
        suggested = doc.paragraph_by_anchor(annotation.suggestion)
        if suggested is not None:  # what 'reader attach ID --accept' takes
            head.append(f"suggests ¶{suggested.index}")
    if annotation.lost_passage is not None:
        head.append("PASSAGE LOST")
    if copy:
        head.append(f"on {copy}")
    head += [f"#{clean_line(tag)}" for tag in annotation.tags]
    passage = annotation.passage
    lines = ["  " + "  ".join(head)]
    lines.append(
        f"      > {_shortened(annotation.selector.quote if passage is None else passage.exact)}"
    )
    if annotation.lost_passage is not None:
        lost = _shortened(annotation.lost_passage.exact, _QUOTE_WIDTH - 40)
        lines.append(f"      (passage lost: “{lost}” is gone; the note is on the whole paragraph)")
    lines += [f"      {line}" for line in clean_text(annotation.note).splitlines()]
    return "\n".join(lines)


def _shortened(text: str, width: int = _QUOTE_WIDTH) -> str:
    """``text`` on one line, cut with an ellipsis past ``width`` characters."""
    line = clean_line(text)
    return line if len(line) <= width else line[: width - 1] + "…"


def _tags(args: argparse.Namespace) -> int:
    counts = _open_store().tags()
    if args.json:
        print_json(
            {
                "version": JSON_VERSION,
                "tags": [{"tag": tag, "count": count} for tag, count in counts.items()],
            }
        )
        return 0
    if not counts:
        warn("no tags")
    width = len(str(max(counts.values(), default=0)))
    for tag, count in counts.items():
        say(f"{count:>{width}}  {clean_line(tag)}")
    return 0


def _edit(args: argparse.Namespace) -> int:
    changes = (args.note, args.kind, args.color)
    if all(c is None for c in changes) and not (args.tag or args.untag or args.editor):
        raise UsageError(
            "nothing to change: give --note, --editor, --tag, --untag, --kind or --color"
        )
    if args.editor and args.note is not None:
        raise UsageError("give --note or --editor, not both")
    from reader.store.editing import KEEP

    color: str | Keep | None = KEEP if args.color is None else _color(args.color, none=True)
    store = _open_store()
    note = _note_text(args.note)
    expected_note = None
    if args.editor:
        from reader.external_editor import edit_in_editor

        expected_note = store.get(args.id).note
        note = edit_in_editor(expected_note)
        if note is None:
            warn("reader: note unchanged (the editor exited with an error, or nothing was changed)")
    tags = None
    if args.tag or args.untag:
        removed = {normalize_tag(t) for t in args.untag}
        current = store.get(args.id).tags
        tags = [t for t in (*current, *args.tag) if normalize_tag(t) not in removed]
    annotation = store.update(
        args.id,
        note=note,
        tags=tags,
        kind=None if args.kind is None else AnnotationKind(args.kind),
        color=color,
        expected_note=expected_note,
    )
    return _changed(store, annotation, args.json, annotation.id)


def _rm(args: argparse.Namespace) -> int:
    store = _open_store()
    removed = store.delete(args.id)
    return _changed(store, removed, args.json, f"removed {removed.id}")


def _changed(store: AnnotationStore, annotation: Annotation, as_json: bool, line: str) -> int:
    """Report a change to one annotation: the store's notices, then it as JSON or ``line``."""
    warn_notices(store)
    if as_json:
        print_json({"version": JSON_VERSION, **_annotation_json(annotation)})
    else:
        say(line)
    return 0


def _doctor(args: argparse.Namespace) -> int:
    from reader.commands.doctor import run_doctor
    from reader.store import default_data_dir

    data_dir = default_data_dir()
    show_progress = sys.stderr.isatty() and not args.json

    def progress(done: int, total: int) -> None:
        if show_progress:
            end = "\n" if done == total else ""
            sys.stderr.write(f"\rre-anchoring documents {done}/{total}{end}")
            sys.stderr.flush()

    report = run_doctor(data_dir, fix=args.fix, progress=progress)
    if args.json:
        print_json(
            {
                "version": JSON_VERSION,
                "data_dir": str(data_dir),
                "healthy": report.problems == 0,
                "problems": report.problems,
                "fixed": report.fixed,
                "documents": report.documents,
                "missing": report.missing,
                "moved": report.moved,
                "orphaned": report.orphaned,
                "findings": report.lines,
            }
        )
    else:
        say(f"store: {clean_line(str(data_dir))}")
        for line in report.lines:
            say(clean_line(line))
        say(_doctor_summary(report))
    return 4 if report.problems else 0


def _doctor_summary(report: DoctorReport) -> str:
    state = (
        "healthy"
        if not report.problems
        else f"{report.problems} problem(s) left; run 'reader doctor --fix'"
    )
    return (
        f"{state}; {report.documents} document(s) re-anchored: {report.moved} moved, "
        f"{report.orphaned} orphaned annotation(s); {report.missing} document(s) not found"
        + (f"; {report.fixed} repair(s) made" if report.fixed else "")
    )
