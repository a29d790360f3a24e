"""Hand ports of the Ruby blocks in Rouge 3.30's lexers (registered in ``rouge.MANUAL``)."""

from __future__ import annotations

import re
from functools import lru_cache

from liquidpage._highlight.console import as_bool
from liquidpage._highlight.rouge import MANUAL, Rule, Run, Unported, new_lexer, table
from liquidpage._highlight.rouge_lexers import MIMETYPES, REGISTRY
from liquidpage._highlight.rubyre import Translated

Match = re.Match[str]


def _register(ref: str):  # type: ignore[no-untyped-def]
    """Decorator: register a hand-ported Ruby block under its ``file.rb:line``."""
    def deco(fn):  # type: ignore[no-untyped-def]
        MANUAL[ref] = fn
        return fn
    return deco


# --- css.rb ---
@_register("css.rb:252")
def _css_stanza_name(run: Run, m: Match) -> None:
    name = m.group(1)
    label = name in run.keywords("attributes") or any(
        name.startswith(p) for p in run.keywords("vendor_prefixes"))
    run.groups("nl" if label else "py", "", "p")
    run.push("stanza_value")


# --- python.rb (current_string is Rouge's StringRegister: a stack of [type, delim]) ---
def _strings(run: Run) -> list[tuple[str, str]]:
    return run.vars.setdefault("string_register", [])


@_register("python.rb:117")
def _py_string_open(run: Run, m: Match) -> None:
    run.groups("sa", "s")
    _strings(run).append((m.group(1).lower(), m.group(2)))
    run.push("generic_string")


@_register("python.rb:181")
def _py_string_delim(run: Run, m: Match) -> None:
    run.token("s")
    if _strings(run)[-1][1] == m.group(0):
        _strings(run).pop()
        run.pop()


@_register("python.rb:191")
def _py_string_brace(run: Run, m: Match) -> None:
    if "f" in _strings(run)[-1][0]:
        run.token("si")
        run.push("generic_interpol")
    else:
        run.token("s")


@_register("python.rb:202")
def _py_string_escape(run: Run, m: Match) -> None:
    run.token("s" if "r" in _strings(run)[-1][0] else "se")
    run.pop()


# --- shell.rb ---
@_register("shell.rb:67")
def _sh_heredoc_open(run: Run, m: Match) -> None:
    run.groups("o", "", "sh", "sh", "no", "sh")
    run.vars["heredocstr"] = re.escape(m.group(5))
    run.push("heredoc")


@_register("shell.rb:82")
def _sh_heredoc_line(run: Run, m: Match) -> None:
    if m.group(1) == run.vars.get("heredocstr"):
        run.token("no")
        run.pop(2)
    else:
        run.token("sh")


# --- html.rb (@javascript and @css are persistent sub-lexers, @lang the one <style> uses) ---
@_register("html.rb:39")
def _html_style(run: Run, m: Match) -> None:
    run.token("nt")
    run.sub("@css").reset()
    run.vars["lang"] = run.sub("@css")
    run.push("style_content")
    run.push("tag")


@_register("html.rb:129")
@_register("html.rb:135")
@_register("vue.rb:122")
@_register("vue.rb:123")
def _delegate_lang(run: Run, m: Match) -> None:
    """``delegate @lang``: a lexer instance (html.rb) or a lexer class (vue.rb: fresh each time)."""
    lang = run.vars.get("lang")
    if lang is None:
        raise Unported("delegate to nil @lang")  # Rouge raises NoMethodError here
    run.delegate(new_lexer(lang) if isinstance(lang, str) else lang)


# --- vue.rb (@lang holds a lexer class) ---
def _vue_block(lang: str, state: str):  # type: ignore[no-untyped-def]
    def block(run: Run, m: Match) -> None:
        run.groups("nt", "", "k")
        run.vars["lang"] = lang
        run.push(state)
        run.push("lang_tag")
    return block


MANUAL["vue.rb:39"] = _vue_block("html", "template")
MANUAL["vue.rb:46"] = _vue_block("css", "style")
MANUAL["vue.rb:53"] = _vue_block("javascript", "script")
_VUE_LANGS = {"html": "html", "css": "css", "javascript": "javascript", "sass": "sass",
              "scss": "scss", "coffee": "coffeescript"}


@_register("vue.rb:86")
def _vue_lang(run: Run, m: Match) -> None:
    run.groups("na", "", "s")
    name = re.sub("[\"']*", "", m.group(3).lower())
    run.vars["lang"] = _VUE_LANGS.get(name, "plaintext")


# --- yaml.rb (the indentation tracking helpers of Rouge::Lexers::YAML) ---
def _yaml_reset_indent(run: Run) -> None:
    run.vars.update(indent_stack=[0], next_indent=0, block_scalar_indent=None)


def _yaml_indent(run: Run) -> int:
    return run.vars["indent_stack"][-1]


def _yaml_save_indent(run: Run, match: str) -> tuple[str, str]:
    run.vars["next_indent"] = nxt = len(match)
    if nxt < _yaml_indent(run):
        while nxt < _yaml_indent(run):
            run.vars["indent_stack"].pop()
        # dedenting to a level not indented to before is an error
        return match[:_yaml_indent(run)], match[_yaml_indent(run):]
    return match, ""


def _yaml_continue_indent(run: Run, match: str) -> None:
    run.vars["next_indent"] += len(match)


def _yaml_set_indent(run: Run, match: str, implicit: bool = False) -> None:
    if _yaml_indent(run) < run.vars["next_indent"]:
        run.vars["indent_stack"].append(run.vars["next_indent"])
    if not implicit:
        run.vars["next_indent"] += len(match)


def _ruby_to_i(text: str) -> int:
    """Ruby ``String#to_i``: the leading (signed) integer, 0 if none."""
    m = re.match(r"\s*([+-]?\d+)", text)
    return int(m.group(1)) if m else 0


@_register("yaml.rb:80")
def _yaml_start(run: Run) -> None:
    _yaml_reset_indent(run)


def _yaml_directive(cls: str, state: str):  # type: ignore[no-untyped-def]
    def block(run: Run, m: Match) -> None:
        run.token(cls)
        _yaml_reset_indent(run)
        run.push(state)
    return block


MANUAL["yaml.rb:94"] = _yaml_directive("nt", "yaml_directive")
MANUAL["yaml.rb:100"] = _yaml_directive("nt", "tag_directive")
MANUAL["yaml.rb:107"] = _yaml_directive("nn", "block_line")


@_register("yaml.rb:114")
def _yaml_line_indent(run: Run, m: Match) -> None:
    text, err = _yaml_save_indent(run, m.group(0))
    run.token("", text)
    run.token("err", err)
    run.push("block_line")
    run.push("indentation")


@_register("yaml.rb:125")
def _yaml_indicator_space(run: Run, m: Match) -> None:
    run.token("")
    _yaml_continue_indent(run, m.group(0))


@_register("yaml.rb:131")
def _yaml_indicator(run: Run, m: Match) -> None:
    _yaml_set_indent(run, m.group(0))
    run.token("pi")


@_register("yaml.rb:137")
def _yaml_line_start(run: Run, m: Match) -> None:
    run.token("")
    _yaml_continue_indent(run, m.group(0))
    run.pop()


@_register("yaml.rb:178")
def _yaml_key(run: Run, m: Match) -> None:
    run.groups("na", "pi")
    _yaml_set_indent(run, m.group(0), implicit=True)


@_register("yaml.rb:224")
def _yaml_blank_scalar_line(run: Run, m: Match) -> None:
    text = m.group(0)
    mark = run.vars["block_scalar_indent"]
    mark = len(text) if mark is None else mark
    run.token("", text[:mark])
    run.token("no", text[mark:])


@_register("yaml.rb:236")
def _yaml_scalar_line(run: Run, m: Match) -> None:
    run.token("")
    size = len(m.group(0))
    dedent_level = run.vars["block_scalar_indent"]
    if dedent_level is None:
        dedent_level = _yaml_indent(run)
        run.vars["block_scalar_indent"] = size
    if size < dedent_level:
        _yaml_save_indent(run, m.group(0))
        run.pop()
        run.push("indentation")


@_register("yaml.rb:256")
def _yaml_block_scalar_header(run: Run, m: Match) -> None:
    run.vars["block_scalar_indent"] = None
    run.goto("ignored_line")
    if not m.group(0):
        return
    increment = m.group(1) or m.group(2)
    if increment is not None:  # Ruby: m[1] is the whole indicator, "-".to_i == 0
        run.vars["block_scalar_indent"] = _yaml_indent(run) + _ruby_to_i(increment)
    run.token("pi")


@_register("yaml.rb:315")
def _yaml_plain_scalar_newline(run: Run, m: Match) -> None:
    run.token("")
    run.pop()
    if len(m.group(0)) <= _yaml_indent(run):
        run.pop()
        _yaml_save_indent(run, m.group(0))
        run.push("indentation")


# --- ruby.rb ---
_RUBY_DELIMITERS = {"{": "}", "[": "]", "(": ")", "<": ">"}
_RUBY_WS = " \t\n\v\f\r\0"  # Ruby String#strip


def _rule(pattern: str, ops: tuple, flags: int = 0) -> Rule:
    return Rule(Translated(re.compile(pattern, re.M | flags), False, False), ops)


@lru_cache(maxsize=None)
def _ruby_sigil_state(open_: str, close: str, interp: bool, toktype: str, tag: str) -> list[Rule]:
    """The anonymous state ruby.rb:42 (crystal.rb:38) pushes for ``%q(…)``-style literals."""
    chars = "" if open_ == close == "#" else re.escape(open_ + close)
    rules = [_rule(rf"\\[#{chars}\\]", (("token", "se"),))]
    if open_ != close:
        rules.append(_rule(re.escape(open_), (("token", toktype), ("push", None))))
    rules.append(_rule(re.escape(close), (("token", toktype), ("pop", 1))))
    if interp:
        rules.extend(table(tag).state("string_intp_escaped"))
        rules.append(_rule("#", (("token", toktype),)))
    else:
        rules.append(_rule(r"[\\#]", (("token", toktype),)))
    rules.append(_rule(rf"[^#{chars}\\]+", (("token", toktype),), re.S))
    return rules


@_register("ruby.rb:149")
@_register("crystal.rb:137")
def _ruby_start(run: Run) -> None:
    run.push("expr_start")
    run.vars["heredoc_queue"] = []


@_register("ruby.rb:42")
@_register("crystal.rb:38")
def _ruby_sigil(run: Run, m: Match) -> None:
    open_ = m.group(2)
    close = _RUBY_DELIMITERS.get(open_, open_)
    kind = m.group(1) or ""
    toktype = "sx"
    if kind == "r":
        toktype = "sr"
        run.push("regex_flags")
    run.token(toktype)
    run.push(_ruby_sigil_state(open_, close, bool(kind) and kind in "rQWxI", toktype, run.table.tag))


def _ruby_heredoc(run: Run, m: Match, name: str) -> None:
    run.token("o", m.group(1))
    run.token("no", "".join(g or "" for g in m.groups()[1:4]))
    run.vars["heredoc_queue"].append((m.group(1) in ("<<-", "<<~"), name))
    if not run.state_is("heredoc_queue"):
        run.push("heredoc_queue")


MANUAL["ruby.rb:238"] = lambda run, m: _ruby_heredoc(run, m, m.group(3))
MANUAL["ruby.rb:245"] = lambda run, m: _ruby_heredoc(run, m, "")
MANUAL["crystal.rb:228"] = MANUAL["ruby.rb:238"]
MANUAL["crystal.rb:235"] = MANUAL["ruby.rb:245"]


@_register("ruby.rb:270")
@_register("crystal.rb:260")
def _ruby_heredoc_line(run: Run, m: Match) -> None:
    queue = run.vars["heredoc_queue"]
    tolerant, name = queue[0]
    check = m.group(0).strip(_RUBY_WS) if tolerant else m.group(0).rstrip(_RUBY_WS)
    if check == name:
        queue.pop(0)
        if not queue:
            run.pop()
        run.token("no")
    else:
        run.token("sh")
    run.pop()


# --- liquid.rb ---
def _liquid_string_class(text: str | None, default: str) -> str:
    """``case text when /'[^']*'/ then Str::Single when /"[^"]*"/ then Str::Double``."""
    if text is not None and re.search(r"'[^']*'", text):
        return "s1"
    if text is not None and re.search(r'"[^"]*"', text):
        return "s2"
    return default


@_register("liquid.rb:69")
def _liquid_cycle(run: Run, m: Match) -> None:
    run.groups("nt", "w", _liquid_string_class(m.group(3), "na"), "w", "p", "w")
    run.push("variable_tag_markup")


@_register("liquid.rb:84")
def _liquid_for(run: Run, m: Match) -> None:
    run.groups("nt", "w", "nv", "w", "nt", "w")
    run.token(_liquid_string_class(m.group(7), "nv"), m.group(7))
    run.token("w", m.group(8))
    run.push("tag_markup")

# --- util.rb Indentation (sass, haml, slim) ---
def _indentation(run: Run, indent: str) -> None:
    """Rouge ``Indentation#indentation``: push the pending block state for a deeper line."""
    run.vars["last_indentation"] = indent
    state, block_indent = run.vars.get("block_state"), run.vars.get("block_indentation")
    if state and indent.startswith(block_indent) and indent != block_indent:
        run.push(state)
    else:
        run.vars["block_state"] = run.vars["block_indentation"] = None
        run.push("content")


def _starts_block(run: Run, state: str) -> None:
    run.vars["block_state"] = state
    run.vars["block_indentation"] = run.vars.get("last_indentation") or ""


@_register("sass.rb:22")
def _sass_indent(run: Run, m: Match) -> None:
    run.token("")
    _indentation(run, m.group(0))


@_register("sass.rb:27")
def _sass_line_comment(run: Run, m: Match) -> None:
    run.token("c1")
    run.pop()
    _starts_block(run, "single_comment")


@_register("sass.rb:32")
def _sass_block_comment(run: Run, m: Match) -> None:
    run.token("cm")
    run.pop()
    _starts_block(run, "multi_comment")


# --- php.rb ---
@_register("php.rb:71")
def _php_start(run: Run) -> None:
    """``case @start_inline when true then push :php when :guess then push :start``."""
    if "start_inline" not in run.options:
        run.push("start")
    elif as_bool(run.options["start_inline"]):
        run.push("php")


# --- lua.rb ---
@_register("lua.rb:73")
def _lua_name(run: Run, m: Match) -> None:
    name = m.group(0)
    if name == "gsub":
        run.token("nb")
        run.push("gsub")
    elif name in run.keywords("builtins"):
        run.token("nb")
    elif "." in name:
        a, b = name.split(".", 1)
        run.token("n", a)
        run.token("p", ".")
        run.token("n", b)
    else:
        run.token("n")


# --- rust.rb (@macro_delims counts open brackets inside a macro) ---
_RUST_DELIMS = {"[": "]", "(": ")", "{": "}"}


@_register("rust.rb:56")
def _rust_start(run: Run) -> None:
    run.vars["macro_delims"] = {"]": 0, ")": 0, "}": 0}
    run.push("bol")


@_register("rust.rb:188")
def _rust_macro_open(run: Run, m: Match) -> None:
    run.vars["macro_delims"][_RUST_DELIMS[m.group(0)]] += 1
    run.token("p")


@_register("rust.rb:194")
def _rust_macro_close(run: Run, m: Match) -> None:
    delims = run.vars["macro_delims"]
    delims[m.group(0)] -= 1
    if all(v == 0 for v in delims.values()):
        run.pop()
    run.token("p")


# --- handlebars.rb ---
@_register("handlebars.rb:30")
def _handlebars_text(run: Run, m: Match) -> None:
    parent = run.sub("parent")
    run.delegate(parent)
    if parent.state_is("attr"):  # an unquoted html attribute: back to the tag state
        parent.pop()


# --- apache.rb ---
def _apache_name(run: Run, word: str, cls: str) -> str:
    """Rouge ``Apache#name_for_token``: ``cls`` for a known section, directive or value."""
    return cls if word in _apache_words(run.table.tag) else ""


@lru_cache(maxsize=None)
def _apache_words(tag: str) -> frozenset[str]:
    """The sections, directives and values of the lexer ``tag``, in one set."""
    consts = table(tag).consts
    return consts["sections"] | consts["directives"] | consts["values"]


@_register("apache.rb:50")
def _apache_section(run: Run, m: Match) -> None:
    run.groups("p", _apache_name(run, m.group(2).lower(), "nl"))
    run.push("section")


@_register("apache.rb:55")
def _apache_directive(run: Run, m: Match) -> None:
    run.token(_apache_name(run, m.group(0).lower(), "nc"))
    run.push("directive")


@_register("apache.rb:77")
def _apache_value(run: Run, m: Match) -> None:
    run.token(_apache_name(run, m.group(0).lower(), "ss"))


# --- cython.rb ---
@_register("cython.rb:135")
def _cython_indent(run: Run, m: Match) -> None:
    run.token("")
    run.goto("c_start")
    indentation = run.vars.get("indentation")
    if indentation is None:
        run.vars["indentation"] = m.group(0)
    elif len(indentation) > len(m.group(0)):
        run.vars["indentation"] = None
        run.pop(2)  # :c_start and :c_definitions


@_register("cython.rb:147")
def _cython_reset(run: Run, m: Match) -> None:
    run.vars["indentation"] = None
    run.reset_stack()


# --- viml.rb ---
@_register("viml.rb:48")
def _viml_word(run: Run, m: Match) -> None:
    name = m.group(0)
    for kind, cls in (("command", "k"), ("function", "nb"), ("option", "nb"), ("auto", "nb")):
        if name in run.keywords(f"keywords[{kind}]"):
            run.token(cls)
            return
    run.token("")


# --- zig.rb ---
@_register("zig.rb:84")
def _zig_name(run: Run, m: Match) -> None:
    name = m.group(3)
    if name in run.keywords("keywords"):
        cls = "k"
    elif name in run.keywords("builtins"):
        cls = "nb"
    elif m.group(1) and m.group(5):
        cls = "nf"
    elif m.group(1):
        cls = "py"
    else:
        cls = "n"
    run.groups("p", "", cls, "", "p")


# --- clojure.rb ---
def _clojure_name(run: Run, name: str) -> str | None:
    if name in run.keywords("keywords"):
        return "k"
    if name in run.keywords("builtins"):
        return "nb"
    return None


@_register("clojure.rb:92")
def _clojure_call(run: Run, m: Match) -> None:
    run.token("p", m.group(1))
    run.token("w", m.group(2))
    run.token(_clojure_name(run, m.group(3)) or "nf", m.group(3))


@_register("clojure.rb:98")
def _clojure_ident(run: Run, m: Match) -> None:
    run.token(_clojure_name(run, m.group(0)) or "n")


# --- digdag.rb (a YAML subclass) ---
@_register("digdag.rb:63")
def _digdag_keyword(run: Run, m: Match) -> None:
    run.groups("kr", "pi")
    _yaml_set_indent(run, m.group(0), implicit=True)


# --- gherkin.rb ---
@_register("gherkin.rb:59")
def _gherkin_keyword(run: Run, m: Match) -> None:
    run.reset_stack()
    keyword = m.group(1)
    for kind, state, cls in (("element", "description", "kn"), ("feature", "feature_description", "kd"),
                             ("examples", "example_description", "nn")):
        if keyword in run.keywords(f"keywords[{kind}]"):
            run.push(state)
            break
    else:
        cls = "err"
    run.groups(cls, "p")


# --- groovy.rb ---
@_register("groovy.rb:43")
def _groovy_method(run: Run, m: Match) -> None:
    """``delegate self.clone, m[1]``: a shallow clone shares the state stack, so this continues
    lexing with the same stack."""
    saved = run.m
    run.delegate(run, m.group(1))
    run.m = saved
    run.token("nf", m.group(2))
    run.token("", m.group(3))
    run.token("o", m.group(4))


# --- http.rb (the body is lexed by the lexer of the Content-Type header) ---
@_register("http.rb:29")
def _http_start(run: Run) -> None:
    run.vars["content_type"] = "text/plain"


@_register("http.rb:63")
def _http_header(run: Run, m: Match) -> None:
    if m.group(1).strip(_RUBY_WS).lower() == "content-type":
        run.vars["content_type"] = m.group(5).split(";")[0].lower()
    run.groups("na", "", "p", "", "s", "")


def _http_content_tag(run: Run) -> str:
    """Rouge ``HTTP#content_lexer``: the ``content`` option, else a guess by mimetype."""
    if "content" in run.options:
        option = run.options["content"]
        tag = REGISTRY.get(option[-1] if isinstance(option, list) else option)
        if tag is not None:
            return tag
    content_type = run.vars.get("content_type")
    if not content_type:
        return "plaintext"
    tags = MIMETYPES.get(content_type, [])
    if len(tags) > 1:
        raise Unported(f"http: ambiguous mimetype {content_type}")
    return tags[0] if tags else "plaintext"


@_register("http.rb:81")
def _http_content(run: Run, m: Match) -> None:
    tag = run.vars.setdefault("content_lexer", _http_content_tag(run))
    run.delegate(new_lexer(tag))


# --- meson.rb (python.rb's string register with ' strings and @ interpolation) ---
MANUAL["meson.rb:59"] = MANUAL["python.rb:117"]
MANUAL["meson.rb:94"] = MANUAL["python.rb:181"]
MANUAL["meson.rb:104"] = MANUAL["python.rb:191"]


# --- cmake.rb ---
_CMAKE_STATES_MAP = {"root": "", "bracket_string": "s2", "quoted_argument": "s2",
                     "bracket_comment": "cm", "variable_reference": "nv"}


@_register("cmake.rb:138")
@_register("cmake.rb:141")
def _cmake_state_token(run: Run, m: Match) -> None:
    """``token STATES_MAP[state.name.to_sym]``."""
    state = run.stack[-1]
    if not isinstance(state, str) or state not in _CMAKE_STATES_MAP:
        raise Unported(f"cmake: STATES_MAP[{state}] is nil")
    run.token(_CMAKE_STATES_MAP[state])


@_register("cmake.rb:154")
def _cmake_bracket_close(run: Run, m: Match) -> None:
    _cmake_state_token(run, m)
    if len(m.group(0)) == run.vars.get("bracket_len"):
        run.goto("root")


@_register("cmake.rb:166")
def _cmake_bracket_comment(run: Run, m: Match) -> None:
    run.token("cm")
    run.vars["bracket_len"] = len(m.group(0)) - 1  # without the '#'
    run.goto("bracket_comment")


@_register("cmake.rb:171")
def _cmake_bracket_string(run: Run, m: Match) -> None:
    run.token("s2")
    run.vars["bracket_len"] = len(m.group(0))
    run.goto("bracket_string")


@_register("cmake.rb:180")
def _cmake_command(run: Run, m: Match) -> None:
    run.groups("nb" if m.group(1) in run.keywords("BUILTIN_COMMANDS") else "nf", "", "p")


# --- tcl.rb ---
def _tcl_close_brace(run: Run) -> None:
    """``pop! until state? :brace; pop!``."""
    while not run.state_is("brace"):
        run.pop()
    run.pop()


@_register("tcl.rb:119")
def _tcl_brace_end(run: Run, m: Match) -> None:
    if run.in_state("brace"):
        _tcl_close_brace(run)
        run.token("p")
    else:
        run.token("err")


@_register("tcl.rb:173")
def _tcl_string_brace_open(run: Run, m: Match) -> None:
    run.vars["brace_count"] = (run.vars.get("brace_count") or 0) + 1
    run.token("s2")


@_register("tcl.rb:180")
def _tcl_string_brace_close(run: Run, m: Match) -> None:
    if run.in_state("brace") and (run.vars.get("brace_count") or 0) == 0:
        _tcl_close_brace(run)
        run.token("p")
    else:
        run.vars["brace_count"] = (run.vars.get("brace_count") or 0) - 1
        run.token("s2")


@_register("tcl.rb:64")
def _tcl_params(run: Run, m: Match) -> None:
    """``push :"params#{name}"`` in the state ``gen_command_state(name)`` made: command<name>."""
    state = run.stack[-1]
    # command<name> is used directly or mixed into root (name "") and brace/paren/bracket
    # (name "_in_brace" …)
    if state in ("root", "command"):
        name = ""
    elif state in ("brace", "paren", "bracket"):
        name = f"_in_{state}"
    elif isinstance(state, str) and state.startswith("command_in_"):
        name = state[len("command"):]
    else:
        raise Unported(f"tcl: params push from {state}")
    run.push("params" + name)
