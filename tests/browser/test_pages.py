"""Every page in headless Chromium at 320 and 1280 px, light and dark (see conftest.crawl)."""
from conftest import PAGE_BUDGET, SCREENSHOTS, SHOTS, WIDTHS


def where(v):
    return f"{v.site}/{v.page} @{v.width}px"


def test_axe_finds_no_wcag_a_or_aa_violations(crawl):
    lines = []
    for v in crawl:
        for scheme, violations in v.axe.items():
            for x in violations:
                lines.append(f"{where(v)} {scheme}: {x['id']} ({x['impact']}, {x['count']}x): {x['help']}\n    " + "\n    ".join(x["nodes"]))
    assert not lines, f"{len(lines)} axe violations:\n" + "\n".join(lines[:40])


def test_no_request_leaves_the_origin(crawl, sites):
    origin = next(iter(sites.values())).origin
    external = sorted({f"{where(v)}: {u}" for v in crawl for u in v.requests
                       if not u.startswith((origin + "/", "data:", "blob:"))})
    assert not external, "\n".join(external)


def unanswered_browser_favicon(url, status):
    """Chromium asks for /favicon.ico on its own for a page without an icon link (a redirect
    page); when the redirect moves on first, the request is dropped without an answer or an
    error. Not the site's request: an answer of 400 or more still fails."""
    return status is None and url.endswith("/favicon.ico")


def test_every_request_succeeds_and_the_console_is_clean(crawl):
    problems = [f"{where(v)}: {u} -> {s}" for v in crawl for u, s in v.requests.items()
                if not unanswered_browser_favicon(u, s) and (s is None or isinstance(s, str) or s >= 400)]
    problems += [f"{where(v)}: console: {m}" for v in crawl for m in v.console]
    assert not problems, "\n".join(problems[:40])


def test_no_horizontal_scrolling_at_320px(crawl):
    wide = [f"{where(v)}: {v.overflow}px too wide" for v in crawl if v.width == 320 and v.overflow > 0]
    assert not wide, "\n".join(wide)


def is_search_page(visit):
    """The search page loads the engine and every index at once (so no request says what is
    typed): test_search.py holds it to the issue's budget, 200 KB compressed for the first search."""
    return any("/search-index/" in url for url in visit.requests)


def test_every_page_with_its_assets_is_under_60kb(crawl):
    heavy = [f"{where(v)}: {v.weight / 1024:.1f} KB" for v in crawl if v.weight > PAGE_BUDGET and not is_search_page(v)]
    assert all(v.weight > 0 for v in crawl), "a page weight could not be measured"
    assert not heavy, "\n".join(heavy)


def test_screenshots_were_saved(crawl, sites):
    expected = [SHOTS / f"{s}-{n}-{w}-light.png" for s, p, n in SCREENSHOTS for w in WIDTHS if not sites[s].skipped]
    missing = [str(p) for p in expected if not p.exists()]
    assert not missing, "\n".join(missing)


TEXT_SPACING = """
for (const e of document.querySelectorAll('*')) {
  e.style.setProperty('line-height', '1.5', 'important');
  e.style.setProperty('letter-spacing', '0.12em', 'important');
  e.style.setProperty('word-spacing', '0.16em', 'important');
}
for (const p of document.querySelectorAll('p')) p.style.setProperty('margin-bottom', '2em', 'important');
const clipped = [...document.querySelectorAll('body *')].filter(e => {
  const s = getComputedStyle(e);
  return (s.overflow === 'hidden' || s.overflowY === 'hidden') && e.scrollHeight > e.clientHeight + 1 &&
    e.offsetWidth > 2 && e.offsetHeight > 2;  // not the 1 px visually-hidden pattern
}).map(e => e.tagName + '.' + e.className);
return {overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth, clipped};
"""


def test_text_spacing_at_320px_loses_nothing(sites, driver):
    """WCAG 1.4.12 text spacing, at 320 px (which is also 1280 px at 400% zoom)."""
    from conftest import load, set_width
    site = sites["fixture"]
    set_width(driver, 320)
    problems = []
    for page in ("index.html", "guide/long-page/index.html", "tools/ce-log/index.html", "referrals/index.html",
                 "tools/self-check/index.html", "es/index.html"):
        load(driver, site.url(page))
        got = driver.execute_script(TEXT_SPACING)
        if got["overflow"] > 0:
            problems.append(f"{page}: {got['overflow']} px of horizontal scrolling with wider text spacing")
        if got["clipped"]:
            problems.append(f"{page}: clipped text in {got['clipped'][:5]}")
    assert not problems, "\n".join(problems)


def test_missing_address_gets_the_styled_404_page_in_a_subfolder(sites, driver):
    from conftest import load, network, set_width
    site = sites["fixture"]
    set_width(driver, 1280)
    load(driver, site.base_url + "no-such-folder/no-such-page/")
    requests = network(driver)
    assert driver.find_element("css selector", "h1").text == "Page not found"
    assert driver.execute_script("return getComputedStyle(document.querySelector('.help-strip')).backgroundColor") != "rgba(0, 0, 0, 0)"
    assets = {u: s for u, s in requests.items() if "/assets/" in u}
    assert assets and all(s == 200 for s in assets.values()), assets
