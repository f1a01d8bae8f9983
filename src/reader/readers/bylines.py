"""Dates and bylines as people write them at the top of a text or a web clip.

``July 17, 2017``, ``17 July 2017``, ``Mon, 17 Jul. 2017`` and ``2017-07-17``
are one date (stored as ISO ``YYYY-MM-DD``); ``by Ann Lee, Bo Chen and Cy Dunn``
is three authors. Used by the plain-text front matter
(:mod:`reader.readers.text_front`) and the web-clip reader.
"""

from __future__ import annotations

import datetime as dt
import re

__all__ = ["parse_byline", "parse_date", "search_date", "split_names"]

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
_DATES = (
    re.compile(
        rf"(?i:{_WEEKDAY}(?P<month>[a-z]{{3,9}})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?"
        r"\s+(?P<year>\d{4}))"
    ),
    re.compile(
        rf"(?i:{_WEEKDAY}(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>[a-z]{{3,9}})"
        r"\.?,?\s+(?P<year>\d{4}))"
    ),
    re.compile(r"(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})"),
)


def _iso(match: re.Match[str]) -> str | None:
    month_text = match.group("month")
    month = int(month_text) if month_text.isdigit() else _MONTHS.get(month_text.lower())
    if month is None:
        return None
    try:
        return dt.date(int(match.group("year")), month, int(match.group("day"))).isoformat()
    except ValueError:
        return None


def parse_date(line: str) -> str | None:
    """The ISO ``YYYY-MM-DD`` form of a line that is a date and nothing else, else ``None``.

    Accepts ``July 17, 2017``, ``Mon, 17 July 2017``, ``17th of Jul. 2017`` and
    ``2017-07-17``; an impossible date (``February 30``) is not a date.
    """
    if len(line) > 40:
        return None
    for pattern in _DATES:
        match = pattern.fullmatch(line)
        if match is not None:
            return _iso(match)
    return None


def search_date(text: str) -> str | None:
    """The ISO form of the first date found anywhere in ``text`` (see :func:`parse_date`)."""
    for pattern in _DATES:
        for match in pattern.finditer(text):
            iso = _iso(match)
            if iso is not None:
                return iso
    return None


_BYLINE = re.compile(r"(?i:by)\s+(\S.{0,100})")
_NAME_SEPARATORS = re.compile(r"\s*(?:,|;|&|\band\b)\s*(?:and\s+)?")


def split_names(text: str) -> list[str]:
    """Split ``Ann Lee, Bo Chen and Cy Dunn`` into names (commas, "and", "&")."""
    return [name for name in (n.strip(" .") for n in _NAME_SEPARATORS.split(text)) if name]


def parse_byline(line: str) -> list[str] | None:
    """The author names of a ``by NAME[, NAME and NAME]`` line, else ``None``.

    A byline names people: every name must start with a capital letter, which
    keeps "by the way, ..." out.
    """
    match = _BYLINE.fullmatch(line)
    if match is None:
        return None
    names = split_names(match.group(1))
    if not names or not all(name[0].isupper() and len(name) <= 60 for name in names):
        return None
    return names
