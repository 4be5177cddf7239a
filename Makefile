# unmask: two commands. `make` installs what is missing, builds, and shows a scan of a bundled
# sample; `make test` runs every test. Recipes run with /bin/sh.

CARGO ?= cargo
NPM ?= npm
UNMASK := target/release/unmask
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

.PHONY: all setup build demo test tables check-tables clean

all: build demo

## Installs what the build and the tests need, when it is missing.
setup: node_modules/.installed

node_modules/.installed: package.json package-lock.json
	$(NPM) ci --no-audit --no-fund
	touch $@

build: setup
	$(CARGO) build --release --locked

## Scans the bundled sample: exit status 1 (findings) is expected here.
demo: build
	@echo "== unmask scan tests/fixtures/sample.txt"
	@$(UNMASK) scan tests/fixtures/sample.txt; status=$$?; \
	  if [ $$status -gt 1 ]; then exit $$status; fi

## Regenerates the character tables from Unicode's data.
tables: setup
	node tools/gen-tables.mjs > src/tables.rs

check-tables: setup
	node tools/gen-tables.mjs | diff -q - src/tables.rs >/dev/null || \
	  { echo "src/tables.rs is stale: run 'make tables'"; exit 1; }

test: build check-tables
	$(CARGO) fmt --check
	$(CARGO) clippy --locked --all-targets -- -D warnings
	$(CARGO) build --locked --no-default-features
	$(CARGO) test --locked
	python3 tests/corpus/score.py --cmd '$(UNMASK) scan --format json'

clean:
	$(CARGO) clean
	rm -rf node_modules
