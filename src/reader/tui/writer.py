"""Store changes off the UI thread, one at a time and in the order they were made; store problems.

A change to a document holding 10,000 annotations rewrites three fsynced files
(some 30-40 ms): made on the UI thread, every ``h`` or saved note froze the
screen that long. The screen now shows a change at once and hands the write to
a :class:`StoreWriter`; when the write ends, the screen hears of it on its own
thread (:class:`WriteFinished`) and either takes the stored version or, if the
write failed, undoes what it showed.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

from textual.app import App
from textual.message import Message
from textual.message_pump import MessagePump
from textual.widget import Widget

from reader.errors import ReaderError

__all__ = ["StoreWriter", "WriteFinished", "report_store_problem"]

T = TypeVar("T")


def report_store_problem(node: Widget | App[Any], error: ReaderError) -> None:
    """Tell the user the store could not be read or written, and what to do about it.

    The one wording of a store problem, wherever the app meets one (a write of the
    reader screen, the theme, the library, the command palette).
    """
    node.notify(
        f"{error}. Your notes on disk are untouched; run 'reader doctor' to check the store.",
        title="Store problem",
        severity="error",
        markup=False,
        timeout=10,
    )


class WriteFinished(Message, bubble=False):
    """A write handed to a :class:`StoreWriter` ended; :meth:`report` runs its callback.

    Posted from the writer's thread to the screen that made the change, so the
    callback runs on the UI thread, in the order the writes were made.
    """

    def __init__(self, report: Callable[[], None]) -> None:
        self.report = report
        super().__init__()


class StoreWriter:
    """Runs store operations on one thread of its own, strictly in the order submitted.

    One thread (not a pool) is what keeps the order: a delete submitted after
    an add runs after it, and an undo after the delete it undoes. Every store
    call of the reader screen goes through here, reads included (:meth:`call`:
    the reading position, attaching the document, the tags in use), since the
    store is not made to be used from two threads at once; the one exception
    is the read before the first frame, made before anything can be written
    (see :meth:`~reader.tui.reading_position.ReadingPosition.in_preview`).
    """

    def __init__(self, target: MessagePump) -> None:
        """Create the writer; its thread starts with the first write.

        Args:
            target: Where :class:`WriteFinished` messages are posted (the screen).
        """
        self._target = target
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="store-writer")

    def submit(
        self,
        write: Callable[[], T],
        *,
        stored: Callable[[T], None] | None = None,
        failed: Callable[[ReaderError], None],
    ) -> Future[T]:
        """Queue ``write``; report its outcome to the target's thread when it has run.

        Args:
            write: The store operation (runs on the writer's thread).
            stored: Given the operation's result once it succeeded.
            failed: Given the error when the operation raised a
                :class:`~reader.errors.ReaderError` (any other exception is a bug
                and is raised on the UI thread, where Textual shows it).

        Returns:
            The operation's future (a later write may wait for it on the writer's thread).
        """
        future = self._executor.submit(write)

        def report() -> None:
            error = future.exception()
            if error is None:
                if stored is not None:
                    stored(future.result())
            elif isinstance(error, ReaderError):
                failed(error)
            else:
                raise error

        future.add_done_callback(lambda _: self._target.post_message(WriteFinished(report)))
        return future

    def call(self, operation: Callable[[], T]) -> T:
        """Run ``operation`` after every pending write and return its result (blocks).

        For the few reads the UI needs from the store (tags for completion, the
        export folder): they see every change made so far, and never run at the
        same time as a write.
        """
        return self._executor.submit(operation).result()

    def close(self) -> None:
        """Wait for every pending write, then stop the thread (before the app exits)."""
        self._executor.shutdown(wait=True)
