"""`portal serve` against a copy of the real site: base path, live reload over Server-Sent
Events, the error page, the in-process intake service, and a real browser keeping its scroll."""

import json
import subprocess
import time
import urllib.parse

from conftest import BASE_PATH, PORTAL_BIN, copy_site

PAGE = BASE_PATH + "self-care/boundaries/"
SOURCE = "content/self-care/boundaries.md"


def wait_for_reload(events, path, timeout=10):
    """The next `reload` event naming `path` (or every page)."""
    deadline = time.monotonic() + timeout
    while True:
        name, data = events.next(timeout=max(0.1, deadline - time.monotonic()))
        if name == "reload":
            event = json.loads(data)
            if event["all"] or path in event["paths"]:
                return event


def test_the_site_is_served_under_its_base_path(preview):
    status, headers, body = preview.get(BASE_PATH)
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert f'src="{BASE_PATH}__portal/live.js"' in body
    status, headers, _ = preview.get("/")
    assert status == 302 and headers["Location"] == BASE_PATH
    status, headers, _ = preview.get(BASE_PATH + "self-care")
    assert status == 302 and headers["Location"] == BASE_PATH + "self-care/"
    status, _, body = preview.get(BASE_PATH + "no-such-page/")
    assert status == 404 and '<html lang="en"' in body
    status, _, body = preview.get(BASE_PATH + "es/no-existe/")
    assert status == 404 and '<html lang="es"' in body
    status, headers, body = preview.get(BASE_PATH + "__portal/live.js")
    assert status == 200 and "EventSource" in body
    # Canonical links point at the preview, so every link a reader follows stays in it.
    assert f'href="{preview.url}self-care/boundaries/"' in preview.get(PAGE)[2]


def test_saving_a_page_sends_an_event_and_serves_the_new_text(preview, events):
    marker = "A sentence added while previewing."
    preview.edit(SOURCE, lambda text: text + f"\n{marker}\n")
    event = wait_for_reload(events, PAGE)
    assert not event["all"]
    assert PAGE in event["paths"]
    assert marker in preview.get(PAGE)[2]
    # Only that page was rendered again, and the terminal says so.
    assert "rendered 1 of" in preview.wait_for_line("boundaries.md changed")
    # Pages that did not change are not in the event.
    assert BASE_PATH + "self-care/triggers/" not in event["paths"]


def test_a_broken_page_shows_the_error_page_until_it_is_fixed(preview, events):
    good = (preview.work / SOURCE).read_text()
    preview.edit(SOURCE, lambda text: text.replace("weight: 10\n", "weight: first\n", 1))
    event = wait_for_reload(events, PAGE)
    assert event["all"]
    status, _, body = preview.get(PAGE)
    assert status == 500
    assert "content/self-care/boundaries.md:4:9" in body
    assert "How to fix it" in body and 'role="alert"' in body and '<html lang="en">' in body
    assert "__portal/live.js" in body, "the error page reloads by itself too"
    # Every page shows it; the server keeps running and prints the same message.
    assert preview.get(BASE_PATH + "es/")[0] == 500
    assert "content/self-care/boundaries.md:4:9: error:" in preview.wait_for_line("boundaries.md:4:9")

    (preview.work / SOURCE).write_text(good)
    wait_for_reload(events, PAGE)
    status, _, body = preview.get(PAGE)
    assert status == 200 and "<h1" in body


def test_the_form_posts_to_the_intake_service_inside_the_preview(preview):
    status, _, body = preview.get(BASE_PATH + "request/")
    action = f'action="{preview.origin}{BASE_PATH}__portal/intake/requests?lang=en#error-summary"'
    assert status == 200 and action in body
    answers = urllib.parse.urlencode({
        "contact_method": "email", "email": "sam@example.org", "language": "en", "timing": "asap",
        "topic": "boundaries", "message": "Trying the form in the preview.", "confirm": "yes",
        "lang": "en"}).encode()
    import http.client
    host, port = preview.origin.split("//")[1].split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    connection.request("POST", BASE_PATH + "__portal/intake/requests", body=answers, headers={
        "Content-Type": "application/x-www-form-urlencoded", "Origin": preview.origin})
    response = connection.getresponse()
    response.read()
    assert response.status == 303, response.status
    # The preview's own intake shows the confirmation, with the reference in the page.
    location = urllib.parse.urljoin(preview.origin + BASE_PATH + "__portal/intake/requests", response.getheader("Location"))
    parts = urllib.parse.urlparse(location)
    assert parts.path == BASE_PATH + "__portal/intake/requests/sent", location
    reference = urllib.parse.parse_qs(parts.query)["ref"][0]
    status, _, page = preview.get(parts.path + "?" + parts.query)
    assert status == 200 and f"<strong data-reference-slot=\"\">{reference}</strong>" in page

    # A post with mistakes comes back as the site's own page, read from the preview's memory.
    connection.request("POST", BASE_PATH + "__portal/intake/requests", body=b"lang=en", headers={
        "Content-Type": "application/x-www-form-urlencoded", "Origin": preview.origin})
    response = connection.getresponse()
    page = response.read().decode()
    assert response.status == 422
    assert "<title>Error:" in page and "site-header" in page


def test_portal_build_never_writes_the_live_reload_script(tmp_path):
    copy_site(tmp_path)
    subprocess.run([PORTAL_BIN, "build", "--quiet", "--no-check", "--config", str(tmp_path / "site.yml")], check=True)
    pages = list((tmp_path / "public").rglob("*.html"))
    assert len(pages) > 50
    assert not [p for p in pages if "__portal" in p.read_text()]


def test_a_browser_tab_reloads_and_keeps_its_scroll_position(preview):
    from conftest_browser import chromium
    driver = chromium()
    try:
        driver.get(preview.url + "self-care/boundaries/")
        driver.execute_script("window.scrollTo(0, 700)")
        time.sleep(0.5)  # the page's EventSource connects
        scrolled = driver.execute_script("return window.scrollY")
        assert scrolled > 300, "the page should be long enough to scroll"
        marker = "Reloaded in the browser."
        preview.edit(SOURCE, lambda text: text + f"\n{marker}\n")
        deadline = time.monotonic() + 10
        while marker not in driver.page_source:
            assert time.monotonic() < deadline, "the tab did not reload"
            time.sleep(0.1)
        time.sleep(0.3)
        assert abs(driver.execute_script("return window.scrollY") - scrolled) <= 2
    finally:
        driver.quit()


def test_ctrl_c_stops_the_preview_with_a_tab_open_and_deletes_the_test_requests(tmp_path):
    import re
    import signal
    from conftest import EventStream, Preview
    copy_site(tmp_path)
    preview = Preview(tmp_path)
    database = re.search(r"throwaway database \((.+?)\)", "\n".join(preview.printed)).group(1)
    import os
    assert os.path.isdir(database)
    stream = EventStream(preview)  # an open tab keeps a request open
    started = time.monotonic()
    preview.process.send_signal(signal.SIGINT)
    assert preview.process.wait(timeout=15) == 0
    assert time.monotonic() - started < 10
    assert not os.path.exists(database)
    stream.close()


def test_the_error_page_in_a_browser_is_accessible_and_goes_away_when_fixed(preview):
    from conftest_browser import chromium, run_axe
    driver = chromium()
    good = (preview.work / SOURCE).read_text()
    try:
        driver.get(preview.url + "self-care/boundaries/")
        time.sleep(0.5)
        preview.edit(SOURCE, lambda text: text.replace("weight: 10\n", "weight: first\n", 1))
        deadline = time.monotonic() + 10
        while "problem stops the preview" not in driver.title:
            assert time.monotonic() < deadline, "the tab did not show the error page"
            time.sleep(0.1)
        assert driver.title.startswith("Error:")
        assert run_axe(driver) == []
        (preview.work / SOURCE).write_text(good)
        deadline = time.monotonic() + 10
        while "problem" in driver.title:
            assert time.monotonic() < deadline, "the page did not come back"
            time.sleep(0.1)
        assert "Boundaries" in driver.title
    finally:
        (preview.work / SOURCE).write_text(good)
        driver.quit()


def test_a_folder_made_while_previewing_is_watched(tmp_path):
    """No static/ at first: creating it, then a file in it, shows the file."""
    import shutil
    from conftest import EventStream, Preview
    copy_site(tmp_path)
    shutil.rmtree(tmp_path / "static")
    preview = Preview(tmp_path)
    stream = EventStream(preview)
    try:
        (tmp_path / "static").mkdir()
        time.sleep(0.5)
        (tmp_path / "static/notes.txt").write_text("Shown in the preview.\n")
        wait_for_reload(stream, BASE_PATH + "notes.txt")
        status, _, body = preview.get(BASE_PATH + "notes.txt")
        assert status == 200 and body == "Shown in the preview.\n"
    finally:
        stream.close()
        preview.stop()


def test_a_port_in_use_is_said_plainly_before_building(preview):
    port = preview.origin.rsplit(":", 1)[1]
    result = subprocess.run([PORTAL_BIN, "serve", "--config", str(preview.work / "site.yml"), "--port", port],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert f"port {port} on 127.0.0.1 is in use" in result.stderr
    assert "Built" not in result.stdout


def test_a_static_file_wins_over_a_generated_one_as_in_a_build(preview, events):
    (preview.work / "static/robots.txt").write_text("User-agent: *\nDisallow: /\n")
    try:
        wait_for_reload(events, BASE_PATH + "robots.txt")
        assert preview.get(BASE_PATH + "robots.txt")[2] == "User-agent: *\nDisallow: /\n"
    finally:
        (preview.work / "static/robots.txt").unlink()
        wait_for_reload(events, BASE_PATH + "robots.txt")
    assert "Sitemap:" in preview.get(BASE_PATH + "robots.txt")[2]


def test_the_form_works_once_a_site_that_started_broken_is_fixed(tmp_path):
    import http.client
    from conftest import EventStream, Preview
    copy_site(tmp_path)
    source = tmp_path / SOURCE
    good = source.read_text()
    source.write_text(good.replace("weight: 10\n", "weight: first\n", 1))
    preview = Preview(tmp_path)
    stream = EventStream(preview)
    try:
        assert preview.get(BASE_PATH + "request/")[0] == 500
        source.write_text(good)
        wait_for_reload(stream, BASE_PATH + "request/")
        host, port = preview.origin.split("//")[1].split(":")
        connection = http.client.HTTPConnection(host, int(port), timeout=10)
        connection.request("POST", BASE_PATH + "__portal/intake/requests", body=b"lang=en", headers={
            "Content-Type": "application/x-www-form-urlencoded", "Origin": preview.origin})
        response = connection.getresponse()
        assert response.status == 422 and "<title>Error:" in response.read().decode()
    finally:
        stream.close()
        preview.stop()


def test_the_page_shows_what_portal_build_would_report_warnings_included(preview, events):
    """A second '# heading' and an image without alt text: `portal build` refuses them (the
    read-back check); the preview serves the page with a marked panel naming them, file:line and
    fix, and the site's totals. Fixed, the page reloads without them."""
    good = (preview.work / SOURCE).read_text()
    (preview.work / "content/self-care/photo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    preview.edit(SOURCE, lambda text: text + "\n# A second title\n\n![](photo.png)\n")
    deadline = time.monotonic() + 20
    while True:
        status, _, body = preview.get(PAGE)
        if "portal-findings" in body and "h1-count" in body:
            break
        assert time.monotonic() < deadline, "the panel never showed the check's findings:\n" + body[:2000]
        time.sleep(0.2)
    assert status == 200, "the page is still shown, with its findings"
    panel = body[body.index('<aside class="portal-findings'):body.index("</aside>")]
    assert 'aria-labelledby="portal-findings-title"' in panel
    assert "content/self-care/boundaries.md:" in panel and "How to fix it" in panel
    assert "(img-alt-empty)" in panel and "(h1-count)" in panel
    assert "Whole site:" in panel and f'href="{BASE_PATH}__portal/findings"' in panel
    assert "<script" not in panel and "style=" not in panel, "no inline script or style"
    assert preview.wait_for_line("Checked:")
    status, headers, css = preview.get(BASE_PATH + "__portal/findings.css")
    assert status == 200 and headers["Content-Type"].startswith("text/css") and ".portal-findings" in css
    status, _, listing = preview.get(BASE_PATH + "__portal/findings")
    assert status == 200 and "content/self-care/boundaries.md:" in listing and "(h1-count)" in listing

    (preview.work / SOURCE).write_text(good)
    deadline = time.monotonic() + 20
    while "(h1-count)" in preview.get(PAGE)[2]:
        assert time.monotonic() < deadline, "the finding stayed after the fix"
        time.sleep(0.2)


def test_portal_build_never_writes_the_findings_panel(tmp_path):
    copy_site(tmp_path)
    run = subprocess.run([PORTAL_BIN, "build", "--output", str(tmp_path / "out")],
                         cwd=tmp_path, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    for page in (tmp_path / "out").rglob("*.html"):
        assert "portal-findings" not in page.read_text()


def test_the_findings_panel_in_a_browser_is_accessible(preview):
    from conftest_browser import chromium, run_axe
    good = (preview.work / SOURCE).read_text()
    driver = chromium()
    try:
        preview.edit(SOURCE, lambda text: text + "\n[click here](boundaries.md)\n")
        deadline = time.monotonic() + 20
        while "link-text-vague" not in preview.get(PAGE)[2]:
            assert time.monotonic() < deadline, "the warning never showed"
            time.sleep(0.2)
        driver.get(preview.url + "self-care/boundaries/")
        panel = driver.find_element("css selector", "aside.portal-findings")
        assert "link-text-vague" in panel.text and panel.is_displayed()
        assert run_axe(driver) == []
    finally:
        (preview.work / SOURCE).write_text(good)
        driver.quit()
