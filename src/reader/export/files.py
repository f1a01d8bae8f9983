"""Exports written to a folder: where the folder is, what the file is called, how it is written."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from reader.annotation import Annotation
from reader.export.atomic import atomic_write_text
from reader.export.errors import ExportError
from reader.export.filenames import choose_path, safe_stem
from reader.export.markdown import GroupBy, document_key, export_markdown
from reader.export.webannotation import DOCUMENT_EXTENSION, export_web_annotations
from reader.model import Document

if TYPE_CHECKING:
    from reader.store import AnnotationStore

__all__ = ["EXPORT_DIR_PREFERENCE", "export_folder", "write_json_export", "write_markdown_export"]

EXPORT_DIR_PREFERENCE = "export_dir"
"""Store preference naming the folder exports go to."""
_DEFAULT_FOLDER = "reader-notes"
_HEAD_BYTES = 64 * 1024  # front matter is read from the start of an existing file
_MAX_JSON_BYTES = 64 * 1024 * 1024


def export_folder(store: AnnotationStore) -> Path:
    """Where exports go: the store's ``export_dir`` preference, else ``~/Documents/reader-notes``.

    The default is computed on each call (never at import), so tests and users
    who change their documents folder get the current one.
    """
    preferred = store.preference(EXPORT_DIR_PREFERENCE)
    if isinstance(preferred, str) and preferred.strip():
        return Path(preferred).expanduser()
    import platformdirs

    return Path(platformdirs.user_documents_dir()) / _DEFAULT_FOLDER


def write_markdown_export(
    doc: Document,
    annotations: Sequence[Annotation],
    folder: Path,
    *,
    tag: str | None = None,
    group_by: GroupBy = "section",
    include_orphans: bool = True,
    exported_at: datetime | None = None,
) -> Path:
    """Write the Markdown export of ``doc`` into ``folder``; returns the file written.

    The file is named after the title (made safe, see
    :func:`reader.export.filenames.safe_stem`). An earlier export of the same
    document in the folder is replaced, so links into it keep working; a
    different document with the same title gets ``Title (2).md``. The folder is
    created if needed and the file is written atomically. Options are those of
    :func:`reader.export.markdown.export_markdown`.

    Raises:
        ExportError: The folder cannot be created or written to.
    """
    text = export_markdown(
        doc,
        annotations,
        tag=tag,
        group_by=group_by,
        include_orphans=include_orphans,
        exported_at=exported_at,
    )
    key = document_key(doc, annotations)
    path = choose_path(
        _prepared(folder), safe_stem(doc.title), ".md", reusable=lambda p: _markdown_key(p) == key
    )
    atomic_write_text(path, text)
    return path


def write_json_export(doc: Document, annotations: Sequence[Annotation], folder: Path) -> Path:
    """Write the Web Annotation JSON export of ``doc`` into ``folder`` (named like the Markdown)."""
    data = export_web_annotations(doc, annotations)
    key = document_key(doc, annotations)
    path = choose_path(
        _prepared(folder), safe_stem(doc.title), ".json", reusable=lambda p: _json_key(p) == key
    )
    atomic_write_text(path, json_text(data))
    return path


def json_text(data: Any) -> str:
    """JSON as written to files and standard output: indented UTF-8, final newline."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _prepared(folder: Path) -> Path:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ExportError(f"cannot create the folder {folder}: {error.strerror or error}") from None
    if not folder.is_dir():
        raise ExportError(f"{folder} is not a folder")
    return folder


def _markdown_key(path: Path) -> str | None:
    """The ``reader_document`` of an earlier Markdown export, or None if it is not one."""
    try:
        with path.open(encoding="utf-8", errors="replace") as file:
            head = file.read(_HEAD_BYTES)
    except OSError:
        return None
    if not head.startswith("---\n"):
        return None
    end = head.find("\n---\n", 3)
    if end == -1:
        return None
    try:
        fields = yaml.safe_load(head[4:end])
    except yaml.YAMLError:
        return None
    key = fields.get("reader_document") if isinstance(fields, dict) else None
    return key if isinstance(key, str) else None


def _json_key(path: Path) -> str | None:
    """The document id of an earlier JSON export, or None if it is not one."""
    try:
        if path.stat().st_size > _MAX_JSON_BYTES:
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        return None
    described = data.get(DOCUMENT_EXTENSION) if isinstance(data, dict) else None
    key = described.get("id") if isinstance(described, dict) else None
    return key if isinstance(key, str) else None
