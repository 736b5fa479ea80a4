# One entry point for people and CI. `make demo` and `make test` work on a fresh clone.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
SEED   := seeds/000_5f474b3628a23a08.txt
# Every real server the fake endpoint can behave like (tests/fake_profiles.py).
PROFILES := openai openai-reasoning vllm vllm-old vllm-reasoning ollama ollama-current llamacpp reasoning chatty proxy azure deepseek dashscope groq
LLM_TESTS := tests/test_llm_pipeline.py tests/test_cli_llm.py tests/test_batch.py tests/test_service.py \
             tests/test_endpoint_profiles.py tests/test_llm_connections.py tests/reliability/test_secrets.py \
             tests/reliability/test_bad_input.py

.PHONY: install demo test test-profiles lint eval check bench wheel-check clean-venv

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

# The LLM suite once per endpoint profile (the default run uses the lenient one).
test-profiles: $(STAMP)
	@set -e; for p in $(PROFILES); do \
	  echo "== LLM tests against the '$$p' profile"; \
	  $(BIN)/python -m pytest -q --fake-profile=$$p $(LLM_TESTS); \
	done

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports

# The offline extractor may not regress against the committed baselines: the seeds'
# fields, and the garbled development corpus (dev and test).
eval: $(STAMP)
	$(BIN)/jiyao eval --engine offline --baseline evals/baselines/offline.json
	$(BIN)/jiyao eval corpus --baseline evals/baselines/corpus.json

# A wheel built from this checkout works from a fresh venv outside it.
wheel-check: $(STAMP)
	bash .ci/wheel-smoke.sh

check: lint test test-profiles eval wheel-check

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_clean.py --goals
	$(BIN)/python benchmarks/bench_startup.py
	$(BIN)/python benchmarks/bench_memory.py
	$(BIN)/python benchmarks/bench_hostile_files.py
	$(BIN)/python benchmarks/bench_names.py
	$(BIN)/python benchmarks/bench_calls.py
	$(BIN)/python benchmarks/bench_batch.py --reports 5 --latency 0.5 --skip-sequential
	$(BIN)/python benchmarks/bench_batch.py
	$(BIN)/python benchmarks/bench_batch.py --latency 0.05 --skip-sequential
	$(BIN)/python benchmarks/bench_manifest.py
	$(BIN)/python benchmarks/bench_service_load.py

clean-venv:
	rm -rf $(VENV)
