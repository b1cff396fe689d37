"""Read the Markdown posts of a Jekyll site (al-folio's _posts/) or a Hugo site (content/post/,
page bundles included): front matter, Liquid tags or Hugo shortcodes converted (or reported),
the pictures they show copied, their old addresses kept."""

from __future__ import annotations

import re
import tomllib
from datetime import date, datetime
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from html import escape

from ..load.news import as_date
from ..load.yamlfile import Located, parse_yaml
from ..news import EXCERPT_SEPARATOR
from .posts import ImportedPost, Report, UnreadableSource, site_slug, teaser_split

_PICTURE = re.compile(r"\.(png|jpe?g|gif|webp|svg|avif)$", re.IGNORECASE)
_YAML_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?\r?\n)?(?:---|\.\.\.)[ \t]*\r?\n?", re.DOTALL)
_TOML_MATTER = re.compile(r"\A\+\+\+[ \t]*\r?\n(.*?\r?\n)?\+\+\+[ \t]*\r?\n?", re.DOTALL)
_MARKDOWN_IMAGE = re.compile(r"(!\[[^\]]*\]\()(<?)([^)\s>]+)(>?(?:\s+\"[^\"]*\")?\))")
_MORE = re.compile(r"<!--\s*more\s*-->")


def _front_matter(path: Path, shown: str) -> tuple[dict, str]:
    """The file's front matter (YAML between ---, or TOML between +++) and its body."""
    text = path.read_text(encoding="utf-8-sig")
    if match := _TOML_MATTER.match(text):
        try:
            return tomllib.loads(match.group(1) or ""), text[match.end() :]
        except tomllib.TOMLDecodeError as error:
            found = re.search(r"line (\d+)", str(error))
            line = int(found.group(1)) + 1 if found else 1
            raise UnreadableSource(f"{shown}:{line}: invalid TOML front matter: {str(error).split(' (at')[0]}") from None
    if match := _YAML_MATTER.match(text):
        meta, problems = parse_yaml(match.group(1) or "", shown, first_line=2)
        if problems:
            raise UnreadableSource(str(problems[0]))
        if meta is not None and not isinstance(meta, Located):
            raise UnreadableSource(f"{shown}:2: the front matter is not a mapping of keys to values")
        return meta or {}, text[match.end() :]
    return {}, text


def _words(value) -> list[str]:
    """Jekyll takes tags and categories as a list or as one string of space-separated words."""
    if isinstance(value, str):
        return value.split()
    return [str(item) for item in value or [] if str(item).strip()]


def _when(value, fallback: date | None) -> date | None:
    if isinstance(value, str):  # Hugo's 2023-06-05T07:23:41.994Z, Jekyll's 2015-07-15 15:09:00 +0100
        try:
            return datetime.fromisoformat(value.strip().replace("Z", "+00:00")).date()
        except ValueError:
            return as_date(value.strip()[:10]) or fallback
    return as_date(value) or fallback


def _copy_pictures(markdown: str, slug: str, lookup, images: dict[str, Path], title: str, report: Report) -> str:
    """Markdown pictures whose files `lookup` finds copied beside the post; the others said."""

    def replace(match: re.Match) -> str:
        url = match[3]
        if "://" in url or url.startswith(("data:", "#")):
            return match[0]
        found = lookup(unquote(urlsplit(url).path))
        if found is None:
            report.note(title, f"picture {url} not found: the link is kept as it was")
            return match[0]
        images[found.name] = found
        return f"{match[1]}{match[2]}images/{slug}/{found.name}{match[4]}"

    return _MARKDOWN_IMAGE.sub(replace, markdown)


def _figure(source: str, caption: str, alt: str) -> str:
    """A picture with its caption, as Material writes one (md_in_html)."""
    image = f"![{alt or caption}]({source})"
    if not caption:
        return image
    return f'<figure markdown="span">\n{image}\n<figcaption>{escape(caption, quote=False)}</figcaption>\n</figure>'


def _attributes(text: str) -> dict[str, str]:
    pairs = re.findall(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))""", text)
    return {name.lower(): a or b or c for name, a, b, c in pairs}


def _post(meta: dict, body: str, source: str, wanted_slug: str, fallback_date: date | None, report: Report) -> tuple[ImportedPost, bool]:
    title = str(meta.get("title") or wanted_slug.replace("-", " ").capitalize())
    when = _when(meta.get("date"), fallback_date)
    if when is None:
        raise UnreadableSource(f"{source}: no date (date: in the front matter, or YYYY-MM-DD- in the file name)")
    slug, kept = site_slug(str(meta.get("slug") or wanted_slug), title, f"post-{when.isoformat()}")
    if not kept:
        report.note(title, f"slug '{meta.get('slug') or wanted_slug}' became '{slug}' (the site's slugs are a-z, 0-9 and -)")
    description = meta.get("description") or meta.get("summary")
    post = ImportedPost(
        source=source,
        title=title,
        date=when,
        slug=slug,
        body=body,
        categories=_words(meta.get("categories")),
        tags=_words(meta.get("tags")),
        draft=bool(meta.get("draft")) or meta.get("published") is False,
        description=" ".join(str(description).split()) if description else None,
    )
    return post, kept


def _finish(post: ImportedPost, separator: str | None, report: Report) -> None:
    body = post.body.replace(separator, EXCERPT_SEPARATOR, 1) if separator and separator in post.body else post.body
    body = _MORE.sub(EXCERPT_SEPARATOR, body, count=1)
    body, had_teaser = teaser_split(re.sub(r"\n{3,}", "\n\n", body).strip() + "\n")
    if not had_teaser:
        report.note(post.title, "no excerpt separator: the teaser is the first paragraph")
    post.body = body


# --- Jekyll ---------------------------------------------------------------------------------------

_POST_NAME = re.compile(r"^(\d{4})-(\d{2})-(\d{2})-(.+)\.(md|markdown)$")
_HIGHLIGHT = re.compile(r"\{%-?\s*highlight\s+([\w+-]+)[^%]*-?%\}\n?(.*?)\{%-?\s*endhighlight\s*-?%\}", re.DOTALL)
_RAW = re.compile(r"\{%-?\s*raw\s*-?%\}(.*?)\{%-?\s*endraw\s*-?%\}", re.DOTALL)
_INCLUDE_FIGURE = re.compile(r"\{%-?\s*include\s+figure\.(?:liquid|html)\s+(.*?)-?%\}", re.DOTALL)
_LIQUID_URL = re.compile(r"\{\{\s*(?:site\.baseurl|site\.url)\s*\}\}|\{\{\s*['\"]([^'\"]+)['\"]\s*\|\s*(?:relative_url|absolute_url)\s*\}\}")
_LIQUID = re.compile(r"\{%.*?%\}|\{\{.*?\}\}", re.DOTALL)
_JEKYLL_PERMALINKS = {
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "none": "/:categories/:title:output_ext",
}


def read_jekyll(folder: Path, report: Report) -> list[ImportedPost]:
    """The posts of a Jekyll site (al-folio's included): `folder`/_posts/YYYY-MM-DD-slug.md."""
    posts_dir = folder / "_posts"
    if not folder.is_dir():
        raise UnreadableSource(f"{folder}: no such folder")
    if not posts_dir.is_dir():
        raise UnreadableSource(f"{folder}: no _posts/ folder (a Jekyll site keeps its posts in _posts/YYYY-MM-DD-slug.md)")
    permalink = _jekyll_permalink(folder)
    posts = []
    for path in sorted(posts_dir.rglob("*")):
        if not path.is_file():
            continue
        shown = path.relative_to(folder).as_posix()
        name = _POST_NAME.match(path.name)
        if name is None:
            report.skip("file in _posts/", "files in _posts/", "not named YYYY-MM-DD-slug.md")
            continue
        meta, body = _front_matter(path, shown)
        post, _ = _post(meta, body, shown, name[4], date(int(name[1]), int(name[2]), int(name[3])), report)
        post.body = _liquid(post.body, post, folder, report)
        _finish(post, meta.get("excerpt_separator"), report)
        categories = "/".join(post.categories).lower()
        addresses = [str(meta["permalink"])] if meta.get("permalink") else [_expand(permalink, name[4], post.date, categories)]
        addresses += _words(meta.get("redirect_from"))
        post.old_addresses = _folder_addresses(addresses, post.title, report)
        posts.append(post)
    return posts


def _jekyll_permalink(folder: Path) -> str:
    """The site's permalink pattern (_config.yml), Jekyll's default when it names none."""
    config = folder / "_config.yml"
    data = parse_yaml(config.read_text(encoding="utf-8-sig"), config.name)[0] if config.is_file() else None
    permalink = str(data.get("permalink") or "date") if isinstance(data, dict) else "date"
    return _JEKYLL_PERMALINKS.get(permalink, permalink)


def _expand(pattern: str, title: str, when: date, categories: str) -> str:
    values = {
        ":categories": categories, ":year": f"{when:%Y}", ":month": f"{when:%m}", ":day": f"{when:%d}",
        ":i_month": str(when.month), ":i_day": str(when.day), ":short_year": f"{when:%y}",
        ":y_day": f"{when.timetuple().tm_yday:03d}", ":title": title, ":slug": title, ":output_ext": ".html",
    }
    for name in sorted(values, key=len, reverse=True):
        pattern = pattern.replace(name, values[name])
    return re.sub(r"/{2,}", "/", pattern)


def _folder_addresses(addresses: list[str], title: str, report: Report) -> list[str]:
    """Old addresses as the site can answer them (a folder: a page is made there); a file's
    address (Jekyll's default /2015/07/15/code.html) cannot be, and is said."""
    kept = []
    for address in addresses:
        path = unquote(urlsplit(address).path).lstrip("/")
        if not path:
            continue
        if not path.endswith("/"):
            report.note(title, f"old address /{path} not redirected: only a folder's address (ending in /) can be")
            continue
        kept.append(path)
    return list(dict.fromkeys(kept))


def _liquid(body: str, post: ImportedPost, folder: Path, report: Report) -> str:
    """Liquid, which Markdown would show as it is: highlight blocks as fenced code, raw blocks
    unwrapped, al-folio's figure include as a picture; any other tag said, and left out."""
    kept: list[str] = []

    def keep(text: str) -> str:  # code and raw text are not Liquid any more
        kept.append(text)
        return f"RESEARCHSITEKEPT{len(kept) - 1}END"

    body = _RAW.sub(lambda match: keep(match[1]), body)
    body = _HIGHLIGHT.sub(lambda match: keep(f"```{match[1]}\n{match[2].strip(chr(10))}\n```"), body)
    body = _LIQUID_URL.sub(lambda match: match[1] or "", body)

    def figure(match: re.Match) -> str:
        attributes = _attributes(match[1])
        path = attributes.get("path", "")
        return _figure(path, attributes.get("caption", ""), attributes.get("alt", ""))

    body = _INCLUDE_FIGURE.sub(figure, body)

    def other(match: re.Match) -> str:
        report.note(post.title, f"Liquid {' '.join(match[0].split())[:60]} left out: no Markdown for it")
        return ""

    body = _LIQUID.sub(other, body)
    body = _copy_pictures(body, post.slug, lambda path: _inside(folder, path), post.images, post.title, report)
    for index, text in enumerate(kept):
        body = body.replace(f"RESEARCHSITEKEPT{index}END", text)
    return body


def _inside(folder: Path, path: str) -> Path | None:
    candidate = folder / PurePosixPath(path.lstrip("/"))
    if _PICTURE.search(path) and candidate.is_file() and candidate.resolve().is_relative_to(folder.resolve()):
        return candidate
    return None


# --- Hugo -----------------------------------------------------------------------------------------

_SHORTCODE = re.compile(r"\{\{[<%]\s*(/?)([\w.-]+)(.*?)\s*[>%]\}\}", re.DOTALL)
_HUGO_HIGHLIGHT = re.compile(r"\{\{[<%]\s*highlight\s+([\w+-]+)[^>%]*[>%]\}\}\n?(.*?)\{\{[<%]\s*/highlight\s*[>%]\}\}", re.DOTALL)
_SECTIONS = ("post", "posts", "blog")


def read_hugo(folder: Path, report: Report) -> list[ImportedPost]:
    """The posts of a Hugo site: content/post/ (or posts/, blog/), single files and page
    bundles (slug/index.md with its pictures beside it)."""
    if not folder.is_dir():
        raise UnreadableSource(f"{folder}: no such folder")
    sections = [folder / "content" / name for name in _SECTIONS] + [folder / name for name in _SECTIONS]
    section = next((path for path in sections if path.is_dir()), None)
    if section is None:
        raise UnreadableSource(f"{folder}: no content/post/ (or posts/, blog/) folder: a Hugo site keeps its posts there")
    static = folder / "static"
    posts = []
    for path in sorted(section.rglob("*.md")):
        shown = path.relative_to(folder).as_posix()
        if path.name == "_index.md":
            continue
        if path.parent != section and path.name != "index.md":
            continue  # a bundle's other pages are its resources, not posts
        bundle = path.parent if path.name == "index.md" else None
        wanted = (bundle or path.with_suffix("")).name
        meta, body = _front_matter(path, shown)
        post, _ = _post(meta, body, shown, wanted, None, report)
        post.body = _shortcodes(post.body, post, bundle, static, report)
        _finish(post, None, report)
        addresses = [f"{section.name}/{meta.get('slug') or wanted}/"] + _words(meta.get("aliases"))
        addresses += [str(meta["url"])] if meta.get("url") else []
        post.old_addresses = _folder_addresses([f"/{address.lstrip('/')}" for address in addresses], post.title, report)
        posts.append(post)
    return posts


def _shortcodes(body: str, post: ImportedPost, bundle: Path | None, static: Path, report: Report) -> str:
    kept: list[str] = []

    def keep(text: str) -> str:
        kept.append(text)
        return f"RESEARCHSITEKEPT{len(kept) - 1}END"

    body = _HUGO_HIGHLIGHT.sub(lambda match: keep(f"```{match[1]}\n{match[2].strip(chr(10))}\n```"), body)

    def convert(match: re.Match) -> str:
        closing, name, rest = match[1], match[2], match[3]
        attributes = _attributes(rest)
        if not closing and name == "figure":
            return _figure(attributes.get("src", ""), attributes.get("caption", "") or attributes.get("title", ""), attributes.get("alt", ""))
        if not closing and name in ("youtube", "vimeo"):
            video = attributes.get("id") or rest.strip().strip("\"'")
            url = f"https://www.youtube.com/watch?v={video}" if name == "youtube" else f"https://vimeo.com/{video}"
            report.note(post.title, f"{name} video {video} became a link (the site loads nothing from other hosts)")
            return f"<{url}>"
        report.note(post.title, f"shortcode {{{{< {'/' if closing else ''}{name} >}}}} left out: no Markdown for it")
        return ""

    body = _SHORTCODE.sub(convert, body)

    def lookup(path: str) -> Path | None:
        for base in ([bundle] if bundle and not path.startswith("/") else []) + [static]:
            if (found := _inside(base, path)) is not None:
                return found
        return None

    body = _copy_pictures(body, post.slug, lookup, post.images, post.title, report)
    for index, text in enumerate(kept):
        body = body.replace(f"RESEARCHSITEKEPT{index}END", text)
    return body
