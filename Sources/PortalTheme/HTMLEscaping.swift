import Mustache

/// swift-mustache escapes `{{value}}` Character by Character through a dictionary, which was a
/// fifth of the time spent in templates. This escapes the same five characters (`<`, `>`, `&`,
/// `"`, `'`) as bytes; every template the theme loader compiles starts with the pragma that
/// selects it. (Unlike the Character walk, a `<` followed by a combining mark is escaped too,
/// as a browser would read it as a tag.)
struct HTMLEscaping: MustacheContentType {
    static let name = "PORTAL_HTML"
    /// Put in front of every template's text: on a line of its own, so it is a standalone tag
    /// that leaves no trace in the output and the template's own first line is still first.
    static let pragma = "{{% CONTENT_TYPE: \(name)}}\n"

    /// Registers the content type with swift-mustache, once, before any template is compiled.
    static let registered: Void = MustacheContentTypes.register(HTMLEscaping(), named: name)

    func escapeText(_ text: String) -> String {
        var contiguous = text
        return contiguous.withUTF8 { bytes in
            guard bytes.contains(where: Self.needsEscape) else { return text }
            var escaped: [UInt8] = []
            escaped.reserveCapacity(bytes.count + 16)
            for byte in bytes {
                switch byte {
                case UInt8(ascii: "<"): escaped += "&lt;".utf8
                case UInt8(ascii: ">"): escaped += "&gt;".utf8
                case UInt8(ascii: "&"): escaped += "&amp;".utf8
                case UInt8(ascii: "\""): escaped += "&quot;".utf8
                case UInt8(ascii: "'"): escaped += "&#39;".utf8
                default: escaped.append(byte)
                }
            }
            return String(decoding: escaped, as: UTF8.self)
        }
    }

    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "&")
            || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'")
    }
}
