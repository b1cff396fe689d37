"""Join the hand-written posts with the announcements that papers ask for, checking both.

A paper's `announce:` becomes a post unless a hand-written post about the same paper on the
same date already tells it: then the researcher's words win and nothing is said twice.
"""

from __future__ import annotations

from datetime import date

from pymdownx.slugs import slugify

from .citations import checked_citations
from .load.extras import Extras
from .load.news import PostSource, as_date
from .load.schema import closest
from .papers import Publications, extras_for_paper
from .structure.news import News, Post, Redirect
from .structure.paper import Paper
from .structure.problems import Problem

EXCERPT_SEPARATOR = "<!-- more -->"
# The blog plugin's own default, so that our slugs are the ones in its URLs.
_slugify = slugify(case="lower")


def post_slug(title: str) -> str:
    return _slugify(title, "-")


def build_news(
    sources: list[PostSource],
    publications: Publications,
    extras: list[Extras],
    today: date,
    redirects: list[tuple[str, str, int]] = (),
    redirects_file: str = "",
) -> tuple[News, list[Problem]]:
    problems: list[Problem] = []
    papers = publications.by_key()
    written = [post for source in sources if (post := _written_post(source, publications, problems))]
    told = {(key, post.date) for post in written for key in post.papers}
    by_paper = extras_for_paper(extras)
    announced = [
        post
        for paper in publications.papers
        if (post := _announcement(paper, by_paper.get(paper.slug), problems)) and (paper.key, post.date) not in told
    ]
    posts = sorted(written + announced, key=lambda post: (post.date, post.slug), reverse=True)
    problems += _duplicate_slugs(posts)
    news = News(posts, today)
    news.redirects = _redirects(news, redirects, redirects_file, problems)
    return news, problems


def _redirects(news: News, redirects, shown: str, problems: list[Problem]) -> list[Redirect]:
    """The old addresses of published posts; one of a draft or future post leads nowhere yet."""
    found = []
    for old, target, line in redirects:
        post = news.post_at(target)
        if post is None or post.is_generated:
            hint = closest(target, [p.path for p in news.posts if not p.is_generated])
            problems.append(Problem(shown, line, f"'{old}' leads to {target}, which is no post{hint}"))
        elif post.is_published(news.today):
            found.append(Redirect(old, post))
    return found


def _written_post(source: PostSource, publications: Publications, problems: list[Problem]) -> Post | None:
    papers, unreadable = publications.by_key(), publications.unreadable
    meta = source.meta
    raw_date = meta.get("date")
    if isinstance(raw_date, dict):  # Material's blog also takes {created: ..., updated: ...}
        raw_date = raw_date.get("created")
    when = as_date(raw_date)
    if "date" in meta and when is None:
        problems.append(Problem(source.path, meta.line_of("date"), f"date: {raw_date!r} is not a date (YYYY-MM-DD)"))
    title = meta.get("title") or source.heading
    if not title:
        problems.append(Problem(source.path, 1, "the post has no title: add `title:` or a first `# Heading`"))
    for key in meta.get("papers", []):
        if key not in papers and key not in unreadable:  # an unreadable entry has its own error
            hint = closest(key, papers)
            problems.append(Problem(source.path, meta.line_of("papers"), f"papers: no paper has the key '{key}'{hint}"))
    citations, found = checked_citations(source.text, source.path, publications)
    problems += found
    if when is None or not title:
        return None
    return Post(
        path=source.docs_path,
        source=source.path,
        line=1,
        title=title,
        date=when,
        slug=meta.get("slug") or post_slug(title),
        papers=[key for key in meta.get("papers", []) if key in papers],
        projects=list(meta.get("projects", [])),
        categories=list(meta.get("categories", [])),
        tags=list(meta.get("tags", [])),
        draft=bool(meta.get("draft", False)),
        excerpt=_excerpt(source.body),
        markdown=source.text,
        citations=citations,
    )


def _announcement(paper: Paper, extra: Extras | None, problems: list[Problem]) -> Post | None:
    if extra is None or "announce" not in extra.data:
        return None
    announce = extra.data["announce"]
    settings = announce if isinstance(announce, dict) else {"date": announce}
    when = as_date(settings.get("date"))
    line = extra.data.line_of("announce")
    if when is None:
        problems.append(Problem(extra.path, line, f"announce: {settings.get('date')!r} is not a date (YYYY-MM-DD)"))
        return None
    title = settings.get("title") or _announcement_title(paper)
    return Post(
        path=f"news/posts/{when.isoformat()}-{paper.slug}.md",
        source=extra.path,
        line=line,
        title=title,
        date=when,
        slug=post_slug(title),
        papers=[paper.key],
        categories=["Papers"],
        excerpt=settings.get("text", ""),
        announces=paper.key,
    )


def _announcement_title(paper: Paper) -> str:
    title = " ".join(paper.heading.split())
    if not paper.venue:
        return f"New paper: {title}"
    venue = paper.venue.short or paper.venue.name
    preposition = "in" if paper.kind in ("journal", "preprint") else "at"
    return f"New paper {preposition} {venue}: {title}"


def _excerpt(body: str) -> str:
    """The post's start, for teasers: up to the separator, without the title heading."""
    text = body.split(EXCERPT_SEPARATOR, 1)[0]
    lines = text.strip().splitlines()
    if lines and lines[0].startswith("# "):
        lines = lines[1:]
    return "\n".join(lines).strip()


def _duplicate_slugs(posts: list[Post]) -> list[Problem]:
    problems, seen = [], {}
    for post in sorted(posts, key=lambda post: (post.source, post.line)):
        if post.slug in seen:
            first = seen[post.slug]
            problems.append(
                Problem(
                    post.source,
                    post.line,
                    f"another post has the slug '{post.slug}' ({first.source}:{first.line}): "
                    "give one of them another title or a `slug:`",
                )
            )
        else:
            seen[post.slug] = post
    return problems

