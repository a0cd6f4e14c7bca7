"""The enhancing scripts in a real browser: CE-log arithmetic, the self-check summary, the referral
filter, and every page still usable with JavaScript off."""
import datetime as dt
import shutil
import time

import pytest
from selenium.webdriver.common.by import By

from conftest import WORK, load, make_driver, network, set_width

CE_PAGE = "tools/ce-log/index.html"
CE_PAGE_ES = "es/herramientas/registro-educacion-continua/index.html"


def add_years(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year without one: the browser rolls over to 1 March
        return dt.date(day.year + years, 3, 1)


def fresh(driver, url):
    set_width(driver, 1280)
    load(driver, url)
    driver.execute_script("localStorage.clear()")
    load(driver, url)


def set_value(driver, selector, value):
    driver.execute_script("document.querySelector(arguments[0]).value = arguments[1]", selector, value)


def add_course(driver, date, title, provider, hours):
    set_value(driver, "#ce-date", date)
    set_value(driver, "#ce-course", title)
    set_value(driver, "#ce-provider", provider)
    set_value(driver, "#ce-hours", hours)
    driver.find_element(By.CSS_SELECTOR, "#ce-add-form button[type=submit]").click()


def download(driver, link_id, name):
    """Clicks a download link as a reader would and returns the saved file's text."""
    folder = WORK / "downloads"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(folder)})
    driver.find_element(By.ID, link_id).click()
    for _ in range(100):
        if (folder / name).exists():
            return (folder / name).read_bytes().decode("utf-8")
        time.sleep(0.05)
    raise AssertionError(f"{name} was not downloaded: {list(folder.iterdir())}")


def status(driver):
    return driver.execute_script(
        "const s = document.getElementById('ce-status'); return {text: s.textContent, hours: s.dataset.hours,"
        " start: s.dataset.start, end: s.dataset.end, rows: document.querySelectorAll('#ce-rows tr').length,"
        " out: document.querySelectorAll('#ce-rows tr.out').length}")


def test_ce_log_counts_only_hours_inside_the_current_two_year_period(sites, driver):
    site = sites["fixture"]
    fresh(driver, site.url(CE_PAGE))
    assert driver.find_element(By.ID, "ce-app").is_displayed()
    assert "certification date" in status(driver)["text"]
    today = dt.date.today()
    cert = add_years(today.replace(day=min(today.day, 28)), -3)  # so the current period began about a year ago
    start, end = add_years(cert, 2), add_years(cert, 4)  # end is the first day after the period
    set_value(driver, "#ce-cert", cert.isoformat())
    driver.find_element(By.CSS_SELECTOR, "#ce-period-form button").click()
    courses = [
        (start - dt.timedelta(days=1), "Before the period", 5, False),
        (start, "First day of the period", 2.5, True),
        (today, "Today", 3.25, True),
        (end - dt.timedelta(days=1), "Last day of the period", 1, True),
        (end, "First day of the next period", 4, False),
        (cert, "Certification day, previous period", 8, False),
    ]
    for day, title, hours, _ in courses:
        add_course(driver, day.isoformat(), title, "Test provider", str(hours))
    expected = sum(h for _, _, h, inside in courses if inside)  # 6.75
    got = status(driver)
    assert float(got["hours"]) == expected, got
    assert got["start"] == start.isoformat() and got["end"] == (end - dt.timedelta(days=1)).isoformat(), got
    assert got["rows"] == len(courses) and got["out"] == 3, got
    assert "6.75 of 20 hours" in got["text"] and "13.25 hours to go" in got["text"], got["text"]
    # Kept in this browser only: a reload shows the same log.
    load(driver, site.url(CE_PAGE))
    assert status(driver)["hours"] == got["hours"]
    # The CSV download holds every course.
    csv = download(driver, "ce-csv", "ce-log.csv")
    lines = csv.lstrip("\ufeff").strip().split("\r\n")
    assert lines[0].startswith("Date,") and len(lines) == len(courses) + 1, lines
    # Reaching 20 hours says so.
    add_course(driver, today.isoformat(), "Long course", "Test provider", "13.25")
    got = status(driver)
    assert float(got["hours"]) == 20 and "reached 20 hours" in got["text"], got
    # Deleting one row recomputes.
    driver.find_element(By.XPATH, "//tr[td[contains(., 'Long course')]]//button").click()
    assert float(status(driver)["hours"]) == expected
    # A certification date in the future shows the first period, from that date.
    future = today + dt.timedelta(days=30)
    set_value(driver, "#ce-cert", future.isoformat())
    driver.find_element(By.CSS_SELECTOR, "#ce-period-form button").click()
    got = status(driver)
    assert got["start"] == future.isoformat() and float(got["hours"]) == 1 + 4, got  # the last two courses


def test_ce_log_tracks_law_and_ethics_hours_toward_6(sites, driver):
    site = sites["fixture"]
    fresh(driver, site.url(CE_PAGE))
    today = dt.date.today()
    set_value(driver, "#ce-cert", (today - dt.timedelta(days=10)).isoformat())
    driver.find_element(By.CSS_SELECTOR, "#ce-period-form button").click()
    add_course(driver, today.isoformat(), "Boundaries", "County", "2")
    driver.find_element(By.ID, "ce-ethics").click()
    add_course(driver, today.isoformat(), "Ethics in peer work", "County", "1.5")
    got = driver.execute_script("const s = document.getElementById('ce-status'); return {text: s.textContent,"
                                " ethics: s.dataset.ethics, tagged: document.querySelectorAll('#ce-rows tr.ethics').length}")
    assert float(got["ethics"]) == 1.5 and got["tagged"] == 1, got
    assert "3.5 of 20 hours" in got["text"] and "Law and ethics: 1.5 of 6 hours" in got["text"], got["text"]
    assert not driver.find_element(By.ID, "ce-ethics").is_selected(), "the box stays ticked for the next course"
    # The tag shows only on the ethics course; the CSV has the column.
    tags = [e.is_displayed() for e in driver.find_elements(By.CSS_SELECTOR, "#ce-rows .ce-ethics-tag")]
    assert sorted(tags) == [False, True], tags
    lines = download(driver, "ce-csv", "ce-log.csv").lstrip("\ufeff").strip().split("\r\n")
    assert lines[0].endswith(",Law and ethics") and sum(line.endswith(',"Yes"') for line in lines) == 1, lines


def test_ce_log_rejects_incomplete_courses_and_deletes_everything(sites, driver):
    site = sites["fixture"]
    fresh(driver, site.url(CE_PAGE))
    add_course(driver, "", "", "", "")
    # The request form's pattern: a focused summary titled "There is a problem" linking to each
    # field, each field's own message (named by the field), and "Error:" in the page title.
    summary = driver.find_element(By.ID, "ce-error")
    assert summary.is_displayed() and summary.find_element(By.TAG_NAME, "h3").text == "There is a problem"
    assert driver.execute_script("return document.activeElement.id") == "ce-error"
    links = [(a.get_attribute("href").split("#")[1], a.text) for a in summary.find_elements(By.TAG_NAME, "a")]
    assert [i for i, _ in links] == ["ce-date", "ce-course", "ce-hours"], links
    for field, text in links:
        inline = driver.find_element(By.ID, field + "-error")
        assert inline.is_displayed() and inline.text.endswith(text), (field, inline.text)
        assert field + "-error" in driver.find_element(By.ID, field).get_attribute("aria-describedby")
        assert driver.find_element(By.ID, field).get_attribute("aria-invalid") == "true"
    assert driver.title.startswith("Error: ")
    summary.find_element(By.TAG_NAME, "a").click()
    assert driver.execute_script("return document.activeElement.id") == "ce-date"
    add_course(driver, "2025-01-02", "Ethics", "County", "-1")
    hours = [a.text for a in summary.find_elements(By.TAG_NAME, "a")]
    assert len(hours) == 1 and driver.find_element(By.ID, "ce-hours-error").text.endswith(hours[0]), hours
    assert not driver.find_element(By.ID, "ce-date-error").is_displayed()
    add_course(driver, "2025-01-02", "Ethics", "County", "2")
    assert not summary.is_displayed() and not driver.title.startswith("Error")
    assert driver.execute_script("return localStorage.length") == 1
    driver.find_element(By.ID, "ce-delete-all").click()
    driver.switch_to.alert.accept()
    assert driver.execute_script("return localStorage.length") == 0
    assert status(driver)["rows"] == 1 and "No courses" in driver.find_element(By.ID, "ce-rows").text


def test_ce_log_speaks_spanish_on_the_spanish_page(sites, driver):
    site = sites["fixture"]
    fresh(driver, site.url(CE_PAGE_ES))
    set_value(driver, "#ce-cert", (dt.date.today() - dt.timedelta(days=10)).isoformat())
    driver.find_element(By.CSS_SELECTOR, "#ce-period-form button").click()
    add_course(driver, dt.date.today().isoformat(), "Ética", "Condado", "1.5")
    text = status(driver)["text"]
    assert "1,5 de 20 horas" in text and "Le faltan 18,5 horas" in text, text


def test_self_check_summarises_gently_and_stores_nothing(sites, driver):
    site = sites["fixture"]
    fresh(driver, site.url("tools/self-check/index.html"))
    network(driver)
    boxes = driver.find_elements(By.CSS_SELECTOR, ".prose input[type=checkbox]")
    assert len(boxes) == 4 and all(b.is_enabled() for b in boxes)
    assert driver.execute_script("return [...document.querySelectorAll('.prose input[type=checkbox]')].every(b => b.labels.length === 1)")
    summary = driver.find_element(By.CSS_SELECTOR, ".self-check-summary")
    assert "You checked 0 of 4 signs." in summary.text
    labels = driver.find_elements(By.CSS_SELECTOR, ".task-label")
    labels[0].click()
    labels[2].click()
    assert "You checked 2 of 4 signs." in summary.text and "A few signs" in summary.text
    link = summary.find_element(By.CSS_SELECTOR, "a")
    assert link.get_attribute("href").endswith("/sub/fixture/request/") and link.text == "Request support"
    assert driver.execute_script("return localStorage.length + sessionStorage.length + document.cookie.length") == 0
    assert not network(driver), "the self-check made a request"
    summary.find_element(By.TAG_NAME, "button").click()
    assert "You checked 0 of 4 signs." in summary.text
    labels[1].click()
    load(driver, site.url("tools/self-check/index.html"))
    assert "You checked 0 of 4 signs." in driver.find_element(By.CSS_SELECTOR, ".self-check-summary").text


def self_check_state(driver):
    return driver.execute_script(
        "const u = document.querySelector('.self-check-urgent'), p = document.querySelector('.prose');"
        " return {note: document.querySelector('.self-check-summary [role=status]').textContent,"
        " urgent: !!u && !u.hidden && u.offsetHeight > 0,"
        " top: !!u && u.getBoundingClientRect().top < p.getBoundingClientRect().top,"
        " links: u ? [...u.querySelectorAll('a')].map(a => a.getAttribute('href')) : []}")


def test_self_check_response_depends_on_what_was_ticked(sites, driver):
    # Fixture: four signs, the fourth urgent (urgent_signs: [4]), three or more are many (many_signs: 3).
    site = sites["fixture"]
    fresh(driver, site.url("tools/self-check/index.html"))
    labels = driver.find_elements(By.CSS_SELECTOR, ".task-label")
    assert "Nothing checked" in self_check_state(driver)["note"] and not self_check_state(driver)["urgent"]
    labels[0].click()
    assert "A few signs" in self_check_state(driver)["note"]
    labels[1].click()
    labels[2].click()
    got = self_check_state(driver)
    assert "Many signs" in got["note"] and not got["urgent"], got
    labels[0].click()
    labels[1].click()
    labels[2].click()
    labels[3].click()  # one urgent sign alone is enough
    got = self_check_state(driver)
    assert "calls for more support now" in got["note"] and got["urgent"] and got["top"], got
    assert "tel:988" in got["links"] and any(h.endswith("request/") for h in got["links"]), got
    labels[3].click()
    assert not self_check_state(driver)["urgent"]


def test_self_check_prints_blank_and_asks_before_printing_ticks(sites, driver):
    site = sites["fixture"]
    fresh(driver, site.url("tools/self-check/index.html"))
    # print() opens no dialog under test: record each call and whether the ticks were hidden.
    driver.execute_script("window.printed = []; window.print = () => window.printed.push("
                          "document.querySelector('[data-self-check]').classList.contains('print-blank'))")
    printed = lambda: driver.execute_script("return window.printed")
    driver.find_element(By.CSS_SELECTOR, "[data-print]").click()
    assert printed() == [False], "nothing ticked: prints without asking"
    driver.find_elements(By.CSS_SELECTOR, ".task-label")[0].click()
    driver.find_element(By.CSS_SELECTOR, "[data-print]").click()
    alert = driver.switch_to.alert
    assert "shared printer" in alert.text
    alert.dismiss()
    assert printed() == [False], "Cancel must not print the ticks"
    driver.find_element(By.CSS_SELECTOR, "[data-print]").click()
    driver.switch_to.alert.accept()
    assert printed() == [False, False]
    driver.find_element(By.CSS_SELECTOR, "[data-print-blank]").click()
    assert printed() == [False, False, True], "the blank copy hides the ticks while printing"
    assert not driver.execute_script("return document.querySelector('[data-self-check]').classList.contains('print-blank')")
    assert driver.execute_script("return localStorage.length + sessionStorage.length + document.cookie.length") == 0


def test_referral_filter_narrows_the_list(sites, driver):
    site = sites["fixture"]
    fresh(driver, site.url("referrals/index.html"))
    search = driver.find_element(By.ID, "referral-filter")
    search.send_keys("peer chat")
    visible = [e.text.split("\n")[0] for e in driver.find_elements(By.CSS_SELECTOR, ".referral") if e.is_displayed()]
    assert visible == ["Example Peer Chat"], visible
    assert not driver.find_element(By.ID, "cat-crisis-line").is_displayed()
    time.sleep(0.6)
    assert driver.find_element(By.ID, "referral-filter-status").text == "Showing 1 of 3 services."


@pytest.fixture(scope="module")
def nojs_driver():
    d = make_driver(javascript=False)
    yield d
    d.quit()


def test_pages_work_without_javascript(sites, nojs_driver):
    site, d = sites["fixture"], nojs_driver
    load(d, site.url(CE_PAGE))
    assert not d.find_element(By.ID, "ce-app").is_displayed()
    assert d.find_element(By.CSS_SELECTOR, ".prose table").is_displayed()
    load(d, site.url("tools/self-check/index.html"))
    boxes = d.find_elements(By.CSS_SELECTOR, ".prose input[type=checkbox]")
    assert boxes and all(b.is_displayed() for b in boxes)
    assert not d.find_elements(By.CSS_SELECTOR, ".self-check-summary, .self-check-urgent")
    assert "What your answers can mean" in d.find_element(By.TAG_NAME, "main").text, "the guidance is readable as text"
    load(d, site.url("tools/worksheet/index.html"))
    assert not any(b.is_displayed() for b in d.find_elements(By.CSS_SELECTOR, "[data-print]"))
    load(d, site.url("referrals/index.html"))
    assert not d.find_element(By.ID, "referral-filter").is_displayed()
    assert len([e for e in d.find_elements(By.CSS_SELECTOR, ".referral") if e.is_displayed()]) == 3
    set_width(d, 320)
    load(d, site.url("index.html"))
    d.find_element(By.CSS_SELECTOR, ".site-menu > summary").click()
    links = [a for a in d.find_elements(By.CSS_SELECTOR, ".site-nav a") if a.is_displayed()]
    assert len(links) >= 3, "the main menu does not open at 320 px without JavaScript"
