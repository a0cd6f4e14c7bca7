"""Shared set-up for the browser harness: build the sites, serve them, drive Chromium, and
visit every page once per width (axe in light and dark, network, console, weight, screenshots).

The tests in this folder assert on what the crawl recorded; the summary at the end prints the
counts (vnu errors, axe violations, page weights) so a reader sees the numbers, not just "passed".
"""
import functools
import http.server
import json
import os
import shutil
import socket
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, unquote

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
WORK = ROOT / ".cache" / "browser"
SHOTS = HERE / "screenshots"
FIXTURE = ROOT / "tests" / "fixtures" / "theme-site"
WIDTHS = (320, 1280)
SCHEMES = ("light", "dark")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
CSP = "default-src 'self'"  # for paths no site's _headers covers


def site_policy(folder):
    """The Content Security Policy the build wrote into the site's `_headers` (docs/deploy.md):
    the pages are tested under the policy they will be deployed with."""
    headers = Path(folder) / "_headers"
    if headers.exists():
        for line in headers.read_text().splitlines():
            if line.strip().startswith("Content-Security-Policy:"):
                return line.split(":", 1)[1].strip()
    return CSP
PAGE_BUDGET = 60 * 1024
RESULTS = {}  # for the terminal summary


def site_packages_file(*parts):
    import site
    for folder in site.getsitepackages():
        candidate = Path(folder).joinpath(*parts)
        if candidate.exists():
            return candidate
    raise FileNotFoundError("/".join(parts))


@dataclass
class Site:
    name: str
    source: Path  # the folder with site.yml
    docroot: Path
    prefix: str  # URL path the site is served under, e.g. /sub/fixture/
    origin: str = ""
    skipped: str = ""
    exclude: tuple = ()  # folders of other sites served inside this one's

    @property
    def folder(self):
        return self.docroot / self.prefix.strip("/") if self.prefix.strip("/") else self.docroot

    @property
    def base_url(self):
        return self.origin + self.prefix

    # Not a page of the site: the intake's proxy serves it from the service's origin, with
    # absolute links back to the site (tests/deployed/ walks it there).
    NOT_PAGES = ("form-unavailable.html",)

    def pages(self):
        pages = (p.relative_to(self.folder).as_posix() for p in self.folder.rglob("*.html"))
        return sorted(p for p in pages if not p.startswith(self.exclude) and p not in self.NOT_PAGES)

    def url(self, page):
        return self.base_url + (page[: -len("index.html")] if page.endswith("index.html") else page)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Handler(http.server.SimpleHTTPRequestHandler):
    """A static server that sends each site's own generated CSP, and each site's 404 page."""
    sites = []

    def end_headers(self):
        path = unquote(urlsplit(self.path).path)
        site = next((s for s in self.sites if path.startswith(s.prefix)), None)
        self.send_header("Content-Security-Policy", site_policy(site.folder) if site else CSP)
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def send_error(self, code, message=None, explain=None):
        path = unquote(urlsplit(self.path).path)
        if code == 404:
            for site in self.sites:
                page = site.folder / "404.html"
                if path.startswith(site.prefix) and page.exists():
                    body = page.read_bytes()
                    self.send_response(404)
                    self.send_header("Content-Type", "text/html; charset=utf-8")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                    return
        super().send_error(code, message, explain)

    def log_message(self, *args):
        pass


def build(site, portal):
    out = site.folder
    if out.exists():
        shutil.rmtree(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    command = [str(portal), "build", "--config", str(site.source / "site.yml"), "--output", str(out),
               "--base-url", site.base_url, "--quiet"]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"portal build failed for the {site.name} site:\n{result.stdout}{result.stderr}")


@pytest.fixture(scope="session")
def sites():
    portal = Path(os.environ.get("PORTAL_BIN", ROOT / ".build" / "debug" / "portal"))
    if not portal.is_absolute():
        portal = ROOT / portal
    if not portal.exists():
        pytest.exit(f"no portal program at {portal}: run 'swift build --product portal' (or set PORTAL_BIN)", 2)
    docroot = WORK / "www"
    if docroot.exists():
        shutil.rmtree(docroot)
    docroot.mkdir(parents=True)
    port = free_port()
    origin = f"http://127.0.0.1:{port}"
    # The real site at the server's root, the fixture under a subfolder: both ways of deploying.
    # PORTAL_SITE: another folder with a site.yml to test as the real site (default: the repository).
    source = Path(os.environ.get("PORTAL_SITE", ROOT)).resolve()
    real = Site("portal", source, docroot, "/", origin, exclude=("sub/",))
    fixture = Site("fixture", FIXTURE, docroot, "/sub/fixture/", origin)
    content = source / "content"
    if not content.is_dir() or not any(content.rglob("*.md")):
        real.skipped = "the real site has no content/ yet (merged from the content branch)"
    else:
        build(real, portal)
    build(fixture, portal)
    Handler.sites = [s for s in (fixture, real) if not s.skipped]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(Handler, directory=str(docroot)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield {"portal": real, "fixture": fixture}
    server.shutdown()


def make_driver(javascript=True):
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--no-first-run", "--disable-extensions", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-default-apps",
                "--hide-scrollbars", "--window-size=1280,900", "--lang=en-US"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    if not javascript:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    driver = webdriver.Chrome(options=options, service=Service(executable_path="/usr/bin/chromedriver"))
    driver.set_script_timeout(60)
    driver.set_page_load_timeout(30)
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
    return driver


@pytest.fixture(scope="session")
def driver():
    d = make_driver()
    yield d
    d.quit()


def set_width(driver, width, height=900):
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})


def set_scheme(driver, scheme):
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia",
                           {"media": "", "features": [{"name": "prefers-color-scheme", "value": scheme}]})


def load(driver, url):
    driver.get_log("performance")
    driver.get_log("browser")
    driver.get(url)
    for _ in range(100):
        if driver.execute_script("return document.readyState") == "complete":
            break
        time.sleep(0.05)


def network(driver, settle=2.0):
    """Requests since the last drain: {url: status, or 'failed: ...'}. Waits up to `settle`
    seconds for requests still in flight (the favicon is fetched after the load event)."""
    seen, ids = {}, {}
    deadline = time.time() + settle
    while True:
        for entry in driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            method, params = message.get("method"), message.get("params", {})
            if method == "Network.requestWillBeSent":
                ids[params["requestId"]] = params["request"]["url"]
                seen.setdefault(params["request"]["url"], None)
            elif method == "Network.responseReceived":
                seen[params["response"]["url"]] = params["response"]["status"]
            elif method == "Network.loadingFailed" and params["requestId"] in ids:
                seen[ids[params["requestId"]]] = "failed: " + params.get("errorText", "")
        pending = [u for u, status in seen.items() if status is None and not u.startswith(("data:", "blob:"))]
        if not pending or time.time() > deadline:
            return seen
        time.sleep(0.1)


@functools.lru_cache(maxsize=1)
def axe_source():
    return site_packages_file("axe_playwright_python", "axe.min.js").read_text()


AXE_RUN = """
const done = arguments[arguments.length - 1];
axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})
  .then(r => done({violations: r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' :: ' + (n.failureSummary || '').split('\\n').slice(0, 3).join(' ')),
      count: v.nodes.length})), incomplete: r.incomplete.length}))
  .catch(e => done({error: String(e)}));
"""


def run_axe(driver):
    if not driver.execute_script("return !!window.axe"):
        driver.execute_script(axe_source())
    result = driver.execute_async_script(AXE_RUN, AXE_TAGS)
    if "error" in result:
        raise RuntimeError("axe failed: " + result["error"])
    return result


def screenshot(driver, path):
    metrics = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})
    size = metrics.get("cssContentSize") or metrics["contentSize"]
    import base64
    data = driver.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True,
        "clip": {"x": 0, "y": 0, "width": size["width"], "height": min(size["height"], 6000), "scale": 1}})
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(base64.b64decode(data["data"]))


@dataclass
class Visit:
    site: str
    page: str
    width: int
    axe: dict = field(default_factory=dict)  # scheme -> list of violations
    requests: dict = field(default_factory=dict)
    console: list = field(default_factory=list)
    overflow: int = 0  # px of horizontal scrolling
    weight: int = 0


# Pages photographed at both widths: (site, page, name).
SCREENSHOTS = [
    ("fixture", "index.html", "home"), ("fixture", "guide/long-page/index.html", "long-page"),
    ("fixture", "guide/index.html", "section"), ("fixture", "guide/page/2/index.html", "section-page-2"),
    ("fixture", "topics/index.html", "taxonomy"), ("fixture", "tools/ce-log/index.html", "ce-log"),
    ("fixture", "referrals/index.html", "referrals"), ("fixture", "es/index.html", "home-es"),
    ("portal", "index.html", "home"),
]


def page_weight(site, requests):
    total = 0
    for url in requests:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or url.split("/")[2] != site.origin.split("/")[2]:
            continue
        path = unquote(parts.path)
        if path.endswith("/"):
            path += "index.html"
        file = site.docroot / path.lstrip("/")
        if file.is_file():
            total += file.stat().st_size
    return total


@pytest.fixture(scope="session")
def crawl(sites, driver):
    """Every page of every site, at each width: axe (light and dark), requests, console, weight."""
    visits = []
    started = time.time()
    shots = {(s, p): n for s, p, n in SCREENSHOTS}
    if SHOTS.exists():
        shutil.rmtree(SHOTS)
    for site in sites.values():
        if site.skipped:
            continue
        for width in WIDTHS:
            set_width(driver, width)
            for page in site.pages():
                set_scheme(driver, "light")
                load(driver, site.url(page))
                visit = Visit(site.name, page, width)
                visit.overflow = driver.execute_script(
                    "return document.documentElement.scrollWidth - document.documentElement.clientWidth")
                for scheme in SCHEMES:
                    set_scheme(driver, scheme)
                    visit.axe[scheme] = run_axe(driver)["violations"]
                    name = shots.get((site.name, page))
                    if name:
                        screenshot(driver, SHOTS / f"{site.name}-{name}-{width}-{scheme}.png")
                visit.requests = network(driver)
                visit.weight = page_weight(site, visit.requests)
                visit.console = [e["message"] for e in driver.get_log("browser")
                                 if e["level"] in ("SEVERE", "WARNING") and "favicon" not in e["message"]]
                visits.append(visit)
    set_scheme(driver, "light")
    RESULTS["crawl_seconds"] = time.time() - started
    RESULTS["visits"] = visits
    return visits


def pytest_terminal_summary(terminalreporter):
    tr = terminalreporter
    if not RESULTS:
        return
    tr.section("browser harness summary")
    for name, count in sorted(RESULTS.get("vnu", {}).items()):
        tr.write_line(f"vnu: {name} site: {count['pages']} pages, {count['errors']} errors, {count['warnings']} warnings")
    visits = RESULTS.get("visits", [])
    if visits:
        for site in sorted({v.site for v in visits}):
            mine = [v for v in visits if v.site == site]
            runs = sum(len(v.axe) for v in mine)
            violations = sum(len(x) for v in mine for x in v.axe.values())
            nodes = sum(x["count"] for v in mine for x in sum(v.axe.values(), []))
            tr.write_line(f"axe-core: {site} site: {runs} runs ({len({v.page for v in mine})} pages x 320/1280 px x light/dark), "
                          f"{violations} violations ({nodes} elements)")
            external = {u for v in mine for u in v.requests if not u.startswith(("data:", "blob:")) and
                        not u.startswith(f"http://127.0.0.1:")}
            tr.write_line(f"requests leaving the origin: {site} site: {len(external)}")
            weights = sorted(((v.weight, v.page) for v in mine if v.width == 1280), reverse=True)
            tr.write_line(f"page weight (HTML + assets): {site} site: heaviest {weights[0][0] / 1024:.1f} KB ({weights[0][1]}), "
                          f"lightest {weights[-1][0] / 1024:.1f} KB, budget {PAGE_BUDGET // 1024} KB")
        tr.write_line(f"crawl time: {RESULTS.get('crawl_seconds', 0):.0f} s")
    for line in RESULTS.get("notes", []):
        tr.write_line(line)


@pytest.fixture(scope="module")
def real(sites):
    """The portal's own site as built (the test is skipped when it could not be built)."""
    site = sites["portal"]
    if site.skipped:
        pytest.skip(site.skipped)
    return site
