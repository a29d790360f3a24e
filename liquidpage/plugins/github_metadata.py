"""jekyll-github-metadata 2.15.0, offline: ``site.github`` and the site.title/url/baseurl fallbacks.

A port of the gem's ``lib/jekyll-github-metadata/`` (``SiteGitHubMunger``, ``MetadataDrop``,
``Repository``, ``RepositoryCompat``, ``RepositoryFinder``, ``Pages``, ``Owner``) as it behaves
when the GitHub API cannot be reached (the gem then logs "No internet connection" and every API
call gives ``false``). liquidpage never calls the API, so the values are those of an offline
Jekyll build:

- the repository (``RepositoryFinder#nwo``): ``PAGES_REPO_NWO``, else ``repository:`` in the
  configuration (a string with a ``/``), else, when ``JEKYLL_ENV`` is development or test, the
  ``origin`` remote of the git repository the source is in (read from its ``.git/config``, no
  git process), matched as ``HOST(:|/)owner/name`` after dropping a ``.git`` suffix;
- every value computed from the repository name, the ``Pages`` environment variables
  (``PAGES_ENV``, ``JEKYLL_ENV``, ``PAGES_GITHUB_HOSTNAME``/``GITHUB_HOSTNAME``,
  ``PAGES_PAGES_HOSTNAME``/``PAGES_HOSTNAME``, ``PAGES_API_URL``/``API_URL``,
  ``PAGES_HELP_URL``/``HELP_URL``, ``SSL``, ``SUBDOMAIN_ISOLATION``), API answers as an offline
  build has them (``false`` for contributors/releases/latest_release, nil for the repository's
  own fields, an owner whose fields are all nil);
- ``build_revision``: ``JEKYLL_BUILD_REVISION``, else what ``git rev-parse HEAD`` prints for the
  source's repository ("" outside one, ``HEAD`` before the first commit);
- ``public_repositories`` makes the gem fail offline (``false.map``), and with it everything that
  reads every key (``jsonify``, ``{{ site.github }}``, a ``for`` loop over it) and a ``github:``
  mapping in the configuration (merged into the drop): liquidpage raises the same error.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

from liquid.ast import Node as LiquidNode
from liquid.exceptions import LiquidError
from liquid.tag import Tag
from liquid.token import TOKEN_EXPRESSION

from liquidpage.errors import LiquidpageError

if TYPE_CHECKING:  # pragma: no cover
    from liquidpage.plugins.registry import Registry

log = logging.getLogger("liquidpage")

DEFAULTS = {
    "PAGES_ENV": "development",
    "PAGES_API_URL": "https://api.github.com",
    "PAGES_HELP_URL": "https://help.github.com",
    "PAGES_GITHUB_HOSTNAME": "github.com",
    "PAGES_PAGES_HOSTNAME": "github.io",
    "SSL": "false",
    "SUBDOMAIN_ISOLATION": "false",
}
OWNER_KEYS = ("avatar_url", "bio", "blog", "collaborators", "company", "created_at", "description",
              "email", "followers", "following", "has_organization_projects",
              "has_repository_projects", "hireable", "html_url", "id", "is_verified", "location",
              "login", "name", "node_id", "public_gists", "public_repos", "type", "updated_at")
PUBLIC_REPOS_ERROR = "undefined method `map' for false:FalseClass"


class GitHubMetadataError(LiquidError):
    """What makes the gem fail offline (an exception raised while rendering)."""


class NoRepositoryError(LiquidError):
    """``RepositoryFinder::NoRepositoryError``."""


# -- Pages (pages.rb): the environment -------------------------------------------------------
def _env_var(key: str, intermediate: str | None = None) -> str | None:
    value = os.environ.get(key)
    if value:
        return value
    return intermediate if intermediate is not None else DEFAULTS.get(key)


def _trim(url: str) -> str:
    return url[:-1] if url.endswith("/") else url


def pages_env() -> str:
    return _env_var("PAGES_ENV", os.environ.get("JEKYLL_ENV")) or ""


def jekyll_env() -> str:
    return os.environ.get("JEKYLL_ENV") or "development"


def ssl() -> bool:
    return _env_var("SSL") == "true" or pages_env() == "test"


def scheme() -> str:
    return "https" if ssl() else "http"


def enterprise() -> bool:
    return pages_env() == "enterprise"


def custom_domains_enabled() -> bool:
    return pages_env() in ("dotcom", "test")


def github_hostname() -> str:
    return _trim(_env_var("PAGES_GITHUB_HOSTNAME", os.environ.get("GITHUB_HOSTNAME")) or "")


def pages_hostname() -> str:
    default = os.environ.get("PAGES_HOSTNAME")
    if default is None and pages_env() == "development":
        default = "localhost:4000"
    return _trim(_env_var("PAGES_PAGES_HOSTNAME", default) or "")


def github_url() -> str:
    if pages_env() == "dotcom" or github_hostname() == "github.com":
        return "https://github.com"
    return f"{scheme()}://{github_hostname()}"


def page_build() -> bool:
    return bool(_env_var("PAGE_BUILD_ID"))


# -- RepositoryFinder --------------------------------------------------------------------------
def _git_dir(start: Path) -> Path | None:
    """The git directory of the repository ``start`` is in, as git finds it: walking up, not
    into a folder of ``GIT_CEILING_DIRECTORIES``."""
    ceilings = {Path(p).resolve() for p in os.environ.get("GIT_CEILING_DIRECTORIES", "").split(os.pathsep) if p}
    start = start.resolve()
    for folder in [start, *start.parents]:
        if folder in ceilings and folder != start:
            return None
        dot = folder / ".git"
        if dot.is_dir():
            return dot
        if dot.is_file():
            text = dot.read_text("utf-8", "replace").strip()
            if text.startswith("gitdir:"):
                target = Path(text[7:].strip())
                return target if target.is_absolute() else (folder / target).resolve()
    return None


def _common_dir(git_dir: Path) -> Path:
    common = git_dir / "commondir"
    if common.is_file():
        target = Path(common.read_text("utf-8").strip())
        return target if target.is_absolute() else (git_dir / target).resolve()
    return git_dir


def origin_url(source: Path) -> str:
    """``RepositoryFinder#git_remote_url``: the first URL of remote ``origin``."""
    git_dir = _git_dir(source)
    if git_dir is None:
        return ""
    config = _common_dir(git_dir) / "config"
    try:
        text = config.read_text("utf-8", "replace")
    except OSError:
        return ""
    section = None
    for line in text.splitlines():
        line = line.strip()
        header = re.match(r'\[\s*remote\s+"(.*)"\s*\]', line)
        if header:
            section = header.group(1)
            continue
        if line.startswith("["):
            section = None
            continue
        m = re.match(r"url\s*=\s*(.*)$", line)
        if section == "origin" and m:
            value = m.group(1).strip()
            if len(value) >= 2 and value[0] == value[-1] == '"':
                value = value[1:-1]
            return value
    return ""


def build_revision(source: Path) -> str:
    """``MetadataDrop#build_revision``: ``JEKYLL_BUILD_REVISION`` or ``git rev-parse HEAD``."""
    env = os.environ.get("JEKYLL_BUILD_REVISION")
    if env is not None:
        return env
    git_dir = _git_dir(source)
    if git_dir is None:
        return ""
    try:
        head = (git_dir / "HEAD").read_text("utf-8").strip()
    except OSError:
        return ""
    if not head.startswith("ref:"):
        return head
    ref = head[4:].strip()
    common = _common_dir(git_dir)
    for base in (git_dir, common):
        loose = base / ref
        if loose.is_file():
            return loose.read_text("utf-8").strip()
    packed = common / "packed-refs"
    if packed.is_file():
        for line in packed.read_text("utf-8").splitlines():
            parts = line.split()
            if len(parts) == 2 and parts[1] == ref:
                return parts[0]
    return "HEAD"  # no commit yet: git prints the argument back


def find_nwo(config: Mapping[str, Any], source: Path) -> str | None:
    """``RepositoryFinder#nwo`` (None where the gem raises NoRepositoryError)."""
    env = os.environ.get("PAGES_REPO_NWO")
    if env is not None:
        return env
    repo = config.get("repository")
    if isinstance(repo, str) and "/" in repo:
        return repo
    if jekyll_env() in ("development", "test"):
        url = origin_url(source)
        if url.endswith(".git"):
            url = url[:-4]
        m = re.search(re.escape(github_hostname()) + r"(:|/)([\w-]+)/([\w.-]+)", url, re.ASCII)
        if m:
            return f"{m.group(2)}/{m.group(3)}"
    return None


# -- Repository / RepositoryCompat -------------------------------------------------------------
class Repository:
    def __init__(self, nwo: str) -> None:
        self.nwo = nwo
        parts = nwo.split("/")
        self.owner = parts[0] if parts else ""
        self.name = parts[-1] if parts else ""

    def default_user_domain(self) -> str:
        if not enterprise() and self.owner == "github":
            return f"{self.owner}.{github_hostname()}".lower()
        if enterprise():
            return pages_hostname().lower()
        return f"{self.owner}.{pages_hostname()}".lower()

    def user_page_domains(self) -> list[str]:
        domains = [self.default_user_domain()]
        if not enterprise():
            domains.append(f"{self.owner}.github.com".lower())
        return domains

    def user_page(self) -> bool:
        if enterprise():
            return self.name.lower() == f"{self.owner.lower()}.{github_hostname()}"
        return self.name.lower() in self.user_page_domains()

    def source(self) -> dict[str, str]:
        return {"branch": "master" if self.user_page() else "gh-pages", "path": "/"}

    def owner_url(self) -> str:
        return f"{github_url()}/{self.owner}"

    def repository_url(self) -> str:
        return f"{self.owner_url()}/{self.name}"

    def url_scheme(self, domain: str) -> str:
        if enterprise():
            return scheme()
        if self.owner == "github" and domain.endswith(".github.com"):
            return "https"
        return "http"

    def pages_url(self) -> str:
        """``RepositoryCompat#pages_url`` (no CNAME offline; no user repository found)."""
        if not custom_domains_enabled():
            path = self.owner if self.user_page() else self.nwo
            if _env_var("SUBDOMAIN_ISOLATION") == "true":
                return urljoin(f"{scheme()}://{pages_hostname()}/", path)
            return urljoin(f"{github_url()}/pages/", path)
        domain = self.default_user_domain()
        if self.user_page():
            return f"{self.url_scheme(domain)}://{domain}"
        return urljoin(f"{self.url_scheme(domain)}://{domain}", self.name)

    def html_url(self) -> str:
        url = self.pages_url()
        return url[:-1] if url.endswith("/") else url

    def baseurl(self) -> str:
        return urlsplit(self.html_url()).path

    def url_without_path(self) -> str:
        parts = urlsplit(self.html_url())
        return f"{parts.scheme}://{parts.netloc}"


class MetadataDrop(Mapping[str, Any]):
    """``MetadataDrop`` offline: the keys in sorted order, each computed when read."""

    def __init__(self, config: Mapping[str, Any], source: Path) -> None:
        self.config = config
        self.source = source
        self._repo: Repository | None = None

    @property
    def repo(self) -> Repository:
        if self._repo is None:
            nwo = find_nwo(self.config, self.source)
            if nwo is None:
                raise NoRepositoryError(
                    "No repo name found. Specify using PAGES_REPO_NWO environment variables, "
                    "'repository' in your configuration, or set up an 'origin' git remote "
                    "pointing to your github.com repository.", token=None)
            self._repo = Repository(nwo)
        return self._repo

    def _values(self) -> dict[str, Any]:
        r = self.repo
        src = r.source()
        return {
            "api_url": _trim(_env_var("PAGES_API_URL", os.environ.get("API_URL")) or ""),
            "archived": None,
            "baseurl": r.baseurl(),
            "build_revision": build_revision(self.source),
            "clone_url": f"{r.repository_url()}.git",
            "contributors": False,
            "disabled": None,
            "environment": pages_env(),
            "help_url": _trim(_env_var("PAGES_HELP_URL", os.environ.get("HELP_URL")) or ""),
            "hostname": github_hostname(),
            "is_project_page": not r.user_page(),
            "is_user_page": r.user_page(),
            "issues_url": None,
            "language": None,
            "latest_release": False,
            "license": None,
            "organization_members": None,
            "owner": dict.fromkeys(OWNER_KEYS),
            "owner_display_name": None,
            "owner_gravatar_url": f"{r.owner_url()}.png",
            "owner_name": r.owner,
            "owner_url": r.owner_url(),
            "pages_env": pages_env(),
            "pages_hostname": pages_hostname(),
            "private": None,
            "project_tagline": None,
            "project_title": r.name,
            "public_repositories": _PUBLIC_REPOS,
            "releases": False,
            "releases_url": f"{r.repository_url()}/releases",
            "repository_name": r.name,
            "repository_nwo": r.nwo,
            "repository_url": r.repository_url(),
            "show_downloads": None,
            "source": src,
            "tar_url": f"{r.repository_url()}/tarball/{src['branch']}",
            "url": r.html_url(),
            "versions": {},
            "wiki_url": None,
            "zip_url": f"{r.repository_url()}/zipball/{src['branch']}",
        }

    def __getitem__(self, key: str) -> Any:
        values = self._values()
        if key not in values:
            raise KeyError(key)
        value = values[key]
        if value is _PUBLIC_REPOS:
            raise GitHubMetadataError(PUBLIC_REPOS_ERROR, token=None)
        return value

    def __iter__(self) -> Iterator[str]:
        # Drop#each / #to_h read every value: offline, public_repositories fails.
        raise GitHubMetadataError(PUBLIC_REPOS_ERROR, token=None)

    def __len__(self) -> int:
        raise GitHubMetadataError(PUBLIC_REPOS_ERROR, token=None)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and key in _KEYS


_PUBLIC_REPOS = object()
_KEYS = frozenset([
    "api_url", "archived", "baseurl", "build_revision", "clone_url", "contributors", "disabled",
    "environment", "help_url", "hostname", "is_project_page", "is_user_page", "issues_url",
    "language", "latest_release", "license", "organization_members", "owner",
    "owner_display_name", "owner_gravatar_url", "owner_name", "owner_url", "pages_env",
    "pages_hostname", "private", "project_tagline", "project_title", "public_repositories",
    "releases", "releases_url", "repository_name", "repository_nwo", "repository_url",
    "show_downloads", "source", "tar_url", "url", "versions", "wiki_url", "zip_url"])


# -- EditLinkTag (edit-link-tag.rb) ----------------------------------------------------------
LINK_TEXT = re.compile(r"""(?:"(.*)"|'(.*)')""")
MISSING_DATA_MSG = "Cannot generate edit URLs due to missing site.github data"


def _get(value: Any, key: str) -> Any:
    """``hash[key]`` when ``hash.respond_to?(:[])`` (a String answers a substring or nil)."""
    if isinstance(value, Mapping):
        return value.get(key)
    if isinstance(value, str):
        return key if key in value else None
    return None


def edit_url(site_github: Any, page_path: Any) -> str | None:
    """``EditLinkTag#uri``: None where the gem warns and writes nothing."""
    repository_url = _get(site_github, "repository_url") if site_github is not None else None
    source = _get(site_github, "source") if site_github is not None else None
    if source is None:
        source = {}
    parts = [repository_url, "edit/", _get(source, "branch"), _get(source, "path"), page_path]
    if any(p is None for p in parts):
        log.warning("JekyllEditLink: %s", MISSING_DATA_MSG)
        return None
    normalized = []
    for index, part in enumerate(parts):
        part = str(part)
        if part.startswith("/"):
            part = part[1:]
        if index != len(parts) - 1 and not part.endswith("/"):
            part += "/"
        normalized.append("" if part == "/" else part)
    url = normalized[0]
    for part in normalized[1:]:
        url = urljoin(url, part)
    return _normalize(url)


def _normalize(url: str) -> str:
    """Addressable's ``normalize`` for the characters a path brings: percent-encode what is
    not allowed in a URL, keep what is."""
    allowed = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@/?#%")
    return "".join(ch if ch in allowed else "".join(f"%{b:02X}" for b in ch.encode("utf-8")) for ch in url)


class EditLinkNode(LiquidNode):
    __slots__ = ("markup",)

    def __init__(self, token: Any, markup: str) -> None:
        super().__init__(token)
        self.markup = markup
        self.blank = False

    def render_to_output(self, context: Any, buffer: Any) -> int:
        site = context.resolve("site")
        page = context.resolve("page")
        site_github = site.get("github") if isinstance(site, Mapping) else None
        page_path = page.get("path") if isinstance(page, Mapping) else None
        url = edit_url(site_github if site_github is not None else {}, page_path) or ""
        m = LINK_TEXT.search(self.markup)
        text = (m.group(1) if m.group(1) is not None else m.group(2)) if m else None
        if text:
            return buffer.write(f'<a href="{url}">{text}</a>')
        return buffer.write(url)


class EditLinkTag(Tag):
    name = "github_edit_link"
    block = False

    def parse(self, stream: Any) -> EditLinkNode:
        token = stream.current
        markup = ""
        if stream.peek.kind == TOKEN_EXPRESSION:
            stream.next()
            markup = stream.current.value
        return EditLinkNode(token, markup)


def munge(site: Any) -> None:
    """``SiteGitHubMunger#munge!``: title/description fallbacks; url/baseurl in production."""
    config = site.config
    source = Path(site.source)
    nwo = find_nwo(config, source)
    repo = Repository(nwo) if nwo is not None else None
    if config.get("name") and not config.get("title"):
        log.warning("GitHub Metadata: site.name is set in _config.yml, but many plugins and themes "
                    "expect site.title to be used instead. To avoid potential inconsistency, "
                    "Jekyll GitHub Metadata will not set site.title to the repository's name.")
    elif config.get("title") is None or config.get("title") is False:
        if repo is None:
            log.warning("GitHub Metadata: No repo name found: site.title is not set (Jekyll fails "
                        "when a template reads it)")
        else:
            config["title"] = repo.name if not repo.user_page() else repo.owner
    if config.get("description") is None or config.get("description") is False:
        config["description"] = None  # the repository's tagline: nil offline
    if jekyll_env() == "production" or page_build():
        if repo is None:
            return
        if config.get("url") is None or config.get("url") is False:
            config["url"] = repo.url_without_path()
        if config.get("baseurl") is None or config.get("baseurl") == "/":
            config["baseurl"] = repo.baseurl()


def inject(site: Any, *_payload: Any) -> None:
    """``SiteGitHubMunger#inject_metadata!``: ``site.github`` (``payload.site["github"] =``)."""
    value = site.config.get("github")
    if value is None:
        site.config["github"] = MetadataDrop(site.config, Path(site.source))
    elif isinstance(value, MetadataDrop):
        pass
    elif isinstance(value, Mapping):
        # Utils.deep_merge_hashes(drop, hash) reads the drop's values: offline it fails.
        raise LiquidpageError(f"GitHub Metadata: Error processing value 'owner_public_repositories': "
                              f"{PUBLIC_REPOS_ERROR} (a `github:` mapping in the configuration "
                              "is merged into site.github, which needs the GitHub API)")


def register(registry: Registry) -> None:
    registry.add_hook("site", "after_init", munge)
    registry.add_hook("site", "pre_render", inject)
    registry.add_tag(EditLinkTag)


__all__ = ["MetadataDrop", "Repository", "build_revision", "find_nwo", "munge", "origin_url", "register"]
