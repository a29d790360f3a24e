"""Translate the simple Ruby blocks of Rouge lexers into op programs (used by gen_rouge_lexers.py).

Understood subset: ``token T[, expr]``, ``groups T, …``, ``push [:s]``, ``pop! [n]``, ``goto :s``,
``reset_stack``, ``recurse expr``, ``var = expr``, ``if/elsif/else/end`` and ``stmt if/unless
cond``. Expressions: ``m[i]``, variables, string literals, ``.downcase``/``.upcase``.
Conditions: ``LIST.include? expr`` (a keyword list of the lexer, or ``%w(…)``), ``expr == lit``,
``expr != lit``, ``expr =~ /re/``, ``state? :s``, ``in_state? :s``, joined by ``&&`` / ``||``.
Anything else makes the translation fail (the block then needs a hand port).
"""

from __future__ import annotations

import re

TOK = r"(?:base::)?[A-Z]\w*(?:::[A-Z]\w*)*"


class Untranslatable(Exception):
    """The block uses Ruby this translator does not understand."""


class Translator:
    """One block's translation; ``lists`` are the lexer's keyword lists, ``tokens`` its token table."""

    def __init__(self, tokens: dict[str, str], lists: dict[str, list[str]],
                 classes: dict[str, str] | None = None, subs: dict[str, str] | None = None,
                 tokvars: dict[str, str] | None = None) -> None:
        self.tokens, self.lists = tokens, lists
        self.classes, self.subs, self.tokvars = classes or {}, subs or {}, tokvars or {}
        self.vars: set[str] = {"m"}

    def token(self, name: str) -> str:
        """A token constant (or a variable the block closes over) -> its short class name."""
        if name in self.tokvars:
            return self.tokens[self.tokvars[name]]
        name = name.removeprefix("base::")
        qual = re.sub(r"^Str\b", "Literal::String", name)
        qual = re.sub(r"^Num\b", "Literal::Number", qual).replace("::", ".")
        if qual not in self.tokens:
            raise Untranslatable(name)
        return self.tokens[qual]

    def expr(self, text: str) -> tuple:
        text = text.strip()
        if text.startswith("(") and text.endswith(")"):
            text = text[1:-1].strip()
        for suffix in (".downcase", ".upcase"):
            if text.endswith(suffix):
                return (suffix[1:], self.expr(text[: -len(suffix)]))
        if m := re.fullmatch(r"(\w+)\[(\d+)\]", text):
            if m.group(1) not in self.vars:
                raise Untranslatable(text)
            return ("group", int(m.group(2)))
        if re.fullmatch(r"'[^'\\]*'|\"[^\"\\#]*\"", text):
            return ("str", text[1:-1])
        if m := re.fullmatch(r"\?(.)", text):
            return ("str", m.group(1))
        if text in self.vars and text != "m":
            return ("var", text)
        raise Untranslatable(text)

    def cond(self, text: str) -> tuple:
        text = text.strip()
        if "||" in text:
            return ("or", tuple(self.cond(p) for p in text.split("||")))
        if "&&" in text:
            return ("and", tuple(self.cond(p) for p in text.split("&&")))
        if m := re.fullmatch(r"(?:self\.class\.|self\.|base\.)?([A-Z]\w*\.\w+|\w+)\.include\?\s*\(?(.+?)\)?", text):
            if m.group(1) not in self.lists:
                raise Untranslatable(text)
            return ("in", m.group(1), self.expr(m.group(2)))
        if m := re.fullmatch(r"%w[(\[](.*?)[)\]]\.include\?\s*\(?(.+?)\)?", text):
            return ("in_literal", tuple(m.group(1).split()), self.expr(m.group(2)))
        if m := re.fullmatch(r"(.+?)\s*(==|!=)\s*(.+)", text):
            test = ("eq", self.expr(m.group(1)), self.expr(m.group(3)))
            return test if m.group(2) == "==" else ("not", test)
        if m := re.fullmatch(r"(.+?)\s*=~\s*(?:/(.*)/|%r\{(.*)\})([imx]*)", text):
            src = m.group(2) if m.group(2) is not None else m.group(3)
            opts = (1 if "i" in m.group(4) else 0) | (2 if "x" in m.group(4) else 0) | (4 if "m" in m.group(4) else 0)
            return ("search", src, opts, self.expr(m.group(1)))
        if m := re.fullmatch(r"(in_state|state)\?\s*\(?:(\w+)\)?", text):
            return (m.group(1), m.group(2))
        if re.fullmatch(r"\w+\[\d+\]|[a-z_]\w*", text):
            return ("truthy", self.expr(text))  # Ruby: anything but nil (and false) is true
        raise Untranslatable(text)

    def statement(self, text: str) -> list[tuple]:
        text = text.strip()
        if m := re.fullmatch(r"(.+?)\s+(if|unless)\s+(.+)", text):
            if not text.startswith(("if ", "unless ")):
                cond = self.cond(m.group(3))
                cond = cond if m.group(2) == "if" else ("not", cond)
                return [("if", ((cond, tuple(self.statement(m.group(1)))),), ())]
        if m := re.fullmatch(rf"groups\s*\(?\s*({TOK}(?:\s*,\s*{TOK})*)\s*\)?", text):
            return [("groups", tuple(self.token(t.strip()) for t in m.group(1).split(",")))]
        if (m := re.fullmatch(r"token\s+([a-z_]\w*)", text)) and m.group(1) in self.tokvars:
            return [("token", self.token(m.group(1)))]
        if m := re.fullmatch(rf"token\s*\(?\s*({TOK})\s*(?:,\s*(.+?))?\s*\)?", text):
            if m.group(2) is None:
                return [("token", self.token(m.group(1)))]
            return [("token_expr", self.token(m.group(1)), self.expr(m.group(2)))]
        if m := re.fullmatch(r"push\s*\(?\s*:(\w+)\s*\)?", text):
            return [("push", m.group(1))]
        if text == "push":
            return [("push", None)]
        if m := re.fullmatch(r"pop!\s*\(?\s*(\d*)\s*\)?", text):
            return [("pop", int(m.group(1) or 1))]
        if m := re.fullmatch(r"goto\s*\(?\s*:(\w+)\s*\)?", text):
            return [("goto", m.group(1))]
        if text == "reset_stack":
            return [("reset_stack", None)]
        if m := re.fullmatch(r"delegate\s*\(?\s*(@?\w+)\s*(?:,\s*(.+?))?\s*\)?", text):
            target, arg = m.group(1), m.group(2)
            expr = None if arg is None else self.expr(arg)
            if target in self.subs:
                return [("delegate_sub", target, expr)]
            if target in self.classes:
                return [("delegate_new", self.classes[target], expr)]
            raise Untranslatable(text)
        if m := re.fullmatch(r"(@?\w+)\.reset!", text):
            if m.group(1) not in self.subs:
                raise Untranslatable(text)
            return [("reset_sub", m.group(1))]
        if m := re.fullmatch(r"(@\w+)\s*=\s*([A-Z]\w*)\.new\(@?options\)", text):
            if m.group(1) not in self.subs:
                raise Untranslatable(text)
            return [("reset_sub", m.group(1))]  # a fresh instance: same as a reset one
        if m := re.fullmatch(r"recurse\s*\(?(.+?)\)?", text):
            return [("recurse", self.expr(m.group(1)))]
        if m := re.fullmatch(r"([a-z_]\w*)\s*=\s*(.+)", text):
            value = self.expr(m.group(2))
            self.vars.add(m.group(1))
            return [("set", m.group(1), value)]
        raise Untranslatable(text)

    def program(self, lines: list[str]) -> tuple[tuple, ...]:
        """Translate statement lines (if/elsif/else/end nest)."""
        out: list[tuple] = []
        i = 0
        while i < len(lines):
            line = lines[i]
            if re.fullmatch(r"(if|unless)\s+(.+)", line):
                branches, i = self.if_chain(lines, i)
                out.append(branches)
                continue
            out.extend(self.statement(line))
            i += 1
        return tuple(out)

    def if_chain(self, lines: list[str], i: int) -> tuple[tuple, int]:
        branches: list[tuple] = []
        else_body: tuple = ()
        head = lines[i]
        depth, body, i = 0, [], i + 1
        while i < len(lines):
            line = lines[i]
            if re.fullmatch(r"(if|unless|case)\s+.+", line):
                depth += 1
            elif line == "end" and depth:
                depth -= 1
            elif depth == 0 and (line == "end" or line == "else" or line.startswith("elsif ")):
                kw, _, cond_text = head.partition(" ")
                if kw == "else":
                    else_body = self.program(body)
                else:
                    cond = self.cond(cond_text)
                    branches.append(((cond if kw in ("if", "elsif") else ("not", cond)), self.program(body)))
                if line == "end":
                    return ("if", tuple(branches), else_body), i + 1
                head, body = line, []
                i += 1
                continue
            body.append(line)
            i += 1
        raise Untranslatable("unterminated if")


def logical_lines(body: str) -> list[str]:
    """Statement lines: comments and debug output dropped, continuations joined, ``;`` split."""
    body = re.sub(r",\s*\n\s*", ", ", body)
    body = re.sub(r"\(\s*\n\s*", "(", body)
    body = re.sub(r"\s*\n\s*\)", ")", body)
    out = []
    for raw in body.split("\n"):
        line = re.sub(r"\s+#\s.*$", "", raw).strip()
        if not line or line.startswith("#") or re.fullmatch(r"puts .* if @debug", line):
            continue
        out.extend(p.strip() for p in line.split(";") if p.strip())
    return out


def translate_block(body: str, tokens: dict[str, str], lists: dict[str, list[str]],
                    classes: dict[str, str], subs: dict[str, str],
                    tokvars: dict[str, str] | None = None) -> tuple | None:
    """The op program for a block body, or None if it needs a hand port."""
    try:
        return Translator(tokens, lists, classes, subs, tokvars).program(logical_lines(body))
    except Untranslatable:
        return None
