"""Unit tests of the jekyll-seo-tag port's helpers (liquidpage/plugins/seo_tag.py). The whole
tag is tested byte for byte by the plugin-seo-* fixtures (tests/test_plugin_fixtures.py); the
expected values here were measured with Ruby (Addressable 2.8.1, Ruby 3.1 ``format``)."""

from __future__ import annotations

import pytest

from liquidpage.plugins.seo_tag import addressable_absolute, json_ld, ruby_format

# url_helper.rb UrlHelper#absolute_url?: Addressable::URI.parse(s).absolute?, nil on
# Addressable::URI::InvalidURIError (measured with addressable 2.8.1).
ABSOLUTE = [
    (":", None),
    ("a:b", True),
    ("http:", None),
    ("http://", None),
    ("1a:b", None),
    ("/img.png", False),
    ("//cdn.x/a.png", False),
    ("c:/x", True),
    ("http://a b/", None),
    ("mailto:x", True),
    ("foo bar:baz", None),
    ("a/b:c", False),
    (":x", None),
    ("http:/x", True),
    ("x:", True),
    ("//", False),
    ("///a", False),
    ("http://[x]/", True),
    ("http://[x y]/", None),
    ("a b.png", False),
    ("http://exa mple.com/x", None),
    ("http://h:abc/", None),
    ("http://h:0/", True),
    ("http://u@/x", True),
    ("//u@h/x", False),
    ("img.png?x=1#f", False),
    ("https://example.com:443/a", True),
    ("ftp:", None),
    ("news:", True),
    ("a\nb:c", None),
    ("x\n:y", None),
    ("HTTP://EXAMPLE.COM", True),
]


@pytest.mark.parametrize(("text", "expected"), ABSOLUTE)
def test_absolute_url_like_addressable(text: str, expected: bool | None) -> None:
    assert addressable_absolute(text) is expected


def test_absolute_url_of_nothing() -> None:
    assert addressable_absolute(None) is None
    assert addressable_absolute(False) is None


@pytest.mark.parametrize(("message", "expected"), [
    ("Page %<current>s of %<total>s for ", "Page 2 of 10 for "),   # drop_spec.rb
    ("%<current>s of %<total>s", "2 of 10"),                       # drop_spec.rb
    ("%{current}/%{total} %% ", "2/10 % "),                       # Ruby: format("%{current}/%{total} %% ", ...)
    ("%<current>03d|%<total>-4s|", "002|10  |"),                   # Ruby: format("%<current>03d|%<total>-4s|", ...)
])
def test_paginator_message_format(message: str, expected: str) -> None:
    assert ruby_format(message, {"current": 2, "total": 10}) == expected


def test_json_ld_keys_sorted_and_nil_dropped() -> None:
    """json_ld_drop.rb #to_json: keys in Ruby's sort order, nil values left out, false kept."""

    class Drop:
        type = "WebPage"
        date_modified = date_published = description = page_title = name = links = None
        canonical_url = False
        image = None
        logo = None

        class author:  # noqa: N801 - stands in for the AuthorDrop
            name = None

            def __getitem__(self, key: str) -> None:
                return None

    drop = Drop()
    drop.author = Drop.author()  # type: ignore[assignment]
    assert json_ld(drop) == {"@context": "https://schema.org", "@type": "WebPage", "url": False}  # type: ignore[arg-type]
