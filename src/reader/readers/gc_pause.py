"""Hold off Python's cyclic garbage collector while a reader builds a document.

Reading a large page creates millions of small objects (nodes, blocks, strings,
paragraphs) and no reference cycles; each generation-2 collection on the way
walks every object made so far, which cost a 300,000-paragraph page about half
its reading time. The collector is paused for the duration of the read and
resumed after it (a cycle made meanwhile is collected then). Reads may run in
several threads at once, so the pause is counted: the last read to finish
resumes collection, and only if it was on when the first one started.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["gc_paused"]

_lock = threading.Lock()
_readers = 0
_was_enabled = False


@contextmanager
def gc_paused() -> Iterator[None]:
    """Run the body with the cyclic garbage collector off (reentrant, thread-safe)."""
    global _readers, _was_enabled
    with _lock:
        if _readers == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _readers += 1
    try:
        yield
    finally:
        with _lock:
            _readers -= 1
            if _readers == 0 and _was_enabled:
                gc.enable()
