import Foundation
import PortalDiagnostics
import PortalSite
import Testing

/// Addresses the build writes something else at: a page there would be overwritten, or would race
/// a list page for one file (the output then changed from build to build), so the build refuses
/// it before writing anything; an alias there is not written.
@Suite struct ReservedAddressTests {
    static let home = HugoListTests.home

    @Test func aPageAtAListsSecondPageStopsTheBuildAndAnAliasThereIsNotWritten() throws {
        var files = Self.home
        files["content/guide/_index.md"] = page("Guide", "All.", extra: "paginate: 1\n")
        for n in 1...3 { files["content/guide/g\(n).md"] = page("G\(n)", "Text.", extra: "weight: \(n)\n") }
        files["content/other.md"] = page("Other", "Text.", extra: "url: /guide/page/2/\n")
        let site = try TestSite(files)
        defer { site.remove() }
        let problems = site.failure().filter { $0.rule == "duplicate-url" }
        #expect(problems.count == 1)
        #expect(problems.first?.file == "content/other.md" && problems.first?.line == 4, "\(problems)")
        #expect(problems.first?.message.contains("content/guide/_index.md") == true)
        #expect(!site.exists("guide/index.html"), "nothing is written")

        files["content/other.md"] = page("Other", "Text.", extra: "aliases: [/guide/page/3/]\n")
        let second = try TestSite(files)
        defer { second.remove() }
        let report = try second.build()
        #expect(report.diagnostics.contains { $0.rule == "alias-collision" && $0.file == "content/other.md" })
        #expect(second.read("guide/page/3/index.html")?.contains(">G3</a>") == true, "the list page stays")
    }

    @Test func aPageWhereTheBuildWritesItsOwnFilesIsRefused() throws {
        for address in ["/search-index/en.json/", "/sitemap.xml/", "/es/404.html/", "/assets/x/"] {
            var files = Self.home
            files["content/p.md"] = page("P", "Text.", extra: "url: \(address)\n")
            let site = try TestSite(files)
            defer { site.remove() }
            let problems = site.failure().filter { $0.rule == "duplicate-url" || $0.rule == "url" }
            #expect(problems.count == 1 && problems.first?.file == "content/p.md", "\(address): \(problems)")
        }
    }

    @Test func aTaxonomyCannotTakeALanguagesAddress() throws {
        let site = try TestSite(Self.home, config: TestSite.defaultConfig + "taxonomies: {e: es}\n")
        defer { site.remove() }
        let problems = site.failure()
        #expect(problems.contains { $0.rule == "config" && $0.message.contains("a language's pages") }, "\(problems)")
    }

    @Test func thirdPartyRequestsCannotBeSwitchedOff() throws {
        let site = try TestSite(Self.home, config: TestSite.defaultConfig + "check:\n  rules:\n    third-party: off\n")
        defer { site.remove() }
        #expect(site.failure().contains { $0.message.contains("third-party") }, "the setting is refused")
    }
}
