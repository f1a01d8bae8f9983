"""Put untrusted text into Markdown without letting it change the file's structure.

Three kinds of text end up in an export, and each needs its own treatment:

* **Document text and titles** (quotes, headings, locations) are plain data: every
  character a Markdown renderer or a notes app (Obsidian's ``#tags``, ``^block``
  ids, ``[[links]]``, ``$math$``, ``==highlights==``, ``%%comments%%``) would act
  on is backslash-escaped, so the text reads exactly as written.
* **Notes** are the reader's own Markdown and are kept as written, except for the
  few constructs that would break the export's outline: headings (ATX or setext),
  thematic breaks (a ``---`` line), HTML blocks that run to an end marker the
  note never gives, and code fences that are never closed. Those are escaped
  with one backslash, so they show as typed.
* **Tags** become Obsidian tags: characters a tag cannot hold are replaced.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any, cast

import pyromark

from reader.sanitize import clean_line, clean_text

__all__ = ["escape_inline", "fenced", "obsidian_tag", "safe_note"]

# Characters escaped wherever they appear in plain text (all are ASCII punctuation,
# so CommonMark guarantees ``\x`` renders as ``x``).
_INLINE = re.compile(r"[\\`*_\[\]<>#^~$|]")
_DOUBLED = re.compile(r"==|%%")
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
_LINE_START = re.compile(r"[-+=]|\d{1,9}(?=[.)])")


def escape_inline(text: str) -> str:
    """Escape a single line of plain text so it renders literally.

    Args:
        text: Untrusted text (a title, a paragraph, a location); line breaks are
            folded into spaces.

    Returns:
        Markdown whose rendering is ``text``: no emphasis, links, HTML, tags,
        block ids or line-start constructs (lists, headings, breaks).
    """
    text = clean_line(text)
    text = _INLINE.sub(lambda m: "\\" + m.group(), text)
    text = _DOUBLED.sub(lambda m: "\\" + m.group()[0] + "\\" + m.group()[1], text)
    text = _ENTITY.sub(r"\\&", text)
    start = _LINE_START.match(text)
    if start is None:
        return text
    if start.group()[0].isdigit():  # "1." would start an ordered list: escape the dot
        end = start.end()
        return text[:end] + "\\" + text[end:]
    return "\\" + text


def fenced(text: str, prefix: str = "") -> list[str]:
    """Lines of a code fence holding ``text`` verbatim, each starting with ``prefix``.

    The fence is one backtick longer than the longest backtick run inside the
    text, so nothing in the text can close it early.
    """
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    body = [f"{prefix}{line}".rstrip() for line in text.split("\n")]
    return [f"{prefix}{fence}", *body, f"{prefix}{fence}"]


# --- notes -------------------------------------------------------------------------

_PROBE = "reader-probe"
_MAY_BREAK = re.compile(r"(?m)^[ \t>*+\-\d.)]*[#=\-*_`~<]")
_MAX_PASSES = 64


def safe_note(note: str) -> str:
    """Return a note's Markdown with every structure-breaking construct neutralised.

    The note stays the user's Markdown (emphasis, links, lists, quotes, closed
    code fences, HTML and ``#tags`` work as written), but it can never add a
    heading to the export's outline, a thematic break (a ``---`` line, which
    could also pass for front matter), or a code fence or HTML block that runs on
    into the rest of the file. Each offending construct gets one backslash before
    its marker, so it shows as typed.

    The note is checked with a CommonMark parser (pulldown-cmark, via pyromark)
    followed by a probe heading: whatever the parser sees as a heading or a
    break, or as a block that swallows the probe, is escaped, until the note
    parses clean.

    Args:
        note: The note as stored (cleaned again here: imported notes are untrusted).

    Returns:
        The Markdown to write, without leading or trailing blank lines.
    """
    lines = [line.rstrip() for line in clean_text(note).split("\n")]
    text = "\n".join(lines).strip("\n")
    if not _MAY_BREAK.search(text):
        return text
    for _ in range(_MAX_PASSES):
        positions = _breaking_positions(text)
        if not positions:
            return text
        for position in sorted(positions, reverse=True):
            text = text[:position] + "\\" + text[position:]
    return "\n".join(fenced(text))  # still not clean: show it verbatim


def _breaking_positions(text: str) -> set[int]:
    """Where to put a backslash so ``text`` adds no heading, break or runaway block."""
    source = f"{text}\n\n# {_PROBE}"
    probe = len(text) + 2
    positions: set[int] = set()
    swallowing: list[tuple[bool, int]] = []  # (is a fence or HTML block, start)
    for event, span in pyromark.events_with_range(source):
        start, end = span["start"], span["end"]
        if start >= probe:
            continue
        block: Any = cast("dict[str, Any]", event).get("Start") if isinstance(event, dict) else None
        if event == "Rule":
            positions.add(_marker(text, start, "-*_"))
        elif isinstance(block, dict) and "Heading" in block:
            positions.add(_heading_marker(text, start, min(end, len(text))))
        elif block is not None and end > probe:
            runaway = block == "HtmlBlock" or (isinstance(block, dict) and "CodeBlock" in block)
            swallowing.append((runaway, start))
    if not positions and swallowing:  # escape the first runaway block; parse again
        _, start = max(swallowing, key=lambda item: (item[0], -item[1]))
        positions.add(_marker(text, start, "`~<"))
    return positions


def _marker(text: str, start: int, characters: str) -> int:
    """The first of ``characters`` at or after ``start`` (else the first non-space)."""
    for position in range(start, len(text)):
        if text[position] in characters:
            return position
    return start


def _heading_marker(text: str, start: int, end: int) -> int:
    """The ``#`` of an ATX heading, or the first ``=``/``-`` of a setext underline."""
    first = len(text[start:end]) - len(text[start:end].lstrip(" \t"))
    if text[start + first : start + first + 1] == "#":
        return start + first
    underline = text.rfind("\n", start, end) + 1
    return _marker(text, underline, "=-")


# --- tags --------------------------------------------------------------------------

_NOT_TAG = re.compile(r"[^\w-]+")
_LOOSE_UNDERSCORE = re.compile(r"(?<![^\W_])_|_(?![^\W_])")
_DASHES = re.compile(r"-{2,}")


def obsidian_tag(tag: str) -> str:
    """The tag as Obsidian can hold it (without the ``#``), or ``""`` if nothing is left.

    Spaces and characters a tag cannot hold become ``-``; ``/`` nesting is kept
    (empty levels dropped); an underscore is kept only between letters or digits,
    where it cannot start emphasis; an all-digit tag gets a ``tag-`` prefix, as
    Obsidian needs one character that is not a digit.
    """
    segments = []
    for part in unicodedata.normalize("NFC", clean_line(tag)).split("/"):
        part = _NOT_TAG.sub("-", part)
        part = _LOOSE_UNDERSCORE.sub("-", part)
        part = _DASHES.sub("-", part).strip("-")
        if part:
            segments.append(part)
    result = "/".join(segments)
    if result and not any(ch.isalpha() or ch == "_" for ch in result):
        result = f"tag-{result}"
    return result
