# Tongbao: `make run` serves the demo county, `make test` runs every test.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export FLASK_APP := wsgi.py
export TONGBAO_CONFIG ?= development

.PHONY: run test test-sqlite test-postgres bench lint clean

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/flask db upgrade
	$(BIN)/flask demo load
	@echo "Tongbao is at http://127.0.0.1:5000"
	$(BIN)/flask run --host 127.0.0.1 --port 5000

test: test-sqlite test-postgres

test-sqlite: $(STAMP)
	TEST_DATABASE_URL= $(BIN)/pytest

# Runs the suite again on PostgreSQL when one is reachable (always under CI=true).
test-postgres: $(STAMP)
	@url=$$($(BIN)/python -m tests.postgres_url) || exit $$?; \
	if [ -n "$$url" ]; then \
		echo "PostgreSQL suite on $$url"; \
		TEST_DATABASE_URL="$$url" $(BIN)/pytest -m "not browser"; \
	fi

lint: $(STAMP)
	$(BIN)/ruff check app tests benchmarks config.py wsgi.py
	$(BIN)/ruff format --check app tests benchmarks config.py wsgi.py

bench: $(STAMP)
	$(BIN)/python -m benchmarks.run

clean:
	rm -rf $(VENV) .pytest_cache
