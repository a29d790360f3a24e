"""``liquidpage new PATH``: a new site with the structure ``jekyll new`` gives (Jekyll's
``commands/new.rb``), written in liquidpage's own words, without running Bundler."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from liquidpage.errors import LiquidpageError

CONFIG = """\
# The site's settings. Jekyll and liquidpage read this file once per build: after changing
# it, run the build (or restart `serve`) again.

title: My new site
email: you@example.com
description: >- # folded: the lines below become one line
  What this site is about, in a sentence or two. It appears in the page head
  for search engines, and in feed.xml.
baseurl: "" # the path the site lives under, e.g. /blog
url: "" # the scheme and host, e.g. https://example.com
twitter_username: ""
github_username: ""

# How the site is built
theme: minima
plugins:
  - jekyll-feed

# Jekyll leaves out Gemfile, Gemfile.lock, node_modules and vendor/ by itself; add more here.
# exclude:
#   - notes/
"""

GEMFILE = """\
# For building this site with Ruby's Jekyll too (`bundle exec jekyll build`); liquidpage does
# not need this file.
source "https://rubygems.org"

gem "jekyll", "~> 4.3.1"
gem "minima", "~> 2.5"

group :jekyll_plugins do
  gem "jekyll-feed", "~> 0.12"
end
"""

GITIGNORE = "_site\n.sass-cache\n.jekyll-cache\n.jekyll-metadata\nvendor\n"

INDEX = """\
---
# The home page: minima's `home` layout lists the posts below this text.
layout: home
---
"""

ABOUT = """\
---
layout: page
title: About
permalink: /about/
---

A few words about this site and the people behind it.

It is built from Markdown files and the [minima](https://github.com/jekyll/minima) theme.
"""

NOT_FOUND = """\
---
permalink: /404.html
layout: default
---

<div class="container" style="margin: 10px auto; max-width: 600px; text-align: center;">
  <h1 style="margin: 30px 0; font-size: 4em;">404</h1>
  <p><strong>This page does not exist.</strong></p>
  <p>The link you followed may be old, or the address mistyped.</p>
</div>
"""

POST = """\
---
layout: post
title: "Hello, world"
date: {date} 12:00:00 +0000
categories: news
---
This is the site's first post. Posts live in `_posts/`, named `YEAR-MONTH-DAY-title.md`, with
front matter at the top like the lines above.

Code is highlighted when you name its language:

```python
def greet(name):
    return f"Hello, {{name}}!"
```

Write the next post by copying this file under a new date and title.
"""

BLANK_CONFIG = """\
url: "" # the scheme and host, e.g. https://example.com
baseurl: "" # the path the site lives under, e.g. /blog
title: "" # the site's name
"""

BLANK_LAYOUT = """\
<!DOCTYPE html>
<html lang="{{ site.lang | default: "en" }}">
  <head>
    <meta charset="utf-8">
    <title>{{ page.title | default: site.title }}</title>
    <link rel="stylesheet" href="{{ "/assets/css/main.css" | relative_url }}">
  </head>
  <body>
    {{ content }}
  </body>
</html>
"""

BLANK_SASS = """\
body {
  margin: 0 auto;
  max-width: 42rem;
  padding: 1rem;
  font-family: sans-serif;
}
"""

BLANK_MAIN_SCSS = """\
---
---
@import "main";
"""

BLANK_INDEX = """\
---
layout: default
title: Home
---
# A blank site

Edit `index.md`, `_layouts/default.html` and `_sass/main.scss` to make it yours.
"""


def new_site(path: str | Path, *, blank: bool = False, force: bool = False,
             today: dt.date | None = None) -> list[Path]:
    """Write a new site into ``path`` (``jekyll new``, ``--blank``); return the files written.

    A folder that exists and is not empty is refused unless ``force`` (Jekyll's "Conflict: …
    exists and is not empty"); existing files are then overwritten only where the site has one.
    """
    root = Path(path)
    if root.exists() and not root.is_dir():
        raise LiquidpageError(f"Conflict: {root} exists and is not a folder.")
    if root.is_dir() and any(root.iterdir()) and not force:
        raise LiquidpageError(f"Conflict: {root} exists and is not empty (use --force to write into it).")
    today = today or dt.date.today()
    if blank:
        files = {
            "_config.yml": BLANK_CONFIG,
            "_layouts/default.html": BLANK_LAYOUT,
            "_sass/main.scss": BLANK_SASS,
            "assets/css/main.scss": BLANK_MAIN_SCSS,
            "index.md": BLANK_INDEX,
        }
        folders = ["_data", "_drafts", "_includes", "_posts"]
    else:
        files = {
            "_config.yml": CONFIG,
            "Gemfile": GEMFILE,
            ".gitignore": GITIGNORE,
            "index.markdown": INDEX,
            "about.markdown": ABOUT,
            "404.html": NOT_FOUND,
            f"_posts/{today.isoformat()}-hello-world.markdown": POST.format(date=today.isoformat()),
        }
        folders = []
    written: list[Path] = []
    for folder in folders:
        (root / folder).mkdir(parents=True, exist_ok=True)
    for rel, text in files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        written.append(target)
    return written
