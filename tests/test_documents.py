"""Unit tests for liquidpage.documents and liquidpage.slug; values observed in Jekyll 4.3.1."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from liquidpage.documents import (
    InvalidDateError,
    UrlPlaceholders,
    can_be_published,
    categories_from_path,
    document_id,
    excerpt_separator,
    extract_excerpt,
    hidden_in_the_future,
    is_dated_filename,
    is_draft,
    parse_date,
    parse_post_filename,
    read_document_data,
    ruby_time_to_s,
    sort_docs,
    titleize_slug,
)
from liquidpage.slug import slugify
from liquidpage.urls import generate_url, posts_template

UTC = ZoneInfo("UTC")
SITE_TIME = dt.datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


def _post(rel: str, fm: dict[str, Any], defaults: dict[str, Any] | None = None,
          style: str = "date") -> tuple[dict[str, Any], str, str]:
    data = read_document_data(relative_path=rel, label="posts", defaults=defaults or {},
                              front_matter=fm, site_time=SITE_TIME, tz=UTC)
    ph = UrlPlaceholders(label="posts", relative_path=rel, data=data, date=data["date"],
                         output_ext=".html")
    url = generate_url(posts_template({"permalink": style}), ph)
    return data, url, document_id(url, data, rel)


# (relative path, front matter) -> (url, id, title, slug, categories, tags, date) from Jekyll.
POSTS = [
    ("_posts/sub/2021-12-31-nested.md",
     {"category": "single", "categories": "x y", "tag": "onetag", "tags": "t1 t2"},
     "/x/y/single/2021/12/31/nested.html", "/x/y/single/2021/12/31/nested", "Nested", "nested",
     ["x", "y", "single"], ["onetag"], "2021-12-31 00:00:00 +0000"),
    ("_posts/2021-06-07-x.md",
     {"slug": "My Slug", "categories": ["Foo Bar", "baz", "Foo Bar"], "tags": "t1 t2"},
     "/foo%20bar/baz/2021/06/07/My-Slug.html", "/foo%20bar/baz/2021/06/07/My Slug", "X",
     "My Slug", ["Foo Bar", "baz"], ["t1", "t2"], "2021-06-07 00:00:00 +0000"),
    ("_posts/2021-03-04-Hello World!.md", {},
     "/2021/03/04/Hello-World!.html", "/2021/03/04/Hello World!", "Hello world!",
     "Hello World!", [], [], "2021-03-04 00:00:00 +0000"),
    ("my_posts_dir/_posts/2021-01-03-my-post.md", {},
     "/my/2021/01/03/my-post.html", "/my/2021/01/03/my-post", "My Post", "my-post", ["my"], [],
     "2021-01-03 00:00:00 +0000"),
    ("es/_posts/2020-01-05-hola.md",
     {"date": dt.datetime(2020, 5, 5, 23, 30, tzinfo=dt.timezone(dt.timedelta(hours=-5))),
      "title": None},
     "/es/2020/05/06/hola.html", "/es/2020/05/06/hola", "Hola", "hola", ["es"], [],
     "2020-05-06 04:30:00 +0000"),
]


@pytest.mark.parametrize(("rel", "fm", "url", "id", "title", "slug", "cats", "tags", "date"), POSTS)
def test_posts(rel: str, fm: dict[str, Any], url: str, id: str, title: str, slug: str,
               cats: list[str], tags: list[str], date: str) -> None:
    data, got_url, got_id = _post(rel, fm)
    assert (got_url, got_id) == (url, id)
    assert (data["title"], data["slug"], data["categories"], data["tags"]) == (
        title, slug, cats, tags)
    assert ruby_time_to_s(data["date"]) == date
    assert data["ext"] == ".md"


def test_every_placeholder() -> None:
    style = ("/:year/:month/:day/:hour/:minute/:second/:i_day/:i_month/:short_month/:long_month"
             "/:short_year/:w_year/:week/:w_day/:short_day/:long_day/:y_day/:name/:title/:slug"
             "/:categories/:slugified_categories/:month_:day_")
    fm = {"date": dt.datetime(2021, 1, 3, 7, 8, 9, tzinfo=UTC), "categories": ["Foo Bar", "Ü x"]}
    _, url, id = _post("_posts/2021-01-03-My Post.md", fm, style=style)
    expected = ("/2021/01/03/07/08/09/3/1/Jan/January/21/2020/53/7/Sun/Sunday/003"
                "/2021-01-03-my-post/My-Post/my-post/foo%20bar/%C3%BC%20x/foo-bar/%C3%BC-x/01_03_")
    assert url == expected
    assert id == expected.rsplit("/", 1)[0] + "/My Post"


def test_collection_document() -> None:
    rel = "_docs/sub/Item One.md"
    data = read_document_data(relative_path=rel, label="docs", defaults={}, front_matter={},
                              site_time=SITE_TIME, tz=UTC)
    assert "date" not in data and data["title"] == "Item one" and data["categories"] == []
    ph = UrlPlaceholders(label="docs", relative_path=rel, data=data, date=SITE_TIME,
                         output_ext=".html")
    url = generate_url("/c/:collection/:path/:name/:title/:slug:output_ext", ph)
    assert url == "/c/docs/sub/Item%20One/item-one/Item-One/item-one.html"
    assert document_id(url, data, rel) == "/c/docs/sub/Item%20One/item-one/Item-One/Item One"


def test_broken_front_matter_derives_nothing() -> None:
    data = read_document_data(relative_path="_posts/2020-04-04-x.md", label="posts",
                              defaults={"layout": "d"}, front_matter=None,
                              site_time=SITE_TIME, tz=UTC)
    assert data == {"draft": False, "categories": [], "layout": "d"}


def test_filenames() -> None:
    assert parse_post_filename("_posts/a/2021-1-3-x.y.md") == ("2021-1-3", "x.y", ".md")
    assert parse_post_filename("_posts/notes.md") is None
    assert is_dated_filename("2020-01-01-.md")
    assert categories_from_path("a/b/_posts/c/x.md", "_posts") == ["a", "b"]
    assert categories_from_path("_posts/es/x.md", "_posts") == []
    assert is_draft("_drafts/x.md", "posts") and not is_draft("_posts/x.md", "posts")
    assert titleize_slug("my-post") == "My Post"
    assert titleize_slug("Hello World!") == "Hello world!"
    assert titleize_slug("a-b-") == "A B"


def test_parse_date() -> None:
    assert ruby_time_to_s(parse_date("2020-05-05 23:30:00 -0500", UTC)) == "2020-05-06 04:30:00 +0000"
    assert ruby_time_to_s(parse_date(dt.date(2020, 1, 2), ZoneInfo("Europe/Paris"))) == \
        "2020-01-02 00:00:00 +0100"
    assert ruby_time_to_s(parse_date("2020-01-02T10:11:12Z", ZoneInfo("Asia/Tokyo"))) == \
        "2020-01-02 19:11:12 +0900"
    with pytest.raises(InvalidDateError, match="Invalid date 'tomorrow'"):
        parse_date("tomorrow", UTC)


@pytest.mark.parametrize(
    ("text", "mode", "cased", "slug"),
    [
        ("Hello wörld_x.y!--é", None, False, "hello-wörld-x-y-é"),
        ("Hello wörld_x.y!--é", "pretty", False, "hello-wörld_x.y!-é"),
        (" Hello  wörld_x.y!--é ", "raw", False, "hello-wörld_x.y!--é"),
        ("Hello wörld_x.y!--é", "ascii", False, "hello-w-rld-x-y"),
        ("Hello wörld_x.y!--é Ж", "latin", False, "hello-world-x-y-e"),
        ("Hello W", "nope", False, "hello w"),
        ("Hello World!", "pretty", True, "Hello-World!"),
        ("2021-01-03-my-post", None, False, "2021-01-03-my-post"),
    ],
)
def test_slugify(text: str, mode: str | None, cased: bool, slug: str) -> None:
    assert slugify(text, mode, cased) == slug


@dataclass
class Doc:
    relative_path: str
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def path(self) -> str:
        return "/src/" + self.relative_path


def test_sort_by_and_order() -> None:
    docs = [Doc("_docs/a.md", {"weight": 2}), Doc("_docs/b.md"), Doc("_docs/c.md", {"weight": 1}),
            Doc("_docs/0.md", {"weight": 1})]
    got = sort_docs(docs, {"sort_by": "weight"}, "_docs")
    assert [d.relative_path for d in got] == ["_docs/0.md", "_docs/c.md", "_docs/a.md", "_docs/b.md"]
    items = [Doc(f"_items/{x}.md") for x in "dcba"]
    got = sort_docs(items, {"order": ["c.md", "missing.md", "a.md"]}, "_items")
    assert [d.relative_path for d in got] == ["_items/c.md", "_items/a.md", "_items/b.md",
                                              "_items/d.md"]
    dated = [Doc("_posts/b.md", {"date": SITE_TIME}), Doc("_posts/a.md", {"date": SITE_TIME}),
             Doc("_posts/c.md", {"date": SITE_TIME - dt.timedelta(days=1)})]
    assert [d.relative_path for d in sort_docs(dated, {}, "_posts")] == [
        "_posts/c.md", "_posts/a.md", "_posts/b.md"]


def test_excerpt_source() -> None:
    body = ("Intro {% if true %} in [ref] and [other]\n\nmore {% endif %}\n\n[ref]: http://x\n"
            "  [other]: /o \"t\"\n[nope]: /n\n")
    assert extract_excerpt(body, "\n\n") == (
        "Intro {% if true %} in [ref] and [other]\n{% endif %}\n\n[ref]: http://x\n"
        "[other]: /o \"t\"")
    assert extract_excerpt("no separator here", "\n\n") == "no separator here"
    assert extract_excerpt("a<!--more-->b", "<!--more-->") == "a"
    assert excerpt_separator({}, {"excerpt_separator": "\n\n"}) == "\n\n"
    assert excerpt_separator({"excerpt_separator": "<!--more-->"}, {}) == "<!--more-->"
    assert excerpt_separator({}, {"excerpt_separator": ""}) == ""


def test_publishing() -> None:
    assert can_be_published({}, False)
    assert not can_be_published({"published": False}, False)
    assert not can_be_published({"published": None}, False)
    assert can_be_published({"published": False}, True)
    later = SITE_TIME + dt.timedelta(seconds=1)
    assert hidden_in_the_future(later, SITE_TIME, False)
    assert not hidden_in_the_future(later, SITE_TIME, True)
    assert not hidden_in_the_future(SITE_TIME, SITE_TIME, False)


def test_pages_with_the_same_name_keep_read_order(tmp_path: Path) -> None:
    # docs/parity.md (Whole-site build): Jekyll's order for equal names depends on the file
    # system; liquidpage reads a folder's sub-folders (sorted) before its own pages, as
    # Reader#read_directories does, and sorts stably by name, so equal names keep that order.
    from sitemaker import make_site

    from liquidpage import Site

    site = make_site(tmp_path / "s", {"zeta/index.md": "---\n---\nz\n", "alpha/index.md": "---\n---\na\n",
                                      "index.md": "---\n---\nroot\n", "mid/index.md": "---\n---\nm\n",
                                      "about.md": "---\n---\nab\n"})
    names = [p.relative_path for p in Site.load(site).pages]
    assert names == ["about.md", "alpha/index.md", "mid/index.md", "zeta/index.md", "index.md"]
