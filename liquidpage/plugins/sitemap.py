"""jekyll-sitemap 1.4.0 (Debian ruby-jekyll-sitemap): ``sitemap.xml`` and ``robots.txt``.

A port of ``lib/jekyll/jekyll-sitemap.rb`` (``Jekyll::JekyllSitemap``, a Generator of priority
``:lowest``): it adds the page ``/sitemap.xml`` unless a page or static file already has that URL,
and ``/robots.txt`` likewise. The gem fills the sitemap with a Liquid template rendered when the
page renders; here :func:`sitemap_xml` builds the same bytes in Python at the same moment (a
``post_convert`` hook of that one page), from the same Liquid views of the site (drops.py) and
with Jekyll's own filters (jekyll_filters.py), so it sees every page, including those added by
generators that run after this one.
"""

from __future__ import annotations

import time
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from liquid.exceptions import LiquidError

from liquidpage.drops import SiteDrop, StaticFileDrop
from liquidpage.errors import TemplateError, find_line, location_of_line
from liquidpage.filters import default
from liquidpage.jekyll_filters import absolute_url, date_to_xmlschema, xml_escape
from liquidpage.ruby import to_s

if TYPE_CHECKING:  # pragma: no cover
    from liquidpage.model import Page
    from liquidpage.plugins.registry import Registry
    from liquidpage.site import Site

# JekyllSitemap::INCLUDED_EXTENSIONS (1.4.0; the gem's later master adds .xml): the static files
# listed, by File.extname, case-sensitive.
INCLUDED_EXTENSIONS = (".htm", ".html", ".xhtml", ".pdf")

_URLSET = ('<urlset xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
           'xsi:schemaLocation="http://www.sitemaps.org/schemas/sitemap/0.9 '
           'http://www.sitemaps.org/schemas/sitemap/0.9/sitemap.xsd" '
           'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n')

# The attribute that marks the generated sitemap page (its value is the site).
_MARK = "_jekyll_sitemap_of"


def register(registry: Registry) -> None:
    registry.add_generator(generate, priority="lowest")
    # Before any other post_convert hook, so every other plugin sees the sitemap's text there.
    registry.add_hook("pages", "post_convert", _fill, priority=1_000_000)


def generate(site: Site) -> None:
    """``JekyllSitemap#generate``: ``sitemap.xml`` then ``robots.txt``, each unless present."""
    # file_exists?: pages_and_files is memoized before either page is added.
    taken = {item.url for item in [*site.pages, *site.static_files]}
    if "/sitemap.xml" not in taken:
        site.pages.append(_sitemap_page(site, "/sitemap.xsl" in taken))
    if "/robots.txt" not in taken:
        # JekyllSitemap#robots: one Liquid line, rendered like any page.
        page = site.new_page("", "robots.txt", 'Sitemap: {{ "sitemap.xml" | absolute_url }}\n',
                             {"layout": None})
        site.pages.append(page)


def _sitemap_page(site: Site, xsl: bool) -> Page:
    """``JekyllSitemap#sitemap``: a PageWithoutAFile with no layout, the static files of the
    listed extensions (as Liquid sees them, taken now) and whether ``/sitemap.xsl`` exists."""
    statics = [StaticFileDrop(s) for s in site.static_files if s.extname in INCLUDED_EXTENSIONS]
    page = site.new_page("", "sitemap.xml", "", {"layout": None, "static_files": statics, "xsl": xsl})
    setattr(page, _MARK, site)
    return page


def _fill(page: Page) -> None:
    site = getattr(page, _MARK, None)
    if site is not None:
        started = time.perf_counter()
        page.live_content = sitemap_xml(site, page)
        if site.profiler is not None:  # --profile: Jekyll renders the gem's template here
            site.profiler.record(str(page.path), page.live_content, started)


def _truthy(value: Any) -> bool:
    return value is not None and value is not False


def _value(view: Any, key: str) -> Any:
    try:
        return view[key]
    except (KeyError, TypeError):
        return None


def sitemap_xml(site: Site, page: Page) -> str:
    """The gem's ``sitemap.xml`` template as rendered (whitespace minified by ``MINIFY_REGEX``):
    documents of collections whose ``output`` is not false (collections sorted by label, as
    ``site.collections`` is), then ``site.html_pages``, then the static files; anything whose
    ``sitemap`` is ``false`` (front matter or defaults) is left out, as are the page at
    ``/404.html`` and static files named ``404.html``."""
    context = SimpleNamespace(env=site.env, tag_namespace={"registers": {"site": site}})
    drop = SiteDrop(site)
    data = page.liquid_data if page.liquid_data is not None else page.data
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n']
    if _truthy(data.get("xsl")):
        href = to_s(absolute_url("/sitemap.xsl", context=context))
        out.append(f'<?xml-stylesheet type="text/xsl" href="{href}"?>\n')
    out.append(_URLSET)

    def loc(url: Any) -> str:
        # {{ url | replace:'/index.html','/' | absolute_url | xml_escape }}
        return xml_escape(absolute_url(to_s(url).replace("/index.html", "/"), context=context))

    def lastmod(value: Any, item: Any = None, key: str = "") -> str:
        try:
            text = to_s(date_to_xmlschema(value, context=context))
        except LiquidError as err:
            # Jekyll stops: "Liquid Exception: Invalid Date: ... in sitemap.xml"; point at the
            # front matter that holds the date.
            path = getattr(item, "path", page.path)
            line = find_line(path, rf"^{key}\s*:") if key else 1
            raise TemplateError(f"Liquid error: {getattr(err, 'message', err)} (in sitemap.xml, "
                                f"jekyll-sitemap)", location_of_line(path, line)) from None
        return f"<lastmod>{text}</lastmod>\n"

    for collection in drop["collections"]:
        if collection["output"] is False:
            continue
        for doc in collection["docs"]:
            if _value(doc, "sitemap") is False:
                continue
            out.append(f"<url>\n<loc>{loc(doc['url'])}</loc>\n")
            modified, date = _value(doc, "last_modified_at"), doc["date"]
            if _truthy(modified) or _truthy(date):
                key = "last_modified_at" if _truthy(modified) else "date"
                out.append(lastmod(default(modified, date), doc.doc, key))
            out.append("</url>\n")
    for html_page in drop["html_pages"]:
        if _value(html_page, "sitemap") is False or _value(html_page, "url") == "/404.html":
            continue
        out.append(f"<url>\n<loc>{loc(html_page['url'])}</loc>\n")
        modified = _value(html_page, "last_modified_at")
        if _truthy(modified):
            out.append(lastmod(modified, html_page.page, "last_modified_at"))
        out.append("</url>\n")
    for static in data.get("static_files") or []:
        if _value(static, "sitemap") is False or _value(static, "name") == "404.html":
            continue
        out.append(f"<url>\n<loc>{loc(static['path'])}</loc>\n{lastmod(static['modified_time'])}</url>\n")
    out.append("</urlset>\n")
    return "".join(out)


__all__ = ["INCLUDED_EXTENSIONS", "generate", "register", "sitemap_xml"]
