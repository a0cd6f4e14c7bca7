import Foundation

/// The files of a built site, read with plain POSIX calls (FileManager's enumerator reads
/// attributes of every file, which a 10,000-page check cannot afford).
enum BuiltFiles {
    /// Relative paths of every regular file, sorted; hidden files skipped.
    static func list(_ root: URL) -> [String] {
        var found: [String] = []
        walk(root.standardizedFileURL.path, prefix: "", into: &found)
        return found.sorted()
    }

    private static func walk(_ path: String, prefix: String, into found: inout [String]) {
        guard let directory = opendir(path) else { return }
        defer { closedir(directory) }
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name.hasPrefix(".") { continue }
            let full = path + "/" + name
            var type = entry.pointee.d_type
            if type == UInt8(DT_UNKNOWN) || type == UInt8(DT_LNK) {
                var info = stat()
                guard stat(full, &info) == 0 else { continue }
                type = (info.st_mode & S_IFMT) == S_IFDIR ? UInt8(DT_DIR) : UInt8(DT_REG)
            }
            if type == UInt8(DT_DIR) {
                walk(full, prefix: prefix + name + "/", into: &found)
            } else if type == UInt8(DT_REG) {
                found.append(prefix + name)
            }
        }
    }

    static func read(_ path: String) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return nil }
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size))
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeMutableBytes { buffer -> Int in
                guard let start = buffer.baseAddress else { return -1 }
                return Glibc.read(descriptor, start + offset, buffer.count - offset)
            }
            if count <= 0 { break }
            offset += count
        }
        return offset == bytes.count ? bytes : Array(bytes[..<offset])
    }

    /// The lines (1-based) a run of bytes covers where it first appears in a file.
    static func lines(of needle: [UInt8], in haystack: [UInt8]) -> ClosedRange<Int>? {
        guard !needle.isEmpty, needle.count <= haystack.count else { return nil }
        let offset = firstOffset(of: needle, in: haystack)
        guard let offset else { return nil }
        let newline = UInt8(ascii: "\n")
        let first = haystack[..<offset].reduce(1) { $1 == newline ? $0 + 1 : $0 }
        let last = first + needle.reduce(0) { $1 == newline ? $0 + 1 : $0 }
        return first...last
    }

    /// Byte search: memchr for the first byte, memcmp for the rest (memmem is not in Glibc's module).
    static func firstOffset(of needle: [UInt8], in haystack: [UInt8]) -> Int? {
        haystack.withUnsafeBytes { hay -> Int? in
            needle.withUnsafeBytes { pin -> Int? in
                guard let hayStart = hay.baseAddress, let pinStart = pin.baseAddress else { return nil }
                let last = hay.count - pin.count
                var offset = 0
                while offset <= last {
                    guard let hit = memchr(hayStart + offset, Int32(needle[0]), last - offset + 1) else { return nil }
                    let position = UnsafeRawPointer(hit) - hayStart
                    if memcmp(hayStart + position, pinStart, pin.count) == 0 { return position }
                    offset = position + 1
                }
                return nil
            }
        }
    }

    /// Column (1-based, in characters) of `text` on a line of a file, or 1.
    static func column(of text: String, line: Int, in path: String) -> Int {
        guard !text.isEmpty, let bytes = read(path) else { return 1 }
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
        guard let bytes = read(root.path + "/robots.txt") else { return nil }
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
