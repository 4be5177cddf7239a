#!/usr/bin/env python3
"""Writes the store-upload packages of the extension (unsigned zip files) into dist/.

    python3 tools/dist.py            # after `make wasm`; `make dist` runs it

dist/unmask-<version>-chrome.zip and dist/unmask-<version>-firefox.zip, <version> from
Cargo.toml's [package] version, which also becomes the manifest's "version". Each zip has
manifest.json at its root and holds extension/ as it loads unpacked (with the built core in
wasm/), minus the README; each manifest keeps only its browser's background key (Chrome: the
service worker and `minimum_chrome_version`; Firefox: the event page scripts and
browser_specific_settings). The tests' hooks into the scripts (`unmaskInspect`, `unmaskTest`:
each between a `// <test-hook>` and a `// </test-hook>` line) are left out: a store package
holds no test hook. Entries are sorted and dated 1980-01-01, so the same tree gives the same
bytes.
"""
import json
import pathlib
import re
import sys
import zipfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
EXT = ROOT / "extension"
OUT = ROOT / "dist"
SKIP = {"README.md"}
HOOK = re.compile(r"^[ \t]*// <test-hook>.*?^[ \t]*// </test-hook>[^\n]*\n", re.S | re.M)
HOOK_NAMES = ("unmaskInspect", "unmaskTest", "unmaskChecker", "test-hook")


def cargo_version():
    text = (ROOT / "Cargo.toml").read_text(encoding="utf-8")
    package = re.search(r"^\[package\]\s*$(.*?)(?=^\[|\Z)", text, re.S | re.M)
    m = re.search(r'^version\s*=\s*"([^"]+)"', package.group(1) if package else "", re.M)
    if not m:
        sys.exit("dist: no [package] version in Cargo.toml")
    return m.group(1)


def manifest_for(browser, version):
    m = json.loads((EXT / "manifest.json").read_text(encoding="utf-8"))
    # Stores accept dotted numbers only ("0.1.0"); a pre-release suffix is dropped.
    m["version"] = re.match(r"\d+(\.\d+){0,3}", version).group(0)
    bg = dict(m["background"])
    if browser == "chrome":
        bg.pop("scripts", None)
        m.pop("browser_specific_settings", None)
    else:
        bg.pop("service_worker", None)
        m.pop("minimum_chrome_version", None)
    m["background"] = bg
    return json.dumps(m, indent=2, ensure_ascii=False) + "\n"


def without_hooks(rel, data):
    """A script's bytes without its test hooks; fails if any name of a hook is left."""
    if not rel.endswith(".js"):
        return data
    text = HOOK.sub("", data.decode("utf-8"))
    left = [n for n in HOOK_NAMES if n in text]
    if left:
        sys.exit(f"dist: extension/{rel} still holds {', '.join(left)} outside a test-hook block")
    return text.encode("utf-8")


def files():
    for p in sorted(EXT.rglob("*")):
        rel = p.relative_to(EXT)
        if p.is_file() and rel.name not in SKIP and not any(s.startswith(".") for s in rel.parts):
            yield p, rel.as_posix()


def write(browser, version):
    for need in ("wasm/unmask.js", "wasm/unmask_bg.wasm"):
        if not (EXT / need).is_file():
            sys.exit(f"dist: extension/{need} is missing: run make wasm first")
    OUT.mkdir(exist_ok=True)
    path = OUT / f"unmask-{version}-{browser}.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        def add(name, data):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, data)

        add("manifest.json", manifest_for(browser, version).encode("utf-8"))
        for p, rel in files():
            if rel != "manifest.json":
                add(rel, without_hooks(rel, p.read_bytes()))
    print(f"== {path.relative_to(ROOT)}: {path.stat().st_size} bytes")


def main():
    version = cargo_version()
    for browser in ("chrome", "firefox"):
        write(browser, version)


if __name__ == "__main__":
    main()
