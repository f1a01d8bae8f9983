"""No control sequence from a file name, a document, a note or a tag reaches the terminal.

The inputs are built here: a file named ``bin<ESC>]2;PWNED<BEL><ESC>[2J`` (one
holding a NUL byte, a cut PDF, a ``.epub`` that is no zip), and HTML, Markdown,
PDF and EPUB documents whose metadata carries ESC, BEL, C1 controls (``\\x9b`` is
an 8-bit CSI) and bidi overrides. Every command of the real command line is run
on them, and the app's library and reader screens are painted; nothing written
or painted may hold ESC, BEL, a C1 control or a bidi override or isolate.
"""

from __future__ import annotations

import dataclasses
import io
import json
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from fpdf import FPDF
from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot

from reader import cli
from reader.readers import load_document
from reader.store import AnnotationStore
from reader.tui.app import ReaderApp
from reader.tui.screens.editor import EditorScreen
from reader.tui.screens.library import LibraryScreen
from reader.tui.screens.reader import ReaderScreen
from tests.tui.app_fixtures import wait_until

NAME = "bin\x1b]2;PWNED\x07\x1b[2J"
"""A file name that retitles the window and clears the screen when printed raw."""

EVIL = "\x1b]2;PWNED\x07\x1b[2J \x9b31mred \u202eevil\u202c \u2066iso\u2069 \x85nel\x07"
"""Every kind of character that acts on a terminal, for text fields."""

EVIL_XML = "\x9b31mred \u202eevil\u202c \u2066iso\u2069 \x85nel"
"""What XML 1.0 lets through of :data:`EVIL` (no C0 controls, even as references)."""

FORBIDDEN = re.compile("[\x1b\x07\x80-\x9f\u202a-\u202e\u2066-\u2069]")


def assert_inert(text: str, where: str) -> None:
    """Fail with the offending characters if ``text`` could act on a terminal."""
    found = sorted({f"U+{ord(ch):04X}" for ch in FORBIDDEN.findall(text)})
    assert not found, f"{where} wrote {', '.join(found)}: {text!r}"


# --- the hostile files -------------------------------------------------------------


@dataclass(frozen=True)
class Library:
    """A folder of hostile files: some unreadable, some with hostile metadata."""

    folder: Path
    unreadable: tuple[Path, ...]
    readable: tuple[Path, ...]


def _pdf(subject: str) -> bytes:
    pdf = FPDF()
    pdf.set_title(f"PDF title {EVIL}")
    pdf.set_author(f"Ann {EVIL}")
    pdf.set_subject(subject)
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.cell(0, 10, "A page of a document with hostile metadata.")
    return bytes(pdf.output())


def _epub(publisher: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as book:
        book.writestr("mimetype", "application/epub+zip")
        book.writestr(
            "META-INF/container.xml",
            '<?xml version="1.0"?><container version="1.0" '
            'xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles>'
            '<rootfile full-path="content.opf" media-type="application/oebps-package+xml"/>'
            "</rootfiles></container>",
        )
        book.writestr(
            "content.opf",
            '<?xml version="1.0" encoding="utf-8"?>'
            '<package xmlns="http://www.idpf.org/2007/opf" version="3.0">'
            '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">'
            f"<dc:title>EPUB {publisher}</dc:title><dc:creator>Ann {publisher}</dc:creator>"
            f"<dc:publisher>{publisher}</dc:publisher><dc:language>en</dc:language>"
            "</metadata><manifest>"
            '<item id="ch" href="ch.xhtml" media-type="application/xhtml+xml"/>'
            '</manifest><spine><itemref idref="ch"/></spine></package>',
        )
        book.writestr(
            "ch.xhtml",
            '<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml">'
            f"<head><title>Chapter</title></head><body><h1>Chapter {publisher}</h1>"
            f"<p>Text of the chapter {publisher}.</p></body></html>",
        )
    return buffer.getvalue()


def _html() -> str:
    refs = "&#27;]2;PWNED&#7;&#27;[2J &#155;31m &#x202e;evil&#x202c; &#x2066;iso&#x2069; &#133;"
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>Page {refs}</title>"
        f'<meta name="description" content="Described {refs}">'
        f'<meta property="og:site_name" content="Site {refs}">'
        f'<meta name="author" content="Ann {refs}">'
        f'<meta name="date" content="2020-01-01 {refs}">'
        f"</head><body><article><h1>Heading {refs}</h1>"
        f"<p>A paragraph of the page {refs} with enough words to be read as text.</p>"
        "<p>A second paragraph, so that the article is an article.</p>"
        "</article></body></html>"
    )


def _front_matter_escaped() -> str:
    # YAML double-quoted escapes: \e is ESC, \a BEL, \x9b the 8-bit CSI, \N NEL.
    evil = r"\e]2;PWNED\a\e[2J \x9b31mred \u202Eevil\u202C \u2066iso\u2069 \N"
    return (
        f'---\ntitle: "Front {evil}"\nauthor: "Ann {evil}"\nsummary: "Summed {evil}"\n'
        f'topics: ["one {evil}", "two"]\nnested:\n  key: "deep {evil}"\n'
        f'"key {evil}": plain\n---\n\n# Heading\n\nA paragraph.\n'
    )


def _front_matter_raw() -> str:
    # Raw control characters are not YAML: the block is kept as text in the metadata.
    return f"---\ntitle: Raw {EVIL}\nsummary: {EVIL}\n---\n\n# Heading {EVIL}\n\nA paragraph.\n"


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Library:
    folder = tmp_path_factory.mktemp("hostile-library")
    binary = folder / f"{NAME}.txt"
    binary.write_bytes(b"looks like text\x00but holds a NUL byte\n")
    cut_pdf = folder / f"{NAME}.pdf"
    whole = _pdf("a subject")
    cut_pdf.write_bytes(whole[: len(whole) // 3])
    not_zip = folder / f"{NAME}.epub"
    not_zip.write_bytes(b"this is not a zip archive at all\n" * 10)
    readable = {
        f"page {NAME}.html": _html().encode(),
        f"escaped {NAME}.md": _front_matter_escaped().encode(),
        f"raw {NAME}.md": _front_matter_raw().encode(),
        f"report {NAME}.pdf": _pdf(f"Subject {EVIL}"),
        f"book {NAME}.epub": _epub(EVIL_XML),
        f"plain {NAME}.txt": f"TITLE {EVIL}\n\nA paragraph {EVIL}.\n".encode(),
    }
    for name, data in readable.items():
        (folder / name).write_bytes(data)
    return Library(
        folder,
        (binary, cut_pdf, not_zip),
        tuple(folder / name for name in readable),
    )


def test_hostile_metadata_is_cleaned_where_it_enters_the_model(library: Library) -> None:
    found = {}
    for path in library.readable:
        metadata = load_document(path).metadata
        found[path.name.split()[0]] = metadata.extra
        assert_inert(json.dumps(dataclasses.asdict(metadata), ensure_ascii=False), path.name)
    # The values are there (so the output checks below check something), cleaned.
    assert found["page"]["description"].startswith("Described")
    assert found["page"]["site"].startswith("Site")
    assert found["escaped"]["summary"].startswith("Summed")
    assert found["escaped"]["topics"][0].startswith("one")
    assert found["escaped"]["nested"]["key"].startswith("deep")
    assert "Raw" in found["raw"]["front_matter"]
    assert found["report"]["subject"].startswith("Subject")
    assert "red" in found["book"]["publisher"]


# --- the command line --------------------------------------------------------------


@dataclass
class Run:
    """What one ``reader ...`` wrote, and how it exited."""

    code: int
    out: str
    err: str


Reader = Callable[..., Run]
"""``reader(*words)``: run the command line, check what it wrote, return it."""


@pytest.fixture
def reader(capsys: pytest.CaptureFixture[str]) -> Reader:
    def run(*words: str | Path) -> Run:
        code = cli.main([str(word) for word in words])
        captured = capsys.readouterr()
        where = "reader " + " ".join(repr(str(word)) for word in words)
        assert_inert(captured.out, f"{where} (stdout)")
        assert_inert(captured.err, f"{where} (stderr)")
        assert "Traceback" not in captured.err
        return Run(code, captured.out, captured.err)

    return run


def test_error_lines_name_the_file_visibly_in_one_line(library: Library, reader: Reader) -> None:
    for command in ("toc", "show", "notes", "export", "annotate"):
        for path in library.unreadable:
            extra = ("--paragraph", "0") if command == "annotate" else ()
            result = reader(command, path, *extra)
            assert result.code == 3
            assert result.out == ""
            assert result.err.startswith("reader: ")
            assert result.err.count("\n") == 1
            # The name stays recognisable: its controls are shown, not acted on.
            assert "bin\\x1b]2;PWNED\\x07\\x1b[2J" in result.err


def test_toc_and_show_print_hostile_metadata_inertly(library: Library, reader: Reader) -> None:
    for path in library.readable:
        for command in ("toc", "show"):
            result = reader(command, path)
            assert result.code == 0
            assert "\\x" not in result.out  # cleaned in the model, nothing left to escape
            result = reader(command, path, "--json")
            assert result.code == 0
            json.loads(result.out)
    shown = reader("show", library.folder / f"page {NAME}.html").out
    assert "description: Described" in shown
    assert "site: Site" in shown
    shown = reader("show", library.folder / f"escaped {NAME}.md").out
    assert "summary: Summed" in shown
    shown = reader("show", library.folder / f"report {NAME}.pdf").out
    assert "subject: Subject" in shown
    shown = reader("show", library.folder / f"book {NAME}.epub").out
    assert "publisher: " in shown


def test_json_keeps_stored_text_exact_and_escaped(library: Library, reader: Reader) -> None:
    path = library.folder / f"plain {NAME}.txt"
    assert reader("annotate", path, "--paragraph", "0", "--note", EVIL, "--tag", EVIL).code == 0
    listed = json.loads(reader("notes", path, "--json").out)
    [entry] = listed["annotations"]
    assert entry["note"] == EVIL  # stored as typed, escaped only on the way out


def test_annotation_commands_print_notes_tags_and_titles_inertly(
    library: Library, reader: Reader, tmp_path: Path
) -> None:
    ids = []
    for path in library.readable:
        result = reader(
            "annotate", path, "--paragraph", "0", "--note", f"note {EVIL}\n{EVIL}",
            "--tag", f"tag {EVIL}", "--tag", "plain",
        )  # fmt: skip
        assert result.code == 0
        ids.append(result.out.strip())
        reader("annotate", path, "--anchor", EVIL)  # no such anchor: an error naming it
    first = library.readable[0]
    for words in (
        ("notes",),
        ("notes", "--json"),
        ("notes", first),
        ("notes", first, "--json"),
        ("notes", "--tag", f"tag {EVIL}"),
        ("notes", "--orphans"),
        ("tags",),
        ("tags", "--json"),
        ("edit", ids[0], "--note", EVIL, "--tag", EVIL, "--untag", "plain"),
        ("edit", ids[0], "--kind", "highlight", "--json"),
        ("edit", f"{EVIL}", "--note", "x"),
        ("rm", EVIL),
        ("rm", ids[1]),
        ("rm", ids[2], "--json"),
    ):
        reader(*words)


def test_export_and_import_messages_are_inert(
    library: Library, reader: Reader, tmp_path: Path
) -> None:
    path = library.folder / f"book {NAME}.epub"
    assert reader("annotate", path, "--paragraph", "0", "--note", EVIL, "--tag", EVIL).code == 0
    reader("export", path)
    reader("export", path, "--group-by", "tag")
    exported = reader("export", path, "--format", "json")
    assert json.loads(exported.out)
    reader("export", path, "--tag", EVIL)
    reader("export", path, "--tag", f"none {EVIL}")  # a warning naming the tag
    out = tmp_path / f"out {NAME}"
    out.mkdir()
    assert reader("export", path, "-o", out).code == 0
    assert reader("export", path, "-o", out / f"notes {NAME}.json", "--format", "json").code == 0
    assert reader("export", path, "-o", tmp_path / f"gone {NAME}" / "x.md").code != 0
    assert reader("export", "--all", "-o", out).code == 0
    exported_file = out / f"notes {NAME}.json"
    reader("import", exported_file)  # the document it names (by its cleaned name) or an error
    assert reader("import", exported_file, "--document", path).code == 0
    assert reader("import", tmp_path / f"missing {NAME}.json").code != 0
    (tmp_path / f"bad {NAME}.json").write_text("{", encoding="utf-8")
    assert reader("import", tmp_path / f"bad {NAME}.json").code != 0
    elsewhere = json.loads(exported_file.read_text(encoding="utf-8"))
    text = json.dumps(elsewhere).replace(json.dumps(str(path))[1:-1], f"/gone/{NAME}.epub")
    moved = tmp_path / f"moved {NAME}.json"
    moved.write_text(text, encoding="utf-8")
    assert reader("import", moved).code != 0  # names a document that is not there


def test_doctor_reports_hostile_paths_inertly(
    library: Library, reader: Reader, tmp_path: Path
) -> None:
    gone = tmp_path / f"gone {NAME}.txt"
    gone.write_text(f"TITLE {EVIL}\n\nA paragraph.\n", encoding="utf-8")
    assert reader("annotate", gone, "--paragraph", "0", "--note", EVIL).code == 0
    gone.unlink()
    reader("doctor")
    json.loads(reader("doctor", "--json").out)
    reader("doctor", "--fix")
    reader("export", "--all", "-o", tmp_path / "all")  # warns that the file is gone
    data = tmp_path / f"data {NAME}"
    reader("--data-dir", data, "doctor")


def test_usage_and_config_errors_are_inert(
    library: Library, reader: Reader, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = library.readable[0]
    for words in (
        ("annotate", path, "--paragraph", "0", "--kind", EVIL),
        ("annotate", path, "--paragraph", EVIL),
        ("toc", path, EVIL),
        (EVIL, "--bogus"),
        ("notes", f"--{EVIL}"),
    ):
        result = reader(*words)
        assert result.code == 2
        assert result.err.count("\n") == 1
    config = tmp_path / f"config {NAME}.toml"
    config.write_text(f"library = [{EVIL}", encoding="utf-8")
    monkeypatch.setenv("READER_CONFIG", str(config))
    result = reader(library.unreadable[0])
    assert result.code == 2
    assert "config" in result.err


def test_the_app_says_why_a_file_cannot_be_read_inertly(
    library: Library, reader: Reader, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """``reader FILE`` on an unreadable file prints its error line after the app closes."""
    monkeypatch.setenv("READER_CONFIG", str(tmp_path / "none.toml"))
    run = ReaderApp.run
    monkeypatch.setattr(ReaderApp, "run", lambda self, **_: run(self, headless=True))
    for path in library.unreadable:
        result = reader(path)
        assert result.code == 3
        assert result.err.count("\n") == 1
        assert "bin\\x1b]2;PWNED" in result.err


# --- the app -----------------------------------------------------------------------


async def painted(pilot: Pilot[None]) -> str:
    """Every character of the screen as the terminal receives it (styles aside)."""
    await pilot.pause()  # let what changed be laid out and painted
    strips = pilot.app.screen._compositor.render_strips()
    return "\n".join("".join(segment.text for segment in strip) for strip in strips)


async def test_library_and_reader_screens_paint_nothing_active(
    library: Library, data_dir: Path
) -> None:
    store = AnnotationStore.open(data_dir)
    document = load_document(library.readable[0])
    store.add(document, 0, note=f"note {EVIL}", tags=[f"tag {EVIL}"])
    app = ReaderApp(library.folder, store=store)
    app.animation_level = "none"
    total = len(library.unreadable) + len(library.readable)
    async with app.run_test(size=(160, 40), notifications=True) as pilot:
        library_screen = app.screen
        assert isinstance(library_screen, LibraryScreen)
        await wait_until(pilot, lambda: library_screen.table.row_count == total)
        assert_inert(await painted(pilot), "the library")
        for entry in library_screen.entries:
            for cell in entry.cells():
                assert_inert(cell.plain, "a library cell")
        for path in library.unreadable:  # each says why in a notification
            table = library_screen.table
            table.move_cursor(row=table.get_row_index(str(path)))
            await pilot.press("enter")
            await wait_until(
                pilot, lambda: app.screen is library_screen and bool(app._notifications)
            )
            shown = await painted(pilot)
            assert "PWNED" in shown  # the notification names the file, controls escaped
            assert_inert(shown, f"opening {path.name!r}")
            app.clear_notifications()
        for path in library.readable:  # hostile titles, headings, text, notes and tags
            table = library_screen.table
            table.move_cursor(row=table.get_row_index(str(path)))
            await pilot.press("enter")
            await wait_until(
                pilot,
                lambda: isinstance(app.screen, ReaderScreen) and app.screen.document is not None,
            )
            assert_inert(await painted(pilot), f"reading {path.name!r}")
            if path == library.readable[0]:
                await _edit_and_search(pilot)
            await pilot.press("q")
            await wait_until(pilot, lambda: app.screen is library_screen)


async def _edit_and_search(pilot: Pilot[None]) -> None:
    """The editor on the hostile note, then the palette finding it."""
    app = pilot.app
    reading = app.screen
    await pilot.press("e")
    await wait_until(pilot, lambda: isinstance(app.screen, EditorScreen))
    assert_inert(await painted(pilot), "the note editor")
    await pilot.press("escape")
    await wait_until(pilot, lambda: app.screen is reading)
    await pilot.press("ctrl+p")
    await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette))
    await pilot.press(*"note")
    await wait_until(pilot, lambda: bool(app.screen.query_one(CommandList).option_count))
    shown = await painted(pilot)
    assert "PWNED" in shown  # the hostile note is listed, its controls shown escaped
    assert_inert(shown, "the command palette")
    await pilot.press("escape")
    await wait_until(pilot, lambda: app.screen is reading)
