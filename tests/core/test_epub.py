"""The EPUB reader: spine order, table-of-contents sections, metadata, hostile archives."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

import reader.readers.bounded_zip as bounded_zip
import reader.readers.epub as epub
from reader.errors import DocumentError
from reader.model import ParagraphKind
from reader.readers import load_document
from tests.core.format_samples import Chapter, build_epub

CHAPTERS = [
    Chapter(
        "Chapter One: Loomings",
        "<h1>Chapter One: Loomings</h1><p>Call me Ishmael.</p><p>Some years ago.</p>"
        '<h2 id="s1">The Water</h2><p>Meditation and water are wedded.</p>'
        '<p><img src="whale.png" alt="A whale breaching"/></p>',
        sections=[("s1", "The Water")],
    ),
    Chapter(
        "Chapter Two: The Carpet-Bag",
        "<h1>2. The Carpet-Bag</h1><p>I stuffed a shirt.</p><h2>Dawn</h2><p>Morning came.</p>",
    ),
]


@pytest.mark.parametrize("version", [2, 3])
def test_chapters_in_spine_order_with_toc_sections(version: int, tmp_path: Path) -> None:
    book = tmp_path / "book.epub"
    book.write_bytes(build_epub(CHAPTERS, version=version))
    document = load_document(book)
    assert document.format == "epub"
    assert [(s.title, s.level, s.parent) for s in document.sections] == [
        ("Chapter One: Loomings", 1, None),
        ("The Water", 2, 0),
        ("Chapter Two: The Carpet-Bag", 1, None),  # its "2. The Carpet-Bag" is not repeated
        ("Dawn", 2, 2),  # a heading the table of contents lacks nests under its entry
    ]
    assert [(p.text, p.kind, p.section) for p in document.paragraphs] == [
        ("Call me Ishmael.", ParagraphKind.BODY, 0),
        ("Some years ago.", ParagraphKind.BODY, 0),
        ("Meditation and water are wedded.", ParagraphKind.BODY, 1),
        ("A whale breaching", ParagraphKind.CAPTION, 1),
        ("I stuffed a shirt.", ParagraphKind.BODY, 2),
        ("Morning came.", ParagraphKind.BODY, 3),
    ]


def test_metadata_from_the_package_document() -> None:
    data = build_epub(CHAPTERS, title="Moby-Dick", authors=["Herman Melville", "Ed Itor"])
    meta = epub.read(data).metadata
    assert meta.title == "Moby-Dick"
    assert meta.authors == ["Herman Melville", "Ed Itor"]
    assert meta.date == "2017-07-17"
    assert meta.language == "en"
    assert meta.extra["publisher"] == "Generated Press"


def test_found_by_magic_bytes_without_extension(tmp_path: Path) -> None:
    book = tmp_path / "download"
    book.write_bytes(build_epub(CHAPTERS))
    assert epub.sniff(book.read_bytes())
    assert load_document(book).format == "epub"


def test_truncated_archive_is_a_clear_error(tmp_path: Path) -> None:
    data = build_epub(CHAPTERS)
    book = tmp_path / "cut.epub"
    book.write_bytes(data[: len(data) // 2])
    with pytest.raises(DocumentError) as caught:
        load_document(book)
    message = str(caught.value)
    assert "cut.epub" in message
    assert "\n" not in message
    assert caught.value.exit_code == 3


def test_zip_without_a_package_is_a_clear_error() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/epub+zip")
    with pytest.raises(DocumentError, match=r"container\.xml"):
        epub.read(buffer.getvalue())


@pytest.mark.filterwarnings("ignore:Duplicate name")
def test_zip_bomb_member_is_refused() -> None:
    bomb = b"\0" * (bounded_zip.MAX_MEMBER + 1)  # deflates to about 65 KB
    data = build_epub(CHAPTERS, extra_files={"OEBPS/text/ch1.xhtml": bomb})
    assert len(data) < 1_000_000
    with pytest.raises(bounded_zip.ArchiveError, match="inflates to more than"):
        epub.read(data)


def test_total_inflated_bytes_are_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bounded_zip, "MAX_TOTAL", 3000)
    chapters = [Chapter(f"C{i}", "<p>" + "word " * 200 + "</p>") for i in range(5)]
    with pytest.raises(bounded_zip.ArchiveError, match="inflates to more than"):
        epub.read(build_epub(chapters))


def test_drm_protected_book_is_refused() -> None:
    encryption = (
        b'<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" '
        b'xmlns:enc="http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData>'
        b'<enc:EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#aes128-cbc"/>'
        b'<enc:CipherData><enc:CipherReference URI="OEBPS/text/ch1.xhtml"/></enc:CipherData>'
        b"</enc:EncryptedData></encryption>"
    )
    data = build_epub(CHAPTERS, extra_files={"META-INF/encryption.xml": encryption})
    with pytest.raises(DocumentError, match="DRM"):
        epub.read(data)


def test_font_obfuscation_is_not_drm() -> None:
    encryption = (
        b'<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" '
        b'xmlns:enc="http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData>'
        b'<enc:EncryptionMethod Algorithm="http://www.idpf.org/2008/embedding"/>'
        b"</enc:EncryptedData></encryption>"
    )
    data = build_epub(CHAPTERS, extra_files={"META-INF/encryption.xml": encryption})
    assert epub.read(data).paragraphs


@pytest.mark.filterwarnings("ignore:Duplicate name")
def test_entity_expansion_in_the_package_is_refused() -> None:
    entities = "".join(
        f'<!ENTITY e{i} "{f"&e{i - 1};" * 10 if i else "x" * 10}">' for i in range(9)
    )
    opf = f'<?xml version="1.0"?><!DOCTYPE p [{entities}]><package>&e8;</package>'
    data = build_epub(CHAPTERS, extra_files={"OEBPS/content.opf": opf.encode()})
    with pytest.raises(DocumentError, match=r"content\.opf"):
        epub.read(data)
