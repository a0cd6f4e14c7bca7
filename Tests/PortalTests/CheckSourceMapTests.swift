import Foundation
import PortalCheck
import PortalDiagnostics
import PortalSite
import Testing

/// The check at the end of `portal build`: findings name the `.md` or template line, errors
/// keep the previous site, `--no-check` skips it.
@Suite struct CheckSourceMapTests {
    static let rawHTMLConfig = TestSite.defaultConfig + "markdown:\n  unsafe_html: true\n"

    static let files: [String: String] = [
        "content/_index.md": page("Home", "Start with [the help page](help.md)."),
        "content/_index.es.md": page("Inicio", "Empiece [aquí mismo](help.es.md)."),
        "content/help.es.md": page("Ayuda", "Texto."),
        // Body lines: the body starts on line 6 (after the front matter and a blank line).
        "content/help.md": page(
            "Help",
            "Intro.\n\nSee <a href=\"../nowhere/\">the old page</a> too.\n\n<img src=\"../lake.png\">\n\n![](lake.png)\n"
        ),
        "content/lake.png": "not really a png",
    ]

    func checkFindings(_ site: TestSite) throws -> [Diagnostic] {
        do {
            _ = try site.build()
            Issue.record("the build should have failed its check")
            return []
        } catch {
            return try #require(error.check).diagnostics
        }
    }

    @Test func bodyProblemsNameTheMarkdownLine() throws {
        let site = try TestSite(Self.files, config: Self.rawHTMLConfig)
        defer { site.remove() }
        let found = try checkFindings(site)
        let link = try #require(found.first { $0.rule == "link-target" })
        #expect(link.file == "content/help.md" && link.line == 8 && link.column == 14, "\(link)")
        let image = try #require(found.first { $0.rule == "img-alt" })
        #expect(image.file == "content/help.md" && image.line == 10, "\(image)")
        let empty = try #require(found.first { $0.rule == "img-alt-empty" })
        #expect(
            empty.checkLine
                == "content/help.md:12:5: error: img-alt-empty: the image lake.png has an empty text alternative and is not marked decorative"
        )
        #expect(found.filter { $0.severity == .error }.count == 3, "\(found.map(\.checkLine))")
    }

    @Test func checkErrorsLeaveThePreviousSiteInPlace() throws {
        var files = Self.files
        files["content/help.md"] = page("Help", "Fine.")
        let site = try TestSite(files, config: Self.rawHTMLConfig)
        defer { site.remove() }
        let report = try site.build()
        #expect(report.check?.hasErrors == false)
        #expect(site.read("help/index.html")?.contains("Fine.") == true)
        try site.write("content/help.md", Self.files["content/help.md"] ?? "")
        _ = try checkFindings(site)
        #expect(site.read("help/index.html")?.contains("Fine.") == true)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: site.root.path).filter {
            $0.hasPrefix(".public")
        }
        #expect(leftovers.isEmpty)
    }

    @Test func noCheckSkipsTheReadBack() throws {
        let site = try TestSite(Self.files, config: Self.rawHTMLConfig)
        defer { site.remove() }
        let report = try Site.build(
            BuildOptions(configFile: site.root.appendingPathComponent("site.yml"), check: false)
        )
        #expect(report.check == nil)
        #expect(site.exists("help/index.html"))
    }

    @Test func templateProblemsNameTheLayoutOnce() throws {
        let site = try TestSite(
            [
                "content/_index.md": page("Home"), "content/_index.es.md": page("Inicio"), "content/a.md": page("A"),
                "content/a.es.md": page("A (es)"),
                "content/b.md": page("B"), "content/b.es.md": page("B (es)"),
            ],
            config:
                "base_url: https://example.org/\ntheme: child\nlanguages:\n  en: {name: English, title: T}\n  es: {name: Español, title: T (es)}\n"
        )
        defer { site.remove() }
        try FileManager.default.createDirectory(
            at: site.root.appendingPathComponent("themes"),
            withIntermediateDirectories: true
        )
        try FileManager.default.copyItem(
            at: TestSite.repositoryRoot.appendingPathComponent("themes/default"),
            to: site.root.appendingPathComponent("themes/default")
        )
        try site.write("themes/child/theme.yml", "parent: default\n")
        try site.write(
            "themes/child/layouts/page.mustache",
            "{{<base}}\n{{$content}}\n<h1>{{page.title}}</h1>\n<p><img src=\"https://cdn.example.com/logo.png\" alt=\"Logo\"></p>\n{{/content}}\n{{/base}}\n"
        )
        let found = try checkFindings(site)
        #expect(found.count == 1, "\(found.map(\.checkLine))")
        let privacy = try #require(found.first)
        #expect(
            privacy.rule == "third-party" && privacy.file == "themes/child/layouts/page.mustache" && privacy.line == 4
        )
        #expect(privacy.message.hasSuffix("(on 4 pages, e.g. a/index.html)"))
    }

    @Test func missingTranslationIsAWarningOfTheCheck() throws {
        var files = Self.files
        files["content/help.md"] = page("Help", "Fine.")
        files["content/extra.md"] = page("Extra", "Only in English.")
        let site = try TestSite(files)
        defer { site.remove() }
        let report = try site.build()
        let warnings = report.check?.warnings.map(\.checkLine) ?? []
        #expect(
            warnings == [
                "content/extra.md:1:1: warning: missing-translation: the page has no Español translation (content/extra.es.md)"
            ]
        )
    }

    @Test func theRealSiteHasNoErrors() throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("portal-real-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: output) }
        let report = try Site.build(
            BuildOptions(configFile: TestSite.repositoryRoot.appendingPathComponent("site.yml"), outputOverride: output)
        )
        let check = try #require(report.check)
        #expect(check.errors.isEmpty, "\(check.lines)")
        #expect(check.pagesChecked >= 70)
        // The same folder read back on its own, without the build's source map.
        let standalone = SiteChecker.check(
            folder: output,
            options: CheckOptions(baseURL: "https://peer-portal.example.org/")
        )
        #expect(standalone.errors.isEmpty, "\(standalone.lines)")
    }
}
