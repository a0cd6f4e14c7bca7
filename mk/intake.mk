# The request form's intake service. Included from the Makefile.
#   make durability   SIGKILL the service under load; every acknowledged request must survive once
#   make test-form-e2e  the form end to end in headless Chromium against the real site, built
#                       with its form posting to a live `portal intake` on 127.0.0.1

PORTAL_RELEASE_BIN ?= .build/release/portal
DURABILITY_ARGS ?= --clients 8 --requests 4000
.PHONY: durability test-form-e2e

durability:
	swift build -c release --product portal
	python3 scripts/durability.py --portal $(PORTAL_RELEASE_BIN) --form content/request-form.yml $(DURABILITY_ARGS)

# Uses the venv and browser that tests/browser/run.py installs (Selenium, axe-core, Chromium).
test-form-e2e: $(PORTAL_BIN)
	python3 tests/browser/run.py --collect-only -q >/dev/null
	PORTAL_BIN=$(PORTAL_BIN) SE_OFFLINE=true .venv/bin/python -m pytest -q -p no:cacheprovider tests/form-e2e
