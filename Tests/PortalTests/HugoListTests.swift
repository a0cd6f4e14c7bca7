import Foundation
import PortalDiagnostics
import PortalSite
import Testing

/// Lists as a site migrated from Hugo expects them: a page per taxonomy term listing its pages,
/// a taxonomy page with counts, and long lists split into pages (`paginate:`); built with the
/// default theme, so the read-back check runs on them too.
@Suite struct HugoListTests {
    static let home = [
        "content/_index.md": "---\ntitle: Home\ndescription: Home.\n---\n\nHi.\n",
        "content/_index.es.md": "---\ntitle: Inicio\ndescription: Inicio.\n---\n\nHola.\n",
    ]

    @Test func topicsGetTermPagesAndATaxonomyPageInEachLanguage() throws {
        var files = Self.home
        files["content/notes/a.md"] = page("Alpha", "Text.", extra: "topics: [Self-care, stress]\ndate: 2024-01-02\n")
        files["content/notes/b.md"] = page("Beta", "Text.", extra: "topics: [self care]\ndate: 2025-06-01\n")
        files["content/notes/c.md"] = page("Gamma", "Text.", extra: "topics: stress\n")
        files["content/notes/a.es.md"] = page("Alfa", "Texto.", extra: "topics: [autocuidado]\n")
        let site = try TestSite(files)
        defer { site.remove() }
        let report = try site.build()
        #expect(report.check?.hasErrors == false)
        let page = try #require(site.read("topics/self-care/index.html"))
        let term = try #require(page.components(separatedBy: "<ul class=\"page-list\">").last)
        // Both spellings are one term; newest first, with the date in words.
        let beta = try #require(term.range(of: ">Beta</a>")), alpha = try #require(term.range(of: ">Alpha</a>"))
        #expect(beta.lowerBound < alpha.lowerBound)
        #expect(term.contains(#"<time datetime="2025-06-01">"#))
        #expect(!term.contains(">Gamma</a>"))
        let list = try #require(site.read("topics/index.html"))
        #expect(
            list.contains(#"<a href="../topics/self-care/">Self-care</a> <span class="term-list__count">(2)</span>"#)
        )
        #expect(list.contains(#"<a href="../topics/stress/">stress</a> <span class="term-list__count">(2)</span>"#))
        let spanish = try #require(site.read("es/topics/autocuidado/index.html"))
        #expect(spanish.contains("<html lang=\"es\"") && spanish.contains("Páginas sobre «autocuidado»"), "\(spanish)")
        #expect(site.read("es/topics/index.html")?.contains("<h1>Temas</h1>") == true)
        #expect(site.read("sitemap.xml")?.contains("https://example.org/topics/self-care/") == true)
    }

    @Test func aPageLinksToItsTopicsPagesInItsLanguage() throws {
        var files = Self.home
        files["content/notes/a.md"] = page("Alpha", "Text.", extra: "topics: [Self-care, stress, self care]\n")
        files["content/notes/b.md"] = page("Beta", "Text.")
        files["content/notes/a.es.md"] = page("Alfa", "Texto.", extra: "topics: [autocuidado]\n")
        let site = try TestSite(files, config: TestSite.defaultConfig + "taxonomies:\n  topic: topics\n  tag: tags\n")
        try site.write("content/notes/c.md", page("Gamma", "Text.", extra: "tags: [howto]\ntopics: stress\n"))
        defer { site.remove() }
        let report = try site.build()
        #expect(report.check?.hasErrors == false, "\(report.check?.errors.map(\.message) ?? [])")
        let alpha = try #require(site.read("notes/a/index.html"))
        #expect(
            alpha.contains(
                #"<dt>Topics</dt>"# + "\n"
                    + #"<dd><ul><li><a href="../../topics/self-care/">Self-care</a></li><li><a href="../../topics/stress/">stress</a></li></ul></dd>"#
            ),
            "\(alpha)"
        )
        let gamma = try #require(site.read("notes/c/index.html"))
        #expect(gamma.contains(#"<dt>Tags</dt>"#) && gamma.contains(#"<a href="../../tags/howto/">howto</a>"#))
        let spanish = try #require(site.read("es/notes/a/index.html"))
        #expect(
            spanish.contains(#"<dt>Temas</dt>"#) && spanish.contains(#"<a href="../../../es/topics/autocuidado/">"#)
        )
        #expect(site.read("notes/b/index.html")?.contains("page-topics") == false)
        // The lists themselves do not name topics again.
        #expect(site.read("topics/stress/index.html")?.contains("page-topics") == false)
        #expect(site.read("topics/index.html")?.contains("page-topics") == false)
    }

    @Test func taxonomiesDeclaredInSiteYMLReplaceTheDefaults() throws {
        var files = Self.home
        files["content/notes/a.md"] = page("Alpha", "Text.", extra: "series: [basics]\ntopics: [x]\n")
        let site = try TestSite(files, config: TestSite.defaultConfig + "taxonomies:\n  series: series\n")
        defer { site.remove() }
        _ = try site.build()
        #expect(site.exists("series/basics/index.html"))
        #expect(!site.exists("topics/index.html"))
    }

    @Test func aMarkdownPageAtATermsAddressKeepsItsTextAndGetsTheList() throws {
        var files = Self.home
        files["content/notes/a.md"] = page("Alpha", "Text.", extra: "topics: [stress]\n")
        files["content/topics/stress/_index.md"] = page("Stress at work", "Our own words on stress.")
        let site = try TestSite(files)
        defer { site.remove() }
        _ = try site.build()
        let html = try #require(site.read("topics/stress/index.html"))
        #expect(html.contains("<h1>Stress at work</h1>") && html.contains("Our own words on stress."))
        #expect(html.contains(">Alpha</a>"))
        #expect(site.read("topics/index.html")?.contains(">Stress at work</a>") == true)
    }

    @Test func termPagesAreTheSameBytesEveryBuild() throws {
        var files = Self.home
        for n in 0..<12 {
            files["content/p\(n).md"] = page("Page \(n)", "Text.", extra: "topics: [t\(n % 3), shared]\n")
        }
        let site = try TestSite(files)
        defer { site.remove() }
        _ = try site.build()
        let first = site.snapshot()
        _ = try site.build()
        #expect(site.snapshot() == first)
    }

    @Test func longSectionsArePaginatedWithAnAccessibleNavigation() throws {
        var files = Self.home
        files["content/news/_index.md"] = page("News", "All the news.", extra: "paginate: 2\n")
        for n in 1...5 { files["content/news/item-\(n).md"] = page("Item \(n)", "Text.", extra: "weight: \(n)\n") }
        let site = try TestSite(files)
        defer { site.remove() }
        let report = try site.build()
        #expect(report.check?.hasErrors == false, "\(report.check?.errors.map(\.message) ?? [])")
        let first = try #require(site.read("news/index.html"))
        #expect(first.contains(">Item 1</a>") && first.contains(">Item 2</a>") && !first.contains(">Item 3</a>"))
        #expect(first.contains(#"<nav class="pagination" aria-label="Pages of this list">"#))
        #expect(first.contains(#"<link rel="next" href="../news/page/2/" />"#))
        #expect(first.contains(#"aria-current="page""#))
        let second = try #require(site.read("news/page/2/index.html"))
        #expect(second.contains(">Item 3</a>") && second.contains(">Item 4</a>") && !second.contains(">Item 5</a>"))
        #expect(second.contains(#"<link rel="prev" href="../../../news/" />"#))
        #expect(second.contains(#"<link rel="canonical" href="https://example.org/news/page/2/" />"#))
        #expect(second.contains("<h1>News (page 2 of 3)</h1>"))
        #expect(site.read("news/page/3/index.html")?.contains(">Item 5</a>") == true)
        // page/1/ leads back to the list, as in Hugo.
        #expect(site.read("news/page/1/index.html")?.contains("../../") == true)
        #expect(site.read("sitemap.xml")?.contains("news/page/") == false)
    }

    @Test func aLongListLinksToTheFirstTheLastAndTheNeighboursOnly() throws {
        var files = Self.home
        files["content/news/_index.md"] = page("News", "All the news.", extra: "paginate: 1\n")
        for n in 1...40 { files["content/news/item-\(n).md"] = page("Item \(n)", "Text.", extra: "weight: \(n)\n") }
        let site = try TestSite(files)
        defer { site.remove() }
        let report = try site.build()
        #expect(report.check?.hasErrors == false, "\(report.check?.errors.map(\.message) ?? [])")
        func shown(_ path: String) throws -> [String] {
            let html = try #require(site.read(path))
            let list = try #require(html.components(separatedBy: #"<ul class="pagination__list">"#).last)
            return list.components(separatedBy: "</ul>")[0].components(separatedBy: "<li").dropFirst().map {
                $0.contains("…")
                    ? "…" : $0.components(separatedBy: "</a>")[0].components(separatedBy: ">").last ?? ""
            }
        }
        #expect(try shown("news/page/20/index.html") == ["1", "…", "19", "20", "21", "…", "40"])
        #expect(try shown("news/index.html") == ["1", "2", "…", "40"])
        #expect(try shown("news/page/40/index.html") == ["1", "…", "39", "40"])
        // A gap of one number shows the number: an ellipsis would take its place for nothing.
        #expect(try shown("news/page/4/index.html") == ["1", "2", "3", "4", "5", "…", "40"])
        let middle = try #require(site.read("news/page/20/index.html"))
        #expect(middle.contains(#"<li class="pagination__ellipsis">…</li>"#))
        #expect(!middle.contains(#"href="../../../news/page/10/""#))
        #expect(middle.contains(#"aria-current="page" aria-label="Page 20">20</a>"#))
    }

    @Test func aSiteWidePaginateSplitsTermPagesToo() throws {
        var files = Self.home
        for n in 1...3 { files["content/p\(n).md"] = page("P\(n)", "Text.", extra: "topics: [all]\n") }
        let site = try TestSite(files, config: TestSite.defaultConfig + "paginate: 2\n")
        defer { site.remove() }
        _ = try site.build()
        #expect(site.exists("topics/all/page/2/index.html"))
        #expect(site.read("topics/all/page/2/index.html")?.contains(#"aria-label="Pages of this list""#) == true)
    }
}
