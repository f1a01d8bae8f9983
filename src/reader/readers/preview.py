"""The start of a large text file, cut where a paragraph ends: a book's first screen.

Reading a 5 MB book takes about half a second; its first screen needs only the
first few kilobytes. :func:`reader.readers.load_preview` reads the text this
module cuts with the same reader as the whole file, so the preview's paragraphs
are the first paragraphs of the whole document, anchors included.
"""

from __future__ import annotations

import codecs
import re
from bisect import bisect_left
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

__all__ = ["HEAD_BYTES", "PREVIEW_CHARS", "PREVIEW_FORMATS", "preview_text", "read_head"]

PREVIEW_CHARS = 16 * 1024
"""How much text a preview holds at most: a few screens of the largest terminal,
and more than anyone pages through in the half second the whole book takes to
load. Reading it takes about 4 ms (64 KB took 16 ms, all before the first frame)."""

HEAD_BYTES = 256 * 1024
"""Bytes read from the file: at least :data:`PREVIEW_CHARS` characters of UTF-8, and
the whole window the format sniffers look at (64 KB of text), so the format chosen
is the whole file's. A file no larger is read whole at once: there is nothing to gain."""

PREVIEW_FORMATS: Mapping[str, Mapping[str, object]] = MappingProxyType(
    {"text": {}, "markdown": {"front_matter": False}}
)
"""Formats whose reading of a text's start is the start of their reading of the
text, with the options their reader gets for a preview. HTML is parsed as one
tree (its article is chosen among the whole page's) and a web clip's chrome is
judged over the whole clip, so they are not previewed. A preview's metadata is
never shown (the whole document brings it), so Markdown skips its front matter:
YAML takes longer to import than the preview takes to read."""

_BLANK_LINE = re.compile(r"\n[ \t]*\r?\n")
_FENCE = re.compile(r"^ {0,3}(?:```|~~~)", re.MULTILINE)
_NUL = b"\x00"


def read_head(path: Path) -> bytes | None:
    """The first :data:`HEAD_BYTES` of a file larger than that, else ``None``."""
    with path.open("rb") as file:
        head = file.read(HEAD_BYTES + 1)
    return head[:HEAD_BYTES] if len(head) > HEAD_BYTES else None


def preview_text(head: bytes) -> tuple[str, int] | None:
    """Decode the head of a file and find where its preview ends.

    Only UTF-8 is previewed: a legacy encoding is chosen over the whole file, so
    the head alone could be decoded differently.

    Args:
        head: The first bytes of the file (a trailing partial character is fine).

    Returns:
        The decoded head and the length of the preview in it (the end of the
        last whole paragraph, outside any fenced code block, within
        :data:`PREVIEW_CHARS`), or ``None`` when there is no such end or the head
        is not UTF-8 text.
    """
    if _NUL in head[:8192] or head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    try:
        text = codecs.getincrementaldecoder("utf-8-sig")().decode(head, final=False)
    except UnicodeDecodeError:
        return None
    fences = [fence.start() for fence in _FENCE.finditer(text, 0, PREVIEW_CHARS)]
    for blank in reversed(list(_BLANK_LINE.finditer(text, 0, PREVIEW_CHARS))):
        cut = blank.start()
        # A blank line inside a fenced code block does not end a paragraph.
        if bisect_left(fences, cut) % 2 == 0:
            return text, cut
    return None
