"""Writes tests/conformance/dates/{biber,biblatex-manual}/cases.json: date field values with
what biber makes of them, transcribed from biber's t/dateformats.t (its date fields in
t/tdata/dateformats.bib, its expected .bbl fields and warnings) and from the biblatex manual's
date tables (section 2.3.8, tables "Date Specifications", "ISO8601-2 4.3 Unspecified Date
Parsing" and "Enhanced Date Specifications").

Each expected value is (year, month, day, endyear, endmonth, endday, range), years astronomical
as biber keeps them (-0379 is -379, shown "380 BCE"), None for a part not given or an open end,
`range` for a range (`1997/` is one, `1997` is not; unspecified digits stand for one); or
"invalid" where biber warns "Invalid format ... - ignoring".

    python tests/conformance/tools/make_dates.py
"""

from __future__ import annotations

from pathlib import Path

from cases import write_cases

HERE = Path(__file__).resolve().parents[1] / "dates"
BAD = "invalid"

# (entry.field as in dateformats.bib, value, expected, where the expectation is in dateformats.t)
BIBER = [
    ("L1.origdate", "1985-1030", BAD, "$l1 warnings"),
    ("L1.urldate", "1.5.1998", BAD, "$l1 warnings"),
    ("L2.origdate", "1995-1230", BAD, "$l2 warnings"),
    ("L3.urldate", "1.5.1988", BAD, "$l3 warnings"),
    ("L4.date", "1995-1-04", BAD, "$l4 warnings"),
    ("L5.date", "1995-10-4", BAD, "$l5 warnings"),
    ("L6.date", "1996-13-03", BAD, "$l6 warnings"),
    ("L7.eventdate", "1996-10-35", BAD, "$l7 warnings"),
    ("L9.eventdate", "1996-12-31", (1996, 12, 31, None, None, None, False), "test 9: no warnings"),
    ("L10.eventdate", "1996-01-01", (1996, 1, 1, None, None, None, False), "test 10: no warnings"),
    ("L11.date", "1996-01-01", (1996, 1, 1, None, None, None, False), "test 11a: DATE overrides YEAR"),
    ("L12.date", "1996-01-01", (1996, 1, 1, None, None, None, False), "test 12a: DATE overrides MONTH"),
    ("L13.date", "1996-01-01/..", (1996, 1, 1, None, None, None, True), "$l13c, tests 13-13b: open end"),
    ("L14.date", "1996-12-10/1996-12-12", (1996, 12, 10, 1996, 12, 12, True), "$l14"),
    ("L16.eventdate", "1996-01-01", (1996, 1, 1, None, None, None, False), "$l16"),
    ("L17.date", "1996-12-10/1996-12-12", (1996, 12, 10, 1996, 12, 12, True), "$l17"),
    ("L17.origdate", "1998-12-10/1998-12-12", (1998, 12, 10, 1998, 12, 12, True), "$l17c"),
    ("L17.eventdate", "1998-12-10/2004-12-12", (1998, 12, 10, 2004, 12, 12, True), "$l17e"),
    ("era1.date", "-0379-02", (-379, 2, None, None, None, None, False), "$era1: year 379 bce, month 2"),
    ("era1.origdate", "-0221/-0219", (-221, None, None, -219, None, None, True), "$era1"),
    ("era2.date", "-0197", (-197, None, None, None, None, None, False), "$era2"),
    ("era2.eventdate", "-0249", (-249, None, None, None, None, None, False), "$era2"),
    ("era2.origdate", "-0049/-0044", (-49, None, None, -44, None, None, True), "$era2"),
    ("era3.date", "-0196-02", (-196, 2, None, None, None, None, False), "$era3"),
    ("era3.eventdate", "0250-03-02", (250, 3, 2, None, None, None, False), "$era3"),
    ("era4.date", "1034~", (1034, None, None, None, None, None, False), "$era4: datecirca"),
    ("era4.eventdate", "1565?", (1565, None, None, None, None, None, False), "$era4: eventdateuncertain"),
    ("era4.urldate", "1487~/1490", (1487, None, None, 1490, None, None, True), "$era4"),
    ("era4.origdate", "1487/1488~", (1487, None, None, 1488, None, None, True), "$era4"),
    ("range1.date", "1034/", (1034, None, None, None, None, None, True), "$range1: enddateunknown"),
    ("range1.eventdate", "1565/..", (1565, None, None, None, None, None, True), "$range1"),
    ("range1.origdate", "2000/..", (2000, None, None, None, None, None, True), "$range1"),
    ("range1.urldate", "/1034", (None, None, None, 1034, None, None, True), "$range1: urldateunknown"),
    ("range2.date", "1034/", (1034, None, None, None, None, None, True), "$range2"),
    ("range2.eventdate", "../1565", (None, None, None, 1565, None, None, True), "$range2"),
    ("range2.origdate", "../2000", (None, None, None, 2000, None, None, True), "$range2"),
    ("range2.urldate", "/1034", (None, None, None, 1034, None, None, True), "$range2"),
    ("season1.date", "2003-21", (2003, None, None, None, None, None, False), "$season1: yeardivision spring"),
    ("season1.eventdate", "2002-23", (2002, None, None, None, None, None, False), "$season1: autumn"),
    ("time1.date", "2001-01-03T15:00:00", (2001, 1, 3, None, None, None, False), "$time1"),
    ("time1.origdate", "2001-01-03T17:07:34Z", (2001, 1, 3, None, None, None, False), "$time1"),
    ("time1.urldate", "2001-01-03T17:07:34+05:00", (2001, 1, 3, None, None, None, False), "$time1"),
    ("unspec1.date", "199X", (1990, None, None, 1999, None, None, True), "$unspec1: yearindecade"),
    ("unspec1.eventdate", "19XX", (1900, None, None, 1999, None, None, True), "$unspec1: yearincentury"),
    ("unspec1.origdate", "1999-XX", (1999, 1, None, 1999, 12, None, True), "$unspec1: monthinyear"),
    ("unspec1.urldate", "1999-01-XX", (1999, 1, 1, 1999, 1, 31, True), "$unspec1: dayinmonth"),
    ("unspec2.date", "1999-XX-XX", (1999, 1, 1, 1999, 12, 31, True), "$unspec2: dayinyear"),
    ("y1.date", "Y17000002", (17000002, None, None, None, None, None, False), "Extended years - 1"),
    ("y2.date", "Y-17000002", (-17000002, None, None, None, None, None, False), "Extended years - 2"),
    ("y3.date", "Y1700", BAD, "Extended years - 3: year undef"),
    ("open1.date", "/2004-01-01", (None, None, None, 2004, 1, 1, True), "Open - 1"),
    ("open2.date", "../2004-01-01", (None, None, None, 2004, 1, 1, True), "Open - 2"),
    ("script1.date", "१९८७-०१-१५/१९८८-०५-११", (1987, 1, 15, 1988, 5, 11, True), "Scripts - 1..6 (biber keeps the script's digits; the numbers are these)"),
    ("mill1.date", "2016-01-19T14:20:00.000Z", (2016, 1, 19, None, None, None, False), "Milliseconds - 1..3"),
]

# (value, expected, table)
MANUAL = [
    ("1850", (1850, None, None, None, None, None, False), "Date Specifications"),
    ("1997/", (1997, None, None, None, None, None, True), "Date Specifications: 1997--"),
    ("/1997", (None, None, None, 1997, None, None, True), "Date Specifications: --1997"),
    ("1997/..", (1997, None, None, None, None, None, True), "Date Specifications: 1997--"),
    ("../1997", (None, None, None, 1997, None, None, True), "Date Specifications: --1997"),
    ("1967-02", (1967, 2, None, None, None, None, False), "Date Specifications: February 1967"),
    ("2009-01-31", (2009, 1, 31, None, None, None, False), "Date Specifications: 31st January 2009"),
    ("1988/1992", (1988, None, None, 1992, None, None, True), "Date Specifications: 1988--1992"),
    ("2002-01/2002-02", (2002, 1, None, 2002, 2, None, True), "Date Specifications: January 2002--February 2002"),
    ("1995-03-30/1995-04-05", (1995, 3, 30, 1995, 4, 5, True), "Date Specifications: 30th March 1995--5th April 1995"),
    ("2004-04-05T14:34:00", (2004, 4, 5, None, None, None, False), "Date Specifications: 5th April 2004 14:34:00"),
    ("199X", (1990, None, None, 1999, None, None, True), "Unspecified: 1990/1999"),
    ("19XX", (1900, None, None, 1999, None, None, True), "Unspecified: 1900/1999"),
    ("1999-XX", (1999, 1, None, 1999, 12, None, True), "Unspecified: 1999-01/1999-12"),
    ("1999-01-XX", (1999, 1, 1, 1999, 1, 31, True), "Unspecified: 1999-01-01/1999-01-31"),
    ("1999-XX-XX", (1999, 1, 1, 1999, 12, 31, True), "Unspecified: 1999-01-01/1999-12-31"),
    ("0000", (0, None, None, None, None, None, False), "Enhanced: 1 BC"),
    ("-0876", (-876, None, None, None, None, None, False), "Enhanced: 877 BCE"),
    ("-0877/-0866", (-877, None, None, -866, None, None, True), "Enhanced: 878 BC--867 BC"),
    ("0768", (768, None, None, None, None, None, False), "Enhanced: 0768 CE"),
    ("-0343-02", (-343, 2, None, None, None, None, False), "Enhanced: 344-02 BCE"),
    ("0343-02-03", (343, 2, 3, None, None, None, False), "Enhanced: 343-02-03 CE"),
    ("0343-02-03 (julian)", (343, 2, 2, None, None, None, False), "Enhanced: 343-02-02 CE with the julian option"),
    ("1723~", (1723, None, None, None, None, None, False), "Enhanced: circa 1723"),
    ("1723?", (1723, None, None, None, None, None, False), "Enhanced: 1723?"),
    ("1723%", (1723, None, None, None, None, None, False), "Enhanced: circa 1723?"),
    ("2004-22", (2004, None, None, None, None, None, False), "Enhanced: 2004 (summer)"),
    ("2004-24", (2004, None, None, None, None, None, False), "Enhanced: 2004 (winter)"),
]

KEYS = ("year", "month", "day", "endyear", "endmonth", "endday", "range")


def _expected(value):
    return value if value == BAD else dict(zip(KEYS, value))


def _write(folder: str, cases: list[dict]) -> None:
    out = HERE / folder / "cases.json"
    write_cases(out, cases)
    print(f"{folder}: {len(cases)} cases -> {out}")


if __name__ == "__main__":
    _write("biber", [{"id": f"dateformats.bib {field} = {{{value}}} ({source})", "date": value, "expected": _expected(expected)} for field, value, expected, source in BIBER])
    _write("biblatex-manual", [{"id": f"{value} ({table})", "date": value.removesuffix(" (julian)"), **({"julian": True} if "julian" in value else {}), "expected": _expected(expected)} for value, expected, table in MANUAL])
