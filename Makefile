# Two commands for a fresh machine:
#   make start   set up, then answer questions (Discord when DISCORD_TOKEN is set, else a local chat)
#   make test    set up, then lint, type-check and run every test (what CI runs)
# Setting up installs exactly the versions in requirements/dev.txt (hashes checked);
# `make lock` rewrites the lock files after a change to the dependencies in pyproject.toml.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LOCK := requirements/dev.txt
# One universal lock per use (dev: every tool; runtime: the image; build: building the wheel),
# for every platform and Python >= 3.11, with the hashes of the files on PyPI.
COMPILE := $(BIN)/uv pip compile --quiet --universal --python-version 3.11 --generate-hashes \
	--custom-compile-command "make lock"

.PHONY: start test check lint eval train-triage bench lock upgrade clean

$(STAMP): pyproject.toml $(LOCK)
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	@touch $(STAMP)

start: $(STAMP)
	$(BIN)/python -m bot

test: $(STAMP)
	$(BIN)/python -m bot check
	$(BIN)/ruff check bot tests
	$(BIN)/ruff format --check bot tests
	$(BIN)/mypy bot
	$(BIN)/hadolint Dockerfile
	$(BIN)/python -m bot eval tests/eval/dev.jsonl $(TRIAGE_DEV) --min 0.85 --quiet
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check bot tests
	$(BIN)/ruff format --check bot tests
	$(BIN)/mypy bot

check: $(STAMP)
	$(BIN)/python -m bot check

TRIAGE_DEV = tests/safety/triage_dev.jsonl tests/safety/triage_dev2.jsonl tests/safety/triage_dev3.jsonl \
	tests/safety/triage_dev4.jsonl tests/safety/triage_dev5.jsonl tests/safety/triage_dev6.jsonl \
	tests/safety/triage_dev7.jsonl tests/safety/triage_dev8.jsonl tests/safety/triage_dev9.jsonl tests/safety/triage_dev10.jsonl tests/safety/triage_dev11.jsonl tests/safety/triage_dev12.jsonl tests/safety/triage_dev14.jsonl tests/safety/triage_dev15.jsonl tests/safety/triage_dev16.jsonl tests/safety/triage_dev17.jsonl tests/safety/triage_dev18.jsonl tests/safety/triage_dev19.jsonl tests/safety/triage_dev20.jsonl tests/safety/triage_dev21.jsonl tests/safety/triage_dev22.jsonl tests/safety/triage_dev23.jsonl tests/safety/triage_dev24.jsonl tests/safety/triage_dev25.jsonl tests/safety/triage_dev26.jsonl tests/safety/triage_dev27.jsonl tests/safety/triage_dev28.jsonl tests/safety/triage_dev29.jsonl tests/safety/triage_dev30.jsonl tests/safety/triage_dev31.jsonl tests/safety/triage_dev32.jsonl tests/safety/triage_dev33.jsonl tests/safety/triage_dev34.jsonl tests/safety/triage_dev35.jsonl tests/safety/triage_dev36.jsonl tests/safety/triage_dev37.jsonl tests/safety/triage_dev38.jsonl tests/safety/triage_dev39.jsonl tests/safety/triage_dev40.jsonl tests/safety/triage_dev41.jsonl tests/safety/triage_dev42.jsonl tests/safety/triage_dev43.jsonl tests/safety/triage_dev44.jsonl tests/safety/triage_dev45.jsonl tests/safety/triage_dev46.jsonl tests/safety/triage_dev47.jsonl tests/safety/triage_dev48.jsonl tests/safety/triage_dev49.jsonl tests/safety/triage_dev50.jsonl tests/safety/triage_dev51.jsonl tests/safety/triage_dev52.jsonl tests/safety/triage_dev53.jsonl tests/safety/triage_dev54.jsonl tests/safety/triage_dev55.jsonl tests/safety/triage_dev56.jsonl tests/safety/triage_dev57.jsonl tests/safety/triage_dev58.jsonl tests/safety/triage_dev59.jsonl tests/safety/triage_dev60.jsonl tests/safety/triage_dev61.jsonl tests/safety/triage_dev62.jsonl tests/safety/triage_dev63.jsonl tests/safety/triage_dev64.jsonl tests/safety/triage_dev65.jsonl tests/safety/triage_dev66.jsonl tests/safety/triage_dev67.jsonl tests/safety/triage_dev68.jsonl tests/safety/triage_dev69.jsonl tests/safety/triage_dev70.jsonl tests/safety/triage_dev71.jsonl tests/safety/triage_dev72.jsonl tests/safety/triage_dev73.jsonl tests/safety/triage_dev74.jsonl tests/safety/triage_dev75.jsonl tests/safety/triage_dev76.jsonl tests/safety/triage_dev77.jsonl tests/safety/triage_dev78.jsonl tests/safety/triage_dev79.jsonl tests/safety/triage_dev80.jsonl tests/safety/triage_dev81.jsonl tests/safety/triage_dev82.jsonl tests/safety/triage_dev83.jsonl tests/safety/triage_dev84.jsonl tests/safety/triage_dev85.jsonl tests/safety/triage_dev86.jsonl tests/safety/triage_dev87.jsonl tests/safety/triage_dev88.jsonl tests/safety/triage_dev89.jsonl tests/safety/triage_dev90.jsonl tests/safety/triage_dev91.jsonl tests/safety/triage_dev92.jsonl tests/safety/triage_dev93.jsonl tests/safety/triage_dev94.jsonl tests/safety/triage_dev95.jsonl tests/safety/triage_dev96.jsonl tests/safety/triage_dev97.jsonl tests/safety/triage_dev98.jsonl tests/safety/triage_dev99.jsonl tests/safety/triage_dev100.jsonl tests/safety/triage_dev101.jsonl tests/safety/triage_dev102.jsonl tests/safety/triage_dev103.jsonl tests/safety/triage_dev104.jsonl tests/safety/triage_dev105.jsonl tests/safety/triage_dev106.jsonl tests/safety/triage_dev107.jsonl tests/safety/triage_dev108.jsonl tests/safety/triage_dev109.jsonl tests/safety/triage_dev110.jsonl tests/safety/triage_dev111.jsonl tests/safety/triage_dev112.jsonl tests/safety/triage_dev113.jsonl tests/safety/triage_dev114.jsonl tests/safety/triage_everyday.jsonl
ANSWER_DEV = tests/eval/dev.jsonl tests/eval/dev2.jsonl tests/eval/dev3.jsonl tests/eval/dev4.jsonl tests/eval/dev5.jsonl tests/eval/dev6.jsonl tests/eval/dev7.jsonl tests/eval/dev8.jsonl tests/eval/dev9.jsonl tests/eval/dev10.jsonl tests/eval/dev11.jsonl tests/eval/dev12.jsonl tests/eval/dev13.jsonl tests/eval/dev14.jsonl tests/eval/dev15.jsonl tests/eval/dev16.jsonl tests/eval/dev17.jsonl tests/eval/dev18.jsonl tests/eval/dev19.jsonl tests/eval/dev20.jsonl tests/eval/dev21.jsonl tests/eval/dev22.jsonl tests/eval/dev23.jsonl tests/eval/dev24.jsonl tests/eval/dev25.jsonl tests/eval/dev26.jsonl tests/eval/dev27.jsonl tests/eval/dev28.jsonl tests/eval/dev29.jsonl tests/eval/dev30.jsonl tests/eval/dev31.jsonl tests/eval/dev32.jsonl tests/eval/dev33.jsonl tests/eval/dev34.jsonl tests/eval/dev35.jsonl tests/eval/dev36.jsonl tests/eval/dev37.jsonl tests/eval/dev38.jsonl tests/eval/dev39.jsonl tests/eval/dev40.jsonl tests/eval/dev41.jsonl tests/eval/dev42.jsonl tests/eval/dev43.jsonl tests/eval/dev44.jsonl tests/eval/dev45.jsonl tests/eval/dev46.jsonl tests/eval/dev47.jsonl tests/eval/dev48.jsonl tests/eval/dev49.jsonl tests/eval/dev50.jsonl tests/eval/dev51.jsonl tests/eval/dev52.jsonl tests/eval/dev53.jsonl tests/eval/dev54.jsonl tests/eval/dev55.jsonl tests/eval/dev56.jsonl tests/eval/dev57.jsonl tests/eval/dev58.jsonl tests/eval/dev59.jsonl tests/eval/dev60.jsonl tests/eval/dev61.jsonl tests/eval/dev62.jsonl tests/eval/dev63.jsonl tests/eval/dev64.jsonl tests/eval/dev65.jsonl tests/eval/dev66.jsonl tests/eval/dev67.jsonl tests/eval/dev68.jsonl tests/eval/dev69.jsonl tests/eval/dev70.jsonl tests/eval/dev71.jsonl tests/eval/dev72.jsonl tests/eval/dev73.jsonl tests/eval/dev74.jsonl tests/eval/dev75.jsonl tests/eval/dev76.jsonl tests/eval/dev77.jsonl tests/eval/dev78.jsonl tests/eval/dev79.jsonl tests/eval/dev80.jsonl tests/eval/dev81.jsonl tests/eval/dev82.jsonl tests/eval/dev83.jsonl tests/eval/dev84.jsonl tests/eval/dev85.jsonl tests/eval/dev86.jsonl tests/eval/reachability.jsonl

# Dev splits (tuned on), then the frozen test splits (never tuned on), then a typo copy of the tests.
# test2-test4 and triage_test2-triage_test4 were written blind by helpers (2026-11-26/27; test4 and
# triage_test4 mid-session on 2026-11-27, measured only after that).
FROZEN_ANSWERS = tests/eval/test.jsonl tests/eval/test2.jsonl tests/eval/test3.jsonl tests/eval/test4.jsonl
FROZEN_TRIAGE = tests/safety/triage_test.jsonl tests/safety/triage_test2.jsonl tests/safety/triage_test3.jsonl tests/safety/triage_test4.jsonl
eval: $(STAMP)
	$(BIN)/python -m bot eval $(ANSWER_DEV) $(TRIAGE_DEV) --quiet
	$(BIN)/python -m bot eval $(FROZEN_ANSWERS) $(FROZEN_TRIAGE) --quiet
	$(BIN)/python -m bot eval $(FROZEN_ANSWERS) --typos 2 --quiet

# The learned triage model is trained on the dev splits only; the frozen test split measures it.
train-triage: $(STAMP)
	$(BIN)/python -m bot train-triage $(TRIAGE_DEV) $(ANSWER_DEV)

bench: $(STAMP)
	$(BIN)/python -m bot bench

# Keeps every pinned version that still fits pyproject.toml; `make upgrade` takes the newest.
lock: $(STAMP)
	$(COMPILE) $(UPGRADE) --extra dev pyproject.toml requirements/build.in -o requirements/dev.txt
	$(COMPILE) pyproject.toml -c requirements/dev.txt -o requirements/runtime.txt
	$(COMPILE) requirements/build.in -c requirements/dev.txt -o requirements/build.txt

upgrade:
	$(MAKE) lock UPGRADE=--upgrade

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache .mypy_cache
