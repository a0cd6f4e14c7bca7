"""Fixtures for the tests of `portal serve`: a copy of the real site, served by the real
`portal serve` on a free port of 127.0.0.1 under a base path, and a Server-Sent Events reader.

PORTAL_BIN  the `portal` binary (default .build/debug/portal).
"""

import http.client
import os
import queue
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Absolute: some tests run it from the site's own folder.
PORTAL_BIN = str(ROOT / os.environ.get("PORTAL_BIN", ".build/debug/portal"))
BASE_PATH = "/peer/"

sys.path.insert(0, str(ROOT / "tests/browser"))


def copy_site(work):
    """The repository's site (content, data, static files, default theme) at a subfolder address."""
    for name in ("content", "data", "static"):
        if (ROOT / name).exists():
            shutil.copytree(ROOT / name, work / name)
    (work / "static").mkdir(exist_ok=True)  # the repository's site has none; tests add files to it
    shutil.copytree(ROOT / "themes/default", work / "themes/default")
    config = (ROOT / "site.yml").read_text().replace(
        "base_url: https://peer-portal.example.org/", "base_url: https://peer-portal.example.org" + BASE_PATH)
    assert BASE_PATH in config
    (work / "site.yml").write_text(config)


class Preview:
    """A running `portal serve` and what it printed."""

    def __init__(self, work):
        self.work = work
        self.lines = queue.Queue()
        self.printed = []
        self.process = subprocess.Popen(
            [PORTAL_BIN, "serve", "--config", str(work / "site.yml"), "--port", "0"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1)
        threading.Thread(target=self._read, daemon=True).start()
        line = self.wait_for_line("Serving ", timeout=120)
        self.url = line.split()[1]
        assert self.url.endswith(BASE_PATH), line
        self.origin = self.url[: -len(BASE_PATH)]

    def _read(self):
        for line in self.process.stdout:
            self.printed.append(line.rstrip("\n"))
            self.lines.put(line.rstrip("\n"))

    def wait_for_line(self, text, timeout=20):
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"portal serve never printed {text!r}; it printed:\n" + "\n".join(self.printed))
            try:
                line = self.lines.get(timeout=remaining)
            except queue.Empty:
                continue
            if text in line:
                return line

    def get(self, path, method="GET"):
        """(status, headers, body text) without following redirects."""
        host, port = self.origin.split("//")[1].split(":")
        connection = http.client.HTTPConnection(host, int(port), timeout=10)
        connection.request(method, path)
        response = connection.getresponse()
        body = response.read().decode("utf-8", errors="replace")
        connection.close()
        return response.status, dict(response.getheaders()), body

    def edit(self, relative, change):
        path = self.work / relative
        path.write_text(change(path.read_text()))

    def stop(self):
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class EventStream:
    """Reads `event:`/`data:` pairs from the preview's Server-Sent Events endpoint."""

    def __init__(self, preview):
        host, port = preview.origin.split("//")[1].split(":")
        self.connection = http.client.HTTPConnection(host, int(port), timeout=60)
        self.connection.request("GET", BASE_PATH + "__portal/events", headers={"Accept": "text/event-stream"})
        self.response = self.connection.getresponse()
        assert self.response.status == 200
        assert self.response.getheader("Content-Type").startswith("text/event-stream")
        self.events = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        name, _ = self.next(timeout=10)
        assert name == "hello"

    def _read(self):
        name, data = None, []
        try:
            for raw in self.response:
                line = raw.decode().rstrip("\r\n")
                if line.startswith("event:"):
                    name = line[6:].strip()
                elif line.startswith("data:"):
                    data.append(line[5:].strip())
                elif line == "" and name:
                    self.events.put((name, "\n".join(data), time.monotonic()))
                    name, data = None, []
        except Exception:
            pass

    def next(self, timeout=10):
        name, data, _ = self.next_timed(timeout)
        return name, data

    def next_timed(self, timeout=10):
        try:
            return self.events.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError(f"no event within {timeout} s")

    def close(self):
        # Shut the socket first: the reader thread is blocked on it.
        try:
            self.connection.sock.shutdown(socket.SHUT_RDWR)
        except (AttributeError, OSError):
            pass
        self.connection.close()


@pytest.fixture(scope="module")
def preview():
    work = Path(tempfile.mkdtemp(prefix="portal-serve-"))
    copy_site(work)
    running = Preview(work)
    yield running
    running.stop()
    shutil.rmtree(work, ignore_errors=True)


@pytest.fixture
def events(preview):
    stream = EventStream(preview)
    yield stream
    stream.close()
