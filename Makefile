# The two commands of the README. Both create their virtual environments on first use.
PYTHON ?= python3
VENV := .venv
FHIR_VENV := .venv-fhir
SEKMET_CONSTRAINTS := tests/fhir_server/constraints-sekmet-0.1.1.txt

.PHONY: run test lint bench demo

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q -e '.[test,postgres,redis]'
	touch $@

# The real FHIR server the integration tests start lives in its own venv (its pins clash with ours).
$(FHIR_VENV)/.installed: $(SEKMET_CONSTRAINTS)
	$(PYTHON) -m venv $(FHIR_VENV)
	$(FHIR_VENV)/bin/pip install -q -c $(SEKMET_CONSTRAINTS) sekmet-fhir==0.1.1
	touch $@

run: $(VENV)/.installed
	$(VENV)/bin/bone-mets-cds

test: $(VENV)/.installed $(FHIR_VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy
	$(VENV)/bin/python -m pytest -n 2

# The demo patients on a local FHIR server and the service trusting the CDS Hooks sandbox (demo/README.md).
demo: $(VENV)/.installed $(FHIR_VENV)/.installed
	$(VENV)/bin/python -m cds_service.demo run $(DEMO_ARGS)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .

bench: $(VENV)/.installed
	$(VENV)/bin/python scripts/benchmark.py
