"""The team inbox as deployed: a peer worker's request sent from the site through nginx, then a
team member signing in to the inbox on the intake's own HTTPS host (behind nginx, as docs/deploy.md
sets it up), finding that request and claiming it. Over real TLS the inbox's `__Host-` cookie must
be accepted (it is `Secure`), its pages must pass their own Content Security Policy, and the
proxy's headers must not undo the service's."""

import subprocess
import sys
import uuid
from pathlib import Path

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from test_deployed import confirmed_in_place, fill, open_form, submit

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "support"))
from totp import totp  # noqa: E402

PASSWORD = "a long passphrase for the inbox"


def add_account(stack, name):
    result = subprocess.run([stack.intake.portal, "intake", "team", "add", name, "--db", str(stack.db)],
                            input=PASSWORD + "\n", capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1].split("secret=")[1].split("&")[0]


def press(driver, text):
    button = driver.find_element(By.XPATH, f"//button[normalize-space()='{text}']")
    button.click()
    # The old page gone, then the new one (after the post's redirect) fully there.
    WebDriverWait(driver, 20).until(EC.staleness_of(button))
    WebDriverWait(driver, 20).until(lambda d: d.execute_script("return document.readyState") == "complete")


def test_a_request_sent_from_the_site_is_claimed_in_the_inbox_over_https(stack, intake, open_browser):
    # A peer worker on a phone sends a request through the site's form (nginx, TLS, the site's CSP).
    peer = open_browser((360, 800))
    texts = open_form(peer, stack, "en")
    fill(peer.driver, f"inbox walk {uuid.uuid4().hex[:8]}")
    submit(peer.driver)
    reference = confirmed_in_place(peer, stack, "en", texts)
    peer.assert_no_csp_messages()

    # The inbox exists once an account does, on the intake's host, behind the same proxy.
    status, headers, _ = stack.https("intake", "GET", "/team/login")
    assert status == 404, "no account yet: no inbox to probe"
    secret = add_account(stack, "maria")
    status, headers, _ = stack.https("intake", "GET", "/team/login")
    assert status == 200
    assert headers["Cache-Control"] == "no-store" and "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["Strict-Transport-Security"], "the proxy's HSTS is sent too"

    team = open_browser((1280, 900))
    driver = team.driver
    driver.get(stack.intake_url + "team/login")
    driver.find_element(By.ID, "name").send_keys("maria")
    driver.find_element(By.ID, "password").send_keys(PASSWORD)
    driver.find_element(By.ID, "code").send_keys(totp(secret))
    press(driver, driver.find_element(By.CSS_SELECTOR, "main button[type=submit]").text)
    assert driver.current_url == stack.intake_url + "team/", "signed in over HTTPS through the proxy"
    cookie = driver.get_cookie("__Host-portal-team")
    assert cookie and cookie["secure"] and cookie["httpOnly"] and cookie["sameSite"] == "Strict"

    # The request the peer sent is in the list; claiming it posts back through the proxy with
    # the session's token and the service's own Origin.
    driver.find_element(By.LINK_TEXT, reference).click()
    WebDriverWait(driver, 20).until(EC.url_contains("/team/requests/" + reference))
    press(driver, "Claim this request")
    assert "Claimed by maria" in driver.find_element(By.TAG_NAME, "main").text
    press(driver, "Sign out")
    driver.get(stack.intake_url + "team/")
    assert "/team/login" in driver.current_url or driver.find_elements(By.ID, "password"), "signed out"
    team.assert_no_csp_messages()
