"""``reader toc`` and ``reader show``: a document's outline and its anchored paragraphs."""

from __future__ import annotations

import argparse
from typing import Any

from reader.commands.options import add_format_option, add_json_option
from reader.commands.output import print_json, say
from reader.model import Document
from reader.readers import load_document
from reader.serialize import document_json, outline_json

__all__ = ["register"]


def register(commands: Any) -> None:
    """Add ``toc`` and ``show`` to the ``reader`` parser."""
    toc = commands.add_parser(
        "toc",
        help="print a document's section outline with paragraph counts",
        description="Print the section outline of FILE with the number of paragraphs "
        "in each section (subsections included).",
    )
    _add_common(toc)
    toc.set_defaults(handler=_toc)

    show = commands.add_parser(
        "show",
        help="print a document's metadata, sections and paragraphs with anchors",
        description="Print FILE as reader sees it: metadata, sections, and every "
        "paragraph with its kind and anchor.",
    )
    _add_common(show)
    show.set_defaults(handler=_show)


def _add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="the document ('-' for standard input)")
    add_json_option(parser)
    add_format_option(parser)


def _toc(args: argparse.Namespace) -> int:
    doc = load_document(args.file, format=args.format)
    if args.json:
        print_json(outline_json(doc))
        return 0
    say(f"{doc.title}  ({len(doc.paragraphs)} paragraphs, {doc.format})")
    for section in doc.sections:
        indent = "  " * section.level
        say(f"{indent}{section.title}  [{section.end - section.start}]")
    return 0


def _show(args: argparse.Namespace) -> int:
    doc = load_document(args.file, format=args.format)
    if args.json:
        print_json(document_json(doc))
        return 0
    _print_metadata(doc)
    sections = iter(doc.sections)
    pending = next(sections, None)
    for paragraph in doc.paragraphs:
        # Every heading is printed where its section starts, including those with
        # no paragraphs of their own (a part whose text is all in its chapters).
        while pending is not None and pending.start <= paragraph.index:
            say(f"\n{'#' * pending.level} {pending.title}")
            pending = next(sections, None)
        flags = paragraph.kind.value + (" boilerplate" if paragraph.boilerplate else "")
        marker = f"{paragraph.marker} " if paragraph.marker else ""
        say(f"\n[{paragraph.index} {paragraph.anchor} {flags}]\n{marker}{paragraph.text}")
    while pending is not None:
        say(f"\n{'#' * pending.level} {pending.title}")
        pending = next(sections, None)
    return 0


def _print_metadata(doc: Document) -> None:
    meta = doc.metadata
    rows: list[tuple[str, str]] = [
        ("title", doc.title),
        ("authors", ", ".join(meta.authors)),
        ("date", meta.date),
        ("source", meta.source),
        ("language", meta.language),
        ("format", doc.format),
        ("encoding", doc.encoding),
        ("fingerprint", doc.fingerprint),
    ]
    rows += [(key, _flat(value)) for key, value in meta.extra.items()]
    for key, value in rows:
        if value:
            say(f"{key}: {value}")


def _flat(value: object) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)
