#!/usr/bin/env python3
"""The wild benchmark (issue 17): scans hundreds of megabytes of real, clean text that unmask has
never seen, from pinned registry packages, and fails when a file that carries no hidden data is
flagged.

    python3 tools/wild.py                     # every source of tools/wild-sources.toml
    python3 tools/wild.py --sample            # the few small sources marked `sample = true`
    python3 tools/wild.py --only npm:eslint pypi:Django --unmask target/debug/unmask
    python3 tools/wild.py --write WILD.md     # also writes the figures (what `make wild` does)
    python3 tools/wild.py --json NEW.json --compare OLD.json   # what moved since an earlier run
    python3 tools/wild.py --self-test         # the unit tests of this script (`make test`)
    python3 tools/wild.py --pin               # pins sources without sha256 (their version, or the current)
    python3 tools/wild.py --pin NAME...       # re-pins these to the registry's current version

Why: a corpus that the rules were tuned on says little about text nobody looked at. Real
libraries *describe* invisible characters (regex classes, entity tables, Unicode data), and
translation catalogues use them as their scripts need; a detector that flags those is noise.

Sources (tools/wild-sources.toml) are fetched with each registry's own client, by exact
version — `npm pack`, `pip download --no-deps --only-binary :all:`, `apt-get download` — and the
download's sha256 must be the one pinned. Downloads are cached outside the clone, keyed by
sha256, in $UNMASK_WILD_CACHE (default ~/.cache/unmask-wild), and unpacked there once: npm
tarballs and wheels as they are, Debian packages with `dpkg-deb -x`, their compiled gettext
catalogues (.mo) turned back into text with `msgunfmt` and their gzipped files (man pages,
changelogs) unzipped. Nothing from the sources enters the repository.

Each source is scanned as a directory (`unmask scan --format json --no-ignore --no-config`);
a file is *flagged* when it has a medium or high finding or a payload. Every scanned file also
goes through `unmask clean`, which must give its bytes back unchanged (clean text, clean
output) — files it changes are counted and listed. A flagged file passes only when
wild-known.toml (top level) lists it by source, path and sha256 with a reason: a file that holds
an invisible or look-alike character on purpose. The exit status is 1 when a flagged file is not
listed, or a listed entry no longer matches (file gone, other sha256, or no longer flagged);
clean's changes are reported, and fail the run with --strict-clean. 2 on a usage error, or when
a source could not be downloaded or unpacked (the others are still scanned and reported).

--fps FILE writes the flagged files and clean's changes grouped by class of text, with the
excerpts escaped by Python's ascii(), for whoever fixes the rules; --compare OLD.json (a run's
--json) names the files newly flagged or newly changed by clean: the regressions of a change.
"""
import argparse
import collections
import concurrent.futures
import gzip
import hashlib
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import tomllib
import unittest
import zipfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
SOURCES = ROOT / "tools" / "wild-sources.toml"
KNOWN = ROOT / "wild-known.toml"
CACHE = pathlib.Path(os.environ.get("UNMASK_WILD_CACHE") or pathlib.Path.home() / ".cache" / "unmask-wild")
SEVERE = ("medium", "high")
SCAN_FLAGS = ["scan", "--format", "json", "--no-ignore", "--no-config", "--max-findings", "10000"]
GUNZIP_MAX = 64 << 20  # a gzipped file larger than this unpacked stays gzipped (binary, skipped)
EXCERPT = 160  # characters of a line shown around a finding
KINDS = ("npm", "pypi", "debian")


class Failure(Exception):
    """A download, pin or unpack that went wrong: exit status 2."""


# ---------------------------------------------------------------------------------------------
# Sources and their pins


def load_sources(path=SOURCES):
    """The sources, in file order; each a dict with kind, name, version, sha256 and options."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    sources = data.get("source", [])
    for s in sources:
        if s.get("kind") not in KINDS:
            raise Failure(f"{path}: source {s.get('name')!r}: kind must be one of {KINDS}")
        s["id"] = f"{s['kind']}:{s['name']}"
    return sources


def toml_string(value):
    """A TOML basic string (json's escaping is a subset TOML reads)."""
    return json.dumps(value, ensure_ascii=False)


def write_sources(sources, path=SOURCES):
    """Writes the source list back (after --pin), keeping the header comment of the file."""
    header = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("[[source]]"):
            break
        header.append(line)
    while header and not header[-1].strip():
        header.pop()
    out = header + [""]
    keys = ("kind", "name", "version", "sha256", "file", "sample", "include", "why")
    for s in sources:
        out.append("[[source]]")
        for k in keys:
            if k not in s or s[k] in ("", None):
                continue
            v = s[k]
            if isinstance(v, bool):
                out.append(f"{k} = {'true' if v else 'false'}")
            elif isinstance(v, list):
                out.append(f"{k} = [{', '.join(toml_string(x) for x in v)}]")
            else:
                out.append(f"{k} = {toml_string(v)}")
        out.append("")
    path.write_text("\n".join(out), encoding="utf-8")


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def run(cmd, cwd=None):
    """Runs a registry client; its output on failure is the error."""
    p = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    if p.returncode != 0:
        raise Failure(f"{' '.join(cmd)}: exit {p.returncode}: {(p.stderr or p.stdout).strip()[-600:]}")
    return p.stdout


def download(source, dest):
    """Downloads one source with its registry's client into the empty directory dest; returns
    (file path, version). Without a pinned version, the registry's current one."""
    kind, name, version = source["kind"], source["name"], source.get("version")
    if kind == "npm":
        spec = f"{name}@{version}" if version else name
        out = run(["npm", "pack", spec, "--json", "--silent", "--pack-destination", str(dest)], cwd=dest)
        info = json.loads(out)[0]
        return dest / info["filename"], info["version"]
    if kind == "pypi":
        spec = f"{name}=={version}" if version else name
        run([sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary", ":all:",
             "--quiet",
             "--dest", str(dest), spec])
        (path,) = list(dest.iterdir())
        found = path.name.split("-")[1] if path.suffix == ".whl" else version
        return path, version or found
    spec = f"{name}={version}" if version else name
    try:
        run(["apt-get", "download", "-q", spec], cwd=dest)
    except Failure:
        # A new machine's package lists can be older than the pin (a security update since):
        # refresh them once and try again.
        sudo = [] if os.geteuid() == 0 else ["sudo"]
        run(sudo + ["apt-get", "update", "-q"])
        run(["apt-get", "download", "-q", spec], cwd=dest)
    (path,) = list(dest.iterdir())
    found = run(["dpkg-deb", "-f", str(path), "Version"]).strip()
    return path, found


def fetch(source, pin=False):
    """The cached download of a source, fetched when missing; checks the pinned sha256. With
    pin, fills in the version and sha256 of a source that has none."""
    (CACHE / "downloads").mkdir(parents=True, exist_ok=True)
    sha = source.get("sha256")
    if sha:
        hits = list((CACHE / "downloads").glob(sha + ".*"))
        if hits:
            return hits[0]
    elif not pin:
        raise Failure(f"{source['id']}: no sha256 pinned (run tools/wild.py --pin {source['name']})")
    with tempfile.TemporaryDirectory(dir=CACHE) as tmp:
        path, version = download(source, pathlib.Path(tmp))
        got = sha256_file(path)
        if sha and got != sha:
            raise Failure(f"{source['id']}: sha256 of {path.name} is {got}, pinned {sha}")
        if not sha:
            source["version"], source["sha256"] = version, got
        source["file"] = path.name
        suffix = ".deb" if path.suffix == ".deb" else ".whl" if path.suffix == ".whl" else ".tgz"
        final = CACHE / "downloads" / (got + suffix)
        shutil.move(path, final)
    return final


# ---------------------------------------------------------------------------------------------
# Unpacking


def include_filter(source):
    """A predicate on paths inside the package: the source's `include` globs, or everything."""
    globs = source.get("include")
    if not globs:
        return lambda rel: True
    rx = [re.compile(pattern_to_regex(g)) for g in globs]
    return lambda rel: any(r.fullmatch(rel) for r in rx)


def pattern_to_regex(glob):
    """`**` any path, `*` within a segment, `?` one character."""
    out, i = [], 0
    while i < len(glob):
        if glob.startswith("**", i):
            out.append(".*")
            i += 2
        elif glob[i] == "*":
            out.append("[^/]*")
            i += 1
        elif glob[i] == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(glob[i]))
            i += 1
    return "".join(out)


def unpacked_dir(source):
    key = source["sha256"][:24]
    if source.get("include"):
        key += "-" + hashlib.sha256("\n".join(source["include"]).encode()).hexdigest()[:8]
    return CACHE / "unpacked" / key


def unpack(source, archive):
    """Unpacks once into the cache; returns the directory."""
    target = unpacked_dir(source)
    if (target / ".unmask-wild-done").exists():
        return target
    if target.exists():
        shutil.rmtree(target)
    staging = target.with_name(target.name + ".tmp")
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    if archive.suffix == ".tgz":
        with tarfile.open(archive) as tar:
            tar.extractall(staging, filter="data")
    elif archive.suffix == ".whl":
        with zipfile.ZipFile(archive) as z:
            z.extractall(staging)
    else:
        run(["dpkg-deb", "-x", str(archive), str(staging)])
        textify_debian(staging)
    keep = include_filter(source)
    for path in sorted(staging.rglob("*"), reverse=True):
        rel = path.relative_to(staging).as_posix()
        if path.is_symlink() or (path.is_file() and not keep(rel)):
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    staging.rename(target)
    (target / ".unmask-wild-done").touch()
    return target


def textify_debian(root):
    """Compiled catalogues back to text (`x.mo` → `x.mo.po`), gzipped files unzipped (`x.gz` →
    `x`): the text a translator or a reader sees, which the scanner skips as binary otherwise."""
    for path in list(root.rglob("*")):
        if path.is_symlink() or not path.is_file():
            continue
        if path.suffix == ".mo":
            out = path.with_name(path.name + ".po")
            p = subprocess.run(["msgunfmt", "--no-wrap", "-o", str(out), str(path)], capture_output=True)
            if p.returncode == 0:
                path.unlink()
        elif path.suffix == ".gz":
            try:
                with gzip.open(path) as f:
                    data = f.read(GUNZIP_MAX + 1)
            except (OSError, EOFError):
                continue
            if len(data) <= GUNZIP_MAX:
                path.with_suffix("").write_bytes(data)
                path.unlink()


# ---------------------------------------------------------------------------------------------
# Scanning


def scan(unmask, directory):
    """The JSON reports of every text file under directory, and the seconds the scan took."""
    start = time.monotonic()
    p = subprocess.run([unmask, *SCAN_FLAGS, "."], cwd=directory, capture_output=True)
    took = time.monotonic() - start
    if p.returncode not in (0, 1):
        raise Failure(f"scan of {directory}: exit {p.returncode}: {p.stderr.decode(errors='replace')[-600:]}")
    reports = [json.loads(line) for line in p.stdout.splitlines() if line.strip()]
    for r in reports:
        r["source"] = r["source"].removeprefix("./")
    return reports, took


def flagged(report):
    return bool(report["payloads"]) or any(f["severity"] in SEVERE for f in report["findings"])


def clean_changes(unmask, directory, reports, workers):
    """The files whose `unmask clean` output differs from their bytes: [(path, bytes before,
    bytes after)]; a file clean refuses (exit 2: not UTF-8 or UTF-16) is not counted."""

    def one(report):
        path = directory / report["source"]
        data = path.read_bytes()
        p = subprocess.run([unmask, "clean", str(path)], capture_output=True)
        if p.returncode == 2:
            return None
        if p.stdout != data:
            return (report["source"], data, p.stdout)
        return None

    with concurrent.futures.ThreadPoolExecutor(workers) as pool:
        return [r for r in pool.map(one, reports) if r]


def line_of(data, offset):
    """(1-based line number, the line's text) of a byte offset into UTF-8 text."""
    start = data.rfind(b"\n", 0, offset) + 1
    end = data.find(b"\n", offset)
    end = len(data) if end < 0 else end
    return data.count(b"\n", 0, offset) + 1, data[start:end], offset - start


EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")


def excerpt(data, offset):
    """The line around a byte offset, cut to EXCERPT characters, escaped with ascii(); e-mail
    addresses (translators' credits) masked, the report is published."""
    number, line, col = line_of(data, offset)
    text = line.decode("utf-8", errors="replace")
    col_chars = len(line[:col].decode("utf-8", errors="replace"))
    lo = max(0, col_chars - EXCERPT // 2)
    cut = EMAIL.sub("<e-mail>", text[lo:lo + EXCERPT])
    return number, ascii(("…" if lo else "") + cut + ("…" if lo + EXCERPT < len(text) else ""))


def first_diff(before, after):
    """The first byte offset where clean's output differs from the input."""
    n = min(len(before), len(after))
    for i in range(n):
        if before[i] != after[i]:
            return i
    return n


# ---------------------------------------------------------------------------------------------
# Classes of text (for the report: what kind of file a finding is in)

CATEGORIES = [
    ("catalogue", (".po", ".pot", ".xliff", ".xlf", ".properties", ".ts", ".strings")),
    ("code", (".js", ".mjs", ".cjs", ".jsx", ".tsx", ".py", ".pyi", ".rb", ".java", ".c", ".h",
              ".cc", ".cpp", ".rs", ".go", ".php", ".lua", ".pl", ".sh", ".el", ".scm", ".vim")),
    ("docs", (".md", ".markdown", ".rst", ".txt", ".html", ".htm", ".tex", ".texi", ".1", ".2",
              ".3", ".4", ".5", ".6", ".7", ".8", ".adoc", ".xhp", ".page", ".docbook")),
    ("data", (".json", ".xml", ".yaml", ".yml", ".toml", ".csv", ".tsv", ".ini", ".cfg", ".ldml",
              ".xcd", ".xcu", ".svg", ".css", ".scss", ".less", ".map")),
]


def category(path):
    name = path.lower()
    if name.endswith((".d.ts", ".d.mts", ".d.cts")):
        return "types"
    if name.endswith(".ts") and "/locale" not in name and "/translations" not in name:
        return "code"
    for cat, suffixes in CATEGORIES:
        if name.endswith(suffixes):
            return cat
    if "/man/" in name:
        return "docs"
    return "other"


def text_class(hit):
    """A class of text for a flagged file: the rule family, the kind of file."""
    if hit["rule"] == "payload":
        return f"payload {hit['scheme']} in {hit['category']}"
    return f"{hit['rule']} in {hit['category']}"


# ---------------------------------------------------------------------------------------------
# The run


def load_known():
    if not KNOWN.exists():
        return []
    return tomllib.loads(KNOWN.read_text(encoding="utf-8")).get("file", [])


def scan_source(args, source):
    """Everything measured on one source: a dict for the report."""
    archive = fetch(source)
    directory = unpack(source, archive)
    reports, took = scan(args.unmask, directory)
    result = {
        "id": source["id"], "version": source["version"], "files": len(reports),
        "bytes": sum(r["bytes"] for r in reports), "seconds": took, "rules": {}, "hits": [],
        "flagged": [], "clean": [], "reports": {},
    }
    rules = collections.defaultdict(lambda: {"medium": 0, "high": 0, "low": 0, "files": set()})
    for r in reports:
        for f in r["findings"]:
            row = rules[f["rule"]]
            row[f["severity"]] += 1
            if f["severity"] in SEVERE:
                row["files"].add(r["source"])
        if not flagged(r):
            continue
        path = r["source"]
        result["flagged"].append({"path": path, "sha256": r["sha256"]})
        data = (directory / path).read_bytes()
        for f in r["findings"]:
            if f["severity"] in SEVERE:
                line, text = excerpt(data, f["start"])
                result["hits"].append({
                    "path": path, "rule": f["rule"], "severity": f["severity"], "line": line,
                    "excerpt": text, "chars": f["chars"], "category": category(path),
                    "explanation": f["explanation"]})
        for p in r["payloads"]:
            line, text = excerpt(data, p["start"])
            result["hits"].append({
                "path": path, "rule": "payload", "scheme": p["scheme"], "severity": "payload",
                "line": line, "excerpt": text, "category": category(path),
                "explanation": f"{p['scheme']} {p['confidence']}: {ascii((p.get('text') or '')[:80])}"})
    result["rules"] = {k: {**v, "files": len(v["files"])} for k, v in rules.items()}
    if not args.no_clean:
        flagged_paths = {f["path"] for f in result["flagged"]}
        start = time.monotonic()
        for path, before, after in clean_changes(args.unmask, directory, reports, args.jobs):
            at = first_diff(before, after)
            line, text = excerpt(before, at)
            result["clean"].append({"path": path, "line": line, "excerpt": text,
                                    "removed": len(before) - len(after), "category": category(path),
                                    "flagged": path in flagged_paths})
        result["clean_seconds"] = time.monotonic() - start
    return result


def check_known(results, known, ran):
    """The failures: flagged files not listed, listed entries that no longer match."""
    listed = {(k["source"], k["path"]): k for k in known}
    failures, used = [], set()
    for res in results:
        for f in res["flagged"]:
            k = listed.get((res["id"], f["path"]))
            if k and k["sha256"] == f["sha256"]:
                used.add((res["id"], f["path"]))
            else:
                why = "listed with another sha256" if k else "not in wild-known.toml"
                failures.append(f"flagged: {res['id']} {f['path']} ({why}; sha256 {f['sha256']})")
    for key, k in listed.items():
        if key[0] in ran and key not in used:
            failures.append(f"wild-known.toml: {key[0]} {key[1]} is no longer flagged with sha256 {k['sha256']}")
    return failures


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--unmask", default=str(ROOT / "target" / "release" / "unmask"),
                    help="the binary to run (default target/release/unmask)")
    ap.add_argument("--only", nargs="+", metavar="SOURCE",
                    help="only these sources (kind:name, or a name)")
    ap.add_argument("--sample", action="store_true", help="only the sources marked sample = true")
    ap.add_argument("--write", metavar="FILE", help="write the figures as Markdown (WILD.md)")
    ap.add_argument("--fps", metavar="FILE", help="write flagged files and clean changes by class")
    ap.add_argument("--json", metavar="FILE", help="write every measurement as JSON")
    ap.add_argument("--compare", metavar="OLD_JSON",
                    help="print flagged files and clean changes against an earlier --json run")
    ap.add_argument("--no-clean", action="store_true", help="skip the clean check")
    ap.add_argument("--strict-clean", action="store_true", help="fail when clean changes a file")
    ap.add_argument("--jobs", type=int, default=2, help="clean checks run at once (default 2)")
    ap.add_argument("--fetch-only", action="store_true", help="download and unpack, scan nothing")
    ap.add_argument("--self-test", action="store_true", help="run the unit tests of this script")
    ap.add_argument("--pin", nargs="*", metavar="NAME",
                    help="download the sources without sha256 (or these), record version and sha256")
    args = ap.parse_args()
    if args.self_test:
        suite = unittest.defaultTestLoader.loadTestsFromTestCase(SelfTest)
        return 0 if unittest.TextTestRunner(verbosity=1).run(suite).wasSuccessful() else 1
    try:
        sources = load_sources()
        if args.pin is not None:
            return pin(sources, args.pin)
        chosen = select(sources, args)
        if args.fetch_only:
            for s in chosen:
                unpack(s, fetch(s))
                print(f"{s['id']} {s['version']}: {unpacked_dir(s)}", flush=True)
            return 0
        # The scans run inside each source's directory: a relative path is the caller's.
        args.unmask = os.path.abspath(args.unmask)
        if not os.access(args.unmask, os.X_OK):
            print(f"no binary at {args.unmask} (cargo build --release)", file=sys.stderr)
            return 2
        results, missing = [], []
        for s in chosen:
            try:
                res = scan_source(args, s)
            except Failure as e:  # one source gone from its registry: judge the others
                print(f"wild: {e}", file=sys.stderr, flush=True)
                missing.append(s["id"])
                continue
            results.append(res)
            print(f"{res['id']:<45} {res['files']:>6} files {res['bytes'] / 1e6:8.1f} MB "
                  f"{len(res['flagged']):>4} flagged {len(res['clean']):>4} changed by clean "
                  f"({res['bytes'] / 1e6 / max(res['seconds'], 1e-6):.0f} MB/s)", flush=True)
    except Failure as e:
        print(f"wild: {e}", file=sys.stderr)
        return 2
    failures = check_known(results, load_known(), {r["id"] for r in results})
    if args.write:
        text = render_markdown(results, failures, missing, args)
        pathlib.Path(args.write).write_text(text, encoding="utf-8")
    if args.fps:
        pathlib.Path(args.fps).write_text(render_fps(results), encoding="utf-8")
    if args.json:
        pathlib.Path(args.json).write_text(json.dumps(results, indent=1, default=list), encoding="utf-8")
    total_files, total_mb, secs = totals(results)
    changed = sum(len(r["clean"]) for r in results)
    print(f"== {len(results)} sources, {total_files} files, {total_mb:.1f} MB scanned in {secs:.1f} s "
          f"({total_mb / max(secs, 1e-6):.0f} MB/s); {sum(len(r['flagged']) for r in results)} flagged, "
          f"{len(failures)} failures; clean changed {changed} files")
    if args.compare:
        old = json.loads(pathlib.Path(args.compare).read_text(encoding="utf-8"))
        print("\n".join(compare(old, results, clean=not args.no_clean)))
    for f in failures[:200]:
        print(f)
    if len(failures) > 200:
        print(f"... and {len(failures) - 200} more")
    if missing:
        print(f"not scanned (download or unpack failed): {' '.join(missing)}")
        return 2
    return 1 if failures or (args.strict_clean and changed) else 0


def compare(old, new, clean=True):
    """Lines that say how flagged files and clean's changes moved between two runs, per source
    that both scanned, and which files are newly flagged or newly changed (regressions); clean's
    changes only when the new run checked them."""
    before = {r["id"]: r for r in old}
    out, totals_ = [], collections.Counter()
    for r in new:
        o = before.get(r["id"])
        if o is None:
            continue
        for what in ("flagged", "clean") if clean else ("flagged",):
            was = {f["path"] for f in o[what]}
            now = {f["path"] for f in r[what]}
            totals_[what, "before"] += len(was)
            totals_[what, "after"] += len(now)
            if was != now:
                out.append(f"{r['id']}: {what} {len(was)} -> {len(now)}")
            out += [f"  newly {what}: {path}" for path in sorted(now - was)]
    out.append(f"== flagged {totals_['flagged', 'before']} -> {totals_['flagged', 'after']}"
               + (f", changed by clean {totals_['clean', 'before']} -> {totals_['clean', 'after']}"
                  if clean else ""))
    return out


def select(sources, args):
    if args.sample:
        return [s for s in sources if s.get("sample")]
    if args.only:
        chosen = [s for s in sources if s["id"] in args.only or s["name"] in args.only]
        missing = set(args.only) - {s["id"] for s in chosen} - {s["name"] for s in chosen}
        if missing:
            raise Failure(f"no such source: {', '.join(sorted(missing))}")
        return chosen
    return sources


def pin(sources, names):
    """Downloads each source without a sha256 (at its version, or the current one when it has
    none), or the named ones at the current version, and records version and sha256. Debian's
    archive keeps only the current version of a package (point releases and security updates
    replace it): a Debian pin that no longer downloads is re-pinned by name."""
    todo = [s for s in sources if (s["name"] in names or s["id"] in names) or (not names and not s.get("sha256"))]
    failed = []

    def one(s):
        if s["name"] in names or s["id"] in names:
            s.pop("sha256", None)  # named: the registry's current version
            s.pop("version", None)
        try:
            fetch(s, pin=True)
            return None
        except Failure as e:
            return f"{s['id']}: {e}"

    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        for s, err in zip(todo, pool.map(one, todo)):
            print(err or f"{s['id']} {s['version']} {s['sha256']}", flush=True)
            if err:
                failed.append(err)
    write_sources(sources)
    return 2 if failed else 0


# ---------------------------------------------------------------------------------------------
# Reports


SHOWN = 5  # files listed per class in WILD.md when there are many (--fps lists more)
LIST_ALL = 300  # up to this many files in all, WILD.md lists every one


def totals(results):
    files = sum(r["files"] for r in results)
    mb = sum(r["bytes"] for r in results) / 1e6
    secs = sum(r["seconds"] for r in results)
    return files, mb, secs


def describe_binary(unmask):
    """The binary's version and the commit of the checkout it was built in (the directory that
    holds its `target/`), `-dirty` when that checkout has changes."""
    p = subprocess.run([unmask, "--version"], capture_output=True, text=True)
    path = pathlib.Path(unmask).resolve()
    tree = path.parents[path.parts[::-1].index("target")] if "target" in path.parts else ROOT
    rev = subprocess.run(["git", "-C", str(tree), "describe", "--always", "--dirty"],
                         capture_output=True, text=True)
    return f"{p.stdout.strip()} (`{unmask}`, its checkout {tree} at {rev.stdout.strip() or '?'})"


def grouped(groups, line, more):
    """Markdown: a heading per group (the largest first), a line for each of its items (its
    first SHOWN when there are more than LIST_ALL in all), and how many more there are."""
    out = []
    shown = SHOWN if sum(len(items) for items in groups.values()) > LIST_ALL else LIST_ALL
    for name, items in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        out += [f"### {name}: {len(items)} files", ""] + [line(i) for i in items[:shown]]
        if len(items) > shown:
            out.append(f"- … and {len(items) - shown} more{more}")
        out.append("")
    return out


def render_markdown(results, failures, missing, args):
    """WILD.md: what was scanned, the figures per rule, the flagged files by class, clean."""
    files, mb, secs = totals(results)
    flagged = sum(len(r["flagged"]) for r in results)
    changed = sum(len(r["clean"]) for r in results)
    clean_secs = sum(r.get("clean_seconds", 0) for r in results)
    out = [
        "# The wild benchmark",
        "",
        "Written by `make wild` (`python3 tools/wild.py --write WILD.md`); see the docstring of",
        "`tools/wild.py` for how it fetches, unpacks and judges, `tools/wild-sources.toml` for the",
        "pinned sources and `wild-known.toml` for the files that hold a hidden or look-alike",
        "character on purpose. A file is *flagged* when it has a `medium` or `high` finding or a",
        "payload; every one of these files is clean text from a registry, so every flagged file",
        "not in wild-known.toml is a false positive.",
        "",
        f"- Run: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {describe_binary(args.unmask)}"
        + (" — the fast sample only" if args.sample else ""),
        f"- Scanned: **{len(results)} sources, {files:,} files, {mb:,.1f} MB** of text (files the"
        " scan reads: binary files are skipped by the walk and not counted)",
        f"- Scan time: {secs:.1f} s, **{mb / max(secs, 1e-6):.0f} MB/s** (one `unmask scan` per"
        " source directory, wall clock, including process start)",
        f"- Flagged files: **{flagged}** ({len(failures)} failures against wild-known.toml)",
        *([f"- Not scanned (download or unpack failed): {', '.join(missing)}"] if missing else []),
        f"- `unmask clean` changed **{changed}** of {files:,} files"
        + (f" ({clean_secs:.0f} s for one `clean` per file)" if not args.no_clean else " (not checked)"),
        "",
        "## Findings per rule",
        "",
        "`medium`+`high` findings per MB of the whole set, the files with such a finding, and the",
        "`low` findings for scale.",
        "",
        "| rule | high | medium | per MB | files | low |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    rules = collections.defaultdict(lambda: collections.Counter())
    for r in results:
        for rule, row in r["rules"].items():
            for k in ("high", "medium", "low", "files"):
                rules[rule][k] += row[k]
    for rule, row in sorted(rules.items(), key=lambda kv: (-(kv[1]["high"] + kv[1]["medium"]), kv[0])):
        severe = row["high"] + row["medium"]
        out.append(f"| `{rule}` | {row['high']} | {row['medium']} | {severe / max(mb, 1e-9):.3f} "
                   f"| {row['files']} | {row['low']} |")
    payloads = [(r["id"], h) for r in results for h in r["hits"] if h["rule"] == "payload"]
    out.append(f"| payloads | | | {len(payloads) / max(mb, 1e-9):.3f} "
               f"| {len({(s, h['path']) for s, h in payloads})} | |")
    out += ["", "## Flagged files by class", "",
            "Class: the rule (or payload scheme) and the kind of file (by its name: code, types,",
            "catalogue, docs, data, other). A file appears under each class it has a finding of;",
            "the line is the first such finding's, its text escaped with Python's `ascii()`.", ""]
    groups = collections.defaultdict(dict)
    for r in results:
        for h in r["hits"]:
            groups[text_class(h)].setdefault((r["id"], h["path"]), h)
    known = {(k["source"], k["path"]) for k in load_known()}
    if not groups:
        out.append("None.")

    def hit_line(item):
        (sid, path), h = item
        mark = " (known)" if (sid, path) in known else ""
        return f"- `{sid}` `{path}`:{h['line']} {h['severity']}{mark}: `{h['excerpt'][:140]}`"

    out += grouped({cls: list(hits.items()) for cls, hits in groups.items()}, hit_line,
                   " (`tools/wild.py --fps FILE` lists them)")
    out += ["## Files `unmask clean` changes", "",
            "Clean text must come out of `unmask clean` byte-identical. A flagged file that clean",
            "changes is listed above; the files below are changed without being flagged (the line",
            "of the first difference).", ""]
    changes = [(r["id"], c) for r in results for c in r["clean"] if not c["flagged"]]
    if args.no_clean:
        out.append("Not checked (--no-clean).")
    else:
        in_flagged = sum(1 for r in results for c in r["clean"] if c["flagged"])
        out.append(f"- {in_flagged} flagged files changed, {len(changes)} files changed that are not flagged.")
        out.append("")
    by = collections.defaultdict(list)
    for sid, c in changes:
        by[c["category"]].append((sid, c))
    out += grouped(by, lambda item: f"- `{item[0]}` `{item[1]['path']}`:{item[1]['line']} "
                   f"({item[1]['removed']} bytes fewer): `{item[1]['excerpt'][:140]}`", "")
    out += ["## Notes", "",
            "- The figures are of one run on a shared 2-core machine; the scan time counts one process",
            "  start per source, which dominates the small ones (the per-source MB/s below).",
            "- Files that are binary but valid UTF-8 (compiled time zones, NUL-padded test data) are",
            "  text to unmask (docs/report-format.md, Inputs); `clean` removes their NULs, as the",
            "  contract says, so they count as changed.",
            "- Debian's archive keeps only the current version of a package: when a pinned `.deb` no",
            "  longer downloads, `python3 tools/wild.py --pin NAME` re-pins it (and npm/PyPI the same",
            "  way, when a newer version is wanted).",
            "",
            "## Sources", "",
            "| source | version | files | MB | flagged | clean changed | MB/s | why |",
            "|---|---|---:|---:|---:|---:|---:|---|"]
    why = {s["id"]: s.get("why", "") for s in load_sources()}
    for r in results:
        out.append(f"| `{r['id']}` | {r['version']} | {r['files']} | {r['bytes'] / 1e6:.1f} "
                   f"| {len(r['flagged'])} | {len(r['clean'])} "
                   f"| {r['bytes'] / 1e6 / max(r['seconds'], 1e-6):.0f} | {why.get(r['id'], '')} |")
    return "\n".join(out) + "\n"


def render_fps(results):
    """Flagged files by class of text, then clean's changes by class."""
    out = ["# False positives on the wild set (tools/wild.py)", ""]
    groups = collections.defaultdict(list)
    for res in results:
        for h in res["hits"]:
            groups[text_class(h)].append((res["id"], h))
    out.append(f"Cache: {CACHE}/unpacked/<sha256[:24]>/ (`python3 tools/wild.py --fetch-only --only SOURCE` prints it).")
    out.append("")
    for cls, hits in sorted(groups.items(), key=lambda kv: -len({(s, h['path']) for s, h in kv[1]})):
        files = {(s, h["path"]) for s, h in hits}
        out.append(f"## {cls}: {len(hits)} findings in {len(files)} files")
        seen = set()
        for s, h in hits:
            if (s, h["path"]) in seen:
                continue
            seen.add((s, h["path"]))
            out.append(f"- `{s}` `{h['path']}`:{h['line']} ({h['severity']}) {h['excerpt']}")
            out.append(f"  - {h['explanation'][:300]}")
            if len(seen) >= 4:
                break
        out.append("")
    out.append("# Files `unmask clean` changes")
    out.append("")
    by = collections.defaultdict(list)
    for res in results:
        for c in res["clean"]:
            by[c["category"]].append((res["id"], c))
    for cat, items in sorted(by.items(), key=lambda kv: -len(kv[1])):
        out.append(f"## {cat}: {len(items)} files")
        for s, c in items[:6]:
            out.append(f"- `{s}` `{c['path']}`:{c['line']} ({c['removed']} bytes removed) {c['excerpt']}")
        out.append("")
    return "\n".join(out) + "\n"


class SelfTest(unittest.TestCase):
    """The judging logic, without a download, a binary or a scan (`--self-test`)."""

    def result(self, *flagged_files):
        return {"id": "npm:x", "flagged": [{"path": p, "sha256": h} for p, h in flagged_files]}

    def test_a_flagged_file_passes_only_when_listed_with_its_sha256(self):
        known = [{"source": "npm:x", "path": "a.js", "sha256": "11", "reason": "a test"}]
        self.assertEqual(check_known([self.result(("a.js", "11"))], known, {"npm:x"}), [])
        changed, stale = check_known([self.result(("a.js", "22"))], known, {"npm:x"})
        self.assertIn("listed with another sha256", changed)
        self.assertIn("no longer flagged", stale)
        [unlisted] = check_known([self.result(("b.js", "33"))], [], {"npm:x"})
        self.assertIn("not in wild-known.toml", unlisted)

    def test_a_listed_entry_that_is_no_longer_flagged_fails_when_its_source_ran(self):
        known = [{"source": "npm:x", "path": "a.js", "sha256": "11", "reason": "a test"}]
        [stale] = check_known([self.result()], known, {"npm:x"})
        self.assertIn("no longer flagged", stale)
        self.assertEqual(check_known([], known, {"npm:y"}), [])

    def test_flagged_means_medium_high_or_a_payload(self):
        low = {"findings": [{"severity": "low"}], "payloads": []}
        self.assertFalse(flagged(low))
        self.assertTrue(flagged({"findings": [{"severity": "medium"}], "payloads": []}))
        self.assertTrue(flagged({"findings": [], "payloads": [{"scheme": "tags"}]}))

    def test_excerpt_is_the_line_escaped_and_cut_around_the_offset(self):
        data = "first\nkhmer \u1780\u200b\u1781 end\n".encode()
        line, text = excerpt(data, data.index("\u200b".encode()))
        self.assertEqual(line, 2)
        self.assertEqual(text, ascii("khmer \u1780\u200b\u1781 end"))
        long_line = ("x" * 500 + "\u200b" + "y" * 500).encode()
        _, cut = excerpt(long_line, 500)
        self.assertTrue(cut.startswith("'\\u2026x") and cut.endswith("y\\u2026'"))
        self.assertLess(len(eval(cut)), EXCERPT + 3)
        _, credit = excerpt(b"# sag\xe2\x80\x8be <someone@example.com>, 2019", 5)
        self.assertEqual(credit, ascii("# sag\u200be <<e-mail>>, 2019"))

    def test_compare_names_what_moved_and_what_is_new(self):
        old = [{"id": "npm:x", "flagged": [{"path": "a"}, {"path": "b"}], "clean": [{"path": "a"}]}]
        new = [{"id": "npm:x", "flagged": [{"path": "b"}, {"path": "c"}], "clean": []}]
        self.assertEqual(compare(old, new), [
            "npm:x: flagged 2 -> 2", "  newly flagged: c", "npm:x: clean 1 -> 0",
            "== flagged 2 -> 2, changed by clean 1 -> 0"])

    def test_include_globs(self):
        keep = include_filter({"include": ["package/*/regex.mjs", "docs/**"]})
        self.assertTrue(keep("package/Format/regex.mjs"))
        self.assertFalse(keep("package/Format/deeper/regex.mjs"))
        self.assertTrue(keep("docs/a/b/c.md"))
        self.assertTrue(include_filter({})("anything"))

    def test_the_source_list_survives_a_rewrite(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = pathlib.Path(tmp) / "sources.toml"
            path.write_text("# header\n\n[[source]]\nkind = \"npm\"\nname = \"he\"\nsample = true\n"
                            'include = ["a/*"]\nwhy = "entities \\"quoted\\""\n')
            sources = load_sources(path)
            sources[0].update(version="1.2.0", sha256="ab" * 32)
            write_sources(sources, path)
            again = load_sources(path)
            self.assertTrue(path.read_text().startswith("# header\n"))
            self.assertEqual(again, sources)


if __name__ == "__main__":
    sys.exit(main())
