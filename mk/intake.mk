# The request form's intake service. Included from the Makefile.
#   make durability   SIGKILL the service under load; every acknowledged request must survive once
#   make browser-test end-to-end in headless Chromium; PORTAL_SITE=public to use the built site
#                     (built with intake_url http://127.0.0.1:PORT), else a stand-in site is made

PORTAL_RELEASE_BIN ?= .build/release/portal
DURABILITY_ARGS ?= --clients 8 --requests 4000
BROWSER_VENV ?= .venv

.PHONY: durability browser-test

durability:
	swift build -c release --product portal
	python3 scripts/durability.py --portal $(PORTAL_RELEASE_BIN) --form content/request-form.yml $(DURABILITY_ARGS)

# Selenium + axe-core (axe.min.js from the axe-playwright-python wheel) in a local venv;
# Chromium and chromedriver come from Debian (apt-get install chromium chromium-driver).
$(BROWSER_VENV)/bin/pytest:
	python3 -m venv $(BROWSER_VENV)
	$(BROWSER_VENV)/bin/pip install --quiet pytest selenium axe-playwright-python==0.1.8

browser-test: $(BROWSER_VENV)/bin/pytest
	swift build --product portal
	PORTAL_BIN=$${PORTAL_BIN:-.build/debug/portal} $(BROWSER_VENV)/bin/pytest -q tests/browser
