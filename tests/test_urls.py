"""Unit tests for liquidpage.urls; expected values observed in Jekyll 4.3.1 builds (Jekyll's url.rb, page.rb Page#url, document.rb Document#url)."""

from __future__ import annotations

import pytest

from liquidpage.urls import (
    escape_path,
    extname,
    generate_url,
    output_ext_for,
    output_path,
    page_dir,
    page_url,
    posts_template,
    ruby_dirname,
    ruby_join,
    sanitize_url,
    static_file_url,
    static_output_path,
    style_suffix,
)


@pytest.mark.parametrize(
    ("style", "template", "suffix"),
    [
        ("date", "/:categories/:year/:month/:day/:title:output_ext", ":output_ext"),
        ("pretty", "/:categories/:year/:month/:day/:title/", "/"),
        ("ordinal", "/:categories/:year/:y_day/:title:output_ext", ":output_ext"),
        ("weekdate", "/:categories/:year/W:week/:short_day/:title:output_ext", ""),
        ("none", "/:categories/:title:output_ext", ":output_ext"),
        ("/blog/:year/:title/", "/blog/:year/:title/", "/"),
        ("/:title:output_ext", "/:title:output_ext", ":output_ext"),
        ("/:title", "/:title", ""),
        (None, "/:categories/:year/:month/:day/:title:output_ext", ":output_ext"),
    ],
)
def test_styles(style: str | None, template: str, suffix: str) -> None:
    config = {"permalink": style}
    assert posts_template(config) == template
    assert style_suffix(config) == suffix


@pytest.mark.parametrize(
    ("dir", "basename", "ext", "permalink", "style", "url"),
    [
        ("", "about", ".html", None, "date", "/about.html"),
        ("", "about", ".html", None, "pretty", "/about/"),
        ("", "about", ".html", None, "weekdate", "/about"),
        ("", "index", ".html", None, "pretty", "/"),
        ("/sub", "index", ".html", None, "date", "/sub/"),
        ("", "data", ".json", None, "pretty", "/data.json"),
        ("/blog/a", "p1", ".html", None, "/:year/:title", "/blog/a/p1"),
        ("/my dir", "x y", ".html", None, "date", "/my%20dir/x%20y.html"),
        ("", "perm", ".html", "/:basename/:path/x:output_ext", "date", "/perm/x.html"),
        ("", "perm2", ".html", "/spa ce/ü", "date", "/spa ce/ü"),
        ("", "t", ".html", "/:title/x/", "date", "/:title/x/"),
        ("", "a", ".html", "/foo./bar/../x", "date", "/foobar/x"),
    ],
)
def test_page_url(dir: str, basename: str, ext: str, permalink: str | None, style: str,
                  url: str) -> None:
    assert page_url(dir=dir, basename=basename, output_ext=ext, permalink=permalink,
                    config={"permalink": style}) == url


@pytest.mark.parametrize(
    ("url", "dir"),
    [("/blog/a/p1", "/blog/a/"), ("/blog2", "/"), ("/my%20dir/x%20y", "/my%20dir/"),
     ("/a/", "/a/"), ("/", "/"), ("/about/team.html", "/about/")],
)
def test_page_dir(url: str, dir: str) -> None:
    assert page_dir(url) == dir


@pytest.mark.parametrize(
    ("value", "escaped"),
    [("", ""), ("abc/d-e.f", "abc/d-e.f"), ("a b", "a%20b"), ("ü", "%C3%BC"),
     ("Hello-World!", "Hello-World!"), ("a?b c#d", "a?b%20c%23d"), ("%41", "%2541"),
     ("[x]{y}", "%5Bx%5D%7By%7D")],
)
def test_escape_path(value: str, escaped: str) -> None:
    assert escape_path(value) == escaped


def test_sanitize_url() -> None:
    assert sanitize_url("a//b/../c/./d") == "/a/b/c/d"
    assert sanitize_url("/foo./bar") == "/foobar"


def test_generate_url_trailing_underscore_and_unknown() -> None:
    from liquidpage.errors import URLError

    assert generate_url("/:month_:day_/x", {"month": "01", "day": "03"}) == "/01_03_/x"
    with pytest.raises(URLError, match="doesn't have nope keys"):
        generate_url("/:nope/", {"title": "x"})


@pytest.mark.parametrize(
    ("url", "ext", "document", "path"),
    [
        ("/about/", ".html", False, "about/index.html"),
        ("/feed/", ".xml", False, "feed/index.xml"),
        ("/feed/", ".xml", True, "feed/index.html"),
        ("/noext", ".html", False, "noext.html"),
        ("/feed", ".xml", False, "feed.xml"),
        ("/", ".html", False, "index.html"),
        ("/spa ce/ü", ".html", False, "spa ce/ü.html"),
        ("/my%20dir/x%20y.html", ".html", False, "my dir/x y.html"),
        ("/a/%2E%2E/%2E%2E/b.html", ".html", True, "b.html"),
        ("/2020/08/08/text.txt", ".txt", True, "2020/08/08/text.txt"),
    ],
)
def test_output_path(url: str, ext: str, document: bool, path: str) -> None:
    assert output_path(url, ext, document=document) == path


def test_static_file_urls() -> None:
    template = "/c/:collection/:path/:name/:title/:slug:output_ext"
    assert static_file_url("_docs/sub/pic.png", collection="docs",
                           template=template) == "/c/docs/sub/pic/pic/:slug.png"
    assert static_file_url("sub/file.txt") == "/sub/file.txt"
    assert static_file_url("my file.txt") == "/my file.txt"
    assert static_file_url("_docs/a.txt", collection="docs",
                           template="/:collection/:path/") == "/docs/a.txt"
    assert static_output_path("/c/docs/sub/pic/pic/:slug.png") == "c/docs/sub/pic/pic/:slug.png"


def test_output_ext_for() -> None:
    assert output_ext_for("/feed.xml", ".html") == ".xml"
    assert output_ext_for("/feed/", ".html") == ".html"
    assert output_ext_for("/noext", ".html") == ".html"
    assert output_ext_for(None, ".css") == ".css"


def test_ruby_file_helpers() -> None:
    assert [extname(x) for x in ["foo.", ".bashrc", "..foo", "a.b.c", "x/.y.z", "a..", "f.xml"]] \
        == [".", "", "", ".c", ".z", ".", ".xml"]
    assert ruby_dirname("/a/b/") == "/a"
    assert ruby_dirname("/x.html") == "/"
    assert ruby_join("/", "x") == "/x"
    assert ruby_join("/a/", "/b") == "/a/b"
