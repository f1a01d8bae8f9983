"""Notes leave reader (and come back): Markdown for notes apps, W3C Web Annotation JSON.

* :func:`export_markdown` renders one document's annotations for Obsidian and
  the like; :func:`write_markdown_export` writes it safely into a folder, and
  :func:`export_folder` says which folder the app uses.
* :func:`export_web_annotations` writes the standard JSON;
  :func:`load_annotation_file` and :func:`parse_web_annotations` read it back
  (or a Hypothesis export) for ``AnnotationStore.import_annotation``.
"""

from __future__ import annotations

from reader.export.errors import AnnotationFileError, ExportError
from reader.export.files import (
    export_folder,
    json_text,
    write_json_export,
    write_markdown_export,
)
from reader.export.markdown import GroupBy, export_markdown, select_annotations
from reader.export.offline import document_from_quotes
from reader.export.webannotation import export_web_annotations
from reader.export.webannotation_import import (
    ParsedAnnotations,
    annotation_entries,
    load_annotation_file,
    named_document,
    parse_web_annotations,
)

__all__ = [
    "AnnotationFileError",
    "ExportError",
    "GroupBy",
    "ParsedAnnotations",
    "annotation_entries",
    "document_from_quotes",
    "export_folder",
    "export_markdown",
    "export_web_annotations",
    "json_text",
    "load_annotation_file",
    "named_document",
    "parse_web_annotations",
    "select_annotations",
    "write_json_export",
    "write_markdown_export",
]
