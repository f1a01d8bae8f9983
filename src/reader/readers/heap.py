"""Give memory the C heap holds but no longer uses back to the system.

The HTML parser builds its tree with ``malloc``; a large page's tree (about seven
times the page's size) is freed once the page is read, but the C library keeps
the freed pages for its own reuse, and the Python objects made next (the
document's paragraphs) come from elsewhere. Without handing the pages back, the
document is built on top of a dead tree, and the reader's peak memory is the sum
of both instead of the larger one. ``malloc_trim`` exists in glibc only; on other
C libraries this does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys
from collections.abc import Callable

__all__ = ["release_free_memory"]


def _trim_function() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        trim: Callable[[int], int] = libc.malloc_trim
    except (OSError, AttributeError):
        return None  # not glibc (musl, for one, has no malloc_trim)
    return trim


_trim = _trim_function()


def release_free_memory() -> None:
    """Return the C heap's free pages to the system (glibc), else nothing."""
    if _trim is not None:
        _trim(0)
