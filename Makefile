# The two commands of the README: `make demo` runs approvalnet on the shipped processes,
# `make test` runs the linters and the tests. Each sets up what it needs first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test setup lint bench clean

setup: $(STAMP)

$(STAMP): pyproject.toml scripts/system-deps.sh
	bash scripts/system-deps.sh
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: setup
	$(BIN)/approvalnet validate processes/
	$(BIN)/approvalnet check processes/
	$(BIN)/approvalnet check processes/ --format sarif -o out/check.sarif
	$(BIN)/approvalnet render processes/ --findings -o out/diagrams
	@mkdir -p out/nets out/simulation
	@for f in processes/*/*.yaml; do \
	  name=$$(basename $$f .yaml); \
	  $(BIN)/approvalnet net $$f --format pnml -o out/nets/$$name.pnml || exit 1; \
	  $(BIN)/approvalnet simulate $$f --days 250 --replications 5 --format json > out/simulation/$$name.json.tmp \
	    && mv out/simulation/$$name.json.tmp out/simulation/$$name.json || exit 1; \
	done
	$(BIN)/approvalnet simulate processes/kunming/restaurant-opening-one-thing.yaml --days 250 --replications 5
	@echo "Wrote out/check.sarif, out/diagrams/index.html (diagrams), out/nets/ (Petri nets, PNML)"
	@echo "and out/simulation/ (250 working days, 5 replications per process, JSON)."

lint: setup
	$(BIN)/ruff check src tests benchmarks

test: lint
	$(BIN)/python -m pytest -q

bench: setup
	$(BIN)/python benchmarks/validate.py
	$(BIN)/python benchmarks/soundness.py --quick

clean:
	rm -rf $(VENV) out .pytest_cache .ruff_cache .hypothesis
