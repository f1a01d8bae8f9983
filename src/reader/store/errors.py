"""Errors of the annotation store, each with the exit code the CLI uses."""

from __future__ import annotations

from reader.errors import ReaderError

__all__ = [
    "AnnotationNotFoundError",
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
    """


class StoreBusyError(StoreError):
    """Another reader process held the store's lock for too long."""


class AnnotationNotFoundError(ReaderError):
    """No annotation has the id (or unique id prefix) given (exit code 5)."""

    exit_code = 5
