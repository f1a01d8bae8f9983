"""Reader for plain text: structure recovered from how people lay out text files.

Plain text has no markup, so everything is read from the shape of the lines:

* **Front matter**: a title line at the top, lines repeating it, a ``by NAME``
  byline and a date line become metadata (the date as ISO ``YYYY-MM-DD``); a
  **Project Gutenberg** file's licence header and footer are boilerplate, and
  their fields become metadata (see :mod:`~reader.readers.text_front`).
* **Paragraphs** are separated by blank lines. Hard-wrapped lines join into one
  paragraph; a block whose lines are mostly longer than :data:`WRAP_LIMIT` was
  not wrapped, so each of its lines is a paragraph of its own. A line ending in a
  hyphen or dash joins the next without a space (``to-\\nmorrow`` is
  ``to-morrow``: without a dictionary, keeping the hyphen is the choice that never
  loses or invents a letter); a soft hyphen at a line end is dropped. Lines set
  deeper under a line ending in a colon (an example, a list of URLs) are a
  paragraph of their own.
* **Lists**: lines starting with ``•``, ``-``, ``*``, ``1.`` ... are list items
  (marker kept, nesting from indentation); lines after an item continue it.
* **Numbered verses and lines** are a paragraph each, and a ``Genesis 1`` line
  over verse 1 is a chapter heading; scripture written a verse to a line
  (``Ge 1:1 ...``) is a paragraph per line, under a heading per chapter;
  **verse and drama** keep their lines (see :mod:`~reader.readers.verses`). In a
  **play**, ``ACT``/``SCENE`` lines (``Actus``/``Scena`` in the First Folio) are
  sections and a speech (speaker's tag and lines) is one paragraph (see
  :mod:`~reader.readers.drama`).
* **Headings**: stand-alone lines that read like headings (see
  :func:`~reader.readers.textblocks.heading_style`), underlined ones (``===``,
  ``---``, ``***``, ``~~~`` ..., ranked by first appearance) and over- and
  underlined ones, and a chapter label or ALL-CAPS line at the top of a block;
  context then decides which are headings and how deep (see
  :func:`~reader.readers.textblocks.emit_outline`).

Everything is one pass over the lines with precompiled patterns, so a 5 MB book
reads in a fraction of a second.
"""

from __future__ import annotations

import re
from pathlib import Path

from reader.model import Document, Metadata, ParagraphKind
from reader.readers.builder import DocumentBuilder
from reader.readers.drama import (
    drama_headings,
    inline_tag,
    is_play,
    is_speaker,
    keeps_lines,
    scene_title,
    set_in_speeches,
    sets_in_speeches,
    speaker_tags,
    speech_lines,
    split_speech,
)
from reader.readers.text_front import front_matter, gutenberg_body, read_gutenberg_fields
from reader.readers.textblocks import (
    BULLET,
    CHAPTER_START,
    CJK_BREAK,
    MAX_HEADING,
    SUBSECTION_NUMBER,
    HeadingItem,
    Item,
    ParagraphItem,
    chapter_style,
    emit_outline,
    heading_style,
    is_artefact,
    split_bullet,
)
from reader.readers.textdump import (
    dump_heading_title,
    find_dump,
    is_chrome_line,
    is_dump_heading,
    is_link_bar,
)
from reader.readers.verses import (
    VERSE_START,
    is_centred,
    is_chapter_line,
    is_line_broken,
    is_reference_line,
    kept_as_set,
    lead_in_display,
    may_hold_verses,
    prose_width,
    referenced_lines,
    split_verses,
    starts_verse_one,
)
from reader.sanitize import clean_text

__all__ = ["EXTENSIONS", "FORMAT", "WRAP_LIMIT", "read"]

FORMAT = "text"
EXTENSIONS: frozenset[str] = frozenset()
"""None: plain text is what any ``.txt`` file is unless another reader's sniff claims it."""

WRAP_LIMIT = 100
"""Lines longer than this were not hard-wrapped (Gutenberg wraps at ~72 columns)."""

_UNDERLINE = re.compile(r"[ \t]*([=\-*~^+#])\1{2,}[ \t]*")
_OUTLINE_MODE = re.compile(r"-\*-\s*(?i:mode:\s*)?(?i:outline|org)\b[^\n]*-\*-")
_OUTLINE_HEADING = re.compile(r"(\*{1,6})[ \t]+(\S.*)")
_JOIN_TIGHT = frozenset("-\u00ad—")
_PROSE = 8
"""Spaces of a paragraph (nine words) that make it prose, not a title page's line
or a rule."""
_BLANK_LINES = re.compile(r"\n(?:[ \t]*\n)+")
_UNDERLINE_START = frozenset("=-*~^+# \t")


def read(text: str, *, path: Path | None = None, encoding: str = "utf-8") -> Document:
    """Read plain text into a document.

    Args:
        text: The decoded file contents.
        path: The file it came from, if any.
        encoding: The encoding it was decoded with.
    """
    metadata = Metadata()
    items = _TextParser(clean_text(text), metadata).parse()
    builder = DocumentBuilder(FORMAT, metadata, path=path, encoding=encoding)
    emit_outline(items, builder)
    return builder.build()


def _spaced(parts: list[str]) -> str:
    """Join lines with a space, except where a CJK line break needs none."""
    joined = " ".join(parts)
    if joined.isascii():
        return joined
    return CJK_BREAK.sub("", "\n".join(parts)).replace("\n", " ")


def _join(parts: list[str]) -> str:
    """Join the stripped lines of a hard-wrapped paragraph."""
    if len(parts) == 1:
        return parts[0]
    if not any(part[-1] in _JOIN_TIGHT for part in parts):
        return _spaced(parts)
    pieces = [parts[0]]
    for part in parts[1:]:
        previous = pieces[-1]
        if previous[-1] == "\u00ad":
            pieces[-1] = previous[:-1]
        elif previous[-1] not in _JOIN_TIGHT or (len(previous) > 1 and previous[-2] == " "):
            pieces.append("\n")
        pieces.append(part)
    joined = "".join(pieces)
    if not joined.isascii():
        joined = CJK_BREAK.sub("", joined)
    return joined.replace("\n", " ")


def _split_word(part: str) -> bool:
    """Whether a stripped line ends in a word the wrapper split (``hyphen-``, a soft
    hyphen), which only prose has; a dash (``--``, ``—``) may end a line of verse
    (``I grant I never saw a goddess go,--``)."""
    last = part[-1]
    if last == "-":
        return part[-2:-1].isalpha()
    return last == "\u00ad"


def _needs_lines(block: str, lines: list[str]) -> bool:
    """Whether a multi-line block needs reading line by line (else it is one paragraph).

    That is when it holds a blank line at an edge, a line too long to have been
    wrapped, a list item, a hyphen or dash at a line end, a possible heading
    in its first two lines (a chapter label, an underline or overline), or a
    verse number at its start, or lines set deeper under a line ending in a
    colon (an example or a list of URLs shown under its lead-in). Every test but
    the last runs in C, and the last only where a line ends in a colon.
    """
    if not lines[0].strip() or not lines[-1].strip() or max(map(len, lines)) > WRAP_LIMIT:
        return True
    if "-\n" in block or "\u00ad\n" in block or "—\n" in block or any(map(BULLET.match, lines)):
        return True
    if lines[1][0] in _UNDERLINE_START and _UNDERLINE.fullmatch(lines[1]) is not None:
        return True
    if lines[0][0] in _UNDERLINE_START and _UNDERLINE.fullmatch(lines[0]) is not None:
        return True
    first = lines[0].strip()
    if first[0] in CHAPTER_START and chapter_style(first) is not None:
        return True
    if first[0].isdigit() and SUBSECTION_NUMBER.match(lines[0]) is not None:
        return True  # a numbered heading too long for one line
    if ":\n" in block and lead_in_display(lines) is not None:
        return True
    if is_reference_line(lines[1]):
        return True  # a verse a line (Ge 1:1 ...)
    return lines[0][0] in VERSE_START and may_hold_verses(block)


class _TextParser:
    """One pass over a plain-text file, producing outline items.

    The text is cut into blank-line separated blocks by one regex; an ordinary
    hard-wrapped paragraph is recognised and joined with C-level calls only, so
    the per-line Python work that would dominate reading a book is spent only on
    the few blocks that need it (lists, headings, hyphenated line ends).
    """

    def __init__(self, text: str, metadata: Metadata) -> None:
        self._text = text
        self._meta = metadata
        self._items: list[Item] = []
        self._indents: list[int] = []  # indentation of the open list levels
        self._width = 0  # the prose width, for telling verse from wrapped prose
        self._outline = False  # Emacs outline or Org mode: "* Title" lines are headings
        self._dump = find_dump("")  # a browser's text dump or a saved page (see textdump)
        self._play = False  # ACT and SCENE lines: a play (see drama)
        self._folio = False  # a play whose speeches are set in, as the First Folio's
        self._tags: frozenset[str] = frozenset()  # a play's tags on lines of their own
        self._parted_tag: str | None = None  # a tag a blank line parts from its speech
        self._prose_seen = False  # a paragraph of prose is among the items (see _after_prose)
        self._prose_checked = 0  # items looked at for it so far

    def parse(self) -> list[Item]:
        """Read the whole text; the metadata passed in is filled in as a side effect."""
        text = self._text
        body_start, body_end, header = gutenberg_body(text)
        if header is not None:
            read_gutenberg_fields(header, self._meta)
            self._blocks(header, boilerplate=True)
        self._outline = _OUTLINE_MODE.search(text, 0, 1000) is not None
        self._dump = find_dump(text)
        if self._dump.references is not None and self._dump.references > body_start:
            body_end = min(body_end, self._dump.references)
        body_start, artefacts = front_matter(
            text, body_start, body_end, self._meta, not_text=self._not_text
        )
        self._items += [ParagraphItem(line, boilerplate=True) for line in artefacts]
        self._width = prose_width(text[body_start:body_end])
        self._play = is_play(text[body_start:body_end])
        if self._play:
            self._folio = sets_in_speeches(text[body_start:body_end])
            self._tags = frozenset() if self._folio else speaker_tags(text[body_start:body_end])
        self._blocks(text[body_start:body_end], boilerplate=False)
        self._blocks(text[body_end:], boilerplate=True)
        return self._items

    # ---------------------------------------------------------------------- blocks

    def _blocks(self, text: str, *, boilerplate: bool) -> None:
        """Read ``text`` as blank-line separated blocks."""
        append, body = self._items.append, ParagraphKind.BODY
        dump = self._dump.lynx or self._dump.saved_page
        for block in _BLANK_LINES.split(text):
            if dump and self._dump_chrome(block):
                continue
            if self._play and not boilerplate and self._drama(block):
                continue
            if "\n" not in block:
                if block and not block.isspace():
                    self._single(block, boilerplate)
                continue
            lines = block.split("\n")
            if not _needs_lines(block, lines):
                self._indents.clear()
                stripped = list(map(str.strip, lines))
                if is_line_broken(lines, self._width):
                    append(ParagraphItem("\n".join(stripped), body, "", 0, boilerplate, True))
                else:
                    append(ParagraphItem(_spaced(stripped), body, "", 0, boilerplate))
                continue
            lines = [line for line in lines if line and not line.isspace()]
            if len(lines) > 1:
                self._block(lines, boilerplate)
            elif lines:
                self._single(lines[0], boilerplate)
        if self._parted_tag is not None:  # a tag with no speech after it
            append(ParagraphItem(self._parted_tag, boilerplate=boilerplate))
            self._parted_tag = None

    def _drama(self, block: str) -> bool:
        """Add a play's act or scene heading, speech or line-broken block (cast list,
        verse); False, adding nothing, for a block to read as any other."""
        lines = [line.strip() for line in block.split("\n") if line and not line.isspace()]
        if not lines:
            return False
        # the lines as set (the Folio's speeches are told by their indentation)
        raw = [line for line in block.split("\n") if line.strip()] if self._folio else lines
        headings = drama_headings(lines[0])
        if headings:
            taken = scene_title(lines)
            if taken > 1:  # a place going on over the next line
                headings[-1] = (" ".join([headings[-1][0], *lines[1:taken]]), headings[-1][1])
            self._items += [HeadingItem(title, style) for title, style in headings]
            rest = lines[taken:]
            if rest and not self._drama("\n".join(raw[taken:])):
                self._paragraphs(rest, False)
            return True
        if self._folio and (speeches := set_in_speeches(raw)) is not None:
            for run in speeches:  # a speech's first line set in, the Folio's way
                run = list(map(_join, speech_lines(run, self._width)))
                self._items.append(ParagraphItem("\n".join(run), keep_lines=len(run) > 1))
            return True
        if self._parted_tag is not None:  # "BEDFORD." / blank line / "'Fore God, ..."
            parted, self._parted_tag = self._parted_tag, None
            if drama_headings(lines[0]) or is_speaker(lines[0]):
                self._items.append(ParagraphItem(parted))  # it stood alone after all
            else:
                lines.insert(0, parted)
                block = "\n".join(lines)
        elif len(lines) == 1 and lines[0] in self._tags:
            self._parted_tag = lines[0]  # its speech is the next block
            return True
        if self._tags and (tag := inline_tag(lines[0], self._tags)) is not None:
            lines[:1] = [tag, lines[0][len(tag) :].lstrip()]  # "Fool. Let me hire him too"
        if len(lines) < 2 or lines[0][0] in "[(":  # a stage direction reads as prose
            return False
        tagged = is_speaker(lines[0])
        # a speech going on after a direction (no tag) is cut at its directions alike
        runs = split_speech(lines, tagged=tagged) if tagged or "\n[" in block else [lines]
        if tagged or len(runs) > 1:
            for index, run in enumerate(runs):
                if index == 0 and tagged:
                    run = [run[0], *map(_join, speech_lines(run[1:], self._width))]
                elif len(run) > 1 or run[0][0] != "[":
                    run = list(map(_join, speech_lines(run, self._width)))
                self._items.append(ParagraphItem("\n".join(run), keep_lines=len(run) > 1))
            return True
        if keeps_lines(lines):
            self._items.append(ParagraphItem("\n".join(lines), keep_lines=True))
            return True
        return False

    def _single(self, line: str, boilerplate: bool) -> None:
        """A line standing alone: a heading candidate, a list item or a paragraph."""
        if not boilerplate:
            stripped = line.strip()
            if self._not_text(stripped):
                self._items.append(ParagraphItem(stripped, boilerplate=True))
                return
            if self._outline_heading(line) or self._dump_heading(line, stripped):
                return
            style = heading_style(stripped)
            if style in ("short", "caps") and is_centred(line, self._width) and self._after_prose():
                style = "centred"  # set in the middle by hand: a heading, whatever else is one
            if style is not None:
                chapter = chapter_style(stripped) if style in ("part", "chapter") else None
                label_only = chapter is not None and chapter[1]
                self._items.append(HeadingItem(stripped, style, label_only=label_only))
                return
        self._paragraphs([line], boilerplate)

    def _after_prose(self) -> bool:
        """Whether a paragraph of prose came before: the centred lines of a title page
        (a version, the authors) are not headings, those after its text are."""
        if not self._prose_seen:
            items = self._items
            for item in items[self._prose_checked :]:
                prose = isinstance(item, ParagraphItem) and not item.boilerplate
                if prose and item.text.count(" ") >= _PROSE:
                    self._prose_seen = True
                    break
            self._prose_checked = len(items)
        return self._prose_seen

    def _block(self, block: list[str], boilerplate: bool) -> None:
        references = referenced_lines(block)
        if references is not None:
            self._verse_a_line(block, references, boilerplate)
            return
        verses = split_verses(block) if block[0][0] in VERSE_START else None
        if verses is not None:
            if not boilerplate and starts_verse_one(block[0]):
                self._chapter_over_verses()
            for verse in verses:
                self._paragraphs(verse, boilerplate)
            return
        if max(map(len, block)) > WRAP_LIMIT and (
            2 * sum(len(line) > WRAP_LIMIT for line in block) >= len(block)
        ):  # not hard-wrapped: a paragraph per line
            for line in block:
                self._single(line, boilerplate)
            return
        if sum(chapter_style(line.strip()) is not None for line in block) > 1:
            for line in block:  # a table of contents: a paragraph per entry
                self._items.append(ParagraphItem(line.strip(), boilerplate=boilerplate))
            return
        if not boilerplate:
            block = block[self._block_heading(block) :]
        if block:
            self._paragraphs(block, boilerplate)

    def _verse_a_line(
        self, block: list[str], references: list[tuple[str, str] | None], boilerplate: bool
    ) -> None:
        """A paragraph per verse, and a chapter heading where the reference's chapter
        changes (``Ge 2``): the file has no chapter lines of its own to go by. A
        line without a reference among them (a marker such as ``END``) is a
        paragraph: the references, not the look of a line, make the outline."""
        chapter: tuple[str, str] | None = None
        for line, reference in zip(block, references, strict=True):
            if reference is None:
                self._items.append(ParagraphItem(line.strip(), boilerplate=boilerplate))
                continue
            if reference != chapter and not boilerplate:
                self._items.append(HeadingItem(" ".join(reference), "chapter"))
                chapter = reference
            self._items.append(ParagraphItem(line.strip(), boilerplate=boilerplate))

    def _chapter_over_verses(self) -> None:
        """Make the ``Genesis 1`` line just before verse 1 a chapter heading."""
        last = self._items[-1] if self._items else None
        if isinstance(last, HeadingItem) and is_chapter_line(last.title):
            last.style, last.label_only = "chapter", False

    def _not_text(self, stripped: str) -> bool:
        """A tool's artefact, or a saved page's interface (``Search``, ``Menu``)."""
        if is_artefact(stripped):
            return True
        dump = self._dump
        return (dump.saved_page or dump.lynx) and is_chrome_line(stripped)

    def _dump_chrome(self, block: str) -> bool:
        """Add a dump's link bar, or a block of interface lines only, as boilerplate."""
        lines = [line for line in map(str.strip, block.split("\n")) if line]
        if is_link_bar(block):
            self._items.append(ParagraphItem(_spaced(lines), boilerplate=True))
            return True
        if len(lines) > 1 and all(map(self._not_text, lines)):
            self._items.extend(ParagraphItem(line, boilerplate=True) for line in lines)
            return True
        return False

    def _dump_heading(self, line: str, stripped: str) -> bool:
        """Add a lynx dump's heading: a line at the margin, or a centred title."""
        if not self._dump.lynx:
            return False
        if is_dump_heading(line):
            self._items.append(HeadingItem(dump_heading_title(stripped), "margin", stripped))
            return True
        if line.startswith(" " * 8) and heading_style(stripped) is not None:
            self._items.append(HeadingItem(stripped, "centred"))
            return True
        return False

    def _wrapped_heading(self, block: list[str]) -> int:
        """A numbered subsection heading wrapped onto two or three lines at the margin.

        ``1.5. What is the difference between Debian GNU/Linux and other Linux`` /
        ``distributions? Why should I choose ...``: the whole block, every line
        unindented, reads as one numbered heading. Returns the lines it takes.
        """
        if len(block) > 3 or SUBSECTION_NUMBER.match(block[0]) is None:
            return 0
        if any(line[0].isspace() for line in block):
            return 0
        title = _join([line.strip() for line in block])
        style = heading_style(title, max_length=250)
        if style is None or not style.startswith("num"):
            return 0
        self._items.append(HeadingItem(title, style))
        return len(block)

    def _outline_heading(self, line: str) -> bool:
        """Add a ``** Bug fixes`` line of an outline-mode file as a heading (stars give depth)."""
        match = _OUTLINE_HEADING.fullmatch(line) if self._outline else None
        if match is None:
            return False
        self._items.append(HeadingItem(match.group(2).strip(), f"num{len(match.group(1))}"))
        return True

    def _block_heading(self, block: list[str]) -> int:
        """Headings at the top of a multi-line block; returns how many lines they take.

        An underlined heading, a chapter label (with its title on the next line
        when the block is just the two), or an ALL-CAPS or numbered heading
        directly above a list.
        """
        if self._outline_heading(block[0]):
            return 1
        wrapped = self._wrapped_heading(block)
        if wrapped:
            return wrapped
        first, second = block[0].strip(), block[1]
        over = _UNDERLINE.fullmatch(block[0])
        if over is not None and len(block) > 2 and block[2].strip() == block[0].strip():
            title = second.strip()
            if title and len(title) <= MAX_HEADING:
                self._items.append(HeadingItem(title, "o" + over.group(1)))
                return 3
        under = _UNDERLINE.fullmatch(second)
        if len(first) <= MAX_HEADING and under is not None and split_bullet(first) is None:
            self._items.append(HeadingItem(first, "u" + under.group(1)))
            return 2
        chapter = chapter_style(first)
        if chapter is not None:
            self._items.append(HeadingItem(first, chapter[0], label_only=chapter[1]))
            title = second.strip()
            title_style = heading_style(title)
            if chapter[1] and len(block) == 2 and title_style in ("caps", "short"):
                self._items.append(HeadingItem(title, title_style))
                return 2
            return 1
        if split_bullet(second) is not None and split_bullet(first) is None:
            above_list = heading_style(first)
            if above_list is not None and (above_list == "caps" or above_list.startswith("num")):
                self._items.append(HeadingItem(first, above_list))
                return 1
        return 0

    def _paragraphs(self, block: list[str], boilerplate: bool) -> None:
        """Join hard-wrapped lines into paragraphs; a bullet line starts a list item,
        and lines set deeper under a lead-in ending in a colon are a paragraph of
        their own (:func:`lead_in_display`)."""
        display = lead_in_display(block) if len(block) > 1 else None
        if (
            display is not None
            and split_bullet(block[display[0]]) is None
            and not self._verse_close(block, display)
        ):
            start, end = display
            self._paragraphs(block[:start], boilerplate)
            shown = [line.strip() for line in block[start:end]]
            if kept_as_set(shown, self._width):
                self._indents.clear()
                self._items.append(ParagraphItem("\n".join(shown), keep_lines=True))
            else:
                self._add(shown, "", 0, boilerplate)
            if end < len(block):
                self._paragraphs(block[end:], boilerplate)
            return
        parts: list[str] = []
        marker = ""
        depth = 0
        for line in block:
            bullet = split_bullet(line)
            if bullet is None:
                parts.append(line.strip())
                continue
            if parts:
                self._add(parts, marker, depth, boilerplate)
            marker, text, indent = bullet
            depth = self._depth(indent)
            parts = [text]
        self._add(parts, marker, depth, boilerplate)

    def _verse_close(self, block: list[str], display: tuple[int, int]) -> bool:
        """Whether lines set deeper at the end of a block close a poem (a sonnet's
        indented couplet after a line ending in a colon): the lines above are
        verse themselves, several and line-broken, where a lead-in introducing a
        display is prose or a single line. The poem stays one paragraph."""
        start, end = display
        if end < len(block) or start < 2:
            return False
        lead = [line.strip() for line in block[:start]]
        return not any(line[-1] in _JOIN_TIGHT and _split_word(line) for line in lead) and (
            is_line_broken(lead, self._width)
        )

    def _add(self, parts: list[str], marker: str, depth: int, boilerplate: bool) -> None:
        if marker:
            item = ParagraphItem(
                _join(parts), ParagraphKind.LIST_ITEM, marker, depth, boilerplate=boilerplate
            )
        elif (
            len(parts) > 1
            and not any(part[-1] in _JOIN_TIGHT and _split_word(part) for part in parts)
            and is_line_broken(parts, self._width)
        ):
            self._indents.clear()
            item = ParagraphItem("\n".join(parts), boilerplate=boilerplate, keep_lines=True)
        else:
            self._indents.clear()
            item = ParagraphItem(_join(parts), boilerplate=boilerplate)
        self._items.append(item)

    def _depth(self, indent: int) -> int:
        """Nesting depth of a list item indented by ``indent`` columns."""
        indents = self._indents
        while indents and indent < indents[-1]:
            indents.pop()
        if not indents or indent > indents[-1]:
            indents.append(indent)
        return len(indents) - 1
