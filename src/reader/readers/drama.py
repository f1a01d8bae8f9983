"""Plain-text plays: acts and scenes as sections, a speech a paragraph that keeps its lines.

A play in plain text (Project Gutenberg's, and most others) is laid out as:

* ``ACT I.`` and ``SCENE II. A Camp near Forres.`` lines at the margin, the
  scene's place after its number (sometimes wrapped onto a second line);
* a speech: the speaker's name on a line of its own (``FIRST WITCH.``,
  ``Ber.``, ``Cor. and Volt.``), then its lines, verse or wrapped prose, the
  whole a blank-line separated block;
* stage directions (``[Enter three Witches.]``) as blocks of their own;
* a cast list (``Persons Represented``, *Dramatis Personae*) before the first
  act: a name and a description a line.

Project Gutenberg's transcriptions of the First Folio are set otherwise
(:func:`sets_in_speeches`): Latin labels (``Actus Primus. Scoena Prima.``: an
act and its first scene on one line, two headings), each speech's first line
set in from the margin and opening with the speaker's tag (``   Kent. I cannot
conceiue you``), its other lines at the margin, speeches not always parted by
a blank line: there a line set in opens a speech (:func:`set_in_speeches`).
And a modern play may give a speech its tag on its first line (``Fool. Let me
hire him too``) where it sets the others on lines of their own: a tag the play
sets so elsewhere is taken there too (:func:`inline_tag`).

A text is read as a play when several lines at the margin name an act or a
scene by number, or its speeches are set in as the Folio's are
(:func:`is_play`); only then are the rules below applied, so
prose that mentions "Act 2" is never cut up. Nothing keys on particular names:
a speaker is any short capitalised tag ending in a full stop, or a short name
in capitals without one (``OBERON``: some Gutenberg plays set every tag so),
that opens a block. The act and scene headings get their own styles (``"act"`` over
``"scene"``), which :mod:`~reader.readers.textblocks` nests.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

__all__ = [
    "drama_heading",
    "drama_headings",
    "inline_tag",
    "is_play",
    "is_speaker",
    "keeps_lines",
    "scene_title",
    "set_in_speeches",
    "sets_in_speeches",
    "speaker_tags",
    "speech_lines",
    "split_speech",
]

_NUMBER = (
    r"(?:[IVXLC]{1,7}|\d{1,3}"
    r"|(?i:(?:prim|secund|terti|quart|quint|sext|septim|octa[vu]|non|decim)(?:us|a|um))"
    r"|(?i:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth))"
)
"""An act's or a scene's number: roman, arabic, a Latin ordinal (the First
Folio's ``Actus Primus``, ``Scena Secunda``, ``Scena Octaua`` with its u for v)
or an English one (``ACT FIFTH. SCENE I.``)."""
_SCENA = r"Sc(?:ae|oe|æ|œ|e)na|SC(?:AE|OE|Æ|Œ|E)NA"
"""The Latin scene as the Folio spells it: ``Scena``, ``Scaena``, ``Scoena``."""

_ACT_OR_SCENE = re.compile(
    rf"^(?:ACT|Act|ACTUS|Actus|SCENE|Scene|{_SCENA})[ \t]+{_NUMBER}\b\.?"
    r"(?:[ \t]*$|(?:[ \t]*(?:--|[:.,\-–—])[ \t]*|[ \t]+)[A-Z\[(])",
    re.MULTILINE,
)
_PLAY_SAMPLE = 400_000
"""Characters searched for act and scene lines (a play's first acts come early)."""

_MIN_LABELS = 2
"""Act and scene lines a text needs to be read as a play."""

_HEADING = re.compile(
    rf"(?i:(act(?:us)?|scene|{_SCENA}))[ \t]+{_NUMBER}\b(\.?)"
    r"(?:(?:[ \t]*(--|[:.\-–—])[ \t]*|[ \t]+)(\S.*))?"
)
"""``ACT I.``, ``SCENE II. A Camp near Forres.``, ``Scene 3: The heath``,
``Scene I.--Athens.`` (Gutenberg's ``--`` for a dash), ``Scene II. --A room``,
``Scoena Prima.``"""

_ACT_THEN_SCENE = re.compile(
    rf"(?i:act(?:us)?)[ \t]+{_NUMBER}\b\.?[ \t]*[,:.]?[ \t]*"
    rf"(?=(?i:scene|{_SCENA})[ \t]+{_NUMBER}\b)"
)
"""An act's label that a scene's follows on the same line (``Actus Primus.
Scoena Prima.``, ``Actus Tertius, Scaena prima.``, ``ACT I. SCENE I. Elsinore.``)."""

_MAX_HEADING = 120

_SPEAKER = re.compile(
    r"(?:\d[ \t]+)?[A-Z][A-Za-z'’\-]*\.?(?:,?[ \t]+(?:and|&|of|[A-Z][A-Za-z'’\-]*\.?)){0,3}\."
)
"""``FIRST WITCH.``, ``Ber.``, ``LADY MACBETH.``, ``Cor. and Volt.``, ``1 Clown.``,
``MACBETH, LENNOX.``: a speaker's tag."""

_BARE_SPEAKER = re.compile(r"[A-Z][A-Z'’\-]+(?:[ \t]+(?:and|&|of|[A-Z][A-Z'’\-]*)){0,3}")
"""``OBERON``, ``FIRST FAIRY``: a tag in capitals without the full stop (some
Gutenberg plays set every speaker so)."""

_MAX_SPEAKER = 32
_DIRECTION = re.compile(r"\[[^\[\]]*\]\.?")
"""A stage direction on a line of its own (``[Reads.]``, ``[Leaps into the grave.]``)."""
_END_OF_TITLE = frozenset(".!?:;")
_SINGER = re.compile(r"\d{1,2}\.[ \t]+[A-Z]")
"""A song's line given to one of its singers by number (As You Like It's ``1.`` /
``2.``), not a verse number: it is only read so inside a play."""
_WRAPPED_VERSE = 5
"""Verse may have one line in this many open in lower case: a long line wrapped."""

_SET_IN = re.compile(r"^[ \t]{2,}\S", re.MULTILINE)
_SET_IN_TAG = re.compile(
    r"^[ \t]{2,}(?:\d\.?[ \t]?)?(?:[A-Z][A-Za-z'’]{0,14}\.){1,3}[ \t]+\S", re.MULTILINE
)
"""A line set in that opens with a speaker's tag (``   Glou. I shall, my Lord.``,
``  1.Lo. And grant it``, ``  S.Dro. Nothing sir``)."""
_SET_IN_SPEECHES = 30
_SET_IN_SHARE = 0.75
_TAG_LINE = re.compile(r"\n[ \t]*\n[ \t]*([A-Z0-9][^\n]{0,31}?\.)[ \t]*\n(?=[ \t]*\S)")
"""A line opening a block, ending in a full stop, with a line under it: a
speaker's tag if :func:`is_speaker` says so."""
_TAG_SEEN = 2


def is_play(text: str) -> bool:
    """Whether ``text`` reads as a play: it has :data:`_MIN_LABELS` act or scene lines
    or more at the margin (one regex scan, in C), or its speeches are set in
    (:func:`sets_in_speeches`: the Folio labels some plays' first scene only,
    Timon's none)."""
    for found, _ in enumerate(_ACT_OR_SCENE.finditer(text, 0, _PLAY_SAMPLE), 1):
        if found >= _MIN_LABELS:
            return True
    return sets_in_speeches(text)


def sets_in_speeches(text: str) -> bool:
    """Whether ``text`` is a play set as the First Folio is (and Project
    Gutenberg's transcriptions of it): each speech's first line set in from the
    margin and opening with the speaker's tag (``   Kent. I cannot conceiue
    you``), its other lines at the margin, speeches often not parted by a blank
    line. Most lines set in (:data:`_SET_IN_SHARE`), and many
    (:data:`_SET_IN_SPEECHES`), open with a tag; a book whose paragraphs are set
    in has a tag-like opening (``Mr. Darcy``) on few of them."""
    tagged = len(_SET_IN_TAG.findall(text, 0, _PLAY_SAMPLE))
    if tagged < _SET_IN_SPEECHES:
        return False
    return tagged >= _SET_IN_SHARE * len(_SET_IN.findall(text, 0, _PLAY_SAMPLE))


def set_in_speeches(lines: Sequence[str]) -> list[list[str]] | None:
    """Cut a block of a play set as the Folio is (:func:`sets_in_speeches`) into
    its speeches: a line set in two spaces or more opens one (one set in by a
    single space is a cast list's, as the Folio's lists of actors are). The
    first run, if its line is at the margin, is what stood before the first
    speech (a stage direction). ``None`` for a block with no speech in it.

    Args:
        lines: The block's lines as they are in the file, blank ones left out.

    Returns:
        The runs of stripped lines, the speaker's tag opening each speech's first.
    """
    if not any(line[:2].isspace() for line in lines):
        return None
    runs: list[list[str]] = []
    for line in lines:
        if not runs or line[:2].isspace():
            runs.append([line.strip()])
        else:
            runs[-1].append(line.strip())
    return runs


def speaker_tags(text: str) -> frozenset[str]:
    """The speakers' tags a play sets on lines of their own, ending in a full
    stop (``Fool.``, ``Osw.``), each seen at least twice so: the tags
    :func:`inline_tag` looks for. Read from the play's first
    :data:`_PLAY_SAMPLE` characters, as :func:`is_play` is (a play is shorter;
    a collection of plays only misses a later play's tags, and its inline tags
    stay as they are)."""
    seen = Counter(_TAG_LINE.findall(text, 0, _PLAY_SAMPLE))
    return frozenset(tag for tag, count in seen.items() if count >= _TAG_SEEN and is_speaker(tag))


def inline_tag(line: str, tags: frozenset[str]) -> str | None:
    """The speaker's tag opening the stripped ``line`` of a speech (``Fool. Let me
    hire him too``) when the play sets that same tag on a line of its own
    elsewhere (``tags``) and a speech's words follow it; ``None`` otherwise. A
    line opening with a short sentence (``Ready. Name what part I am for``, in a
    speech going on after a blank line) is not taken: ``Ready.`` is nobody's tag;
    nor are two speakers' tags on one line (``TITINIUS. MESSALA.``: they speak
    together, the line is the speech's tag).
    """
    end = line.find(". ", 0, _MAX_SPEAKER)
    while end != -1:
        rest = line[end + 2 :].lstrip()
        if line[: end + 1] in tags and _opens_verse(rest) and rest not in tags:
            return line[: end + 1]
        end = line.find(". ", end + 1, _MAX_SPEAKER)
    return None


def drama_heading(line: str) -> str | None:
    """``"act"`` or ``"scene"`` if the stripped ``line`` names an act or a scene, else ``None``.

    Whatever follows the number is the scene's place (``SCENE I. An open Place.
    Thunder and Lightning.``) and stays in the title, full stops and all. It
    opens with a capital (``Act 2 of the bill`` is a sentence) unless a full stop
    or a dash parts it from the number (``SCENE III. within the tent of Brutus``).
    """
    if len(line) > _MAX_HEADING or line[:1] not in "AaSs":
        return None
    match = _HEADING.fullmatch(line)
    if match is None:
        return None
    place = match.group(4)
    if place is not None and not (
        place[0].isupper() or place[0] in "[(" or match.group(2) or match.group(3)
    ):
        return None  # "Act 2 of the bill ..." is a sentence
    return "act" if match.group(1)[:1] in "Aa" else "scene"


def drama_headings(line: str) -> list[tuple[str, str]]:
    """The act and scene headings the stripped ``line`` names, with their styles.

    One line may name an act and its first scene (the Folio's ``Actus Primus.
    Scoena Prima.``): the act is a section, the scene another inside it, so
    that every scene is one. Empty for a line that names neither.
    """
    if line[:1] not in "AaSs":
        return []
    both = _ACT_THEN_SCENE.match(line)
    if both is not None and drama_heading(line[both.end() :]) == "scene":
        return [(line[: both.end()].rstrip(" \t,:"), "act"), (line[both.end() :], "scene")]
    style = drama_heading(line)
    return [] if style is None else [(line, style)]


def scene_title(lines: Sequence[str]) -> int:
    """How many lines of a block opening with an act or scene line its title takes.

    A place too long for one line goes on over the next (``SCENE III. The same.
    A Park or Lawn, with a gate leading to the`` / ``Palace.``): lines join the
    title while it has not ended in a full stop (a stage direction never does).
    """
    taken = 1
    while (
        taken < len(lines)
        and taken < 3
        and lines[taken - 1].rstrip()[-1:] not in _END_OF_TITLE
        and not lines[taken].lstrip().startswith(("[", "("))
        and drama_heading(lines[taken].strip()) is None  # ACT 1 / SCENE 1: two headings
    ):
        taken += 1
    return taken


def is_speaker(line: str) -> bool:
    """Whether the stripped ``line`` is a speaker's tag (``HAMLET.``, ``First Witch.``)."""
    return len(line) <= _MAX_SPEAKER and (
        _SPEAKER.fullmatch(line) is not None
        or (line.isupper() and _BARE_SPEAKER.fullmatch(line) is not None)
    )


def split_speech(lines: Sequence[str], *, tagged: bool = True) -> list[list[str]]:
    """Cut a speech's block at the stage directions standing on lines of their own.

    ``Pol.`` / ``Madam, ...`` / ``[Reads.]`` / ``'To the celestial ...``: the
    direction is a paragraph of its own, between the speech and its sequel. One
    right under the speaker (``[Sings.]`` before a song) belongs to the speech. A
    line opening with a direction (``[Aside.] This supernatural soliciting``)
    starts a new paragraph of the speech: it turns to someone else. A direction
    inside a line stays there (cutting it would cut the verse line).

    Args:
        lines: The block's stripped lines.
        tagged: Whether the first line is the speaker's tag; a block going on
            with a speech after a direction has none, and is cut alike.

    Returns:
        The runs of lines: the first opens with the speaker's tag (if any), a
        direction is a run of one line.
    """
    runs: list[list[str]] = [[lines[0]]]
    for line in lines[1:]:
        direction = _DIRECTION.match(line) if line[:1] == "[" else None
        if direction is None or len(runs[-1]) <= (tagged and len(runs) == 1):
            runs[-1].append(line)
        elif direction.end() == len(line):
            runs += [[line], []]
        else:  # "[Aside.] This supernatural soliciting": the speech turns, a new paragraph
            runs.append([line])
    return [run for run in runs if run]


def keeps_lines(lines: Sequence[str]) -> bool:
    """Whether the stripped lines of a speech (or a cast list) are the author's.

    Verse starts every line with a capital (or a quote, a dash, a bracket);
    prose wrapped to a width starts some line in lower case.
    """
    return len(lines) > 1 and all(_opens_verse(line) for line in lines[1:])


def speech_lines(lines: Sequence[str], width: int) -> list[list[str]]:
    """Cut a speech's stripped lines into its lines as the author wrote them.

    Verse (every line opening with a capital) keeps every line; so does verse
    with a line too long for the page, which the typesetter wrapped (``Hath left
    you unattended.--[Knocking within.] Hark, more`` / ``knocking:``): when at
    most one line in :data:`_WRAPPED_VERSE` opens in lower case, only those join
    the line before. Otherwise a line joins the one before it when it opens in
    lower case or when the break before it was a wrapper's (the first word
    would not have fitted on the line before, by the document's prose
    ``width``): a prose speech becomes one line, and a speech mixing verse and
    prose (a letter read out) keeps its verse. (In a play the prose width is
    measured mostly on verse, so a verse line lengthened by a direction in it
    would otherwise pass for wrapped prose.)

    Returns:
        The runs of lines that make one line each (to be joined by the caller).
    """
    if keeps_lines(lines) or len(lines) < 2:
        return [[line] for line in lines]
    runs = [[lines[0]]]
    if _WRAPPED_VERSE * sum(not _opens_verse(line) for line in lines[1:]) <= len(lines) - 1:
        for line in lines[1:]:
            if _opens_verse(line):
                runs.append([line])
            else:
                runs[-1].append(line)
        return runs
    width = max(width, *map(len, lines))  # a wrapper's width is at least its longest line
    for line in lines[1:]:
        previous = runs[-1][-1]
        fitted = len(previous) + 1 + len(line.split(" ", 1)[0]) <= width - 1
        if fitted and _opens_verse(line):
            runs.append([line])
        else:
            runs[-1].append(line)
    return runs


def _opens_verse(line: str) -> bool:
    """Whether a stripped line opens as verse does: a capital, a quote, a dash, a
    bracket, or a singer's number before a capital (``1. Then sing him home:``)."""
    first = line[:1]
    if first.isdigit():
        return _SINGER.match(line) is not None
    return first.isupper() or not (first.isalnum() or first.isspace())
