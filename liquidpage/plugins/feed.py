"""jekyll-feed 0.17.0: Atom feeds for posts, collections, categories and tags, and
``{% feed_meta %}`` (a port of the Debian gem ruby-jekyll-feed; see docs/plugins/jekyll-feed.md).

The gem's generator adds one page without a file per feed; each page's content is a Liquid
template that Jekyll renders like any other page (in the site's payload, after the documents,
so ``post.content`` is each post's converted body). Here the generator is ported as Python
(``generate``), and the template is our own Liquid text (``FEED_TEMPLATE``), written from the
gem's behaviour so that it renders the same bytes: the gem strips every run of whitespace that
follows ``>`` or ``}`` from its template (``Generator::MINIFY_REGEX``), so the feed is one line
with no separator between tags; our fragments are joined with nothing between them.
"""

from __future__ import annotations

import logging
import os
import posixpath
import re
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any, TextIO

from liquid.ast import Node
from liquid.tag import Tag
from liquid.token import TOKEN_EXPRESSION, TOKEN_TAG, Token

from liquidpage.errors import ConfigError, SourceLocation, find_line, location_of_line
from liquidpage.jekyll_filters import absolute_url
from liquidpage.model import Page
from liquidpage.ruby import inspect as rb_inspect
from liquidpage.ruby import is_hash, to_s
from liquidpage.filters import site_of

if TYPE_CHECKING:  # pragma: no cover
    from liquid.context import RenderContext
    from liquid.stream import TokenStream

    from liquidpage.plugins.registry import Registry
    from liquidpage.site import Site

log = logging.getLogger("liquidpage")

# The feed page's Liquid, in the order the gem's lib/jekyll-feed/feed.xml produces its output.
# The page data the generator sets: ``xsl`` (feed.xslt.xml exists in the source),
# ``collection``, ``category`` (nil for the collection's own feed) and ``tags`` (one tag, or nil).
_FEED_PARTS = (
    # The prolog, the optional stylesheet and the <feed> element.
    '<?xml version="1.0" encoding="utf-8"?>',
    "{% if page.xsl %}",
    '<?xml-stylesheet type="text/xml" href="{{ "/feed.xslt.xml" | absolute_url }}"?>',
    "{% endif %}",
    '<feed xmlns="http://www.w3.org/2005/Atom" ',
    '{% if site.lang %}xml:lang="{{ site.lang }}"{% endif %}>',
    '<generator uri="https://jekyllrb.com/" version="{{ jekyll.version }}">Jekyll</generator>',
    '<link href="{{ page.url | absolute_url }}" rel="self" type="application/atom+xml" />',
    '<link href="{{ "/" | absolute_url }}" rel="alternate" type="text/html" ',
    '{% if site.lang %}hreflang="{{ site.lang }}" {% endif %}/>',
    "<updated>{{ site.time | date_to_xmlschema }}</updated>",
    "<id>{{ page.url | absolute_url | xml_escape }}</id>",
    # Feed title: site title (or name), then " | Collection" (not for posts), " | Category".
    "{% assign feed_title = site.title | default: site.name %}",
    '{% if page.collection != "posts" %}',
    "{% assign title_part = page.collection | capitalize %}",
    '{% assign feed_title = feed_title | append: " | " | append: title_part %}',
    "{% endif %}",
    "{% if page.category %}",
    "{% assign title_part = page.category | capitalize %}",
    '{% assign feed_title = feed_title | append: " | " | append: title_part %}',
    "{% endif %}",
    '{% if feed_title %}<title type="html">{{ feed_title | smartify | xml_escape }}</title>{% endif %}',
    "{% if site.description %}<subtitle>{{ site.description | xml_escape }}</subtitle>{% endif %}",
    "{% if site.author %}<author>",
    "<name>{{ site.author.name | default: site.author | xml_escape }}</name>",
    "{% if site.author.email %}<email>{{ site.author.email | xml_escape }}</email>{% endif %}",
    "{% if site.author.uri %}<uri>{{ site.author.uri | xml_escape }}</uri>{% endif %}",
    "</author>{% endif %}",
    # The entries: a tag's posts or the collection's documents, of the category if any,
    # without drafts (unless show_drafts), newest first, at most posts_limit (10).
    "{% if page.tags %}{% assign entries = site.tags[page.tags] %}",
    "{% else %}{% assign entries = site[page.collection] %}{% endif %}",
    '{% if page.category %}{% assign entries = entries | where: "categories", page.category %}{% endif %}',
    '{% unless site.show_drafts %}{% assign entries = entries | where_exp: "e", "e.draft != true" %}{% endunless %}',
    '{% assign entries = entries | sort: "date" | reverse %}',
    "{% assign entry_limit = site.feed.posts_limit | default: 10 %}",
    "{% for entry in entries limit: entry_limit %}",
    '<entry{% if entry.lang %} xml:lang="{{ entry.lang }}"{% endif %}>',
    "{% assign entry_title = entry.title | smartify | strip_html | normalize_whitespace | xml_escape %}",
    '<title type="html">{{ entry_title }}</title>',
    '<link href="{{ entry.url | absolute_url }}" rel="alternate" type="text/html" title="{{ entry_title }}" />',
    "<published>{{ entry.date | date_to_xmlschema }}</published>",
    "<updated>{{ entry.last_modified_at | default: entry.date | date_to_xmlschema }}</updated>",
    "<id>{{ entry.id | absolute_url | xml_escape }}</id>",
    "{% assign summary_only = entry.feed.excerpt_only | default: site.feed.excerpt_only %}",
    "{% unless summary_only %}",
    '<content type="html" xml:base="{{ entry.url | absolute_url | xml_escape }}">',
    "<![CDATA[{{ entry.content | strip }}]]></content>",
    "{% endunless %}",
    # Author: the entry's author (or first of authors, or the site's), looked up in
    # site.data.authors; a hash gives name/email/uri, anything else is the name.
    "{% assign who = entry.author | default: entry.authors[0] | default: site.author %}",
    "{% assign who = site.data.authors[who] | default: who %}",
    "{% assign who_email = who.email | default: nil %}",
    "{% assign who_uri = who.uri | default: nil %}",
    "{% assign who_name = who.name | default: who %}",
    '<author><name>{{ who_name | default: "" | xml_escape }}</name>',
    "{% if who_email %}<email>{{ who_email | xml_escape }}</email>{% endif %}",
    "{% if who_uri %}<uri>{{ who_uri | xml_escape }}</uri>{% endif %}",
    "</author>",
    # Categories: the front matter's single `category` wins over `categories`; then the tags.
    '{% if entry.category %}<category term="{{ entry.category | xml_escape }}" />',
    '{% elsif entry.categories %}{% for term in entry.categories %}<category term="{{ term | xml_escape }}" />{% endfor %}',
    "{% endif %}",
    '{% for term in entry.tags %}<category term="{{ term | xml_escape }}" />{% endfor %}',
    "{% assign summary = entry.description | default: entry.excerpt %}",
    "{% if summary and summary != empty %}",
    '<summary type="html"><![CDATA[{{ summary | strip_html | normalize_whitespace }}]]></summary>',
    "{% endif %}",
    "{% assign picture = entry.image.path | default: entry.image %}",
    "{% if picture %}",
    '{% unless picture contains "://" %}{% assign picture = picture | absolute_url %}{% endunless %}',
    '<media:thumbnail xmlns:media="http://search.yahoo.com/mrss/" url="{{ picture | xml_escape }}" />',
    '<media:content medium="image" url="{{ picture | xml_escape }}" xmlns:media="http://search.yahoo.com/mrss/" />',
    "{% endif %}",
    "</entry>",
    "{% endfor %}",
    "</feed>",
)


def _join(parts: tuple[str, ...]) -> str:
    """The parts with nothing between them in the output, but one per template line (so a
    Liquid error points at a short line): a line break goes before a part that opens with a
    tag, which then trims it (``{%-``), unless the text before it ends in whitespace it keeps."""
    out = parts[0]
    for part in parts[1:]:
        if part.startswith("{%") and not out[-1].isspace():
            out += "\n{%-" + part[2:]
        else:
            out += part
    return out


FEED_TEMPLATE = _join(_FEED_PARTS)

# generator.rb Generator#generate_tag_feed: tags with other characters get no feed.
_TAG_NAME_RE = re.compile(r"[^a-zA-Z0-9_]")


def _truthy(value: Any) -> bool:
    """Ruby truthiness: everything but nil and false."""
    return value is not None and value is not False


def _config(site: Site) -> dict[str, Any]:
    """Generator#config: ``site.config["feed"] || {}`` (the site's own hash, changed in place)."""
    value = site.config.get("feed")
    return value if is_hash(value) and _truthy(value) else {}


def _collections(config: dict[str, Any]) -> dict[Any, dict[str, Any]]:
    """Generator#collections and #normalize_posts_meta: {name: {"categories": [...], "path": ...}}.

    A hash given in the config is the config's own hash (the gem changes it in place: its
    ``posts`` entry and ``feed.path``, which ``{% feed_meta %}`` then uses)."""
    given = config.get("collections")
    if isinstance(given, list):
        collections: dict[Any, Any] = {name: {} for name in given}
    elif is_hash(given):
        collections = given
    else:
        collections = {}
    if not _truthy(collections.get("posts")):
        collections["posts"] = {}
    posts = collections["posts"]
    if not is_hash(posts):
        raise ConfigError(f"jekyll-feed: feed.collections.posts must be a hash of options, "
                          f"not {rb_inspect(posts)} (Jekyll stops here too)")
    if not _truthy(posts.get("path")):
        posts["path"] = config.get("path")
    if not _truthy(posts.get("categories")):
        posts["categories"] = config.get("categories")
    if not _truthy(config.get("path")):
        config["path"] = posts["path"]
    for name, meta in collections.items():
        if not is_hash(meta):
            # Ruby fails on `meta["categories"] = ...` for nil (NoMethodError) or a string (IndexError).
            raise ConfigError(f"jekyll-feed: feed.collections.{to_s(name)} must be a hash of options, "
                              f"not {rb_inspect(meta)} (Jekyll stops here too)")
        meta["categories"] = _category_set(meta.get("categories"), to_s(name))
    return collections


def _category_set(value: Any, name: str) -> list[Any]:
    """``(meta["categories"] || []).to_set``: each value once, in order; a hash gives its
    [key, value] pairs; a string or number has no ``to_set`` (NoMethodError in Jekyll)."""
    if not _truthy(value):
        return []
    if is_hash(value):
        value = [[k, v] for k, v in value.items()]
    elif not isinstance(value, list):
        raise ConfigError(f"jekyll-feed: the categories of feed.collections.{name} (or feed.categories) "
                          f"must be a list, not {rb_inspect(value)} (Jekyll stops here too)")
    unique: list[Any] = []
    for category in value:
        if category not in unique:
            unique.append(category)
    return unique


def _feed_path(collections: dict[Any, Any], collection: Any, category: Any) -> str:
    """Generator#feed_path: /feed.xml, /feed/<category>.xml, /feed/<collection>.xml,
    /feed/<collection>/<category>.xml, or the collection's own ``path``."""
    prefix = "/feed" if collection == "posts" else f"/feed/{to_s(collection)}"
    if _truthy(category):
        return f"{prefix}/{to_s(category)}.xml"
    meta = collections.get(collection)
    path = meta.get("path") if is_hash(meta) else None
    return to_s(path) if _truthy(path) else f"{prefix}.xml"


def _file_exists(site: Site, path: str) -> bool:
    """Generator#file_exists?: ``File.exist?(site.in_source_dir(path))`` (``..`` cannot leave
    the source: Jekyll.sanitized_path expands the path from ``/``)."""
    clean = posixpath.normpath("/" + path).lstrip("/")
    return os.path.exists(site.source / clean) if clean else True


def _make_page(site: Site, path: str, collection: Any = "posts", category: Any = None,
               tag: Any = None) -> Page:
    """Generator#make_page: a PageWithoutAFile named by the feed's path (dir ""), no layout,
    out of the sitemap, its content the feed template."""
    data = {
        "layout": None,
        "sitemap": False,
        "xsl": _file_exists(site, "feed.xslt.xml"),
        "collection": collection,
        "category": category,
        "tags": tag,
    }
    page = site.new_page("", path.lstrip("/"), content=FEED_TEMPLATE, data=data)
    return FeedPage(**{f.name: getattr(page, f.name) for f in fields(page)}, feed_name=path)


@dataclass(eq=False)
class FeedPage(Page):
    """The gem's PageWithoutAFile: made with dir "" and the feed's whole path as its name,
    so ``page.name`` is e.g. ``/feed/news.xml`` (page-without-a-file.rb, Jekyll's Page#initialize)."""

    feed_name: str = ""

    @property
    def name(self) -> str:
        return self.feed_name


def generate(site: Site) -> None:
    """Generator#generate (priority lowest): every collection's feed and its category feeds,
    then the tag feeds."""
    config = _config(site)
    if _truthy(config.get("disable_in_development")) and \
            os.environ.get("JEKYLL_ENV", "development") == "development":  # Jekyll.env
        log.info("Jekyll Feed: Skipping feed generation in development")
        return
    try:
        collections = _collections(config)
    except ConfigError as err:
        err.location = err.location or _config_location(site)
        raise
    for name, meta in collections.items():
        categories = meta.get("categories", []) if is_hash(meta) else []
        for category in [*categories, None]:
            path = _feed_path(collections, name, category)
            if _file_exists(site, path):
                continue
            site.pages.append(_make_page(site, path, collection=name, category=category))
    if _truthy(config.get("tags")):
        try:
            _generate_tag_feeds(site, config)
        except ConfigError as err:
            err.location = err.location or _config_location(site)
            raise


def _config_location(site: Site) -> SourceLocation | None:
    """The ``feed:`` line of the site's _config.yml, for an error in the feed options."""
    path = site.source / "_config.yml"
    return location_of_line(path, find_line(path, r"^feed\s*:")) if path.is_file() else None


def _site_tags(site: Site) -> list[Any]:
    """``site.tags.keys``: every tag of the posts, in the order first met (Site#post_attr_hash)."""
    seen: list[Any] = []
    for post in site.posts:
        for tag in post.data.get("tags") or []:
            if tag not in seen:
                seen.append(tag)
    return seen


def _generate_tag_feeds(site: Site, config: dict[str, Any]) -> None:
    """Generator#generate_feed_by_tag and #generate_tag_feed: ``only`` (default every tag)
    minus ``except``, under ``path`` (default /feed/by_tag/)."""
    tags = _site_tags(site)
    if not tags:
        return
    options = config.get("tags")
    options = options if is_hash(options) else {}
    excluded = options.get("except") if _truthy(options.get("except")) else []
    only = options.get("only") if _truthy(options.get("only")) else tags
    # `only - except` needs two arrays (NoMethodError / TypeError in Jekyll otherwise).
    for key, value in (("only", only), ("except", excluded)):
        if not isinstance(value, list):
            raise ConfigError(f"jekyll-feed: feed.tags.{key} must be a list, not {rb_inspect(value)} "
                              "(Jekyll stops here too)")
    folder = to_s(options.get("path")) if _truthy(options.get("path")) else "/feed/by_tag/"
    pool: list[Any] = []
    for tag in only:  # Array#- : each remaining element once per occurrence, order kept
        if tag not in excluded:
            pool.append(tag)
    for tag in pool:
        # `%r![^a-zA-Z0-9_]!.match?(tag)`: nil never matches; a number or boolean is a TypeError.
        if tag is not None and not isinstance(tag, str):
            post = next((p for p in site.posts if tag in (p.data.get("tags") or [])), None)
            where = location_of_line(post.path, find_line(post.path, r"^tags?\s*:")) if post else None
            raise ConfigError(f"jekyll-feed: the tag {rb_inspect(tag)} is not a string, so it cannot "
                              "name a tag feed (Jekyll stops with \"no implicit conversion of "
                              f"{_ruby_class(tag)} into String\"); quote it in the front matter", where)
        if tag is not None and _TAG_NAME_RE.search(tag):
            continue
        path = f"{folder}{to_s(tag)}.xml"
        if _file_exists(site, path):
            continue
        site.pages.append(_make_page(site, path, tag=tag))


def _ruby_class(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return {int: "Integer", float: "Float"}.get(type(value), type(value).__name__)


# -- {% feed_meta %} (lib/jekyll-feed/meta-tag.rb MetaTag#render) --------------------------------


def _xml_attr(value: Any) -> str:
    """Ruby's ``String#encode(xml: :attr)``: escaped and in double quotes."""
    text = (to_s(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("'", "&apos;"))
    return f'"{text}"'


def feed_meta(context: RenderContext) -> str:
    """``<link type="application/atom+xml" rel="alternate" href="..." title="..." />``: the
    posts feed's URL (``feed.path`` or feed.xml) and the site's title (or name) if any."""
    site = site_of(context)
    config = site.config
    feed = config.get("feed")
    path = feed.get("path") if is_hash(feed) else None
    if not _truthy(path):
        path = "feed.xml"
    title = config.get("title")
    if not _truthy(title):
        title = config.get("name")
    attrs = [("type", "application/atom+xml"), ("rel", "alternate"),
             ("href", absolute_url(path, context=context))]
    if _truthy(title):
        attrs.append(("title", title))
    return "<link " + " ".join(f"{key}={_xml_attr(value)}" for key, value in attrs) + " />"


class FeedMetaNode(Node):
    __slots__ = ()

    def __init__(self, token: Token) -> None:
        super().__init__(token)
        self.blank = False

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        return buffer.write(feed_meta(context))


class FeedMetaTag(Tag):
    """``{% feed_meta %}``: any markup after the name is ignored, as a Liquid::Tag does."""

    name = "feed_meta"
    block = False

    def parse(self, stream: TokenStream) -> FeedMetaNode:
        token = stream.expect(TOKEN_TAG)
        if stream.peek.kind == TOKEN_EXPRESSION:
            stream.next_token()
        return FeedMetaNode(token)


def register(registry: Registry) -> None:
    registry.add_generator(generate, priority="lowest")
    registry.add_tag(FeedMetaTag)


__all__ = ["FEED_TEMPLATE", "FeedMetaTag", "feed_meta", "generate", "register"]
