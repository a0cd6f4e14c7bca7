"""Headless Chromium for the serve tests (the system's Chromium and chromedriver)."""

from selenium import webdriver
from selenium.webdriver.chrome.service import Service


def chromium():
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1000,800"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.implicitly_wait(0)
    return driver


def run_axe(driver):
    """axe-core (from the axe-playwright-python wheel the browser harness installs), WCAG 2.x A and AA."""
    import importlib.util
    from pathlib import Path
    source = Path(importlib.util.find_spec("axe_playwright_python").origin).parent / "axe.min.js"
    driver.execute_script(source.read_text())
    return driver.execute_async_script("""
const done = arguments[arguments.length - 1];
axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})
  .then(r => done(r.violations.map(v => v.id + ': ' + v.help)))
  .catch(e => done(['axe failed: ' + e]));
""")
