"""Paragraph anchors: short ids that follow a paragraph's text, not its position.

An anchor is derived from the paragraph's *normalised* text only, so it does not
change when other paragraphs are added, removed, moved or edited. Normalisation
folds what differs between two copies of the same text (a clean text file and a
web clip, a re-download, a re-wrap): typographic quotes and dashes, white space,
non-breaking and soft hyphens, bullet and number markers, and letter case.
Identical paragraphs in one document get distinct anchors by occurrence order.

An anchor is short enough to read and type (48 bits), so two texts sharing one can
be searched for in about a minute. An annotation therefore also keeps the
paragraph's :func:`text_digest` (128 bits: beyond any search), and a paragraph
found by its anchor is the annotated one only when the digest agrees.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Iterator

__all__ = [
    "ANCHOR_LENGTH",
    "DIGEST_LENGTH",
    "LINK_TARGET",
    "anchor_for",
    "assign_anchors",
    "digest_of",
    "fingerprint",
    "normalize",
    "text_digest",
    "undressed",
]

ANCHOR_LENGTH = 12
"""Hex digits in an anchor (48 bits: no chance collisions within a document, but
a collision can be searched for; see :func:`text_digest`)."""

DIGEST_LENGTH = 32
"""Hex digits in a text digest (128 bits)."""

_FOLD_MAP = {
    **dict.fromkeys("‘’‚‛′‵´ʼ", "'"),  # not the ASCII backtick: the ASCII fast path keeps it
    **dict.fromkeys("“”„‟″‶«»", '"'),
    **dict.fromkeys("‐‑‒–—―−⁃﹘﹣－", "-"),
    **dict.fromkeys("\u00a0\u2007\u202f\u2009\u200a\u2002\u2003\u3000\t\n\r", " "),
    **dict.fromkeys("\u00ad\u200b\u200c\u200d\u2060", ""),
    "…": "...",
}
# Folding is a substitution of the few characters that need it rather than
# str.translate over every character: real text has a handful per paragraph.
_FOLD = re.compile("[" + re.escape("".join(_FOLD_MAP)) + "]")
_BULLET = re.compile(r"\s*(?:[•◦▪▫‣●○■□·*+\-]|\(?\d{1,3}[.)]|\(?[a-zA-Z][.)](?=\s))\s+")
_SPACES = re.compile(r" {2,}")


def _fold(match: re.Match[str]) -> str:
    return _FOLD_MAP[match.group()]


def normalize(text: str) -> str:
    """Fold a paragraph's text to the form its anchor is computed from.

    Printable ASCII (most paragraphs of most books) skips the Unicode work.

    Args:
        text: The paragraph text as a reader produced it (may still hold hard
            line wraps, typographic punctuation or a leading bullet).

    Returns:
        Lower-cased, NFKC-normalised text with quotes, dashes, spaces and bullets
        folded; two copies of the same paragraph give the same string.
    """
    if not (text.isascii() and text.isprintable()):
        text = _FOLD.sub(_fold, text)
        if not unicodedata.is_normalized("NFKC", text):
            text = _FOLD.sub(_fold, unicodedata.normalize("NFKC", text))
    bullet = _BULLET.match(text)
    if bullet is not None:
        text = text[bullet.end() :]
    if "  " in text:
        text = _SPACES.sub(" ", text)
    return text.strip().casefold()


def _digest(normalized: str) -> str:
    return hashlib.blake2b(normalized.encode("utf-8"), digest_size=ANCHOR_LENGTH // 2).hexdigest()


def anchor_for(text: str, occurrence: int = 1) -> str:
    """Return the anchor of a paragraph with ``text``, the ``occurrence``-th of its kind.

    Args:
        text: Paragraph text (normalised here).
        occurrence: 1 for the first paragraph with this normalised text in the
            document, 2 for the second, and so on.
    """
    base = _digest(normalize(text))
    return base if occurrence == 1 else f"{base}-{occurrence}"


def assign_anchors(normalized_texts: Iterable[str]) -> Iterator[str]:
    """Yield one anchor per already-normalised paragraph text, in document order."""
    seen: dict[str, int] = {}
    for text in normalized_texts:
        base = _digest(text)
        count = seen.get(base, 0) + 1
        seen[base] = count
        yield base if count == 1 else f"{base}-{count}"


def digest_of(normalized: str) -> str:
    """The :func:`text_digest` of an already-normalised paragraph text."""
    return hashlib.blake2b(normalized.encode("utf-8"), digest_size=DIGEST_LENGTH // 2).hexdigest()


def text_digest(text: str) -> str:
    """The 128-bit digest of a paragraph's normalised text, which confirms its anchor.

    Kept with an annotation next to its anchor: a paragraph that has the anchor but
    not the digest holds other text (an edit that happens to keep the anchor, or
    one made to), and is treated as an edit of the annotated paragraph.

    Args:
        text: Paragraph text (normalised here, as for :func:`anchor_for`).
    """
    return digest_of(normalize(text))


def fingerprint(normalized_texts: Iterable[str]) -> str:
    """Return a content fingerprint of a document from its normalised paragraphs.

    Two files with the same paragraphs (whatever their names, paths, encodings,
    line endings or wrapping) share a fingerprint, so a moved or renamed file is
    recognised as the same document.
    """
    h = hashlib.blake2b(digest_size=16)
    for text in normalized_texts:
        h.update(text.encode("utf-8"))
        h.update(b"\x1e")
    return h.hexdigest()


LINK_TARGET = re.compile(r"[\[(<]\s*(?:https?|ftp|mailto|file):[^\])>\s]*\s*[\])>]|\[\d{1,4}\]")
"""A link target printed after a link (``[https://...]``, ``(https://...)``) or a text
dump's link number (``[48]``): what one rendering of a text adds and another lacks."""

_NOT_WORD = re.compile(r"[\W_]+")
_ASCII_DROP = str.maketrans("", "", "".join(chr(c) for c in range(128) if not chr(c).isalnum()))


def undressed(text: str) -> str:
    """``text`` as letters and digits only, case folded, link targets and numbers left out.

    Coarser than :func:`normalize`: it also folds away what differs between two
    renderings of one text (emphasis marks, inline-code quotes, printed link
    targets, hyphenation and spacing), so two copies of a work give the same
    string where their paragraphs' anchors differ. Used to recognise copies
    (:mod:`reader.store.sketch`) and to place notes across them
    (:mod:`reader.reanchor.copies`).
    """
    if "[" in text or "(" in text or "<" in text:
        text = LINK_TARGET.sub(" ", text)
    if text.isascii():
        return text.lower().translate(_ASCII_DROP)  # most paragraphs: no regular expression
    return _NOT_WORD.sub("", text.casefold())
