"""The "Added on" times of Kindle clippings, in the languages Kindles write them.

A Kindle writes each clipping's time in the device's language and its own style:
``Added on Monday, March 4, 2019 10:02:00 PM``, ``Hinzugefügt am Montag, 4. März
2019 22:02:00``, ``Añadido el lunes, 4 de marzo de 2019 22:02:00``, ``作成日:
2019年3月4日月曜日 22:02:00``, ``添加于 2019年3月4日星期一 下午10:02:00``. Rather
than one pattern per language, the parts are found separately: the time (with
an AM/PM marker in any of its forms), the four-digit year, the month (a name in
one of the languages below, or CJK digits), and the day. The time zone is not
written; the time is kept as written, read as UTC.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

__all__ = ["parse_added_on"]

_MONTHS: dict[str, int] = {}
for _names in (
    "january february march april may june july august september october november december",
    "jan feb mar apr may jun jul aug sep oct nov dec",
    "januar februar märz april mai juni juli august september oktober november dezember",
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
    "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",
    "januari februari maart april mei juni juli augustus september oktober november december",
    "января февраля марта апреля мая июня июля августа сентября октября ноября декабря",
):
    for _number, _name in enumerate(_names.split(), start=1):
        _MONTHS.setdefault(_name, _number)
_MONTHS.update({"jänner": 1, "sept": 9, "setiembre": 9})

_TIME = re.compile(r"(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?")
_CJK_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")
_DAY = re.compile(r"(?<!\d)(\d{1,2})(?!\d)")
_WORD = re.compile(r"[^\W\d_]+")
_PM = re.compile(r"\bp\.?\s?m\b\.?|下午|午後|오후", re.IGNORECASE)
_AM = re.compile(r"\ba\.?\s?m\b\.?|上午|午前|오전", re.IGNORECASE)


def parse_added_on(text: str) -> datetime | None:
    """The time in a clipping's "Added on" part, or ``None`` when it cannot be read.

    Args:
        text: The part of the clipping's second line after the last ``|``.
    """
    text = text.casefold()
    hour = minute = second = 0
    time = _TIME.search(text)
    if time is not None:
        hour, minute = int(time.group(1)), int(time.group(2))
        second = int(time.group(3) or 0)
        if _PM.search(text) and hour < 12:
            hour += 12
        elif _AM.search(text) and hour == 12:
            hour = 0
        text = text[: time.start()] + " " + text[time.end() :]
    date = _CJK_DATE.search(text) or _ISO_DATE.search(text)
    if date is not None:
        year, month, day = (int(g) for g in date.groups())
    else:
        found_year = _YEAR.search(text)
        month_number = next((_MONTHS[w] for w in _WORD.findall(text) if w in _MONTHS), None)
        if found_year is None or month_number is None:
            return None
        year, month = int(found_year.group(1)), month_number
        rest = text[: found_year.start()] + " " + text[found_year.end() :]
        found_day = _DAY.search(rest)
        if found_day is None:
            return None
        day = int(found_day.group(1))
    try:
        return datetime(year, month, day, hour, minute, second, tzinfo=UTC)
    except ValueError:
        return None
