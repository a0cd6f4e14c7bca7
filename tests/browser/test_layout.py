"""The page on a phone at work: its own title and text on the first screen, the menu behind a
disclosure that works without JavaScript, one slim crisis line on top, and a quick exit."""
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


def phone(driver):
    set_width(driver, *PHONE)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_page_shows_its_title_and_first_paragraph_on_the_first_screen_at_360x800(real, driver, scheme):
    site = real
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


def test_menu_is_a_disclosure_that_works_without_javascript_at_360(real, nojs):
    site = real
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
def test_menu_is_one_open_row_at_1280(real, nojs, page):
    site = real
    set_width(nojs, 1280, 900)
    load(nojs, site.url(page))
    assert not nojs.find_element(By.CSS_SELECTOR, ".site-menu > summary").is_displayed()
    # Selenium calls anything in a closed <details> hidden; ask the browser what it renders.
    links = nojs.execute_script("return [...document.querySelectorAll('.site-nav a')].map(a => "
                                "[a.checkVisibility(), Math.round(a.getBoundingClientRect().top)])")
    assert len(links) >= 6 and all(shown for shown, _ in links), links
    tops = {top for _, top in links} | {nojs.find_element(By.CSS_SELECTOR, ".language-switch a").rect["y"]}
    assert len(tops) == 1, f"the menu and the language switch take {len(tops)} rows: {tops}"


def test_crisis_line_is_one_slim_line_near_the_top_in_both_languages(real, driver):
    site = real
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


EXIT_URL = "https://www.weather.gov/"


def test_leave_this_site_is_on_every_page_right_after_the_skip_link(sites):
    problems = []
    for site in sites.values():
        if site.skipped:
            continue
        for page in site.pages():
            html = (site.folder / page).read_text()
            if 'http-equiv="refresh"' in html:
                continue  # a redirect (an alias, a list's page/1/) leaves at once, as the link would
            link = f'<a class="button button-warning exit-link" href="{EXIT_URL}" rel="noreferrer" data-exit="">'
            skip, exit_, name = html.find('class="skip-link"'), html.find(link), html.find('class="site-name"')
            if not (0 < skip < name < exit_ < html.find("<main")):
                problems.append(f"{site.name}/{page}: no 'Leave this site' link in the header")
    assert not problems, "\n".join(problems)


def exit_to_a_page_of_our_own(driver, site):
    """Two pages in the history, then the exit link pointed at a third page of the same origin
    (the tests make no request to the real neutral site)."""
    set_width(driver, 1280)
    load(driver, site.url("index.html"))
    load(driver, site.url("tools/self-check/index.html"))
    target = site.url("guide/")
    driver.execute_script("document.querySelector('[data-exit]').href = arguments[0]", target)
    return target


def wait_for(driver, url):
    for _ in range(100):
        if driver.current_url == url:
            return True
        time.sleep(0.05)
    return False


def test_leave_this_site_replaces_the_page_so_back_does_not_return(sites, driver):
    site = sites["fixture"]
    target = exit_to_a_page_of_our_own(driver, site)
    driver.find_element(By.CSS_SELECTOR, "[data-exit]").click()
    assert wait_for(driver, target), driver.current_url
    driver.back()
    assert wait_for(driver, site.url("index.html")), f"Back went to {driver.current_url}, not the page before this site's last"


def test_shift_three_times_leaves_and_other_keys_reset_the_count(sites, driver):
    site = sites["fixture"]
    target = exit_to_a_page_of_our_own(driver, site)
    here = driver.current_url
    shift = lambda chain: chain.key_down(Keys.SHIFT).key_up(Keys.SHIFT)
    # Shift-Tab backwards through links is not a request to leave.
    shift(shift(ActionChains(driver))).send_keys(Keys.TAB).perform()
    shift(ActionChains(driver)).perform()
    time.sleep(0.3)
    assert driver.current_url == here
    shift(shift(shift(ActionChains(driver)))).perform()
    assert wait_for(driver, target), driver.current_url
    driver.back()
    assert wait_for(driver, site.url("index.html")), driver.current_url


def test_leave_this_site_is_a_plain_link_without_javascript(sites, nojs):
    site = sites["fixture"]
    set_width(nojs, 360, 800)
    load(nojs, site.url("index.html"))
    link = nojs.find_element(By.CSS_SELECTOR, "[data-exit]")
    assert link.is_displayed() and link.get_attribute("href") == EXIT_URL and link.text == "Leave this site"
    assert link.rect["y"] < 100, link.rect


def test_request_and_self_check_pages_say_how_to_clear_the_history(real):
    site = real
    for page, words in (("request/index.html", ("Ctrl+H", "private window", "Shift key three times")),
                        ("compassion-fatigue/self-check/index.html", ("Ctrl+H", "private window", "Shift key three times")),
                        ("es/pedir-apoyo/index.html", ("Ctrl+H", "ventana privada", "tres veces la tecla Mayús")),
                        ("es/fatiga-por-compasion/autoevaluacion/index.html", ("Ctrl+H", "ventana privada", "tres veces"))):
        html = (site.folder / page).read_text()
        missing = [w for w in words if w not in html]
        assert not missing, f"{page}: {missing}"


@pytest.mark.parametrize("home, inner", [("index.html", "self-care/boundaries/index.html"),
                                         ("es/index.html", "es/autocuidado/limites/index.html")])
def test_one_site_name_in_header_home_h1_and_breadcrumb(real, nojs, home, inner):
    site = real
    set_width(nojs, 1280, 900)
    load(nojs, site.url(home))
    header, h1 = nojs.find_element(By.CSS_SELECTOR, ".site-name").text, nojs.find_element(By.TAG_NAME, "h1").text
    load(nojs, site.url(inner))
    crumb = nojs.find_element(By.CSS_SELECTOR, ".breadcrumbs a").text
    assert header == h1 == crumb, (header, h1, crumb)


# Words in table cells that wrap inside themselves ("Compassi/on"): a word is a run of letters; one
# that has more than one line box broke mid-word. Hyphenated words and URLs may break at their marks.
MID_WORD = """
const broken = [];
for (const cell of document.querySelectorAll('main table td, main table th')) {
  const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    for (const m of n.data.matchAll(/[\\p{L}\\p{N}]+/gu)) {
      const r = document.createRange();
      r.setStart(n, m.index);
      r.setEnd(n, m.index + m[0].length);
      const tops = new Set([...r.getClientRects()].map(x => Math.round(x.top)));
      if (tops.size > 1) broken.push(m[0]);
    }
  }
}
return broken;
"""

TABLE_PAGES = ("compassion-fatigue/burnout-and-vicarious-trauma/index.html",
               "es/fatiga-por-compasion/agotamiento-y-trauma-vicario/index.html",
               "self-care/wellness-plan/index.html", "es/autocuidado/plan-de-bienestar/index.html",
               "certification/ce-log/index.html", "es/certificacion/registro-de-educacion-continua/index.html")


@pytest.mark.parametrize("width", (360, 400))
def test_table_words_do_not_break_mid_word_on_a_phone(real, nojs, width):
    site = real
    set_width(nojs, width, 800)
    problems = []
    for page in TABLE_PAGES:
        if not (site.folder / page).exists():
            problems.append(f"{page}: missing")
            continue
        load(nojs, site.url(page))
        broken = nojs.execute_script(MID_WORD)
        wide = nojs.execute_script("return document.documentElement.scrollWidth - innerWidth")
        if broken:
            problems.append(f"{page} @{width}: broken mid-word: {broken}")
        if wide > 0:
            problems.append(f"{page} @{width}: {wide}px too wide")
    assert not problems, "\n".join(problems)


ROW_HEIGHTS = """
const cells = [...document.querySelectorAll('main .prose table tbody td')].filter(td => !td.textContent.trim());
return {min: Math.min(...cells.map(td => td.getBoundingClientRect().height)), count: cells.length,
        font: parseFloat(getComputedStyle(cells[0]).fontSize)};
"""


def test_printed_paper_logs_have_rows_to_write_in(real, nojs):
    site = real
    set_width(nojs, 800)  # about an A4 or Letter page
    nojs.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print", "features": []})
    try:
        for page in ("certification/ce-log/index.html", "es/certificacion/registro-de-educacion-continua/index.html"):
            load(nojs, site.url(page))
            got = nojs.execute_script(ROW_HEIGHTS)
            assert got["count"] >= 12 and got["min"] >= 2.4 * got["font"], f"{page}: {got}"
    finally:
        nojs.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "", "features": []})


def test_language_switch_keeps_your_section(real, driver):
    site = real
    set_width(driver, 1280)
    for page, heading, other, expected in (
            ("certification/keeping-certification/index.html", "where-you-can-earn-continuing-education-hours",
             "Español", "donde-obtener-horas-de-educacion-continua"),
            ("es/pedir-apoyo/index.html", "confidencialidad", "English", "confidentiality")):
        load(driver, site.url(page))
        # Read down to the section, then back up to the switch at the top (as on a phone) and use it.
        driver.execute_script("document.getElementById(arguments[0]).scrollIntoView()", heading)
        time.sleep(0.2)
        driver.execute_script("scrollTo(0, 0)")
        time.sleep(0.2)
        driver.find_element(By.CSS_SELECTOR, f".language-switch a[hreflang]:not([hreflang='{page[:2]}'])").click()
        time.sleep(0.3)
        assert driver.current_url.endswith("#" + expected), driver.current_url
        top = driver.execute_script("return document.getElementById(arguments[0]).getBoundingClientRect().top", expected)
        assert 0 <= top < 100, f"{page}: the section is not at the top after switching ({top}px)"
    # At the top of a page, the switch goes to the top of the translation.
    load(driver, site.url("certification/keeping-certification/index.html"))
    driver.find_element(By.CSS_SELECTOR, ".language-switch a[hreflang='es']").click()
    time.sleep(0.3)
    assert "#" not in driver.current_url, driver.current_url
