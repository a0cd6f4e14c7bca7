"""The request form end to end: headless Chromium, the site, and a live `portal intake`."""

import json
import sqlite3
from pathlib import Path

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait


def stored(db, reference):
    row = sqlite3.connect(db).execute("SELECT answers FROM request WHERE id = ?", (reference,)).fetchone()
    return json.loads(row[0]) if row else None


def fill_by_keyboard(driver, message):
    """Space ticks radios and boxes, typing fills text: no mouse."""
    find = lambda css: driver.find_element(By.CSS_SELECTOR, css)
    find("#f-contact_method-text").send_keys(Keys.SPACE)
    find("#f-phone").send_keys("650 555 0123")
    find("#f-language").send_keys(Keys.SPACE)
    find("#f-timing-later_today").send_keys(Keys.SPACE)
    find("#f-topic-boundaries").send_keys(Keys.SPACE)
    find("#f-message").send_keys(message)
    find("#f-name").send_keys("Sam")
    find("#f-confirm").send_keys(Keys.SPACE)


def submit(driver):
    driver.find_element(By.CSS_SELECTOR, "[data-submit]").send_keys(Keys.ENTER)


def test_with_javascript_the_request_is_sent_and_confirmed_without_reload(stack, browser):
    browser.get(stack["site"] + "request/")
    fill_by_keyboard(browser, "Sent with the script on")
    submit(browser)
    box = WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.CSS_SELECTOR, "[data-confirmation]")))
    reference = box.find_element(By.CSS_SELECTOR, ".form-confirmation__reference").text.split()[-1]
    assert browser.current_url == stack["site"] + "request/"
    assert browser.switch_to.active_element == box
    answers = stored(stack["db"], reference)
    assert answers["message"] == ["Sent with the script on"]
    assert answers["contact_method"] == ["text"] and answers["topic"] == ["boundaries"]


def test_without_javascript_the_post_lands_on_the_confirmation_page(stack, browser_without_js):
    """A plain post is stored, then redirected to the service's own confirmation, which shows the
    reference in the page itself (phone browsers hide the address bar's end)."""
    driver = browser_without_js
    driver.get(stack["site"] + "request/")
    fill_by_keyboard(driver, "Sent with the script off")
    submit(driver)
    WebDriverWait(driver, 10).until(EC.url_contains("/requests/sent?ref="))
    reference = driver.current_url.split("ref=")[1].split("&")[0]
    assert stored(stack["db"], reference)["message"] == ["Sent with the script off"]
    shown = driver.find_element(By.CSS_SELECTOR, "[data-reference]")
    assert shown.is_displayed() and reference in shown.text
    assert not driver.find_elements(By.CSS_SELECTOR, "[data-reference-fallback]")


def test_with_javascript_an_empty_submit_shows_the_focused_error_summary(stack, browser):
    browser.get(stack["site"] + "request/")
    submit(browser)
    summary = WebDriverWait(browser, 5).until(EC.presence_of_element_located((By.CSS_SELECTOR, "[data-error-summary]")))
    assert browser.switch_to.active_element == summary
    assert summary.find_element(By.TAG_NAME, "h2").text == "There is a problem"
    links = [a.get_attribute("href").split("#")[1] for a in summary.find_elements(By.TAG_NAME, "a")]
    assert links == ["f-contact_method", "f-language", "f-timing", "f-topic", "f-confirm"]
    assert browser.title.startswith("Error: ")
    summary.find_element(By.TAG_NAME, "a").send_keys(Keys.ENTER)
    assert browser.switch_to.active_element.get_attribute("id") == "f-contact_method"


def test_without_javascript_errors_come_back_on_the_site_page_with_answers_kept(stack, browser_without_js):
    driver = browser_without_js
    driver.get(stack["site"] + "request/")
    driver.find_element(By.CSS_SELECTOR, "#f-contact_method-email").send_keys(Keys.SPACE)
    driver.find_element(By.CSS_SELECTOR, "#f-message").send_keys("Kept after the error")
    submit(driver)
    WebDriverWait(driver, 10).until(EC.title_contains("Error: "))
    assert driver.find_element(By.CSS_SELECTOR, ".form-error-summary h2").text == "There is a problem"
    assert driver.find_element(By.CSS_SELECTOR, "#f-contact_method-email").is_selected()
    assert driver.find_element(By.CSS_SELECTOR, "#f-message").get_attribute("value") == "Kept after the error"
    # The page keeps the site's look: its stylesheet loads from the site through <base>.
    assert driver.execute_script("return document.styleSheets.length") >= 1


def test_axe_finds_no_violations_on_the_form_in_its_error_state(stack, browser):
    import axe_playwright_python

    axe = (Path(axe_playwright_python.__file__).parent / "axe.min.js")
    if not axe.exists():
        axe = next(Path(axe_playwright_python.__file__).parent.rglob("axe.min.js"))
    browser.get(stack["site"] + "request/")
    submit(browser)
    WebDriverWait(browser, 5).until(EC.presence_of_element_located((By.CSS_SELECTOR, "[data-error-summary]")))
    browser.execute_script(axe.read_text())
    result = browser.execute_async_script("const done = arguments[0]; axe.run(document).then(done);")
    violations = [(v["id"], [n["target"] for n in v["nodes"]]) for v in result["violations"]]
    assert len(result["passes"]) > 10, "axe ran its rules"
    assert violations == []


def test_with_javascript_phone_and_email_appear_only_when_the_contact_method_needs_them(stack, browser):
    browser.get(stack["site"] + "request/")
    group = lambda name: browser.find_element(By.CSS_SELECTOR, f'[data-field="{name}"]')
    assert not group("phone").is_displayed() and not group("email").is_displayed()
    browser.find_element(By.CSS_SELECTOR, "#f-contact_method-email").send_keys(Keys.SPACE)
    assert group("email").is_displayed() and not group("phone").is_displayed()
    browser.find_element(By.CSS_SELECTOR, "#f-email").send_keys("kept@example.org")
    browser.find_element(By.CSS_SELECTOR, "#f-contact_method-text").send_keys(Keys.SPACE)
    assert group("phone").is_displayed() and not group("email").is_displayed()
    browser.find_element(By.CSS_SELECTOR, "#f-contact_method-email").send_keys(Keys.SPACE)
    assert browser.find_element(By.CSS_SELECTOR, "#f-email").get_attribute("value") == "kept@example.org"


def test_without_javascript_phone_and_email_stay_visible_with_their_hints(stack, browser_without_js):
    browser_without_js.get(stack["site"] + "request/")
    for name in ("phone", "email"):
        assert browser_without_js.find_element(By.CSS_SELECTOR, f'[data-field="{name}"]').is_displayed()


def test_the_confirmation_pages_language_switch_keeps_the_reference(stack, browser):
    browser.get(stack["site"] + "request/sent/?ref=PS-2345-6789")
    assert "PS-2345-6789" in browser.find_element(By.CSS_SELECTOR, "[data-reference]").text
    switch = browser.find_element(By.CSS_SELECTOR, '.language-switch a[hreflang="es"]')
    assert "ref=PS-2345-6789" in switch.get_attribute("href")
    switch.send_keys(Keys.ENTER)
    WebDriverWait(browser, 5).until(EC.url_contains("/es/pedir-apoyo/enviado/"))
    assert "PS-2345-6789" in browser.find_element(By.CSS_SELECTOR, "[data-reference]").text
