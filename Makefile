# Signaal: `make demo` and `make test` set everything up on a fresh machine.
SHELL := /bin/sh
VENV := .venv
BIN := $(VENV)/bin
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
PYTEST_ARGS ?=

.PHONY: demo run test test-sqlite test-postgres lint format setup system-deps assets messages clean

demo: setup
	$(BIN)/signaal demo

# Local use on loopback without TLS; a deployment sets SIGNAAL_HTTPS=1 behind its proxy.
run: setup
	SIGNAAL_HTTPS=$${SIGNAAL_HTTPS:-0} $(BIN)/signaal serve

setup: system-deps $(VENV)/.installed assets messages

system-deps:
	@scripts/system-deps

$(VENV)/.installed: pyproject.toml
	@python=$$(scripts/find-python) || exit 1; \
	  test -x $(BIN)/python || $$python -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# Front-end assets come from the npm registry at build time, never from a CDN.
assets: node_modules/.installed
	@mkdir -p signaal/public/static/vendor
	@cp node_modules/htmx.org/dist/htmx.min.js signaal/public/static/vendor/htmx.min.js

messages: $(VENV)/.installed
	@cd signaal && ../$(BIN)/signaal compilemessages --verbosity 0 --ignore '.venv'

test: setup
	@scripts/services
	$(MAKE) --no-print-directory lint
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-postgres

test-sqlite:
	@echo "== tests on SQLite"
	$(BIN)/pytest $(PYTEST_ARGS)

test-postgres:
	@echo "== tests on PostgreSQL"
	SIGNAAL_DATABASE_URL=$(PG_URL) $(BIN)/pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) node_modules var signaal/public/static/vendor
