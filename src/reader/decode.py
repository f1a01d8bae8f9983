"""Turn a file's bytes into text, whatever encoding it was saved in.

UTF-8 (with or without BOM) and UTF-16/32 with a BOM are recognised exactly;
anything else that is not valid UTF-8 is handed to charset-normalizer. Bad bytes
never raise: they become U+FFFD. Binary data is refused with a clear message
instead of being shown as garbage.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from reader.errors import NotATextDocumentError

__all__ = ["DecodedText", "decode_bytes", "looks_binary"]

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_SNIFF = 8192
_DETECT_SAMPLE = 256 * 1024


@dataclass(frozen=True, slots=True)
class DecodedText:
    """Decoded text and the encoding it was decoded with."""

    text: str
    encoding: str


def looks_binary(data: bytes) -> bool:
    """True when ``data`` (without a UTF-16/32 BOM) holds NUL bytes near its start."""
    return b"\x00" in data[:_SNIFF]


def decode_bytes(data: bytes, *, name: str = "the file") -> DecodedText:
    """Decode a text file's bytes.

    Args:
        data: The file contents.
        name: How to refer to the file in an error message.

    Returns:
        The text (BOM removed) and the name of the encoding used.

    Raises:
        NotATextDocumentError: The data is binary.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return DecodedText(data[len(bom) :].decode(encoding, errors="replace"), encoding)
    if looks_binary(data):
        raise NotATextDocumentError(f"{name} is not a text document (it holds binary data)")
    try:
        return DecodedText(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    # Mostly-valid UTF-8 with a few damaged bytes stays UTF-8; a legacy 8-bit file
    # has (almost) no valid multi-byte sequences and goes to detection.
    non_ascii = len(text) - len(text.encode("ascii", "ignore"))
    if non_ascii - bad > 2 * bad:
        return DecodedText(text, "utf-8")
    encoding = _detect(data)
    return DecodedText(data.decode(encoding, errors="replace"), encoding)


def _detect(data: bytes) -> str:
    from charset_normalizer import from_bytes  # imported late: it is slow to import

    best = from_bytes(data[:_DETECT_SAMPLE]).best()
    if best is None:
        return "cp1252"
    try:
        return codecs.lookup(best.encoding).name
    except LookupError:
        return "cp1252"
