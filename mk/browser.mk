# Browser tests for the theme: vnu, axe-core in headless Chromium, a keyboard walk, network and
# weight budgets, the CE-log and self-check scripts. Included from the Makefile:
#   include mk/browser.mk
# Installs Chromium, chromedriver and Java with apt-get when root, and its Python packages into
# .venv. PORTAL_BIN picks the portal program (default .build/debug/portal).
PORTAL_BIN ?= .build/debug/portal
SWIFT ?= swift

.PHONY: test-browser browser-deps browser-screenshots

test-browser: $(PORTAL_BIN)
	PORTAL_BIN=$(PORTAL_BIN) python3 tests/browser/run.py

# Only the screenshots and the pages they show (quicker while working on the theme).
browser-screenshots: $(PORTAL_BIN)
	PORTAL_BIN=$(PORTAL_BIN) python3 tests/browser/run.py -k "screenshots"

browser-deps:
	PORTAL_SKIP_INSTALL=0 python3 tests/browser/run.py --collect-only -q

$(PORTAL_BIN):
	$(SWIFT) build --product portal $(if $(findstring release,$(PORTAL_BIN)),-c release,)
