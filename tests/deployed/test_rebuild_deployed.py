"""An editor's second build on the web host itself, with nginx serving `public/` as it is written
(docs/deploy.md): one Markdown page edited in a copy of the content, then `portal build` again
into the folder nginx serves, while a thread keeps asking nginx for a few pages. Every answer,
during the build and after it, is a 200; afterwards the edited page has its new words, an
unchanged page the same bytes, and both the same security headers. A third build, from the
repository's content again, leaves the shared stack as the other walks expect it (and swaps in
once more, now reusing the folder of the site before last)."""

import re
import shutil
import threading
from pathlib import Path
from urllib.parse import urljoin, urlsplit

ROOT = Path(__file__).resolve().parents[2]

EDITED = ("about.md", "/about/")
UNCHANGED = "/certification/ce-log/"
FORM_PAGE = "/request/"
NEW_WORDS = "This sentence was added by the second build of the deployed test."
SECURITY_HEADERS = ("Content-Security-Policy", "Referrer-Policy", "X-Content-Type-Options", "Permissions-Policy",
                    "Strict-Transport-Security")


def security_headers(headers):
    return {name: headers.get(name) for name in SECURITY_HEADERS}


class Asker(threading.Thread):
    """Asks nginx for each path in turn, over and over, until stopped; keeps every answer's status
    (or the error, had a connection failed)."""

    def __init__(self, stack, paths):
        super().__init__(daemon=True)
        self.stack, self.paths = stack, paths
        self.answers = []  # (path, status or error text)
        self.stopping = threading.Event()
        self.rounds = 0

    def run(self):
        while not self.stopping.is_set():
            for path in self.paths:
                try:
                    status = self.stack.https("site", "GET", path)[0]
                except OSError as error:
                    status = repr(error)
                self.answers.append((path, status))
            self.rounds += 1

    def wait_for_rounds(self, count):
        goal = self.rounds + count
        while self.rounds < goal and self.is_alive():
            self.stopping.wait(0.01)


def test_a_second_build_replaces_the_site_while_nginx_serves_it_without_a_failed_answer(stack, tmp_path):
    status, _, home = stack.https("site", "GET", "/")
    assert status == 200
    stylesheet = re.search(r'<link\b[^>]*\brel="?stylesheet"?[^>]*\bhref="([^"]+)"', home)
    assert stylesheet, "the home page links no stylesheet"
    asset = urlsplit(urljoin(stack.site_url, stylesheet.group(1))).path
    before = {path: stack.https("site", "GET", path) for path in (EDITED[1], UNCHANGED)}
    assert all(answer[0] == 200 for answer in before.values())
    assert NEW_WORDS not in before[EDITED[1]][2]

    # The stack was built from the repository's content, which is never touched: a copy is edited.
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    page = content / EDITED[0]
    page.write_text(page.read_text() + f"\n{NEW_WORDS}\n")

    asker = Asker(stack, ["/", EDITED[1], UNCHANGED, FORM_PAGE, asset])
    asker.start()
    try:
        asker.wait_for_rounds(2)
        build_started = len(asker.answers)
        try:
            stack.rebuild(content)
            during_build = len(asker.answers) - build_started
            asker.wait_for_rounds(2)  # answers from the new site too
            after = {path: stack.https("site", "GET", path) for path in (EDITED[1], UNCHANGED)}
        finally:
            # The stack is shared: the walks after this one get the repository's site back.
            stack.rebuild(ROOT / "content")
            asker.wait_for_rounds(2)
    finally:
        asker.stopping.set()
        asker.join(timeout=30)
    failed = [answer for answer in asker.answers if answer[1] != 200]
    assert not failed, f"{len(failed)} of {len(asker.answers)} answers were not 200: {failed[:10]}"
    assert during_build > 0, "no answers while the site was rebuilt"
    assert NEW_WORDS not in stack.https("site", "GET", EDITED[1])[2], "the repository's site did not come back"

    assert after[EDITED[1]][0] == 200 and NEW_WORDS in after[EDITED[1]][2], "the edited page is not the new one"
    assert after[UNCHANGED][0] == 200 and after[UNCHANGED][2] == before[UNCHANGED][2], "an unchanged page changed"
    for path in (EDITED[1], UNCHANGED):
        headers = security_headers(after[path][1])
        assert headers["Content-Security-Policy"], f"no Content-Security-Policy on {path} after the build"
        assert headers == security_headers(before[path][1]), path
