import Foundation
import PortalDiagnostics
import PortalSite
import Testing

/// Raw HTML in Markdown is dropped unless the site allows it; dropping it silently lost text,
/// links and images on migrated pages. Now each line is a warning with the way to keep it.
@Suite struct RawHTMLTests {
    static let page = """
        ---
        title: A
        description: A page.
        ---

        <div class="box">Kept only with unsafe_html</div>

        Text with <span>inline markup</span> in it.

        <!-- an editor's note: nothing is lost by dropping it -->
        """

    static func site(extra: String = "") throws -> TestSite {
        try TestSite(
            [
                "content/_index.md": "---\ntitle: Home\ndescription: Home.\n---\n\nHi.\n",
                "content/_index.es.md": "---\ntitle: Inicio\ndescription: Inicio.\n---\n\nHola.\n",
                "content/a.md": page,
            ],
            config: TestSite.defaultConfig + extra
        )
    }

    @Test func droppedRawHTMLIsAWarningOnItsLineButCommentsAreNot() throws {
        let site = try Self.site()
        defer { site.remove() }
        let warnings = try site.build().diagnostics.filter { $0.rule == "raw-html" }
        #expect(warnings.map(\.line) == [6, 8])
        #expect(warnings.allSatisfy { $0.file == "content/a.md" && $0.hint.contains("unsafe_html: true") })
    }

    @Test func aSiteThatKeepsRawHTMLHearsNothing() throws {
        let site = try Self.site(extra: "markdown:\n  unsafe_html: true\n")
        defer { site.remove() }
        #expect(try site.build().diagnostics.filter { $0.rule == "raw-html" }.isEmpty)
        #expect(site.read("a/index.html")?.contains("<div class=\"box\">") == true)
    }
}

/// With raw HTML kept, its links and ids are understood like the Markdown's.
@Suite struct KeptRawHTMLTests {
    static let keep = "markdown:\n  unsafe_html: true\n"

    @Test func mdLinksInRawHTMLAreRewrittenAndIDsCountAsAnchors() throws {
        let site = try TestSite(
            [
                "content/_index.md": "---\ntitle: Home\ndescription: Home.\n---\n\nSee [part 7](guide/b.md#part-7).\n",
                "content/_index.es.md": "---\ntitle: Inicio\ndescription: Inicio.\n---\n\nHola.\n",
                "content/guide/a.md": page(
                    "A",
                    "<div class=\"box\">\n<p>Go to <a href=\"b.md#part-7\">part 7</a> or <a href='../_index.md'>home</a>.</p>\n<img src=\"/guide/photo.png\" alt=\"A photo\">\n</div>\n\nInline <a href=\"b.md\">link</a> too."
                ),
                "content/guide/b.md": page(
                    "B",
                    "<h2 id=\"part-7\">Part 7</h2>\n\nText.\n\n<a name=\"old-anchor\"></a>\n"
                ),
                "content/guide/photo.png": "png",
            ],
            config: TestSite.defaultConfig + Self.keep
        )
        defer { site.remove() }
        let report = try site.build()
        #expect(!report.diagnostics.contains { $0.severity == .error })
        let html = try #require(site.read("guide/a/index.html"))
        #expect(html.contains(#"<a href="../../guide/b/#part-7">part 7</a>"#), "\(html)")
        #expect(html.contains(#"<a href="../../">home</a>"#))
        // Other addresses in HTML stay as written (relative to the page's address, as in Hugo).
        #expect(html.contains(#"<img src="/guide/photo.png" alt="A photo">"#))
        #expect(html.contains(#"Inline <a href="../../guide/b/">link</a>"#))
    }

    @Test func aBrokenLinkInRawHTMLIsReportedAtItsMarkdownLine() throws {
        let site = try TestSite(
            [
                "content/_index.md": "---\ntitle: Home\ndescription: Home.\n---\n\nHi.\n",
                "content/_index.es.md": "---\ntitle: Inicio\ndescription: Inicio.\n---\n\nHola.\n",
                "content/a.md": page(
                    "A",
                    "<div>\n<p>\n<a href=\"missing.md\">gone</a>\n</p>\n</div>\n\nSee <a href=\"#nowhere\">x</a>."
                ),
            ],
            config: TestSite.defaultConfig + Self.keep
        )
        defer { site.remove() }
        let problems = site.failure()
        let link = try #require(problems.first { $0.rule == "broken-link" })
        #expect(link.file == "content/a.md" && link.line == 8, "\(link.formatted)")
        let anchor = try #require(problems.first { $0.rule == "broken-anchor" })
        #expect(anchor.line == 12)
    }
}
