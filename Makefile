# Peer Portal. `make` installs what is missing, builds the tool and the site; `make test` runs
# every test. See README.md.
SWIFT ?= swift
CONFIG ?= release
PORTAL := .build/$(CONFIG)/portal
APT_PACKAGES := libcmark-gfm-dev libcmark-gfm-extensions-dev cmark-gfm libxml2-dev libsqlite3-dev pkg-config

.PHONY: all deps vendor build site serve test test-browser bench clean

all: deps build site
	@echo "The site is in $(CURDIR)/public/ (open public/index.html, or 'make serve')."

# Installs missing Debian packages when root; otherwise prints the command to run.
deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing; \
	  else echo "Missing system packages. Run: sudo apt-get install -y$$missing"; exit 1; fi; \
	fi

# The search engine (lunr.js, lunr-languages) is committed in the theme; this proves its files are
# the pinned mkdocs wheel's from PyPI (docs/ARCHITECTURE.md, "Site search").
vendor:
	python3 scripts/vendor-lunr.py

# The default theme travels inside the program (portal init where only it is installed).
build: deps vendor
	python3 scripts/embed-theme.py
	$(SWIFT) build -c $(CONFIG) --product portal

site: build
	$(PORTAL) build

# The live preview for editors: http://127.0.0.1:1313/ (PORT=... to change), reloads as you save.
PORT ?= 1313
serve: build
	$(PORTAL) serve --port $(PORT)

# Swift unit and integration tests, then the browser harness (vnu, axe, keyboard, budgets) and
# the request form end to end against a live intake service.
test: deps vendor
	./scripts/fetch-markdown-spec.sh
	python3 scripts/embed-theme.py
	$(SWIFT) build --build-tests
	@# Minutes normally; a hang fails in 25 with its backtraces instead of using up CI's time.
	./scripts/deadline.sh 1500 $(SWIFT) test --skip-build
	$(MAKE) test-browser
	$(MAKE) test-form-e2e
	$(MAKE) test-intake
	$(MAKE) test-serve
	$(MAKE) test-deployed

include mk/browser.mk
include mk/intake.mk
include mk/serve.mk
include mk/deployed.mk

# Speed and memory against Hugo on a generated corpus (10,000 pages; BENCH_PAGES=100000 for the big one).
BENCH_PAGES ?= 10000
bench: deps
	@command -v hugo >/dev/null || { [ "$$(id -u)" = 0 ] && DEBIAN_FRONTEND=noninteractive apt-get install -y -q hugo; } || true
	$(SWIFT) build -c release --product portal
	python3 bench/run.py --portal .build/release/portal --pages $(BENCH_PAGES)

clean:
	rm -rf .build .public.previous .public.building-* .cache tests/fixtures/theme-site/.cache bench/out
	find public -mindepth 1 -maxdepth 1 ! -name README.md -exec rm -rf {} +
