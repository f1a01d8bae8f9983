"""Decoding a file's bytes: Unicode with and without BOM, legacy 8-bit, bad and binary bytes."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.decode import decode_bytes, looks_binary
from reader.errors import NotATextDocumentError

TEXT = "Naïve café “quoted” — déjà vu, 5 €."


def test_utf8_without_bom() -> None:
    decoded = decode_bytes(TEXT.encode("utf-8"))
    assert (decoded.text, decoded.encoding) == (TEXT, "utf-8")


def test_utf8_with_bom_drops_the_bom() -> None:
    decoded = decode_bytes(codecs.BOM_UTF8 + TEXT.encode("utf-8"))
    assert (decoded.text, decoded.encoding) == (TEXT, "utf-8")


@pytest.mark.parametrize(
    ("bom", "encoding"),
    [(codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")],
)
def test_utf16_with_bom(bom: bytes, encoding: str) -> None:
    decoded = decode_bytes(bom + TEXT.encode(encoding))
    assert (decoded.text, decoded.encoding) == (TEXT, encoding)


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("Café “quoted” — naïve façade, déjà vu. Les élèves étaient très fâchés.", "cp1252"),
        ("Die Straße war naß und kühl, aber die Mädchen lachten fröhlich.", "latin-1"),
        ("Все счастливые семьи похожи друг на друга", "koi8-r"),
        ("Все счастливые семьи похожи друг на друга, каждая несчастливая семья.", "cp1251"),
        ("Příliš žluťoučký kůň úpěl ďábelské ódy. Zażółć gęślą jaźń.", "cp1250"),
        ("Καλημέρα κόσμε, τι κάνεις σήμερα; Όλα καλά εδώ στην Αθήνα.", "iso8859-7"),
    ],
)
def test_legacy_8bit_text_reads_correctly(text: str, encoding: str) -> None:
    assert decode_bytes(text.encode(encoding)).text == text


def test_a_few_bad_bytes_in_utf8_stay_utf8() -> None:
    data = "Café, naïve, déjà vu, façade. ".encode() * 3 + b"\xff\xfe broken"
    decoded = decode_bytes(data)
    assert decoded.encoding == "utf-8"
    assert decoded.text.startswith("Café, naïve")
    assert "\ufffd" in decoded.text


def test_binary_is_refused_with_a_clear_message() -> None:
    with pytest.raises(NotATextDocumentError, match="not a text document"):
        decode_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", name="x.png")
    assert looks_binary(b"abc\x00def")
    assert not looks_binary(b"abc def")


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_any_bytes_decode_or_are_refused_as_binary(data: bytes) -> None:
    try:
        decoded = decode_bytes(data)
    except NotATextDocumentError:
        assert looks_binary(data)
    else:
        assert isinstance(decoded.text, str)
