#!/usr/bin/env python3
"""Checks that the modules of src/ are layers that point one way (issue 16).

It fails (exit 1) when
  (a) the import graph of the modules of src/ has a circle: an edge A -> B for every
      `use crate::b…`, `crate::b::…` path or `super::b` path in A's code (comments and doc links
      do not count; a `#[cfg(test)]` module does not count either: tests may reach anywhere);
  (b) the CLI (src/main.rs, src/cli/) imports the rules, the decoders, the catalogue or the tables
      (`unmask::rules`, `unmask::decode`, `unmask::catalogue`, `unmask::tables`, `unmask::Rule`),
      which are the core's knowledge: a face only passes text in and a report out;
  (c) the CLI is more than MAX_CLI_SHARE of the hand-written Rust.

The measure of (c): lines of src/**/*.rs without the generated src/tables.rs and
src/grapheme_table.rs, counting only the
lines that hold code: not blank, not only a comment (`//`, `///`, `//!`, `/* … */`), and not
inside a `#[cfg(test)]` item (a test module, or a file declared under `#[cfg(test)]` like
src/testing.rs). The CLI's share is its lines over all of them.

`python3 tools/layers.py` prints the graph's size, the share and any failure; `--self-test` runs
the unit tests below instead. `make test` runs both.
"""
import argparse
import pathlib
import re
import sys
import unittest

ROOT = pathlib.Path(__file__).resolve().parent.parent
MAX_CLI_SHARE = 0.10
GENERATED = {"tables", "grapheme_table"}
# What the CLI may not import: the core's knowledge of characters, rules and encodings.
CLI_FORBIDDEN = re.compile(
    r"\bunmask::(?:\{[^}]*?\b)?(rules|decode|catalogue|tables|Rule|Row)\b"
)


def code_lines(text):
    """The lines of `text` that hold code, as (line number, the line with comments dropped and
    string and character literals emptied), outside `#[cfg(test)]` items. A line inside a string
    literal that spans lines is code too (it is part of an expression), with nothing in it."""
    out = []
    state = None  # what goes on from the line before: a block comment or a string literal
    skip_depth = None  # brace depth at which a cfg(test) item started
    pending_test = False
    depth = 0
    for number, raw in enumerate(text.splitlines(), 1):
        in_string = state is not None and state[0] == "str"
        line, state = strip(raw, state)
        if not raw.strip() or not (line.strip() or in_string):
            continue
        if skip_depth is None and re.match(r"\s*#\[cfg\(test\)\]", line):
            pending_test = True
            continue
        opened, closed = line.count("{"), line.count("}")
        if pending_test and not line.lstrip().startswith("#["):
            pending_test = False
            if opened > closed:
                skip_depth = depth
            depth += opened - closed
            continue  # a one-line item (`mod testing;`) ends here
        if skip_depth is not None:
            depth += opened - closed
            if depth <= skip_depth:
                skip_depth = None
            continue
        depth += opened - closed
        out.append((number, line))
    return out


STRING_START = re.compile(r'(?<![\w])(?:b|c)?(r(#*))?"')
CHAR = re.compile(r"(?<![\w])b?'(\\(?:u\{[0-9a-fA-F]+\}|x[0-9a-fA-F]{2}|.)|[^\\'])'")


def strip(line, state):
    """`line` without comments, its string and character literals emptied (their text could
    hold braces or `crate::`), and what goes on after it: `None`, `("block", nesting)` inside a
    block comment, `("str", closing)` inside a string literal."""
    out = []
    i = 0
    while i < len(line):
        if state and state[0] == "block":
            opens, closes = line.find("/*", i), line.find("*/", i)
            if closes < 0 and opens < 0:
                return "".join(out), state
            if opens >= 0 and (closes < 0 or opens < closes):
                state, i = ("block", state[1] + 1), opens + 2
            else:
                nesting = state[1] - 1
                state, i = (("block", nesting) if nesting else None), closes + 2
            continue
        if state and state[0] == "str":
            closing = state[1]
            j = i
            while j < len(line):
                if closing == '"' and line[j] == "\\":
                    j += 2
                    continue
                if line.startswith(closing, j):
                    break
                j += 1
            if j >= len(line):
                return "".join(out), state
            out.append('"')
            i, state = j + len(closing), None
            continue
        if line.startswith("//", i):
            break
        if line.startswith("/*", i):
            state, i = ("block", 1), i + 2
            continue
        m = STRING_START.match(line, i)
        if m:
            out.append('"')
            closing = '"' + m.group(2) if m.group(1) else '"'
            i, state = m.end(), ("str", closing)
            continue
        m = CHAR.match(line, i)
        if m:
            out.append("' '")
            i = m.end()
            continue
        out.append(line[i])
        i += 1
    return "".join(out), state


def test_files(src):
    """Files declared as `#[cfg(test)] mod name;`: test-only, not counted."""
    found = set()
    for path in src.rglob("*.rs"):
        text = path.read_text(encoding="utf-8")
        for name in re.findall(r"#\[cfg\(test\)\]\s*(?:pub(?:\([^)]*\))?\s+)?mod\s+(\w+)\s*;", text):
            base = path.parent if path.name in ("mod.rs", "lib.rs", "main.rs") else path.with_suffix("")
            for candidate in (base / f"{name}.rs", base / name / "mod.rs"):
                found.add(candidate)
    return found


def module_of(path, src):
    """The module path of a file: src/cli/walk/tracked.rs -> ("cli", "walk", "tracked")."""
    parts = list(path.relative_to(src).with_suffix("").parts)
    if parts[-1] == "mod":
        parts.pop()
    if parts in (["lib"], ["main"]):
        return ()
    return tuple(parts)


def is_cli(module, path):
    return module[:1] == ("cli",) or path.name == "main.rs"


def edges(module, lines, modules):
    """The modules `module` imports: `crate::a::b`, `super::x`, `self::x` paths resolved to the
    longest known module."""
    found = set()
    for _, line in lines:
        for m in re.finditer(r"\b((?:crate|super|self)(?:::\w+)+|(?:crate|super)::\{[^}]*\})", line):
            for path in expand(m.group(1)):
                target = resolve(module, path, modules)
                if target is not None and target != module and not is_ancestor(target, module):
                    found.add(target)
    return found


def expand(path):
    """`crate::{a, b::c}` -> [crate::a, crate::b::c]; others unchanged."""
    m = re.match(r"((?:crate|super|self)(?:::super)*)::\{(.*)\}", path)
    if not m:
        return [path]
    return [f"{m.group(1)}::{p.strip()}" for p in m.group(2).split(",") if p.strip()]


def resolve(module, path, modules):
    """The longest known module that `path`, written in `module`, names."""
    parts = path.split("::")
    if parts[0] == "crate":
        base, rest = (), parts[1:]
    else:
        base = module
        while parts and parts[0] in ("super", "self"):
            if parts[0] == "super":
                base = base[:-1]
            parts = parts[1:]
        rest = parts
    full = base + tuple(rest)
    for n in range(len(full), 0, -1):
        if full[:n] in modules:
            return full[:n]
    return None


def is_ancestor(a, b):
    """`a` contains `b` (a parent module reaching its child is declaration, not layering)."""
    return len(a) < len(b) and b[: len(a)] == a


def circles(graph):
    """One circle per strongly connected component with more than one module (Tarjan)."""
    index, low, stack, on, out = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    sys.setrecursionlimit(10000)
    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def check(src):
    """Failures (a list of strings) and the numbers: (cli lines, all lines, modules, edges)."""
    tests = test_files(src)
    files = {}
    for path in sorted(src.rglob("*.rs")):
        if path in tests:
            continue
        module = module_of(path, src)
        if path.stem in GENERATED:
            continue
        files[path] = (module, code_lines(path.read_text(encoding="utf-8")))
    modules = {m for m, _ in files.values()} | {module_of(p, src) for p in src.rglob("*.rs")}
    failures = []
    graph = {}
    for path, (module, lines) in files.items():
        if path.name == "main.rs":
            continue  # the binary's root: its `crate::` is the CLI, outside the library's graph
        graph.setdefault(module, set()).update(edges(module, lines, modules))
    for component in circles(graph):
        failures.append("import circle: " + " <-> ".join("::".join(m) or "crate" for m in component))
    cli = total = 0
    for path, (module, lines) in files.items():
        total += len(lines)
        if is_cli(module, path):
            cli += len(lines)
            for number, line in lines:
                m = CLI_FORBIDDEN.search(line)
                if m:
                    failures.append(f"{path.relative_to(src.parent)}:{number}: the CLI imports {m.group(0)}")
    share = cli / total if total else 0
    if share > MAX_CLI_SHARE:
        failures.append(f"the CLI is {share:.1%} of the hand-written Rust, more than {MAX_CLI_SHARE:.0%}")
    return failures, (cli, total, len(graph), sum(len(e) for e in graph.values()))


class SelfTest(unittest.TestCase):
    def test_comments_strings_and_test_modules_do_not_count(self):
        text = (
            "//! doc [`crate::x`]\n"
            "use crate::a; // crate::b\n"
            '\nlet s = "crate::c {";\n'
            "/* crate::d\n   still */ let c = '{';\n"
            'const T: &str = r#"\n  interface X { crate::f }\n"#;\n'
            "let b = br#\"{\"k\"}\"#; let l = 'a; let e = '\\u{7B}';\n"
            "#[cfg(test)]\nmod tests {\n    use crate::e;\n    fn f() { }\n}\n"
            "fn after() {}\n"
        )
        lines = [line for _, line in code_lines(text)]
        self.assertEqual(
            lines,
            [
                "use crate::a; ", 'let s = "";', " let c = ' ';", 'const T: &str = "', "", '";',
                "let b = \"\"; let l = 'a; let e = ' ';", "fn after() {}",
            ],
        )

    def test_edges_resolve_to_the_longest_known_module(self):
        modules = {("a",), ("b",), ("b", "c"), ("cli",), ("cli", "text")}
        lines = [(1, "use crate::b::c::Thing;"), (2, "use crate::{a, b::c};"), (3, "super::text::x()")]
        self.assertEqual(edges(("cli", "places"), lines, modules), {("b", "c"), ("a",), ("cli", "text")})

    def test_a_circle_is_found_and_a_chain_is_not(self):
        self.assertEqual(circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}), [["a", "b", "c"]])
        self.assertEqual(circles({"a": {"b"}, "b": {"c"}, "c": set()}), [])

    def test_the_cli_may_not_name_the_core_s_knowledge(self):
        self.assertTrue(CLI_FORBIDDEN.search("use unmask::catalogue::kind;"))
        self.assertTrue(CLI_FORBIDDEN.search("unmask::Rule::ALL"))
        self.assertTrue(CLI_FORBIDDEN.search("use unmask::{report, catalogue::kind};"))
        self.assertFalse(CLI_FORBIDDEN.search("use unmask::report::Report;"))
        self.assertFalse(CLI_FORBIDDEN.search("unmask::rules_reference"))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--src", type=pathlib.Path, default=ROOT / "src")
    parser.add_argument("--self-test", action="store_true", help="run the unit tests of this script")
    args = parser.parse_args()
    if args.self_test:
        unittest.main(argv=[sys.argv[0]], verbosity=1)
    failures, (cli, total, modules, n_edges) = check(args.src)
    print(f"layers: {modules} modules, {n_edges} import edges; "
          f"CLI {cli} of {total} code lines = {cli / total:.1%} (at most {MAX_CLI_SHARE:.0%})")
    for f in failures:
        print(f"layers: {f}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
