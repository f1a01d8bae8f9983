"""Links on screen: which are in view, which is under the pointer, where one leads.

No Textual here (the view's :mod:`~reader.tui.widgets.document_links` wires it):
what is worked out from the document and its layout, the jump list that the
back key walks, the styled spans a paragraph's links are drawn with, and
handing a URL to the system's opener.

A URL reaching :func:`open_url` was made safe where it entered the model
(:func:`reader.sanitize.safe_url`: a web or mail scheme, no control
characters); it is passed as one argument to the opener, never through a shell,
and the opener runs detached in its own session with no terminal, so it can
neither block the app nor draw over it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from rich.cells import cell_len

from reader.model import Document, Link, ParagraphKind
from reader.tui.layout import BlockKind, DocumentLayout, paragraph_prefixes, wrap

__all__ = [
    "JumpList",
    "LinkRef",
    "hyperlinks_shown",
    "layer_spans",
    "link_at",
    "links_in_view",
    "open_url",
    "step_link",
    "system_opener",
    "target_paragraph",
]

_VERBATIM = (ParagraphKind.CODE, ParagraphKind.TABLE)
_MAX_JUMPS = 100
S = TypeVar("S")


@dataclass(frozen=True, slots=True)
class LinkRef:
    """One link of the document: its paragraph and its place in ``Paragraph.links``."""

    paragraph: int
    index: int

    def link(self, document: Document) -> Link:
        """The link itself."""
        return document.paragraphs[self.paragraph].links[self.index]


def target_paragraph(document: Document, link: Link) -> int | None:
    """The paragraph an internal link points to (``None`` for a URL)."""
    if not link.internal:
        return None
    paragraph = document.paragraph_by_anchor(link.target[1:])
    return None if paragraph is None else paragraph.index


def links_in_view(
    document: Document, layout: DocumentLayout, top: int, height: int
) -> list[LinkRef]:
    """The links whose first character is on the lines ``top`` to ``top + height``, in order."""
    if not layout.blocks or height <= 0:
        return []
    found: list[LinkRef] = []
    bottom = top + height
    first, last = layout.block_at_line(top), layout.block_at_line(bottom - 1)
    for block in range(first, last + 1):
        shown = layout.blocks[block]
        if shown.kind is not BlockKind.PARAGRAPH:
            continue
        links = document.paragraphs[shown.index].links
        for index, link in enumerate(links):
            if top <= layout.line_of(shown.index, link.start) < bottom:
                found.append(LinkRef(shown.index, index))
    return found


def step_link(
    in_view: Sequence[LinkRef], selected: LinkRef | None, current: int, step: int
) -> LinkRef | None:
    """The next (``step`` 1) or previous (-1) link in view, wrapping around.

    From the selected link when it is in view; else the first link in or after
    the current paragraph (the last in or before it, going back), as Tab does
    in a text browser.
    """
    if not in_view:
        return None
    if selected in in_view:
        return in_view[(in_view.index(selected) + step) % len(in_view)]
    if step > 0:
        return next((ref for ref in in_view if ref.paragraph >= current), in_view[0])
    return next((ref for ref in reversed(in_view) if ref.paragraph <= current), in_view[-1])


def link_at(document: Document, layout: DocumentLayout, line: int, column: int) -> LinkRef | None:
    """The link drawn at ``column`` (cells from the text column's left) of document ``line``."""
    if not layout.blocks or column < 0:
        return None
    block = layout.block_at_line(line)
    shown = layout.blocks[block]
    if shown.kind is not BlockKind.PARAGRAPH:
        return None
    paragraph = document.paragraphs[shown.index]
    if not paragraph.links or paragraph.kind in _VERBATIM:
        return None
    prefix = cell_len(paragraph_prefixes(paragraph)[0])
    lines = wrap(paragraph.text, layout.width - prefix)
    row = line - layout.block_top(block)
    if not 0 <= row < len(lines) or column < prefix:
        return None
    start, end = lines[row]
    offset, used = start, prefix
    while offset < end:
        used += cell_len(paragraph.text[offset])
        if used > column:
            break
        offset += 1
    else:
        return None
    for index, link in enumerate(paragraph.links):
        if link.start <= offset < link.end:
            return LinkRef(paragraph.index, index)
    return None


def layer_spans(
    links: Sequence[tuple[int, int, S]], hits: Sequence[tuple[int, int, S]]
) -> list[tuple[int, int, S]]:
    """Link spans and search-hit spans as one ordered, non-overlapping list; hits win.

    Both lists are ordered and non-overlapping on their own; a link a hit falls
    inside is cut around it.
    """
    if not hits:
        return list(links)
    out: list[tuple[int, int, S]] = []
    for start, end, style in links:
        position = start
        for hit_start, hit_end, _ in hits:
            if hit_end <= position or hit_start >= end:
                continue
            if hit_start > position:
                out.append((position, hit_start, style))
            position = max(position, hit_end)
        if position < end:
            out.append((position, end, style))
    out.extend(hits)
    out.sort(key=lambda span: span[0])
    return out


@dataclass(frozen=True, slots=True)
class Place:
    """Where the reader was: the current paragraph and the first line on screen."""

    paragraph: int
    scroll_y: int


class JumpList:
    """The places left by following a link, newest last (vim's jump list, less's ``''``)."""

    def __init__(self) -> None:
        self._places: list[Place] = []

    def __len__(self) -> int:
        return len(self._places)

    def push(self, paragraph: int, scroll_y: int) -> None:
        """Remember a place before jumping away from it (the oldest go past 100)."""
        self._places.append(Place(paragraph, scroll_y))
        del self._places[:-_MAX_JUMPS]

    def pop(self) -> Place | None:
        """The place to come back to, ``None`` when no jump was made."""
        return self._places.pop() if self._places else None

    def peek(self) -> Place | None:
        """The place :meth:`pop` would give."""
        return self._places[-1] if self._places else None


def hyperlinks_shown() -> bool:
    """Whether URLs may be sent as OSC 8 hyperlinks: not to the Linux console or a VT.

    Terminals that do not know OSC 8 skip it, but the Linux console (``TERM=linux``)
    and the old VTs end an OSC sequence early and print the rest (the URL) as text.
    """
    term = os.environ.get("TERM", "")
    return not (term in ("linux", "dumb") or term.startswith(("vt", "cons")))


def system_opener() -> list[str] | None:
    """The command that opens a URL in the user's browser or mail program, if there is one.

    ``open`` on macOS; ``xdg-open`` elsewhere, only in a graphical session: with
    no display it falls back to a text browser, which would take over the very
    terminal the reader is drawing on.
    """
    if sys.platform == "darwin":
        found = shutil.which("open")
    elif os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        found = shutil.which("xdg-open")
    else:
        found = None
    return None if found is None else [found]


def open_url(url: str) -> bool:
    """Hand ``url`` to the system opener, detached; False when there is none or it cannot start.

    The opener gets no terminal (standard streams closed, a session of its own)
    and is waited for on a daemon thread, so it leaves no zombie behind.
    """
    command = system_opener()
    if command is None:
        return False
    try:
        child = subprocess.Popen(
            [*command, url],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            close_fds=True,
        )
    except OSError:
        return False
    threading.Thread(target=child.wait, name="link-opener", daemon=True).start()
    return True
