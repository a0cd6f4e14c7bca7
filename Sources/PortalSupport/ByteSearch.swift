import Glibc

/// Substring search on UTF-8 bytes. Foundation's `range(of:)` is very slow on Linux, and the
/// build searches every page's HTML: the C library's `memchr` finds candidates for the first
/// byte, `memcmp` checks the rest.
public enum ByteSearch {
    public static func firstIndex(of needle: [UInt8], in haystack: [UInt8], from start: Int = 0) -> Int? {
        guard !needle.isEmpty, start >= 0, haystack.count >= needle.count, start <= haystack.count - needle.count
        else { return nil }
        return haystack.withUnsafeBytes { hay in
            needle.withUnsafeBytes { pattern -> Int? in
                guard let base = hay.baseAddress, let patternBase = pattern.baseAddress else { return nil }
                let last = hay.count - pattern.count  // the last index a match can start at
                var index = start
                while index <= last {
                    guard let hit = memchr(base + index, Int32(pattern[0]), last - index + 1) else { return nil }
                    let found = base.distance(to: UnsafeRawPointer(hit))
                    if memcmp(base + found, patternBase, pattern.count) == 0 { return found }
                    index = found + 1
                }
                return nil
            }
        }
    }

    public static func lastIndex(of needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count else { return nil }
        return haystack.withUnsafeBytes { hay in
            needle.withUnsafeBytes { pattern -> Int? in
                guard let base = hay.baseAddress, let patternBase = pattern.baseAddress else { return nil }
                let first = pattern[0]
                var index = hay.count - pattern.count
                while index >= 0 {
                    if hay[index] == first && memcmp(base + index, patternBase, pattern.count) == 0 { return index }
                    index -= 1
                }
                return nil
            }
        }
    }
}
