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
	@mkdir -p out/nets
	@for f in processes/*/*.yaml; do \
	  $(BIN)/approvalnet net $$f --format pnml -o out/nets/$$(basename $$f .yaml).pnml || exit 1; \
	done
	@echo "Wrote out/check.sarif, out/diagrams/index.html (diagrams) and out/nets/ (Petri nets, PNML)."

lint: setup
	$(BIN)/ruff check src tests benchmarks

test: lint
	$(BIN)/python -m pytest -q

bench: setup
	$(BIN)/python benchmarks/validate.py
	$(BIN)/python benchmarks/soundness.py --quick

clean:
	rm -rf $(VENV) out .pytest_cache .ruff_cache .hypothesis
