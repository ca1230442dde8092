# Two commands for a fresh machine:
#   make start   set up, then answer questions (Discord when DISCORD_TOKEN is set, else a local chat)
#   make test    set up, then lint and run every test (what CI runs)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: start test check lint eval bench clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

start: $(STAMP)
	$(BIN)/python -m bot

test: $(STAMP)
	$(BIN)/python -m bot check
	$(BIN)/ruff check bot tests
	$(BIN)/hadolint Dockerfile
	$(BIN)/python -m bot eval tests/eval/dev.jsonl tests/safety/triage_dev.jsonl --min 0.9 --quiet
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check bot tests

check: $(STAMP)
	$(BIN)/python -m bot check

eval: $(STAMP)
	$(BIN)/python -m bot eval

bench: $(STAMP)
	$(BIN)/python -m bot bench

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache
