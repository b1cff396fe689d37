"""A complete site source for a renderer that runs no hooks (Zensical): content/ with the
generation step's files laid over it, mkdocs.yml pointing at that, and the overrides it can use.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from ..project import Project
from .pages import Urls, site_files, site_nav, theme_extra

# The theme's templates and assets, which the hook lays over Material's for MkDocs.
THEME_DIR = str(Path(__file__).resolve().parents[1] / "theme")
# Only these of them go along: our copies of Material's base.html and partials name
# Material 9's asset files, which Zensical's own theme does not ship (the page would come out
# unstyled); main.html only fills blocks that Zensical's base.html has too, and so does 404.html.
PORTABLE_OVERRIDES = ("main.html", "404.html", "assets")


def write_source(project: Project, config_file: Path, out: Path) -> Path:
    """Write the site's source into `out` (replacing what was there); return its config file.

    The config is mkdocs.yml without `hooks:` (the work they did is done), reading `out/docs`,
    writing `out/site` (Zensical wants both beside its config), with the link-preview picture
    that the hook would have put in `extra`.
    """
    config = read_config(config_file)
    urls = Urls(config.get("use_directory_urls", True), config.get("site_url"), source_relative=True)
    if out.exists():
        shutil.rmtree(out)
    # A tutorial's YAML is its page's source, not a file to publish.
    shutil.copytree(project.content_dir, out / "docs", ignore=_tutorial_sources(project.content_dir))
    generated_files = site_files(project, urls)
    for generated in generated_files:
        target = out / "docs" / generated.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(generated.data)

    if config.get("nav"):  # as the hook makes it: no tab for what is absent, one for what asks
        config["nav"] = site_nav(config["nav"], generated_files, project.content_dir)
    config.pop("hooks", None)
    config.pop("watch", None)
    config["docs_dir"] = "docs"
    config["site_dir"] = "site"
    theme = config.get("theme")
    if isinstance(theme, str):
        theme = config["theme"] = {"name": theme}
    if isinstance(theme, dict):
        for name in PORTABLE_OVERRIDES:
            source = Path(THEME_DIR) / name
            if source.is_dir():
                shutil.copytree(source, out / "overrides" / name)
            elif source.is_file():
                (out / "overrides").mkdir(parents=True, exist_ok=True)
                shutil.copy(source, out / "overrides" / name)
        if theme.get("custom_dir"):  # the site's own overrides, over ours as under MkDocs
            shutil.copytree(config_file.parent / theme["custom_dir"], out / "overrides", dirs_exist_ok=True)
        theme["custom_dir"] = "overrides"
    extra = theme_extra(project, urls)
    config.setdefault("extra", {}).update({name: value for name, value in extra.items() if value})
    _set_post_date_format(config, project.config.date_format)
    target = out / "mkdocs.yml"
    write_config(config, target)
    return target


def _set_post_date_format(config: dict, date_format: str) -> None:
    """The blog's post dates in the site's date format, as the hook sets them for MkDocs."""
    for index, plugin in enumerate(config.get("plugins") or []):
        name = plugin if isinstance(plugin, str) else next(iter(plugin), None) if isinstance(plugin, dict) else None
        if name in ("blog", "material/blog"):
            options = plugin[name] if isinstance(plugin, dict) and isinstance(plugin[name], dict) else {}
            config["plugins"][index] = {name: {**options, "post_date_format": date_format}}


def _tutorial_sources(content_dir: Path):
    tutorials = (content_dir / "tutorials").resolve()

    def ignore(folder: str, names: list[str]) -> list[str]:
        return [name for name in names if name.endswith(".yml")] if Path(folder).resolve() == tutorials else []

    return ignore


class _Tagged:
    """A value under a tag YAML's safe loader does not know (`!ENV`, `!!python/name:...`),
    kept to be written back as it was: the renderer reading the copy resolves it."""

    def __init__(self, tag: str, node: yaml.Node):
        self.tag, self.node = tag, node


class _Loader(yaml.SafeLoader):
    pass


class _Dumper(yaml.SafeDumper):
    pass


_Loader.add_multi_constructor("", lambda loader, tag, node: _Tagged(tag, node))  # every tag it does not know
_Dumper.add_representer(_Tagged, lambda dumper, value: _retagged(value))


def _retagged(value: _Tagged) -> yaml.Node:
    node = value.node
    node.tag = value.tag
    return node


def read_config(config_file: Path) -> dict:
    """mkdocs.yml as data, its tags (`!ENV`, `!!python/name:`) kept to be written back."""
    return yaml.load(config_file.read_text(encoding="utf-8-sig"), Loader=_Loader) or {}


def write_config(config: dict, target: Path) -> None:
    target.write_text(yaml.dump(config, Dumper=_Dumper, allow_unicode=True, sort_keys=False), encoding="utf-8")
