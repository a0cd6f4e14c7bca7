# The request form's intake service. Included from the Makefile.
#   make durability     SIGKILL the service under load; every acknowledged request must survive once;
#                       then count WAL syncs under strace (each acknowledgement needs one)
#   make test-form-e2e  the form end to end in headless Chromium against the real site, built
#                       with its form posting to a live `portal intake` on 127.0.0.1
#   make test-intake    the service's promises on real processes: notifications by email (msmtp to a
#                       real SMTP receiver) and webhook through an outage, 300 idle connections,
#                       purge with a reader open

PORTAL_RELEASE_BIN ?= .build/release/portal
DURABILITY_ARGS ?= --clients 8 --requests 4000
.PHONY: durability test-form-e2e test-intake

durability:
	swift build -c release --product portal
	@command -v strace >/dev/null || { [ "$$(id -u)" = 0 ] && DEBIAN_FRONTEND=noninteractive apt-get install -y -q strace; } || true
	python3 scripts/durability.py --portal $(PORTAL_RELEASE_BIN) --form content/request-form.yml $(DURABILITY_ARGS)

# Uses the venv and browser that tests/browser/run.py installs (Selenium, axe-core, Chromium).
test-form-e2e: $(PORTAL_BIN)
	python3 tests/browser/run.py --collect-only -q >/dev/null
	PORTAL_BIN=$(PORTAL_BIN) SE_OFFLINE=true .venv/bin/python -m pytest -q -p no:cacheprovider tests/form-e2e

# Uses the venv (aiosmtpd) and packages (msmtp) that tests/browser/run.py installs.
test-intake: $(PORTAL_BIN)
	python3 tests/browser/run.py --collect-only -q >/dev/null
	PORTAL_BIN=$(PORTAL_BIN) .venv/bin/python -m pytest -q -p no:cacheprovider tests/intake
