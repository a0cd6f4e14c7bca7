import Foundation
import PortalDiagnostics
import PortalSite
import Testing

/// Addresses as a site migrated from Hugo sets them: `url:`, `slug` with `/`, and `permalinks:`
/// patterns per section in `site.yml`; links written to the `.md` file follow the page.
@Suite struct HugoAddressTests {
    static let home = [
        "content/_index.md": "---\ntitle: Home\ndescription: Home.\n---\n\nHi.\n",
        "content/_index.es.md": "---\ntitle: Inicio\ndescription: Inicio.\n---\n\nHola.\n",
    ]

    @Test func urlInFrontMatterIsThePagesAddressAndLinksFollowIt() throws {
        var files = Self.home
        files["content/guides/a.md"] = page("A", "Read [b](b.md#part-two).", extra: "url: /about/team/\n")
        files["content/guides/b.md"] = page("B", "## Part two\n\nBack to [a](a.md).", extra: "url: elsewhere/b\n")
        files["content/guides/b.es.md"] = page("B es", "Hola.", extra: "url: otra/b/\n")
        files["content/guides/c.es.md"] = page("C es", "Hola.", extra: "url: /fixed/c/\n")
        let site = try TestSite(files)
        defer { site.remove() }
        _ = try site.build()
        #expect(site.exists("about/team/index.html"))
        #expect(site.exists("elsewhere/b/index.html"))
        // Relative to the language's root; from the site's root with a leading '/', as in Hugo.
        #expect(site.exists("es/otra/b/index.html"))
        #expect(site.exists("fixed/c/index.html"))
        #expect(!site.exists("guides/a/index.html"))
        #expect(site.read("about/team/index.html")?.contains(#"href="../../elsewhere/b/#part-two""#) == true)
        #expect(site.read("elsewhere/b/index.html")?.contains(#"href="../../about/team/""#) == true)
        #expect(site.read("sitemap.xml")?.contains("https://example.org/about/team/") == true)
    }

    @Test func aSlugWithSlashesMakesNestedFolders() throws {
        var files = Self.home
        files["content/guides/a.md"] = page("A", "Text.", extra: "slug: first-steps/getting-started\n")
        let site = try TestSite(files)
        defer { site.remove() }
        _ = try site.build()
        #expect(site.exists("guides/first-steps/getting-started/index.html"))
    }

    @Test func anAddressTwoPagesWantIsAnErrorNamingBoth() throws {
        var files = Self.home
        files["content/a.md"] = page("A", "Text.", extra: "url: /same/\n")
        files["content/b.md"] = page("B", "Text.", extra: "slug: same\n")
        let site = try TestSite(files)
        defer { site.remove() }
        let problem = try #require(site.failure().first { $0.rule == "duplicate-url" })
        #expect(problem.message.contains("content/a.md") || problem.file == "content/a.md")
        #expect(problem.message.contains("content/b.md") || problem.file == "content/b.md")
        #expect(problem.message.contains("/same/"))
    }

    @Test func aURLThatLeavesTheSiteIsAnErrorOnItsLine() throws {
        var files = Self.home
        files["content/a.md"] = page("A", "Text.", extra: "url: /../etc/\n")
        let site = try TestSite(files)
        defer { site.remove() }
        let problem = try #require(site.failure().first { $0.rule == "url" })
        #expect(problem.file == "content/a.md" && problem.line == 4)
    }

    @Test func permalinkPatternsPlacePagesAndSectionsInBothLanguages() throws {
        var files = Self.home
        files["content/posts/_index.md"] = page("Posts", "List.")
        files["content/posts/_index.es.md"] = page("Artículos", "Lista.")
        files["content/posts/first.md"] = page(
            "My First Post!",
            "See [the other](second.md).",
            extra: "date: 2024-03-07\n"
        )
        files["content/posts/first.es.md"] = page("Mi primer artículo", "Hola.", extra: "date: 2024-03-07\n")
        files["content/posts/second.md"] = page(
            "Second",
            "Back to [first](first.md).",
            extra: "date: 2025-11-20\nslug: two\n"
        )
        files["content/tutorials/git.md"] = page("Git basics", "Text.")
        let config =
            TestSite.defaultConfig + """
                permalinks:
                  page:
                    posts: /articles/:year/:month/:day/:slug/
                    tutorials: /training/:filename/
                  section:
                    posts: /articles/

                """
        let site = try TestSite(files, config: config)
        defer { site.remove() }
        _ = try site.build()
        #expect(site.exists("articles/index.html"))
        #expect(site.exists("es/articles/index.html"))
        #expect(site.exists("articles/2024/03/07/my-first-post/index.html"))
        #expect(site.exists("es/articles/2024/03/07/mi-primer-articulo/index.html"))
        #expect(site.exists("articles/2025/11/20/two/index.html"))
        #expect(site.exists("training/git/index.html"))
        #expect(
            site.read("articles/2024/03/07/my-first-post/index.html")?.contains(
                #"href="../../../../../articles/2025/11/20/two/""#
            ) == true
        )
    }

    @Test func aPatternNeedingADateOnAPageWithoutOneIsAnError() throws {
        var files = Self.home
        files["content/posts/undated.md"] = page("Undated", "Text.")
        let config = TestSite.defaultConfig + "permalinks:\n  posts: /:year/:slug/\n"
        let site = try TestSite(files, config: config)
        defer { site.remove() }
        let problem = try #require(site.failure().first { $0.rule == "permalink" })
        #expect(problem.file == "content/posts/undated.md" && problem.message.contains(":year"))
        #expect(problem.hint.contains("site.yml line"))
    }

    @Test func anUnknownPermalinkTokenIsAConfigErrorOnItsLine() throws {
        let config = TestSite.defaultConfig + "permalinks:\n  posts: /:yeer/:slug/\n"
        let site = try TestSite(Self.home, config: config)
        defer { site.remove() }
        let problem = try #require(site.failure().first { $0.message.contains(":yeer") })
        #expect(problem.file == "site.yml" && problem.line == 7)
    }
}
