"""Previews: a large file's start, read as the whole file would be, for a fast first screen."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from reader.model import Document
from reader.readers import FORMATS, load_document, load_preview
from reader.readers.preview import HEAD_BYTES, PREVIEW_CHARS


def _book(chapters: int = 80) -> str:
    """A plain-text book larger than a preview's head, with repeated paragraphs."""
    parts = ["THE TEST BOOK\n\nby A. Writer\n"]
    for chapter in range(1, chapters + 1):
        parts.append(f"\n\nCHAPTER {chapter}\n")
        for verse in range(30):
            parts.append(
                f"\nVerse {verse} of chapter {chapter} goes on for a while so that the\n"
                "lines wrap like a real book's, with words and more words in it.\n"
            )
            parts.append("\nAnd it was so.\n")  # a duplicate: anchors get -N suffixes
    return "".join(parts)


def _assert_prefix(preview: Document, full: Document) -> None:
    assert 0 < len(preview.paragraphs) < len(full.paragraphs)
    for mine, theirs in zip(preview.paragraphs, full.paragraphs, strict=False):
        assert (mine.index, mine.anchor, mine.text, mine.kind, mine.boilerplate) == (
            theirs.index,
            theirs.anchor,
            theirs.text,
            theirs.kind,
            theirs.boilerplate,
        )
        assert preview.section_path(mine.section) == full.section_path(theirs.section)
    assert preview.format == full.format


def test_plain_text_preview_is_the_start_of_the_document(tmp_path: Path) -> None:
    path = tmp_path / "book.txt"
    path.write_text(_book(), encoding="utf-8")
    assert path.stat().st_size > HEAD_BYTES

    preview = load_preview(path)

    assert preview is not None
    assert sum(len(p.text) for p in preview.paragraphs) <= PREVIEW_CHARS
    _assert_prefix(preview, load_document(path))


def test_markdown_preview_skips_the_front_matter(tmp_path: Path) -> None:
    """A preview shows no metadata, so it does not pay for reading YAML."""
    filler = "".join(f"A paragraph {i} of prose, long enough to count.\n\n" for i in range(8000))
    path = tmp_path / "essay.md"
    path.write_text(f"---\ntitle: The Real Title\n---\n\n# Heading\n\n{filler}", encoding="utf-8")

    preview = load_preview(path)
    full = load_document(path)

    assert preview is not None
    _assert_prefix(preview, full)
    assert full.title == "The Real Title"
    assert preview.title == "Heading"


def test_markdown_preview_never_ends_inside_a_fenced_block(tmp_path: Path) -> None:
    filler = ""
    while len(filler) < PREVIEW_CHARS - 2000:
        filler += f"A paragraph {len(filler)} of prose, long enough to count.\n\n"
    assert len(filler) < PREVIEW_CHARS < len(filler) + 4000
    code = "```\n" + "".join(f"line {i}\n\n" for i in range(600)) + "```\n\n"
    path = tmp_path / "notes.md"
    path.write_text("# Notes\n\n" + filler + code + filler * 20, encoding="utf-8")
    assert path.stat().st_size > HEAD_BYTES

    preview = load_preview(path)

    assert preview is not None
    assert all("line " not in p.text for p in preview.paragraphs)
    _assert_prefix(preview, load_document(path))


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("small.txt", b"A short essay.\n\nIt is read whole.\n"),
        ("page.html", ("<!doctype html><p>x</p>\n\n" * 20_000).encode()),
        ("legacy.txt", ("Caf\xe9 cr\xe8me.\n\n" * 30_000).encode("cp1252")),
        ("scan.pdf", b"%PDF-1.7\n" + b"0" * (HEAD_BYTES + 10)),
        ("one-paragraph.txt", b"word " * (HEAD_BYTES // 4)),
    ],
)
def test_nothing_to_preview(tmp_path: Path, name: str, content: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert load_preview(path) is None


def test_a_missing_file_has_no_preview(tmp_path: Path) -> None:
    assert load_preview(tmp_path / "gone.txt") is None


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_format_table_agrees_with_each_reader(name: str) -> None:
    module = importlib.import_module(FORMATS[name].module)
    assert (name, FORMATS[name].extensions) == (module.FORMAT, module.EXTENSIONS)
    assert FORMATS[name].sniff is getattr(module, "sniff", None)


def test_long_pdf_preview_is_its_first_pages(tmp_path: Path, clean_sample: Path) -> None:
    """A long PDF's first screen comes from its first pages, read as the whole file is."""
    from reader.readers.pdf import PREVIEW_PAGES
    from tests.core.format_samples import build_pdf
    from tests.core.test_pdf import chapters_of

    path = tmp_path / "long.pdf"
    path.write_bytes(build_pdf(chapters_of(clean_sample) * 45))
    assert path.stat().st_size > HEAD_BYTES

    preview = load_preview(path)

    assert preview is not None
    full = load_document(path)
    _assert_prefix(preview, full)
    # the first pages, less a paragraph that may go on past them
    assert len(preview.paragraphs) < len(full.paragraphs) * PREVIEW_PAGES / 100
    assert [s.title for s in preview.sections] == [s.title for s in full.sections][
        : len(preview.sections)
    ]
