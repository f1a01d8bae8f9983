"""Errors the core raises for conditions a user can act on.

Every error carries a one-line message written for the person at the terminal,
saying what went wrong and, where there is one, what to do next. The CLI prints
``str(error)`` and exits with :attr:`ReaderError.exit_code`; the app shows it in a
notification. Anything that is *not* a ``ReaderError`` is a bug.
"""

from __future__ import annotations


class ReaderError(Exception):
    """Base class of every error meant to be shown to the user."""

    exit_code: int = 1


class UsageError(ReaderError):
    """The options given on the command line do not make sense together."""

    exit_code = 2


class DocumentError(ReaderError):
    """A file could not be read as a document."""

    exit_code = 3


class NotFoundError(DocumentError):
    """The path does not exist or is not a regular file."""

    exit_code = 2


class NotATextDocumentError(DocumentError):
    """The file is binary (or of a format no reader handles)."""


class DocumentTooLargeError(DocumentError):
    """The file is larger than reader is willing to load."""
