"""Issue 17's content corrections, read from the real site as built: facts only from a named source,
crisis help (988 and 911) in both languages, confidentiality with its limits, renewal rules."""
import html
import re

import pytest

PAGES_EN_ES = {
    "request": ("request/index.html", "es/pedir-apoyo/index.html"),
    "keeping": ("certification/keeping-certification/index.html", "es/certificacion/mantener-la-certificacion/index.html"),
    "ce-log": ("certification/ce-log/index.html", "es/certificacion/registro-de-educacion-continua/index.html"),
}
RENEWAL_URL = "https://www.capeercertification.org/certification-renewal-continued-education-requirements/"


def text(site, page):
    raw = (site.folder / page).read_text(encoding="utf-8")
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", raw)))


def all_pages(site):
    pages = (p.relative_to(site.folder).as_posix() for p in site.folder.rglob("index.html"))
    return sorted(p for p in pages if not p.startswith(site.exclude))  # the fixture is served inside


def test_no_listing_or_page_gives_the_unsourced_warm_line(real):
    found = [p for p in all_pages(real) if "845-7415" in text(real, p)]
    assert not found, f"the warm line number has no source: {found}"


def test_every_listing_says_where_its_facts_come_from(real):
    # "Last checked" would claim a call to the service; every listing here was compared with a document.
    for page, word in (("referrals/index.html", "From"), ("es/directorio/index.html", "Fuente")):
        raw = (real.folder / page).read_text(encoding="utf-8")
        listings = raw.count('<li class="referral">')
        assert listings > 5, page
        assert raw.count(f"<dt>{word}</dt>") == listings, f"{page}: not every listing names its source"
        assert "Last checked" not in raw and "Última revisión" not in raw, page


def test_help_strip_offers_chat_and_911_in_both_languages(real):
    for page, chat, emergency in (("index.html", "Chat at 988lifeline.org", "Call 911 in an emergency"),
                                  ("es/index.html", "Chatee en 988lifeline.org", "En una emergencia, llame al 911")):
        raw = (real.folder / page).read_text(encoding="utf-8")
        strip = raw[raw.index('<aside class="help-strip"'):]
        strip = strip[:strip.index("</aside>")]
        assert chat in strip and 'href="https://988lifeline.org"' in strip, f"{page}: no chat in the help strip"
        assert emergency in strip, f"{page}: no 911 in the help strip"
        crisis_line = raw[raw.index('<aside class="crisis-line"'):]
        assert crisis_line.index('aria-label="' + chat) < crisis_line.index("</aside>"), f"{page}: no chat on the slim line"


def test_crisis_sections_name_911_with_988(real):
    for page in ("index.html", "es/index.html", "compassion-fatigue/when-to-reach-out/index.html",
                 "es/fatiga-por-compasion/cuando-pedir-apoyo/index.html", "referrals/crisis-line/index.html",
                 "es/directorio/lineas-de-crisis/index.html", *PAGES_EN_ES["request"]):
        raw = (real.folder / page).read_text(encoding="utf-8")
        main = raw[raw.index("<main"):raw.index("</main>")]
        main = main[:max(main.find('id="sources"'), main.find('id="fuentes"'))]  # the page's text, not its sources
        assert "911" in main and "988" in main, page


def test_confidentiality_states_who_sees_what_and_the_limits(real):
    en, es = (text(real, p) for p in PAGES_EN_ES["request"])
    for words in ("Only the peer support team", "evaluation", "nothing that identifies you", "serious harm",
                  "If you work for the county"):
        assert words in en, words
    for words in ("Solo el equipo de apoyo entre pares", "evaluación", "nada que le identifique", "daño grave",
                  "Si trabaja para el condado"):
        assert words in es, words
    assert "Your conversations are confidential" not in en and "Sus conversaciones son confidenciales" not in es


def test_renewal_rules_are_on_the_certification_pages_with_their_source(real):
    for page in PAGES_EN_ES["keeping"]:
        raw = (real.folder / page).read_text(encoding="utf-8")
        words = text(real, page)
        assert f'href="{RENEWAL_URL}"' in raw, page
        assert ("6 of those hours must be on law and ethics" in words
                or "6 de esas horas deben ser de leyes y ética" in words), page
    for page in PAGES_EN_ES["ce-log"]:
        assert RENEWAL_URL in text(real, page), page


def test_the_study_is_attributed_and_advanced_certification_is_national(real):
    for page in all_pages(real):
        words = text(real, page)
        assert "Peers say" not in words and "Los pares dicen" not in words, page
    for page in ("certification/career-pathways/index.html", "es/certificacion/trayectorias-profesionales/index.html"):
        assert "National Certified Peer Specialist" in text(real, page), page


def test_every_content_page_says_when_it_was_reviewed(real):
    missing = []
    for page in all_pages(real):
        raw = (real.folder / page).read_text(encoding="utf-8")
        if 'http-equiv="refresh"' in raw or page.endswith("-shell.html"):
            continue  # redirects, and the shells the intake service fills
        if 'class="layout-term"' in raw or 'class="layout-taxonomy"' in raw:
            continue  # lists of pages by topic, made by the build: no facts of their own
        if not re.search(r'<p class="page-meta">(Reviewed on|Revisado el) <time datetime="\d{4}-\d\d-\d\d">', raw):
            missing.append(page)
    assert not missing, f"no 'Reviewed on': {missing}"


def test_section_pages_list_their_pages_once(real):
    # The theme lists a section's pages ("In this section"); a hand-written list of the same links repeats it.
    twice = []
    for page in all_pages(real):
        raw = (real.folder / page).read_text(encoding="utf-8")
        if '<ul class="page-list">' not in raw:
            continue
        listed = set(re.findall(r'<li>\s*<a href="([^"]+)"', raw[raw.index('<ul class="page-list">'):]))
        prose = raw[raw.index('<div class="prose">'):raw.index('<ul class="page-list">')]
        repeated = listed & set(re.findall(r'<li><a href="([^"#]+)"', prose))
        if repeated:
            twice.append(f"{page}: {sorted(repeated)}")
    assert not twice, "\n".join(twice)
