"""liquidpage's Ruby semantics stay inside its own environment: a plain python-liquid
``Environment`` in the same process behaves exactly as before ``import liquidpage`` (issue 13).

Each check runs in a fresh interpreter, so a module-level patch of python-liquid made by any
liquidpage import would show up as a difference."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

TEMPLATES = [
    '{% if "" == blank %}y{% else %}n{% endif %}',
    "{% if x == blank %}y{% else %}n{% endif %}",
    '{% if "a" < 1 %}y{% else %}n{% endif %}',
    "{% if 5 > nil %}y{% else %}n{% endif %}",
    "{% if 5 contains 5 %}y{% else %}n{% endif %}",
    '{% if "abc" contains 1 %}y{% else %}n{% endif %}',
    "{% if list contains 2 %}y{% else %}n{% endif %}",
    '{{ list | join: empty }}',
    '{{ list | default: blank }}',
    "{% if n >= limit %}y{% else %}n{% endif %}",
    "{{ page.limit }}",
    "{% for i in (1..3) %}{% cycle i, 'b' %}{% endfor %}",
    "{% for i in (1..x) %}{{ i }}{% endfor %}",
    "{{ list[true] }}",
]

SCRIPT = r"""
import json, sys
from liquid import Environment

def outcomes(make=Environment, sources=None):
    out = []
    for source in sources or json.loads(sys.argv[1]):
        try:
            env = make()
            out.append(env.from_string(source).render(x="3", n=2, list=[1, 2], page={"limit": 1}))
        except Exception as exc:
            out.append(f"{type(exc).__name__}: {exc}")
    return out

before = outcomes()
sys.path.insert(0, sys.argv[2])
import liquidpage
from liquidpage.environment import JekyllEnvironment
sys.path.insert(0, sys.argv[3])
from liquid_standin import StandInSite
jekyll = outcomes(lambda: JekyllEnvironment(StandInSite()), json.loads(sys.argv[1])[:5])
print(json.dumps({"before": before, "after": outcomes(), "jekyll": jekyll}))
"""


def test_plain_python_liquid_is_unchanged_by_liquidpage() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = subprocess.run([sys.executable, "-c", SCRIPT, json.dumps(TEMPLATES), str(ROOT), str(ROOT / "tests")],
                         capture_output=True, text=True, env=env, check=True)
    result = json.loads(run.stdout)
    assert result["after"] == result["before"]
    # ... while liquidpage's own environment has Ruby's semantics (condition.rb).
    jekyll = result["jekyll"]
    assert jekyll[:2] + jekyll[3:] == ["n", "n", "n", "n"]
    assert jekyll[2].startswith("LiquidTypeError: comparison of String with 1 failed")
    assert result["before"][:2] == ["y", "n"]  # python-liquid's own `blank`


def test_ruby_semantics_in_liquidpage_environment() -> None:
    from liquid.exceptions import LiquidError

    from liquid_standin import render

    assert render('{% if "" == blank %}y{% else %}n{% endif %}') == "n"
    assert render("{% if 5 contains 5 %}y{% else %}n{% endif %}") == "n"
    assert render("{% if 5 > nil %}y{% else %}n{% endif %}") == "n"
    assert render('{{ list | join: empty }}', {"list": [1, 2]}) == "12"
    try:
        render('{% if "a" < 1 %}y{% endif %}')
    except LiquidError as err:
        assert "comparison of String with 1 failed" in str(err)
    else:  # pragma: no cover
        raise AssertionError("Ruby aborts on comparing a String with an Integer")
