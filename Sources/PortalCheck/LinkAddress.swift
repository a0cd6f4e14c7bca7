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
        let address = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        if address.hasPrefix("//") {
            return classify("https:" + address, base: base)
        }
        if let colon = address.firstIndex(of: ":"), isScheme(address[..<colon]) {
            let scheme = address[..<colon].lowercased()
            guard scheme == "http" || scheme == "https", let url = URL(string: address), url.host != nil else {
                return .other
            }
            if let base, sameOrigin(url, base) {
                let basePath = base.path.hasSuffix("/") ? base.path : base.path + "/"
                var path = url.path.isEmpty ? "/" : url.path
                if address.split(separator: "#")[0].hasSuffix("/") && !path.hasSuffix("/") { path += "/" }
                if (path + "/").hasPrefix(basePath) {
                    return .site(path: path, isAbsolute: true, fragment: url.fragment)
                }
            }
            return .external(url)
        }
        var rest = Substring(address)
        var fragment: String?
        if let hash = rest.firstIndex(of: "#") {
            fragment = String(rest[rest.index(after: hash)...])
            rest = rest[..<hash]
        }
        if let query = rest.firstIndex(of: "?") { rest = rest[..<query] }
        return .site(path: String(rest), isAbsolute: rest.hasPrefix("/"), fragment: fragment)
    }

    static func sameOrigin(_ url: URL, _ other: URL) -> Bool {
        url.scheme?.lowercased() == other.scheme?.lowercased() && url.host?.lowercased() == other.host?.lowercased()
            && (url.port ?? defaultPort(url)) == (other.port ?? defaultPort(other))
    }

    private static func defaultPort(_ url: URL) -> Int { url.scheme?.lowercased() == "http" ? 80 : 443 }

    private static func isScheme(_ text: Substring) -> Bool {
        guard let first = text.first, first.isASCII, first.isLetter else { return false }
        return text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == ".") }
    }
}

/// An address written in a built file, to be resolved once every page is known. The column is
/// found only for the few that turn out broken (`0` until then).
struct Reference: Sendable {
    enum Kind: Sendable { case link, resource, redirect }
    var kind: Kind
    var address: String
    var line: Int
    var column: Int
    var clues: [String]
}

/// A link to another site, for `--external`.
struct ExternalReference: Sendable {
    var url: URL
    var file: String
    var line: Int
    var column: Int
    var clues: [String]
}
