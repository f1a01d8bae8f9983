"""Make untrusted text safe to hold in the model and to put on a screen.

Text enters reader from documents, notes, tags and file names. A terminal acts on
some characters instead of showing them: ``ESC [ ... m`` recolours, ``ESC ] 2 ; X``
retitles the window, C1 controls and bidi overrides reorder or hide what follows.
Textual passes such sequences inside text straight through to the terminal, so
they are removed once, where text enters the model, and nothing downstream has to
think about them again. Markup (``[bold]``) is *not* touched here: it is ordinary
text, and the display layer is responsible for never interpreting it.

Some text reaches the screen without entering the model: file names in error
lines, messages from libraries, values of a store written elsewhere. Everything
printed or shown therefore passes :func:`for_terminal` on its way out, the last
check; text already cleaned goes through it unchanged.
"""

from __future__ import annotations

import re

__all__ = [
    "TERMINAL_ACTIVE",
    "clean_line",
    "clean_text",
    "clean_value",
    "for_terminal",
    "safe_url",
]

# ESC-introduced sequences: CSI (ESC [ ... final), OSC/DCS/SOS/PM/APC strings
# (terminated by BEL or ST), and two-byte escapes (ESC + one character). A string
# sequence is removed with its payload only when it is terminated on the same line
# within 4096 characters: an unterminated ``ESC ]`` in a document must not swallow
# the rest of the text, and once its introducer is gone the payload is plain text.
_ESCAPES = re.compile(
    r"""
    \x1b\[[0-?]{0,64}[ -/]{0,8}[@-~]             # CSI ... final byte
    | \x1b[\]PX^_][^\x07\x1b\x9c\n]{0,4096}(?:\x07|\x1b\\|\x9c)  # OSC, DCS, SOS, PM, APC
    | \x9b[0-?]{0,64}[ -/]{0,8}[@-~]              # 8-bit CSI
    | [\x90\x9d\x98\x9e\x9f][^\x07\x1b\x9c\n]{0,4096}(?:\x07|\x1b\\|\x9c)  # 8-bit strings
    | \x1b[ -~]?                                 # any other escape (and a lone ESC)
    """,
    re.VERBOSE,
)

# Remaining C0 controls except TAB and LF, DEL, C1 controls, bidi embeddings,
# overrides and isolates, and stray byte-order marks / interlinear annotation marks.
_CONTROLS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufeff\ufff9-\ufffb]"
)
_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x85]")
# Every character any of the three patterns above acts on: text without one of
# them (nearly every paragraph) is returned as it is after a single scan.
_ASCII_SAFE = bytes(range(0x20, 0x7F)) + b"\t\n"
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ufff9-\ufffb]"
)


def clean_text(text: str) -> str:
    """Return ``text`` with terminal escapes and invisible control characters removed.

    Line endings are normalised to ``\\n`` (CR, CRLF, NEL and the Unicode line and
    paragraph separators); tabs and newlines are kept; everything else a terminal
    would act on instead of print is dropped.

    Args:
        text: Any string, typically the decoded contents of a file.

    Returns:
        The same text, safe to store and (once escaped for markup) to display.
    """
    if text.isascii():
        # Deleting every byte that needs nothing done leaves nothing: a C-speed test,
        # five times faster than a regex scan of a 5 MB book.
        if text.isprintable() or not text.encode("ascii").translate(None, _ASCII_SAFE):
            return text
    elif _UNSAFE.search(text) is None:
        return text
    text = _LINE_BREAKS.sub("\n", text)
    text = _ESCAPES.sub("", text)
    return _CONTROLS.sub("", text)


def clean_line(text: str) -> str:
    """Like :func:`clean_text`, for single-line values (titles, tags, names).

    Line breaks and tabs become spaces, runs of spaces collapse, ends are trimmed.
    """
    if text.isascii() and text.isprintable():  # no control characters, tabs or newlines
        return text.strip(" ") if "  " not in text else " ".join(text.split())
    return " ".join(clean_text(text).split())


def clean_value(value: object) -> object:
    """Like :func:`clean_text`, for a JSON-like value (metadata a document carries).

    Strings are cleaned with :func:`clean_text` (a front-matter block keeps its
    lines), dictionary keys with :func:`clean_line`, lists and dictionaries item by
    item; numbers, booleans and ``None`` are returned as they are.
    """
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list):
        return [clean_value(item) for item in value]
    if isinstance(value, dict):
        return {clean_line(str(key)): clean_value(item) for key, item in value.items()}
    return value


URL_SCHEMES = frozenset({"http", "https", "ftp", "ftps", "mailto", "gopher", "gemini", "news"})
"""Schemes a document's link may name: places to read. Others (``file``, ``javascript``,
``data``, ``x-scheme-handler``...) would have the system opener run or show something
the reader never asked for, so links naming them are dropped."""
_MAX_URL = 2048
_URL_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]{0,31}):")
_URL_WRAP = re.compile(r"[\t\n\r]")
_URL_UNSAFE = re.compile(
    r"[\x00-\x20\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ufff9-\ufffb]"
)


def safe_url(url: str) -> str | None:
    """``url`` if it is an absolute URL that is safe to show, open and hyperlink.

    A link target comes from the document, so it is untrusted twice: it reaches the
    system opener and, as an OSC 8 hyperlink, the terminal. White space the
    document wrapped into it is removed (as browsers do), inner spaces are
    percent-encoded; a URL that still holds a control, bidi or
    invisible character, is longer than 2048 characters, has no host (``http:x``)
    or a scheme outside :data:`URL_SCHEMES` gives ``None``.
    """
    url = _URL_WRAP.sub("", url.strip()).replace(" ", "%20")
    match = _URL_SCHEME.match(url)
    if match is None or len(url) > _MAX_URL or _URL_UNSAFE.search(url) is not None:
        return None
    scheme = match.group(1).lower()
    if scheme not in URL_SCHEMES:
        return None
    rest = url[match.end() :]
    if scheme not in ("mailto", "news") and not (rest.startswith("//") and len(rest) > 2):
        return None
    if not rest.strip("/"):
        return None
    return scheme + ":" + rest


TERMINAL_ACTIVE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069"
    "\ufeff\ufff9-\ufffb\ud800-\udfff]"
)
"""Every character that must not be written to a terminal as it is: C0 controls but
tab and newline (ESC, BEL, CR, backspace...), DEL, C1 controls (``\\x9b`` is an 8-bit
CSI), line and paragraph separators, bidi embeddings, overrides and isolates,
invisible format marks, and lone surrogates (a file name's undecodable bytes,
which cannot even be encoded for output)."""
_TERMINAL_ACTIVE_IN_LINE = re.compile(f"[\t\n{TERMINAL_ACTIVE.pattern[1:-1]}]")


def for_terminal(text: str, *, one_line: bool = False) -> str:
    """Return ``text`` ready to be written to a terminal: nothing in it can act.

    Unlike :func:`clean_text`, which removes escape sequences from text that
    enters the model, this *shows* each character a terminal would act on as a
    Python-style escape (``\\x1b``, ``\\u202e``): what reaches this point is mostly a
    file name or a message naming one, and the user must still recognise the file.
    A lone surrogate standing for an undecodable byte of a file name shows as that
    byte (``\\xff``).

    Args:
        text: Anything about to be printed or shown.
        one_line: Escape tabs and newlines too, so the result is one line (error
            messages, table cells, titles).

    Returns:
        ``text`` itself when it holds nothing to escape (the usual case, one scan).
    """
    pattern = _TERMINAL_ACTIVE_IN_LINE if one_line else TERMINAL_ACTIVE
    if pattern.search(text) is None:
        return text
    return pattern.sub(_shown, text)


def _shown(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # os.fsdecode's stand-in for an undecodable byte
        return f"\\x{code - 0xDC00:02x}"
    if code == 0x0A:
        return "\\n"
    if code == 0x09:
        return "\\t"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
