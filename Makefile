# Two commands for a fresh machine (Python 3.11 + pip + make): `make serve` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
BIN    := $(VENV)/bin
ADDR   ?= 127.0.0.1:8000
DEMO_COUNT ?= 500
export NO_MKDOCS_2_WARNING := 1

.PHONY: help setup serve build check test lint bench demo demo-build clean

setup: $(VENV)/.installed  ## create .venv/ with the package and its test tools (once)

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

lint: setup  ## ruff check plugins scripts tests
	$(BIN)/ruff check plugins scripts tests

test: setup lint check  ## lint, validate the archive, run the test suite
	$(BIN)/python -m pytest -q

demo: setup  ## generate a synthetic demo archive in .demo/ (once) and serve it on http://$(ADDR)
	$(BIN)/python scripts/demo.py --count $(DEMO_COUNT)
	$(BIN)/mkdocs serve -f mkdocs.demo.yml --dev-addr $(ADDR)

demo-build: setup  ## generate the demo archive (once) and build it into .demo/site/ (strict)
	$(BIN)/python scripts/demo.py --count $(DEMO_COUNT)
	$(BIN)/mkdocs build --strict -f mkdocs.demo.yml

bench: setup  ## build-time and related-articles benchmarks (prints figures)
	$(BIN)/python scripts/benchmark.py

clean:  ## remove built sites, caches and the demo archive
	rm -rf site .cache bench-out .demo

help:  ## list these targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | \
	  sed -E -e 's/^([a-z-]+):.*## /\1|/' -e 's/\$$\(ADDR\)/$(ADDR)/' | \
	  awk -F'|' '{ printf "  make %-11s %s\n", $$1, $$2 }'
