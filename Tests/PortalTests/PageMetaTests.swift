import PortalSite
import Testing

/// "Reviewed on" (front matter reviewed:, else updated:) and callouts, through the default theme.
@Suite struct PageMetaTests {
    static let files: [String: String] = [
        "content/_index.md": page("Home", "Welcome.", extra: "updated: 2026-01-15\n"),
        "content/_index.es.md": page(
            "Inicio",
            "> [!WARNING]\n> Llame al 911.\n",
            extra: "updated: 2026-02-03\nreviewed: 2026-03-09\n"
        ),
        "content/guide/_index.md": page(
            "Guide",
            "> [!NOTE]\n> Read this first.\n",
            extra: "reviewed: 2026-11-24\nupdated: 2026-10-01\n"
        ),
        "content/guide/undated.md": page("Undated", "No dates."),
        "data/referrals.yml": "entries: []\n",
    ]

    @Test func reviewedFallsBackToUpdatedAndReadsInThePagesLanguage() throws {
        let site = try TestSite(Self.files)
        defer { site.remove() }
        _ = try site.build()
        let home = try #require(site.read("index.html"))
        #expect(
            home.contains(#"<p class="page-meta">Reviewed on <time datetime="2026-01-15">15 January 2026</time></p>"#)
        )
        let section = try #require(site.read("guide/index.html"))
        #expect(section.contains(#"Reviewed on <time datetime="2026-11-24">24 November 2026</time>"#))
        let spanish = try #require(site.read("es/index.html"))
        #expect(spanish.contains(#"Revisado el <time datetime="2026-03-09">9 de marzo de 2026</time>"#))
        #expect(!(try #require(site.read("guide/undated/index.html"))).contains("page-meta"))
    }

    @Test func calloutsGetTheThemesLabelInEachLanguage() throws {
        let site = try TestSite(Self.files)
        defer { site.remove() }
        _ = try site.build()
        let section = try #require(site.read("guide/index.html"))
        #expect(
            section.contains(
                "<div class=\"callout callout--note\" role=\"note\">\n<p class=\"callout__label\">Note</p>"
            )
        )
        let spanish = try #require(site.read("es/index.html"))
        #expect(spanish.contains("<p class=\"callout__label\">Advertencia</p>\n<p>Llame al 911.</p>"))
    }
}

/// The language switch carries both pages' heading ids, paired in order, when they match.
@Suite struct LanguageSwitchPlaceTests {
    @Test func headingsArePairedInOrderOnlyWhenTheirLevelsMatch() throws {
        let site = try TestSite([
            "content/_index.md": page("Home", "Hi."),
            "content/_index.es.md": page("Inicio", "Hola."),
            "content/rest.md": page("Rest", "## Why rest\n\n### Small breaks\n\n## Sources\n\nA seed."),
            "content/rest.es.md": page(
                "Descanso",
                "## Por qué descansar\n\n### Pausas cortas\n\n## Fuentes\n\nUna fuente.",
                extra: "slug: descanso\n"
            ),
            "content/odd.md": page("Odd", "## One\n\n## Two"),
            "content/odd.es.md": page("Raro", "## Uno\n\n### Dos", extra: "slug: raro\n"),
            "data/referrals.yml": "entries: []\n",
        ])
        defer { site.remove() }
        _ = try site.build()
        let english = try #require(site.read("rest/index.html"))
        #expect(
            english.contains(#"data-anchors="why-rest small-breaks sources|por-que-descansar pausas-cortas fuentes""#)
        )
        let spanish = try #require(site.read("es/descanso/index.html"))
        #expect(
            spanish.contains(#"data-anchors="por-que-descansar pausas-cortas fuentes|why-rest small-breaks sources""#)
        )
        #expect(!(try #require(site.read("odd/index.html"))).contains("data-anchors"))
        #expect(!(try #require(site.read("index.html"))).contains("data-anchors"))  // no headings
    }
}
