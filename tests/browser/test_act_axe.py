"""axe-core and `portal check` on the W3C ACT rule cases: where do they disagree?

Builds a folder of the cases from ../shared/testdata/act-rules (fragments wrapped in a minimal
page, as ACT and Tests/PortalTests/ACTRuleTests.swift do), asks the checker for its verdicts
(`portal check DIR --format json`), runs axe-core in headless Chromium on each case, and prints
every case where axe, the checker and the expected outcome do not all agree.

    python3 -m pytest tests/browser/test_act_axe.py -s

Needs selenium, the axe-playwright-python 0.1.8 wheel (for its axe.min.js), Debian's chromium and
chromium-driver, and a built `portal` (.build/debug or .build/release). Skips when one is missing.
"""
import importlib.util
import json
import os
import pathlib
import shutil
import subprocess

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]
ACT = REPO.parent / "shared" / "testdata" / "act-rules"

# ACT rule -> (the checker's rule, the axe rules that test the same thing)
RULES = {
    "23a2a8": ("img-alt", ["image-alt", "role-img-alt"]),
    "b5c3f8": ("html-lang", ["html-has-lang"]),
    "bf051a": ("lang-valid", ["html-lang-valid"]),
    "2779a5": ("title", ["document-title"]),
    "c487ae": ("link-name", ["link-name", "area-alt"]),
    "ffd0e9": ("heading-empty", ["empty-heading"]),
    "cae760": ("iframe-title", ["frame-title"]),
}


def wrap(text, fragment):
    if not fragment:
        return text
    return ('<!DOCTYPE html>\n<html lang="en">\n<head><title>ACT test case</title></head>\n<body>\n'
            f"{text}\n</body>\n</html>\n")


def portal_binary():
    for config in ("release", "debug"):
        binary = REPO / ".build" / config / "portal"
        if binary.exists():
            return binary
    return None


def axe_source():
    spec = importlib.util.find_spec("axe_playwright_python")
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        for path in pathlib.Path(folder).rglob("axe.min.js"):
            return path.read_text()
    return None


@pytest.fixture(scope="module")
def cases(tmp_path_factory):
    if not (ACT / "manifest.json").exists():
        pytest.skip("no ACT test data in ../shared/testdata/act-rules")
    folder = tmp_path_factory.mktemp("act")
    manifest = json.loads((ACT / "manifest.json").read_text())
    found = []
    for rule in manifest["rules"]:
        for case in rule["testcases"]:
            target = folder / case["file"]
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(wrap((ACT / case["file"]).read_text(), case.get("fragment", False)))
            found.append((rule["id"], case))
    shutil.copytree(ACT / "test-assets", folder / "test-assets", dirs_exist_ok=True)
    return folder, found


def checker_verdicts(folder):
    binary = portal_binary()
    if binary is None:
        pytest.skip("build portal first (swift build --product portal)")
    run = subprocess.run([str(binary), "check", str(folder), "--format", "json"],
                         capture_output=True, text=True, cwd=folder)
    findings = json.loads(run.stdout)["findings"]
    prefix = str(folder) + "/"
    return {(f["file"][len(prefix):] if f["file"].startswith(prefix) else f["file"], f["rule"]) for f in findings}


def axe_verdicts(folder, found):
    webdriver = pytest.importorskip("selenium.webdriver")
    source = axe_source()
    if source is None:
        pytest.skip("pip install axe-playwright-python==0.1.8 (it carries axe.min.js)")
    if not shutil.which("chromedriver"):
        pytest.skip("apt-get install chromium chromium-driver")
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=webdriver.ChromeService("/usr/bin/chromedriver"), options=options)
    failed = {}
    try:
        for rule, case in found:
            if not case["file"].endswith(".html"):
                failed[case["file"]] = False  # SVG and XML: not HTML pages, inapplicable to both
                continue
            driver.get((folder / case["file"]).as_uri())
            driver.execute_script(source)
            result = driver.execute_async_script(
                "const done = arguments[arguments.length - 1];"
                "axe.run(document, {runOnly: {type: 'rule', values: arguments[0]}}).then(done);",
                RULES[rule][1])
            failed[case["file"]] = bool(result["violations"])
    finally:
        driver.quit()
    return failed


def test_axe_and_checker_on_act_cases(cases):
    folder, found = cases
    checker = checker_verdicts(folder)
    axe = axe_verdicts(folder, found)
    rows = []
    for rule, case in found:
        expected = case["expected"] == "failed"
        by_checker = (case["file"], RULES[rule][0]) in checker
        by_axe = axe[case["file"]]
        if not (expected == by_checker == by_axe):
            def word(failed):
                return "failed" if failed else "no finding"
            rows.append(f"{case['file']:<28} expected {case['expected']:<12} checker {word(by_checker):<10} axe {word(by_axe)}")
    agree_checker = sum((c["expected"] == "failed") == ((c["file"], RULES[r][0]) in checker) for r, c in found)
    agree_axe = sum((c["expected"] == "failed") == axe[c["file"]] for r, c in found)
    print(f"\nACT cases: {len(found)}; checker agrees with ACT on {agree_checker}, axe on {agree_axe}")
    print("Where axe, the checker and ACT do not all agree:" if rows else "axe, the checker and ACT agree on every case.")
    for row in rows:
        print("  " + row)
    assert len(axe) == len(found)
