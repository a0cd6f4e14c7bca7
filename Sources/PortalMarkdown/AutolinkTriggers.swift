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

    static func mayLink(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        let count = text.count
        var index = 0
        while index < count {
            switch text[index] {
            case UInt8(ascii: "@"), UInt8(ascii: "&"):
                return true
            case UInt8(ascii: ":"):
                if index + 2 < count, text[index + 1] == UInt8(ascii: "/"), text[index + 2] == UInt8(ascii: "/") {
                    return true
                }
            case UInt8(ascii: "w"), UInt8(ascii: "W"):
                // Any case, though the extension itself only takes `www.`: asking too often is safe.
                if index + 3 < count, text[index + 1] | 0x20 == UInt8(ascii: "w"),
                    text[index + 2] | 0x20 == UInt8(ascii: "w"), text[index + 3] == UInt8(ascii: ".")
                {
                    return true
                }
            default:
                break
            }
            index += 1
        }
        return false
    }
}
