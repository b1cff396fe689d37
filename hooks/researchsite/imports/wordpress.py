"""Read a WordPress export (WXR, Tools > Export) into posts: its HTML as Markdown, shortcodes and
Gutenberg blocks converted (or reported), pictures from a local copy of wp-content/uploads."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree
from bs4 import BeautifulSoup
from defusedxml import DefusedXmlException
from markdownify import MarkdownConverter
from markupsafe import Markup

from ..news import EXCERPT_SEPARATOR
from .posts import ImportedPost, Report, UnreadableSource, site_slug, teaser_split

# WordPress names its elements in namespaces whose version changes (export/1.0/ to 1.2/).
_NAMESPACES = {
    "http://purl.org/rss/1.0/modules/content/": "content",
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://wellformedweb.org/CommentAPI/": "wfw",
}
# What the export holds besides posts, and why it is not a post.
_NOT_POSTS = {
    "page": ("page", "pages", "a page of the site is yours to write in content/"),
    "attachment": ("attachment", "attachments", "the pictures posts show are copied beside them"),
    "nav_menu_item": ("navigation menu item", "navigation menu items", "mkdocs.yml's nav is the site's menu"),
}
_PICTURE = re.compile(r"\.(png|jpe?g|gif|webp|svg|avif)$", re.IGNORECASE)
_RESIZED = re.compile(r"-\d+x\d+(?=\.\w+$)")  # WordPress's smaller copies: fig-300x200.png
_MORE = "RESEARCHSITEMORE"  # stands for <!--more--> through the conversion
_CODE_BLOCK = "RESEARCHSITECODE"  # stands for a [code] block, taken out before its < and > are read as HTML


@dataclass
class _Attachment:
    url: str
    title: str
    parent: str


@dataclass
class _Blog:
    base: str  # the blog's address, which old addresses are relative to
    uploads: Path | None
    attachments: dict[str, _Attachment] = field(default_factory=dict)  # by post id


def read_wordpress(export: Path, uploads: Path | None, report: Report) -> list[ImportedPost]:
    """The export's posts; the rest (pages, attachments, menus, comments) counted in `report`."""
    channel = _channel(export)
    base = _text(channel, "wp:base_blog_url") or _text(channel, "link") or ""
    blog = _Blog(base.rstrip("/") + "/", uploads)
    items = [_fields(item) for item in channel.iter("item")]
    for item in items:
        if item.get("wp:post_type") == "attachment":
            blog.attachments[item.get("wp:post_id", "")] = _Attachment(
                item.get("wp:attachment_url", ""), html.unescape(item.get("title", "")), item.get("wp:post_parent", "")
            )
    posts = []
    for item, element in zip(items, channel.iter("item")):
        kind = item.get("wp:post_type", "post")
        if kind != "post":
            report.skip(*_NOT_POSTS.get(kind, (f"item of the type '{kind}'", f"items of the type '{kind}'", "not posts")))
            continue
        if item.get("wp:status") == "trash":
            report.skip("post in the trash", "posts in the trash", "deleted on WordPress")
            continue
        posts.append(_post(item, element, blog, export, report))
    comments = sum(len(_children(element, "wp:comment")) for element in channel.iter("item"))
    if comments:
        report.skip("comment", "comments", f"the site has none; they stay in {export.name}", comments)
    return posts


def _channel(export: Path) -> Element:
    if not export.is_file():
        raise UnreadableSource(f"{export}: no such file")
    try:
        root = defusedxml.ElementTree.parse(export).getroot()
    except ParseError as error:
        line, column = error.position
        reason = str(error).split(":")[0]
        raise UnreadableSource(f"{export}:{line}: not well-formed XML ({reason}, column {column + 1})") from None
    except DefusedXmlException:
        # A WordPress export declares no entities: one that does may be an expansion bomb.
        raise UnreadableSource(f"{export}: refused: an entity declaration (WordPress exports have none)") from None
    channel = root.find("channel")
    if root.tag != "rss" or channel is None or not any(_name(child.tag) == "wp:wxr_version" for child in channel):
        raise UnreadableSource(f"{export}: not a WordPress export (WXR: an <rss> with <wp:wxr_version>, from Tools > Export)")
    return channel


def _name(tag: str) -> str:
    """wp:post_id for {http://wordpress.org/export/1.2/}post_id, whichever version wrote it."""
    if not tag.startswith("{"):
        return tag
    namespace, local = tag[1:].split("}", 1)
    if namespace.startswith("http://wordpress.org/export/"):
        return ("excerpt:" if namespace.endswith("/excerpt/") else "wp:") + local
    return f"{_NAMESPACES.get(namespace, namespace)}:{local}"


def _children(element: Element, name: str) -> list[Element]:
    return [child for child in element if _name(child.tag) == name]


def _text(element: Element, name: str) -> str | None:
    found = _children(element, name)
    return (found[0].text or "").strip() if found else None


def _fields(item: Element) -> dict[str, str]:
    """An item's single-valued fields by name; the first of a repeated one."""
    fields: dict[str, str] = {}
    for child in item:
        fields.setdefault(_name(child.tag), child.text or "")
    return fields


def _post(item: dict[str, str], element: Element, blog: _Blog, export: Path, report: Report) -> ImportedPost:
    post_id = item.get("wp:post_id", "").strip()
    title = html.unescape(item.get("title", "")).strip() or f"Untitled post {post_id}"
    when = _date(item)
    if when is None:
        raise UnreadableSource(f"{export}: post {post_id} ('{title}') has no date (wp:post_date)")
    wanted = unquote(item.get("wp:post_name", "").strip())
    slug, kept = site_slug(wanted, title, f"post-{post_id}")
    if wanted and not kept:
        report.note(title, f"slug '{wanted}' became '{slug}' (the site's slugs are a-z, 0-9 and -); the old address still leads to it")
    status = item.get("wp:status", "publish")
    if status == "private":
        report.note(title, "private on WordPress: imported as a draft")
    categories, tags = [], []
    for category in _children(element, "category"):
        name = html.unescape((category.text or "").strip())
        target = tags if category.get("domain") == "post_tag" else categories if category.get("domain") == "category" else None
        if target is not None and name and name not in target:
            target.append(name)
    images: dict[str, Path] = {}
    body = to_markdown(item.get("content:encoded", ""), title, post_id, slug, blog, images, report)
    body, had_teaser = teaser_split(body)
    if not had_teaser:
        report.note(title, "no <!--more-->: the teaser is the first paragraph")
    excerpt = " ".join(BeautifulSoup(item.get("excerpt:encoded", ""), "html.parser").get_text(" ").split())
    return ImportedPost(
        source=f"{export.name}, post {post_id}",
        title=title,
        date=when,
        slug=slug,
        body=body,
        categories=categories,
        tags=tags,
        draft=status in ("draft", "pending", "private"),
        description=excerpt or None,
        old_addresses=_old_addresses(item, blog, wanted, when, post_id),
        images=images,
    )


def _date(item: dict[str, str]) -> date | None:
    for value in (item.get("wp:post_date", ""), item.get("wp:post_date_gmt", "")):
        try:
            return datetime.strptime(value.strip(), "%Y-%m-%d %H:%M:%S").date()
        except ValueError:
            continue  # a draft's 0000-00-00 00:00:00
    return None


def _old_addresses(item: dict[str, str], blog: _Blog, wanted: str, when: date, post_id: str) -> list[str]:
    """Where the post was: its permalink (the item's <link>), WordPress's date-based default,
    and ?p=ID, which every WordPress answers."""
    addresses = []
    link = item.get("link", "").strip()
    if link.startswith(blog.base):
        parts = urlsplit(link[len(blog.base) - 1 :])
        if parts.path.strip("/") and not parts.query:
            addresses.append(unquote(parts.path.lstrip("/")))
    if wanted:
        addresses.append(f"{when:%Y/%m/%d}/{wanted}/")
    if post_id.isdigit():
        addresses.append(f"?p={post_id}")
    return list(dict.fromkeys(addresses))


# --- HTML to Markdown ---------------------------------------------------------------------------

_GUTENBERG = re.compile(r"<!--\s*/?wp:[^>]*?-->\n?")
_MORE_COMMENT = re.compile(r"<!--more(.*?)-->", re.DOTALL)
_NEXTPAGE = re.compile(r"<!--nextpage-->")
_CODE = re.compile(r"\[(code|sourcecode)([^\]]*)\](.*?)\[/\1\]", re.DOTALL)
_CAPTION = re.compile(r"\[caption([^\]]*)\](.*?)\[/caption\]", re.DOTALL)
_EMBED = re.compile(r"\[embed[^\]]*\](.*?)\[/embed\]", re.DOTALL)
_GALLERY = re.compile(r"\[gallery([^\]]*)\]")
_OTHER = re.compile(r"\[([a-z][\w-]*)((?:\s[^\]]*)?)\](?:.*?\[/\1\])?", re.DOTALL)
_ATTRIBUTE = re.compile(r"""(\w+)\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))""")
_BLOCK_START = re.compile(r"^\s*<(p|div|h[1-6]|ul|ol|li|pre|blockquote|table|figure|hr|dl|form|address|section)\b", re.IGNORECASE)


def _attributes(text: str) -> dict[str, str]:
    return {match[0].lower(): match[1] or match[2] or match[3] for match in _ATTRIBUTE.findall(text)}


def to_markdown(content: str, title: str, post_id: str, slug: str, blog: _Blog, images: dict[str, Path], report: Report) -> str:
    """A post's content as WordPress stores it (HTML, shortcodes, block comments, and in the
    classic editor paragraphs as blank lines) as Markdown."""
    codes: list[str] = []
    classic = not re.search(r"<p[\s>]", content, re.IGNORECASE)  # the block editor writes its <p>

    def keep_code(match: re.Match) -> str:
        language = _attributes(match[2]).get("lang") or _attributes(match[2]).get("language") or ""
        code = match[3].strip("\n")
        if "<" not in code:  # the visual editor stores it escaped; the text editor as typed
            code = html.unescape(code)
        codes.append(Markup('<pre><code class="language-{}">{}</code></pre>').format(language, code))
        return f"\n\n{_CODE_BLOCK}{len(codes) - 1}\n\n"

    text = _CODE.sub(keep_code, content)
    text = _GUTENBERG.sub("", text)
    text = _MORE_COMMENT.sub(f"\n\n<p>{_MORE}</p>\n\n", text, count=1)
    text = _MORE_COMMENT.sub("", text)
    text = _NEXTPAGE.sub("", text)
    text = _CAPTION.sub(lambda match: _caption(match), text)
    text = _EMBED.sub(lambda match: _embed(match[1].strip(), title, report), text)
    text = _GALLERY.sub(lambda match: _gallery(_attributes(match[1]), post_id, blog, title, report), text)
    for match in _OTHER.finditer(text):
        if "[/" in match[0] or "=" in match[2]:
            report.note(title, f"shortcode [{match[1]}] left as text: no Markdown for it")
    text = _paragraphs(text) if classic else text
    for index, code in enumerate(codes):
        text = text.replace(f"{_CODE_BLOCK}{index}", code)
    soup = BeautifulSoup(text, "html5lib")
    for element in soup.select("figure.wp-block-embed, figure.is-type-video"):
        url = element.get_text(" ", strip=True)
        element.replace_with(BeautifulSoup(_embed(url, title, report), "html.parser"))
    _pictures(soup, blog, slug, images, title, report)
    markdown = _Converter().convert_soup(soup)
    markdown = markdown.replace(_MORE, f"\n\n{EXCERPT_SEPARATOR}\n\n")
    return re.sub(r"\n{3,}", "\n\n", markdown).strip() + "\n"


def _caption(match: re.Match) -> str:
    """[caption]<img> Text[/caption], as WordPress writes a picture with its caption."""
    inner = match[2].strip()
    found = re.match(r"((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)(.*)", inner, re.DOTALL)
    picture, caption = (found[1], found[2].strip()) if found else (inner, "")
    caption = caption or _attributes(match[1]).get("caption", "")
    return f"<figure>{picture}<figcaption>{caption}</figcaption></figure>"


def _embed(url: str, title: str, report: Report) -> str:
    report.note(title, f"embedded {url} became a link (the site loads nothing from other hosts)")
    return str(Markup('<p><a href="{0}">{0}</a></p>').format(url))


def _gallery(attributes: dict[str, str], post_id: str, blog: _Blog, title: str, report: Report) -> str:
    ids = [part.strip() for part in attributes.get("ids", "").split(",") if part.strip()]
    if not ids:  # a gallery of the pictures uploaded with the post
        ids = [key for key, attachment in blog.attachments.items() if attachment.parent == post_id]
    found = [blog.attachments[key] for key in ids if key in blog.attachments]
    missing = [key for key in ids if key not in blog.attachments]
    what = f"gallery became {len(found)} pictures"
    report.note(title, what + (f"; attachments {', '.join(missing)} are not in the export" if missing else ""))
    pictures = Markup("\n").join(Markup('<img src="{}" alt="{}">').format(a.url, a.title) for a in found)
    return str(Markup("<p>{}</p>").format(pictures))


def _paragraphs(text: str) -> str:
    """WordPress's wpautop, simplified: in the classic editor a blank line separates paragraphs
    and a line break is a <br>; block-level HTML stays as it is."""
    blocks = []
    for block in re.split(r"\n\s*\n", text):
        if not block.strip():
            continue
        if _BLOCK_START.match(block) or block.strip().startswith(_CODE_BLOCK):
            blocks.append(block)
        else:
            blocks.append("<p>" + re.sub(r"\s*\n\s*", "<br>\n", block.strip()) + "</p>")
    return "\n\n".join(blocks)


def _pictures(soup: BeautifulSoup, blog: _Blog, slug: str, images: dict[str, Path], title: str, report: Report) -> None:
    """Pictures from wp-content/uploads/ copied beside the post (links to them rewritten), from
    the local copy of uploads/; the others stay linked to the old site, each said."""
    for element, attribute in [(img, "src") for img in soup.find_all("img")] + [(a, "href") for a in soup.find_all("a")]:
        url = element.get(attribute) or ""
        if "/wp-content/uploads/" not in url or (attribute == "href" and not _PICTURE.search(urlsplit(url).path)):
            continue
        relative = unquote(urlsplit(url).path.split("/wp-content/uploads/", 1)[1])
        found = _uploaded(blog.uploads, relative)
        if found is None:
            where = f"not in {blog.uploads}" if blog.uploads else "no uploads folder given (--uploads)"
            report.note(title, f"picture {url} {where}: linked to the old site")
            continue
        name = found.name
        images[name] = found
        element[attribute] = f"images/{slug}/{name}"


def _uploaded(uploads: Path | None, relative: str) -> Path | None:
    if uploads is None:
        return None
    for candidate in (relative, _RESIZED.sub("", relative)):  # the original when the smaller copy is gone
        path = uploads / PurePosixPath(candidate)
        if path.is_file() and path.resolve().is_relative_to(uploads.resolve()):
            return path
    return None


class _Converter(MarkdownConverter):
    """markdownify with figures kept as Material writes them, and code blocks' languages."""

    class Options(MarkdownConverter.DefaultOptions):
        heading_style = "ATX"
        bullets = "-"
        escape_misc = False

    def __init__(self, **options):
        super().__init__(code_language_callback=_code_language, **options)

    def escape(self, text, parent_tags):
        # Text, not Markdown: a backslash (C:\Users\.wslconfig) would escape the next character,
        # and <stdio.h> would be read as a tag.
        text = re.sub(r"<(?=[A-Za-z/!?])", "&lt;", text.replace("\\", "\\\\"))
        return super().escape(text, parent_tags)

    def convert_figure(self, el, text, parent_tags):
        picture = el.find("img")
        if picture is None:
            return f"\n\n{text}\n\n"
        image = self.convert_img(picture, "", set())
        caption = el.find("figcaption")
        if caption is None or not caption.get_text(strip=True):
            return f"\n\n{image}\n\n"
        words = html.escape(" ".join(caption.get_text().split()), quote=False)
        return f'\n\n<figure markdown="span">\n{image}\n<figcaption>{words}</figcaption>\n</figure>\n\n'


def _code_language(element) -> str:
    """The language a code block names: class="language-x" (block editor, our [code]) or a
    SyntaxHighlighter "brush: x"."""
    classes = " ".join(element.get("class", []) + [c for code in element.find_all("code") for c in code.get("class", [])])
    match = re.search(r"language-([\w+-]+)", classes) or re.search(r"brush:\s*([\w+-]+)", classes)
    return match[1] if match else ""
