# One entry point for people and CI. `make demo` and `make test` work on a fresh clone.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
SEED   := seeds/000_5f474b3628a23a08.txt

.PHONY: install demo test lint eval check bench clean-venv

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/jiyao brief $(SEED)

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy

# The offline extractor may not regress against the committed baseline.
eval: $(STAMP)
	$(BIN)/jiyao eval --engine offline --baseline evals/baselines/offline.json

check: lint test eval

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_clean.py
	$(BIN)/python benchmarks/bench_startup.py
	$(BIN)/python benchmarks/bench_batch.py

clean-venv:
	rm -rf $(VENV)
