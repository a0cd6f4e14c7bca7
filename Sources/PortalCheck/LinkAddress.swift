import Foundation

/// Where an address written in a page points: inside the built site, to another site, or
/// somewhere the checker does not follow (`mailto:`, `tel:`, `data:`...).
enum LinkAddress: Equatable {
    /// A path below the site's root (no leading slash) or relative to the page, and a fragment.
    case site(path: String, isAbsolute: Bool, fragment: String?)
    case external(URL)
    case other

    /// `base` is the site's address, e.g. `https://example.org/peer/`; links to it are internal.
    static func classify(_ raw: String, base: URL?) -> LinkAddress {
        // Foundation's trimming is slow; most addresses have nothing to trim.
        let address = hasOuterWhitespace(raw) ? raw.trimmingCharacters(in: .whitespacesAndNewlines) : raw
        if address.hasPrefix("//") {
            return classify("https:" + address, base: base)
        }
        if let colon = schemeEnd(address) {
            let scheme = address[..<colon].lowercased()
            guard scheme == "http" || scheme == "https", let url = URL(string: address), url.host != nil else {
                return .other
            }
            if let base, sameOrigin(url, base) {
                let basePath = base.path.hasSuffix("/") ? base.path : base.path + "/"
                var path = url.path.isEmpty ? "/" : url.path
                if (address.split(separator: "#").first ?? "").hasSuffix("/") && !path.hasSuffix("/") { path += "/" }
                if (path + "/").hasPrefix(basePath) {
                    return .site(path: path, isAbsolute: true, fragment: url.fragment)
                }
            }
            return .external(url)
        }
        // On UTF-8 bytes: this runs for every link of the site, and '#', '?' and '/' are ASCII.
        let bytes = address.utf8
        var end = bytes.endIndex
        var fragment: String?
        if let hash = bytes.firstIndex(of: UInt8(ascii: "#")) {
            fragment = String(address[bytes.index(after: hash)...])
            end = hash
        }
        if let query = bytes[..<end].firstIndex(of: UInt8(ascii: "?")) { end = query }
        // The whole address is the path for most links: no copy then.
        let path = end == bytes.endIndex ? address : String(address[..<end])
        return .site(path: path, isAbsolute: bytes.first == UInt8(ascii: "/"), fragment: fragment)
    }

    /// `classify` for an address that starts with the site's own address (`prefix`, ending in
    /// `/`) and goes on in plain path characters: what URL parsing would give, without it (the
    /// sitemap lists every page that way). nil for anything else.
    static func underBase(_ address: String, prefix: String, basePath: String) -> LinkAddress? {
        guard address.hasPrefix(prefix) else { return nil }
        let rest = address.utf8.dropFirst(prefix.utf8.count)
        var previous: UInt8 = UInt8(ascii: "/")
        for byte in rest {
            let plain =
                (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x2D
                || byte == 0x5F
            // No dot or slash after a slash: dot segments and empty segments take the long way.
            guard plain || ((byte == 0x2E || byte == 0x2F) && previous != 0x2F) else { return nil }
            previous = byte
        }
        return .site(path: basePath + String(decoding: rest, as: UTF8.self), isAbsolute: true, fragment: nil)
    }

    private static func hasOuterWhitespace(_ text: String) -> Bool {
        guard let first = text.utf8.first, let last = text.utf8.last else { return false }
        return first <= 0x20 || last <= 0x20
    }

    static func sameOrigin(_ url: URL, _ other: URL) -> Bool {
        url.scheme?.lowercased() == other.scheme?.lowercased() && url.host?.lowercased() == other.host?.lowercased()
            && (url.port ?? defaultPort(url)) == (other.port ?? defaultPort(other))
    }

    private static func defaultPort(_ url: URL) -> Int { url.scheme?.lowercased() == "http" ? 80 : 443 }

    /// The index of the `:` that ends a URL scheme (`https:`, `mailto:`), if the address has one.
    private static func schemeEnd(_ address: String) -> String.Index? {
        var index = address.utf8.startIndex
        var first = true
        while index < address.utf8.endIndex {
            let byte = address.utf8[index]
            let isLetter = (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A
            if byte == UInt8(ascii: ":") { return first ? nil : index }
            if !(isLetter
                || (!first && ((byte >= 0x30 && byte <= 0x39) || byte == 0x2B || byte == 0x2D || byte == 0x2E)))
            {
                return nil
            }
            first = false
            index = address.utf8.index(after: index)
        }
        return nil
    }
}

/// A link to another page's `#fragment`, checked once every page's ids are known.
struct Reference: Sendable, Equatable {
    var address: String
    var line: Int
    var column: Int
    var clues: [String]
    var target: String
    var fragment: String
}

/// A link to another site, for `--external`.
struct ExternalReference: Sendable, Equatable {
    var url: URL
    var file: String
    var line: Int
    var column: Int
    var clues: [String]
}
