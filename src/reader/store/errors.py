"""Errors of the annotation store, each with the exit code the CLI uses."""

from __future__ import annotations

from pathlib import Path

from reader.errors import ReaderError

__all__ = [
    "AnnotationNotFoundError",
    "NoteChangedError",
    "StoreBusyError",
    "StoreError",
    "StoreUnreadableError",
]


class StoreError(ReaderError):
    """The store cannot do what was asked (exit code 4); the message says what to do."""

    exit_code = 4


class StoreUnreadableError(StoreError):
    """A store file is corrupt, has an unknown shape or was written by a newer reader.

    It is never written over: the store refuses every write to it until
    ``reader doctor --fix`` has set it aside (or reader was upgraded).

    Attributes:
        path: The file.
        problem: What is wrong with it, as a phrase ("is not valid JSON (...)").
        newer: It was written by a newer reader (upgrade; do not set it aside).
    """

    def __init__(self, message: str, *, path: Path, problem: str, newer: bool = False) -> None:
        """Describe an unreadable file (``message`` is the full line shown to the user)."""
        super().__init__(message)
        self.path = path
        self.problem = problem
        self.newer = newer


class StoreBusyError(StoreError):
    """Another reader process held the store's lock for too long."""


class NoteChangedError(StoreError):
    """A note was changed elsewhere (another reader, a sync) while it was being edited.

    The edit is not saved over the newer note: it is kept in a file of its own
    (``kept``), and the message says where, so that nothing anyone wrote is lost.

    Attributes:
        kept: The file holding the edited text.
        current: The note as it is stored now.
    """

    def __init__(self, message: str, *, kept: Path, current: str) -> None:
        """Describe the conflict (``message`` is the full line shown to the user)."""
        super().__init__(message)
        self.kept = kept
        self.current = current


class AnnotationNotFoundError(ReaderError):
    """No annotation has the id (or unique id prefix) given (exit code 5)."""

    exit_code = 5
