# Two commands do all the set-up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

# Large benchmark inputs (CVRPLIB) are not bundled: bench_vrp.py reads them from this folder.
BENCH_DATA ?= $(abspath ../shared/data)

.PHONY: demo test install install-test lint bench clean

$(BIN)/eipgeo: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.test-installed: $(BIN)/eipgeo
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

install: $(BIN)/eipgeo

install-test: $(VENV)/.test-installed

demo: install
	$(BIN)/eipgeo demo --out maps

test: install-test
	$(BIN)/python -m pytest -q

lint: install-test
	$(BIN)/ruff check eipgeo tests benchmarks tools
	$(BIN)/ruff format --check eipgeo tests benchmarks tools
	$(BIN)/mypy

bench: install
	$(BIN)/pip install --quiet -e ".[bench]"
	$(BIN)/python benchmarks/bench_matrix.py
	EIPGEO_DATA_DIR=$(BENCH_DATA) $(BIN)/python benchmarks/bench_vrp.py
	EIPGEO_DATA_DIR=$(BENCH_DATA) $(BIN)/python benchmarks/bench_wcvrptw.py
	$(BIN)/python benchmarks/bench_maps.py
	$(BIN)/python benchmarks/bench_scaling.py
	$(BIN)/python benchmarks/bench_store.py

clean:
	rm -rf $(VENV) maps/*.html maps/*/
