"""The portal as deployed: the real site and `portal intake` behind nginx over HTTPS, with the
server blocks made from the project's own deploy/nginx/*.conf, walked in headless Chromium.

Everything listens on 127.0.0.1 on free ports; Chromium maps the public host names site.test and
intake.test there, so the site and the service are two HTTPS origins, as in production.

PORTAL_BIN     the `portal` binary (default .build/debug/portal).
DEPLOYED_KEEP  1: keep the temporary folder (logs, nginx config, database) and print its path.
"""

import http.client
import json
import os
import re
import shutil
import socket
import ssl
import subprocess
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

ROOT = Path(__file__).resolve().parents[2]
PORTAL_BIN = os.environ.get("PORTAL_BIN", str(ROOT / ".build/debug/portal"))
FORM = ROOT / "content/request-form.yml"
NGINX = "/usr/sbin/nginx"
SITE_HOST, INTAKE_HOST = "site.test", "intake.test"
# Console lines that mean the Content Security Policy blocked something.
CSP_MESSAGE = re.compile(r"Refused to|Content Security Policy", re.IGNORECASE)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(ready, what, process=None, log=None, timeout=30):
    deadline = time.monotonic() + timeout
    while not ready():
        exited = process is not None and process.poll() is not None
        if exited or time.monotonic() > deadline:
            # The folder is gone by the time the report is read: quote the log's end.
            tail = "\n".join(log.read_text(errors="replace").splitlines()[-15:]) if log and log.exists() else ""
            state = f"exited with {process.returncode}" if exited else f"did not start in {timeout}s"
            raise RuntimeError(f"{what} {state}:\n{tail}")
        time.sleep(0.1)


def make_certificate(work):
    """A throwaway self-signed certificate for both host names; Chromium is told to accept it."""
    cert, key = work / "cert.pem", work / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
         "-keyout", str(key), "-out", str(cert), "-days", "1", "-subj", f"/CN={SITE_HOST}",
         "-addext", f"subjectAltName=DNS:{SITE_HOST},DNS:{INTAKE_HOST}"],
        check=True, capture_output=True)
    return cert, key


def build_site(portal, work, site_url, intake_url, content=ROOT / "content"):
    """The real site from the repository's content (or another copy of it), with the public
    addresses of this deployment (not loopback names, so the build's check that the form can work
    passes as it would live)."""
    keys = "base_url|intake_url|content_dir|data_dir|themes_dir|static_dir|output_dir"
    lines = [line for line in (ROOT / "site.yml").read_text().splitlines() if not re.match(rf"({keys}):", line)]
    lines += [f"base_url: {site_url}", f"intake_url: {intake_url}", f"content_dir: {content}",
              f"data_dir: {ROOT / 'data'}", f"themes_dir: {ROOT / 'themes'}", f"static_dir: {ROOT / 'static'}",
              f"output_dir: {work / 'public'}"]
    config = work / "site.yml"
    config.write_text("\n".join(lines) + "\n")
    result = subprocess.run([portal, "build", "--quiet", "--config", str(config)], capture_output=True, text=True)
    assert result.returncode == 0, f"portal build failed:\n{result.stdout}{result.stderr}"
    return work / "public"


def substitute(text, old, new, source, regex=False):
    """Replaces old with new, failing loudly when the deployment file no longer holds old."""
    result, count = re.subn(old if regex else re.escape(old), lambda _: new, text, flags=re.DOTALL)
    assert count, f"deploy/nginx/{source} no longer contains {old!r}: update tests/deployed/conftest.py"
    return result


def server_blocks(work, public, cert, key, site_port, intake_tls_port, intake_port):
    """deploy/nginx/site.conf and intake.conf, changed only where a real deployment changes them."""
    files = {}
    for name, port in (("site.conf", site_port), ("intake.conf", intake_tls_port)):
        text = (ROOT / "deploy/nginx" / name).read_text()
        text = substitute(text, "listen 443 ssl http2;", f"listen 127.0.0.1:{port} ssl;", name)
        text = substitute(text, r"ssl_certificate\s+\S+;", f"ssl_certificate {cert};", name, regex=True)
        text = substitute(text, r"ssl_certificate_key\s+\S+;", f"ssl_certificate_key {key};", name, regex=True)
        text = substitute(text, "/var/www/peer-portal", str(public), name)
        if name == "site.conf":
            # The port-80 redirect has no part in a test over HTTPS.
            text = substitute(text, r"\n*server\s*\{\s*listen 80;.*?\}\n?", "\n", name, regex=True)
            text = substitute(text, "peer-portal.example.org", SITE_HOST, name)
            # The shipped site logs nothing; a host that does must still never see search words
            # (test_search_deployed.py reads this log).
            text = substitute(text, "access_log off;", f"access_log {work}/access.log;", name)
        else:
            text = substitute(text, "proxy_pass http://127.0.0.1:8081", f"proxy_pass http://127.0.0.1:{intake_port}", name)
            # Before the site's name, which it contains; the site's name may appear here too.
            text = substitute(text, "intake.peer-portal.example.org", INTAKE_HOST, name)
            text = text.replace("peer-portal.example.org", SITE_HOST)
        (work / name).write_text(text)
        files[name] = work / name
    return files


NGINX_CONF = """# Made by tests/deployed/conftest.py around the project's own server blocks.
daemon off;
{user}worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/error.log warn;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path {work}/client_body;
    proxy_temp_path {work}/proxy;
    fastcgi_temp_path {work}/fastcgi;
    uwsgi_temp_path {work}/uwsgi;
    scgi_temp_path {work}/scgi;
    include {work}/site.conf;
    include {work}/intake.conf;
}}
"""


class Intake:
    """`portal intake serve` on loopback behind nginx; restartable with another rate limit or
    stoppable, for the walks where the service is busy or down."""

    def __init__(self, portal, work, public, site_url, intake_url, port):
        self.portal, self.work, self.public, self.port = portal, work, public, port
        self.site_url, self.intake_url = site_url, intake_url
        self.db = work / "requests.sqlite"
        self.log_path = work / "intake.log"
        self.process = None
        self.rate_limit = None

    def start(self, rate_limit=0):
        assert self.process is None, "the intake is already running"
        log = open(self.log_path, "a")
        log.write(f"--- starting with --rate-limit {rate_limit}\n")
        log.flush()
        self.process = subprocess.Popen(
            [self.portal, "intake", "serve", "--db", str(self.db), "--form", str(FORM), "--site", str(self.public),
             "--allow-origin", self.site_url.rstrip("/"), "--site-url", self.site_url,
             "--public-url", self.intake_url + "requests", "--host", "127.0.0.1", "--port", str(self.port),
             "--trust-forwarded-for", "--rate-limit", str(rate_limit),
             "--no-notifications"],  # nobody to tell about test requests
            stdout=log, stderr=subprocess.STDOUT)
        log.close()
        self.rate_limit = rate_limit
        wait_until(self.healthy, "portal intake", self.process, self.log_path)

    def healthy(self):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/health", timeout=1) as answer:
                return answer.status == 200
        except OSError:
            return False

    def stop(self):
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None

    def restart(self, rate_limit=0):
        self.stop()
        self.start(rate_limit)

    def ensure_normal(self):
        if self.process is not None and self.process.poll() is not None:
            self.process = None  # it died during the walk
        if self.process is None or self.rate_limit != 0:
            self.restart(0)


@dataclass
class Stack:
    work: Path
    public: Path
    site_url: str          # https://site.test:PORT/
    intake_url: str        # https://intake.test:PORT/
    site_port: int
    intake_tls_port: int
    intake: Intake

    @property
    def db(self):
        return self.intake.db

    def rebuild(self, content):
        """`portal build` again, from another content folder, into the `public/` nginx serves:
        an editor's next build on the web host."""
        build_site(self.work / "portal", self.work, self.site_url, self.intake_url.rstrip("/"), content)

    def https(self, server, method, path, headers=None, body=None):
        """A request through nginx to "site" (site.test) or "intake" (intake.test), names Python
        cannot resolve: it goes to 127.0.0.1 with the name in the Host header. Redirects are not
        followed."""
        host, port = (SITE_HOST, self.site_port) if server == "site" else (INTAKE_HOST, self.intake_tls_port)
        connection = http.client.HTTPSConnection(
            "127.0.0.1", port, timeout=10, context=ssl._create_unverified_context())
        try:
            connection.request(method, path, body=body, headers={"Host": f"{host}:{port}", **(headers or {})})
            answer = connection.getresponse()
            return answer.status, answer.headers, answer.read().decode("utf-8", "replace")
        finally:
            connection.close()

    def post_request(self, answers, lang="en"):
        """A valid JSON post from the site's origin, through nginx, as the form's script sends it."""
        body = json.dumps({**answers, "lang": lang}).encode()
        return self.https("intake", "POST", "/requests", body=body, headers={
            "Content-Type": "application/json", "Origin": self.site_url.rstrip("/")})


@pytest.fixture(scope="session")
def stack():
    for program in (PORTAL_BIN, NGINX, "/usr/bin/openssl"):
        assert Path(program).exists(), f"{program} is missing (nginx-light and openssl come from apt-get)"
    work = Path(tempfile.mkdtemp(prefix="portal-deployed-"))
    site_port, intake_tls_port, intake_port = free_port(), free_port(), free_port()
    site_url = f"https://{SITE_HOST}:{site_port}/"
    intake_url = f"https://{INTAKE_HOST}:{intake_tls_port}/"
    intake = nginx = None
    try:
        # The walks restart the service: from a copy, so that a rebuild of PORTAL_BIN meanwhile
        # ("Text file busy") cannot break them, and every part runs the same program.
        portal = work / "portal"
        shutil.copy2(PORTAL_BIN, portal)
        cert, key = make_certificate(work)
        public = build_site(portal, work, site_url, intake_url.rstrip("/"))
        assert (public / "_headers.nginx").is_file(), \
            "portal build wrote no public/_headers.nginx, which deploy/nginx/site.conf includes"
        server_blocks(work, public, cert, key, site_port, intake_tls_port, intake_port)
        # nginx started as root hands its workers to nobody, who cannot read the 0700 temp folder.
        user = "user root;\n" if os.geteuid() == 0 else ""
        (work / "nginx.conf").write_text(NGINX_CONF.format(work=work, user=user))
        check = subprocess.run([NGINX, "-t", "-q", "-c", str(work / "nginx.conf"), "-p", f"{work}/"],
                               capture_output=True, text=True)
        assert check.returncode == 0, f"nginx rejects the configuration made from deploy/nginx:\n{check.stderr}"

        intake = Intake(portal, work, public, site_url, intake_url, intake_port)
        intake.start()
        with open(work / "nginx.stderr", "w") as nginx_log:
            nginx = subprocess.Popen([NGINX, "-c", str(work / "nginx.conf"), "-p", f"{work}/"],
                                     stdout=nginx_log, stderr=subprocess.STDOUT)
        stack = Stack(work, public, site_url, intake_url, site_port, intake_tls_port, intake)

        def nginx_answers():
            try:
                return stack.https("site", "HEAD", "/")[0] > 0
            except OSError:
                return False
        wait_until(nginx_answers, "nginx", nginx, work / "error.log")
        yield stack
    finally:
        if nginx is not None:
            nginx.terminate()
            nginx.wait(timeout=10)
        if intake is not None:
            intake.stop()
        if os.environ.get("DEPLOYED_KEEP") == "1":
            print(f"\n[deployed] kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


@pytest.fixture
def intake(stack):
    """The intake service, back to normal (running, no rate limit) after the walk, whatever it did."""
    yield stack.intake
    stack.intake.ensure_normal()


class Browser:
    """Headless Chromium resolving the test's host names to 127.0.0.1, at a given viewport, with
    or without JavaScript, keeping every console line."""

    def __init__(self, width, height, javascript):
        options = webdriver.ChromeOptions()
        options.binary_location = "/usr/bin/chromium"
        for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--ignore-certificate-errors",
                         f"--host-resolver-rules=MAP {SITE_HOST} 127.0.0.1,MAP {INTAKE_HOST} 127.0.0.1",
                         f"--window-size={width},{height}"):
            options.add_argument(argument)
        if not javascript:
            options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        self.driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
        self.driver.implicitly_wait(0)
        # Headless Chromium will not make a window narrower than 500 px: emulate the phone's
        # viewport instead (mobile, so the page's viewport meta applies as on a phone).
        self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600})
        self.width = width
        self.console = []

    def console_lines(self):
        self.console += [entry["message"] for entry in self.driver.get_log("browser")]
        return self.console

    def assert_no_csp_messages(self):
        blocked = [line for line in self.console_lines() if CSP_MESSAGE.search(line)]
        assert not blocked, "the Content Security Policy blocked something:\n" + "\n".join(blocked)

    def quit(self):
        self.driver.quit()


@pytest.fixture
def open_browser():
    """open_browser(viewport, javascript=True): a fresh Chromium for one walk, quit afterwards."""
    opened = []

    def open_(viewport, javascript=True):
        browser = Browser(*viewport, javascript)
        opened.append(browser)
        return browser
    yield open_
    for browser in opened:
        # Shown by pytest only when the walk failed.
        print("browser console:", *browser.console_lines(), sep="\n  ")
        browser.quit()
