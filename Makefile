# Two commands do all set-up on a fresh machine:
#   make demo   installs govreport alone (no test or docs tools) into .venv, then validates, summarises and
#               checks the bundled example
#   make test   installs into .venv (and the Debian packages the browser tests need: `make system`),
#               then runs ruff, mypy --strict, import-linter, the docs build and pytest
#   make fuzz   runs the fuzz suite for FUZZ_SECONDS (3600 by default; see tests/fuzz/runner.py)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DEMO_STAMP := $(VENV)/.demo-stamp
PLUGINS := $(sort $(wildcard plugins/*/pyproject.toml))
EXAMPLE := examples/zibo-gaoxin-2021.json
LINT_PATHS := $(wildcard src tests plugins benchmarks docs)

FUZZ_SECONDS ?= 3600
FUZZ_REPORT ?= fuzz-report.json

.PHONY: install system demo test lint typecheck unit docs schemas benchmarks fuzz clean

$(STAMP): pyproject.toml $(PLUGINS)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]' $(foreach p,$(PLUGINS),-e ./$(dir $(p)))
	touch $(STAMP)

install: $(STAMP)

# the demo needs govreport's core only: no sphinx, mypy, dask or browsers (make install adds them later)
$(DEMO_STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $(DEMO_STAMP)

system:  # headless Chromium and CJK fonts for the browser tests (apt-get as root or password-less sudo)
	.ci/system-packages

demo: $(DEMO_STAMP)
	$(BIN)/govreport validate $(EXAMPLE)
	$(BIN)/govreport show $(EXAMPLE)
	$(BIN)/govreport check $(EXAMPLE)

lint: install
	$(BIN)/ruff check $(LINT_PATHS)
	$(BIN)/ruff format --check $(LINT_PATHS)
	$(BIN)/lint-imports

typecheck: install
	$(BIN)/mypy

unit: install system
	$(BIN)/pytest

docs: install
	rm -rf docs/_build
	$(BIN)/sphinx-build -W --keep-going -q -b html docs docs/_build/html

test: lint typecheck docs unit  # pytest last, so its summary closes the output

schemas: install
	$(BIN)/govreport schema --write-all schemas

# the fuzz suite of tests/fuzz for FUZZ_SECONDS of wall-clock time (make test runs it for a minute)
fuzz: install
	$(BIN)/python tests/fuzz/runner.py --seconds $(FUZZ_SECONDS) --report $(FUZZ_REPORT)

benchmarks: install
	@for b in benchmarks/*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) docs/_build .mypy_cache .ruff_cache .pytest_cache
