"""Errors of export and import, each a one-line message for the person at the terminal."""

from __future__ import annotations

from reader.errors import DocumentError, ReaderError

__all__ = ["AnnotationFileError", "ExportError"]


class ExportError(ReaderError):
    """An export could not be written (folder not writable, disk full...)."""


class AnnotationFileError(DocumentError):
    """A file given to ``reader import`` is not a Web Annotation (or Hypothesis) JSON file."""
