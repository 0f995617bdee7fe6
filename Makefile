# The two commands of the README. Both create their virtual environments on first use.
PYTHON ?= python3
VENV := .venv
FHIR_VENV := .venv-fhir
SEKMET_CONSTRAINTS := tests/fhir_server/constraints-sekmet-0.1.1.txt

.PHONY: run test lint bench screenshots

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

# The browser tests drive Debian's Chromium (Playwright downloads no browser here); apt installs it when missing.
CHROMIUM ?= /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
$(CHROMIUM):
	$(SUDO) apt-get install -y --no-install-recommends chromium || \
	  { $(SUDO) apt-get update && $(SUDO) apt-get install -y --no-install-recommends chromium; }

test: $(VENV)/.installed $(FHIR_VENV)/.installed $(CHROMIUM)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy
	$(VENV)/bin/python -m pytest -n 2

# Screenshots of the rule pages for docs/screenshots/ (scripts/page_screenshots.py); the Chinese pages need a CJK
# font, which Chromium finds through fontconfig: apt installs a small one (WenQuanYi Micro Hei) when missing.
CJK_FONT ?= /usr/share/fonts/truetype/wqy/wqy-microhei.ttc
$(CJK_FONT):
	$(SUDO) apt-get install -y --no-install-recommends fonts-wqy-microhei || \
	  { $(SUDO) apt-get update && $(SUDO) apt-get install -y --no-install-recommends fonts-wqy-microhei; }

screenshots: $(VENV)/.installed $(CHROMIUM) $(CJK_FONT)
	$(VENV)/bin/python scripts/page_screenshots.py

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .

bench: $(VENV)/.installed
	$(VENV)/bin/python scripts/benchmark.py
