"""Hand ports of the Ruby blocks in Rouge 3.30's lexers (registered in ``rouge.MANUAL``)."""

from __future__ import annotations

from liquidpage._highlight.rouge import MANUAL, Run
