# 中枢 Zhongshu. `make help` lists the targets.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-12s %s\n", $$1, $$2}'

$(BIN)/zhongshu: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	@touch $@

# Every front-end library package-lock.json pins (htmx, tom-select, ...): the stamp is newer than the lock once
# `npm ci` has installed them all, so a fresh clone or a changed lock installs again.
NPM_STAMP := node_modules/.zhongshu-installed
$(NPM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

install: $(BIN)/zhongshu $(NPM_STAMP) ## create .venv and install 中枢 with its front-end libraries

run: install ## migrate, load the demo county into an empty database, serve on http://127.0.0.1:8000
	$(BIN)/zhongshu migrate --no-input
	$(BIN)/zhongshu demo --if-empty
	$(BIN)/zhongshu serve --host $(HOST) --port $(PORT)

browser: ## install Chromium, LibreOffice, poppler and the CJK fonts for browser and PDF tests (root), if missing
	@bash scripts/ensure-system-packages.sh

lint: install ## ruff, mypy, import contracts, migrations up to date
	$(BIN)/ruff check zhongshu tests
	$(BIN)/ruff format --check zhongshu tests
	$(BIN)/mypy zhongshu
	$(BIN)/lint-imports
	ZHONGSHU_ENV=test $(BIN)/zhongshu makemigrations --check --dry-run

test: install browser lint ## lint, then every test (SQLite by default; DATABASE_URL for PostgreSQL)
	ZHONGSHU_ENV=test $(BIN)/pytest -p no:cacheprovider $(PYTEST_ARGS)

bench-peers: install ## install the peers the benches compare against (pycorrector's rule parts, without torch)
	$(BIN)/pip install --quiet --no-deps pycorrector
	$(BIN)/pip install --quiet loguru pypinyin jieba

format: install ## apply ruff's fixes and formatting
	$(BIN)/ruff check --fix zhongshu tests
	$(BIN)/ruff format zhongshu tests

clean: ## remove the venv, node_modules and local data
	rm -rf $(VENV) node_modules var staticfiles

.PHONY: help install run browser lint test format clean bench-peers
