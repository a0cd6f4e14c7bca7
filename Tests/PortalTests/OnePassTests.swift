import Foundation
import PortalDiagnostics
import PortalSite
import Testing

/// One build reports every problem it can find: a page whose front matter is wrong is still
/// read for its links, the read-back check runs on what could be built, and the previous site
/// stays as it was, byte for byte.
@Suite struct OnePassTests {
    static let good: [String: String] = [
        "content/_index.md": page("Home", "Hello."),
        "content/_index.es.md": page("Inicio", "Hola."),
        "content/a.md": page("A", "Read [B](b.md)."),
        "content/b.md": page("B", "Back to [A](a.md)."),
    ]

    @Test func everyKindOfProblemInOneBuildAndThePreviousSiteUntouched() throws {
        let site = try TestSite(Self.good)
        defer { site.remove() }
        _ = try site.build()
        let before = site.snapshot()
        #expect(!before.isEmpty)

        // A front matter error and a broken link in one page, a broken link in another, and an
        // image without alt text (found only by the read-back check) in a third.
        try site.write("content/a.md", "---\ntitle: A\nweight: first\n---\n\nRead [gone](nowhere.md).\n")
        try site.write("content/b.md", page("B", "See [missing](missing.md)."))
        try site.write("content/c.md", page("C", "![](photo.png)"))
        try site.writeData("content/photo.png", Data([0x89, 0x50, 0x4E, 0x47]))

        do {
            _ = try site.build()
            Issue.record("the build should fail")
        } catch {
            let build = error.diagnostics.filter { $0.severity == .error }
            #expect(build.contains { $0.file == "content/a.md" && $0.rule == "front-matter" && $0.line == 3 })
            #expect(build.contains { $0.file == "content/a.md" && $0.rule == "broken-link" && $0.line == 6 })
            #expect(build.contains { $0.file == "content/b.md" && $0.rule == "broken-link" })
            let check = try #require(error.check, "the read-back check ran on what was built")
            #expect(check.errors.contains { $0.file == "content/c.md" && $0.rule == "img-alt-empty" && $0.line == 6 })
        }
        #expect(site.snapshot() == before, "public/ is byte-identical to the last good build")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: site.root.path).filter {
            $0.hasPrefix(".public.building")
        }
        #expect(leftovers.isEmpty, "the staging folder is removed")
    }

    @Test func aPageWithoutFrontMatterIsStillReadForLinks() throws {
        var files = Self.good
        files["content/plain.md"] = "# Plain\n\nSee [nothing](nothing.md).\n"
        let site = try TestSite(files)
        defer { site.remove() }
        let found = site.failure()
        #expect(found.contains { $0.file == "content/plain.md" && $0.rule == "front-matter" && $0.line == 1 })
        #expect(found.contains { $0.file == "content/plain.md" && $0.rule == "broken-link" && $0.line == 3 })
    }

    @Test func aMissingTitleIsSaidOnceNotAgainByTheCheck() throws {
        var files = Self.good
        files["content/untitled.md"] = "---\ndescription: No title.\n---\n\nText.\n"
        let site = try TestSite(files)
        defer { site.remove() }
        do {
            _ = try site.build()
            Issue.record("the build should fail")
        } catch {
            #expect(error.diagnostics.contains { $0.file == "content/untitled.md" && $0.rule == "front-matter" })
            let check = error.check?.diagnostics ?? []
            #expect(
                !check.contains { $0.file == "content/untitled.md" && ["title", "heading-empty"].contains($0.rule) }
            )
        }
    }

    @Test func twoPagesAtOneAddressStopBeforeAnythingIsWritten() throws {
        var files = Self.good
        files["content/x.md"] = page("X", extra: "slug: a\n")
        let site = try TestSite(files)
        defer { site.remove() }
        do {
            _ = try site.build()
            Issue.record("the build should fail")
        } catch {
            #expect(error.diagnostics.contains { $0.rule == "duplicate-url" })
            #expect(error.check == nil)
        }
    }
}
