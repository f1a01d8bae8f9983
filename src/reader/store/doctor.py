"""``reader doctor``'s store part: check every store file and repair what is safe.

The doctor never deletes anything. An unreadable file is *reported*; with ``fix``
it is moved to ``quarantine/`` and replaced by its previous version (``NAME.bak``)
when that one reads, otherwise rebuilt from the other files where that is possible
(the catalogue from the document files, the id index from the document files).
A file written by a newer reader is left alone: the fix is to upgrade. Derived
data (annotation and tag counts, the id index) is compared with the document
files and rewritten when it differs. Re-anchoring the documents afterwards reads
them, so it lives with the command (:mod:`reader.commands.doctor`): the store
never imports the readers.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reader.annotation import DocumentRef, utc_now
from reader.store.codec import damaged_record, document_summary, format_time
from reader.store.errors import StoreUnreadableError
from reader.store.layout import (
    ANNOTATIONS,
    DOCUMENTS,
    IDS,
    META,
    META_KEY,
    FileKind,
    Layout,
    is_annotation_id,
)
from reader.store.migrations import check_file, unreadable
from reader.store.storage import (
    StoreFile,
    StoreLock,
    atomic_write,
    open_db,
    quarantine,
    time_stamp,
)

__all__ = ["DoctorReport", "StoreCheck", "check_store"]


@dataclass(slots=True)
class DoctorReport:
    """What the doctor found and did.

    Attributes:
        lines: One line per finding or repair, for the person at the terminal.
        problems: Problems left unresolved (``reader doctor`` exits 4 when any).
        fixed: Problems repaired.
        documents: Documents re-anchored.
        missing: Documents with annotations whose file was not found.
        moved: Annotations re-attached to another paragraph (worth a review).
        orphaned: Annotations that could not be placed (kept).
    """

    lines: list[str] = field(default_factory=list)
    problems: int = 0
    fixed: int = 0
    documents: int = 0
    missing: int = 0
    moved: int = 0
    orphaned: int = 0

    def problem(self, line: str) -> None:
        """Record an unresolved problem."""
        self.lines.append(line)
        self.problems += 1

    def repaired(self, line: str) -> None:
        """Record a repair."""
        self.lines.append(line)
        self.fixed += 1


def _validate(path: Path, kind: FileKind) -> StoreUnreadableError | None:
    """Why ``path`` cannot be used as a ``kind`` file, or ``None`` when it can.

    A pure check: unlike reading through the store it never migrates anything.
    """
    error = _validate_shape(path, kind)
    if error is not None or kind != FileKind.DOCUMENT:
        return error
    raw = json.loads(path.read_bytes())
    meta = raw[META][META_KEY]
    ref = DocumentRef(meta["document"], meta["fingerprint"], "", "")
    rows = raw.get(ANNOTATIONS, {})
    problem = damaged_record(rows.values() if isinstance(rows, dict) else [None], ref)
    return None if problem is None else unreadable(path, problem)


@dataclass(frozen=True, slots=True)
class _Salvage:
    """A document file's readable records, for one whose other records are damaged.

    Attributes:
        tables: The file's tables with only readable records (the damaged ones
            replaced by their previous version where that one reads).
        kept: Readable records of the damaged file.
        restored: Damaged records whose previous version (in ``.bak``) was put back.
        lost: Damaged records with no readable previous version.
    """

    tables: dict[str, Any]
    kept: int
    restored: int
    lost: int


def _good_rows(path: Path) -> tuple[dict[str, Any], dict[str, Any], set[str]] | None:
    """A document file's tables, its readable records and its damaged records' ids.

    ``None`` when the file is not a document file whose records can be told apart
    (not JSON, wrong shape, no document id or fingerprint).
    """
    if _validate_shape(path, FileKind.DOCUMENT) is not None:
        return None
    tables: dict[str, Any] = json.loads(path.read_bytes())
    rows = tables.get(ANNOTATIONS, {})
    ref = DocumentRef(tables[META][META_KEY]["document"], "", "", "")
    if not isinstance(rows, dict):
        return None
    good = {key: row for key, row in rows.items() if damaged_record([row], ref) is None}
    return tables, good, set(rows) - set(good)


def _salvage(path: Path) -> _Salvage | None:
    """Every readable record of a damaged document file, old versions of the damaged ones.

    ``None`` when the file cannot be read record by record (restore ``.bak`` instead).
    """
    current = _good_rows(path)
    if current is None:
        return None
    tables, good, damaged = current
    previous = _good_rows(path.with_name(path.name + ".bak"))
    earlier = {} if previous is None else previous[1]
    restored = {key: earlier[key] for key in sorted(damaged) if key in earlier}
    tables[ANNOTATIONS] = {**good, **restored}
    return _Salvage(tables, len(good), len(restored), len(damaged) - len(restored))


def _validate_shape(path: Path, kind: FileKind) -> StoreUnreadableError | None:
    """Why ``path`` is not a ``kind`` file at all (its records unchecked), or ``None``."""
    try:
        raw = json.loads(path.read_bytes())
    except OSError as error:
        return unreadable(path, f"cannot be read ({error.strerror})")
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        return unreadable(path, f"is not valid JSON ({str(error)[:80]})")
    try:
        check_file(raw, path, kind)
    except StoreUnreadableError as error:
        return error
    if kind == FileKind.DOCUMENT:
        meta = raw[META][META_KEY]
        if not isinstance(meta.get("document"), str) or not isinstance(
            meta.get("fingerprint"), str
        ):
            return unreadable(path, "has no document id or fingerprint")
    return None


class _Doctor:
    """One run of the doctor over a data folder (see :func:`run_doctor`)."""

    def __init__(self, data_dir: Path, fix: bool) -> None:
        self.layout = Layout(data_dir)
        self.fix = fix
        self.lock = StoreLock(self.layout.lock)
        self.report = DoctorReport()
        self.catalogue_usable = True
        self.unusable: set[str] = set()
        """Ids of documents whose file is reported unreadable (not re-anchored)."""

    def file(self, path: Path, kind: FileKind) -> StoreFile:
        return StoreFile(path, kind, self.lock, backups=self.layout.backups)

    def leftovers(self) -> None:
        """Temporary files of writes a crash interrupted (harmless; removed by --fix)."""
        layout = self.layout
        folders = (layout.root, layout.documents, layout.index, layout.kept_notes)
        stale = [p for folder in folders if folder.is_dir() for p in folder.glob(".*.tmp")]
        if not stale:
            return
        if self.fix:
            for path in stale:
                path.unlink(missing_ok=True)
            self.report.repaired(
                f"removed {len(stale)} temporary file(s) left by interrupted writes"
            )
        else:
            self.report.problem(
                f"{len(stale)} temporary file(s) left by interrupted writes "
                "(harmless; 'reader doctor --fix' removes them)"
            )

    def files(self) -> None:
        """Check every store file; set aside and restore the unreadable ones (with fix)."""
        for path in self.layout.all_files():
            kind = self.layout.kind_of(path)
            error = _validate(path, kind)
            if error is not None:
                self.unreadable(error, kind)

    def unreadable(self, error: StoreUnreadableError, kind: FileKind) -> None:
        path = error.path
        if kind == FileKind.DOCUMENT:
            self.unusable.add(path.stem)  # until its previous version is restored below
        if error.newer:
            self.report.problem(f"{path} {error.problem}: upgrade reader (the file was left as is)")
            if kind == FileKind.CATALOGUE:
                self.catalogue_usable = False
            return
        if not self.fix:
            self.report.problem(
                f"{path} {error.problem}: run 'reader doctor --fix' to set it aside "
                "and restore its previous version"
            )
            if kind == FileKind.CATALOGUE:
                self.catalogue_usable = False
            return
        salvage = _salvage(path) if kind == FileKind.DOCUMENT else None
        kept = quarantine(path, self.layout.quarantine, time_stamp())
        if salvage is not None:
            data = json.dumps(salvage.tables, ensure_ascii=True, separators=(",", ":"))
            atomic_write(path, data.encode("ascii"), keep_previous=False)
            self.unusable.discard(path.stem)
            lost = f"; {salvage.lost} damaged one(s) are only in that copy" if salvage.lost else ""
            self.report.repaired(
                f"{path} {error.problem}: moved to {kept} and kept its {salvage.kept} readable "
                f"annotation(s), {salvage.restored} damaged one(s) restored from its previous "
                f"version{lost}"
            )
            return
        backup = path.with_name(path.name + ".bak")
        if backup.exists() and _validate(backup, kind) is None:
            atomic_write(path, backup.read_bytes(), keep_previous=False)
            self.unusable.discard(path.stem)
            self.report.repaired(
                f"{path} {error.problem}: moved to {kept} and restored its previous version "
                "(only the last change to it is missing)"
            )
        elif kind == FileKind.DOCUMENT:
            self.report.repaired(
                f"{path} {error.problem}: moved to {kept}; no readable previous version, so its "
                "annotations are only in that file now"
            )
        else:
            lost = " (reading positions and preferences start afresh)"
            self.report.repaired(
                f"{path} {error.problem}: moved to {kept}; it is rebuilt from the document files"
                + (lost if kind == FileKind.CATALOGUE else "")
            )

    def consistency(self) -> None:
        """Compare the catalogue and the id index with the document files; rewrite if stale."""
        catalogue = self.file(self.layout.catalogue, FileKind.CATALOGUE)
        tables = catalogue.load() or catalogue.new_tables()
        documents: dict[str, dict[str, Any]] = tables.setdefault(DOCUMENTS, {})
        expected_ids: dict[str, str] = {}
        changed = 0
        present = {path.stem for path in self.layout.document_files()}
        for path in self.layout.document_files():
            if _validate(path, FileKind.DOCUMENT) is not None:
                continue
            file_tables = self.file(path, FileKind.DOCUMENT).load() or {}
            meta = file_tables[META][META_KEY]
            rows = file_tables.get(ANNOTATIONS, {})
            document_id = meta["document"]
            expected_ids.update(dict.fromkeys(rows, document_id))
            record = documents.get(document_id)
            summary = document_summary(rows.values())
            if record is None:
                changed += 1
                documents[document_id] = {
                    "id": document_id,
                    "fingerprint": meta["fingerprint"],
                    "path": meta.get("path", ""),
                    "title": meta.get("title", ""),
                    "created": format_time(utc_now()),
                    "last_read": None,
                    "position": None,
                    "progress": 0.0,
                    **summary,
                }
            elif any(record.get(k) != v for k, v in summary.items()):
                changed += 1
                record.update(summary)
        for document_id, record in documents.items():
            if document_id not in present and record.get("count"):
                changed += 1
                record.update(document_summary(()))
        if changed:
            if self.fix:
                catalogue.save(tables)
                self.report.repaired(f"brought the catalogue up to date for {changed} document(s)")
            else:
                self.report.problem(
                    f"the catalogue is out of date for {changed} document(s) "
                    "(counts or entries; 'reader doctor --fix' rewrites them)"
                )
        self.index(expected_ids)

    def index(self, expected: dict[str, str]) -> None:
        """Compare the id index with the document files' ids; rebuild it (by shard) with fix.

        Ids that could not name a shard (written by an older reader's import) are
        left out: they cannot be looked up, and building a path from them is unsafe.
        """
        expected = {k: v for k, v in expected.items() if is_annotation_id(k)}
        actual: dict[str, tuple[str, Path]] = {}
        for path in self.layout.index_files():
            if _validate(path, FileKind.INDEX) is None:
                rows = (self.file(path, FileKind.INDEX).load() or {}).get(IDS, {})
                actual.update({key: (_document_of(row), path) for key, row in rows.items()})
        wrong = {k for k, v in expected.items() if actual.get(k, ("", None))[0] != v}
        stale = {k for k in actual if k not in expected}
        if not wrong and not stale:
            return
        if not self.fix:
            self.report.problem(
                f"the id index misses {len(wrong)} annotation(s) and names {len(stale)} removed "
                "one(s); 'reader doctor --fix' rebuilds it"
            )
            return
        added: dict[Path, dict[str, dict[str, str]]] = {}
        for key in wrong:
            added.setdefault(self.layout.index_file(key), {})[key] = {"document": expected[key]}
        removed: dict[Path, list[str]] = {}
        for key in stale:
            removed.setdefault(actual[key][1], []).append(key)
        for path in sorted(added.keys() | removed.keys()):
            table = open_db(self.file(path, FileKind.INDEX), create=True).keyed(IDS)
            if path in removed:
                table.drop_many(removed[path])
            if path in added:
                table.put_many(added[path])
        self.report.repaired(
            f"rebuilt the id index ({len(wrong)} entries added, {len(stale)} removed)"
        )


@dataclass(slots=True)
class StoreCheck:
    """What checking the store's files found, and what re-anchoring may rely on.

    Attributes:
        report: The findings and repairs so far.
        catalogue_usable: The catalogue can be read (documents can be listed).
        unusable: Ids of documents whose file is reported unreadable (not to be
            re-anchored).
    """

    report: DoctorReport
    catalogue_usable: bool
    unusable: set[str]


def check_store(data_dir: Path, *, fix: bool = False) -> StoreCheck:
    """Check every store file in ``data_dir`` and, with ``fix``, repair what is safe.

    Works on the store's files alone, under the store's lock; re-anchoring the
    documents (which reads them) is the command's part (:mod:`reader.commands.doctor`).

    Args:
        data_dir: The data folder.
        fix: Set unreadable files aside (restoring their previous version), rebuild
            stale counts and the id index, and remove leftover temporary files.
    """
    doctor = _Doctor(data_dir, fix)
    if not data_dir.is_dir() or not any(data_dir.iterdir()):
        doctor.report.lines.append(f"no store in {data_dir} yet: nothing to check")
        return StoreCheck(doctor.report, catalogue_usable=False, unusable=set())
    with doctor.lock():
        doctor.leftovers()
        doctor.files()
        if doctor.catalogue_usable:
            with contextlib.suppress(StoreUnreadableError):
                doctor.consistency()
    return StoreCheck(doctor.report, doctor.catalogue_usable, doctor.unusable)


def _document_of(entry: object) -> str:
    """The document an index entry names ("" for a damaged entry)."""
    document = entry.get("document") if isinstance(entry, dict) else None
    return document if isinstance(document, str) else ""
