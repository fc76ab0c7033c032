# nkviewer — everything a developer or user needs, from a fresh machine with Python >= 3.11.
#   make run    create .venv, install the app, open it on the bundled sample corpus
#   make test   the same plus test tools, then every test headless (QT_QPA_PLATFORM=offscreen)

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
CORPUS ?= seeds
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test lint typecheck check extract screenshots bench lock clean help

help:
	@sed -n 's/^#   //p' Makefile

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "nkviewer needs Python >= 3.11 (found $$($(PYTHON) --version 2>&1)); set PYTHON=python3.11"; exit 2; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade "pip>=24" "setuptools>=69" wheel

# Exact pins with hashes (requirements/*.txt) first, then the project itself without resolving again.
$(VENV)/.app-installed: $(PY) pyproject.toml requirements/app.txt
	$(PY) -m pip install --quiet --require-hashes -r requirements/app.txt
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	@touch $@

$(VENV)/.dev-installed: $(VENV)/.app-installed requirements/dev.txt
	$(PY) -m pip install --quiet --require-hashes -r requirements/dev.txt
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	@touch $@

run: $(VENV)/.app-installed
	@sh packaging/check-system-libs.sh
	$(BIN)/nkviewer $(CORPUS)

extract: $(VENV)/.app-installed
	$(BIN)/nkviewer extract $(CORPUS) -o events.jsonl

test: $(VENV)/.dev-installed
	@sh packaging/check-system-libs.sh --offscreen
	QT_QPA_PLATFORM=offscreen NKVIEWER_CACHE_DIR=$$(mktemp -d) $(PY) -m pytest -q
	$(MAKE) --no-print-directory check

# Static checks: style, types, and the layering rule (the core never imports Qt).
check: $(VENV)/.dev-installed
	$(BIN)/ruff check nkviewer tests bench
	$(BIN)/ruff format --check nkviewer tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports

lint: check

screenshots: $(VENV)/.dev-installed
	QT_QPA_PLATFORM=offscreen $(PY) bench/screenshots.py --out resources/screenshots

bench: $(VENV)/.dev-installed
	$(PY) -m bench $(ONLY)

# Regenerate the pinned, hashed requirement files from the ranges in pyproject.toml.
lock: $(PY)
	$(PY) -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --python-version 3.11 --generate-hashes --quiet -o requirements/app.txt
	$(BIN)/uv pip compile pyproject.toml --python-version 3.11 --generate-hashes --quiet --extra test --extra dev -o requirements/dev.txt

clean:
	rm -rf $(VENV) build dist *.egg-info .mypy_cache .ruff_cache .pytest_cache

# Self-contained one-folder app dist/nkviewer/ (PyInstaller, pinned and hashed in
# packaging/requirements-build.txt; see packaging/nkviewer.spec). Not part of `make test`.
.PHONY: package package-test
package: $(VENV)/.app-installed
	$(PY) -m pip install --quiet --require-hashes -r packaging/requirements-build.txt
	PY=$(PY) sh packaging/build.sh

# Runs the built app headless: --version, --help, extract, export, the window. Build first.
package-test:
	PY=$(PY) sh packaging/package-test.sh
