"""yamlfile.py and schema.py: YAML with the line of every key, and schema errors a researcher can act on."""

from __future__ import annotations

from pathlib import Path

from researchsite.load.extras import load_extras
from researchsite.load.schema import check, closest
from researchsite.load.yamlfile import Located, LocatedList, parse_yaml, read_yaml
from researchsite.structure.problems import Problem

PAPER_YAML = """\
# yaml-language-server: $schema=../hooks/researchsite/schemas/paper.schema.json
selected: true
badges:
  acm:
    - available
    - functional
missing:
  year: in press
"""


def test_every_key_and_item_knows_its_line():
    data, problems = parse_yaml(PAPER_YAML, "papers/x.yml")
    assert problems == []
    assert isinstance(data, Located)
    assert (data.line_of("selected"), data.line_of("badges"), data.line_of("missing")) == (2, 3, 7)
    assert data["badges"].line_of("acm") == 4
    assert isinstance(data["badges"]["acm"], LocatedList)
    assert data["badges"]["acm"].item_lines == [5, 6]
    assert data["missing"].line_of("year") == 8


def test_line_of_an_absent_key_is_the_mapping_line():
    data, _ = parse_yaml("a: 1\nb:\n  c: 2\n", "x.yml")
    assert data["b"].line_of("nope") == 3
    assert data.line_of("nope") == 1


def test_duplicate_key_is_a_problem_and_the_first_value_is_kept():
    data, problems = parse_yaml("code: https://a.example\nselected: true\ncode: https://b.example\n", "papers/x.yml")
    assert problems == [Problem("papers/x.yml", 3, "duplicate key 'code' (first at line 1)")]
    assert data["code"] == "https://a.example"


def test_duplicate_nested_key_is_located_too():
    _, problems = parse_yaml("missing:\n  year: a\n  year: b\n", "papers/x.yml")
    assert [(p.line, p.message) for p in problems] == [(3, "duplicate key 'year' (first at line 2)")]


def test_merge_keys_are_not_duplicates_and_the_explicit_value_wins():
    text = "base: &base\n  kind: journal\n  abbr: X\npaper:\n  <<: *base\n  abbr: Y\n"
    data, problems = parse_yaml(text, "x.yml")
    assert problems == []
    assert dict(data["paper"]) == {"kind": "journal", "abbr": "Y"}


def test_unhashable_key_is_a_problem_not_a_crash():
    data, problems = parse_yaml("? [a, b]\n: 1\n", "x.yml")
    assert data is None
    assert [p.line for p in problems] == [1]
    assert problems[0].message.startswith("invalid YAML")


def test_invalid_yaml_is_located():
    data, problems = parse_yaml("selected: true\ncode: [unclosed\n", "papers/x.yml")
    assert data is None
    assert len(problems) == 1 and problems[0].path == "papers/x.yml" and problems[0].line in (2, 3)
    assert problems[0].message.startswith("invalid YAML:")


def test_first_line_shifts_keys_errors_and_duplicates_alike():
    # Front matter that starts on line 2 of its file.
    data, problems = parse_yaml("title: A\ndate: 2024-01-01\ntitle: B\n", "news/x.md", first_line=2)
    assert data.line_of("title") == 2 and data.line_of("date") == 3
    assert problems == [Problem("news/x.md", 4, "duplicate key 'title' (first at line 2)")]
    _, problems = parse_yaml("a: 1\nb: [\n", "news/x.md", first_line=2)
    assert problems[0].line in (3, 4)


def test_read_yaml_shows_the_path_relative_to_the_root_and_reads_a_bom(tmp_path: Path):
    path = tmp_path / "papers" / "x.yml"
    path.parent.mkdir()
    path.write_bytes("\ufeffselected: true\nselected: false\n".encode())
    data, problems = read_yaml(path, tmp_path)
    assert data == {"selected": True}
    assert problems == [Problem("papers/x.yml", 2, "duplicate key 'selected' (first at line 1)")]


def test_unreadable_file_is_a_problem_without_a_line(tmp_path: Path):
    path = tmp_path / "x.yml"
    path.write_bytes(b"a: \xff\xfe\n")
    data, problems = read_yaml(path, tmp_path)
    assert data is None and problems[0].line is None and problems[0].path == "x.yml"


# Schema messages -----------------------------------------------------------------------------


def schema_problems(text: str, schema: str = "paper") -> list[Problem]:
    data, problems = parse_yaml(text, "papers/x.yml")
    assert problems == []
    return check(data, schema, "papers/x.yml")


def test_closest_suggests_only_a_close_key():
    assert closest("awrd", ["award", "abbr"]) == " (did you mean 'award'?)"
    assert closest("zzzz", ["award", "abbr"]) == ""


def test_unknown_key_is_named_at_its_line_with_a_suggestion():
    problems = schema_problems("selected: true\nawrd: Best Paper\n")
    assert problems == [Problem("papers/x.yml", 2, "unknown key 'awrd' (did you mean 'award'?)")]


def test_unknown_nested_key_is_at_its_own_line():
    problems = schema_problems("badges:\n  acm: [available]\n  usenx: [available]\n")
    assert problems == [Problem("papers/x.yml", 3, "unknown key 'usenx' (did you mean 'usenix'?)")]


def test_enum_value_is_explained_with_the_options_and_a_suggestion():
    [problem] = schema_problems("selected: true\nkind: jornal\n")
    assert problem.line == 2
    assert problem.message.startswith("kind: 'jornal' is not one of journal, conference, workshop")
    assert problem.message.endswith("(did you mean 'journal'?)")


def test_enum_inside_a_list_points_at_the_item():
    [problem] = schema_problems("badges:\n  acm:\n    - available\n    - reusabel\n")
    assert problem.line == 4
    assert problem.message.startswith("badges.acm.1: 'reusabel' is not one of")
    assert "did you mean 'reusable'" in problem.message


def test_wrong_type_says_what_is_expected():
    [problem] = schema_problems("topics: packet processing\n")
    assert problem == Problem("papers/x.yml", 1, "topics: should be a list, not 'packet processing'")
    problems = schema_problems("selected: 'yes'\n")
    assert problems == [Problem("papers/x.yml", 1, "selected: should be true or false, not 'yes'")]


def test_link_that_is_neither_text_nor_a_list_uses_the_schema_description():
    [problem] = schema_problems("slides:\n  url: x\n")
    assert problem.line == 1
    assert problem.message == "slides: should be a URL, or a file under content/ (e.g. files/slides.pdf); one or several."


def test_pattern_mismatch_names_the_value():
    [problem] = schema_problems("arxiv: arXiv:2101.01234\n")
    assert problem.line == 1
    assert "'arXiv:2101.01234' is not in the expected form" in problem.message


def test_missing_required_key_points_at_the_mapping():
    problems = schema_problems("- name: Alice\n  url: https://a.example\n- name: Bob\n  group: {since: 2022}\n", "people")
    assert problems == [Problem("papers/x.yml", 4, "1.group: missing required key 'role'")]


def test_extras_keep_the_valid_keys_of_a_file_with_a_bad_one(tmp_path: Path):
    path = tmp_path / "papers" / "k.yml"
    path.parent.mkdir()
    path.write_text("selected: true\nawrd: X\ncode: https://github.com/x\n")
    extras, problems = load_extras([path], tmp_path)
    assert [p.line for p in problems] == [2]
    assert dict(extras[0].data) == {"selected": True, "code": "https://github.com/x"}


def test_an_empty_extras_file_is_allowed(tmp_path: Path):
    path = tmp_path / "papers" / "k.yml"
    path.parent.mkdir()
    path.write_text("# yaml-language-server: $schema=...\n")
    extras, problems = load_extras([path], tmp_path)
    assert problems == [] and dict(extras[0].data) == {}
