# The verbs a newcomer needs. Everything installs into .venv, created on first use.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEVSTAMP := $(VENV)/.installed-dev
DEMO   ?= examples/demo_artikel.txt

.PHONY: install dev run test lint train eval bench golden clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(DEVSTAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@ $(STAMP)

install: $(STAMP)          ## install biasscan into .venv

dev: $(DEVSTAMP)           ## install biasscan with the test/training extras

run: $(STAMP)              ## install and score a demo article
	$(BIN)/biasscan score $(DEMO)

test: $(DEVSTAMP)          ## install the dev extras and run the test suite
	$(BIN)/python -m pytest -q

lint: $(DEVSTAMP)
	$(BIN)/ruff check biasscan training tests

train: $(DEVSTAMP)         ## retrain the shipped model from training/data (+ ../shared/data when present)
	$(BIN)/biasscan train --data training/data -o biasscan/models/biasscan-model.joblib

eval: $(DEVSTAMP)          ## held-out metrics, CheckThat! dev macro-F1, calibration table
	$(BIN)/python -m training.evaluate

golden: $(DEVSTAMP)        ## regenerate tests/golden/seed_*.json after a deliberate change (review the diff)
	$(BIN)/python -m tests.golden.regen

bench: $(DEVSTAMP)         ## throughput and start-up benchmark on a generated corpus
	$(BIN)/python -m training.bench

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache bench-out
