import Foundation
import PortalCheck
import PortalDiagnostics
import PortalSite
import Testing

/// Findings point where an editor fixes them: a start tag written over several lines at the
/// line and column where it starts (libxml2 gives the line where it ends), and heading findings
/// at the Markdown heading even when its built words differ from the written ones.
@Suite struct FindingPlaceTests {
    @Test func aStartTagOverSeveralLinesIsFoundWhereItStarts() throws {
        let body = """
            <p>Text, then <img
              src="a.png"
              width="10"> and <img src="b.png" alt="B"></p>
            <p><a href="gone.html"
               class="x">first</a> <a
               href="also-gone.html">second</a></p>
            """
        let folder = try CheckFolder([
            "index.html": CheckFolder.page(body: body), "a.png": "x", "b.png": "x",
        ])
        defer { folder.remove() }
        let found = folder.check().diagnostics
        let image = try #require(found.first { $0.rule == "img-alt" })
        #expect(image.line == CheckFolder.bodyLine && image.column == 15, "\(image.checkLine)")
        let links = found.filter { $0.rule == "link-target" }.sorted { $0.line < $1.line }
        #expect(links.map(\.line) == [CheckFolder.bodyLine + 3, CheckFolder.bodyLine + 4], "\(links.map(\.checkLine))")
        #expect(links.map(\.column) == [4, 24], "\(found.map(\.checkLine))")
    }

    @Test func twoTagsOnOneLineKeepTheirOwnColumns() throws {
        let folder = try CheckFolder([
            "index.html": CheckFolder.page(body: "<p><img src=\"a.png\"> <img src=\"a.png\"></p>"), "a.png": "x",
        ])
        defer { folder.remove() }
        let columns = folder.check().diagnostics.filter { $0.rule == "img-alt" }.map(\.column).sorted()
        #expect(columns == [4, 22])
    }

    /// Entities, inline HTML and smart punctuation: the built heading's words are not the Markdown's.
    @Test func headingFindingsPointAtTheMarkdownHeading() throws {
        let body = """
            Intro.

            #### Tips &amp; "tricks"

            Text.

            # A <em>second</em> -- title

            More.
            """
        let site = try TestSite(
            [
                "content/_index.md": page("Home", "Hello."),
                "content/_index.es.md": page("Inicio", "Hola."),
                "content/a.md": page("A", body),
                "content/a.es.md": page("A es", "Texto."),
            ],
            config: TestSite.defaultConfig + "markdown:\n  unsafe_html: true\n"
        )
        defer { site.remove() }
        do {
            _ = try site.build()
            Issue.record("the build should fail")
        } catch {
            let found = error.check?.diagnostics ?? []
            let order = try #require(found.first { $0.rule == "heading-order" }, "\(found.map(\.checkLine))")
            #expect(order.file == "content/a.md" && order.line == 8, "\(order.checkLine)")
            let second = try #require(found.first { $0.rule == "h1-count" }, "\(found.map(\.checkLine))")
            #expect(second.file == "content/a.md" && second.line == 12, "\(second.checkLine)")
        }
    }
}
