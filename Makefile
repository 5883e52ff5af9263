# Stride. `make run` starts the bot, `make demo` runs it on the local emulator, `make test` tests it.
# Every target bootstraps .venv on first use; later runs reinstall only when pyproject.toml changes.

PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.stride-installed

.PHONY: run demo test lint bench format clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --upgrade pip
	@$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

run: $(STAMP)
	@$(BIN)/stride run

demo: $(STAMP)
	@$(BIN)/stride demo $(ARGS)

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Style, types (mypy --strict on every package) and the architecture's import contracts
# (pyproject.toml [tool.importlinter]): CI runs it after the tests.
PACKAGES := coach runfiles flows storage services scheduler bot simulator stride botapi_emulator
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy $(PACKAGES)
	$(BIN)/lint-imports

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Benchmarks print figures; they never fail on a slow machine. The fan-out seeds 100,000
# athletes (several minutes): `make bench FANOUT_ARGS="--athletes 10000"` for a quick look.
FANOUT_ARGS ?=
bench: $(STAMP)
	$(BIN)/python bench/plan.py
	$(BIN)/python bench/adapt.py
	$(BIN)/python bench/simulate.py
	$(BIN)/python bench/emulator.py
	$(BIN)/python bench/runfiles.py
	$(BIN)/python bench/update_cpu.py
	$(BIN)/python bench/fanout.py $(FANOUT_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache build *.egg-info
