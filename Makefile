# unmask: two commands. `make` installs what is missing, builds the CLI, the WebAssembly package
# (pkg/) and the extension's copy of it (extension/wasm/), and shows a scan of a bundled sample;
# `make test` runs every test. Recipes run with /bin/sh.
#
# Installs are separate targets (setup-rust, setup-npm, setup-browsers) that do nothing, quietly,
# when everything is already there. Nothing is downloaded from GitHub: Rust tools come from
# crates.io, wasm-opt from npm `binaryen` (never Debian's binaryen: its wasm-opt 108 breaks
# wasm-bindgen's output), browsers from Debian.

CARGO ?= cargo
NPM ?= npm
UNMASK := target/release/unmask
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

# Tools from crates.io, pinned: wasm-pack and cargo-deny build with --locked (their own
# Cargo.lock); wasm-bindgen-cli does not (a crate its lockfile pins is not offered by the index
# here), and must be exactly the version of the wasm-bindgen crate in Cargo.lock.
WASM_PACK_VERSION := 0.15.1
CARGO_DENY_VERSION := 0.20.2
WASM_BINDGEN_VERSION := $(shell sed -n '/^name = "wasm-bindgen"$$/{n;s/^version = "\(.*\)"$$/\1/p;}' Cargo.lock)
# Debian's browsers and drivers, for the wasm tests in a browser and the extension's tests.
CHROMIUM := /usr/lib/chromium/chromium
CHROMEDRIVER := /usr/bin/chromedriver
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# The cargo flags of every wasm build: the library only, without the CLI's dependencies.
WASM_CARGO_FLAGS := --no-default-features --locked
# opt-level of the release wasm (lto, codegen-units=1 from the release profile; wasm-opt -Oz).
# Measured here (Nov 2026; scan of 1 MB of prose in node, best of 9; .wasm bytes / gzipped):
#   3: 90 ms, 354 KB / 145 KB     s: 186 ms, 338 KB / 143 KB     z: 281 ms, 304 KB / 131 KB
# The module ships inside the extension (no download), so speed wins: 3. `make WASM_OPT_LEVEL=z`
# builds the smallest.
WASM_OPT_LEVEL ?= 3

.PHONY: all setup setup-rust setup-npm setup-browsers build wasm demo test test-wasm test-ext \
	tables grapheme-table check-tables clean dist fuzz bench setup-bench identity wild wild-sample

all: build wasm demo

## Installs what the build and the tests need, when it is missing.
setup: setup-rust setup-npm setup-browsers

setup-rust:
	@rustup target list --installed | grep -qx wasm32-unknown-unknown || \
	  rustup target add wasm32-unknown-unknown
	@test -n "$(WASM_BINDGEN_VERSION)" || { echo "no wasm-bindgen in Cargo.lock"; exit 1; }
	@[ "$$(wasm-bindgen --version 2>/dev/null)" = "wasm-bindgen $(WASM_BINDGEN_VERSION)" ] || \
	  $(CARGO) install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION)
	@[ "$$(wasm-pack --version 2>/dev/null)" = "wasm-pack $(WASM_PACK_VERSION)" ] || \
	  $(CARGO) install wasm-pack --version $(WASM_PACK_VERSION) --locked
	@[ "$$(cargo-deny --version 2>/dev/null)" = "cargo-deny $(CARGO_DENY_VERSION)" ] || \
	  $(CARGO) install cargo-deny --version $(CARGO_DENY_VERSION) --locked

setup-npm: node_modules/.installed

# A node_modules that is a link (a git worktree sharing its main checkout's) is installed where
# it points: `npm ci` through the link empties the shared directory first, under every other
# checkout that uses it.
node_modules/.installed: package.json package-lock.json
	@if [ -L node_modules ]; then echo "node_modules is a link: not installed here"; \
	  else $(NPM) ci --no-audit --no-fund; fi
	touch $@

# Installs the Debian packages a recipe put in $$missing, if any. apt: retry once (another apt
# may hold the dpkg lock), then refresh the lists and try again.
APT_INSTALL_MISSING = [ -z "$$missing" ] || { \
	    echo "== apt-get install$$missing"; \
	    export DEBIAN_FRONTEND=noninteractive; \
	    $(SUDO) apt-get install -y -q $$missing || \
	    { sleep 10; $(SUDO) apt-get install -y -q $$missing; } || \
	    { $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q $$missing; }; }

setup-browsers:
	@missing=""; \
	  [ -x $(CHROMIUM) ] || missing="$$missing chromium"; \
	  [ -x $(CHROMEDRIVER) ] || missing="$$missing chromium-driver"; \
	  command -v firefox-esr >/dev/null || missing="$$missing firefox-esr"; \
	  $(APT_INSTALL_MISSING)

build: setup
	$(CARGO) build --release --locked

## The WebAssembly package (pkg/, an npm-style package for `--target web`) and the extension's copy.
wasm: setup
	@[ "$$(command -v wasm-opt)" = "$(CURDIR)/node_modules/.bin/wasm-opt" ] || \
	  { echo "wasm-opt is not npm binaryen's: $$(command -v wasm-opt)"; exit 1; }
	CARGO_PROFILE_RELEASE_OPT_LEVEL=$(WASM_OPT_LEVEL) \
	  wasm-pack build --mode no-install --target web --release --out-dir pkg --out-name unmask \
	  -- $(WASM_CARGO_FLAGS)
	mkdir -p extension/wasm
	cp pkg/unmask.js pkg/unmask_bg.wasm extension/wasm/
	@echo "== pkg/unmask_bg.wasm: $$(wc -c < pkg/unmask_bg.wasm) bytes, $$(gzip -9c pkg/unmask_bg.wasm | wc -c) gzipped"

## Scans the bundled sample: exit status 1 (findings) is expected here.
demo: build
	@echo "== unmask scan tests/fixtures/sample.txt"
	@$(UNMASK) scan tests/fixtures/sample.txt; status=$$?; \
	  if [ $$status -gt 1 ]; then exit $$status; fi

## Regenerates the character tables from Unicode's data.
tables: setup-npm
	node tools/gen-tables.mjs > src/tables.rs

## Regenerates the grapheme cluster table from the pinned unicode-segmentation crate's.
grapheme-table:
	python3 tools/gen-grapheme-table.py > src/grapheme_table.rs

check-tables: setup-npm
	node tools/gen-tables.mjs | diff -q - src/tables.rs >/dev/null || \
	  { echo "src/tables.rs is stale: run 'make tables'"; exit 1; }

test: build check-tables
	$(CARGO) fmt --check
	$(CARGO) clippy --locked --all-targets -- -D warnings
	$(CARGO) build --locked --no-default-features
	$(CARGO) clippy --target wasm32-unknown-unknown --all-targets $(WASM_CARGO_FLAGS) -- -D warnings
	$(CARGO) test --locked
	RUSTDOCFLAGS='-D warnings' $(CARGO) doc --locked --no-deps --lib
	RUSTDOCFLAGS='-D warnings' $(CARGO) doc --locked --no-deps --lib --target wasm32-unknown-unknown
	$(CARGO) test --release --locked --test hostile
	$(CARGO) fetch --locked
	$(CARGO) deny --offline check licenses bans sources
	python3 tests/corpus/score.py --cmd '$(UNMASK) scan --format json'
	python3 tools/identity_test.py
	python3 tools/layers.py --self-test
	python3 tools/wild.py --self-test
	python3 tools/wild.py --sample --unmask $(UNMASK)
	python3 tools/layers.py
	$(MAKE) --no-print-directory test-wasm test-ext

## The bindings' tests in node and headless Chromium, and a node smoke test of the built pkg/.
test-wasm: setup wasm
	wasm-pack test --mode no-install --node -- $(WASM_CARGO_FLAGS)
	wasm-pack test --mode no-install --headless --chrome --chromedriver $(CHROMEDRIVER) \
	  -- $(WASM_CARGO_FLAGS)
	node --test tests/wasm/*.test.mjs

## The extension's browser tests: headless Chromium with the unpacked extension, a Firefox ESR
## smoke test through web-ext run, and web-ext lint. Screenshots go to test-output/.
test-ext: setup wasm
	PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS=1 node --test --test-concurrency=1 tests/e2e/

## Benchmarks against ripgrep and the npm tools (issue 6): prints a table, writes BENCHMARKS.md.
## Not part of `make test`. Sizes and runs: BENCH_MB, BENCH_WASM_MB, BENCH_RUNS, BENCH_SKIP_GB=1,
## BENCH_SKIP=native,wasm,extension,criterion (see bench/run.py).
bench: build wasm setup-npm setup-bench
	python3 bench/run.py

# ripgrep and GNU time (for /usr/bin/time -v) from Debian, when missing.
setup-bench:
	@missing=""; \
	  command -v rg >/dev/null || missing="$$missing ripgrep"; \
	  [ -x /usr/bin/time ] || missing="$$missing time"; \
	  $(APT_INSTALL_MISSING)

## The wild benchmark (issue 17): fetches the pinned packages of tools/wild-sources.toml (npm,
## PyPI, Debian; cached by sha256 in $UNMASK_WILD_CACHE, default ~/.cache/unmask-wild), scans
## them, checks that `unmask clean` leaves them unchanged and writes WILD.md. Exit 1 on a flagged
## file that wild-known.toml does not list. Not part of `make test`, which runs `wild-sample`: the
## same check on a few small npm and PyPI packages (~15 MB, seconds once cached). More options in WILD_ARGS, e.g. WILD_ARGS="--only npm:he".
WILD_ARGS ?=
wild: build
	python3 tools/wild.py --unmask $(UNMASK) --write WILD.md $(WILD_ARGS)

wild-sample: build
	python3 tools/wild.py --sample --unmask $(UNMASK)

## Store-upload packages of the extension (unsigned zips named with Cargo.toml's version) in dist/.
dist: wasm
	python3 tools/dist.py

## Compares the CLI output (scan text/JSON/SARIF, decode, clean) of IDENTITY_BASE with this
## tree's over the corpus, the fixtures, the fuzz seeds and node_modules/ (issue 16): exit 1 on a
## difference that no --allow accepts. Not part of `make test`; more options in IDENTITY_ARGS,
## e.g. IDENTITY_ARGS="--allow '^clean ' --sets corpus,fixtures" (see tools/identity.py).
IDENTITY_BASE ?= pre-16
## Allowed by default, as issue 16 names them: character names (every name from the tables),
## excerpt and caret boundaries (grapheme clusters: text excerpts and carets, the quoted words
## "right after" in explanations) and the SARIF rules' help text (from the rule registry).
IDENTITY_ARGS ?= --names --allow '^scan-sarif runs\[\]\.tool\.driver\.rules\[\]\.help' \
	--allow '^scan-text (excerpt|caret):' --allow 'right after \\".*→.*right after \\"'

identity: setup-npm
	python3 tools/identity.py --base $(IDENTITY_BASE) $(IDENTITY_ARGS)

## Fuzzes scan, decode, clean, diff and the escaped-form parser for FUZZ_SECONDS each (nightly,
## cargo-fuzz from crates.io), seeded from the corpus and the fixtures; prints the executions and
## crashes of each target. Crashing inputs and logs are left in fuzz/artifacts/.
FUZZ_SECONDS ?= 300
FUZZ_TARGETS := scan decode clean diff escaped

fuzz:
	@command -v cargo-fuzz >/dev/null || $(CARGO) install cargo-fuzz --locked
	cd fuzz && $(CARGO) +nightly fuzz build --sanitizer none --debug-assertions
	@for t in $(FUZZ_TARGETS); do \
	  mkdir -p fuzz/corpus/$$t && \
	  find tests/corpus/samples tests/fixtures -type f -exec cp {} fuzz/corpus/$$t/ \; ; \
	done
	@mkdir -p fuzz/artifacts; failed=0; for t in $(FUZZ_TARGETS); do \
	  echo "== fuzz $$t for $(FUZZ_SECONDS) s"; \
	  ( cd fuzz && $(CARGO) +nightly fuzz run --sanitizer none --debug-assertions $$t corpus/$$t -- \
	    -max_total_time=$(FUZZ_SECONDS) -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
	    -print_final_stats=1 ) > fuzz/artifacts/$$t.log 2>&1; status=$$?; \
	  runs=$$(sed -n 's/^stat::number_of_executed_units: *//p' fuzz/artifacts/$$t.log | tail -1); \
	  crashes=$$(grep -c 'Test unit written to' fuzz/artifacts/$$t.log); \
	  echo "$$t: $${runs:-0} executions, $$crashes crashes (exit $$status; log fuzz/artifacts/$$t.log)"; \
	  [ $$status -eq 0 ] || failed=1; \
	done; exit $$failed

clean:
	$(CARGO) clean
	rm -rf node_modules pkg extension/wasm
