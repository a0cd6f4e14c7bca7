"""The request form as deployed: site and intake behind nginx over HTTPS, in headless Chromium at
phone and desktop widths, in English and Spanish, with and without JavaScript.

Every walk ends on a page that shows a reference number and what happens next, or a clear way
forward, and every acknowledged request is stored exactly once. Each walk has its own browser and
its own message text, which is how its rows are found in the database.
"""

import html
import json
import re
import sqlite3
import uuid
from contextlib import closing
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

REFERENCE = re.compile(r"PS-[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}")
FORM_PAGES = {"en": "request/", "es": "es/pedir-apoyo/"}
OTHER = {"en": "es", "es": "en"}
# How each language says "try again shortly", in the answers of a busy service.
TRY_AGAIN = {"en": re.compile(r"try again|wait", re.I), "es": re.compile(r"intente|espere|vuelva a", re.I)}
VALID = {"contact_method": "text", "phone": "650 555 0123", "language": "en", "timing": "later_today",
         "topic": ["boundaries"], "confirm": "yes"}
WAIT = 10

walk = pytest.mark.parametrize("viewport,lang", [
    pytest.param(viewport, lang, id=f"{viewport[0]}x{viewport[1]}-{lang}")
    for viewport in ((360, 800), (1280, 900)) for lang in ("en", "es")])


# --- Helpers ---------------------------------------------------------------------------------------

def unique_message(walk_name, lang, viewport):
    return f"{walk_name} ({lang}, {viewport[0]}px) {uuid.uuid4().hex[:10]}"


def stored(db, message):
    """References of every row holding this message: a list, so that a request stored twice shows."""
    with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as connection:
        rows = connection.execute("SELECT id, answers FROM request").fetchall()
    return [reference for reference, answers in rows if json.loads(answers).get("message") == [message]]


def normal(text):
    return " ".join(text.split())


def page_text(driver):
    return normal(driver.execute_script("return document.body.innerText"))


def html_lang(driver):
    return driver.execute_script("return document.documentElement.lang")


def find(driver, css):
    return driver.find_element(By.CSS_SELECTOR, css)


def open_form(browser, stack, lang):
    """The form page on the site; returns the wording the form carries for its script."""
    driver = browser.driver
    driver.get(stack.site_url + FORM_PAGES[lang])
    assert driver.execute_script("return innerWidth") == browser.width, "the viewport is not the walk's width"
    assert html_lang(driver) == lang
    form = find(driver, "form[data-portal-form]")
    texts = {key: normal(form.get_attribute(f"data-text-{key}") or "") for key in ("unreachable", "sent-next")}
    assert all(texts.values()), "the form carries its wording for the script (else the checks below pass on '')"
    return texts


def fill(driver, message, contact="text"):
    """By keyboard, as in tests/form-e2e: space ticks, typing fills."""
    find(driver, f"#f-contact_method-{contact}").send_keys(Keys.SPACE)
    if contact in ("phone", "text"):
        find(driver, "#f-phone").send_keys("650 555 0123")
    fill_rest(driver)
    find(driver, "#f-message").send_keys(message)
    find(driver, "#f-name").send_keys("Sam")


def fill_rest(driver):
    """The required questions other than contact details."""
    find(driver, "#f-language").send_keys(Keys.SPACE)
    find(driver, "#f-timing-later_today").send_keys(Keys.SPACE)
    find(driver, "#f-topic-boundaries").send_keys(Keys.SPACE)
    find(driver, "#f-confirm").send_keys(Keys.SPACE)


def submit(driver):
    find(driver, "[data-submit]").send_keys(Keys.ENTER)


def wait_for(driver, condition, timeout=WAIT):
    return WebDriverWait(driver, timeout).until(condition)


def wait_for_url(driver, prefix):
    try:
        wait_for(driver, lambda d: d.current_url.startswith(prefix)
                 and d.execute_script("return document.readyState") == "complete")
    except TimeoutException:
        shown = driver.execute_script("return (document.querySelector('main') || document.body).innerText")
        raise AssertionError(f"expected a page at {prefix}..., still at {driver.current_url} showing:\n"
                             f"{normal(shown)[:600]}") from None


def confirmed_in_place(browser, stack, lang, texts):
    """With JavaScript: the form replaced on its page by the confirmation; returns the reference."""
    driver = browser.driver
    box = wait_for(driver, EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-confirmation]")))
    assert driver.current_url == stack.site_url + FORM_PAGES[lang]
    assert not driver.find_elements(By.CSS_SELECTOR, "form[data-portal-form]")
    match = REFERENCE.search(box.text)
    assert match, f"no reference number in the confirmation: {box.text!r}"
    text = page_text(driver)
    assert match.group() in text and texts["sent-next"] in text
    return match.group()


def confirmed_by_intake(browser, stack, lang, texts):
    """Without JavaScript: the intake's own confirmation page, in the request's language; returns
    the reference."""
    driver = browser.driver
    wait_for_url(driver, stack.intake_url + "requests/sent?")
    query = parse_qs(urlsplit(driver.current_url).query)
    assert query.get("lang") == [lang], driver.current_url
    reference = query["ref"][0]
    assert REFERENCE.fullmatch(reference), driver.current_url
    shown = find(driver, "[data-reference]")
    assert shown.is_displayed() and reference in shown.text
    assert html_lang(driver) == lang
    text = page_text(driver)
    assert reference in text
    # The confirmation page is content of its own; it says what happens next as the form does.
    next_step = texts["sent-next"].split(". ")[0]
    assert next_step in text, f"{next_step!r} (what happens next) is missing from the confirmation: {text!r}"
    assert "988" in text, text
    return reference


# --- Without a browser -----------------------------------------------------------------------------

def test_site_answers_with_a_csp_naming_the_intake_and_caches_assets_for_good(stack):
    intake_origin = stack.intake_url.rstrip("/")
    status, headers, page = stack.https("site", "GET", "/" + FORM_PAGES["en"])
    assert status == 200
    policy = headers.get("Content-Security-Policy")
    assert policy, "no Content-Security-Policy on the form page"
    directives = {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}
    assert intake_origin in directives.get("connect-src", []), policy
    assert intake_origin in directives.get("form-action", []), policy

    stylesheets = re.findall(r'<link\b[^>]*\brel="?stylesheet"?[^>]*>', page)
    hrefs = [re.search(r'\bhref="([^"]+)"', link).group(1) for link in stylesheets]
    assert hrefs, "the form page links no stylesheet"
    asset = urlsplit(urljoin(stack.site_url + FORM_PAGES["en"], hrefs[0])).path
    assert asset.startswith("/assets/"), asset
    status, headers, _ = stack.https("site", "GET", asset)
    assert status == 200, asset
    assert headers.get("Cache-Control") == "public, max-age=31536000, immutable", (asset, headers.get("Cache-Control"))
    # nginx drops the server's add_header lines in a location that adds its own: check they survive.
    assert headers.get("Content-Security-Policy") == policy, asset


# --- The walks -------------------------------------------------------------------------------------

@walk
def test_valid_request_with_javascript_is_confirmed_in_place(stack, open_browser, viewport, lang):
    browser = open_browser(viewport)
    texts = open_form(browser, stack, lang)
    message = unique_message("valid, script", lang, viewport)
    fill(browser.driver, message)
    submit(browser.driver)
    reference = confirmed_in_place(browser, stack, lang, texts)
    assert stored(stack.db, message) == [reference]
    browser.assert_no_csp_messages()


@walk
def test_valid_request_without_javascript_lands_on_the_intakes_confirmation(stack, open_browser, viewport, lang):
    browser = open_browser(viewport, javascript=False)
    driver = browser.driver
    texts = open_form(browser, stack, lang)
    message = unique_message("valid, no script", lang, viewport)
    fill(driver, message)
    submit(driver)
    reference = confirmed_by_intake(browser, stack, lang, texts)
    assert stored(stack.db, message) == [reference]

    # The other language's confirmation still shows the same reference.
    other = OTHER[lang]
    find(driver, f'.language-switch a[hreflang="{other}"]').send_keys(Keys.ENTER)
    wait_for(driver, lambda d: html_lang(d) == other and d.execute_script("return document.readyState") == "complete")
    assert driver.current_url.startswith(stack.intake_url), driver.current_url
    shown = find(driver, "[data-reference]")
    assert shown.is_displayed() and reference in shown.text
    assert reference in page_text(driver)
    assert stored(stack.db, message) == [reference]
    browser.assert_no_csp_messages()


@walk
def test_mistake_without_javascript_comes_back_kept_then_fixed_is_sent(stack, open_browser, viewport, lang):
    browser = open_browser(viewport, javascript=False)
    driver = browser.driver
    texts = open_form(browser, stack, lang)
    message = unique_message("mistake, no script", lang, viewport)
    find(driver, "#f-contact_method-email").send_keys(Keys.SPACE)
    find(driver, "#f-message").send_keys(message)
    submit(driver)

    wait_for_url(driver, stack.intake_url)
    assert driver.title.startswith("Error: "), driver.title
    assert html_lang(driver) == lang
    # The summary comes first in <main>, before the page heading, so it is read first.
    first, summary_top, heading_top = driver.execute_script("""
        const main = document.querySelector('main'), summary = main.querySelector('[data-error-summary]');
        const h1 = main.querySelector('h1');
        return [main.firstElementChild === summary, summary && summary.getBoundingClientRect().top,
                h1 && h1.getBoundingClientRect().top];""")
    assert summary_top is not None, "no [data-error-summary] inside <main>"
    assert first or (heading_top is not None and summary_top < heading_top), (first, summary_top, heading_top)
    assert find(driver, "#f-message").get_attribute("value") == message
    assert find(driver, "#f-contact_method-email").is_selected()
    assert stored(stack.db, message) == []

    find(driver, "#f-email").send_keys("sam@example.org")
    fill_rest(driver)
    submit(driver)
    reference = confirmed_by_intake(browser, stack, lang, texts)
    assert stored(stack.db, message) == [reference]
    browser.assert_no_csp_messages()


@walk
def test_mistake_with_javascript_shows_the_focused_summary_then_fixed_is_sent(stack, open_browser, viewport, lang):
    browser = open_browser(viewport)
    driver = browser.driver
    texts = open_form(browser, stack, lang)
    message = unique_message("mistake, script", lang, viewport)
    fill(driver, message, contact="email")  # but no address
    submit(driver)
    summary = wait_for(driver, EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-error-summary]")))
    assert driver.switch_to.active_element == summary
    assert driver.title.startswith("Error: "), driver.title
    assert stored(stack.db, message) == []

    find(driver, "#f-email").send_keys("sam@example.org")
    submit(driver)
    reference = confirmed_in_place(browser, stack, lang, texts)
    assert stored(stack.db, message) == [reference]
    browser.assert_no_csp_messages()


@walk
def test_service_down_with_javascript_keeps_the_answers_and_says_what_to_do(stack, intake, open_browser, viewport, lang):
    browser = open_browser(viewport)
    driver = browser.driver
    open_form(browser, stack, lang)
    message = unique_message("down, script", lang, viewport)
    fill(driver, message)
    intake.stop()
    submit(driver)
    notice = wait_for(driver, EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-form-notice]")))
    text = normal(notice.text)
    assert "988" in text, text
    assert not text.endswith(":"), f"the notice ends on a dangling colon: {text!r}"
    assert find(driver, "#f-message").get_attribute("value") == message
    assert find(driver, "#f-contact_method-text").is_selected()
    assert stored(stack.db, message) == []
    browser.assert_no_csp_messages()


@walk
def test_service_down_without_javascript_gets_the_sites_unavailable_page(stack, intake, open_browser, viewport, lang):
    browser = open_browser(viewport, javascript=False)
    driver = browser.driver
    open_form(browser, stack, lang)
    message = unique_message("down, no script", lang, viewport)
    fill(driver, message)
    intake.stop()
    submit(driver)
    # nginx's error_page: the site's form-unavailable.html, from the intake's address.
    wait_for_url(driver, stack.intake_url)
    built = re.search(r"<title>(.*?)</title>", (stack.public / "form-unavailable.html").read_text(), re.S)
    assert built and driver.title == normal(html.unescape(built.group(1))), driver.title
    text = page_text(driver)
    assert "988" in text, text
    assert not REFERENCE.search(text)
    links = [a.get_property("href") for a in driver.find_elements(By.CSS_SELECTOR, "a[href]")]
    back = [stack.site_url + page for page in FORM_PAGES.values()]
    assert any(link.split("#")[0] in back for link in links), f"no link back to the form on the site: {links}"
    assert stored(stack.db, message) == []
    browser.assert_no_csp_messages()


def use_up_the_allowance(stack, intake, lang):
    """Restarts the intake allowing one request a minute, and spends it from 127.0.0.1, which is
    where nginx says the browser's requests come from too."""
    intake.restart(rate_limit=1)
    status, _, body = stack.post_request({**VALID, "message": f"allowance {uuid.uuid4().hex}"}, lang)
    assert status == 201, (status, body)


@walk
def test_busy_service_with_javascript_says_to_try_again_and_keeps_the_answers(stack, intake, open_browser, viewport, lang):
    browser = open_browser(viewport)
    driver = browser.driver
    texts = open_form(browser, stack, lang)
    message = unique_message("busy, script", lang, viewport)
    fill(driver, message)
    use_up_the_allowance(stack, intake, lang)
    submit(driver)
    notice = wait_for(driver, EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-form-notice]")))
    text = normal(notice.text)
    assert not text.startswith(texts["unreachable"]), f"a busy service is not an unreachable one: {text!r}"
    assert TRY_AGAIN[lang].search(text), text
    assert find(driver, "#f-message").get_attribute("value") == message
    assert find(driver, "#f-contact_method-text").is_selected()
    assert stored(stack.db, message) == []
    browser.assert_no_csp_messages()


@walk
def test_busy_service_without_javascript_answers_in_the_forms_language_with_the_answers(stack, intake, open_browser, viewport, lang):
    browser = open_browser(viewport, javascript=False)
    driver = browser.driver
    open_form(browser, stack, lang)
    message = unique_message("busy, no script", lang, viewport)
    fill(driver, message)
    use_up_the_allowance(stack, intake, lang)
    submit(driver)
    wait_for_url(driver, stack.intake_url)
    assert html_lang(driver) == lang, f"the busy answer is not a page in {lang}: {page_text(driver)!r}"
    text = page_text(driver)
    assert TRY_AGAIN[lang].search(text), text
    assert find(driver, "#f-message").get_attribute("value") == message
    assert not REFERENCE.search(text)
    assert stored(stack.db, message) == []
    browser.assert_no_csp_messages()
