import Glibc

/// Substring search on UTF-8 bytes. Foundation's `range(of:)` is very slow on Linux, and the
/// build searches every page's HTML: the C library's `memchr` finds candidates for the needle's
/// rarest byte, `memcmp` checks the whole needle there.
public enum ByteSearch {
    public static func firstIndex(of needle: [UInt8], in haystack: [UInt8], from start: Int = 0) -> Int? {
        haystack.withUnsafeBytes { firstIndex(of: needle, in: $0, from: start) }
    }

    /// The same on bytes where they are (a String's UTF-8), without copying them into an array.
    public static func firstIndex(of needle: [UInt8], in hay: UnsafeRawBufferPointer, from start: Int = 0) -> Int? {
        guard !needle.isEmpty, start >= 0, hay.count >= needle.count, start <= hay.count - needle.count,
            let base = hay.baseAddress
        else { return nil }
        let anchor = rarestOffset(needle)
        return needle.withUnsafeBytes { pattern -> Int? in
            guard let patternBase = pattern.baseAddress else { return nil }
            let last = hay.count - pattern.count  // the last index a match can start at
            var index = start
            while index <= last {
                // The anchor byte of a match starting at `index ... last`.
                guard let hit = memchr(base + index + anchor, Int32(pattern[anchor]), last - index + 1) else {
                    return nil
                }
                let found = base.distance(to: UnsafeRawPointer(hit)) - anchor
                if memcmp(base + found, patternBase, pattern.count) == 0 { return found }
                index = found + 1
            }
            return nil
        }
    }

    /// Where the needle's least common byte is, by a rough rank for HTML and prose: `memchr` stops
    /// at every space of a page when looking for `" align"`, at few of its `=`.
    static func rarestOffset(_ needle: [UInt8]) -> Int {
        func rank(_ byte: UInt8) -> Int {
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "a")...UInt8(ascii: "z"): 3
            case UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\""), UInt8(ascii: "/"), UInt8(ascii: "="),
                UInt8(ascii: "\n"), UInt8(ascii: "."), UInt8(ascii: ","):
                2
            default: 1
            }
        }
        var best = 0
        for (offset, byte) in needle.enumerated() where rank(byte) < rank(needle[best]) { best = offset }
        return best
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
