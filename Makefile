# Three commands a newcomer needs: `make sandbox`, `make run` and `make test` (see README).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
BABEL_KEYWORDS := -k __ -k lazy_gettext -k lazy_ngettext:1,2  # plus Babel's defaults: _, gettext, ngettext (with plurals)

.PHONY: venv sandbox run test test-sqlite lint audit lock i18n-extract i18n-update i18n-compile i18n emulator

# The dependencies come from the lock (exact versions, hashes checked), the project itself on top.
$(BIN)/ara-bot: pyproject.toml requirements-test.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements-test.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(BIN)/ara-bot

venv: $(BIN)/ara-bot

# Try it in a browser, no token, no internet: http://127.0.0.1:8080 (SANDBOX_ARGS="--port 8000 --data DIR").
sandbox: venv
	$(BIN)/ara-bot sandbox $(SANDBOX_ARGS)

run: venv
	$(BIN)/ara-bot run

# Installs what is missing (PostgreSQL from Debian when run as root), starts a
# throw-away PostgreSQL server, and runs the whole suite on SQLite and PostgreSQL.
test:
	bash scripts/test.sh

# The gate CI runs before the tests: ruff format --check, ruff check, mypy (settings in pyproject.toml).
lint: venv
	bash scripts/lint.sh

# Quick loop while coding: SQLite only.
test-sqlite: venv
	$(BIN)/python -m pytest -q

emulator: venv
	$(BIN)/python -m bot.sandbox

i18n-extract: venv
	$(BIN)/pybabel extract -F babel.cfg $(BABEL_KEYWORDS) --no-location --sort-output \
		--project=ara-assistant --copyright-holder="ARA Assistant" -o locales/messages.pot .

i18n-update: i18n-extract
	$(BIN)/pybabel update -i locales/messages.pot -d locales -D messages --no-fuzzy-matching --ignore-obsolete

i18n-compile: venv
	$(BIN)/pybabel compile -d locales -D messages --statistics

i18n: i18n-update i18n-compile

# Performance benchmarks against the local emulator, about 16 minutes; figures in
# benchmarks/results/, method and last results in benchmarks/README.md.
# BENCH_ARGS passes options, e.g. BENCH_ARGS="--recipients 1000" or "--commit HEAD".
.PHONY: bench
bench:
	$(BIN)/python -m benchmarks.run $(BENCH_ARGS)

# Known vulnerabilities in requirements.lock (pip-audit): exit 1 on one, exit 3 when the
# vulnerability data cannot be reached (NOT audited). CI runs it before the tests.
audit:
	bash scripts/audit.sh

# After changing dependencies in pyproject.toml: the locks again, with their hashes (pip-tools).
lock:
	$(BIN)/pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --allow-unsafe --generate-hashes --strip-extras --no-emit-index-url --no-emit-find-links --output-file=requirements.lock pyproject.toml
	$(BIN)/pip-compile --quiet --allow-unsafe --generate-hashes --strip-extras --no-emit-index-url --no-emit-find-links --extra=test --output-file=requirements-test.lock pyproject.toml
