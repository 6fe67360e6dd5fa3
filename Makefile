# Set-up and common tasks. `make exports` and `make test` are all a fresh machine needs.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
# torch is pulled in by camel-tools; the pin takes the CPU build (1.4 GB) instead of CUDA (6 GB).
CONSTRAINTS := constraints.txt

.PHONY: venv exports snapshot test lint typecheck check system-deps clean

$(BIN)/kg: pyproject.toml $(CONSTRAINTS)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c $(CONSTRAINTS) -e '.[dev]'
	@touch $(BIN)/kg

venv: $(BIN)/kg

exports: venv
	$(BIN)/kg build seeds -o exports

# The digest of a build of 1,000 generated documents that tests/test_snapshot.py checks:
# update it only when a change of output is meant.
snapshot: venv
	$(BIN)/python scripts/snapshot.py --generated 1000 --write tests/fixtures/generated-1000.sha256

test: venv
	$(BIN)/python -m pytest

lint: venv
	$(BIN)/ruff format --check src tests scripts benchmarks
	$(BIN)/ruff check src tests scripts benchmarks

typecheck: venv
	$(BIN)/mypy

check: lint typecheck test

system-deps:
	bash scripts/install_system_deps.sh

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
