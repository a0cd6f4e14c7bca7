import Foundation
import PortalSite
import Testing

@testable import PortalCheck

/// The checker keeps each page's scan and reuses it while the page's bytes, the site's file list
/// and its address stay the same: a reused scan must report exactly what a new one would.
@Suite struct CheckCacheTests {
    /// Pages that give every kind of result a scan keeps: findings, ids that other pages link to,
    /// links to other pages' fragments, titles (one shared), a redirect, and an external link.
    static let files: [String: String] = [
        "index.html": CheckFolder.page(
            title: "Home",
            body: """
                <p><a href="guide/#steps">steps</a> <a href="guide/#gone">gone</a> <a href="nowhere/">lost</a></p>
                <p><a href="notes.txt">notes</a> <a href="https://example.net/">elsewhere</a> <img src="photo.png"></p>
                <h2 id="twice">One</h2><h2 id="twice">Two</h2>
                """
        ),
        "guide/index.html": CheckFolder.page(
            title: "Guide",
            body: "<h2 id=\"steps\">Steps</h2><p><a href=\"#nope\">here</a></p>"
        ),
        "copy/index.html": CheckFolder.page(title: "Guide", body: "<p>Same title as the guide.</p>"),
        "old/index.html": """
        <!DOCTYPE html><html lang="en"><head><title>Moved</title>
        <meta http-equiv="refresh" content="0; url=../missing/"></head><body><h1>Moved</h1></body></html>
        """,
        "notes.txt": "notes",
        "photo.png": "png",
    ]

    func options(_ cache: URL?, base: String = "https://example.org/") -> CheckOptions {
        CheckOptions(baseURL: base, cacheFile: cache)
    }

    @Test func reusedScansReportWhatNewScansDo() throws {
        let folder = try CheckFolder(Self.files)
        defer { folder.remove() }
        let cache = folder.cacheFile
        let fresh = folder.check(options(nil))
        let first = folder.check(options(cache))
        let second = folder.check(options(cache))

        #expect(fresh.lines.count >= 8, "\(fresh.lines)")
        for rule in [
            "link-fragment", "link-target", "img-alt", "duplicate-id", "title-unique", "redirect-target",
            "link-text-vague",
        ] {
            #expect(fresh.diagnostics.contains { $0.rule == rule }, "\(rule): \(fresh.lines)")
        }
        #expect(first.pagesReused == 0)
        #expect(first.lines == fresh.lines)
        #expect(second.pagesReused == 4)
        #expect(second.lines == fresh.lines)
        #expect(second.reuseNote == " (4 unchanged since the last check)")
        #expect(FileManager.default.fileExists(atPath: cache.path))
    }

    @Test func aChangedPageIsScannedAgain() throws {
        let folder = try CheckFolder(Self.files)
        defer { folder.remove() }
        let cache = folder.cacheFile
        _ = folder.check(options(cache))
        // Same length, one attribute gone: the alt text goes missing.
        try folder.write(
            "guide/index.html",
            CheckFolder.page(title: "Guide", body: "<h2 id=\"steps\">Steps</h2><p><img src=\"../photo.png\"></p>")
        )
        let report = folder.check(options(cache))
        #expect(report.pagesReused == 3)
        #expect(
            report.diagnostics.contains { $0.rule == "img-alt" && $0.file == "guide/index.html" },
            "\(report.lines)"
        )
        #expect(report.lines == folder.check(options(nil)).lines)
    }

    /// A page that did not change still links to a file that is gone: every link is resolved
    /// against the file list, so a different list means no page's scan is reused.
    @Test func aFileRenamedAwayIsFoundMissingFromUnchangedPages() throws {
        let folder = try CheckFolder(Self.files)
        defer { folder.remove() }
        let cache = folder.cacheFile
        _ = folder.check(options(cache))
        let before = folder.check(options(cache))
        #expect(before.pagesReused == 4)
        #expect(!before.lines.contains { $0.contains("notes.txt") })
        // Renamed, not deleted: the site has as many files as before.
        try FileManager.default.moveItem(
            at: folder.root.appendingPathComponent("notes.txt"),
            to: folder.root.appendingPathComponent("notes-old.txt")
        )
        let after = folder.check(options(cache))
        #expect(after.pagesReused == 0)
        #expect(
            after.diagnostics.contains { $0.rule == "link-target" && $0.message.contains("notes.txt") },
            "\(after.lines)"
        )
    }

    /// Whether `https://example.org/peer/...` is inside the site depends on the site's address.
    @Test func anotherAddressScansAgain() throws {
        let body = "<p><a href=\"https://example.org/peer/missing/\">a page of the site that is not there</a></p>"
        let folder = try CheckFolder(["index.html": CheckFolder.page(body: body)])
        defer { folder.remove() }
        let cache = folder.cacheFile
        _ = folder.check(options(cache, base: "https://example.org/peer/"))
        let inside = folder.check(options(cache, base: "https://example.org/peer/"))
        #expect(inside.pagesReused == 1)
        #expect(inside.diagnostics.contains { $0.rule == "link-target" }, "\(inside.lines)")
        let outside = folder.check(options(cache, base: "https://example.com/"))
        #expect(outside.pagesReused == 0)
        #expect(outside.diagnostics.isEmpty, "\(outside.lines)")
    }

    /// Cut short, one byte changed inside (the guide's title, which would hide `title-unique`),
    /// empty, or not a cache at all: ignored, and replaced by a good one.
    @Test func aDamagedCacheIsIgnoredAndReplaced() throws {
        let folder = try CheckFolder(Self.files)
        defer { folder.remove() }
        let cache = folder.cacheFile
        let expected = folder.check(options(nil)).lines
        _ = folder.check(options(cache))
        let good = try [UInt8](Data(contentsOf: cache))
        let title = Array("Guide".utf8)
        let at = try #require(Self.firstOffset(of: title, in: good))
        var changed = good
        changed[at] ^= 0x20
        for damage in [Array(good.prefix(good.count / 2)), changed, [], Array("not a cache".utf8)] {
            try Data(damage).write(to: cache)
            let report = folder.check(options(cache))
            #expect(report.pagesReused == 0)
            #expect(report.lines == expected)
            #expect(try Data(contentsOf: cache) == Data(good), "the damaged cache was replaced")
            #expect(folder.check(options(cache)).pagesReused == 4)
        }
    }

    static func firstOffset(of needle: [UInt8], in bytes: [UInt8]) -> Int? {
        (0...(bytes.count - needle.count)).first { bytes[$0..<($0 + needle.count)].elementsEqual(needle) }
    }

    /// A check that reused every page leaves the file alone (same inode: not even replaced).
    @Test func aCheckThatChangedNothingDoesNotWrite() throws {
        let folder = try CheckFolder(Self.files)
        defer { folder.remove() }
        _ = folder.check(options(folder.cacheFile))
        let before = try FileManager.default.attributesOfItem(atPath: folder.cacheFile.path)[.systemFileNumber] as? Int
        #expect(folder.check(options(folder.cacheFile)).pagesReused == 4)
        let after = try FileManager.default.attributesOfItem(atPath: folder.cacheFile.path)[.systemFileNumber] as? Int
        #expect(before != nil && before == after)
    }

    /// `public/README.md` is kept by every build: the build checks its staging folder with it, so
    /// that `portal check` on `public/` sees the same files and reuses the build's results.
    @Test func buildAndCheckShareResultsWithAHandWrittenReadme() async throws {
        let site = try TestSite([
            "content/_index.md": page("Home", "Hello."),
            "content/_index.es.md": page("Inicio", "Hola."),
        ])
        defer { site.remove() }
        // All through the `portal` binary: results are only shared by runs of the same binary.
        let portal = CommandLineTests()
        _ = try await portal.portal(["build"], in: site.root)
        try site.write("public/README.md", "This folder is generated by portal build.\n")
        let built = try await portal.portal(["build"], in: site.root)
        #expect(built.stderr.contains("Checked 4 pages: 0 errors, 0 warnings in "), "\(built.stderr)")
        #expect(site.read("README.md") == "This folder is generated by portal build.\n")
        let checked = try await portal.portal(["check"], in: site.root)
        #expect(checked.stdout == "Checked 4 pages: 0 errors, 0 warnings (4 unchanged since the last check)\n")
        let again = try await portal.portal(["build"], in: site.root)
        #expect(again.stderr.contains(" s (4 unchanged since the last check)\n"), "\(again.stderr)")
        let fresh = try await portal.portal(["build", "--no-cache"], in: site.root)
        #expect(fresh.stderr.contains("Checked 4 pages: 0 errors, 0 warnings in "), "\(fresh.stderr)")
        #expect(!fresh.stderr.contains("unchanged since the last check"), "\(fresh.stderr)")
    }

    /// `portal build` keeps the cache beside `site.yml`; a second build reuses it and reports
    /// the same; `--no-cache` checks every page again.
    @Test func theBuildReusesResultsOfUnchangedPages() throws {
        let site = try TestSite([
            "content/_index.md": page("Home", "Read [the guide](guide.md#steps).\n\nOr [click here](guide.md)."),
            "content/guide.md": page("Guide", "## Steps\n\nOne, then two."),
            "content/_index.es.md": page("Inicio", "Lea [la guía](guide.es.md#pasos)."),
            "content/guide.es.md": page("Guía", "## Pasos\n\nUno, luego dos."),
        ])
        defer { site.remove() }
        let first = try site.build()
        #expect(first.check?.pagesReused == 0)
        #expect(FileManager.default.fileExists(atPath: site.root.appendingPathComponent(".cache/check-pages.bin").path))
        let second = try site.build()
        let pages = try #require(second.check?.pagesChecked)
        #expect(second.check?.pagesReused == pages)
        // The vague link's warning names its Markdown line from a reused scan too.
        #expect(
            first.check?.lines.contains { $0.hasPrefix("content/_index.md:") && $0.contains("link-text-vague") } == true
        )
        #expect(second.check?.lines == first.check?.lines)

        try site.write("content/guide.md", page("Guide", "## Steps\n\nOne, then two, then three."))
        let edited = try site.build()
        #expect(edited.check?.pagesReused == pages - 1, "only the guide's page changed")

        var options = BuildOptions(
            configFile: site.root.appendingPathComponent("site.yml"),
            today: .init(year: 2026, month: 11, day: 24)
        )
        options.reuseCheckResults = false
        #expect(try Site.build(options).check?.pagesReused == 0)
    }
}

/// The cache file's format, field by field.
@Suite struct ScanCacheCodingTests {
    /// A scan with every field set (and every flag true), as the file must keep it.
    static func fullScan() throws -> ScannedPage {
        var page = ScannedPage(path: "guía/index.html")
        page.anchors = ["steps", "pasos-1"]
        page.references = [
            Reference(
                address: "../b/#x",
                line: 3,
                column: 4,
                clues: ["../b/#x", "[words]"],
                target: "b/index.html",
                fragment: "x"
            )
        ]
        page.external = [
            ExternalReference(
                url: try #require(URL(string: "https://example.net/a?b=c")),
                file: "guía/index.html",
                line: 9,
                column: 2,
                clues: ["x"]
            )
        ]
        page.title = "Guía — pasos"
        page.titleLine = 7
        page.isRedirect = true
        page.isNoIndex = true
        var finding = CheckFinding(
            .warning,
            file: "guía/index.html",
            line: -3,
            column: 300,
            rule: "img-alt",
            message: "the image",
            hint: "describe it",
            clues: ["a.png"],
            sourced: true
        )
        finding.frontMatterKey = "title"
        finding.elementID = "tips-tricks"
        page.findings = [finding]
        page.bodyLines = 5...9
        page.readable = false
        return page
    }

    @Test func everyFieldSurvivesTheFile() throws {
        let page = try Self.fullScan()
        // A field added to a scan later keeps its default here until this test sets it, and then
        // must be written: every field differs from a new scan's, and nothing inside is empty.
        let fresh = Mirror(reflecting: ScannedPage(path: "")).children.map { String(describing: $0.value) }
        for (field, value) in zip(Mirror(reflecting: page).children, fresh) {
            #expect(String(describing: field.value) != value, "\(field.label ?? "?") is not set")
        }
        #expect(
            Self.unset(page.references, "references") + Self.unset(page.external, "external")
                + Self.unset(page.findings, "findings") == []
        )
        var writer = ScanCacheWriter()
        page.write(to: &writer)
        var reader = ScanCacheReader(writer.bytes)
        let read = try ScannedPage(reading: &reader)
        #expect(reader.atEnd)
        var expected = page
        expected.bodyLines = nil
        #expect(read == expected)
    }

    @Test func aCutFileIsDamagedNotACrash() throws {
        var writer = ScanCacheWriter()
        try Self.fullScan().write(to: &writer)
        for length in 0..<writer.bytes.count {
            var reader = ScanCacheReader(Array(writer.bytes.prefix(length)))
            #expect(throws: ScanCacheReader.Damaged.self) { try ScannedPage(reading: &reader) }
        }
    }

    @Test func numbersOfEverySize() throws {
        let numbers = [0, 1, -1, 63, -64, 64, 127, 128, 300, -300, 1 << 40, Int.max, Int.min]
        var writer = ScanCacheWriter()
        for number in numbers { writer.int(number) }
        var reader = ScanCacheReader(writer.bytes)
        for number in numbers { #expect(try reader.int() == number) }
        #expect(reader.atEnd)
    }

    /// Names of fields that hold an empty, zero, false or nil value.
    static func unset(_ value: Any, _ name: String) -> [String] {
        switch value {
        case let text as String: return text.isEmpty ? [name] : []
        case let number as Int: return number == 0 ? [name] : []
        case let flag as Bool: return flag ? [] : [name]
        case let url as URL: return url.absoluteString.isEmpty ? [name] : []
        default: break
        }
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .optional:
            guard let wrapped = mirror.children.first else { return [name] }
            return unset(wrapped.value, name)
        case .collection, .set:
            return mirror.children.isEmpty ? [name] : mirror.children.flatMap { unset($0.value, name + "[]") }
        case .struct:
            return mirror.children.flatMap { unset($0.value, name + "." + ($0.label ?? "?")) }
        default:
            return []
        }
    }
}

extension CheckFolder {
    /// A hidden file inside the folder: the checker lists no hidden files, so it is not part of the site.
    var cacheFile: URL { root.appendingPathComponent(".cache/check-pages.bin") }
}
