# newsbrief: the targets are the pipeline. `make` lists them.
#   data/raw (read-only) -> data/interim -> data/processed -> figures -> reports
.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SETUP := $(VENV)/.setup-done
BUILD ?= sample
PARAMS ?= params/$(BUILD).yaml

.PHONY: help setup report test lint format lab batch bench evaluate clean lock

help: ## list the targets
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(SETUP): requirements.txt pyproject.toml scripts/install-system-deps.sh
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	bash scripts/install-system-deps.sh
	@touch $@

setup: $(SETUP) ## create .venv and install pinned requirements, the package and system packages

report: $(SETUP) ## build the sample briefing: reports/$(BUILD)/briefing.{html,pdf}
	$(BIN)/newsbrief build $(PARAMS)

BATCH_PARAMS ?= $(sort $(wildcard params/batch/*.yaml))

batch: $(SETUP) ## build one briefing per params/batch/*.yaml, plus reports/index.html
	$(BIN)/newsbrief batch $(BATCH_PARAMS)

lab: $(SETUP) ## open JupyterLab on notebooks/ (each runs top to bottom on the sample)
	$(BIN)/jupyter lab --notebook-dir=notebooks

test: $(SETUP) ## lint, then run the whole test suite (unit, property-based, end-to-end)
	$(BIN)/ruff check --quiet .
	$(BIN)/ruff format --check --quiet .
	$(BIN)/python -m pytest

lint: $(SETUP) ## ruff lint and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(SETUP) ## apply ruff formatting and safe fixes
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

lock: ## regenerate requirements.txt from requirements.in in a scratch venv
	rm -rf build/lock && $(PYTHON) -m venv build/lock
	build/lock/bin/pip install --quiet -r requirements.in
	{ echo "# Full pinned lock of requirements.in (regenerate with 'make lock'). Installed by 'make'."; \
	  build/lock/bin/pip freeze | grep -vi '^newsbrief'; } > requirements.txt

BENCH_ARGS ?=

bench: $(SETUP) ## time ingest, extraction, caches, aggregation at 10k/100k/1M articles: build/bench/results.json (BENCH_ARGS="--sizes 10000" or "--quick")
	$(BIN)/python benchmarks/bench.py $(BENCH_ARGS)

evaluate: $(SETUP) ## score extraction against the labelled development set (needs planning's devset beside the checkout)
	$(BIN)/python scripts/evaluate.py

clean: ## remove generated data, figures and reports (never data/raw)
	find data/interim data/processed figures reports -mindepth 1 ! -name .gitkeep -exec rm -rf {} +
