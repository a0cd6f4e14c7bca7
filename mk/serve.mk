# `portal serve`, the live preview. Included from the Makefile.
#   make test-serve   the real `portal serve` on a free port: base path, live reload events, the
#                     error page, the in-process intake service, a browser tab keeping its scroll
#   make bench-serve  on the benchmark corpus: time from a page's write to its reload event
.PHONY: test-serve bench-serve

# Uses the venv and browser that tests/browser/run.py installs (Selenium, Chromium).
test-serve: $(PORTAL_BIN)
	python3 tests/browser/run.py --collect-only -q >/dev/null
	PORTAL_BIN=$(PORTAL_BIN) SE_OFFLINE=true .venv/bin/python -m pytest -q -p no:cacheprovider tests/serve

bench-serve: deps
	$(SWIFT) build -c release --product portal
	python3 bench/serve_latency.py --portal .build/release/portal --pages $(BENCH_PAGES)
