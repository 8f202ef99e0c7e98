# Two commands matter: `make run` starts the service, `make test` runs every test.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DB ?= var/postlint.db
# The real editors the browser tests type into, bundled into fixture pages.
EDITORS := tests/editors
EDITOR_PAGES := $(EDITORS)/dist/.built

.PHONY: run test bench fuzz eval lint-rules clean wheel install extension icons

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/postlint serve --db $(DB)

# Production: a wheel to copy to the server, or an install into PREFIX with postlint on PATH.
PREFIX ?= /opt/postlint
BINDIR ?= /usr/local/bin
wheel: $(STAMP)
	$(BIN)/pip wheel --quiet --no-deps --no-build-isolation --wheel-dir dist .
	@ls dist/postlint-*.whl

install:
	$(PYTHON) -m venv $(PREFIX)
	$(PREFIX)/bin/pip install --quiet --upgrade pip
	$(PREFIX)/bin/pip install --quiet .
	ln -sf $(PREFIX)/bin/postlint $(BINDIR)/postlint
	@echo "postlint installed in $(PREFIX); $(BINDIR)/postlint runs it"

# The browser extension as zips for the Chrome Web Store / Edge Add-ons and for self-hosting.
# EXTENSION_KEY=force-key.pem gives the build the force's own key (and so its own id).
extension:
	$(PYTHON) extension/build/package.py --out dist/extension $(if $(EXTENSION_KEY),--key $(EXTENSION_KEY)) \
	  $(if $(EXTENSION_UPDATE_URL),--update-url $(EXTENSION_UPDATE_URL))

$(EDITOR_PAGES): $(EDITORS)/package.json $(EDITORS)/package-lock.json $(EDITORS)/build.mjs $(wildcard $(EDITORS)/src/*)
	cd $(EDITORS) && npm ci --no-audit --no-fund --loglevel=error && node build.mjs

test: $(STAMP) $(EDITOR_PAGES)
	$(BIN)/python -m pytest -q

# Every labelled corpus on this machine: the held-out probe in tests/ always, the shared ones when present.
EVAL_DIR ?= ../shared/eval
eval: $(STAMP)
	@for corpus in tests/data/holdout.jsonl tests/data/open.jsonl $(EVAL_DIR)/dev.jsonl $(EVAL_DIR)/dev2.jsonl $(EVAL_DIR)/devx.jsonl \
	               $(EVAL_DIR)/real/labelled.jsonl; do \
	  if [ -f "$$corpus" ]; then echo "== $$corpus"; \
	    $(BIN)/postlint eval "$$corpus" --calendar tests/data/calendar-2027.toml --summary || exit $$?; \
	  else echo "== $$corpus: not on this machine, skipped"; fi; \
	done

bench: $(STAMP)
	$(BIN)/pip install --quiet -e '.[test,bench]'
	$(BIN)/python -m bench

fuzz: $(STAMP)
	POSTLINT_FUZZ=long $(BIN)/python -m pytest -q tests/test_properties.py

clean:
	rm -rf $(VENV) build dist *.egg-info test-output .pytest_cache .hypothesis $(EDITORS)/node_modules $(EDITORS)/dist
