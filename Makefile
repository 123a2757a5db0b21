# One task runner. `make brief` builds the sample brief, `make test` is the fast loop (the tests
# not marked slow, under a minute), `make test-all` runs every test, `make lint` runs ruff and
# mypy. Each target sets up what it needs first. ARGS goes to pytest: `make test ARGS=tests/x.py`.
VENV ?= .venv
PYTHON := $(VENV)/bin/python
DATE ?= $(shell date +%Y-%m-%d)
ARGS ?=
# `make test` spreads the fast loop over this many pytest-xdist workers (`JOBS=0` runs it in
# one process, e.g. to use --pdb): one more than the cores, because about 30 s of the loop is
# tests waiting on a deadline or a server, and a spare worker runs other tests meanwhile
# (on 2 cores: 57 s with 2 workers, 44 s with 3).
JOBS ?= $(shell expr $$(nproc 2>/dev/null || echo 1) + 1)

.PHONY: setup brief test test-all lint format benchmark clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml scripts/setup-system.sh
	bash scripts/setup-system.sh
	python3 -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --upgrade pip
	$(PYTHON) -m pip install --quiet -e '.[dev]'
	touch $@

brief: setup
	$(VENV)/bin/briefer build seeds/ --date $(DATE) --output-dir output

test: setup
	$(PYTHON) -m pytest -m "not slow" -n $(JOBS) --dist worksteal $(ARGS)

test-all: setup
	$(PYTHON) -m pytest $(ARGS)

lint: setup
	$(VENV)/bin/ruff check briefer tests benchmarks
	$(VENV)/bin/ruff format --check briefer tests benchmarks
	$(VENV)/bin/mypy briefer

format: setup
	$(VENV)/bin/ruff format briefer tests benchmarks
	$(VENV)/bin/ruff check --fix briefer tests benchmarks

benchmark: setup
	$(PYTHON) benchmarks/segmentation.py
	$(PYTHON) benchmarks/duplicate_threshold.py
	$(PYTHON) benchmarks/read_speed.py
	$(PYTHON) benchmarks/rank_speed.py
	$(PYTHON) benchmarks/build_scale.py
	$(PYTHON) benchmarks/floors.py
	$(PYTHON) benchmarks/topics_eval.py
	$(PYTHON) benchmarks/outlook_eval.py --dateparser

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache
