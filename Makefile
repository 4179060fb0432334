# Two commands: `make run` serves the demo, `make test` runs the whole suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
export FLASK_APP := wsgi

.PHONY: run test lint format messages translations bench reliability clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

.stamp-install: requirements.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements.txt
	touch $@

.stamp-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@ .stamp-install

# Test tools from npm, pinned by package-lock.json: axe-core (the browser walk's accessibility checks)
# and oidc-provider (the real OpenID provider of the company sign-in tests). Reinstalled when either file changes.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

translations: .stamp-install
	$(BIN)/pybabel compile --statistics -f -d ambassador/translations

run: .stamp-install translations
	AMBASSADOR_ENV=development $(BIN)/flask db upgrade
	AMBASSADOR_ENV=development $(BIN)/flask demo seed
	@echo "Serving on http://127.0.0.1:$(PORT)"
	AMBASSADOR_ENV=development PORT=$(PORT) $(BIN)/flask serve --port $(PORT)

test: lint translations node_modules/.package-lock.json
	$(BIN)/pytest $(PYTEST_ARGS)

# Style, and the layers: no package imports one above it (pyproject.toml, [tool.importlinter]).
lint: .stamp-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

format: .stamp-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Extract every message and merge it into each catalogue (then translate the new ones).
messages: .stamp-dev
	$(BIN)/pybabel extract --ignore-dirs=".* test-artifacts" -F babel.cfg -k _l -k lazy_gettext -o ambassador/translations/messages.pot --no-location --sort-output .
	$(BIN)/pybabel update -N --no-wrap -i ambassador/translations/messages.pot -d ambassador/translations

# Measure at scale (100,000 people, 500 offices); writes docs/BENCHMARKS.md. BENCH_ARGS to change.
# The outbox and reminders need aiosmtpd (dev); reminders runs 10,000 and 100,000 unless told.
bench: .stamp-dev translations
	$(BIN)/python benchmarks/foundation.py $(BENCH_ARGS)
	$(BIN)/python benchmarks/learner_http.py $(BENCH_ARGS)
	$(BIN)/python benchmarks/outbox.py $(BENCH_ARGS)
	$(BIN)/python benchmarks/reminders.py $(BENCH_ARGS)
	$(BIN)/python benchmarks/coverage.py $(BENCH_ARGS)

# Two instances, a scheduler, a worker and 200 simulated employees against PostgreSQL for 3 minutes,
# with an instance killed, the database restarted and the mail server stopped; writes docs/RELIABILITY.md.
# It restarts the local PostgreSQL cluster: nothing else may be using it.
reliability: .stamp-dev translations
	$(BIN)/python benchmarks/reliability.py $(RELIABILITY_ARGS)

clean:
	rm -rf $(VENV) .stamp-install .stamp-dev node_modules
