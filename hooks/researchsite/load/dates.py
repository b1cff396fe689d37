"""biblatex's `date` fields as biber reads them: ISO 8601-2 (EDTF) level 1, with biber's own
extensions. `2004`, `2004-05-17`, ranges `1988/1992` and open ones (`1997/`, `/1997`, `../1997`),
negative (astronomical) years, `Y17000002`, circa and uncertain marks (`1723~`, `1723?`, `1723%`),
seasons (`2004-22`: summer, a year to the reader), unspecified digits (`199X`, `1999-XX`: the
range they stand for), times (`2001-01-03T15:00:00Z`), and digits of any script."""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass

_POINT = re.compile(
    r"""^(?:Y(?P<long>-?\d{5,})
         |(?P<year>-?\d{4}|\d{3}X|\d{2}XX)
          (?:-(?P<month>\d{2}|XX)(?:-(?P<day>\d{2}|XX))?)?
          (?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?
        )[?~%]?$""",
    re.VERBOSE,
)
_OPEN = ("", "..")
_SEASONS = range(21, 25)  # spring, summer, autumn, winter (EDTF level 1)


@dataclass(frozen=True)
class Date:
    """A date or a range of them; a part not given is None (an open end, a year alone)."""

    year: int | None
    month: int | None = None
    day: int | None = None
    end_year: int | None = None
    end_month: int | None = None
    end_day: int | None = None
    is_range: bool = False  # `1997/` is a range with an open end, `1997` is no range


def parse_date(raw: str) -> Date | None:
    """The date in a biblatex date field, or None when biber would ignore it (with a warning)."""
    text = _ascii_digits(raw.strip())
    if text.count("/") > 1:
        return None
    if "/" not in text:
        point = _point(text)
        if point is None:
            return None
        start, end = point
        # `199X` stands for the range 1990/1999.
        return Date(*start, *end, is_range=True) if end != start else Date(*start)
    first, second = text.split("/")
    if first in _OPEN and second in _OPEN:
        return None
    start = _point(first) if first not in _OPEN else ((None, None, None), None)
    end = _point(second) if second not in _OPEN else (None, (None, None, None))
    if start is None or end is None:
        return None
    return Date(*start[0], *end[1], is_range=True)


_Parts = tuple[int | None, int | None, int | None]


def _point(text: str) -> tuple[_Parts, _Parts] | None:
    """One date's earliest and latest day: the same, but for unspecified digits."""
    match = _POINT.match(text)
    if match is None:
        return None
    if match["long"]:
        year = int(match["long"])
        return (year, None, None), (year, None, None)
    year_text, month_text, day_text = match["year"], match["month"], match["day"]
    if "X" in year_text:
        if month_text:  # `19XX-05`: not one of biblatex's unspecified forms
            return None
        low, high = int(year_text.replace("X", "0")), int(year_text.replace("X", "9"))
        return (low, None, None), (high, None, None)
    year = int(year_text)
    if month_text is None:
        return (year, None, None), (year, None, None)
    if month_text == "XX":
        if day_text not in (None, "XX"):
            return None
        if day_text is None:
            return (year, 1, None), (year, 12, None)
        return (year, 1, 1), (year, 12, 31)
    month = int(month_text)
    if month in _SEASONS and day_text is None:
        return (year, None, None), (year, None, None)  # a season: the year is what a reader needs
    if not 1 <= month <= 12:
        return None
    if day_text is None:
        return (year, month, None), (year, month, None)
    last_day = days_in(year, month)
    if day_text == "XX":
        return (year, month, 1), (year, month, last_day)
    day = int(day_text)
    if not 1 <= day <= last_day:
        return None
    return (year, month, day), (year, month, day)


def days_in(year: int, month: int) -> int:
    """How many days the month has."""
    # Proleptic Gregorian, year 0 and negative years included (the leap years repeat every 400).
    return calendar.monthrange(2000 + year % 400, month)[1]


def _ascii_digits(text: str) -> str:
    """`१९८७` as `1987`: biber reads the digits of any script."""
    if text.isascii():
        return text
    return "".join(str(unicodedata.digit(char)) if char.isdigit() else char for char in text)
