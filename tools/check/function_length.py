#!/usr/bin/env python3
"""Lists the functions whose body is longer than a limit (80 lines unless --max N).

Scans every .cpp/.hpp under sim/, models/, analysis/, tools/ and tests/ and prints, longest
first, "path:line: name (L lines)" for each function whose body has more than the limit, then
"N functions over M lines". L counts the lines between the body's opening and closing brace.
Functions are free and member functions (in-class or out-of-line), lambdas assigned at
namespace scope, and Catch2 TEST_CASE and SECTION bodies (named by their test and section).

A heuristic, not a parser: comments, string and character literals and preprocessor lines are
blanked out; a brace at namespace or class scope opens a function when the text before it
looks like a signature ("name(...)" followed by nothing, const, noexcept, override, a trailing
return type or a constructor's initialiser list), and the body ends at its matching brace.
Lambdas and local classes inside a function are part of that function.

Usage: function_length.py [--max N] [--fail] [--root DIR]
Exit status 0, or with --fail 1 when a function is over the limit.
"""
import argparse
import bisect
import pathlib
import re
import sys

FOLDERS = ("sim", "models", "analysis", "tools", "tests")
TEST_MACROS = {"TEST_CASE", "TEST_CASE_METHOD", "TEMPLATE_TEST_CASE", "SCENARIO"}
NOT_FUNCTIONS = {"if", "for", "while", "switch", "catch", "do", "return", "sizeof", "alignof", "alignas",
                 "decltype", "static_assert", "noexcept", "requires", "__attribute__", "defined"}
# What may follow a function's parameter list before its body.
TRAILER = re.compile(r"^(?:\s*(?:const|volatile|&&?|noexcept\s*(?:\([^)]*\))?|override|final|try|->[^{;]*|"
                     r"requires[^{;]*|:.*[)}]))*\s*$", re.S)
NAME = re.compile(r"(?<![\w:~])((?:\w+\s*(?:<[^()]*?>)?\s*::\s*)*(?:operator\s*(?:\(\)|\[\]|[^\w\s(]+|\s[\w:<>\s*&]+?)"
                  r"|~?\w+))\s*(?:<[^()]*>)?\s*$")
CLASS_HEAD = re.compile(r"(?:typedef\s+)?(?:class|struct|union)\s+(?:\[\[.*?\]\]\s*)?"
                        r"(?:alignas\s*\([^)]*\)\s*)?(\w+(?:::\w+)*)")
LAMBDA = re.compile(r"(\w+)\s*=\s*\[[^\]]*\]\s*(?:\([^()]*(?:\([^()]*\)[^()]*)*\))?"
                    r"\s*(?:mutable|constexpr|noexcept|->[^{;=]*)*\s*$")
SECTION = re.compile(r"\b(SECTION|DYNAMIC_SECTION)\s*\(")


def blank(text):
    """`text` with comments, literals and preprocessor lines turned into spaces (newlines kept)."""
    out = list(text)
    n = len(text)
    i = 0
    line_start = True  # only whitespace since the last newline

    def wipe(a, b):
        for k in range(a, b):
            if out[k] != "\n":
                out[k] = " "

    while i < n:
        c = text[i]
        if c == "\n":
            line_start = True
            i += 1
            continue
        if c in " \t\r\f\v":
            i += 1
            continue
        if line_start and c == "#":  # a preprocessor directive, with its continuation lines
            j = i
            while j < n and (text[j] != "\n" or text[j - 1] == "\\"):
                j += 1
            wipe(i, j)
            i = j
            continue
        line_start = False
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            wipe(i, j)
            i = j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            wipe(i, j)
            i = j
        elif c == '"':
            raw = re.search(r"(?<!\w)(?:u8|[uUL])?R$", text[max(0, i - 4):i])
            if raw:
                m = re.compile(r'"([^()\\\s]{0,16})\(').match(text, i)
                end = text.find(")" + m.group(1) + '"', m.end()) if m else -1
                j = n if end < 0 else end + len(m.group(1)) + 2
            else:
                j = i + 1
                while j < n and text[j] != '"' and text[j] != "\n":
                    j += 2 if text[j] == "\\" else 1
                j = min(j + 1, n)
            wipe(i + 1, j - 1)
            i = j
        elif c == "'":
            word = re.search(r"[\w.']*$", text[max(0, i - 64):i]).group(0)
            if word[:1].isdigit():  # a digit separator: 1'000'000
                i += 1
                continue
            j = i + 1
            while j < n and text[j] != "'" and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            j = min(j + 1, n)
            wipe(i + 1, j - 1)
            i = j
        else:
            i += 1
    return "".join(out)


def matching_brace(code, i):
    """Index of the brace that closes the one at `i` (the end of the text when none does)."""
    depth = 0
    for j in range(i, len(code)):
        if code[j] == "{":
            depth += 1
        elif code[j] == "}":
            depth -= 1
            if depth == 0:
                return j
    return len(code) - 1


def top_level_parens(s):
    """(open, close) index pairs of the parenthesised groups of `s` at depth 0."""
    groups, depth, start = [], 0, 0
    for k, ch in enumerate(s):
        if ch == "(":
            if depth == 0:
                start = k
            depth += 1
        elif ch == ")" and depth > 0:
            depth -= 1
            if depth == 0:
                groups.append((start, k))
    return groups


def classify(stmt):
    """("namespace"|"class"|"enum"|"function"|"test"|"lambda"|"other", name, index of the name in stmt)."""
    lead = 0  # skip access specifiers, template parameters and a requires-clause
    while True:
        m = re.match(r"\s*(?:(?:public|protected|private)\s*:(?!:)|template\s*<|requires\s*\()", stmt[lead:])
        if not m:
            break
        if m.group(0)[-1] in "<(":  # up to the matching > or )
            close = ">" if m.group(0)[-1] == "<" else ")"
            depth, k = 1, lead + m.end()
            while k < len(stmt) and depth > 0:
                depth += {m.group(0)[-1]: 1, close: -1}.get(stmt[k], 0)
                k += 1
            lead = k
        else:
            lead += m.end()
    s = stmt[lead:]
    head = s.lstrip()
    if re.match(r"(?:inline\s+)?namespace\b|extern\s*\"[^\"]*\"\s*$", head):
        return "namespace", None, None
    if re.match(r"(?:typedef\s+)?enum\b", head):
        return "enum", None, None
    if re.match(r"(?:typedef\s+)?(?:class|struct|union)\b", head) and not re.match(
            r"(?:class|struct|union)\s+[\w:]+\s+[\w:]+\s*\(", head):
        m = CLASS_HEAD.match(head)
        return "class", (m.group(1) if m else None), None
    groups = top_level_parens(s)
    for idx, (open_, close) in enumerate(groups):
        before = s[:open_]
        call_operator = re.search(r"\boperator\s*$", before) and re.fullmatch(r"\(\s*\)", s[open_:close + 1])
        if call_operator and idx + 1 < len(groups):
            continue  # operator(): the parameters are the next group
        if re.search(r"\boperator\s*\(\)\s*$", before):
            name_m = re.search(r"((?:\w+::)*operator\s*\(\s*\))\s*$", before)
        else:
            name_m = NAME.search(before)
        if not name_m:
            continue
        name = re.sub(r"\s+", "", name_m.group(1)) if "operator" not in name_m.group(1) else name_m.group(1)
        base = name.split("::")[-1]
        if base in NOT_FUNCTIONS:
            continue
        if "=" in re.sub(r"operator\s*\S+|<[^<>]*>", "", before) and "operator" not in name:
            break  # an initialiser, such as a lambda assigned to a variable
        if TRAILER.match(s[close + 1:]):
            kind = "test" if base in TEST_MACROS else "function"
            return kind, name, lead + name_m.start(1)
    m = LAMBDA.search(s)
    if m:
        return "lambda", m.group(1), lead + m.start(1)
    return "other", None, None


def first_string(text):
    m = re.search(r'"((?:[^"\\\n]|\\.)*)"', text)
    return m.group(1) if m else text.strip()


class Scanner:
    def __init__(self, path, text):
        self.path = path
        self.text = text
        self.code = blank(text)
        self.newlines = [k for k, ch in enumerate(text) if ch == "\n"]
        self.found = []  # (length, path, line, name)

    def line(self, offset):
        return bisect.bisect_left(self.newlines, offset) + 1

    def record(self, name, name_offset, open_, close):
        length = max(0, self.line(close) - self.line(open_) - 1)
        self.found.append((length, self.path, self.line(name_offset), name))

    def sections(self, open_, close, test_name):
        for m in SECTION.finditer(self.code, open_ + 1, close):
            depth, k = 0, m.end() - 1
            while k < close:
                depth += {"(": 1, ")": -1}.get(self.code[k], 0)
                if depth == 0:
                    break
                k += 1
            brace = k + 1
            while brace < close and self.code[brace].isspace():
                brace += 1
            if brace >= close or self.code[brace] != "{":
                continue
            label = first_string(self.text[m.end():k]) if m.group(1) == "SECTION" else self.text[m.end():k].strip()
            end = matching_brace(self.code, brace)
            self.record(f'{test_name} / {m.group(1)} "{label}"', m.start(), brace, end)

    def scan(self):
        code = self.code
        scopes = [None]  # enclosing class names (None: a namespace)
        stmt, offsets, paren = [], [], 0
        i, n = 0, len(code)
        while i < n:
            ch = code[i]
            if ch == "{" and paren == 0:
                s = "".join(stmt)
                kind, name, at = classify(s)
                if kind in ("namespace", "class"):
                    scopes.append(name if kind == "class" else None)
                    stmt, offsets = [], []
                    i += 1
                    continue
                end = matching_brace(code, i)
                if kind in ("function", "test", "lambda"):
                    name_offset = offsets[at]
                    if kind == "test":
                        args = self.text[name_offset:i]
                        label = f'{name} "{first_string(args[args.find("("):])}"'
                        self.record(label, name_offset, i, end)
                        self.sections(i, end, label)
                    else:
                        classes = [c for c in scopes if c]
                        if classes and "::" not in name and kind == "function":
                            name = "::".join(classes) + "::" + name
                        self.record(name, name_offset, i, end)
                    stmt, offsets = [], []
                else:  # enum, an initialiser, a brace inside a declaration: part of the statement
                    stmt.append("{}")
                    offsets.extend([i, end])
                i = end + 1
                continue
            if ch == "}" and paren == 0:
                if len(scopes) > 1:
                    scopes.pop()
                stmt, offsets = [], []
                i += 1
                continue
            if ch == ";" and paren == 0:
                stmt, offsets = [], []
                i += 1
                continue
            if ch == "{":  # inside parentheses (a default argument {}): keep it whole
                end = matching_brace(code, i)
                stmt.append("{}")
                offsets.extend([i, end])
                i = end + 1
                continue
            if ch == "(":
                paren += 1
            elif ch == ")":
                paren = max(0, paren - 1)
            if stmt or not ch.isspace():
                stmt.append(" " if ch.isspace() else ch)
                offsets.append(i)
            i += 1
        return self.found


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max", type=int, default=80, metavar="N", help="longest body allowed (default 80 lines)")
    parser.add_argument("--fail", action="store_true", help="exit 1 when a function is over the limit")
    parser.add_argument("--root", type=pathlib.Path, default=pathlib.Path(__file__).resolve().parents[2],
                        help="source tree (default: the one this script is in)")
    args = parser.parse_args()
    found = []
    for folder in FOLDERS:
        base = args.root / folder
        if not base.is_dir():
            continue
        for path in sorted(p for p in base.rglob("*") if p.suffix in (".cpp", ".hpp") and p.is_file()):
            text = path.read_text(encoding="utf-8", errors="replace")
            found += Scanner(path.relative_to(args.root).as_posix(), text).scan()
    over = sorted((f for f in found if f[0] > args.max), key=lambda f: (-f[0], f[1], f[2]))
    for length, path, line, name in over:
        print(f"{path}:{line}: {name} ({length} lines)")
    print(f"{len(over)} functions over {args.max} lines")
    return 1 if args.fail and over else 0


if __name__ == "__main__":
    sys.exit(main())
