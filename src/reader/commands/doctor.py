"""``reader doctor``: check the store's files, then re-anchor every document found.

The store's part (:func:`reader.store.doctor.check_store`) checks and repairs the
store files alone. This part reads the documents again: every document whose
file can be found is attached again, which re-anchors its annotations and reports
the moved and orphaned ones, and those whose anchor named a paragraph with other
text (an anchor collision: see :func:`reader.anchors.text_digest`). It lives here
because reading documents is above the store: the store never imports the readers.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from reader.anchors import text_digest
from reader.annotation import AnchorStatus, Annotation
from reader.errors import DocumentError
from reader.model import Document
from reader.readers import load_document
from reader.reanchor import expected_digest
from reader.store import AnnotationStore, StoreUnreadableError
from reader.store.doctor import DoctorReport, check_store

__all__ = ["Progress", "run_doctor"]

Progress = Callable[[int, int], None]
"""Called with (documents done, documents in all) while re-anchoring."""


def run_doctor(
    data_dir: Path, *, fix: bool = False, progress: Progress | None = None
) -> DoctorReport:
    """Check the store in ``data_dir``, repair it with ``fix``, and re-anchor its documents.

    Args:
        data_dir: The data folder.
        fix: Set unreadable files aside (restoring their previous version), rebuild
            stale counts and the id index, and remove leftover temporary files.
        progress: Told how the re-anchoring advances.
    """
    check = check_store(data_dir, fix=fix)
    if check.catalogue_usable:
        _reanchor(data_dir, check.report, check.unusable, progress)
    return check.report


def _reanchor(
    data_dir: Path, report: DoctorReport, unusable: set[str], progress: Progress | None
) -> None:
    """Attach every document whose file is found; count moved and orphaned annotations.

    Documents in ``unusable`` (their store file is reported unreadable) are left out.
    """
    try:
        store = AnnotationStore.open(data_dir)
    except StoreUnreadableError:
        return  # already reported
    records = [r for r in store.documents() if r.annotation_count and r.id not in unusable]
    for done, record in enumerate(records, start=1):
        if progress is not None:
            progress(done, len(records))
        count = record.annotation_count
        if not record.path or not Path(record.path).is_file():
            report.missing += 1
            where = record.path or "standard input"
            report.lines.append(
                f"{record.title!r}: file not found ({where}); its {count} annotation(s) are kept"
            )
            continue
        try:
            doc = load_document(record.path)
            unconfirmed = _unconfirmed(store.annotations(doc), doc)
            annotations = store.attach(doc)
        except DocumentError as error:
            report.lines.append(f"{record.title!r}: cannot be read now ({error})")
            continue
        except StoreUnreadableError as error:
            report.problem(str(error))
            continue
        report.documents += 1
        if unconfirmed:
            report.lines.append(
                f"{record.title!r}: {unconfirmed} annotation(s) had their anchor on a "
                "paragraph whose text is not theirs (its digest differs); placed again "
                "as on an edited paragraph"
            )
        moved = sum(a.status == AnchorStatus.MOVED for a in annotations)
        orphaned = sum(a.status == AnchorStatus.ORPHANED for a in annotations)
        report.moved += moved
        report.orphaned += orphaned
        if moved or orphaned:
            report.lines.append(
                f"{record.title!r}: {moved} moved, {orphaned} orphaned "
                f"(review with: reader notes {record.path}; settle one with: "
                "reader attach ID --accept | --paragraph N)"
            )


def _unconfirmed(annotations: list[Annotation], doc: Document) -> int:
    """How many placed annotations name a paragraph of ``doc`` whose text digest is not
    theirs: the same anchor on other text (a collision), which attaching places again."""
    count = 0
    for annotation in annotations:
        paragraph = doc.paragraph_by_anchor(annotation.anchor)
        if annotation.status == AnchorStatus.ORPHANED or paragraph is None:
            continue
        expected = expected_digest(annotation.anchor, annotation.selector.quote, annotation.digest)
        count += expected is not None and expected != text_digest(paragraph.text)
    return count
