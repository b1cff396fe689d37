"""generate/source.py: the config written for a renderer without hooks keeps what it cannot read."""

from __future__ import annotations

from researchsite.generate.source import read_config, write_config


def test_tags_the_safe_loader_does_not_know_are_written_back_as_they_were(tmp_path):
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        "site_name: !ENV [SITE_NAME, Mine]\nmarkdown_extensions:\n  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
    )
    write_config(read_config(config), tmp_path / "copy.yml")
    written = (tmp_path / "copy.yml").read_text()
    assert "site_name: !ENV [SITE_NAME, Mine]" in written
    assert "emoji_index: !!python/name:material.extensions.emoji.twemoji" in written
