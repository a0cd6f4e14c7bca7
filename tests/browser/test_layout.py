"""The page on a phone at work: its own title and text on the first screen, the menu behind a
disclosure that works without JavaScript, one slim crisis line on top."""
import time

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from conftest import load, make_driver, set_scheme, set_width

PHONE = (360, 800)

# Where the page's h1 and the first line of its first paragraph end, in CSS px from the top.
FIRST_SCREEN = """
const main = document.querySelector('main'), h1 = main.querySelector('h1');
const after = e => h1.compareDocumentPosition(e) & Node.DOCUMENT_POSITION_FOLLOWING;
const p = [...main.querySelectorAll('p')].find(e => after(e) && e.textContent.trim() &&
  !e.closest('nav, template, .page-meta') && e.getClientRects().length);
const line = p && parseFloat(getComputedStyle(p).lineHeight);
return {h1: h1.getBoundingClientRect().bottom, p: p ? p.getBoundingClientRect().top + line : null,
        text: p ? p.textContent.trim().slice(0, 40) : ''};
"""


@pytest.fixture(scope="module")
def nojs():
    d = make_driver(javascript=False)
    yield d
    d.quit()


def real_site(sites):
    site = sites["portal"]
    if site.skipped:
        pytest.skip(site.skipped)
    return site


def phone(driver):
    set_width(driver, *PHONE)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_page_shows_its_title_and_first_paragraph_on_the_first_screen_at_360x800(sites, driver, scheme):
    site = real_site(sites)
    phone(driver)
    set_scheme(driver, scheme)
    problems, languages = [], set()
    try:
        for page in site.pages():
            load(driver, site.url(page))
            got = driver.execute_script(FIRST_SCREEN)
            languages.add(driver.execute_script("return document.documentElement.lang"))
            if got["p"] is None:
                problems.append(f"{page}: no paragraph after the h1")
            elif got["h1"] > PHONE[1] or got["p"] > PHONE[1]:
                problems.append(f"{page}: h1 ends at {got['h1']:.0f} px, first paragraph's first line at {got['p']:.0f} px ({got['text']!r})")
    finally:
        set_scheme(driver, "light")
        set_width(driver, 1280)
    assert languages == {"en", "es"}, languages
    assert not problems, "\n".join(problems)


def test_menu_is_a_disclosure_that_works_without_javascript_at_360(sites, nojs):
    site = real_site(sites)
    phone(nojs)
    for page in ("index.html", "es/index.html"):
        load(nojs, site.url(page))
        summary = nojs.find_element(By.CSS_SELECTOR, ".site-menu > summary")
        links = nojs.find_elements(By.CSS_SELECTOR, ".site-nav a")
        assert summary.is_displayed() and len(links) >= 6
        shown = "return [...document.querySelectorAll('.site-nav a')].map(a => a.checkVisibility())"
        assert not any(nojs.execute_script(shown)), f"{page}: the menu is open before it is asked for"
        summary.click()
        assert all(nojs.execute_script(shown)), f"{page}: the menu did not open"
        summary.send_keys(Keys.ENTER)  # and closes from the keyboard
        assert not any(nojs.execute_script(shown))


@pytest.mark.parametrize("page", ["index.html", "es/index.html", "self-care/boundaries/index.html"])
def test_menu_is_one_open_row_at_1280(sites, nojs, page):
    site = real_site(sites)
    set_width(nojs, 1280, 900)
    load(nojs, site.url(page))
    assert not nojs.find_element(By.CSS_SELECTOR, ".site-menu > summary").is_displayed()
    # Selenium calls anything in a closed <details> hidden; ask the browser what it renders.
    links = nojs.execute_script("return [...document.querySelectorAll('.site-nav a')].map(a => "
                                "[a.checkVisibility(), Math.round(a.getBoundingClientRect().top)])")
    assert len(links) >= 6 and all(shown for shown, _ in links), links
    tops = {top for _, top in links} | {nojs.find_element(By.CSS_SELECTOR, ".language-switch a").rect["y"]}
    assert len(tops) == 1, f"the menu and the language switch take {len(tops)} rows: {tops}"


def test_crisis_line_is_one_slim_line_near_the_top_in_both_languages(sites, driver):
    site = real_site(sites)
    phone(driver)
    try:
        for page in ("index.html", "es/index.html"):
            load(driver, site.url(page))
            box = driver.find_element(By.CSS_SELECTOR, ".crisis-line")
            hrefs = [a.get_attribute("href") for a in box.find_elements(By.TAG_NAME, "a")]
            assert any(h.startswith("tel:988") for h in hrefs) and any(h.startswith("sms:988") for h in hrefs), hrefs
            assert box.rect["y"] < 160 and box.rect["height"] <= 50, f"{page}: crisis line at {box.rect}, not one line"
            # The full help strip is further down, after the page's own content.
            assert driver.execute_script(
                "return !!document.querySelector('main ~ #help.help-strip a[href^=\"tel:\"]')"), page
    finally:
        set_width(driver, 1280)

