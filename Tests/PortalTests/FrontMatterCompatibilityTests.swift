import Foundation
import PortalDiagnostics
import PortalSite
import Testing

/// Front matter as sites migrated from Hugo write it: typos get "did you mean", empty keys mean
/// "not set", a key written twice names both lines.
@Suite struct FrontMatterCompatibilityTests {
    static let home = [
        "content/_index.md": "---\ntitle: Home\ndescription: Home.\n---\n\nHi.\n",
        "content/_index.es.md": "---\ntitle: Inicio\ndescription: Inicio.\n---\n\nHola.\n",
    ]

    func diagnostics(_ page: String) throws -> [Diagnostic] {
        var files = Self.home
        files["content/a.md"] = page
        let site = try TestSite(files)
        defer { site.remove() }
        do {
            return try site.build().diagnostics
        } catch {
            return error.diagnostics
        }
    }

    @Test func aMisspeltKeyIsAWarningThatSaysWhichWasMeant() throws {
        let found = try diagnostics(
            "---\ntitle: A\ndescripton: What it is.\nmenu_titel: A\nmy_theme_colour: blue\n---\n\nText.\n"
        )
        let typos = found.filter { $0.message.hasPrefix("unknown key") }
        #expect(
            typos.map(\.message) == [
                "unknown key 'descripton': did you mean 'description'?",
                "unknown key 'menu_titel': did you mean 'menu_title'?",
            ]
        )
        #expect(typos.allSatisfy { $0.severity == .warning && $0.file == "content/a.md" })
        #expect(typos.map(\.line) == [3, 4])
    }

    @Test func emptyKeysAreAsIfNotWritten() throws {
        let found = try diagnostics(
            "---\ntitle: A\ndescription: A page.\nweight:\nslug:\naliases:\nlayout:\n---\n\nText.\n"
        )
        #expect(!found.contains { $0.severity == .error }, "\(found.map(\.formatted))")
    }

    @Test func aKeyWrittenTwiceNamesBothLines() throws {
        let found = try diagnostics("---\ntitle: A\ndescription: One.\nweight: 2\ndescription: Two.\n---\n\nText.\n")
        let duplicate = try #require(found.first { $0.message.contains("written twice") })
        #expect(duplicate.message == "the key 'description' is written twice (lines 3 and 5)", "\(duplicate.message)")
        #expect(duplicate.line == 3)
    }

    @Test func expiredPagesAreLeftOutUnlessAskedForAndLinksToThemSaySo() throws {
        var files = Self.home
        files["content/old.md"] = "---\ntitle: Old\ndescription: Old.\nexpirydate: 2020-01-01\n---\n\nGone.\n"
        files["content/new.md"] =
            "---\ntitle: New\ndescription: New.\nexpiryDate: 2099-01-01\n---\n\nSee [old](old.md).\n"
        let site = try TestSite(files)
        defer { site.remove() }
        let problems = site.failure()
        let link = try #require(problems.first { $0.rule == "broken-link" })
        #expect(link.message.contains("expirydate has passed") && link.hint.contains("--expired"))
        try site.write("content/new.md", "---\ntitle: New\ndescription: New.\nexpiryDate: 2099-01-01\n---\n\nNew.\n")
        _ = try site.build()
        #expect(!site.exists("old/index.html") && site.exists("new/index.html"))
        var options = BuildOptions(configFile: site.root.appendingPathComponent("site.yml"))
        options.includeExpired = true
        _ = try Site.build(options)
        #expect(site.exists("old/index.html"))
    }

    /// Written as a site path, a section link or a named link in site.yml, it says "expired"
    /// too, not "does not exist".
    @Test func everyKindOfLinkToAnExpiredPageSaysItExpired() throws {
        var files = Self.home
        files["content/old.md"] = "---\ntitle: Old\ndescription: Old.\nexpirydate: 2020-01-01\n---\n\nGone.\n"
        files["content/news/_index.md"] = "---\ntitle: News\ndescription: N.\nexpirydate: 2020-01-01\n---\n"
        files["content/new.md"] = page("New", "See [old](/old/) and [news](news/).")
        let site = try TestSite(files, config: TestSite.defaultConfig + "links:\n  archive: old.md\n")
        defer { site.remove() }
        let links = site.failure().filter { $0.rule == "broken-link" }
        #expect(links.count == 3, "\(links.map(\.formatted))")
        #expect(links.allSatisfy { $0.message.contains("expirydate has passed") }, "\(links.map(\.formatted))")
        #expect(links.allSatisfy { $0.hint.contains("--expired") })
    }

    @Test func aLayoutTheThemeLacksFallsBackWithAWarning() throws {
        let found = try diagnostics("---\ntitle: A\ndescription: A page.\nlayout: fancy\n---\n\nText.\n")
        let warning = try #require(found.first { $0.rule == "unknown-layout" })
        #expect(warning.severity == .warning && warning.line == 4 && warning.message.contains("uses the 'page' layout"))
        #expect(!found.contains { $0.severity == .error })
    }

    @Test func anAliasThatCollidesIsAWarningAndThePageOrTheFirstAliasWins() throws {
        var files = Self.home
        files["content/a.md"] = "---\ntitle: A\ndescription: A.\naliases: [/b/, /old/]\n---\n\nA.\n"
        files["content/b.md"] = "---\ntitle: B\ndescription: B.\naliases: [/old/]\n---\n\nB.\n"
        let site = try TestSite(files)
        defer { site.remove() }
        let report = try site.build()
        let warnings = report.diagnostics.filter { $0.rule == "alias-collision" }
        #expect(warnings.count == 2 && warnings.allSatisfy { $0.severity == .warning })
        #expect(site.read("b/index.html")?.contains("http-equiv=\"refresh\"") == false, "the page wins")
        #expect(site.read("old/index.html")?.contains("../a/") == true, "the first alias wins")
    }

    @Test func aRootRelativeLinkToAStaticFileResolvesRelativeToThePage() throws {
        var files = Self.home
        files["static/images/figure.png"] = "png"
        files["content/guide/a.md"] = "---\ntitle: A\ndescription: A.\n---\n\n![A figure](/images/figure.png)\n"
        let site = try TestSite(files)
        defer { site.remove() }
        _ = try site.build(baseURL: "https://example.org/peer/")
        #expect(site.read("guide/a/index.html")?.contains("src=\"../../images/figure.png\"") == true)
    }
}
