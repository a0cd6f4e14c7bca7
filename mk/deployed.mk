# The portal as deployed. Included from the Makefile.
#   make test-deployed  the real site and `portal intake` behind nginx over HTTPS, with server
#                       blocks made from deploy/nginx/*.conf, walked in headless Chromium at phone
#                       and desktop widths, in English and Spanish, with and without JavaScript
PORTAL_BIN ?= .build/debug/portal
.PHONY: test-deployed

# Uses the venv and browser that tests/browser/run.py installs (Selenium, Chromium, nginx).
test-deployed: $(PORTAL_BIN)
	python3 tests/browser/run.py --collect-only -q >/dev/null
	PORTAL_BIN=$(PORTAL_BIN) SE_OFFLINE=true .venv/bin/python -m pytest -q -p no:cacheprovider tests/deployed
