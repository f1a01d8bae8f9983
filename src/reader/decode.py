"""Turn a file's bytes into text, whatever encoding it was saved in.

UTF-8 (with or without BOM) and UTF-16/32 with a BOM are recognised exactly;
so are the 7-bit escape-based encodings (ISO-2022-JP, -KR, -CN and their
kin: Japanese mail and old Japanese manuals), which are valid ASCII and so
would pass for UTF-8 with their escape sequences shown as text. Anything
else that is not valid UTF-8 is a legacy 8-bit encoding, named by the rules
in :func:`_detect` or by charset-normalizer. Bad bytes never raise: they
become U+FFFD. Binary data is refused with a clear message instead of being
shown as garbage.
"""

from __future__ import annotations

import codecs
import re
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
    escaped = _iso2022(data)
    if escaped is not None:
        return DecodedText(_decode_iso2022(data, escaped), escaped)
    try:
        return DecodedText(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    # UTF-8 with damaged bytes stays UTF-8; a legacy 8-bit file goes to detection.
    # Legacy text almost never forms a valid multi-byte sequence by accident (it
    # takes a capital like "Ã" followed by a symbol like "©"), so a fair share of
    # valid sequences among the bad bytes means UTF-8.
    valid = len(text) - len(text.encode("ascii", "ignore")) - bad
    if valid and 4 * valid >= bad:
        return DecodedText(text, "utf-8")
    encoding = _detect(data)
    return DecodedText(data.decode(encoding, errors="replace"), encoding)


_ISO2022_DESIGNATION = re.compile(rb"\x1b(?:\$[@AB]|\$[()*+][@A-Z]|[(][BJI]|[.][AF])")
_ISO2022_FAMILIES = (
    # the most specific first: a JIS X 0213 text also holds plain ISO-2022-JP escapes
    (re.compile(rb"\x1b\$[)*+][AGEHI-M]"), "iso2022_cn"),
    (re.compile(rb"\x1b\$\)C"), "iso2022_kr"),
    (re.compile(rb"\x1b\$\([OPQ]"), "iso2022_jp_2004"),
    (re.compile(rb"\x1b(?:\$A|\$\([CD]|[.][AF])"), "iso2022_jp_2"),
    (re.compile(rb"\x1b\(I"), "iso2022_jp_ext"),
)


def _iso2022(data: bytes) -> str | None:
    """The ISO-2022 encoding of 7-bit ``data`` that designates character sets, else ``None``.

    Such text has no byte above 0x7F and switches character sets with escape
    sequences (``ESC $ B`` for JIS X 0208, ``ESC $ ) C`` for KS X 1001 ...);
    terminal colour codes (``ESC [``) are not designations.
    """
    sample = data[:_DETECT_SAMPLE]
    if b"\x1b" not in sample or not sample.isascii():
        return None
    if _ISO2022_DESIGNATION.search(sample) is None:
        return None
    for pattern, encoding in _ISO2022_FAMILIES:
        if pattern.search(sample) is not None:
            return encoding
    return "iso2022_jp"


_CN_SHIFT = re.compile(rb"\x1b\$[)*+][A-Z]|\x0e|\x0f|\n")


def _decode_iso2022(data: bytes, encoding: str) -> str:
    """Decode ``data``; Python has no ISO-2022-CN codec, so that one is decoded here."""
    if encoding != "iso2022_cn":
        return data.decode(encoding, errors="replace")
    return _decode_iso2022_cn(data)


def _decode_iso2022_cn(data: bytes) -> str:
    """Decode ISO-2022-CN (RFC 1922): GB 2312 shifted in with SO/SI.

    Only GB 2312 (``ESC $ ) A``) has a codec in Python's standard library; text
    in the CNS 11643 planes (``ESC $ ) G``, ``ESC $ * H``) becomes U+FFFD, one
    per character. A line end ends the shift and the designation, as the RFC says.
    """
    out: list[str] = []
    g1 = b""
    shifted = False
    position = 0
    for match in _CN_SHIFT.finditer(data):
        out.append(_cn_run(data[position : match.start()], shifted, g1))
        token = match.group()
        if token == b"\x0e":
            shifted = True
        elif token == b"\x0f":
            shifted = False
        elif token == b"\n":
            out.append("\n")
            shifted, g1 = False, b""
        elif token[2:3] == b")":
            g1 = token[3:]
        position = match.end()
    out.append(_cn_run(data[position:], shifted, g1))
    return "".join(out)


def _cn_run(run: bytes, shifted: bool, g1: bytes) -> str:
    if not shifted:
        return run.decode("ascii", errors="replace")
    if g1 == b"A":
        return bytes(b | 0x80 for b in run).decode("gb2312", errors="replace")
    return "\ufffd" * (len(run) // 2)


def _detect(data: bytes) -> str:
    """Name the 8-bit encoding of ``data``.

    The two legacy families met most often are settled first, by rules that hold
    on short files too, where charset-normalizer is unreliable (it takes a short
    French cp1252 text for Baltic cp1257, or a KOI8-R sentence for Shift-JIS):
    Cyrillic (cp1251 or KOI8-R, told apart by which one makes the text mostly
    lower-case) and Western European cp1252. Anything else (Greek, Central
    European, Asian multi-byte encodings...) is left to charset-normalizer.
    """
    sample = data[:_DETECT_SAMPLE]
    cyrillic = _cyrillic(sample)
    if cyrillic is not None:
        return cyrillic
    if _plausible_cp1252(sample):
        return "cp1252"
    from charset_normalizer import from_bytes  # imported late: it is slow to import

    best = from_bytes(sample).best()
    if best is None:
        return "cp1252"
    try:
        return codecs.lookup(best.encoding).name
    except LookupError:
        return "cp1252"


_LATIN_IN_WORD = re.compile(rb"[A-Za-z][\x80-\xff]|[\x80-\xff][A-Za-z]")
_CASE_FLIP = re.compile(r"[а-яё][А-ЯЁ]")


def _cyrillic(sample: bytes) -> str | None:
    """``"cp1251"`` or ``"koi8-r"`` for Russian-like text, else ``None``.

    Cyrillic words are made of non-ASCII bytes only (accented Latin letters sit
    inside ASCII words), nearly every non-ASCII byte decodes to a Cyrillic letter,
    and the right encoding gives lower-case words without capitals inside them
    (Greek decoded as cp1251 does not: ``КблзмЭсб``).
    """
    high = sum(b >= 0x80 for b in sample)
    if not high or len(_LATIN_IN_WORD.findall(sample)) > 0.1 * high:
        return None
    best: tuple[int, str] | None = None
    for encoding in ("cp1251", "koi8-r"):
        text = sample.decode(encoding, errors="replace")
        letters = [c for c in text if "\u0400" <= c <= "\u04ff"]
        if len(letters) < 0.9 * high or len(_CASE_FLIP.findall(text)) > 0.01 * len(letters):
            continue
        lower = sum(c.islower() for c in letters)
        if lower >= 0.8 * len(letters) and (best is None or lower > best[0]):
            best = (lower, encoding)
    return None if best is None else best[1]


_CP1252_TEXT = frozenset("“”‘’–—…•€«»°©®™§¶¡¿\u00a0ŒœŠšŽžŸƒ")


def _plausible_cp1252(sample: bytes) -> bool:
    """Whether ``sample`` reads as Western European text in cp1252.

    Every non-ASCII character must be a Latin letter (``é``, ``ß``, ``ø``) or
    typographic punctuation (curly quotes, dashes, the euro sign): Central
    European text in cp1250 decoded this way shows undefined bytes or symbols
    such as ``³`` and ``¹`` in place of its letters.
    """
    text = sample.decode("cp1252", errors="replace")
    return all(
        c < "\x80" or c in _CP1252_TEXT or ("\u00c0" <= c <= "\u00ff" and c.isalpha()) for c in text
    )
