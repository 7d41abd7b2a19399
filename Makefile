# Two commands for a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test chromium lint typecheck bench docs clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/python -m jobrotation.entrypoints.server

# Browser tests use Debian's chromium (Playwright's own browser download cannot work here).
chromium:
	@command -v chromium >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } || \
		echo "chromium mangler: installér Debians pakke 'chromium' for browsertestene"

test: $(STAMP) chromium
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/pytest

bench: $(STAMP)
	$(BIN)/python bench/law_bench.py
	$(BIN)/python bench/page_bench.py

docs: $(STAMP)
	$(BIN)/jobrotation rules --markdown > docs/rules.md
	$(BIN)/python -m jobrotation.entrypoints.caseformat > docs/case-format.md

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
