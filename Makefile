# The two commands of the README: `make demo` runs approvalnet on the shipped processes,
# `make test` runs the linters and the tests. Each sets up what it needs first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test setup lint bench clean catalogue web

setup: $(STAMP)

$(STAMP): pyproject.toml setup.py scripts/system-deps.sh $(wildcard src/approvalnet/locale/*/LC_MESSAGES/*.po)
	bash scripts/system-deps.sh
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

CENTRE := processes/kunming/centre.yaml
# the item files: not the centre, not its calendar files
REAL := $(filter-out $(CENTRE) processes/kunming/calendar-%.yaml,$(wildcard processes/kunming/*.yaml))

# The whole job on the Kunming centre: validate, check, draw, export the nets, simulate the centre
# for a year (245 working days from 5 January 2026: 2026 has 248), staff it, compare before and after
# reform, write the implementation list and the service guides, and write out/index.html linking it all.
demo: setup
	$(BIN)/approvalnet validate processes/
	$(BIN)/approvalnet check processes/
	$(BIN)/approvalnet check processes/ --format sarif -o out/check.sarif
	$(BIN)/approvalnet check processes/ --format json -o out/check.json
	$(BIN)/approvalnet render processes/ --findings -o out/diagrams
	@mkdir -p out/nets out/bpmn out/centre out/compare
	@for f in $(REAL); do \
	  $(BIN)/approvalnet net $$f --format pnml -o out/nets/$$(basename $$f .yaml).pnml || exit 1; \
	  $(BIN)/approvalnet export $$f --format bpmn -o out/bpmn/$$(basename $$f .yaml).bpmn || exit 1; \
	done
	$(BIN)/approvalnet simulate $(CENTRE) --days 245 --replications 3 --report out/centre/simulation.html \
	  --format json > out/centre/simulation.json.tmp
	@mv out/centre/simulation.json.tmp out/centre/simulation.json
	$(BIN)/approvalnet staff $(CENTRE) --target on-time=0.85 --max-wait 15min --report out/centre/staffing.html \
	  --format json > out/centre/staffing.json.tmp
	@mv out/centre/staffing.json.tmp out/centre/staffing.json
	$(BIN)/approvalnet staff $(CENTRE) --sweep comprehensive=4..12 --report out/centre/sweep.html
	@for f in processes/kunming/before-reform/*.yaml; do \
	  name=$$(basename $$f .yaml); \
	  $(BIN)/approvalnet compare $$f processes/kunming/$$name.yaml --report out/compare/$$name.html \
	    --format json -o out/compare/$$name.json || exit 1; \
	done
	$(BIN)/approvalnet list export processes/ -o out/catalogue.xlsx
	$(BIN)/approvalnet guide $(REAL) -o out/guides --format html
	$(BIN)/approvalnet guide processes/kunming/food-business-licence.yaml -o out/guides/food-business-licence.pdf
	$(BIN)/approvalnet guide processes/kunming/food-business-licence.yaml -o out/guides/food-business-licence.docx
	$(BIN)/python -m approvalnet.commands.index out
	@echo "Open out/index.html: the diagrams, the findings, the centre's simulation, staffing and the comparisons."

# After marking new texts with _() in the code or the templates: extract them, add them to the
# Chinese catalogue (untranslated), then translate them there. The tests fail while any is missing.
POT := build/approvalnet.pot
catalogue: setup
	@mkdir -p build
	$(BIN)/pybabel extract -F babel.cfg --add-location=file --sort-by-file -w 100 \
	  --project approvalnet --msgid-bugs-address "" -o $(POT) src/approvalnet
	test -f src/approvalnet/locale/zh_CN/LC_MESSAGES/approvalnet.po || \
	  $(BIN)/pybabel init -w 100 -D approvalnet -l zh_CN -i $(POT) -d src/approvalnet/locale
	$(BIN)/pybabel update -N --ignore-obsolete -w 100 -D approvalnet -l zh_CN \
	  -i $(POT) -d src/approvalnet/locale

# The workbench's web application (web/): rebuild its assets into src/approvalnet/server/static/ after
# changing web/src. Needs Node.js and npm; the built assets are committed, so nothing else needs npm.
web:
	cd web && npm ci && npm run build

lint: setup
	$(BIN)/ruff check src tests benchmarks examples
	$(BIN)/mypy

test: lint
	$(BIN)/python -m pytest -q

bench: setup
	$(BIN)/python benchmarks/validate.py
	$(BIN)/python benchmarks/soundness.py --quick

clean:
	rm -rf $(VENV) out .pytest_cache .ruff_cache .hypothesis
