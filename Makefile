# Two commands for a fresh machine (Python 3.11 + pip + make): `make serve` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
BIN    := $(VENV)/bin
ADDR   ?= 127.0.0.1:8000
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup serve build check test lint bench clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

serve: setup  ## build the archive from content/ and serve it on http://$(ADDR) (warnings do not stop it)
	$(BIN)/mkdocs serve --dev-addr $(ADDR)

build: setup  ## build the archive into site/ (fails on any problem)
	$(BIN)/mkdocs build --strict

check: setup  ## validate every article without building
	$(BIN)/newsarchive check --content content

lint: setup
	$(BIN)/ruff check plugins scripts tests

test: setup lint check  ## lint, validate the archive, run the test suite
	$(BIN)/python -m pytest -q

bench: setup  ## build-time and related-articles benchmarks (prints figures)
	$(BIN)/python scripts/benchmark.py

clean:
	rm -rf site .cache bench-out
