"""Site search as deployed (issue 20): the built site behind nginx with the headers the build
wrote, in Chromium with JavaScript, at a phone's and a desk's width, in both languages. A word
typed into the header's box (or, on a phone, the search page's box) finds the expected page
first; the Content Security Policy blocks nothing; and the host never hears the words: nginx's
access log, which holds every request of the walk, has none of them, and neither has the address."""

import time

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

# A word without its accent, as typed on a phone, and the page it must find first.
SEARCHES = {"en": ("burnout", "/compassion-fatigue/burnout-and-vicarious-trauma/"),
            "es": ("limites", "/es/autocuidado/limites/")}
HOME = {"en": "", "es": "es/"}


@pytest.mark.parametrize("viewport,lang", [
    pytest.param(viewport, lang, id=f"{viewport[0]}x{viewport[1]}-{lang}")
    for viewport in ((360, 800), (1280, 900)) for lang in ("en", "es")])
def test_a_word_finds_its_page_and_never_reaches_the_host(stack, open_browser, viewport, lang):
    words, expected = SEARCHES[lang]
    browser = open_browser(viewport)
    driver = browser.driver
    driver.get(stack.site_url + HOME[lang])
    box = [b for b in driver.find_elements(By.CSS_SELECTOR, "#site-search-words") if b.is_displayed()]
    if box:  # the header's box, on a wide screen
        box[0].send_keys(words + Keys.ENTER)
    else:  # a phone: the header's link, then the search page's own box
        driver.find_element(By.CSS_SELECTOR, ".site-search-link").click()
        WebDriverWait(driver, 10).until(lambda d: d.find_element(By.ID, "search-words").is_displayed())
        driver.find_element(By.ID, "search-words").send_keys(words)
    WebDriverWait(driver, 10).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, "#search-results a"), f"no results for {words!r}")
    first = driver.find_element(By.CSS_SELECTOR, "#search-results a").get_attribute("href")
    assert first.startswith(stack.site_url.rstrip("/") + expected), first
    assert words not in driver.current_url, driver.current_url
    browser.assert_no_csp_messages()

    time.sleep(0.5)  # nginx writes its log line as each answer ends
    log = (stack.work / "access.log").read_text()
    assert "search-index/" in log, "the walk's requests are in the log"
    assert words not in log, "the host heard the words"
