"""researchsite.generate.kept: compiled templates kept on disk come back only to an environment
that would compile them the same, and a folder that cannot be made keeps nothing."""

from __future__ import annotations

import jinja2

from researchsite.generate.kept import folder, template_bytecode

TEMPLATE = "{% if true %}\n  kept\n{% endif %}\n"


def environment(tmp_path, **options) -> tuple[jinja2.Environment, list[str]]:
    compiled = []

    class Counting(jinja2.Environment):
        def _compile(self, source, filename):
            compiled.append(filename)
            return super()._compile(source, filename)

    templates = tmp_path / "templates"
    if not templates.is_dir():
        templates.mkdir()
        (templates / "page.html").write_text(TEMPLATE)
    env = Counting(loader=jinja2.FileSystemLoader(templates), **options)
    env.bytecode_cache = template_bytecode(tmp_path, "test")
    return env, compiled


def test_a_second_environment_reads_the_compiled_code_instead_of_compiling(tmp_path):
    first, compiled_first = environment(tmp_path)
    second, compiled_second = environment(tmp_path)
    assert first.get_template("page.html").render() == second.get_template("page.html").render()
    assert len(compiled_first) == 1 and compiled_second == []


def test_an_environment_with_other_whitespace_rules_compiles_its_own(tmp_path):
    plain, _ = environment(tmp_path)
    trimmed, compiled = environment(tmp_path, trim_blocks=True, lstrip_blocks=True)
    assert plain.get_template("page.html").render() == "\n  kept\n"
    assert trimmed.get_template("page.html").render() == "  kept\n"
    assert len(compiled) == 1


def test_an_edited_template_is_compiled_again(tmp_path):
    first, _ = environment(tmp_path)
    first.get_template("page.html").render()
    (tmp_path / "templates" / "page.html").write_text("edited\n")
    second, compiled = environment(tmp_path)
    assert second.get_template("page.html").render() == "edited"
    assert len(compiled) == 1


def test_a_folder_that_cannot_be_made_keeps_nothing(tmp_path):
    (tmp_path / ".cache").write_text("a file, not a folder")
    assert folder(tmp_path, "test") is None
    assert template_bytecode(tmp_path, "test") is None
