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
