#!/usr/bin/env python3
"""`make bench-serve`: how long a content editor waits in `portal serve` on the benchmark corpus.

For each of N edits (default 50) to different pages: the time from the file's write to the
Server-Sent Events `reload` event that names the page, and to the new text being served. Hugo's
`hugo server` on the equivalent corpus is measured the same way for the second figure (it has no
SSE; its reload goes over a WebSocket), when Hugo is installed.

    python3 bench/serve_latency.py --portal .build/release/portal [--pages 10000] [--edits 50]
"""
import argparse
import http.client
import json
import os
import queue
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run as bench  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_output(process, text, timeout):
    """Reads the process's output until a line holds `text`; returns the line."""
    lines = queue.Queue()

    def pump():
        for line in process.stdout:
            lines.put(line)

    threading.Thread(target=pump, daemon=True).start()
    deadline = time.monotonic() + timeout
    seen = []
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=0.5)
        except queue.Empty:
            if process.poll() is not None:
                break
            continue
        seen.append(line)
        if text in line:
            return line
    sys.exit(f"{process.args[0]} never printed {text!r}:\n" + "".join(seen[-20:]))


class Events:
    """The preview's SSE stream over a plain socket (http.client's reader buffers lines and adds
    its own delay), read on a thread; each event is stamped when its bytes arrive."""

    PATTERN = re.compile(rb"event: reload\ndata: (\{[^\n]*\})\n")

    def __init__(self, port, path):
        self.socket = socket.create_connection(("127.0.0.1", port))
        self.socket.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
        self.queue = queue.Queue()
        threading.Thread(target=self.read, daemon=True).start()

    def read(self):
        buffer = b""
        while True:
            data = self.socket.recv(65536)
            if not data:
                return
            stamp = time.monotonic()
            buffer += data
            while True:
                match = self.PATTERN.search(buffer)
                if not match:
                    break
                self.queue.put((stamp, json.loads(match.group(1))))
                buffer = buffer[match.end():]

    def wait_for(self, path, timeout=30):
        deadline = time.monotonic() + timeout
        while True:
            stamp, event = self.queue.get(timeout=max(0.01, deadline - time.monotonic()))
            if event["all"] or path in event["paths"]:
                return stamp


def fetch(port, path):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path)
    body = connection.getresponse().read()
    connection.close()
    return body


def edit(file, marker):
    """Appends a paragraph; returns the moment just before the write."""
    with open(file) as f:
        text = f.read()
    started = time.monotonic()
    with open(file, "w") as f:
        f.write(text + f"\n{marker}\n")
    return started


def page_files(content, count):
    """`count` pages spread over the sections, as (file, site path)."""
    files = sorted(os.path.join(d, f)[len(content) + 1:] for d, _, names in os.walk(content)
                   for f in names if f.endswith(".md") and not f.endswith(".es.md") and not f.startswith("_"))
    step = max(1, len(files) // count)
    return [(os.path.join(content, f), f[:-3] + "/") for f in files[::step][:count]]


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def report(name, values):
    print(f"  {name:<44} median {statistics.median(values) * 1000:7.1f} ms   p95 {percentile(values, 0.95) * 1000:7.1f} ms"
          f"   max {max(values) * 1000:7.1f} ms   (n={len(values)})")


def measure_portal(portal, root, edits):
    port = free_port()
    process = subprocess.Popen([portal, "serve", "--port", str(port)], cwd=root, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    try:
        started = time.monotonic()
        wait_for_output(process, "Serving ", timeout=600)
        print(f"  portal serve: first build and serving after {time.monotonic() - started:.1f} s")
        events = Events(port, "/__portal/events")
        time.sleep(0.5)
        to_event, to_text = [], []
        for number, (file, path) in enumerate(page_files(os.path.join(root, "content"), edits)):
            marker = f"Portal edit {number} {time.time()}"
            began = edit(file, marker)
            to_event.append(events.wait_for("/" + path) - began)
            while marker.encode() not in fetch(port, "/" + path):
                time.sleep(0.002)
            to_text.append(time.monotonic() - began)
            time.sleep(0.2)  # let the debounce window close before the next edit
        report("portal serve: write -> SSE reload event", to_event)
        report("portal serve: write -> new text served", to_text)
        return to_event, to_text
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)


def measure_hugo(hugo, root, edits):
    port = free_port()
    process = subprocess.Popen([hugo, "server", "--port", str(port), "--bind", "127.0.0.1", "--baseURL",
                                f"http://127.0.0.1:{port}/"],
                               cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        started = time.monotonic()
        wait_for_output(process, "Web Server is available", timeout=900)
        print(f"  hugo server: first build and serving after {time.monotonic() - started:.1f} s")
        to_text = []
        for number, (file, path) in enumerate(page_files(os.path.join(root, "content"), edits)):
            fetch(port, "/" + path)  # a page the browser shows, as in the portal run
            marker = f"Hugo edit {number} {time.time()}"
            began = edit(file, marker)
            while marker.encode() not in fetch(port, "/" + path):
                time.sleep(0.005)
                if time.monotonic() - began > 30:
                    sys.exit("hugo server never showed the edit")
            to_text.append(time.monotonic() - began)
            time.sleep(0.2)
        report("hugo server: write -> new text served", to_text)
        return to_text
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--portal", default=os.path.join(bench.REPO, ".build/release/portal"))
    parser.add_argument("--pages", type=int, default=10000)
    parser.add_argument("--edits", type=int, default=50)
    parser.add_argument("--work", default=os.path.join(bench.REPO, "bench/out"))
    parser.add_argument("--no-hugo", action="store_true")
    args = parser.parse_args()
    work = os.path.join(os.path.abspath(args.work), str(args.pages))
    os.makedirs(work, exist_ok=True)
    # Its own copies: the edits must not change the corpus `make bench` builds.
    root = os.path.join(work, "serve-portal")
    shutil.rmtree(root, ignore_errors=True)
    bench.make_portal_site(os.path.join(work, "portal"), args.pages, "minimal")
    shutil.copytree(os.path.join(work, "portal"), root, ignore=shutil.ignore_patterns("public", ".public*"))
    print(f"Corpus: {args.pages} pages, {os.cpu_count()} cores; {args.edits} edits, each to another page")
    to_event, to_text = measure_portal(os.path.abspath(args.portal), root, args.edits)
    hugo = None if args.no_hugo else shutil.which("hugo")
    if hugo:
        hugo_root = os.path.join(work, "serve-hugo")
        shutil.rmtree(hugo_root, ignore_errors=True)
        bench.make_hugo_site(os.path.join(work, "hugo"), args.pages)
        shutil.copytree(os.path.join(work, "hugo"), hugo_root, ignore=shutil.ignore_patterns("public", "resources"))
        hugo_text = measure_hugo(hugo, hugo_root, args.edits)
        print(f"Ratio portal/Hugo, write -> new text served: median "
              f"{statistics.median(to_text) / statistics.median(hugo_text):.3f}")
    median = statistics.median(to_event)
    print(f"Target: write -> SSE event under 100 ms: median {median * 1000:.1f} ms, "
          f"p95 {percentile(to_event, 0.95) * 1000:.1f} ms - {'met' if percentile(to_event, 0.95) < 0.1 else 'not met'}")
    # The shape of a site mid-translation, with the default theme (bench/run.py's bilingual corpus).
    bilingual = os.path.join(work, "serve-bilingual")
    shutil.rmtree(bilingual, ignore_errors=True)
    bench.bilingual_site(os.path.join(work, "bilingual-portal"), args.pages, False)
    shutil.copytree(os.path.join(work, "bilingual-portal"), bilingual, ignore=shutil.ignore_patterns("public", ".public*", ".cache"))
    print(f"Bilingual shape (default theme, English + Spanish, a fifth translated): {args.edits} edits")
    to_event, _ = measure_portal(os.path.abspath(args.portal), bilingual, args.edits)
    print(f"Target, bilingual: write -> SSE event under 100 ms: median {statistics.median(to_event) * 1000:.1f} ms, "
          f"p95 {percentile(to_event, 0.95) * 1000:.1f} ms - {'met' if percentile(to_event, 0.95) < 0.1 else 'not met'}")


if __name__ == "__main__":
    main()
