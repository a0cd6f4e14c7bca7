import Foundation
import PortalHTML
import PortalSite
import Testing

/// Builds small sites and checks what a reader and a web host get.
@Suite struct SiteBuildTests {
    static let files: [String: String] = [
        "content/_index.md": page("Home", "Start with [boundaries](self-care/boundaries.md#say-no-kindly)."),
        "content/_index.es.md": page("Inicio", "Empiece con [límites](self-care/boundaries.md)."),
        "content/self-care/_index.md": page("Self-care", "Tools.\n\n## Sources\n\n- A seed.", extra: "weight: 1\n"),
        "content/self-care/_index.es.md": page("Autocuidado", "Herramientas.", extra: "slug: autocuidado\n"),
        "content/self-care/boundaries.md": page(
            "Boundaries",
            "## Say no kindly\n\nText. ![A calm lake](lake.png)\n\n## Scripts\n\nMore.\n\n## Sources\n\nSeed.",
            extra: "weight: 2\naliases: [/old-boundaries/]\nupdated: 2026-11-01\n"
        ),
        "content/self-care/boundaries.es.md": page(
            "Límites",
            "## Diga que no con amabilidad\n\nTexto.",
            extra: "slug: limites\n"
        ),
        "content/self-care/balance.md": page("Balance", "Back to [the section](_index.md).", extra: "weight: 1\n"),
        "content/self-care/nested/_index.md": page("Nested", "Deeper."),
        "content/self-care/nested/deep.md": page("Deep", "See [balance](../balance.md)."),
        "content/self-care/lake.png": "not really a png",
        "content/draft.md": page("Draft", "Unfinished.", extra: "draft: true\n"),
        "data/referrals.yml": "entries: []\n",
    ]

    @Test func prettyURLsTranslatedSlugsAndCopiedFiles() throws {
        let site = try TestSite(Self.files)
        defer { site.remove() }
        let report = try site.build()
        #expect(site.exists("index.html"))
        #expect(site.exists("self-care/boundaries/index.html"))
        #expect(site.exists("self-care/nested/deep/index.html"))
        #expect(site.exists("es/autocuidado/limites/index.html"))
        #expect(site.exists("self-care/lake.png"))
        #expect(!site.exists("draft/index.html"))
        #expect(report.pagesPerLanguage.map(\.count) == [6, 3])
        #expect(report.summary(relativeTo: site.root).hasPrefix("Built 9 pages (en 6, es 3) with"))
    }

    @Test func draftsAreBuiltOnlyWhenAskedFor() throws {
        let site = try TestSite(Self.files)
        defer { site.remove() }
        _ = try site.build(drafts: true)
        #expect(site.exists("draft/index.html"))
    }

    /// Percent-encoded paths and fragments are decoded before they are looked up (and only
    /// those: a plain link skips the decoder); the written link keeps its fragment as written.
    @Test func percentEncodedLinksFindTheirPageAndHeading() throws {
        var files = Self.files
        files["content/self-care/open notes.md"] = page(
            "Open notes",
            "## Open hours\n\nText.",
            extra: "slug: open-notes\n"
        )
        files["content/self-care/balance.md"] = page(
            "Balance",
            "See [notes](open%20notes.md#open%2Dhours).",
            extra: "weight: 1\n"
        )
        let site = try TestSite(files)
        defer { site.remove() }
        _ = try site.build()
        let balance = try #require(site.read("self-care/balance/index.html"))
        #expect(balance.contains(#"#open%2Dhours">notes</a>"#))
        files["content/self-care/balance.md"] = page(
            "Balance",
            "See [notes](open%20notes.md#closed%2Dhours).",
            extra: "weight: 1\n"
        )
        let broken = try TestSite(files)
        defer { broken.remove() }
        #expect(broken.failure().contains { $0.rule == "broken-anchor" && $0.message.contains("'#closed-hours'") })
    }

    @Test func linksAreRewrittenToRelativeURLs() throws {
        let site = try TestSite(Self.files)
        defer { site.remove() }
        _ = try site.build()
        let home = try #require(site.read("index.html"))
        #expect(home.contains(#"<a href="self-care/boundaries/#say-no-kindly">boundaries</a>"#))
        // A Spanish page linking to the English file reaches the Spanish translation.
        let homeES = try #require(site.read("es/index.html"))
        #expect(homeES.contains(#"<a href="../es/autocuidado/limites/">límites</a>"#))
        let boundaries = try #require(site.read("self-care/boundaries/index.html"))
        #expect(boundaries.contains(#"<img src="../../self-care/lake.png" alt="A calm lake" />"#))
        let deep = try #require(site.read("self-care/nested/deep/index.html"))
        #expect(deep.contains(#"<a href="../../../self-care/balance/">balance</a>"#))
        let balance = try #require(site.read("self-care/balance/index.html"))
        #expect(balance.contains(#"<a href="../../self-care/">the section</a>"#))
    }

    @Test func theMenuHighlightsTheCurrentArea() throws {
        let site = try TestSite(Self.files)
        defer { site.remove() }
        _ = try site.build()
        func menuLinks(_ path: String) throws -> [String] {
            let html = try #require(site.read(path))
            let nav = try #require(
                html.components(separatedBy: "class=\"site-nav\"").last?.components(separatedBy: "</nav>").first
            )
            return nav.components(separatedBy: "<li>").dropFirst().map { $0.components(separatedBy: "</li>")[0] }
        }
        // Menus are cached per folder depth and highlighted entry: each page must still get its own.
        #expect(try menuLinks("index.html") == [#"<a href="self-care/">Self-care</a>"#])
        #expect(
            try menuLinks("self-care/index.html") == [#"<a href="../self-care/" aria-current="page">Self-care</a>"#]
        )
        #expect(
            try menuLinks("self-care/balance/index.html") == [
                #"<a href="../../self-care/" class="active">Self-care</a>"#
            ]
        )
        #expect(
            try menuLinks("self-care/nested/deep/index.html") == [
                #"<a href="../../../self-care/" class="active">Self-care</a>"#
            ]
        )
    }

    @Test func headingIDsAndTableOfContentsReadBackWithLibxml2() throws {
        let site = try TestSite(Self.files)
        defer { site.remove() }
        _ = try site.build()
        let document = try #require(site.read("self-care/boundaries/index.html").flatMap { HTMLDocument($0) })
        #expect(document.elements(named: "h1").count == 1)
        #expect(document.element(id: "say-no-kindly")?.name == "h2")
        #expect(document.element(id: "scripts")?.text == "Scripts")
        let tocLinks = document.elements(named: "a").compactMap { $0["href"] }.filter { $0.hasPrefix("#") }
        #expect(tocLinks.contains("#say-no-kindly") && tocLinks.contains("#sources"))
        #expect(document.root?["lang"] == "en")
        let alternates = document.elements(named: "link").filter { $0["rel"] == "alternate" }
        #expect(alternates.compactMap { $0["hreflang"] }.sorted() == ["en", "es"])
    }

    @Test func sectionsListTheirPagesByWeightThenTitle() throws {
        let site = try TestSite(Self.files)
        defer { site.remove() }
        _ = try site.build()
        let document = try #require(site.read("self-care/index.html").flatMap { HTMLDocument($0) })
        let list = try #require(document.elements.first { $0["class"] == "page-list" })
        let titles = list.children.compactMap { $0.children.first?.text }
        #expect(titles == ["Balance", "Boundaries", "Nested"])
        // The list of pages comes before the page's Sources, not after them.
        let html = try #require(site.read("self-care/index.html"))
        let listStart = try #require(html.range(of: "class=\"page-list\""))
        let sources = try #require(html.range(of: "<h2 id=\"sources\">"))
        #expect(listStart.lowerBound < sources.lowerBound)
    }

    @Test func sitemapRobotsAliasesAnd404() throws {
        let site = try TestSite(Self.files)
        defer { site.remove() }
        _ = try site.build()
        let sitemap = try #require(site.read("sitemap.xml"))
        #expect(sitemap.contains("<loc>https://example.org/self-care/boundaries/</loc>"))
        #expect(
            sitemap.contains(
                #"<xhtml:link rel="alternate" hreflang="es" href="https://example.org/es/autocuidado/limites/"/>"#
            )
        )
        #expect(sitemap.contains("<lastmod>2026-11-01</lastmod>"))
        #expect(try #require(site.read("robots.txt")).contains("Sitemap: https://example.org/sitemap.xml"))
        let alias = try #require(site.read("old-boundaries/index.html"))
        #expect(alias.contains(#"<meta http-equiv="refresh" content="0; url=../self-care/boundaries/">"#))
        #expect(alias.contains(#"<link rel="canonical" href="https://example.org/self-care/boundaries/">"#))
        #expect(site.exists("404.html") && site.exists("es/404.html"))
    }

    @Test func subfolderBaseURLGivesWorkingLinksAssetsAndCanonicals() throws {
        let site = try TestSite(Self.files)
        defer { site.remove() }
        _ = try site.build(baseURL: "https://example.org/peer/")
        let page = try #require(site.read("self-care/boundaries/index.html"))
        #expect(page.contains(#"<link rel="canonical" href="https://example.org/peer/self-care/boundaries/" />"#))
        let document = try #require(HTMLDocument(page))
        // Every local link and asset is relative, so it resolves inside whatever folder holds the site.
        let urls = document.elements.compactMap { $0["href"] ?? $0["src"] }
            .filter { !$0.hasPrefix("http") && !$0.hasPrefix("#") && !$0.contains(":") }
        #expect(!urls.isEmpty)
        for url in urls {
            #expect(!url.hasPrefix("/"), "\(url) would escape a subfolder")
            let resolved = URL(string: url, relativeTo: URL(string: "https://example.org/peer/self-care/boundaries/"))!
            let path = String(resolved.path.dropFirst("/peer/".count))
            let file = path.isEmpty || path.hasSuffix("/") ? path + "index.html" : path
            #expect(site.exists(file), "\(url) -> \(file) is not in the built site")
        }
        let notFound = try #require(site.read("404.html"))
        #expect(notFound.contains(#"href="/peer/assets/css/site."#))
        #expect(try #require(site.read("sitemap.xml")).contains("<loc>https://example.org/peer/</loc>"))
    }

    @Test func assetsGetContentHashesAndTemplatesUseThem() throws {
        let site = try TestSite(Self.files)
        defer { site.remove() }
        _ = try site.build()
        let home = try #require(site.read("index.html"))
        let css = try #require(site.snapshot().keys.first { $0.hasPrefix("assets/css/site.") && $0.hasSuffix(".css") })
        #expect(css.split(separator: ".").count == 3)
        #expect(home.contains("href=\"\(css)\""))
    }

    @Test func twoBuildsGiveIdenticalBytes() throws {
        let site = try TestSite(Self.files)
        defer { site.remove() }
        _ = try site.build()
        let first = site.snapshot()
        _ = try site.build()
        let second = site.snapshot()
        #expect(first.count > 10)
        #expect(first == second)
    }
}
