"""Inputs built to cost too much, shared by the tests and ``benchmarks/bench_hostile.py``."""

from __future__ import annotations

import io
import zipfile

from tests.core.format_samples import Chapter, build_epub

_PLACEHOLDER = "TITLE-GOES-HERE"
_SENTENCE = (
    "the reader keeps every word of a page however long it is and shows it "
    "one paragraph at a time without losing its place"
)
_WORDS = tuple(_SENTENCE.split(" "))


def quotes_in_lists(levels: int) -> str:
    """``<blockquote><ul><li>`` nested ``levels`` deep, a word (``w0``...) at each level."""
    opening = "".join(f"<blockquote><ul><li>w{i} " for i in range(levels))
    return f"<html><body>{opening}{'</li></ul></blockquote>' * levels}</body></html>"


def nested_divs(levels: int) -> str:
    """``<div>`` nested ``levels`` deep, a word (``d0``...) at each level."""
    opening = "".join(f"<div>d{i} " for i in range(levels))
    return f"<html><body>{opening}{'</div>' * levels}</body></html>"


def epub_with_nested_title(levels: int) -> bytes:
    """An EPUB whose ``dc:title`` nests ``levels`` ``<span>``, a word (``t0``...) in each."""
    title = "".join(f"<span>t{i} " for i in range(levels)) + "</span>" * levels
    book = build_epub([Chapter("One", "<p>Text.</p>")], title=_PLACEHOLDER)
    source = zipfile.ZipFile(io.BytesIO(book))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.endswith(".opf"):
                data = data.replace(_PLACEHOLDER.encode(), title.encode())
            target.writestr(item, data)
    return out.getvalue()


def many_paragraphs(count: int) -> str:
    """A page of ``count`` ``<p>`` paragraphs of 12 to 31 words, one a line."""
    size = len(_WORDS)
    paragraphs = (
        " ".join(_WORDS[(i * 7 + k) % size] for k in range(12 + i % 20)).capitalize()
        for i in range(count)
    )
    body = "\n".join(f"<p>{i}: {text}.</p>" for i, text in enumerate(paragraphs))
    head = "<!doctype html><html><head><title>Many</title></head>"
    return f"{head}<body><main>\n{body}\n</main></body></html>"


def one_line_page(size: int) -> str:
    """A page whose body is one paragraph of about ``size`` characters on one line."""
    sentence = _SENTENCE + ". "
    return f"<html><body><p>{sentence * (size // len(sentence))}</p></body></html>"
