"""``reader attach``: settle a moved or orphaned annotation by hand.

``reader attach ID --accept`` takes the place re-anchoring proposed (an orphan's
suggestion, a moved note's new paragraph; ``--confirm`` says the same of a moved
note), ``--paragraph N`` puts it on paragraph N. The document is read from the
path the store last saw it at (or FILE), re-anchored first if it changed, and
the choice is recorded so the next re-anchoring starts from it (see
docs/reanchoring.md). Exit codes: 0 done (or attached already), 1 nothing to
accept (an orphan without a suggestion, ``--confirm`` of an orphan) or FILE is
another document, 2 the document's file is not found, 5 no such annotation, or
no such paragraph.
"""

from __future__ import annotations

import argparse
from typing import Any

from reader.annotation import AnchorStatus
from reader.commands.options import add_format_option, add_json_option
from reader.commands.output import print_json, say
from reader.errors import NotFoundError, UsageError
from reader.sanitize import clean_line

__all__ = ["register"]


def register(commands: Any) -> None:
    """Add ``attach`` to the ``reader`` parser."""
    attach = commands.add_parser(
        "attach",
        help="confirm a moved annotation, accept an orphan's suggestion, or attach one to a "
        "paragraph",
        description="Settle the annotation ID (or a unique prefix of it): --accept takes the "
        "place re-anchoring proposed (an orphan's suggestion, a moved annotation's new "
        "paragraph), --confirm confirms a moved annotation where it is, --paragraph N "
        "attaches it to paragraph N (0 is the first; 'reader show FILE' numbers them). "
        "The annotation is then attached there, and later re-anchoring starts from it.",
    )
    attach.add_argument("id", metavar="ID", help="the annotation's id or a unique prefix")
    attach.add_argument(
        "file",
        metavar="FILE",
        nargs="?",
        help="its document (default: the file the store last saw it at)",
    )
    how = attach.add_mutually_exclusive_group(required=True)
    how.add_argument("--accept", action="store_true", help="take the proposed place")
    how.add_argument("--confirm", action="store_true", help="confirm a moved annotation")
    how.add_argument(
        "--paragraph", metavar="N", type=int, help="attach to paragraph N (0 is the first)"
    )
    add_format_option(attach)
    add_json_option(attach)
    attach.set_defaults(handler=_attach)


def _attach(args: argparse.Namespace) -> int:
    from reader.commands.notes import JSON_VERSION, warn_notices
    from reader.readers import load_document
    from reader.store import AnnotationStore, annotation_json, default_data_dir
    from reader.store.reattaching import NothingToAcceptError

    store = AnnotationStore.open(default_data_dir())
    annotation = store.get(args.id)
    short = annotation.id[:8]
    path = args.file or annotation.document.path
    if not path:
        raise UsageError(f"annotation {short}'s document was read from standard input: give FILE")
    try:
        doc = load_document(path, format=args.format)
    except NotFoundError as error:
        hint = f"give the document's file: reader attach {short} FILE"
        raise NotFoundError(f"{error}; {hint}") from error
    store.attach(doc, record=False)  # re-anchored first if it changed: statuses as in doc
    annotation = store.get(annotation.id)
    if args.paragraph is None and annotation.status is AnchorStatus.ATTACHED:
        say(f"annotation {short} is attached already: nothing to accept")
        return 0
    if args.confirm and annotation.status is AnchorStatus.ORPHANED:
        raise NothingToAcceptError(
            f"annotation {short} is orphaned, not moved: --accept takes its suggestion, "
            "--paragraph N attaches it"
        )
    if args.paragraph is not None:
        placed = store.attach_to_paragraph(doc, annotation.id, args.paragraph)
    else:
        placed = store.accept_place(doc, annotation.id)
    paragraph = doc.paragraph_by_anchor(placed.anchor)
    index = None if paragraph is None else paragraph.index
    warn_notices(store)
    if args.json:
        print_json({"version": JSON_VERSION, **annotation_json(placed), "paragraph": index})
    else:
        say(f"attached {short} to ¶{index}: {clean_line(placed.selector.quote)[:60]}")
    return 0
