"""``reader link`` and ``reader unlink``: copies of one work grouped, or parted, by hand.

reader groups copies of a work by their content (docs/works.md); these commands
are for the cases it cannot know: link two documents it did not group, or take a
document out of a group it should not be in. An unlink is remembered: the
automatic grouping never puts the document back (a later ``reader link`` does).
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from reader.commands.options import add_json_option
from reader.commands.output import print_json, say
from reader.errors import UsageError
from reader.readers import load_document
from reader.sanitize import clean_line

if TYPE_CHECKING:
    from reader.store import DocumentRecord

__all__ = ["register"]

JSON_VERSION = 1


def register(commands: Any) -> None:
    """Add ``link`` and ``unlink`` to the ``reader`` parser."""
    link = commands.add_parser(
        "link",
        help="make two documents copies of one work (their notes show on both)",
        description="Group FILE and OTHER as copies of one work: each one's notes "
        "show on the other, placed on its text.",
    )
    link.add_argument("file", metavar="FILE", help="a document")
    link.add_argument("other", metavar="OTHER", help="another copy of it")
    add_json_option(link)
    link.set_defaults(handler=_link)

    unlink = commands.add_parser(
        "unlink",
        help="take a document out of its work (its copies' notes no longer show on it)",
        description="Take FILE out of the work it is grouped in; the automatic "
        "grouping never puts it back ('reader link' does).",
    )
    unlink.add_argument("file", metavar="FILE", help="the document")
    add_json_option(unlink)
    unlink.set_defaults(handler=_unlink)


def _name(record: DocumentRecord) -> str:
    return clean_line(os.path.basename(record.path) if record.path else record.title)


def _records_json(records: Sequence[DocumentRecord]) -> list[dict[str, Any]]:
    return [{"id": r.id, "path": r.path, "title": r.title} for r in records]


def _link(args: argparse.Namespace) -> int:
    from reader.commands.notes import warn_notices
    from reader.store import AnnotationStore, default_data_dir

    doc, other = load_document(args.file), load_document(args.other)
    store = AnnotationStore.open(default_data_dir())
    try:
        work = store.link(doc, other)
    except ValueError as error:
        raise UsageError(f"{error}: {clean_line(args.file)} and {clean_line(args.other)}") from None
    warn_notices(store)
    if args.json:
        print_json({"version": JSON_VERSION, "work": _records_json(work)})
        return 0
    say(f"linked: one work of {len(work)} copies: " + ", ".join(_name(r) for r in work))
    return 0


def _unlink(args: argparse.Namespace) -> int:
    from reader.commands.notes import warn_notices
    from reader.store import AnnotationStore, default_data_dir

    doc = load_document(args.file)
    store = AnnotationStore.open(default_data_dir())
    former = store.unlink(doc)
    warn_notices(store)
    if args.json:
        print_json({"version": JSON_VERSION, "former_copies": _records_json(former)})
        return 0
    if former:
        say("unlinked: no longer grouped with " + ", ".join(_name(r) for r in former))
    else:
        say("unlinked: it was in no work; it will not be grouped automatically")
    return 0
