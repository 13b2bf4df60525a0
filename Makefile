# The verbs a newcomer needs. Everything installs into .venv, created on first use.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEVSTAMP := $(VENV)/.installed-dev
DEMO   ?= examples/demo_artikel.txt
SARIF_SCHEMA := $(VENV)/schemas/sarif-2.1.0-rtm.5.json
SARIF_NPM    := @microsoft/jest-sarif@1.0.0-beta.0

.PHONY: install dev run test lint train eval bench golden clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(DEVSTAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	$(MAKE) --no-print-directory $(SARIF_SCHEMA)
	touch $@ $(STAMP)

# The official SARIF 2.1.0 schema for the SARIF test, taken from the npm registry at set-up time
# (it is not ours to commit). Without npm the test says it was skipped and why.
$(SARIF_SCHEMA):
	@mkdir -p $(dir $@)
	@tmp=$$(mktemp -d) && (cd $$tmp && npm pack --silent $(SARIF_NPM) >/dev/null 2>&1 \
	  && tar xzf *.tgz package/lib/schemas/sarif-2.1.0-rtm.5.json) \
	  && cp $$tmp/package/lib/schemas/sarif-2.1.0-rtm.5.json $@ \
	  || echo "warning: could not fetch the SARIF schema from npm; the SARIF schema test will be skipped"; \
	rm -rf $$tmp

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
