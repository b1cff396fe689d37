"""Read `site_config/cv.yml` into a Cv, every problem placed at its line; no file, no CV."""

from __future__ import annotations

from pathlib import Path

from ..structure.cv import CV_SECTIONS, DETAIL, CV_PAPERS, PRESENT, URL, WHAT, WHERE, Cv, CvEntry, Month, When
from ..structure.paper import Paper
from ..structure.problems import Problem, warning
from .schema import check_keys
from .yamlfile import Located, read_yaml


def load_cv(path: Path, root: Path, papers: list[Paper]) -> tuple[Cv | None, list[Problem]]:
    """The CV, or None when the site has no cv.yml (then it has no CV page and no PDF). A broken
    section is left out and reported; the rest is still read, so one build reports everything.
    `papers`: the site's, to warn of a publications section that would be empty."""
    if not path.is_file():
        return None, []
    shown = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
    data, problems = read_yaml(path, root)
    if problems:
        return None, problems
    if data is None:  # comments only: a CV of the profile and the papers
        cv = Cv()
        return cv, _too_many_papers(cv, papers, shown, 1)
    found, broken = check_keys(data, "cv", shown)
    problems += found
    if not isinstance(data, Located):
        return None, problems
    cv = Cv()
    if "sections" in data and "sections" not in broken:
        cv.sections = tuple(data["sections"])
    if "publications" in data and "publications" not in broken:
        cv.publications = data["publications"]
    for section in CV_SECTIONS:
        if not section.fields or section.name not in data or section.name in broken:
            continue
        entries = []
        for number, item in enumerate(data[section.name]):
            line = data[section.name].item_lines[number]
            when = _when(item, f"{section.name}[{number + 1}]", shown, line, problems)
            if when is not None:
                entries.append(_entry(item, section.fields, when))
        # Newest first, as a hiring committee reads a CV: what goes on, then by its end or date.
        cv.entries[section.name] = sorted(entries, key=lambda entry: entry.when.latest, reverse=True)
    problems += _empty_choices(cv, data, papers, shown)
    return cv, problems


def _empty_choices(cv: Cv, data: Located, papers: list[Paper], path: str) -> list[Problem]:
    """Warnings for what cv.yml asks to show that has nothing in it: likely a slip."""
    problems = []
    listed = papers if cv.publications == "all" else [paper for paper in papers if paper.selected]
    if cv.publications == "selected" and papers and not listed:
        message = "publications: selected, but no paper's YAML says selected: true; the CV lists no publications"
        problems.append(warning(path, data.line_of("publications"), message))
    problems += _too_many_papers(cv, papers, path, data.line_of("publications") if "publications" in data else data.line)
    if "sections" not in data or list(cv.sections) != list(data["sections"]):
        return problems
    from_cv = {section.name for section in CV_SECTIONS if section.fields}
    for number, name in enumerate(cv.sections):
        # No selected paper is said above; no paper at all is said here.
        empty = (name in from_cv and not cv.entries.get(name)) or (name == "publications" and not papers)
        if empty:
            where = "papers/ has none" if name == "publications" else f"cv.yml has no {name}"
            message = f"sections: '{name}' has nothing to show ({where}); it is left out"
            problems.append(warning(path, data["sections"].item_lines[number], message))
    return problems


def _too_many_papers(cv: Cv, papers: list[Paper], path: str, line: int) -> list[Problem]:
    listed = papers if cv.publications == "all" else [paper for paper in papers if paper.selected]
    if "publications" not in cv.sections or len(listed) <= CV_PAPERS:
        return []
    message = (
        f"the CV would list {len(listed)} papers: it lists the newest {CV_PAPERS} and links the publication list for "
        "the others; `publications: selected` lists only the papers whose YAML says selected: true"
    )
    return [warning(path, line, message)]


def _when(item: Located, name: str, path: str, line: int, problems: list[Problem]) -> When | None:
    """The entry's date or period, or None (and a problem) when it has none or two."""
    date, start, end = (item.get(key) for key in ("date", "start", "end"))
    if date is not None and (start is not None or end is not None):
        problems.append(Problem(path, item.line_of("date"), f"{name}: a date or a period (start, end), not both"))
        return None
    if date is not None:
        return When(start=_month(date), point=True)
    if start is None and end is None:
        message = f"{name}: needs a date (date: 2022) or a period (start: 2019-09, end: 2022 or present)"
        problems.append(Problem(path, line, message))
        return None
    if end is None:
        problems.append(Problem(path, item.line_of("start"), f"{name}: start without an end; write end: present if it goes on"))
        return None
    when = When(start=_month(start) if start is not None else None, end=None if end == PRESENT else _month(end), ongoing=end == PRESENT)
    if when.start and when.end and _before(when.end, when.start):
        problems.append(Problem(path, item.line_of("end"), f"{name}: ends ({when.end.iso}) before it starts ({when.start.iso})"))
        return None
    return when


def _before(end: Month, start: Month) -> bool:
    """Whether a period ends before it starts; a year alone spans its months (2020-05 to 2020 is fine)."""
    if end.year != start.year:
        return end.year < start.year
    return bool(end.month and start.month and end.month < start.month)


def _month(value: int | str) -> Month:
    """2021 or '2021-09', as the schema let them through."""
    if isinstance(value, int):
        return Month(value)
    year, month = value.split("-")
    return Month(int(year), int(month))


def _entry(item: Located, fields, when: When) -> CvEntry:
    def text(name: str) -> str:
        value = item[name]
        if not isinstance(value, list):
            return value
        return value[0] if len(value) == 1 else f"{', '.join(value[:-1])} and {value[-1]}"

    given = [cv_field for cv_field in fields if cv_field.name in item]
    return CvEntry(
        when=when,
        what=" ".join(text(cv_field.name) for cv_field in given if cv_field.role == WHAT),
        where=tuple(text(cv_field.name) for cv_field in given if cv_field.role == WHERE),
        details=tuple((cv_field.label, text(cv_field.name)) for cv_field in given if cv_field.role == DETAIL),
        url=next((text(cv_field.name) for cv_field in given if cv_field.role == URL), None),
    )
