import Foundation
import PortalSupport

/// The files of a built site, listed and read with plain POSIX calls (FileManager's enumerator
/// reads attributes of every file, which a 10,000-page check cannot afford).
enum BuiltFiles {
    /// Relative paths of every regular file, sorted; hidden files skipped, links followed.
    static func list(_ root: URL) -> [String] {
        FileTree.files(under: root, followingLinks: true)
    }

    /// The lines (1-based) a run of bytes covers where it first appears in a file.
    static func lines(of needle: UnsafeRawBufferPointer, in haystack: [UInt8]) -> ClosedRange<Int>? {
        guard !needle.isEmpty, needle.count <= haystack.count else { return nil }
        return haystack.withUnsafeBytes { hay -> ClosedRange<Int>? in
            guard let offset = firstOffset(of: needle, in: hay) else { return nil }
            let first = 1 + newlines(in: UnsafeRawBufferPointer(rebasing: hay[..<offset]))
            return first...(first + newlines(in: needle))
        }
    }

    /// Counted with memchr: a page's body is searched on every page of the site.
    private static func newlines(in bytes: UnsafeRawBufferPointer) -> Int {
        guard let base = bytes.baseAddress else { return 0 }
        var count = 0
        var offset = 0
        while offset < bytes.count, let hit = memchr(base + offset, 0x0A, bytes.count - offset) {
            count += 1
            offset = UnsafeRawPointer(hit) - base + 1
        }
        return count
    }

    /// Byte search: memchr for the first byte, memcmp for the rest (memmem is not in Glibc's module).
    static func firstOffset(of pin: UnsafeRawBufferPointer, in hay: UnsafeRawBufferPointer) -> Int? {
        guard let hayStart = hay.baseAddress, let pinStart = pin.baseAddress, !pin.isEmpty, pin.count <= hay.count
        else { return nil }
        let last = hay.count - pin.count
        var offset = 0
        while offset <= last {
            guard let hit = memchr(hayStart + offset, Int32(pin[0]), last - offset + 1) else { return nil }
            let position = UnsafeRawPointer(hit) - hayStart
            if memcmp(hayStart + position, pinStart, pin.count) == 0 { return position }
            offset = position + 1
        }
        return nil
    }

    /// Column (1-based, in characters) of `text` on a line of a file, or 1.
    static func column(of text: String, line: Int, in path: String) -> Int {
        guard !text.isEmpty, let bytes = SourceFile.read(path)?.bytes else { return 1 }
        let lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        guard line >= 1, line <= lines.count else { return 1 }
        let lineText = String(decoding: lines[line - 1], as: UTF8.self)
        let escaped = text.replacingOccurrences(of: "&", with: "&amp;")
        for candidate in [text, escaped] {
            if let range = lineText.range(of: candidate) {
                return lineText.distance(from: lineText.startIndex, to: range.lowerBound) + 1
            }
        }
        return 1
    }

    /// The site's address from `robots.txt` (`Sitemap: https://example.org/sitemap.xml`).
    static func baseFromRobots(_ root: URL) -> URL? {
        guard let bytes = SourceFile.read(root.path + "/robots.txt")?.bytes else { return nil }
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.lowercased().hasPrefix("sitemap:") else { continue }
            let address = trimmed.dropFirst("sitemap:".count).trimmingCharacters(in: .whitespaces)
            guard let url = URL(string: address) else { continue }
            return url.deletingLastPathComponent()
        }
        return nil
    }
}
