"""The Material templates copied into the package's theme/ differ from Material's only by the known fixes.

When Material changes one of these files, this fails: update the copy from the new version.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

from researchsite.generate.source import THEME_DIR

OVERRIDES = Path(THEME_DIR)

# Material's file: [(its text, ours)] for each change, the header comment included.
CHANGES = {
    "base.html": [
        ("This file was automatically generated - do not edit", None),
        ('id="__drawer" autocomplete="off">', 'id="__drawer" aria-label="{{ lang.t(\'nav\') }}">'),
        ('id="__search" autocomplete="off">', 'id="__search" aria-label="{{ lang.t(\'search\') }}">'),
        ("min.js' | url }}\"></script>", "min.js' | url }}\" defer></script>"),
    ],
    "partials/nav-item.html": [
        ("This file was automatically generated - do not edit", None),
        ('tabindex="{{ tabindex }}">', '{% if tabindex %} tabindex="{{ tabindex }}"{% endif %}>'),
    ],
    "partials/search.html": [
        ("This file was automatically generated - do not edit", None),
        (
            '<div class="md-search" data-md-component="search" role="dialog">',
            '<div class="md-search" data-md-component="search" role="dialog" aria-label="{{ lang.t(\'search.placeholder\') }}">',
        ),
    ],
    "partials/toc.html": [
        ("This file was automatically generated - do not edit", None),
        ('<label class="md-nav__title" for="__toc">', '<label class="md-nav__title"{% if page in nav.pages %} for="__toc"{% endif %}>'),
    ],
}


def without_comments(text: str) -> str:
    """Drop the leading {#- ... -#} comment and our own one-line template comments."""
    body = text.split("-#}", 1)[1] if text.startswith("{#-") else text
    return "\n".join(line for line in body.splitlines() if not line.strip().startswith("{#-"))


@pytest.mark.parametrize("name", sorted(CHANGES))
def test_copy_is_materials_file_with_only_the_known_changes(name):
    material = resources.files("material").joinpath("templates", name).read_text()
    ours = (OVERRIDES / name).read_text()
    expected = material
    for old, new in CHANGES[name]:
        assert old in material, f"Material's {name} changed: '{old}' is gone; update hooks/researchsite/theme/{name}"
        if new is not None:
            expected = expected.replace(old, new)
    assert without_comments(ours) == without_comments(expected)
