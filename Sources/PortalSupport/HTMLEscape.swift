/// The project's one HTML escaper, for text content and double- or single-quoted attribute values:
/// templates (`PortalTheme`), the request form (`PortalForms`), the intake service's pages and
/// every page the generator writes by hand go through it.
///
/// It works on UTF-8 bytes, never on Characters: a `"` or `<` followed by a combining mark is one
/// Character to Swift but still a quote or a tag opener to a browser, so a Character walk would
/// leave it unescaped (`x"\u{301} onfocus=...`).
public func escapeHTML(_ text: String) -> String {
    var contiguous = text
    return contiguous.withUTF8 { bytes in
        guard bytes.contains(where: needsHTMLEscape) else { return text }
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

@inline(__always) private func needsHTMLEscape(_ byte: UInt8) -> Bool {
    byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "&")
        || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'")
}
