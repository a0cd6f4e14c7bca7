import Foundation
import PortalDiagnostics
import PortalSite
import Testing

/// Every mistake an editor can make comes back as file:line:column with a hint, all at once.
@Suite struct BuildErrorTests {
    func diagnostics(_ files: [String: String], config: String = TestSite.defaultConfig) throws -> [Diagnostic] {
        let site = try TestSite(["content/_index.md": page("Home")].merging(files) { _, new in new }, config: config)
        defer { site.remove() }
        return site.failure()
    }

    @Test func wrongTypeNamesFileLineColumnAndFix() throws {
        let found = try diagnostics([
            "content/self-care/boundaries.md": "---\ntitle: Boundaries\nweight: first\ndescription: x\n---\nText\n"
        ])
        let error = try #require(found.first { $0.rule == "front-matter" })
        #expect(
            error.headline == #"content/self-care/boundaries.md:3:9: error: 'weight' must be a number, found "first""#
        )
        #expect(error.hint.contains("whole number"))
    }

    @Test func reportsEveryErrorInOneRun() throws {
        let found = try diagnostics([
            "content/a.md": "---\ntitle: A\nweight: first\n---\n",
            "content/b.md": "---\ndescription: no title\n---\n",
            "content/c.md": "---\ntitle: C\ndraft: maybe\n---\n",
        ])
        let files = Set(found.filter { $0.severity == .error }.map(\.file))
        #expect(files == ["content/a.md", "content/b.md", "content/c.md"])
    }

    @Test func invalidUTF8() throws {
        let site = try TestSite(["content/_index.md": page("Home")])
        defer { site.remove() }
        try site.writeData(
            "content/bad.md",
            Data("---\ntitle: Bad\n---\nline four \u{00E9}".utf8) + Data([0xFF, 0xFE])
        )
        let error = try #require(site.failure().first { $0.rule == "encoding" })
        #expect(error.file == "content/bad.md" && error.line == 4)
        #expect(error.hint.contains("UTF-8"))
    }

    @Test func malformedYAML() throws {
        let found = try diagnostics(["content/x.md": "---\ntitle: [unclosed\ndescription: d\n---\n"])
        let error = try #require(found.first { $0.rule == "yaml" })
        #expect(error.file == "content/x.md" && error.line >= 2)
    }

    @Test func missingFrontMatter() throws {
        let found = try diagnostics(["content/x.md": "# Just text\n"])
        #expect(found.contains { $0.file == "content/x.md" && $0.line == 1 && $0.rule == "front-matter" })
    }

    /// A warning now (the page falls back to its kind's layout, as in Hugo); --strict fails on it.
    @Test func unknownLayoutPointsAtTheLayoutLine() throws {
        let site = try TestSite([
            "content/_index.md": page("Home"), "content/x.md": "---\ntitle: X\ndescription: d\nlayout: fancy\n---\n",
        ])
        defer { site.remove() }
        let found = site.failure(strict: true)
        let error = try #require(found.first { $0.rule == "unknown-layout" })
        #expect(error.line == 4)
        #expect(error.hint.contains("page"))
    }

    @Test func slugThatEscapesTheOutputFolder() throws {
        let found = try diagnostics(["content/x.md": "---\ntitle: X\ndescription: d\nslug: ../../etc\n---\n"])
        let error = try #require(found.first { $0.rule == "slug" })
        #expect(error.line == 4 && error.message.contains("escape"))
    }

    @Test func twoPagesClaimingOneURL() throws {
        let found = try diagnostics([
            "content/a.md": page("A", extra: "slug: same\n"),
            "content/same.md": page("Same"),
        ])
        #expect(found.contains { $0.rule == "duplicate-url" && $0.message.contains("/same/") })
    }

    @Test func brokenLinkAndAnchorNameTheLine() throws {
        let found = try diagnostics([
            "content/a.md": page("A", "Line one\n\nSee [missing](nope.md) and [anchor](b.md#nowhere)."),
            "content/b.md": page("B", "## Somewhere\n"),
        ])
        let link = try #require(found.first { $0.rule == "broken-link" })
        #expect(link.file == "content/a.md" && link.line == 8 && link.column == 5)
        let anchor = try #require(found.first { $0.rule == "broken-anchor" })
        #expect(anchor.line == 8 && anchor.hint.contains("#somewhere"))
    }

    @Test func linkToADraftSaysSo() throws {
        let found = try diagnostics([
            "content/a.md": page("A", "See [the draft](b.md)."),
            "content/b.md": page("B", extra: "draft: true\n"),
        ])
        let link = try #require(found.first { $0.rule == "broken-link" })
        #expect(link.message.contains("draft") && link.hint.contains("--drafts"))
    }

    @Test func missingPartialAndBrokenTemplate() throws {
        let site = try TestSite(
            ["content/_index.md": page("Home")],
            config: "base_url: https://example.org/\ntheme: child\nlanguages:\n  en: {name: English, title: T}\n"
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
            "{{<base}}\n{{$content}}{{> partials/nope}}{{/content}}\n{{/base}}\n"
        )
        try site.write("themes/child/layouts/section.mustache", "{{#open}}\nnever closed\n")
        let found = site.failure()
        #expect(
            found.contains {
                $0.file == "themes/child/layouts/page.mustache" && $0.line == 2 && $0.message.contains("partials/nope")
            }
        )
        #expect(found.contains { $0.file == "themes/child/layouts/section.mustache" && $0.rule == "template" })
    }

    @Test func missingDescriptionIsAWarningThatFailsOnlyWhenStrict() throws {
        let site = try TestSite(["content/_index.md": "---\ntitle: Home\n---\n"])
        defer { site.remove() }
        let report = try site.build()
        #expect(report.warnings.contains { $0.rule == "missing-description" })
        #expect(site.failure(strict: true).contains { $0.rule == "missing-description" })
    }
}
