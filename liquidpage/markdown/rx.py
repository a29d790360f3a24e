"""kramdown's regular expressions, translated from Ruby (Onigmo) to Python ``re``.

Translation rules: every pattern is compiled with ``re.M | re.ASCII`` (Ruby's ``^``/``$`` are always
line anchors, and ``\\s \\w \\d`` are ASCII-only in Ruby); Ruby's Unicode classes become scoped
``(?u:...)`` groups; Ruby ``/m`` is ``re.S``; Ruby ``\\z`` is ``\\Z``.
Sources: kramdown/parser/kramdown/*.rb, kramdown/parser/html.rb, kramdown-parser-gfm/gfm.rb.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

FLAGS = re.M | re.ASCII


def R(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """Compile a translated kramdown pattern."""
    return re.compile(pattern, FLAGS | flags)


class _Deferred:
    """A pattern of this module not compiled yet: its source and flags (``.pattern`` and
    ``.flags``, as a compiled pattern has them, for the definitions built from others)."""

    __slots__ = ("pattern", "flags")

    def __init__(self, pattern: str, flags: int) -> None:
        self.pattern = pattern
        self.flags = flags


def _D(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """A translated kramdown pattern of this module, compiled on the first ``rx.NAME`` access
    (see ``__getattr__`` at the end): the ~120 patterns cost ~12 ms to compile, and a page
    uses a few of them (a build most)."""
    return _Deferred(pattern, FLAGS | flags)  # type: ignore[return-value]


WS = " \t\n\v\f\r\0"  # what Ruby's String#strip removes
OPT_SPACE = r" {0,3}"
INDENT_S = r"^(?:\t| {4})"
INDENT = _D(INDENT_S)

NCNAME = r"(?u:[^\W\d][-\w.]*)"
UNAME = r"(?:" + NCNAME + r":)?" + NCNAME
_NSC = (":A-Z_a-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D"
        "\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\U00010000-\U000EFFFF")
NAME_START_CHAR = "[" + _NSC + "]"
NAME_CHAR = "[" + _NSC + r"\-\.0-9\u00B7\u0300-\u036F\u203F-\u2040]"

# --- HTML (parser/html.rb) -------------------------------------------------------------------
HTML_COMMENT_RE = _D(r"<!--(.*?)-->", re.S)
HTML_INSTRUCTION_RE = _D(r"<\?(.*?)\?>", re.S)
HTML_ATTRIBUTE_RE = _D(r"\s*(" + UNAME + r")(?:\s*=\s*(?:((?u:\w)+)|(\"|')(.*?)\3))?", re.S)
HTML_TAG_S = (r"<((?>" + UNAME + r"))\s*((?>\s+" + UNAME + r"(?:\s*=\s*(?:(?u:\w)+|(\"|').*?\3))?)*)"
              r"\s*(/)?>")
HTML_TAG_RE = _D(HTML_TAG_S, re.S)
HTML_TAG_CLOSE_S = r"</(" + UNAME + r")\s*>"
HTML_TAG_CLOSE_RE = _D(HTML_TAG_CLOSE_S, re.S)
HTML_ENTITY_S = r"&([\w:][\-\w\.:]*);|&#(\d+);|&\#x([0-9a-fA-F]+);"
HTML_ENTITY_RE = _D(HTML_ENTITY_S)
HTML_RAW_START = _D(r"(?=<(" + UNAME + r"|/|!--|\?))")
# the same match position, found faster: a search led by a literal < skips ahead in C, one led
# by a look-ahead tries every position (use the match's start, not its end)
HTML_RAW_START_AT = _D(r"<(?=" + UNAME + r"|/|!--|\?)")

HTML_CONTENT_MODEL: dict[str, str] = {}
for _n in ("address applet article aside blockquote body dd details div dl fieldset figure figcaption "
           "footer form header hgroup iframe li main map menu nav noscript object section summary td").split():
    HTML_CONTENT_MODEL[_n] = "block"
for _n in ("a abbr acronym b bdo big button cite caption del dfn dt em h1 h2 h3 h4 h5 h6 i ins label "
           "legend optgroup p q rb rbc rp rt rtc ruby select small span strong sub sup th tt").split():
    HTML_CONTENT_MODEL[_n] = "span"
for _n in "script style math option textarea pre code kbd samp var".split():
    HTML_CONTENT_MODEL[_n] = "raw"

HTML_SPAN_ELEMENTS = frozenset(
    "a abbr acronym b big bdo br button cite code del dfn em i img input ins kbd label mark option q "
    "rb rbc rp rt rtc ruby samp select small span strong sub sup tt u var".split())
HTML_BLOCK_ELEMENTS = frozenset(
    "address article aside applet body blockquote caption col colgroup dd div dl dt fieldset "
    "figcaption footer form h1 h2 h3 h4 h5 h6 header hgroup hr html head iframe legend menu li main "
    "map nav ol optgroup p pre section summary table tbody td th thead tfoot tr ul".split())
HTML_ELEMENTS_WITHOUT_BODY = frozenset(
    "area base br col command embed hr img input keygen link meta param source track wbr".split())
HTML_ELEMENT = frozenset(HTML_SPAN_ELEMENTS | HTML_BLOCK_ELEMENTS | HTML_ELEMENTS_WITHOUT_BODY
                         | set(HTML_CONTENT_MODEL))

# --- block level ---------------------------------------------------------------------------------
BLANK_LINE_S = r"(?>^\s*\n)+"
BLANK_LINE = _D(BLANK_LINE_S)
EOB_MARKER_S = r"^\^\s*?\n"
EOB_MARKER = _D(EOB_MARKER_S)

ALD_ID_CHARS = r"[\w-]"
ALD_ANY_CHARS = r"\\\}|[^\}]"
ALD_ID_NAME = r"\w[\w-]*"
ALD_CLASS_NAME = r"[^\s\.#]+"
ALD_TYPE_KEY_VALUE_PAIR = r"(" + ALD_ID_NAME + r")=(\"|')((?:\\\}|\\\2|[^\}\x02])*?)\2"
ALD_TYPE_CLASS_NAME = r"\.(" + ALD_CLASS_NAME + r")"
ALD_TYPE_ID_NAME = r"#([A-Za-z][\w:-]*)"
ALD_TYPE_ID_OR_CLASS = _D(ALD_TYPE_ID_NAME + "|" + ALD_TYPE_CLASS_NAME)
ALD_TYPE_ID_OR_CLASS_MULTI = r"((?:" + ALD_TYPE_ID_NAME + "|" + ALD_TYPE_CLASS_NAME + r")+)"
ALD_TYPE_REF = r"(" + ALD_ID_NAME + r")"
ALD_TYPE_ANY = _D(r"(?:\A|\s)(?:" + ALD_TYPE_KEY_VALUE_PAIR + "|" + ALD_TYPE_REF + "|"
                 + ALD_TYPE_ID_OR_CLASS_MULTI + r")(?=\s|\Z)")
ALD_START = _D(r"^" + OPT_SPACE + r"\{:(" + ALD_ID_NAME + r"):((?:" + ALD_ANY_CHARS + r")+)\}\s*?\n")
EXT_STOP_STR = r"\{:/(%s)?\}"
EXT_START_STR = r"\{::(\w+)(?:\s((?:" + ALD_ANY_CHARS + r")*?)|)(/)?\}"
EXT_BLOCK_START = _D(r"^" + OPT_SPACE + r"(?:" + EXT_START_STR + "|" + EXT_STOP_STR % ALD_ID_NAME
                    + r")\s*?\n")
EXT_BLOCK_STOP_STR = r"^" + OPT_SPACE + EXT_STOP_STR + r" *?\n"  # Ruby "\s" in a "..." string is a space
IAL_BLOCK = r"\{:(?!:|/)((?:" + ALD_ANY_CHARS + r")+)\}\s*?\n"
IAL_BLOCK_START_S = r"^" + OPT_SPACE + IAL_BLOCK
IAL_BLOCK_START = _D(IAL_BLOCK_START_S)
BLOCK_EXTENSIONS_START = _D(r"^" + OPT_SPACE + r"\{:")
EXT_SPAN_START = _D(EXT_START_STR + "|" + EXT_STOP_STR % ALD_ID_NAME)
IAL_SPAN_START = _D(r"\{:((?:" + ALD_ANY_CHARS + r")+)\}")

_LAZY_SPAN = "|".join(sorted(HTML_SPAN_ELEMENTS | {"script"}))
LAZY_END_HTML_START = r"<(?>(?!(?:" + _LAZY_SPAN + r")(?u:\b))" + UNAME + r")"
LAZY_END_HTML_STOP = r"</(?!(?:" + _LAZY_SPAN + r")(?u:\b))" + UNAME + r"\s*>"
LAZY_END_S = (r"(?:" + BLANK_LINE_S + ")|(?:" + IAL_BLOCK_START_S + ")|(?:" + EOB_MARKER_S + ")|^"
              + OPT_SPACE + LAZY_END_HTML_STOP + "|^" + OPT_SPACE + LAZY_END_HTML_START + r"|(?=\n?\Z)")
LAZY_END = _D(LAZY_END_S)

PATTERN_TAIL = r"[\t| ].*\n"  # kramdown: .*?\n (the same without re.S, and faster)
LIST_START_UL_S = r"^(" + OPT_SPACE + r"[+*-])(" + PATTERN_TAIL + ")"
LIST_START_OL_S = r"^(" + OPT_SPACE + r"\d+\.)(" + PATTERN_TAIL + ")"
LIST_START_UL = _D(LIST_START_UL_S)
LIST_START_OL = _D(LIST_START_OL_S)
LIST_START_S = r"(?:" + LIST_START_UL_S + r")|(?:" + LIST_START_OL_S + ")"
LIST_START = _D(LIST_START_S)
LIST_START_NG = _D(r"^" + OPT_SPACE + r"(?:[+*-]|\d+\.)[\t| ].*\n")
DEFINITION_LIST_START_S = r"^(" + OPT_SPACE + r":)(" + PATTERN_TAIL + ")"
DEFINITION_LIST_START = _D(DEFINITION_LIST_START_S)
LIST_ITEM_IAL = _D(r"^\s*(?:\{:(?!(?:" + ALD_ID_NAME + r")?:|/)((?:" + ALD_ANY_CHARS + r")+)\})\s*")
LIST_ITEM_IAL_CHECK = _D(r"^(?:" + LIST_ITEM_IAL.pattern + r")?\s*\n")

PARAGRAPH_START = _D(r"^" + OPT_SPACE + r"[^ \t].*\n")  # kramdown: .*?\n, see PATTERN_TAIL
PARAGRAPH_MATCH = _D(r"^.*?\n")
PARAGRAPH_END = _D(LAZY_END_S + "|(?:" + DEFINITION_LIST_START_S + ")")

ATX_HEADER_START_GFM_S = r"^(?P<level>\#{1,6})[\t ]+(?P<contents>.*)\n"
ATX_HEADER_START_GFM = _D(ATX_HEADER_START_GFM_S)
ATX_HEADER_START = _D(r"^(?P<level>\#{1,6})[\t ]*(?P<contents>[^ \t].*)\n")
SETEXT_HEADER_START = _D(r"^" + OPT_SPACE + r"(?P<contents>[^ \t].*)\n(?P<level>[-=])[-=]*[ \t\r\f\v]*\n")
# the same, failing fast (in C) when the next line starts with neither - nor =
SETEXT_HEADER_START_FAST = _D(r"^(?=.*\n[-=])" + SETEXT_HEADER_START.pattern[1:])
HEADER_ID = _D(r"[\t ]\{#(?P<id>" + NAME_START_CHAR + NAME_CHAR + r"*)\}\Z")
BLOCKQUOTE_START_S = r"^" + OPT_SPACE + r"> ?"
BLOCKQUOTE_START = _D(BLOCKQUOTE_START_S)
FENCED_CODEBLOCK_START_GFM_S = r"^[ ]{0,3}[~`]{3,}"
FENCED_CODEBLOCK_START_GFM = _D(FENCED_CODEBLOCK_START_GFM_S)
FENCED_CODEBLOCK_MATCH_GFM = _D(r"^[ ]{0,3}(([~`]){3,})\s*?((\S+?)(?:\?\S*)?)?\s*?\n(.*?)^[ ]{0,3}\1\2*\s*?\n",
                               re.S)
FENCED_CODEBLOCK_START = _D(r"^~{3,}")
FENCED_CODEBLOCK_MATCH = _D(r"^((~){3,})\s*?((\S+?)(?:\?\S*)?)?\s*?\n(.*?)^\1\2*\s*?\n", re.S)
# a later line a closing fence of FENCED_CODEBLOCK_MATCH(_GFM) could start (a necessary condition)
FENCED_CODEBLOCK_CLOSE = re.compile(r"\n~{3}")
FENCED_CODEBLOCK_CLOSE_GFM = re.compile(r"\n[ ]{0,3}[~`]{3}")
PARAGRAPH_END_GFM = _D(LAZY_END_S + "|(?:" + LIST_START_S + ")|(?:" + ATX_HEADER_START_GFM_S.replace(
    "?P<level>", "").replace("?P<contents>", "") + ")|(?:" + DEFINITION_LIST_START_S + ")|(?:"
    + BLOCKQUOTE_START_S + ")|(?:" + FENCED_CODEBLOCK_START_GFM_S + ")")


def lines_until(end: re.Pattern[str]) -> re.Pattern[str]:
    """One line, then the following lines up to where ``end`` matches: kramdown's loop
    ``result = @src.scan(PARAGRAPH_MATCH); until @src.match?(end); result << @src.scan(PARAGRAPH_MATCH)``
    (paragraph.rb, blockquote.rb) as one regexp."""
    return _D(r"^.*\n(?:(?!" + end.pattern + r").*\n)*")


PARAGRAPH_RUN = lines_until(PARAGRAPH_END)
PARAGRAPH_RUN_GFM = lines_until(PARAGRAPH_END_GFM)
BLOCKQUOTE_RUN = lines_until(LAZY_END)

# kramdown's /^ {0,3}(\*|-|_)[ \t]*\1[ \t]*\1(\1|[ \t])*\n/ spelled out per character: the same
# matches without the backreference loop, which `re` ran 46 times slower (a line of 6,000 "- "
# took 1.4 ms per try, and a list nested in one line tries it at every level)
HR_START = _D(r"^" + OPT_SPACE + r"(?:\*[ \t]*\*[ \t]*\*[* \t]*|-[ \t]*-[ \t]*-[- \t]*|_[ \t]*_[ \t]*_[_ \t]*)\n")
CODEBLOCK_MATCH_S = (r"(?:(?:" + BLANK_LINE_S + r")?(?:" + INDENT_S + r"[ \t]*\S.*\n)+(?:(?!(?:"
                     + IAL_BLOCK_START_S + ")|(?:" + EOB_MARKER_S + ")|^" + OPT_SPACE + LAZY_END_HTML_STOP
                     + "|^" + OPT_SPACE + LAZY_END_HTML_START + r")^[ \t]*\S.*\n)*)*")
CODEBLOCK_MATCH = _D(CODEBLOCK_MATCH_S)

TABLE_SEP_LINE = _D(r"^([+|: \t-]*?-[+|: \t-]*?)[ \t]*\n")
TABLE_HSEP_ALIGN = _D(r"[ \t]?(:?)-+(:?)[ \t]?")
TABLE_FSEP_LINE = _D(r"^[+|: \t=]*?=[+|: \t=]*?[ \t]*\n")
TABLE_ROW_LINE = _D(r"^(.*?)[ \t]*\n")
TABLE_PIPE_CHECK_S = r"(?:\||.*?[^\\\n]\|)"
TABLE_PIPE_CHECK_AT = _D(r"^" + TABLE_PIPE_CHECK_S)
TABLE_LINE = _D(TABLE_PIPE_CHECK_S + r".*\n")
TABLE_START = _D(r"^" + OPT_SPACE + r"(?=\S)" + TABLE_PIPE_CHECK_S + r".*\n")
TABLE_START_FAST = _D(r"^(?=.*\|)" + TABLE_START.pattern[1:])  # failing fast without a pipe on the line
BLOCK_BOUNDARY = _D(r"(?:" + BLANK_LINE_S + ")|(?:" + EOB_MARKER_S + ")|(?:" + IAL_BLOCK_START_S
                   + r")|(?=\n?\Z)")

BLOCK_MATH_START = _D(r"^" + OPT_SPACE + r"(\\)?\$\$(.*?)\$\$(\s*?\n)?", re.S)
INLINE_MATH_START = _D(r"\$\$(.*?)\$\$", re.S)
FOOTNOTE_DEFINITION_START = _D(r"^" + OPT_SPACE + r"\[\^(" + ALD_ID_NAME + r")\]:\s*?(.*?\n"
                              + CODEBLOCK_MATCH_S + ")")
FOOTNOTE_MARKER_START = _D(r"\[\^(" + ALD_ID_NAME + r")\]")
LINK_DEFINITION_START = _D(r"^" + OPT_SPACE + r"\[([^\n\]]+)\]:[ \t]*(?:<(.*?)>|([^\n]*?\S[^\n]*?))"
                          r"(?:(?:[ \t]*?\n|[ \t]+?)[ \t]*?([\"'])(.+?)\4)?[ \t]*?\n")
ABBREV_DEFINITION_START = _D(r"^" + OPT_SPACE + r"\*\[(.+?)\]:(.*?)\n")
HTML_BLOCK_START = _D(r"^" + OPT_SPACE + r"<(" + UNAME + r"|!--|/)")
HTML_BLOCK_TAG = _D(r"^" + OPT_SPACE + HTML_TAG_S, re.S)
HTML_BLOCK_TAG_CLOSE = _D(r"^" + OPT_SPACE + HTML_TAG_CLOSE_S, re.S)
TRAILING_WHITESPACE = _D(r"[ \t]*\n")
ANY_LINE = _D(r".*\n")

# --- span level ----------------------------------------------------------------------------------
EMPHASIS_START = _D(r"(?:\*\*?|__?)")
CODESPAN_DELIMITER = _D(r"`+")
AUTOLINK_START = _D(r"<((mailto|https?|ftps?):.+?|(?u:[\w.\-])+?@(?u:[\w.\-])+?)>")
HTML_SPAN_START = _D(r"<(" + UNAME + r"|!--|/)")
LINK_START = _D(r"!?\[(?=[^^])")
LINK_BRACKET_STOP_RE = _D(r"(\])|!?\[")
LINK_PAREN_STOP_RE = _D(r"(\()|(\))|\s(?=['\"])")
LINK_INLINE_ID_RE = _D(r"\s*?\[([^\]]+)?\]")
LINK_INLINE_TITLE_RE = _D(r"\s*?([\"'])(.+?)\1\s*?\)", re.S)
LINK_URL_ANGLE = _D(r"\(<(.*?)>")
CLOSE_PAREN = _D(r"\)")
OPEN_PAREN = _D(r"\(")
SMART_QUOTES_RE = _D(r"[^\\]?[\"']")
SPAN_EXTENSIONS_START = _D(r"\{:")
TYPOGRAPHIC_SYMS_RE = _D(r"---|--|\.\.\.|\\<<|\\>>|<< | >>|<<|>>")
LINE_BREAK = _D(r"(  |\\\\)(?=\n)")
ESCAPED_CHARS = _D(r"\\([\\.*_+`<>()\[\]{}#!:|\"'\$=-])")
ESCAPED_CHARS_GFM = _D(r"\\([\\.*_+`<>()\[\]{}#!:\|\"'\$=\-~])")
STRIKETHROUGH_MATCH = _D(r"~~(?!\s|~).*?[^\s~]~~", re.S)
WS_CHAR = _D(r"\s")

SQ_PUNCT = r"[!\"#$%'()*+,\-./:;<=>?@\[\\\]^_`{|}~]"
SQ_CLOSE = r"[^ \\\t\r\n\[{(-]"


def _sq_rules() -> list[tuple[re.Pattern[str], list[int | str]]]:
    return [
        (R(r"(\"|')(?=[_*]{1,2}\S)"), ["lquote1"]),
        (R(r"(\"|')(?=" + SQ_PUNCT + r"(?!\.\.)(?u:\B))"), ["rquote1"]),
        (R(r"(\s?)\"'(?=\w)"), [1, "ldquo", "lsquo"]),
        (R(r"(\s?)'\"(?=\w)"), [1, "lsquo", "ldquo"]),
        (R(r"(\s?)'(?=\d\ds)"), [1, "rsquo"]),
        (R(r"(\s)('|\")(?=\w)"), [1, "lquote2"]),
        (R(r"(" + SQ_CLOSE + r")('|\")"), [1, "rquote2"]),
        (R(r"(\"|')(?=\s|s(?u:\b)|$)"), ["rquote1"]),
        (R(r"(.?)'", re.S), [1, "lsquo"]),
        (R(r"(.?)\"", re.S), [1, "ldquo"]),
    ]


SQ_SUBSTS = {
    ("rquote1", '"'): "rdquo", ("rquote1", "'"): "rsquo",
    ("rquote2", '"'): "rdquo", ("rquote2", "'"): "rsquo",
    ("lquote1", '"'): "ldquo", ("lquote1", "'"): "lsquo",
    ("lquote2", '"'): "ldquo", ("lquote2", "'"): "lsquo",
}

# span_start fragments (the third argument of define_parser)
SPAN_START = {
    "emphasis": r"\*|_",
    "codespan": r"`",
    "autolink": r"<",
    "span_html": r"<",
    "footnote_marker": r"\[",
    "link": r"!?\[",
    "smart_quotes": r"[^\\]?[\"']",
    "inline_math": r"\$",
    "span_extensions": r"\{:",
    "html_entity": r"&",
    "typographic_syms": r"--|\.\.\.|(?:\\| )?(?:<<|>>)",
    "line_break": r"(  |\\)(?=\n)",
    "escaped_chars": r"\\",
    "escaped_chars_gfm": r"\\",
    "strikethrough_gfm": r"~~",
}

# The same starts as SPAN_START, written so that ``re`` can skip ahead by first character (no
# leading look-ahead or optional prefix). Smart quotes are searched as the bare quote; the
# caller steps back one character as ``[^\\]?["']`` would (parser.py ``_fast_search``).
FAST_START = {
    "emphasis": r"\*|_",
    "codespan": r"`",
    "autolink": r"<",
    "span_html": r"<",
    "footnote_marker": r"\[",
    "link": r"!\[|\[",
    "smart_quotes": r"[\"']",
    "inline_math": r"\$",
    "span_extensions": r"\{:",
    "html_entity": r"&",
    "typographic_syms": r"--|\.\.\.|\\<<|\\>>| <<| >>|<<|>>",
    "line_break": r"  (?=\n)|\\(?=\n)",
    "escaped_chars": r"\\",
    "escaped_chars_gfm": r"\\",
    "strikethrough_gfm": r"~~",
}

# FAST_START again, as (first character, what must follow it) per parser. ``fast_start_re``
# builds from it a pattern that begins with one character class, which ``re`` scans for in C
# instead of trying every alternative at every position of a long plain text.
FAST_FIRST: dict[str, list[tuple[str, str]]] = {
    "emphasis": [("*", ""), ("_", "")], "codespan": [("`", "")], "autolink": [("<", "")],
    "span_html": [("<", "")], "footnote_marker": [("[", "")], "link": [("!", r"\["), ("[", "")],
    "smart_quotes": [('"', ""), ("'", "")], "inline_math": [("$", "")],
    "span_extensions": [("{", ":")], "html_entity": [("&", "")],
    "typographic_syms": [("-", "-"), (".", r"\.\."), ("\\", "<<|>>"), (" ", "<<|>>"),
                         ("<", "<"), (">", ">")],
    "line_break": [(" ", " \n"), ("\\", "\n")],
    "escaped_chars": [("\\", "")], "escaped_chars_gfm": [("\\", "")],
    "strikethrough_gfm": [("~", "~")],
}


@functools.lru_cache(maxsize=None)
def fast_start_re(names: tuple[str, ...],
                  extra: tuple[tuple[str, str], ...] = ()) -> re.Pattern[str]:
    """A search led by one character class for the starts of FAST_START[name] (and of a stop
    regexp, given as ``extra`` entries), except that the starts with a space (`` <<``, `` >>``,
    ``  \n``) are found one or two characters late, at the ``<``, ``>`` or newline (parser.py
    ``fast_find`` steps back): spaces are too common to stop at."""
    always: list[str] = []
    conditional: list[tuple[str, str]] = []
    entries = [(name, c, follow) for name in names for c, follow in FAST_FIRST[name]]
    entries += [("", c, follow) for c, follow in extra]
    for name, c, follow in entries:
        if c == " ":
            if name == "line_break":
                conditional.append(("\n", ""))  # checked by the look-behind below
        elif not follow:
            if c not in always:
                always.append(c)
        elif (c, follow) not in conditional:
            conditional.append((c, follow))
    conditional = [(c, f) for c, f in conditional if c not in always]
    first = always + [c for c, _ in conditional if c not in always]
    src = "[" + "".join(re.escape(c) for c in dict.fromkeys(first)) + "]"
    if conditional:
        checks = ["(?<=[" + "".join(re.escape(c) for c in always) + "])"] if always else []
        checks += ["(?<=  \n)" if c == "\n" else "(?<=" + re.escape(c) + ")(?=" + f + ")"
                   for c, f in conditional]
        src += "(?:" + "|".join(checks) + ")"
    return R(src)


# Every `_D` definition above leaves this module's namespace for `_PENDING`; `rx.NAME` compiles
# it on first use and stores it back, so later uses are plain module attribute reads.
_PENDING: dict[str, _Deferred] = {k: v for k, v in globals().items() if isinstance(v, _Deferred)}
for _name in _PENDING:
    del globals()[_name]


def __getattr__(name: str) -> object:
    deferred = _PENDING.pop(name, None)
    if deferred is not None:
        value: object = re.compile(deferred.pattern, deferred.flags)
    elif name == "SQ_RULES":
        value = _sq_rules()
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


if TYPE_CHECKING:
    SQ_RULES: list[tuple[re.Pattern[str], list[int | str]]]
