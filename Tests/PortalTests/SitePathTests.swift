import Foundation
import PortalSupport
import Testing

@testable import PortalSite

/// Link paths are split and joined as bytes; these compare them with the plain string versions
/// they replaced, on seeded generated paths.
@Suite struct SitePathTests {
    static func referenceResolve(_ path: String, against folder: String) -> String? {
        var parts = folder.split(separator: "/").map(String.init)
        for component in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch component {
            case ".": continue
            case "..":
                if parts.isEmpty { return nil }
                parts.removeLast()
            default: parts.append(String(component))
            }
        }
        return parts.joined(separator: "/")
    }

    static func referenceSplit(_ destination: String) -> (path: String, query: String?, fragment: String?) {
        var rest = Substring(destination)
        var fragment: String?
        if let hash = rest.firstIndex(of: "#") {
            fragment = String(rest[rest.index(after: hash)...])
            rest = rest[..<hash]
        }
        var query: String?
        if let mark = rest.firstIndex(of: "?") {
            query = String(rest[rest.index(after: mark)...])
            rest = rest[..<mark]
        }
        return (LinkResolver.decodingPercents(String(rest)), query, fragment)
    }

    /// Paths made of the pieces that matter: slashes, dots, `?`, `#`, `%20`, accents.
    static func paths(count: Int) -> [String] {
        let pieces = [
            "/", "/", ".", "..", "a", "self-care", "b.md", "ñ", "é", "?", "#", "%20", "x=1", "_index.md", "../", "./",
        ]
        var seed: UInt64 = 11
        func next(_ bound: Int) -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(seed >> 33) % bound
        }
        return (0..<count).map { _ in (0..<next(9)).map { _ in pieces[next(pieces.count)] }.joined() }
    }

    @Test func resolveMatchesTheStringVersion() {
        let folders = ["", "a", "a/b", "es/self-care", "/a//b/", "señal"]
        for path in Self.paths(count: 3_000) {
            for folder in folders {
                #expect(
                    SitePath.resolve(path, against: folder) == Self.referenceResolve(path, against: folder),
                    "\(path) in \(folder)"
                )
            }
        }
        #expect(SitePath.resolve("../c.md", against: "a/b") == "a/c.md")
        #expect(SitePath.resolve("../../../c.md", against: "a/b") == nil)
        #expect(SitePath.resolve("./x/../y.md", against: "") == "y.md")
    }

    @Test func splitMatchesTheStringVersion() {
        for destination in Self.paths(count: 3_000) {
            let split = LinkResolver.split(destination)
            let reference = Self.referenceSplit(destination)
            #expect(
                split.path == reference.path && split.query == reference.query && split.fragment == reference.fragment,
                "\(destination)"
            )
        }
        let split = LinkResolver.split("../a%20b.md?x=1#top?no")
        #expect(split.path == "../a b.md" && split.query == "x=1" && split.fragment == "top?no")
    }

    /// Where bytes and Characters part ways: a separator followed by a combining mark. As in a
    /// URL, the separator counts (the string versions saw one Character and no separator).
    @Test func aCombiningMarkAfterASeparatorLeavesItASeparator() {
        #expect(SitePath.resolve("a/\u{301}b.md", against: "") == "a/\u{301}b.md")
        #expect(SitePath.resolve("../\u{301}x", against: "s") == "\u{301}x")
        let split = LinkResolver.split("page.md#\u{301}top")
        #expect(split.path == "page.md" && split.fragment == "\u{301}top")
    }
}

/// Removing a folder tree (a crashed build's staging folder, a folder where a file must go)
/// removes a link inside it, never what the link leads to.
@Suite struct RemoveTreeTests {
    @Test func linksAreRemovedNotFollowed() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("portal-remove-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let tree = root.appendingPathComponent("tree")
        let outside = root.appendingPathComponent("outside")
        try FileManager.default.createDirectory(
            at: tree.appendingPathComponent("a/.hidden"),
            withIntermediateDirectories: true
        )
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        try Data("keep".utf8).write(to: outside.appendingPathComponent("keep.txt"))
        try Data("x".utf8).write(to: tree.appendingPathComponent("a/.hidden/x.html"))
        try FileManager.default.createSymbolicLink(
            at: tree.appendingPathComponent("a/link"),
            withDestinationURL: outside
        )
        #expect(
            Set(FileTree.children(of: tree.appendingPathComponent("a").path).map { "\($0.name) \($0.kind)" }) == [
                ".hidden folder", "link link",
            ]
        )
        OutputWriter.removeTree(tree.path)
        #expect(!FileManager.default.fileExists(atPath: tree.path))
        #expect(try String(contentsOf: outside.appendingPathComponent("keep.txt"), encoding: .utf8) == "keep")
        // A link given as the tree itself is removed too, not emptied.
        let link = root.appendingPathComponent("link")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: outside)
        OutputWriter.removeTree(link.path)
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: link.path)) == nil)
        #expect(FileManager.default.fileExists(atPath: outside.appendingPathComponent("keep.txt").path))
    }
}
