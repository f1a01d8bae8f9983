"""What the plain-text and web-clip readers share: line recognisers and the outline.

Plain text carries its structure in how lines look, not in markup: a bullet at the
start of a line, a short capitalised line standing alone (dates and bylines are
read by :mod:`reader.readers.bylines`).
The recognisers here answer "what is this line?" for one stripped line, cheaply
(they run once per line of a 5 MB book), and :func:`emit_outline` turns the
resulting stream of :class:`HeadingItem` and :class:`ParagraphItem` into sections:
it drops heading candidates that context shows are not headings and works out
how deep each real heading sits.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from reader.model import ParagraphKind
from reader.readers.builder import DocumentBuilder

__all__ = [
    "BULLET",
    "CHAPTER_START",
    "CJK_BREAK",
    "MAX_HEADING",
    "SUBSECTION_NUMBER",
    "HeadingItem",
    "Item",
    "ParagraphItem",
    "chapter_style",
    "emit_outline",
    "heading_style",
    "is_artefact",
    "split_bullet",
    "words",
]

# ------------------------------------------------------------------------- line breaks

_CJK_WIDE = (
    "\u2e80-\u2fdf\u3000-\u30ff\u3100-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uff65"
)
_CJK_PUNCTUATION = "\u3000-\u303f\uff00-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65"
CJK_BREAK = re.compile(
    rf"(?<=[{_CJK_PUNCTUATION}])\n[ \t\u00a0]*|\n[ \t\u00a0]*(?=[{_CJK_PUNCTUATION}])"
    rf"|(?<=[{_CJK_WIDE}])\n[ \t\u00a0]*(?=[{_CJK_WIDE}])"
)
"""A line break between Chinese or Japanese characters, or next to their full-width
punctuation: these scripts put no space between words, so joining the lines there
adds none (Korean Hangul, written with spaces between words, is not included)."""
_HAS_CJK = re.compile(f"[{_CJK_WIDE}]")
"""A Chinese or Japanese character: a numbered heading in those languages may open with a
lower-case Latin name or a quote (``3.1.3. stable 版本的软件包...``)."""


# ----------------------------------------------------------------------------- artefacts

_ARTEFACT = re.compile(
    r"(?i:[#/*;%.\s]*-\*-.*-\*-[\s*/]*"  # an Emacs mode line: -*- mode: text -*-
    r"|[#/*;%.\s]*(?:vim?|ex):\s*(?:set?\s|\w+=).*"  # a vim modeline: vim: set ts=8 :
    r"|(?:start|end|begin)\s*:?\s*\S+\.(?:tiff?|jpe?g|png|gif|jp2|pdf)(?:\.txt)?)"  # OCR page
)


def is_artefact(line: str) -> bool:
    """Whether a stripped line was left by a tool, not written by the author.

    Editor settings (``-*- mode: text -*-``, ``vim: set tw=72 :``) and the page
    markers an OCR batch writes between scans (``START: ED4A800_0.tif.txt``) are
    neither headings nor the title; readers keep them as boilerplate.
    """
    return len(line) <= 200 and _ARTEFACT.fullmatch(line) is not None


# ----------------------------------------------------------------------------- bullets

BULLET = re.compile(
    r"([ \t]*)([•◦▪▫‣●○■□·∙*+\-–]|\d{1,3}[.)]|\(\d{1,3}\)|[a-z][.)]|\([a-z]\))[ \t]+(?=\S)"
)


"""A list item's start: indentation, marker, and the space after it (see :func:`split_bullet`).

Public so a reader can test many lines at C speed (``any(map(BULLET.match, lines))``)
before looking at any of them in Python.
"""


def split_bullet(line: str) -> tuple[str, str, int] | None:
    """Split a list-item line into ``(marker, text, indent)``, or ``None`` for other lines.

    Markers are what people type at the start of an item: ``•``, ``-``, ``*``, ``+``,
    ``–``, ``1.``, ``1)``, ``(1)``, ``a.``, ``a)``. A line of symbols only (a ``* * *``
    scene break) is not an item. ``indent`` counts leading columns (a tab is 4), so
    nesting can be told from indentation.
    """
    match = BULLET.match(line)
    if match is None:
        return None
    text = line[match.end() :].strip()
    if not any(c.isalnum() for c in text):
        return None
    indent = len(match.group(1).expandtabs(4))
    return match.group(2), text, indent


# ------------------------------------------------------------------------------ headings

_NUMERALS = (
    r"\d{1,4}|[IVXLCDM]{1,8}|[ivxlcdm]{1,8}|one|two|three|four|five|six|seven|eight|nine|ten"
    r"|eleven|twelve|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last"
)
_CHAPTER = re.compile(
    rf"(?i:(chapter|letter|canto|stave|section|act|scene|part|book|volume)\s+(?:the\s+)?"
    rf"(?:{_NUMERALS}))\b\.?(?:\s*[:.\-–—]?\s+(\S.*))?"
)
_PART_WORDS = frozenset({"part", "book", "volume"})
_CJK_CHAPTER = re.compile(
    r"第\s*[0-9０-９一二三四五六七八九十百〇零]{1,6}\s*([章部卷篇回節节編编])(?:\s*(\S.*))?"
)
"""``第 1 章 定义和概览``, ``第1章定義と概要``: a Chinese or Japanese chapter or part."""
CHAPTER_START = frozenset("cClLsSaApPbBvVIX第")
"""First letters of every line :func:`chapter_style` accepts (a cheap test to run first)."""
_ROMAN = re.compile(r"[IVXLC]{1,7}\.?")
_NUMBERED = re.compile(r"(\d{1,3}(?:\.\d{1,3}){0,4})\.?\s+(\S.*)")
SUBSECTION_NUMBER = re.compile(r"\d{1,3}(?:\.\d{1,3}){1,4}\.?\s")
"""The number of a numbered subsection heading (``1.2.``, ``3.1.4``)."""
_FIELD = re.compile(r"[\w'’-]+(?: [\w'’-]+)?:\s")
_NO_FINAL = frozenset(".,;:!?…\"'”’»-–—。，、；：！")
_QUOTES = frozenset("\"'“‘«„")
_CLOSERS = ")]}\"'”’»"
_CONNECTORS = frozenset(
    {"a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "nor", "of", "on"}
    | {"or", "than", "that", "the", "to", "with"}
)
MAX_HEADING = 80
"""Longest line (in characters) taken for a heading."""


_TITLE_SMALL_WORDS = _CONNECTORS | {"its", "not", "our", "their", "these", "this", "your"}
"""Words a title in title case leaves in lower case (``Revised Versions of this License.``)."""


def _titled(title: str) -> bool:
    """Whether a numbered line (``1.``) ending in a full stop is a heading written in title
    case (``1. Source Code.``, ``9. Acceptance Not Required for Having Copies.``), as
    licences and contracts number their sections, not an item (``1. Buy milk.``):
    one sentence of at most twelve words, every one but the small connecting
    words capitalised."""
    if not title.endswith(".") or ". " in title:
        return False
    parts = title[:-1].split()
    if not parts or len(parts) > 12:
        return False
    return all(
        _capital(part[0]) or not part[0].isalpha() or part in _TITLE_SMALL_WORDS for part in parts
    )


def _capital(first: str) -> bool:
    """Whether a title may start with ``first``: a capital, or a letter of a script
    without case (Chinese, Japanese)."""
    return first.isupper() or (first.isalpha() and not first.islower() and first > "\u2e7f")


def chapter_style(line: str) -> tuple[str, bool] | None:
    """Recognise ``Chapter 3``, ``PART TWO: The Return``, ``Book IV.`` or a lone ``XII``.

    Returns:
        ``("part", label_only)`` for part/book/volume headings, ``("chapter",
        label_only)`` for the rest, ``None`` if ``line`` is not such a heading.
        ``label_only`` is true when the line has no title of its own (``CHAPTER I.``),
        so the title on the next line can join it.
    """
    if len(line) > MAX_HEADING or line[:1] not in CHAPTER_START:
        return None
    if line[0] == "第":
        match = _CJK_CHAPTER.fullmatch(line)
        if match is None:
            return None
        style = "part" if match.group(1) in "部卷篇編编" else "chapter"
        return style, not match.group(2)
    if _ROMAN.fullmatch(line):
        return "chapter", True
    match = _CHAPTER.fullmatch(line)
    if match is None:
        return None
    style = "part" if match.group(1).lower() in _PART_WORDS else "chapter"
    rest = match.group(2)
    if rest is None:
        return style, True
    first, last = rest[0], rest[-1]
    if not (first.isupper() or first.isdigit() or first in _QUOTES):
        return None  # "Part of the problem ...", "Book two was ..."
    if last in ",;" or (last == "." and not rest.isupper()):
        return None
    return style, False


def heading_style(line: str, *, max_length: int = 60, max_words: int = 10) -> str | None:
    """Classify one stand-alone stripped line as a heading candidate.

    Args:
        line: The line, stripped.
        max_length: Longest "short line" heading (ALL-CAPS and numbered headings
            may be up to :data:`MAX_HEADING`).
        max_words: Most words in a "short line" heading.

    Returns:
        ``"part"``/``"chapter"`` (see :func:`chapter_style`), ``"num1"``, ``"num2"``...
        for numbered headings (``2.1 Methods`` is ``"num2"``), ``"caps"`` for an
        ALL-CAPS line, ``"short"`` for a short line that reads like a title (starts
        with a capital, no final punctuation, not dialogue, not a ``Key: value``
        field, not ending on "and"/"the"...), else ``None``.
    """
    if not line or len(line) > max(max_length, MAX_HEADING):
        return None
    chapter = chapter_style(line)
    if chapter is not None:
        return chapter[0]
    first, last = line[0], line.rstrip(_CLOSERS)[-1:]
    if first in _QUOTES or not last or last in ",;":
        return None
    if last in "?？!！":
        numbered = _NUMBERED.fullmatch(line) if first.isdigit() else None
        if numbered is None or "." not in numbered.group(1):
            return None  # only "1.1. What is this FAQ?" may ask or exclaim
    numbered = _NUMBERED.fullmatch(line) if first.isdigit() else None
    if numbered is not None:  # before ALL-CAPS: "0. PREAMBLE" is numbered, not an item
        title = numbered.group(2)
        opens = _capital(title[0]) or ("." in numbered.group(1) and _HAS_CJK.search(title))
        dotted = line[len(numbered.group(1)) : len(numbered.group(1)) + 1] == "."
        if opens and (last not in _NO_FINAL or last in "?!！" or (dotted and _titled(title))):
            return f"num{numbered.group(1).count('.') + 1}"
        return None
    if line.isupper() and len(line) <= MAX_HEADING and sum(c.isalpha() for c in line) >= 2:
        if split_bullet(line) is not None:
            return None
        return "caps" if last != "." or line.count(" ") < 5 else None
    if split_bullet(line) is not None:
        return None
    if len(line) > max_length or last in _NO_FINAL or not (_capital(first) or first.isdigit()):
        return None
    if _FIELD.match(line):
        return None
    parts = line.split()
    if len(parts) > max_words or parts[-1].lower() in _CONNECTORS:
        return None
    return "short"


_WORD = re.compile(r"\w+")


def words(text: str) -> set[str]:
    """The set of words in ``text``, case-folded (for "is this line the title again?").

    Every word counts, a leading list marker's too: ``I. by`` is not the title
    ``BY`` again, and taking it for one would lose the ``I``.
    """
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    return set(_WORD.findall(text.casefold()))


# ------------------------------------------------------------------------------- outline


@dataclass(slots=True)
class HeadingItem:
    """A heading candidate as a reader saw it, before context decides on it.

    Attributes:
        title: The heading text.
        style: How it was written (see :func:`heading_style`; ``"u"`` and the
            underline character for underlined headings, ``"o"`` and it for
            over- and underlined ones).
        text: The line(s) as written, used if the candidate turns out to be text.
        label_only: A ``CHAPTER I`` line with no title of its own.
    """

    title: str
    style: str
    text: str = ""
    label_only: bool = False


@dataclass(slots=True)
class ParagraphItem:
    """A paragraph as a reader saw it (see :meth:`DocumentBuilder.paragraph`).

    ``keep_lines``: its lines are the author's (verse, drama): ``text`` holds them
    joined by newlines, and they stay apart.
    """

    text: str
    kind: ParagraphKind = ParagraphKind.BODY
    marker: str = ""
    depth: int = 0
    boilerplate: bool = False
    keep_lines: bool = False


Item = HeadingItem | ParagraphItem

_FAMILY_RANKS = {
    "part": ("chapter", 0),
    "chapter": ("chapter", 1),
    "act": ("drama", 0),  # a play's ACT I (see drama)
    "scene": ("drama", 1),
    "centred": ("dump", 0),  # a browser dump's <h1>
    "margin": ("dump", 1),  # its <h2>...<h6>
}


def _demoted(heading: HeadingItem) -> ParagraphItem:
    text = heading.text or heading.title
    bullet = split_bullet(text)
    if bullet is not None:  # "1. Buy milk" / "2. Get eggs": a loose list, not headings
        return ParagraphItem(bullet[1], ParagraphKind.LIST_ITEM, marker=bullet[0])
    return ParagraphItem(text)


def _merge_labels(run: list[HeadingItem], next_is_text: bool) -> list[HeadingItem]:
    """Join ``CHAPTER I.`` and the title line after it into one heading."""
    if len(run) < 2 or not run[-2].label_only or run[-1].style not in ("caps", "short"):
        return run
    if not next_is_text:
        return run
    label, title = run[-2], run[-1]
    joiner = " " if label.title[-1] in ".:" else ": "
    merged = HeadingItem(
        title=f"{label.title}{joiner}{title.title}",
        style=label.style,
        text=f"{label.text or label.title}\n{title.text or title.title}",
    )
    return [*run[:-2], merged]


def _split_list(run: list[HeadingItem]) -> tuple[list[HeadingItem], list[HeadingItem]]:
    """Split a run of headings into the part that is really a list and the real headings.

    A contents page (``CHAPTER I.``, ``CHAPTER II.`` ...), a loose numbered list, a
    title page, a letter's salutation and signature, or verse with a blank line
    after every line all look like runs of headings; real nesting (``PART ONE`` /
    ``CHAPTER 1`` / ``The Return``) never repeats a style. Two ALL-CAPS or short
    lines in a row are still a parent and its first child (``EXECUTIVE SUMMARY`` /
    ``MAIN ARGUMENT``); from three on, a repeated style means a list. The headings
    kept are the longest tail of the run whose styles appear nowhere before it.

    Returns:
        ``(text, headings)``: the candidates to demote and the headings to keep.
    """
    styles = [h.style for h in run]
    if len(set(styles)) == len(styles):
        return [], run
    if len(run) < 3 and styles[0] in ("caps", "short", "centred"):
        return [], run
    keep = len(run)
    while keep > 0 and styles[keep - 1] not in styles[keep:]:
        keep -= 1
    while keep < len(run) and styles[keep] in styles[:keep]:
        keep += 1
    return run[:keep], run[keep:]


def _subordinate(style: str, previous: str | None) -> bool:
    """Whether a heading written as ``style`` is by nature inside one written as ``previous``."""
    if previous is None:
        return False
    mine, theirs = _FAMILY_RANKS.get(style), _FAMILY_RANKS.get(previous)
    return mine is not None and theirs is not None and mine[0] == theirs[0] and mine[1] > theirs[1]


class _Levels:
    """Decides how deep each heading sits, in one pass.

    Numbered and underlined headings say how deep they are: ``2.1`` is one level
    below ``2`` (so ``3.`` after ``2.1.`` is back at ``2``'s level), and underline
    styles rank by first appearance (the first underline used is the top level,
    the same underline is always the same level), as reStructuredText and
    Setext readers do. Their first heading is placed by the rules below, which
    fixes where the whole family sits.

    For the other headings, in order: a heading directly followed by another
    heading is that heading's parent; a style already placed keeps its level (a
    style here is how the heading is written *and* whether it opens a run of
    headings, so the ``EXECUTIVE SUMMARY`` over ``MAIN ARGUMENT`` pattern recurs
    consistently); a new style that opens a run (unless the run goes on with
    its own kind's child: ``ACT I`` / ``SCENE I``), or that is by nature
    subordinate (``Chapter`` after ``Part``, ``SCENE`` after ``ACT``), goes one
    deeper than the last heading; any other new style is the last heading's sibling.
    """

    def __init__(self) -> None:
        self._placed: dict[tuple[str, bool], int] = {}
        self._last_level: int | None = None
        self._last_style: str | None = None
        self._underlines: dict[str, int] = {}
        self._family_base: dict[str, int] = {}

    def _depth(self, style: str) -> tuple[str, int] | None:
        """``(family, depth)`` of a heading whose style says how deep it is, else ``None``."""
        if style.startswith("num"):
            return "num", int(style[3:])
        if style[0] in "uo" and len(style) == 2:  # "u=", "o*": underlined, overlined
            return "underline", self._underlines.setdefault(style, len(self._underlines)) + 1
        if style == "centred":  # centred by hand: always the same, outermost kind
            return "centred", 1
        return None

    def run(self, run: Sequence[HeadingItem]) -> list[int]:
        levels: list[int] = []
        for position, heading in enumerate(run):
            key = (heading.style, position < len(run) - 1)
            depth = self._depth(heading.style)
            if depth is not None and depth[0] in self._family_base:
                level = self._family_base[depth[0]] + depth[1] - 1
            elif levels:
                level = levels[-1] + 1
            elif key in self._placed:
                level = self._placed[key]
            elif self._last_level is None:
                level = 1
            elif (key[1] and not _subordinate(run[position + 1].style, heading.style)) or (
                _subordinate(heading.style, self._last_style)
            ):  # opening a run of its own family (ACT I / SCENE I) is no reason to go deeper
                level = self._last_level + 1
            else:
                level = self._last_level
            if depth is not None and depth[0] not in self._family_base:
                self._family_base[depth[0]] = max(1, level - depth[1] + 1)
                level = self._family_base[depth[0]] + depth[1] - 1
            self._placed.setdefault(key, level)
            self._last_level, self._last_style = level, heading.style
            levels.append(level)
        return levels


def emit_outline(items: Sequence[Item], builder: DocumentBuilder) -> None:
    """Feed ``items`` to ``builder``, deciding which heading candidates are headings.

    Heading candidates become text when only boilerplate (or nothing) follows
    them (``THE END``), when they form a list (see :func:`_split_list`), and, in a
    document that has headings of a clear style (two or more chapter, ALL-CAPS,
    underlined or numbered ones), when they are merely short lines (``Oh``, ``Jane``). A label-only
    chapter heading takes the title line after it. The rest are placed in the
    section tree by :class:`_Levels`. Linear in the number of items.
    """
    has_clear_style = sum(isinstance(h, HeadingItem) and h.style != "short" for h in items) > 1
    last_text = max(
        (
            i
            for i, item in enumerate(items)
            if isinstance(item, ParagraphItem) and not item.boilerplate
        ),
        default=-1,
    )
    levels = _Levels()
    count = len(items)
    i = 0
    while i < count:
        item = items[i]
        if isinstance(item, ParagraphItem):
            _paragraph(builder, item)
            i += 1
            continue
        j = i
        while j < count and isinstance(items[j], HeadingItem):
            j += 1
        run = _merge_labels([h for h in items[i:j] if isinstance(h, HeadingItem)], j < count)
        if j > last_text:
            text, run = run, []
        else:
            text, run = _split_list(run)
        if has_clear_style:
            text += [h for h in run if h.style == "short"]
            run = [h for h in run if h.style != "short"]
        for heading in text:
            _paragraph(builder, _demoted(heading))
        for heading, level in zip(run, levels.run(run), strict=True):
            builder.heading(heading.title, level)
        i = j


def _paragraph(builder: DocumentBuilder, item: ParagraphItem) -> None:
    builder.paragraph(
        item.text,
        item.kind,
        marker=item.marker,
        depth=item.depth,
        boilerplate=item.boilerplate,
        keep_lines=item.keep_lines,
    )
