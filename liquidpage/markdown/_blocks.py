"""Lists, definition lists and tables of the kramdown parser (kramdown/parser/kramdown/list.rb, table.rb).

These functions are methods of ``KramdownParser`` (bound in its class body).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from . import rx
from .element import Element
from .rx import WS, R
from .scanner import RE_PLAIN_LINE, Scanner, ruby_split_lines

if TYPE_CHECKING:
    from .parser import KramdownParser

_WS = " \t\n\v\f\r"  # Ruby's /\s/
_SPACES_TAB = re.compile(r"^ *\t", re.M)
_SPACES = re.compile(r" *")
_SPACES_TABS = re.compile(r"^( *)(\t+)", re.M)
_TABS = re.compile(r"^(\t+)")
_CODE_SPLIT = re.compile(r"(<code.*?>.*?</code>)")
_PIPE_SPLIT = re.compile(r"(?<!\\)\|")
_BACKTICKS = re.compile(r"`+")
_LIST_RE_CACHE: dict[int, tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]] = {}
_FETCH_CACHE: dict[tuple[str, int], re.Pattern[str]] = {}


def _list_line_res(indentation: int) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """PARSE_FIRST_LIST_LINE_REGEXP_CACHE."""
    found = _LIST_RE_CACHE.get(indentation)
    if found is None:
        q, r = divmod(indentation, 4)
        indent_re = R("^ {%d}" % indentation)
        content_re = R(r"^(?:(?:\t| {4}){%d} {%d}|(?:\t| {4}){%d}).*\S.*\n" % (q, r, q + 1))
        lazy_re = R(r"(?!^ {0,%d}(?:%s|%s|%s)).*\S.*\n" % (
            min(indentation, 3), rx.IAL_BLOCK, rx.LAZY_END_HTML_STOP, rx.LAZY_END_HTML_START))
        found = _LIST_RE_CACHE[indentation] = (content_re, lazy_re, indent_re)
    return found


def parse_first_list_line(self: KramdownParser, indentation: int, content: str) -> tuple[Any, ...]:
    """Kramdown#parse_first_list_line."""
    stripped = content.lstrip(" \t\n\v\f\r")  # kramdown: content.sub(/^\s*/, "")
    # LIST_ITEM_IAL_CHECK needs the line to be blank or to begin with an IAL
    if (not stripped or stripped[0] == "{") and rx.LIST_ITEM_IAL_CHECK.search(content):
        indentation = 4
    else:
        if "\t" in content:
            while _SPACES_TAB.search(content):
                temp = len(content) - len(content.lstrip(" ")) + indentation
                content = _SPACES_TABS.sub(lambda m: m.group(1) + " " * (
                    4 - (temp % 4) + (len(m.group(2)) - 1) * 4), content, count=1)
            stripped = content.lstrip(" \t\n\v\f\r")
        indentation += len(content) - len(content.lstrip(" "))
    content = stripped
    return (content, indentation, *_list_line_res(indentation))


def fetch_pattern(self: KramdownParser, type: str, indentation: int) -> re.Pattern[str]:
    key = (type, min(max(indentation, 1), 4))
    found = _FETCH_CACHE.get(key)
    if found is None:
        spaces = {1: "{0}", 2: "{0,1}", 3: "{0,2}", 4: "{0,3}"}[key[1]]
        marker = {"ul": "[+*-]", "ol": r"\d+\.", "dl": ":"}[type]
        found = _FETCH_CACHE[key] = R(r"^( " + spaces + marker + r")(" + rx.PATTERN_TAIL + ")")
    return found


def _strip_item_ial(self: KramdownParser, value: str, item: Element) -> str:
    if "{:" not in value:  # LIST_ITEM_IAL cannot match
        return value

    def repl(m: re.Match[str]) -> str:
        if item.options.get("ial") is None:
            item.options["ial"] = {}
        self.parse_attribute_list(m.group(1), item.options["ial"])
        return ""
    return rx.LIST_ITEM_IAL.sub(repl, value, count=1)


def _tabs_to_spaces(result: str) -> str:
    if not result.startswith("\t"):
        return result
    return _TABS.sub(lambda m: " " * 4 * len(m.group(1)), result, count=1)


def parse_list(self: KramdownParser) -> bool:
    """Kramdown#parse_list."""
    src = self.src
    if src.check(rx.LIST_START_UL) is not None:
        ltype, list_start_re = "ul", rx.LIST_START_UL
    else:
        ltype, list_start_re = "ol", rx.LIST_START_OL
    lst = self.new_block_el(ltype)
    track = self.track
    if track:
        lst.options["location"] = src.line()
    item: Element | None = None
    content_re = lazy_re = indent_re = None
    eob_found = nested_list_found = last_is_blank = False
    indentation = 0
    string = src.string
    n = src.n
    list_start = rx.LIST_START.search
    blank_line = rx.BLANK_LINE
    # every pattern scanned here ends with a newline, so after the first line the pointer is
    # at a line start, where @src.scan(re) is re.match(string, pos) (no slicing, see Scanner)
    while src.pos < n:
        pos = src.pos
        at_bol = pos == 0 or string[pos - 1] == "\n"
        if last_is_blank and src.check(rx.HR_START) is not None:
            break
        if string.startswith("^", pos) and src.scan(rx.EOB_MARKER) is not None:
            eob_found = True
            break
        if at_bol:
            m = list_start_re.match(string, pos)
            if m is not None:
                src.pos = m.end()
        else:
            m = src.m if src.scan(list_start_re) is not None else None
        if m is not None:
            if item is None:  # the first item: lst.options[:first_list_marker] ||= ...
                lst.options["first_list_marker"] = m.group(1).strip(WS)
            item = Element("li")
            if track:
                item.options["location"] = src.line(pos)
            value, new_indentation, content_re, lazy_re, indent_re = self.parse_first_list_line(
                len(m.group(1)), m.group(2))
            lst.children.append(item)
            if "{:" in value:
                value = _strip_item_ial(self, value, item)
            if new_indentation != indentation or item is lst.children[0]:
                list_start_re = self.fetch_pattern(ltype, new_indentation)
            indentation = new_indentation
            nested_list_found = list_start(value) is not None
            last_is_blank = False
            item.value = [value]
            continue
        result = None
        if content_re is not None:
            if at_bol:
                m = content_re.match(string, pos)
                if m is not None:
                    src.pos = m.end()
                    result = m.group()
            else:
                result = src.scan(content_re)
            if result is None and not last_is_blank:  # (lazy_re is set with content_re)
                if at_bol:
                    m = lazy_re.match(string, pos)  # type: ignore[union-attr]
                    if m is not None:
                        src.pos = m.end()
                        result = m.group()
                else:
                    result = src.scan(lazy_re)  # type: ignore[arg-type]
        if result is not None and item is not None:
            if result[0] == "\t":
                result = _tabs_to_spaces(result)
            result, k = indent_re.subn("", result, count=1)  # type: ignore[union-attr]
            indentation_found = k > 0
            if not nested_list_found and indentation_found and list_start(result):
                item.value.append("")
                nested_list_found = True
            elif nested_list_found and not indentation_found and list_start(result):
                result = " " * (indentation + 4) + result
            item.value[-1] += result
            last_is_blank = False
            continue
        if at_bol:
            m = blank_line.match(string, pos)
            if m is not None:
                src.pos = m.end()
                result = m.group()
        else:
            result = src.scan(blank_line)
        if result is not None and item is not None:
            nested_list_found = True
            last_is_blank = True
            item.value[-1] += result
            continue
        break
    self.tree.children.append(lst)
    _finish_list_items(self, lst, eob_found)
    return True


def _finish_list_items(self: KramdownParser, lst: Element, eob_found: bool) -> None:
    last = None
    items = lst.children
    dispatch = self.block_dispatch
    # the shortcut below is parse_blocks with parse_paragraph (and parse_blank_line, inlined in
    # parse_blocks): only for those methods
    plain = dispatch.plain if dispatch.paragraph is _STD_PARAGRAPH and dispatch.blank_first else ()
    if self.track:
        plain = ()  # (the paragraph would get no location)
    for it in items:
        value = it.value
        if len(value) == 1 and (kids := _paragraph_only(self, value[0], plain)) is not None:
            it.children = kids
            it.value = None
        if it.value is not None:
            temp = Element("temp")
            env = self.save_env()
            location = it.options.get("location") if self.track else None
            for val in value:
                self.src = Scanner(val)
                if location is not None:  # (warnings on: each piece starts where the last ended)
                    self.src.start = location
                    self.parse_blocks(temp)
                    location = self.src.line()
                else:
                    self.parse_blocks(temp)
            self.restore_env(env)
            it.children = temp.children
            it.value = None
        ch = it.children
        if not ch:
            continue
        if (ch[0].type == "p" and len(ch) >= 2 and ch[1].type == "eob"
                and ch[0].options.get("ial") is not None):
            del ch[1]
        if ch[0].type == "p" and (
                len(ch) < 2 or ch[1].type != "blank"
                or (it is items[-1] and len(ch) == 2 and not eob_found)) and (
                items[-1] is not it or len(items) == 1
                or any(not c.children or c.children[0].type != "p" or c.children[0].options.get("transparent")
                       for c in items[:-1])):
            if len(ch) > 1 and ch[1].type != "blank":
                ch[0].children[0].value += "\n"
            ch[0].options["transparent"] = True
        last = ch.pop() if ch[-1].type == "blank" else None
    if last is not None and not eob_found:
        self.tree.children.append(last)


def _paragraph_only(self: KramdownParser, val: str, plain: Any) -> list[Element] | None:
    """The children ``parse_blocks`` gives a fresh element for ``val`` when its first line goes
    straight to parse_paragraph (see parse_blocks; ``plain`` is the block dispatch's plain
    characters, or empty when its paragraph/blank parsers are not kramdown's) and the
    paragraph's lines are followed by nothing or by blank lines only: a p with the lines' text
    (parse_paragraph, without an earlier p or a block IAL in the fresh tree), then one blank
    element (parse_blank_line); None otherwise."""
    if not val or val[0] not in plain or _PLAIN_LINE(val) is None:
        return None
    m = self._paragraph_run.match(val)
    end = m.end()  # type: ignore[union-attr]  (its first line always matches)
    blank = None
    if end != len(val) and (val[end] != "\n" or (blank := _BLANK_LINE(val, end)) is None
                            or blank.end() != len(val)):
        return None
    p = Element("p")
    text = m.group().rstrip(WS).lstrip(" \t\n\v\f\r")  # type: ignore[union-attr]
    if text:
        p.children.append(Element(self.text_type, text))
    return [p] if blank is None else [p, Element("blank", blank.group())]


def parse_definition_list(self: KramdownParser) -> bool:
    """Kramdown#parse_definition_list."""
    children = self.tree.children
    if not children or (len(children) == 1 and children[-1].type != "p") or (
            len(children) >= 2 and children[-1].type != "p" and (
                children[-1].type != "blank" or children[-1].value != "\n" or children[-2].type != "p")):
        return False
    first_as_para = False
    deflist = self.new_block_el("dl")
    para = children.pop()
    if para.type == "blank":
        para = children.pop()
        first_as_para = True
    if self.track and "location" in para.options:
        deflist.options["location"] = para.options["location"]
    dt_line = self.src.line() if self.track else None
    for term in ruby_split_lines(para.children[0].value):
        el = Element("dt")
        if dt_line is not None:
            el.options["location"] = dt_line
        term = _strip_item_ial(self, term, el)
        el.options["raw_text"] = term
        el.children.append(Element("raw_text", term))
        deflist.children.append(el)
    deflist.options["ial"] = para.options.get("ial")
    _scan_definitions(self, deflist, first_as_para)
    last = None
    dispatch = self.block_dispatch
    plain = dispatch.plain if dispatch.paragraph is _STD_PARAGRAPH and dispatch.blank_first else ()
    if self.track:
        plain = ()  # (the paragraph would get no location)
    for it in deflist.children:
        if it.type == "dt":
            continue
        kids = _paragraph_only(self, it.value, plain)  # parse_blocks(it, it.value), see there
        if kids is not None:
            it.children = kids
        else:
            self.parse_blocks(it, it.value)
        it.value = None
        ch = it.children
        if not ch:
            continue
        last = ch.pop() if ch[-1].type == "blank" else None
        if ch and ch[0].type == "p" and not it.options.pop("first_as_para", None):
            if len(ch) > 1:
                ch[0].children[0].value += "\n"
            ch[0].options["transparent"] = True
    children = self.tree.children
    if children and children[-1].type == "dl":
        children[-1].children.extend(deflist.children)
    elif len(children) >= 2 and children[-1].type == "blank" and children[-2].type == "dl":
        children.pop()
        children[-1].children.extend(deflist.children)
    else:
        children.append(deflist)
    if last is not None:
        children.append(last)
    return True


def _scan_definitions(self: KramdownParser, deflist: Element, first_as_para: bool) -> None:
    src = self.src
    item: Element | None = None
    content_re = lazy_re = indent_re = None
    def_start_re = rx.DEFINITION_LIST_START
    last_is_blank = False
    track = self.track
    while not src.eos():
        line = src.line() if track else None
        if src.scan(def_start_re) is not None:
            m = src.m
            assert m is not None
            item = Element("dd")
            if line is not None:
                item.options["location"] = line
            item.options["first_as_para"] = first_as_para
            value, indentation, content_re, lazy_re, indent_re = self.parse_first_list_line(
                len(m.group(1)), m.group(2))
            deflist.children.append(item)
            item.value = _strip_item_ial(self, value, item)
            def_start_re = self.fetch_pattern("dl", indentation)
            first_as_para = last_is_blank = False
            continue
        if src.check(rx.EOB_MARKER) is not None:
            break
        result = src.scan(content_re) if content_re is not None else None
        if result is None and not last_is_blank and lazy_re is not None:
            result = src.scan(lazy_re)
        if result is not None and item is not None:
            result = _tabs_to_spaces(result)
            result = indent_re.sub("", result, count=1)  # type: ignore[union-attr]
            item.value += result
            first_as_para = last_is_blank = False
            continue
        result = src.scan(rx.BLANK_LINE)
        if result is not None and item is not None:
            first_as_para = True
            item.value += result
            last_is_blank = True
            continue
        break


def parse_table(self: KramdownParser) -> bool:
    """Kramdown#parse_table (kramdown/parser/kramdown/table.rb)."""
    if not self.after_block_boundary():
        return False
    src = self.src
    saved = orig_pos = src.pos
    table = self.new_block_el("table", None, None, {"alignment": []})
    if self.track:
        table.options["location"] = src.line()
    leading_pipe = bool(rx_leading_pipe(src.check(rx.TABLE_LINE) or ""))
    src.scan(rx.TABLE_SEP_LINE)
    state: dict[str, Any] = {"rows": [], "has_footer": False}

    def add_container(ctype: str, force: bool) -> None:
        if not state["has_footer"] or ctype != "tbody" or force:
            cont = Element(ctype)
            cont.children, state["rows"] = state["rows"], []
            table.children.append(cont)

    columns = 0
    string = src.string
    table_line = rx.TABLE_LINE.match  # @src.check(TABLE_LINE): no anchor, so no slicing
    while src.pos < src.n:
        pos = src.pos
        line = table_line(string, pos)
        if line is None:
            break
        end = line.end()  # after the line's newline
        if string[pos:end - 1].strip("+|: \t-="):
            # a row: TABLE_SEP_LINE and TABLE_FSEP_LINE cannot match, and TABLE_ROW_LINE
            # (^(.*?)[ \t]*\n) takes the line without its trailing blanks
            row = string[pos:end - 1].rstrip(" \t")
            src.pos = end
        elif src.scan(rx.TABLE_SEP_LINE) is not None:
            sep = src.m.group(1)  # type: ignore[union-attr]
            if not state["rows"]:
                pass
            elif not table.options["alignment"] and not state["has_footer"]:
                add_container("thead", False)
                table.options["alignment"] = [
                    ("default" if not left and not right else "left" if not right
                     else "right" if not left else "center")
                    for left, right in rx.TABLE_HSEP_ALIGN.findall(sep)]
            else:
                add_container("tbody", False)
            continue
        elif src.scan(rx.TABLE_FSEP_LINE) is not None:
            if state["rows"]:
                add_container("tbody", True)
            state["has_footer"] = True
            continue
        elif src.scan(rx.TABLE_ROW_LINE) is not None:
            row = src.m.group(1)  # type: ignore[union-attr]
        else:
            break
        # the TABLE_ROW_LINE branch of kramdown's loop
        cells = _split_table_row(self, row)
        if leading_pipe and cells and cells[0].strip(WS) == "":
            cells.pop(0)
        if cells and cells[-1].strip(WS) == "":
            cells.pop()
        trow = Element("tr")
        for cell_text in cells:
            tcell = Element("td")
            tcell.children.append(Element("raw_text", cell_text.strip(WS)))
            trow.children.append(tcell)
        columns = max(columns, len(cells))
        state["rows"].append(trow)
    if not self.before_block_boundary():
        src.pos = saved
        return False
    if not _table_has_pipes(self, src.string[orig_pos:src.pos - 1]):
        src.pos = saved
        return False
    if state["rows"]:
        add_container("tfoot" if state["has_footer"] else "tbody", False)
    if not any(e.type == "tbody" for e in table.children):
        if self.track:
            self.warning(f"Found table without body on line {table.options['location']} - ignoring it")
        src.pos = saved
        return False
    for kind in table.children:
        for row in kind.children:
            for _ in range(columns - len(row.children)):
                row.children.append(Element("td"))
    al = table.options["alignment"]
    if len(al) > columns:
        table.options["alignment"] = al[:columns]
    else:
        al.extend(["default"] * (columns - len(al)))
    self.tree.children.append(table)
    return True


_LEADING_PIPE = re.compile(r"^[ \t\n\v\f\r]*\|", re.M)


def rx_leading_pipe(line: str) -> bool:
    return _LEADING_PIPE.search(line) is not None


def _split_table_row(self: KramdownParser, row: str) -> list[str]:
    if "`" not in row and "<code" not in row:  # one part, no code span: split at the pipes
        return [t.replace("\\|", "|") for t in _PIPE_SPLIT.split(row)] if row else []
    cells: list[str] = []

    def push(s: str) -> None:
        if cells:
            cells[-1] += s
        else:
            cells.append(s)

    for i, part in enumerate(_CODE_SPLIT.split(row)):
        if i % 2 == 1:
            push(part)
            continue
        for ctype, value in _codespans(part):
            if ctype == "raw_text":
                pieces = [t.replace("\\|", "|") for t in _PIPE_SPLIT.split(value)]
                push(pieces[0])
                cells.extend(pieces[1:])
            else:
                ticks = _BACKTICKS.findall(value)
                delim = (max(ticks) if ticks else "") + "`"
                pad = " " if len(delim) > 1 else ""
                push(f"{delim}{pad}{value}{pad}{delim}")
    return cells


def _codespans(text: str) -> list[tuple[str, str]]:
    """The (type, value) of the elements ``parse_spans(root, nil, [:codespan])`` makes of
    ``text`` in a fresh environment (raw_text and codespan), without the span machinery: the
    steps of parse_spans with parse_codespan (_spans.py), which is the only parser here."""
    out: list[tuple[str, str]] = []
    pending: list[str] = []  # the raw text add_text would be merging
    n = len(text)
    pos = 0
    while True:
        start = text.find("`", pos)
        if start < 0:
            break
        pending.append(text[pos:start])
        end = start + 1
        while end < n and text[end] == "`":
            end += 1
        result = text[start:end]
        simple = end - start == 1
        pos = end
        if simple and (start == 0 or text[start - 1] in _WS) and end < n and text[end] in _WS:
            pending.append(result)
            continue
        close = text.find(result, end)
        if close < 0:
            pending.append(result)
            continue
        code = text[end:close]
        if not simple:
            if code[:1] == " ":
                code = code[1:]
            if code[-1:] == " ":
                code = code[:-1]
        raw = "".join(pending)
        if raw:
            out.append(("raw_text", raw))
        pending = []
        out.append(("codespan", code))
        pos = close + len(result)
    pending.append(text[pos:])
    raw = "".join(pending)
    if raw:
        out.append(("raw_text", raw))
    return out


def _table_has_pipes(self: KramdownParser, text: str) -> bool:
    """Check that each table line has an unescaped pipe outside code spans."""
    if "<" not in text:  # the span_html parser cannot start
        spans: list[Any] = _codespans(text) if "`" in text else ([("raw_text", text)] if text else [])
    else:
        env = self.save_env()
        line = self.src.line() if self.track else 1
        self.reset_env(src=Scanner(text))
        self.src.start = line
        root = Element("root")
        self.parse_spans(root, None, ["codespan", "span_html"])
        self.restore_env(env)
        spans = [(c.type, c.value) for c in root.children]
    pipe_on_line = False
    for ctype, value in spans:
        if not value:
            continue
        lines = ruby_split_lines(value)
        if ctype == "codespan":
            if len(lines) > 2 or (len(lines) == 2 and not pipe_on_line):
                break
            if len(lines) == 2 and pipe_on_line:
                pipe_on_line = False
        else:
            if len(lines) > 1 and not pipe_on_line and not (
                    lines and rx.TABLE_PIPE_CHECK_AT.search(lines[0])):
                break
            last_ok = bool(lines) and rx.TABLE_PIPE_CHECK_AT.search(lines[-1]) is not None
            pipe_on_line = (False if len(lines) > 1 else pipe_on_line) or last_ok
    return pipe_on_line



_PLAIN_LINE = RE_PLAIN_LINE.match
_BLANK_LINE = rx.BLANK_LINE.match
_STD_PARAGRAPH: Any = None  # KramdownParser.parse_paragraph, set by parser.py
