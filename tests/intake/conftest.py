"""Fixtures for the intake service's promises, on real processes: `portal intake serve` on
127.0.0.1, a real SMTP receiver (aiosmtpd) reached through msmtp's sendmail interface, and a real
webhook receiver that can be taken down and brought back on the same port.

PORTAL_BIN  the `portal` binary (default .build/debug/portal).
"""

import http.server
import json
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PORTAL_BIN = os.environ.get("PORTAL_BIN", str(ROOT / ".build/debug/portal"))
FORM = ROOT / "content/request-form.yml"
ORIGIN = "http://site.test"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Intake:
    """One `portal intake serve`; its output goes to a log file in the work folder."""

    def __init__(self, work, db, *extra, name="intake", own_url=False):
        self.port = free_port()
        self.log = open(work / f"{name}.log", "w")
        # `own_url`: tell the service its own address (--public-url), as a deployment does.
        own = ["--public-url", self.url("/requests")] if own_url else []
        self.process = subprocess.Popen(
            [PORTAL_BIN, "intake", "serve", "--db", str(db), "--form", str(FORM), "--allow-origin", ORIGIN,
             "--host", "127.0.0.1", "--port", str(self.port), "--rate-limit", "0", *own, *extra],
            stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(self.url("/health"), timeout=1).read()
                return
            except urllib.error.HTTPError:
                return  # answering (503 is an answer)
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"portal intake did not start; see {self.log.name}")
                time.sleep(0.1)

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def post(self, message, lang="en"):
        body = json.dumps({"contact_method": "phone", "phone": "650 555 0123", "language": "en", "timing": "asap",
                           "topic": ["stress"], "confirm": "yes", "message": message, "lang": lang}).encode()
        request = urllib.request.Request(self.url("/requests"), data=body, method="POST",
                                         headers={"Content-Type": "application/json", "Origin": ORIGIN})
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.status == 201
            return json.loads(response.read())["id"]

    def health(self):
        try:
            with urllib.request.urlopen(self.url("/health"), timeout=5) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.log.close()


class Webhook:
    """A chat webhook on a fixed port that records each post; `down()` closes the port for real."""

    def __init__(self):
        self.port = free_port()
        self.bodies = []
        self.lock = threading.Lock()
        self.server = None
        self.up()

    def up(self):
        hook = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
                with hook.lock:
                    hook.bodies.append(json.loads(body))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def down(self):
        self.server.shutdown()
        self.server.server_close()

    @property
    def ids(self):
        with self.lock:
            return [body["id"] for body in self.bodies]

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}/hook"


class Mailbox:
    """A real SMTP server (aiosmtpd) on loopback; msmtp delivers to it as `sendmail` would."""

    def __init__(self, work):
        from aiosmtpd.controller import Controller

        self.messages = []
        box = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):
                box.messages.append((envelope.rcpt_tos, envelope.content.decode("utf-8", "replace")))
                return "250 OK"

        self.port = free_port()
        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)
        self.controller.start()
        self.config = work / "msmtprc"
        self.config.write_text(f"account default\nhost 127.0.0.1\nport {self.port}\nfrom portal@peer-portal.test\n"
                               "auth off\ntls off\nsyslog off\n")
        self.config.chmod(0o600)  # msmtp refuses a configuration others can read

    @property
    def sendmail(self):
        return f"{shutil.which('msmtp')} -C {self.config}"

    def stop(self):
        self.controller.stop()


def wait_for(condition, timeout, what):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.1)


@pytest.fixture
def work():
    folder = Path(tempfile.mkdtemp(prefix="portal-intake-"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)
