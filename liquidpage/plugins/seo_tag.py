"""A port of jekyll-seo-tag 2.8.0: the ``{% seo %}`` tag (title, meta description, canonical
URL, Open Graph, Twitter card, webmaster verification tags and JSON-LD), byte-identical to the
gem as Jekyll 4.3.1 renders it.

The gem (``lib/jekyll-seo-tag.rb`` ``SeoTag#render``) renders its own Liquid template with the
site payload plus a ``seo_tag`` drop. Here the same output is built by Python: :class:`SeoDrop`
follows ``drop.rb``, :class:`AuthorDrop` ``author_drop.rb``, :class:`ImageDrop`
``image_drop.rb``, :func:`json_ld` ``json_ld_drop.rb`` and :func:`addressable_absolute`
``url_helper.rb``; :func:`render_seo` writes the lines the gem's whitespace-stripped template
writes, in its order, with Liquid's truthiness and value printing. Values that are
Ruby-truthy but Python-falsy (``""``, ``0``, ``[]``) count as true, as in Ruby.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TextIO

from liquid.ast import Node
from liquid.tag import Tag
from liquid.token import TOKEN_EXPRESSION, Token

from liquidpage import filters as liquid_filters
from liquidpage import jekyll_filters
from liquidpage.drops import DocumentDrop, SiteDrop, page_hash
from liquidpage.ruby import is_array, is_hash, nil, output_s, to_s
from liquidpage.filters import site_of

if TYPE_CHECKING:  # pragma: no cover
    from liquid.context import RenderContext
    from liquid.stream import TokenStream

    from liquidpage.plugins.registry import Registry

VERSION = "2.8.0"  # jekyll-seo-tag lib/jekyll-seo-tag/version.rb
TITLE_SEPARATOR = " | "  # drop.rb Drop::TITLE_SEPARATOR
# drop.rb Drop::HOMEPAGE_OR_ABOUT_REGEX (Ruby's ^ and $ are line anchors)
HOMEPAGE_OR_ABOUT = re.compile(r"^/(about/)?(index.html?)?$", re.M)
DEFAULT_PAGINATOR_MESSAGE = "Page %<current>s of %<total>s for "  # drop.rb Drop#page_number
VALID_ENTITY_TYPES = ("BlogPosting", "CreativeWork")  # json_ld_drop.rb
VALID_AUTHOR_TYPES = ("Organization", "Person")  # json_ld_drop.rb


def truthy(value: Any) -> bool:
    """Ruby (and Liquid) truthiness: only nil and false are false."""
    value = nil(value)
    return value is not None and value is not False


def _or(*values: Any) -> Any:
    """Ruby ``a || b || c``."""
    for value in values:
        if truthy(value):
            return nil(value)
    return nil(values[-1]) if values else None


def lookup(obj: Any, key: str) -> Any:
    """A Liquid ``obj.key`` lookup: a hash or drop that has the key, else nil (a string, an
    array or a number has no named keys)."""
    obj = nil(obj)
    if is_hash(obj):
        try:
            return nil(obj[key]) if key in obj else None
        except (KeyError, TypeError):
            return None
    return None


def sub_hash(obj: Any, key: str) -> Mapping[str, Any]:
    """drop.rb ``Drop#sub_hash``: ``obj[key]`` when it is a hash, else an empty hash."""
    value = lookup(obj, key)
    return value if is_hash(value) else {}


# -- url_helper.rb ------------------------------------------------------------------------------

# addressable 2.8 lib/addressable/uri.rb: URIREGEX, the scheme check, NORMPATH, PORT_MAPPING.
_URIREGEX = re.compile(r"^(([^:/?#]+):)?(//([^/?#]*))?([^?#]*)(\?([^#]*))?(#(.*))?$", re.M)
_SCHEME = re.compile(r"\A[a-z][a-z0-9.+\-]*\Z", re.I)
_NORMPATH = re.compile(r"^(?!/)[^/:]*:.*$", re.M)
_IP_BASED = ("http", "https", "ftp", "tftp", "sftp", "ssh", "svn+ssh", "telnet", "nntp",
             "gopher", "wais", "ldap", "prospero")
_BAD_HOST = re.compile(r"[<>{}/\\?#@\"\s\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]")
_IP_LITERAL = re.compile(r"^\[(.*)\]$", re.M)
_IP_LITERAL_OK = re.compile(r"^[A-Za-z0-9\-._~!$&'()*+,;=:]*$", re.M)


class InvalidURIError(ValueError):
    """Addressable::URI::InvalidURIError."""


def addressable_parse(text: str) -> tuple[str | None, str | None, str]:
    """``Addressable::URI.parse(text)`` reduced to what ``absolute?`` needs: the scheme, the
    host and the path, with the checks that raise ``InvalidURIError`` (``scheme=``, ``port=``,
    ``validate``, ``to_s``)."""
    match = _URIREGEX.search(text)
    if match is None:  # pragma: no cover - the pattern matches any first line
        return None, None, ""
    scheme, authority, path = match.group(2), match.group(4), match.group(5) or ""
    host = port = user = None
    if authority is not None:
        userinfo = re.search(r"^([^\[\]]*)@", authority, re.M)
        if userinfo is not None:
            user = userinfo.group(1)
        host = re.sub(r"^([^\[\]]*)@", "", authority, count=1, flags=re.M)
        host = re.sub(r":([^:@\[\]]*?)$", "", host, count=1, flags=re.M)
        found = re.search(r":([^:@\[\]]*?)$", authority, re.M)
        port = found.group(1) if found is not None and found.group(1) != "" else None
    if scheme is not None and not _SCHEME.match(scheme):
        raise InvalidURIError(f"Invalid scheme format: '{scheme}'")
    if port is not None:
        decoded = jekyll_filters._unencode(port)
        if not re.search(r"^\d+$", decoded, re.M):
            raise InvalidURIError(f"Invalid port number: {port!r}")
        if int(decoded) == 0:
            port = None
    if path and host is not None and not path.startswith("/"):
        path = "/" + path
    if scheme is not None and scheme.strip().lower() in _IP_BASED and not host and not path:
        raise InvalidURIError("Absolute URI missing hierarchical segment")
    if host is None and (port is not None or user is not None):
        raise InvalidURIError("Hostname not supplied")
    if path.startswith("//") and authority is None:
        raise InvalidURIError("Cannot have a path with two leading slashes without an authority set")
    if host is not None:
        literal = _IP_LITERAL.search(host)
        if _BAD_HOST.search(host) or (literal is not None and not _IP_LITERAL_OK.search(literal.group(1))):
            raise InvalidURIError(f"Invalid character in host: '{host}'")
    if scheme is None and path and _NORMPATH.search(path):
        raise InvalidURIError(f"Cannot assemble URI string with ambiguous path: '{path}'")
    return scheme, host, path


def addressable_absolute(value: Any) -> bool | None:
    """url_helper.rb ``UrlHelper#absolute_url?``: True for an absolute URL, False for a
    relative one, None for nothing or a string Addressable cannot parse."""
    value = nil(value)
    if not truthy(value):
        return None
    if not isinstance(value, str):
        raise TypeError(f"Can't convert {type(value).__name__} into String.")
    try:
        scheme, _, _ = addressable_parse(value)
    except InvalidURIError:
        return None
    return scheme is not None


# -- filters.rb: Jekyll's and Liquid's filters bound to the render context ------------------------


class Filters:
    """filters.rb ``SeoTag::Filters``: Jekyll's filters with the page's render context."""

    def __init__(self, context: RenderContext) -> None:
        self.context = context

    def absolute_url(self, value: Any) -> Any:
        return jekyll_filters.absolute_url(value, context=self.context)

    def uri_escape(self, value: Any) -> Any:
        return jekyll_filters.uri_escape(value)

    def date_to_xmlschema(self, value: Any) -> Any:
        return jekyll_filters.date_to_xmlschema(value, context=self.context)

    def format_string(self, value: Any) -> str | None:
        """drop.rb ``Drop#format_string``: markdownify, strip_html, normalize_whitespace,
        escape_once; an empty result is nil. Results are kept per site (the steps depend
        on the text and the site's kramdown settings only)."""
        text = to_s(value)
        site = site_of(self.context)
        cache = site.__dict__.setdefault("_seo_format_cache", {})
        if text not in cache:
            html = jekyll_filters.markdownify(text, context=self.context)
            plain = jekyll_filters.normalize_whitespace(liquid_filters.strip_html(html))
            cache[text] = liquid_filters.escape_once(plain) or None
        return cache[text]  # type: ignore[no-any-return]


# -- author_drop.rb -----------------------------------------------------------------------------


class AuthorDrop:
    """author_drop.rb ``AuthorDrop``: the author from ``page.author``, the first of
    ``page.authors``, or ``site.author``; a name is looked up in ``site.data.authors``."""

    def __init__(self, page: Any, site: Any) -> None:
        self.page = page
        self.site = site
        self._hash: dict[str, Any] | Mapping[str, Any] | None = None

    def resolved_author(self) -> Any:
        """``AuthorDrop#resolved_author``: the first source whose ``to_s`` is not empty."""
        sources = [lookup(self.page, "author")]
        authors = lookup(self.page, "authors")
        if is_array(authors):
            sources.append(authors[0] if authors else None)
        sources.append(lookup(self.site, "author"))
        for source in sources:
            if to_s(source) != "":
                return source
        return None

    def author_hash(self) -> Mapping[str, Any]:
        """``AuthorDrop#author_hash``: a hash author as is, a name merged with its
        ``site.data.authors`` entry, else an empty hash."""
        if self._hash is None:
            author = self.resolved_author()
            if is_hash(author):
                self._hash = author
            elif isinstance(author, str):
                merged: dict[str, Any] = {"name": author}
                authors = lookup(lookup(self.site, "data"), "authors")
                if is_hash(authors):
                    entry = lookup(authors, author)
                    if is_hash(entry):
                        merged.update(entry)
                self._hash = merged
            else:
                self._hash = {}
        return self._hash

    @property
    def name(self) -> Any:
        return nil(self.author_hash().get("name"))

    @property
    def twitter(self) -> str | None:
        """``AuthorDrop#twitter``: the handle (or the name) without a leading ``@``."""
        data = self.author_hash()
        handle = _or(data.get("twitter"), data.get("name"))
        if isinstance(handle, str):
            return re.sub(r"^@", "", handle, count=1, flags=re.M)
        return None

    def __getitem__(self, key: str) -> Any:
        if key == "name":
            return self.name
        if key == "twitter":
            return self.twitter
        return nil(self.author_hash().get(key))


# -- image_drop.rb ------------------------------------------------------------------------------


class ImageDrop:
    """image_drop.rb ``ImageDrop``: ``image`` as a string, or a hash whose ``path`` (or
    ``facebook``, or ``twitter``) is the image; ``path`` is the escaped absolute URL."""

    def __init__(self, page: Any, filters: Filters) -> None:
        self.filters = filters
        meta = lookup(page, "image")
        if is_hash(meta):
            image: dict[str, Any] = {"path": None}
            image.update(meta)
        elif isinstance(meta, str):
            image = {"path": meta}
        else:
            image = {"path": None}
        self.image_hash = image
        self._path: Any = None

    def raw_path(self) -> Any:
        image = self.image_hash
        return _or(image.get("path"), image.get("facebook"), image.get("twitter"))

    def absolute_url(self) -> Any:
        raw = self.raw_path()
        if not truthy(raw):
            return None
        if isinstance(raw, str) and addressable_absolute(raw) is False:
            return self.filters.absolute_url(raw)
        return raw

    @property
    def path(self) -> Any:
        if not truthy(self._path):
            url = self.absolute_url()
            self._path = self.filters.uri_escape(url) if truthy(url) else None
        return self._path

    def keys(self) -> list[str]:
        """``Drop#keys``: the ``path`` method, then the hash's keys."""
        return ["path"] + [k for k in self.image_hash if k != "path"]

    def __getitem__(self, key: str) -> Any:
        if key == "path":
            return self.path
        return nil(self.image_hash.get(key))

    def to_h(self) -> dict[str, Any]:
        return {key: self[key] for key in self.keys()}


# -- drop.rb ------------------------------------------------------------------------------------


def ruby_format(message: str, values: Mapping[str, Any]) -> str:
    """Ruby ``format`` with named references (``%<name>s``, ``%<name>d``, ``%{name}``, ``%%``)."""
    def repl(match: re.Match[str]) -> str:
        if match.group(1):
            return "%"
        name = match.group(2) or match.group(5)
        if name not in values:
            raise KeyError(f"key<{name}> not found")
        value = values[name]
        if match.group(5):
            return to_s(value)
        flags, kind = match.group(3), match.group(4)
        if kind in "di":
            return ("%" + flags + "d") % int(value)
        if kind == "f":
            return ("%" + flags + "f") % float(value)
        return ("%" + flags + "s") % to_s(value)

    return re.sub(r"%(?:(%)|<(\w+)>([-+ 0#]*\d*(?:\.\d+)?)([sdif])|\{(\w+)\})", repl, message)


class SeoDrop:
    """drop.rb ``Drop``: everything the tag prints, computed from the page, the site and the
    tag's markup."""

    def __init__(self, text: str, context: RenderContext, page: Any, site: Any) -> None:
        self.text = text
        self.context = context
        self.page = page
        self.site = site
        self.filters = Filters(context)
        self._memo: dict[str, Any] = {}
        self._author: AuthorDrop | None = None
        self._image: ImageDrop | None = None

    def _cached(self, name: str, make: Any) -> Any:
        """Ruby's ``@x ||= ...``: a nil or false result is computed again (same value)."""
        value = self._memo.get(name)
        if not truthy(value):
            value = make()
            self._memo[name] = value
        return value

    def format_string(self, value: Any) -> str | None:
        return self.filters.format_string(value)

    @property
    def page_seo(self) -> Mapping[str, Any]:
        return sub_hash(self.page, "seo")

    @property
    def site_social(self) -> Mapping[str, Any]:
        return sub_hash(self.site, "social")

    def homepage_or_about(self) -> bool:
        url = lookup(self.page, "url")
        return isinstance(url, str) and HOMEPAGE_OR_ABOUT.search(url) is not None

    def title_q(self) -> bool:
        """``Drop#title?``: a title exists and the markup does not say ``title=false``."""
        if not truthy(self.title):
            return False
        return re.search(r"title=false", self.text, re.I) is None

    @property
    def site_title(self) -> str | None:
        return self._cached("site_title", lambda: self.format_string(
            _or(lookup(self.site, "title"), lookup(self.site, "name"))))

    @property
    def site_tagline(self) -> str | None:
        return self._cached("site_tagline", lambda: self.format_string(lookup(self.site, "tagline")))

    @property
    def site_description(self) -> str | None:
        return self._cached("site_description", lambda: self.format_string(lookup(self.site, "description")))

    @property
    def page_title(self) -> str | None:
        return self._cached("page_title", lambda: _or(
            self.format_string(lookup(self.page, "title")), self.site_title))

    @property
    def site_tagline_or_description(self) -> str | None:
        return _or(self.site_tagline, self.site_description)  # type: ignore[no-any-return]

    def _base_title(self) -> str | None:
        site_title, page_title = self.site_title, self.page_title
        if site_title is not None and page_title != site_title:
            return to_s(page_title) + TITLE_SEPARATOR + site_title
        if self.site_description is not None and site_title is not None:
            return site_title + TITLE_SEPARATOR + to_s(self.site_tagline_or_description)
        return _or(page_title, site_title)  # type: ignore[no-any-return]

    @property
    def title(self) -> str | None:
        """``Drop#title``: page and site title (or site title and tagline/description), with
        the paginator's "Page N of M for " in front from the second page on."""
        title = self._cached("title", self._base_title)
        number = self.page_number()
        if number is not None:
            if title is None:
                raise TypeError("no implicit conversion of nil into String")
            return number + title
        return title

    def page_number(self) -> str | None:
        paginator = nil(self.context.resolve("paginator", default=None))
        current = lookup(paginator, "page")
        if not truthy(paginator) or not truthy(current):
            return None
        total = lookup(paginator, "total_pages")
        message = _or(lookup(self.site, "seo_paginator_message"), DEFAULT_PAGINATOR_MESSAGE)
        if isinstance(current, (int, float)) and not isinstance(current, bool) and current > 1:
            return ruby_format(to_s(message), {"current": current, "total": total})
        return None

    @property
    def name(self) -> Any:
        if "name" not in self._memo:
            seo_name = lookup(self.page_seo, "name")
            if truthy(seo_name) and self.format_string(seo_name) is not None:
                value = self.format_string(seo_name)
            elif not self.homepage_or_about():
                value = None
            elif truthy(lookup(self.site_social, "name")):
                value = self.format_string(lookup(self.site_social, "name"))
            elif self.site_title is not None:
                value = self.site_title
            else:
                value = None
            self._memo["name"] = value
        return self._memo["name"]

    @property
    def description(self) -> str | None:
        return self._cached("description", lambda: _or(
            self.format_string(_or(lookup(self.page, "description"), lookup(self.page, "excerpt"))),
            self.site_description))

    @property
    def author(self) -> AuthorDrop:
        if self._author is None:
            self._author = AuthorDrop(self.page, self.site)
        return self._author

    @property
    def image(self) -> ImageDrop | None:
        """``Drop#image``: the image drop, or nil when it has no path."""
        if self._image is None:
            self._image = ImageDrop(self.page, self.filters)
        return self._image if truthy(self._image.path) else None

    @property
    def date_modified(self) -> Any:
        def make() -> Any:
            date = _or(lookup(self.page_seo, "date_modified"), lookup(self.page, "last_modified_at"),
                       lookup(self.page, "date"))
            return self.filters.date_to_xmlschema(date) if truthy(date) else None
        return self._cached("date_modified", make)

    @property
    def date_published(self) -> Any:
        date = lookup(self.page, "date")
        return self.filters.date_to_xmlschema(date) if truthy(date) else None

    @property
    def type(self) -> Any:
        seo_type = lookup(self.page_seo, "type")
        if truthy(seo_type):
            return seo_type
        if self.homepage_or_about():
            return "WebSite"
        if truthy(lookup(self.page, "date")):
            return "BlogPosting"
        return "WebPage"

    @property
    def links(self) -> Any:
        links = lookup(self.page_seo, "links")
        if truthy(links):
            return links
        if self.homepage_or_about() and truthy(lookup(self.site_social, "links")):
            return lookup(self.site_social, "links")
        return None

    @property
    def logo(self) -> Any:
        def make() -> Any:
            logo = lookup(self.site, "logo")
            if not truthy(logo):
                return None
            if truthy(addressable_absolute(logo)):
                return self.filters.uri_escape(logo)
            return self.filters.uri_escape(self.filters.absolute_url(logo))
        return self._cached("logo", make)

    @property
    def page_lang(self) -> Any:
        return _or(lookup(self.page, "lang"), lookup(self.site, "lang"), "en_US")

    @property
    def page_locale(self) -> str:
        locale = _or(lookup(self.page, "locale"), lookup(self.site, "locale"), self.page_lang)
        return to_s(locale).replace("-", "_")

    @property
    def canonical_url(self) -> Any:
        def make() -> Any:
            given = lookup(self.page, "canonical_url")
            if to_s(given) == "":
                url = to_s(self.filters.absolute_url(lookup(self.page, "url")))
                return re.sub(r"/index\.html$", "/", url, flags=re.M)
            return given
        return self._cached("canonical_url", make)


# -- json_ld_drop.rb ----------------------------------------------------------------------------


def _json_author(drop: SeoDrop) -> dict[str, Any] | None:
    author = drop.author
    if not truthy(author["name"]):
        return None
    author_type = author["type"]
    if truthy(author_type) and author_type not in VALID_AUTHOR_TYPES:
        return None
    out = {"@type": _or(author_type, "Person"), "name": author["name"]}
    url = author["url"]
    if truthy(url):
        out["url"] = url
    return out


def _json_image(drop: SeoDrop) -> Any:
    image = drop.image
    if image is None:
        return None
    if len(image.keys()) == 1:
        return image.path
    out = image.to_h()
    out["url"] = out.pop("path")
    out["@type"] = "imageObject"
    return out


def _json_publisher(drop: SeoDrop) -> dict[str, Any] | None:
    logo = drop.logo
    if not truthy(logo):
        return None
    out: dict[str, Any] = {"@type": "Organization", "logo": {"@type": "ImageObject", "url": logo}}
    if truthy(drop.author.name):
        out["name"] = drop.author.name
    return out


def json_ld(drop: SeoDrop) -> dict[str, Any]:
    """json_ld_drop.rb ``JSONLDDrop#to_json``: the drop's keys sorted (Ruby's byte order),
    nil values left out."""
    entity_type = drop.type
    main_entity = None
    if entity_type in VALID_ENTITY_TYPES:
        main_entity = {"@type": "WebPage", "@id": drop.canonical_url}
    values = {
        "@context": "https://schema.org",
        "@type": entity_type,
        "author": _json_author(drop),
        "dateModified": drop.date_modified,
        "datePublished": drop.date_published,
        "description": drop.description,
        "headline": drop.page_title,
        "image": _json_image(drop),
        "mainEntityOfPage": main_entity,
        "name": drop.name,
        "publisher": _json_publisher(drop),
        "sameAs": drop.links,
        "url": drop.canonical_url,
    }
    return {key: values[key] for key in sorted(values, key=lambda k: k.encode()) if nil(values[key]) is not None}


# -- the tag (lib/jekyll-seo-tag.rb and template.html) -------------------------------------------


def _payload_page(context: RenderContext) -> Any:
    """``context.registers[:page]``: the page hash (or document drop) of the payload."""
    page = context.globals.get("page")
    if page is not None:
        return page
    registers = context.tag_namespace.get("registers") or {}
    item, site = registers.get("page"), registers.get("site")
    if item is None or site is None:
        return {}
    return DocumentDrop(item, site) if item.is_document else page_hash(item, site)


def _payload_site(context: RenderContext) -> Any:
    site = context.globals.get("site")
    if isinstance(site, SiteDrop):
        return site
    registers = context.tag_namespace.get("registers") or {}
    model = registers.get("site") or site_of(context)
    return SiteDrop(model)


def render_seo(text: str, context: RenderContext) -> str:
    """The tag's output: the lines of the gem's template (whitespace-stripped as the gem's
    ``MINIFY_REGEX`` strips it), each ending in a newline."""
    page = _payload_page(context)
    site = _payload_site(context)
    paginator = nil(context.resolve("paginator", default=None))
    drop = SeoDrop(text, context, page, site)
    jekyll = context.globals.get("jekyll")
    jekyll_version = lookup(jekyll, "version") if is_hash(jekyll) else "4.3.1"
    out: list[str] = [f"<!-- Begin Jekyll SEO tag v{VERSION} -->"]
    add = out.append
    if drop.title_q():
        add(f"<title>{output_s(drop.title)}</title>")
    add(f'<meta name="generator" content="Jekyll v{output_s(jekyll_version)}" />')
    page_title = drop.page_title
    if truthy(page_title):
        add(f'<meta property="og:title" content="{output_s(page_title)}" />')
    author = drop.author
    if truthy(author.name):
        add(f'<meta name="author" content="{output_s(author.name)}" />')
    add(f'<meta property="og:locale" content="{output_s(drop.page_locale)}" />')
    description = drop.description
    if truthy(description):
        add(f'<meta name="description" content="{output_s(description)}" />')
        add(f'<meta property="og:description" content="{output_s(description)}" />')
    if truthy(lookup(site, "url")):
        add(f'<link rel="canonical" href="{output_s(drop.canonical_url)}" />')
        add(f'<meta property="og:url" content="{output_s(drop.canonical_url)}" />')
    if truthy(drop.site_title):
        add(f'<meta property="og:site_name" content="{output_s(drop.site_title)}" />')
    image = drop.image
    if image is not None:
        add(f'<meta property="og:image" content="{output_s(image.path)}" />')
        for key in ("height", "width", "alt"):
            if truthy(image[key]):
                add(f'<meta property="og:image:{key}" content="{output_s(image[key])}" />')
    date = lookup(page, "date")
    if truthy(date):
        add('<meta property="og:type" content="article" />')
        published = jekyll_filters.date_to_xmlschema(date, context=context)
        add(f'<meta property="article:published_time" content="{output_s(published)}" />')
    else:
        add('<meta property="og:type" content="website" />')
    for rel, key in (("prev", "previous_page"), ("next", "next_page")):
        if truthy(lookup(paginator, key)):
            href = jekyll_filters.absolute_url(lookup(paginator, key + "_path"), context=context)
            add(f'<link rel="{rel}" href="{output_s(href)}" />')
    if image is not None:
        card = liquid_filters.default(liquid_filters.default(
            lookup(lookup(page, "twitter"), "card"), lookup(lookup(site, "twitter"), "card")),
            "summary_large_image")
        add(f'<meta name="twitter:card" content="{output_s(card)}" />')
        add(f'<meta property="twitter:image" content="{output_s(image.path)}" />')
    else:
        add('<meta name="twitter:card" content="summary" />')
    if image is not None and truthy(image["alt"]):
        add(f'<meta name="twitter:image:alt" content="{output_s(image["alt"])}" />')
    if truthy(page_title):
        add(f'<meta property="twitter:title" content="{output_s(page_title)}" />')
    twitter = lookup(site, "twitter")
    if truthy(twitter):
        username = to_s(lookup(twitter, "username")).replace("@", "")
        add(f'<meta name="twitter:site" content="@{username}" />')
        if truthy(author.twitter):
            add(f'<meta name="twitter:creator" content="@{to_s(author.twitter).replace("@", "")}" />')
    facebook = lookup(site, "facebook")
    if truthy(facebook):
        for key, prop in (("admins", "fb:admins"), ("publisher", "article:publisher"), ("app_id", "fb:app_id")):
            value = lookup(facebook, key)
            if truthy(value):
                add(f'<meta property="{prop}" content="{output_s(value)}" />')
    verifications = lookup(site, "webmaster_verifications")
    if truthy(verifications):
        for key, meta in (("google", "google-site-verification"), ("bing", "msvalidate.01"),
                          ("alexa", "alexaVerifyID"), ("yandex", "yandex-verification"),
                          ("baidu", "baidu-site-verification"),
                          ("facebook", "facebook-domain-verification")):
            value = lookup(verifications, key)
            if truthy(value):
                add(f'<meta name="{meta}" content="{output_s(value)}" />')
    elif truthy(lookup(site, "google_site_verification")):
        add(f'<meta name="google-site-verification" content="{output_s(lookup(site, "google_site_verification"))}" />')
    add('<script type="application/ld+json">')
    add(jekyll_filters.jsonify(json_ld(drop)) + "</script>")
    add("<!-- End Jekyll SEO tag -->")
    return "\n".join(out) + "\n"


class SeoNode(Node):
    """A parsed ``{% seo %}``; its markup is only searched for ``title=false``."""

    __slots__ = ("text",)

    def __init__(self, token: Token, text: str) -> None:
        super().__init__(token)
        self.text = text
        self.blank = False

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        return buffer.write(render_seo(self.text, context))


class SeoTag(Tag):
    """``Jekyll::SeoTag`` (``Liquid::Template.register_tag("seo", ...)``)."""

    name = "seo"
    block = False

    def parse(self, stream: TokenStream) -> SeoNode:
        token = stream.current
        text = ""
        if stream.peek.kind == TOKEN_EXPRESSION:
            stream.next()
            text = stream.current.value
        return SeoNode(token, text)


def register(registry: Registry) -> None:
    registry.add_tag(SeoTag)


__all__ = ["SeoDrop", "SeoTag", "VERSION", "addressable_absolute", "json_ld", "register", "render_seo"]
