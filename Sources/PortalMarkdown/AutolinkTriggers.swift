import Foundation

/// Whether cmark-gfm's `autolink` extension could make a link of a text at all.
///
/// The extension stops the inline parser at every `w` and `:` of the text to look for `www.` and
/// `://` (a `w` every few words of prose), then joins adjacent text nodes, which cmark-gfm has
/// already done, and looks for `@` in them (e-mail addresses): a fifth of cmark-gfm's parse time
/// on the bench's pages. A text holding none of the bytes these start from is parsed without the
/// extension, to the same tree. `&` counts as a trigger, since `&#64;` becomes an `@` before the
/// e-mail search runs. `MarkdownConformanceTests` holds every spec example to the `cmark-gfm`
/// command run with the extension.
enum AutolinkTriggers {
    static let extensionName = "autolink"

    /// `memchr` scans: a byte-by-byte loop here cost as much as the extension saved.
    static func mayLink(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = text.baseAddress, !text.isEmpty else { return false }
        let count = text.count
        if memchr(base, Int32(UInt8(ascii: "@")), count) != nil || memchr(base, Int32(UInt8(ascii: "&")), count) != nil
        {
            return true
        }
        // `://` after its `:`; `www.` (any case, though the extension only takes lower case:
        // asking too often is safe) before its `.`.
        return follows(UInt8(ascii: ":"), in: base, count: count) { index in
            index + 2 < count && base[index + 1] == UInt8(ascii: "/") && base[index + 2] == UInt8(ascii: "/")
        }
            || follows(UInt8(ascii: "."), in: base, count: count) { index in
                index >= 3 && base[index - 3] | 0x20 == UInt8(ascii: "w") && base[index - 2] | 0x20 == UInt8(ascii: "w")
                    && base[index - 1] | 0x20 == UInt8(ascii: "w")
            }
    }

    /// Whether `test` holds at some place of `byte` in the text.
    private static func follows(
        _ byte: UInt8,
        in base: UnsafePointer<UInt8>,
        count: Int,
        _ test: (Int) -> Bool
    ) -> Bool {
        var index = 0
        while index < count, let hit = memchr(base + index, Int32(byte), count - index) {
            let found = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            if test(found) { return true }
            index = found + 1
        }
        return false
    }
}
