# Two commands matter: `make run` starts the service, `make test` runs every test.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DB ?= var/postlint.db

.PHONY: run test bench fuzz eval lint-rules clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/postlint serve --db $(DB)

test: $(STAMP)
	$(BIN)/python -m pytest -q

eval: $(STAMP)
	$(BIN)/postlint eval ../shared/eval/dev.jsonl --calendar ../shared/eval/calendar.toml

bench: $(STAMP)
	$(BIN)/pip install --quiet -e '.[test,bench]'
	$(BIN)/python -m bench

fuzz: $(STAMP)
	POSTLINT_FUZZ=long $(BIN)/python -m pytest -q tests/test_properties.py

clean:
	rm -rf $(VENV) build dist *.egg-info test-output .pytest_cache .hypothesis
