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

_FENCE_OPEN = re.compile(r"^( {0,3})(`{3,}|~{3,})(.*)$")
_CONTAINERS = re.compile(r"^(?: {0,3}(?:>[ ]?|(?:[-+*]|\d{1,9}[.)])(?:[ ]+|$)))*")
_THEMATIC = re.compile(r"^[ \t]*([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_SETEXT = re.compile(r"^[ \t]*(?:=+|-+)[ \t]*$")
_ATX = re.compile(r"^[ \t]*#{1,6}(?:[ \t]|$)")
# HTML blocks that CommonMark ends only at an explicit marker (types 1 to 5): an
# unterminated one would swallow every heading after the note.
_HTML_BLOCKS: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...] = (
    (
        re.compile(r"<(?:script|pre|style|textarea)(?:[\s>]|$)", re.IGNORECASE),
        re.compile(r"</(?:script|pre|style|textarea)>", re.IGNORECASE),
    ),
    (re.compile(r"<!--"), re.compile(r"-->")),
    (re.compile(r"<\?"), re.compile(r"\?>")),
    (re.compile(r"<![A-Za-z]"), re.compile(r">")),
    (re.compile(r"<!\[CDATA\["), re.compile(r"\]\]>")),
)


def safe_note(note: str) -> str:
    """Return a note's Markdown with every structure-breaking line neutralised.

    The note stays the user's Markdown (emphasis, links, lists, quotes, closed
    code fences and ``#tags`` work as written), but it can never add a heading
    to the export's outline, a thematic break, or a code fence or HTML block that
    runs on into the rest of the file.

    Args:
        note: The note as stored (cleaned again here: imported notes are untrusted).

    Returns:
        The Markdown to write, without leading or trailing blank lines.
    """
    lines = [line.rstrip() for line in clean_text(note).strip("\n").split("\n")]
    out: list[str] = []
    fence: tuple[str, int] | None = None  # (character, length) of the open fence
    for number, line in enumerate(lines):
        if fence is not None:
            if _closes(line, fence):
                fence = None
            out.append(line)
            continue
        opener = _FENCE_OPEN.match(line)
        if opener is not None and not (opener.group(2)[0] == "`" and "`" in opener.group(3)):
            mark = (opener.group(2)[0], len(opener.group(2)))
            if any(_closes(later, mark) for later in lines[number + 1 :]):
                fence = mark
                out.append(line)
            else:
                indent = len(opener.group(1))
                out.append(line[:indent] + "\\" + line[indent:])
            continue
        out.append(_neutralise(line, "\n".join(lines[number:])))
    while out and not out[-1].strip():
        out.pop()
    return "\n".join(out)


def _closes(line: str, fence: tuple[str, int]) -> bool:
    char, length = fence
    stripped = line.strip()
    return (
        len(line) - len(line.lstrip(" ")) <= 3
        and len(stripped) >= length
        and stripped == char * len(stripped)
    )


def _neutralise(line: str, rest_of_note: str) -> str:
    """Escape the first significant character of a line that would break structure."""
    if _THEMATIC.match(line):
        return _escape_at(line, len(line) - len(line.lstrip(" \t")))
    start = _CONTAINERS.match(line)
    offset = start.end() if start else 0
    body = line[offset:]
    if _SETEXT.match(body) or _ATX.match(body):
        return _escape_at(line, offset + len(body) - len(body.lstrip(" \t")))
    stripped = body.lstrip(" \t")
    if stripped.startswith("<"):
        tail = rest_of_note[offset + len(body) - len(stripped) :]
        for opener, closer in _HTML_BLOCKS:
            found = opener.match(stripped)
            if found and not closer.search(tail, found.end()):
                return _escape_at(line, offset + len(body) - len(stripped))
    return line


def _escape_at(line: str, position: int) -> str:
    return line[:position] + "\\" + line[position:]


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
