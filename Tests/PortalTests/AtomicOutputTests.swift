import Foundation
import PortalSite
import Testing

/// A failed build leaves the previous site exactly as it was.
@Suite(.serialized) struct AtomicOutputTests {
    @Test func contentErrorLeavesPreviousSiteUntouched() throws {
        let site = try TestSite(SiteBuildTests.files)
        defer { site.remove() }
        _ = try site.build()
        let before = site.snapshot()
        try site.write("content/self-care/balance.md", "---\ntitle: Balance\nweight: heavy\n---\n")
        #expect(!site.failure().isEmpty)
        #expect(site.snapshot() == before)
    }

    @Test func diskErrorHalfwayLeavesPreviousSiteUntouched() throws {
        let site = try TestSite(SiteBuildTests.files)
        defer { site.remove() }
        _ = try site.build()
        let before = site.snapshot()
        try site.write("content/self-care/balance.md", page("Balance changed"))
        #expect(site.failure(diskFullAfter: 4).contains { $0.rule == "write" })
        #expect(site.snapshot() == before)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: site.root.path).filter {
            $0.hasPrefix(".public")
        }
        #expect(leftovers.isEmpty)
    }

    @Test func strictWarningsLeavePreviousSiteUntouched() throws {
        let site = try TestSite(SiteBuildTests.files)
        defer { site.remove() }
        _ = try site.build()
        let before = site.snapshot()
        try site.write("content/self-care/balance.md", "---\ntitle: Balance changed\n---\n")
        #expect(site.failure(strict: true).contains { $0.rule == "missing-description" })
        #expect(site.snapshot() == before)
    }

    @Test func previousSiteIsKeptAsideUntilTheNextBuild() throws {
        let site = try TestSite(SiteBuildTests.files)
        defer { site.remove() }
        _ = try site.build()
        let first = site.snapshot()
        try site.write("content/self-care/balance.md", page("Balance, second"))
        _ = try site.build()
        let previous = site.root.appendingPathComponent(".public.previous")
        let kept = try String(
            contentsOf: previous.appendingPathComponent("self-care/balance/index.html"),
            encoding: .utf8
        )
        #expect(first["self-care/balance/index.html"] == Data(kept.utf8))
        _ = try site.build()
        let entries = try FileManager.default.contentsOfDirectory(atPath: site.root.path).filter {
            $0.hasPrefix(".public")
        }
        #expect(entries == [".public.previous"])
    }

    @Test func reusedFoldersGiveTheSameSiteAsAFreshBuild() throws {
        let site = try TestSite(SiteBuildTests.files)
        defer { site.remove() }
        _ = try site.build()
        _ = try site.build()
        // The site before last is reused as the next build's folder: a page removed since, and a
        // page that became a folder, must not survive in it.
        try FileManager.default.removeItem(at: site.root.appendingPathComponent("content/self-care/nested/deep.md"))
        try site.write(
            "content/self-care/boundaries.md",
            page("Boundaries", "## Say no kindly\n\n## Scripts\n\n## Sources\n")
        )
        _ = try site.build()
        let reused = site.snapshot()
        #expect(reused["self-care/nested/deep/index.html"] == nil)
        let fresh = try TestSite(SiteBuildTests.files)
        defer { fresh.remove() }
        try FileManager.default.removeItem(at: fresh.root.appendingPathComponent("content/self-care/nested/deep.md"))
        try fresh.write(
            "content/self-care/boundaries.md",
            page("Boundaries", "## Say no kindly\n\n## Scripts\n\n## Sources\n")
        )
        // A fresh site has a different folder name in nothing but its path, so compare bytes.
        _ = try fresh.build()
        #expect(reused == fresh.snapshot())
    }
    /// A reused folder keeps the files that come out the same: not rewritten, they keep their
    /// modification time (deploy tools that compare times skip them). A file whose bytes changed
    /// but not its length is rewritten all the same.
    @Test func unchangedFilesAreNotRewritten() throws {
        let site = try TestSite(SiteBuildTests.files)
        defer { site.remove() }
        let output = site.root.appendingPathComponent("public")
        func modified(_ path: String) throws -> Date? {
            try FileManager.default.attributesOfItem(atPath: output.appendingPathComponent(path).path)[
                .modificationDate
            ] as? Date
        }
        _ = try site.build()
        let unchanged = "self-care/boundaries/index.html"
        let changed = "self-care/balance/index.html"
        let firstChanged = try #require(site.snapshot()[changed])
        Thread.sleep(forTimeInterval: 0.05)
        _ = try site.build()
        let publishedTime = try modified(unchanged)  // the second build wrote a new folder
        Thread.sleep(forTimeInterval: 0.1)  // past the file system's clock granularity
        // Same length, other words: only a byte comparison tells the files apart.
        let before = try String(
            contentsOf: site.root.appendingPathComponent("content/self-care/balance.md"),
            encoding: .utf8
        )
        try site.write("content/self-care/balance.md", before.replacingOccurrences(of: "Back to", with: "Bxck to"))
        _ = try site.build()  // writes into the first build's folder
        #expect(try modified(unchanged) == publishedTime)
        let rewritten = try #require(site.snapshot()[changed])
        #expect(rewritten.count == firstChanged.count && rewritten != firstChanged)
        #expect(String(decoding: rewritten, as: UTF8.self).contains("Bxck to"))
    }
    /// The reused folder is the site before last, which a deployer may have linked elsewhere:
    /// a build writes new files in its place, never through a hard or symbolic link.
    @Test func linksInTheReusedFolderAreNotWrittenThrough() throws {
        let site = try TestSite(SiteBuildTests.files)
        defer { site.remove() }
        let outside = site.root.appendingPathComponent("outside")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        _ = try site.build()
        _ = try site.build()
        // `.public.previous` is now the first build, which the next build reuses.
        let previous = site.root.appendingPathComponent(".public.previous")
        let hardLinked = previous.appendingPathComponent("self-care/balance/index.html")
        let backup = outside.appendingPathComponent("backup.html")
        try FileManager.default.linkItem(at: hardLinked, to: backup)
        let backupBytes = try Data(contentsOf: backup)
        let symbolic = previous.appendingPathComponent("self-care/boundaries/index.html")
        let target = outside.appendingPathComponent("target.html")
        try Data("outside".utf8).write(to: target)
        try FileManager.default.removeItem(at: symbolic)
        try FileManager.default.createSymbolicLink(at: symbolic, withDestinationURL: target)
        let folderLink = previous.appendingPathComponent("self-care/nested")
        let elsewhere = outside.appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        try FileManager.default.removeItem(at: folderLink)
        try FileManager.default.createSymbolicLink(at: folderLink, withDestinationURL: elsewhere)
        let text = try String(
            contentsOf: site.root.appendingPathComponent("content/self-care/balance.md"),
            encoding: .utf8
        )
        try site.write("content/self-care/balance.md", text.replacingOccurrences(of: "Back to", with: "Return to"))
        _ = try site.build()

        #expect(try Data(contentsOf: backup) == backupBytes)
        #expect(try String(contentsOf: target, encoding: .utf8) == "outside")
        #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere.path).isEmpty)
        let fresh = try TestSite(SiteBuildTests.files)
        defer { fresh.remove() }
        try fresh.write("content/self-care/balance.md", text.replacingOccurrences(of: "Back to", with: "Return to"))
        _ = try fresh.build()
        #expect(site.snapshot() == fresh.snapshot())
        let output = site.root.appendingPathComponent("public")
        for path in ["self-care/boundaries/index.html", "self-care/nested"] {
            let kind =
                try FileManager.default.attributesOfItem(atPath: output.appendingPathComponent(path).path)[.type]
                as? FileAttributeType
            #expect(kind != .typeSymbolicLink, "\(path)")
        }
    }
    /// The reused folder is the site before last. A page that changes and then changes back comes
    /// out with the same bytes as there, but it differs from the site published in between: it
    /// must not keep the older time (`aws s3 sync` uploads only files newer than its copy). A page
    /// that did not change keeps the published copy's time.
    @Test func aPageChangedAndChangedBackLooksNewer() throws {
        let site = try TestSite(SiteBuildTests.files)
        defer { site.remove() }
        let output = site.root.appendingPathComponent("public")
        func modified(_ path: String) throws -> Date {
            try #require(
                FileManager.default.attributesOfItem(atPath: output.appendingPathComponent(path).path)[
                    .modificationDate
                ] as? Date
            )
        }
        let source = "content/self-care/balance.md"
        let original = try String(contentsOf: site.root.appendingPathComponent(source), encoding: .utf8)
        _ = try site.build()
        Thread.sleep(forTimeInterval: 0.05)
        try site.write(source, original.replacingOccurrences(of: "Back to", with: "Bxck to"))
        _ = try site.build()
        let changed = try modified("self-care/balance/index.html")
        let untouched = try modified("self-care/boundaries/index.html")
        Thread.sleep(forTimeInterval: 0.05)
        try site.write(source, original)
        _ = try site.build()  // the first build's folder, whose balance page has these bytes again
        #expect(try modified("self-care/balance/index.html") > changed)
        #expect(
            String(decoding: try #require(site.snapshot()["self-care/balance/index.html"]), as: UTF8.self).contains(
                "Back to"
            )
        )
        #expect(try modified("self-care/boundaries/index.html") == untouched)
        // One more build without a change: the balance page is rewritten (the folder it reuses
        // has the other words) but has the published bytes, so it keeps the published time.
        let published = try modified("self-care/balance/index.html")
        Thread.sleep(forTimeInterval: 0.05)
        _ = try site.build()
        #expect(try modified("self-care/balance/index.html") == published)
        #expect(try modified("self-care/boundaries/index.html") == untouched)
    }
}
