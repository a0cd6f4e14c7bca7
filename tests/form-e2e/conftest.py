"""Fixtures for the end-to-end browser tests of the request form.

PORTAL_BIN   the `portal` binary (default .build/debug/portal).
PORTAL_SITE  unset: the real site is built from the repository with its form posting to the test's
             `portal intake`. A folder: a built site whose form posts to 127.0.0.1:PORT.
             `stand-in`: a minimal site made from `portal intake print-form` and the theme's assets.
PORTAL_FORM  the form definition (default content/request-form.yml).
"""

import functools
import http.server
import os
import re
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

ROOT = Path(__file__).resolve().parents[2]
PORTAL_BIN = os.environ.get("PORTAL_BIN", str(ROOT / ".build/debug/portal"))
PORTAL_FORM = os.environ.get("PORTAL_FORM", str(ROOT / "content/request-form.yml"))
CONTACT_PHONE = "650-555-0100"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


PAGE = """<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title_prefix}{title}</title>
<link rel="stylesheet" href="{up}assets/css/form.css"></head>
<body><main><h1>{title}</h1>
{body}
</main><script src="{up}assets/js/request-form.js"></script></body></html>
"""

SENT = """<p data-reference hidden>Your reference number is <strong data-reference-slot></strong>.</p>
<p data-reference-fallback>Your reference number is at the end of this page's web address, after "ref=".</p>
<p>A peer from the team will contact you the way you asked, at the time you chose.</p>
<p>If you are in crisis, call or text 988 now, at any hour. In an emergency, call 911.</p>
"""


def make_stand_in_site(folder, intake_port):
    """What the builder will produce, reduced to the three pages the form needs."""
    action = f"http://127.0.0.1:{intake_port}/requests"
    form = subprocess.run(
        [PORTAL_BIN, "intake", "print-form", "--form", PORTAL_FORM, "--lang", "en", "--action", action,
         "--contact-phone", CONTACT_PHONE],
        check=True, capture_output=True, text=True).stdout
    shutil.copytree(ROOT / "themes/default/assets", folder / "assets")
    pages = {
        "request/index.html": dict(title_prefix="", body=form, up="../"),
        "request/form-shell.html": dict(title_prefix="<!--portal:title-prefix-->", body="<!--portal:form-->", up="../"),
        "request/sent/index.html": dict(title_prefix="", body=SENT, up="../../"),
    }
    for path, parts in pages.items():
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        title = "Request sent" if "sent" in path else "Ask for peer support"
        target.write_text(PAGE.format(lang="en", title=title, **parts))


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def build_real_site(work, intake_port):
    """The real site, built by `portal build` from the repository's content, with its form
    posting to the intake service this test starts."""
    lines = [line for line in (ROOT / "site.yml").read_text().splitlines()
             if not re.match(r"(intake_url|content_dir|data_dir|themes_dir|static_dir|output_dir):", line)]
    lines += [f"intake_url: http://127.0.0.1:{intake_port}", f"content_dir: {ROOT / 'content'}",
              f"data_dir: {ROOT / 'data'}", f"themes_dir: {ROOT / 'themes'}", f"static_dir: {ROOT / 'static'}",
              f"output_dir: {work / 'public'}"]
    config = work / "site.yml"
    config.write_text("\n".join(lines) + "\n")
    # A staging build: the form posts to a service on this machine (tests/deployed/ builds as published).
    subprocess.run([PORTAL_BIN, "build", "--quiet", "--local-intake", "--config", str(config)], check=True)
    return work / "public"


@pytest.fixture(scope="session")
def stack():
    """A static server for the site and a live `portal intake` on 127.0.0.1."""
    work = Path(tempfile.mkdtemp(prefix="portal-e2e-"))
    if os.environ.get("PORTAL_SITE") == "stand-in":
        intake_port = free_port()
        site = work / "public"
        make_stand_in_site(site, intake_port)
    elif not os.environ.get("PORTAL_SITE"):
        intake_port = free_port()
        site = build_real_site(work, intake_port)
    else:
        site = Path(os.environ["PORTAL_SITE"]).resolve()
        page = (site / "request/index.html").read_text()
        match = re.search(r'action="http://127\.0\.0\.1:(\d+)/requests"', page)
        assert match, "build the site with intake_url pointing at http://127.0.0.1:PORT for this test"
        intake_port = int(match.group(1))

    site_port = free_port()
    handler = functools.partial(QuietHandler, directory=str(site))
    static = http.server.ThreadingHTTPServer(("127.0.0.1", site_port), handler)
    threading.Thread(target=static.serve_forever, daemon=True).start()
    site_url = f"http://127.0.0.1:{site_port}/"

    db = work / "requests.sqlite"
    log = open(work / "intake.log", "w")
    intake = subprocess.Popen(
        [PORTAL_BIN, "intake", "serve", "--no-notifications", "--db", str(db), "--form", PORTAL_FORM, "--allow-origin", site_url,
         "--site", str(site), "--site-url", site_url, "--port", str(intake_port), "--rate-limit", "0",
         "--contact-phone", CONTACT_PHONE],
        stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{intake_port}/health", timeout=1)
            break
        except OSError:
            if time.monotonic() > deadline or intake.poll() is not None:
                raise RuntimeError("portal intake did not start; see " + str(work / "intake.log"))
            time.sleep(0.2)
    yield {"site": site_url, "db": db, "intake_port": intake_port, "intake": intake}
    intake.terminate()
    intake.wait(timeout=10)
    static.shutdown()
    log.close()


def chromium(javascript):
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1200,2000"):
        options.add_argument(argument)
    if not javascript:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.implicitly_wait(0)
    return driver


@pytest.fixture
def browser():
    driver = chromium(javascript=True)
    yield driver
    driver.quit()


@pytest.fixture
def browser_without_js():
    driver = chromium(javascript=False)
    yield driver
    driver.quit()
