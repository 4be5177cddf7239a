#!/usr/bin/env python3
"""Proves that a change of code is a change of shape only: what a base revision's CLI prints
against what this tree's CLI prints, over every input the project has at hand.

    python3 tools/identity.py                 # base: the tag pre-16; new: this working tree
    python3 tools/identity.py --base 25fb951 --allow '^scan-json findings\\[\\]\\.explanation'
    make identity                             # the same as the first line

Why: a redesign (issue 16) must not change behaviour, and the tests only check what someone
thought of. This runs both builds over the corpus (tests/corpus/samples), the fixtures
(tests/fixtures), the fuzz seeds (fuzz/corpus, when `make fuzz` has made it) and a real tree of
npm packages (node_modules/ of this checkout, made by `make`), and compares, byte for byte
after normalising nothing but absolute paths:

- `scan --format json`, `scan` (text, no colour) and `scan --format sarif` of each set (a
  directory scan, with --no-ignore --no-config when both builds take them; the JSON Lines
  report of each file compared on its own, the text and the SARIF document as a whole), with
  exit status and standard error;
- `decode` and `clean` of every file of every set, with exit status and standard error.

The base is built once in a git worktree outside the clone, with its own CARGO_TARGET_DIR
(~/.cache/unmask-identity/target, shared by every base so that only the crate rebuilds), and
its binary is kept as ~/.cache/unmask-identity/<commit>/unmask: a second run starts at once.
The new side is this working tree's release build (`cargo build --release`), or --new REV,
built like a base.

A difference is printed as one line that starts with its kind (`scan-json
findings[].explanation: "old" → "new"`, `scan-text caret: - old` / `+ new`, `clean line`,
`decode exit`, …); the summary groups them by kind, with the first few of each. Each --allow
REGEX accepts the difference lines it matches (re.search); the exit status is 1 when a
difference is left that no --allow accepts, 0 otherwise, 2 when a build fails.
"""
import argparse
import concurrent.futures
import difflib
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata

ROOT = pathlib.Path(__file__).resolve().parent.parent
CACHE = pathlib.Path(os.environ.get("XDG_CACHE_HOME", pathlib.Path.home() / ".cache")) / (
    "unmask-identity"
)
SETS = {
    "corpus": "tests/corpus/samples",
    "fixtures": "tests/fixtures",
    "fuzz": "fuzz/corpus",
    "node_modules": "node_modules",
}
SCAN_FORMATS = ("json", "text", "sarif")
FILE_COMMANDS = ("decode", "clean")
EXAMPLES = 3  # difference lines shown per kind
KEPT = 50  # difference lines kept per output (the rest are counted)
# Flags that keep a directory scan independent of this checkout's ignore rules and allowlists,
# passed when both builds know them (a base older than issue 15 has neither).
SCAN_FLAGS = ("--no-ignore", "--no-config")
WIDTH = 240  # of a shown difference line


def git(*args):
    return subprocess.run(
        ["git", "-C", str(ROOT), *args], check=True, capture_output=True, text=True
    ).stdout.strip()


def resolve(rev):
    try:
        return git("rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    except subprocess.CalledProcessError:
        sys.exit(f"identity: no revision {rev!r} (tag pre-16 not made yet? name one with --base)")


def cargo_build(src, target_dir=None):
    env = dict(os.environ)
    if target_dir:
        env["CARGO_TARGET_DIR"] = str(target_dir)
    done = subprocess.run(
        ["cargo", "build", "--release", "--locked", "--bin", "unmask"], cwd=src, env=env
    )
    if done.returncode != 0:
        print(f"identity: the build in {src} failed", file=sys.stderr)
        sys.exit(2)


def built_revision(commit):
    """The release CLI of a commit, built in a worktree outside the clone, cached by commit."""
    binary = CACHE / commit / "unmask"
    if binary.exists():
        print(f"== {commit[:10]}: cached {binary}", file=sys.stderr)
        return binary
    CACHE.mkdir(parents=True, exist_ok=True)
    tmp = pathlib.Path(tempfile.mkdtemp(prefix="unmask-identity-"))
    tree = tmp / "tree"
    print(f"== {commit[:10]}: building in {tree}", file=sys.stderr)
    git("worktree", "add", "--detach", "--quiet", str(tree), commit)
    try:
        cargo_build(tree, CACHE / "target")
        binary.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(CACHE / "target" / "release" / "unmask", binary)
    finally:
        git("worktree", "remove", "--force", str(tree))
        shutil.rmtree(tmp, ignore_errors=True)
    return binary


def built_tree():
    print("== this working tree: cargo build --release", file=sys.stderr)
    cargo_build(ROOT)
    return ROOT / "target" / "release" / "unmask"


class Run:
    """One command of one build: its output, exit status and standard error, paths normalised."""

    def __init__(self, binary, args):
        done = subprocess.run(
            [str(binary), *args],
            cwd=ROOT,
            capture_output=True,
            env={**os.environ, "NO_COLOR": "1"},
        )
        self.out = normalise(done.stdout)
        self.err = normalise(done.stderr)
        self.status = done.returncode

    def same(self, other):
        return (self.out, self.err, self.status) == (other.out, other.err, other.status)


def normalise(data):
    for path in (str(ROOT), str(CACHE), tempfile.gettempdir() + "/unmask-identity-"):
        data = data.replace(path.encode(), b"<abs>")
    return data.decode("utf-8", "replace")


# ---- differences: one line each, starting with its kind ----


def inert(s):
    """A line as it may be printed: what a terminal would obey or hide, as ⟨U+XXXX⟩."""
    out = []
    for ch in s:
        hidden = unicodedata.category(ch)[0] == "C" or unicodedata.category(ch) in ("Zl", "Zp")
        selector = 0xFE00 <= ord(ch) <= 0xFE0F or 0xE0100 <= ord(ch) <= 0xE01EF
        out.append(f"⟨U+{ord(ch):04X}⟩" if hidden or selector else ch)
    return "".join(out)


def clip(s):
    s = inert(s)
    return s if len(s) <= WIDTH else s[: WIDTH - 1] + "…"


def masked(path):
    return re.sub(r"\[\d+\]", "[]", path)


def json_diffs(a, b, path=""):
    """Where two JSON values differ: (kind, line) per leaf, arrays aligned by content."""
    if type(a) is not type(b):
        yield masked(path) or "(root)", f"{json.dumps(a)} → {json.dumps(b)}"
    elif isinstance(a, dict):
        for key in list(a) + [k for k in b if k not in a]:
            sub = f"{path}.{key}" if path else key
            if key not in b:
                yield masked(sub), f"- {json.dumps(a[key], ensure_ascii=False)}"
            elif key not in a:
                yield masked(sub), f"+ {json.dumps(b[key], ensure_ascii=False)}"
            else:
                yield from json_diffs(a[key], b[key], sub)
        if list(a) != [k for k in b if k in a]:
            yield masked(path) or "(root)", "members in another order"
    elif isinstance(a, list):
        keys = ([json.dumps(x, sort_keys=True) for x in xs] for xs in (a, b))
        matcher = difflib.SequenceMatcher(None, *keys, autojunk=False)
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op == "equal":
                continue
            pairs = min(i2 - i1, j2 - j1) if op == "replace" else 0
            for k in range(pairs):
                yield from json_diffs(a[i1 + k], b[j1 + k], f"{path}[{j1 + k}]")
            for k in range(i1 + pairs, i2):
                yield masked(f"{path}[{k}]"), f"- {json.dumps(a[k], ensure_ascii=False)}"
            for k in range(j1 + pairs, j2):
                yield masked(f"{path}[{k}]"), f"+ {json.dumps(b[k], ensure_ascii=False)}"
    elif isinstance(a, str) and a != b:
        yield masked(path) or "(root)", " → ".join(changed_part(a, b))
    elif a != b:
        old, new = (json.dumps(x, ensure_ascii=False) for x in (a, b))
        yield masked(path) or "(root)", f"{old} → {new}"


def changed_part(a, b, context=20):
    """The part of two strings that differs, with a little of what they share around it."""
    start = 0
    while start < min(len(a), len(b)) and a[start] == b[start]:
        start += 1
    end = 0
    while end < min(len(a), len(b)) - start and a[-1 - end] == b[-1 - end]:
        end += 1
    lo = max(0, start - context)
    for s in (a, b):
        hi = min(len(s), len(s) - end + context)
        yield ("…" if lo else "") + json.dumps(s[lo:hi], ensure_ascii=False) + (
            "…" if hi < len(s) else ""
        )


def text_kind(line):
    """What a line of the text output is: the kinds a difference is grouped by."""
    if re.match(r"^\s+\^+\s*$", line):
        return "caret"
    if line.startswith("  "):
        return "excerpt"
    if re.search(r":\d+:\d+: payload: ", line):
        return "payload"
    if re.search(r":\d+:\d+: (high|medium|low)\[", line):
        return "finding"
    if re.match(r"^\d+ findings? ", line) or line.startswith("no findings"):
        return "summary"
    return "line"


def line_diffs(a, b, kind_of):
    """Where two texts differ, line by line: (kind, '- old' or '+ new')."""
    old, new = a.splitlines(), b.splitlines()
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        for line in old[i1:i2]:
            yield kind_of(line), f"- {line}"
        for line in new[j1:j2]:
            yield kind_of(line), f"+ {line}"


def run_diffs(command, base, new, body):
    """The differences of two runs of one command, each as a line that starts with its kind."""
    if base.status != new.status:
        yield f"{command} exit: {base.status} → {new.status}"
    for kind, line in line_diffs(base.err, new.err, lambda _: "stderr"):
        yield f"{command} {kind}: {line}"
    for kind, line in body(base.out, new.out):
        yield f"{command} {kind}: {line}"


def json_lines(text):
    reports = {}
    for line in text.splitlines():
        try:
            report = json.loads(line)
        except json.JSONDecodeError:
            report = {"unparsed": line}
        source = report.get("source", "") if isinstance(report, dict) else ""
        reports.setdefault(source, []).append(report)
    return reports


def json_document(a, b):
    try:
        yield from json_diffs(json.loads(a), json.loads(b))
    except json.JSONDecodeError:
        yield from line_diffs(a, b, lambda _: "unparsed")


# ---- the comparisons ----


# `REVERSE SOLIDUS U+005C`, `CHARACTER U+005C`: a name (capitals, digits, spaces, hyphens)
# before the code point it names.
NAME = re.compile(r"\b[A-Z][A-Z0-9]*(?:[ -][A-Z0-9]+)* (U\+[0-9A-F]{4,6})\b")


def unnamed(text):
    """`text` with each character name dropped before its `U+XXXX`."""
    return NAME.sub(r"\1", text)


def renamed(lines):
    """Which of an output's difference lines differ only in character names: a `old → new`
    line whose sides agree once names are dropped, and `- old` / `+ new` lines that pair up
    so."""
    found, removed, added = set(), {}, {}
    for i, line in enumerate(lines):
        kind, _, change = line.partition(": ")
        old, arrow, new = change.partition(" → ")
        if arrow and unnamed(old) == unnamed(new):
            found.add(i)
        elif change[:2] in ("- ", "+ "):
            side = removed if change[0] == "-" else added
            side.setdefault((kind, unnamed(change[2:])), []).append(i)
    for key, olds in removed.items():
        news = added.get(key, [])
        pairs = min(len(olds), len(news))
        found.update(olds[:pairs] + news[:pairs])
    return found


class Tally:
    def __init__(self, allow, names=False):
        self.allow = [re.compile(r) for r in allow]
        self.names = names
        self.compared = self.identical = self.accepted = 0
        self.differing = {}  # input label -> its differences no --allow accepts
        self.kinds = {}  # kind -> [(input, line)]

    def add(self, label, lines):
        """Counts one output; `lines` are its differences (none when it is identical)."""
        self.compared += 1
        kept, left, more = [], 0, 0
        lines = list(lines)
        names = renamed(lines) if self.names else set()
        for i, line in enumerate(lines):
            if i not in names and not any(r.search(line) for r in self.allow):
                left += 1
            if len(kept) < KEPT:
                kept.append(line)
            else:
                more += 1
        if not kept:
            self.identical += 1
            return
        if left:
            self.differing[label] = left
        else:
            self.accepted += 1
        for line in kept:
            self.kinds.setdefault(line.split(":", 1)[0], []).append((label, line))
        if more:
            self.kinds.setdefault("(lines past the first 50 of an output)", []).extend(
                [(label, f"{more} more")]
            )


def compare_file(base_bin, new_bin, path):
    results = []
    for command in FILE_COMMANDS:
        base, new = Run(base_bin, [command, path]), Run(new_bin, [command, path])
        lines = [] if base.same(new) else list(
            run_diffs(command, base, new, lambda a, b: line_diffs(a, b, lambda _: "line"))
        )
        results.append((f"{command} {path}", lines))
    return results


def known_flags(binary):
    """Which of SCAN_FLAGS a build's `scan` takes."""
    done = subprocess.run([str(binary), "scan", "--help"], capture_output=True, text=True)
    return {flag for flag in SCAN_FLAGS if flag in done.stdout}


def compare_scans(base_bin, new_bin, directory, flags, tally):
    for fmt in SCAN_FORMATS:
        args = ["scan", *flags, "--format", fmt, directory]
        base, new = Run(base_bin, args), Run(new_bin, args)
        command = f"scan-{fmt}"
        if fmt == "json":
            # One comparison per input (its JSON Lines report); exit and stderr for the whole scan.
            whole = run_diffs(command, base, new, lambda a, b: ())
            tally.add(f"{command} {directory} (exit, stderr)", whole)
            old, now = json_lines(base.out), json_lines(new.out)
            for path in list(old) + [p for p in now if p not in old]:
                a, b = old.get(path, []), now.get(path, [])
                lines = (f"{command} {k}: {line}" for k, line in json_diffs(a, b))
                tally.add(f"{command} {path}", lines)
        elif fmt == "sarif":
            tally.add(f"{command} {directory}", run_diffs(command, base, new, json_document))
        else:
            body = lambda a, b: line_diffs(a, b, text_kind)  # noqa: E731
            tally.add(f"{command} {directory}", run_diffs(command, base, new, body))


def files_of(directory):
    return sorted(
        str(p.relative_to(ROOT))
        for p in (ROOT / directory).rglob("*")
        if p.is_file() and not p.is_symlink()
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add = parser.add_argument
    add("--base", default="pre-16", help="the revision before the change (default: tag pre-16)")
    add("--new", help="a revision to compare instead of this working tree")
    add("--allow", action="append", default=[], metavar="REGEX", help="accept the lines it matches")
    add("--names", action="store_true",
        help="accept lines that differ only in character names (NAME U+XXXX)")
    add("--sets", default=",".join(SETS), help=f"which inputs (default: {','.join(SETS)})")
    add("--jobs", type=int, default=os.cpu_count() or 2, help="commands run at once")
    args = parser.parse_args()

    base_commit = resolve(args.base)
    base_bin = built_revision(base_commit)
    new_bin = built_revision(resolve(args.new)) if args.new else built_tree()
    tally = Tally(args.allow, args.names)
    flags = [f for f in SCAN_FLAGS if f in known_flags(base_bin) & known_flags(new_bin)]
    if len(flags) < len(SCAN_FLAGS):
        print(f"== scan flags both builds take: {' '.join(flags) or 'none'}", file=sys.stderr)
    files = []
    for name in args.sets.split(","):
        directory = SETS[name]
        if not (ROOT / directory).is_dir():
            print(f"== {name}: no {directory}/, skipped", file=sys.stderr)
            continue
        found = files_of(directory)
        print(f"== {name}: {directory}/, {len(found)} files", file=sys.stderr)
        compare_scans(base_bin, new_bin, directory, flags, tally)
        files += found
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        jobs = [pool.submit(compare_file, base_bin, new_bin, f) for f in files]
        for done, job in enumerate(jobs, 1):
            for label, lines in job.result():
                tally.add(label, lines)
            if done % 2000 == 0:
                print(f"== decode and clean: {done} of {len(files)} files", file=sys.stderr)

    new_name = args.new or "this working tree"
    print(f"identity: {args.base} ({base_commit[:10]}) against {new_name}")
    print(
        f"{tally.compared} outputs compared ({len(files)} files; scan json per file, text and "
        f"sarif per set; decode and clean per file): {tally.identical} identical, "
        f"{tally.accepted} differing only as --allow or --names accept, {len(tally.differing)} differing"
    )
    for kind, seen in sorted(tally.kinds.items(), key=lambda kv: -len(kv[1])):
        inputs = len({label for label, _ in seen})
        print(f"\n{kind}: {len(seen)} lines in {inputs} outputs")
        for label, line in seen[:EXAMPLES]:
            print(f"  {clip(label)}\n    {clip(line)}")
    if tally.differing:
        first = next(iter(tally.differing))
        print(f"\nnot accepted: {len(tally.differing)} outputs, first: {clip(first)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
