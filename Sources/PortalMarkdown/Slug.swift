import Foundation

/// Turns heading text into a stable, readable `id`: lowercase ASCII letters and digits joined by
/// `-`, accents folded (`¿Qué es?` becomes `que-es`).
public enum Slug {
    public static func make(_ text: String) -> String {
        text.utf8.allSatisfy { $0 < 0x80 } ? makeFromASCII(text) : makeFromUnicode(text)
    }

    /// Most headings are ASCII: the same rules as below, byte by byte, without Foundation's
    /// decomposition (which was most of the cost of slugging a page's headings).
    static func makeFromASCII(_ text: String) -> String {
        var slug: [UInt8] = []
        slug.reserveCapacity(text.utf8.count)
        var pendingDash = false
        for byte in text.utf8 {
            let folded: UInt8
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): folded = byte
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): folded = byte + 32
            default:
                pendingDash = !slug.isEmpty
                continue
            }
            if pendingDash { slug.append(UInt8(ascii: "-")) }
            pendingDash = false
            slug.append(folded)
        }
        return String(decoding: slug, as: UTF8.self)
    }

    static func makeFromUnicode(_ text: String) -> String {
        var slug = ""
        var pendingDash = false
        for scalar in text.decomposedStringWithCanonicalMapping.unicodeScalars {
            if scalar.properties.generalCategory == .nonspacingMark { continue }
            let folded = fold(scalar)
            if folded.isEmpty {
                pendingDash = !slug.isEmpty
                continue
            }
            if pendingDash { slug += "-" }
            pendingDash = false
            slug += folded
        }
        return slug
    }

    /// Lowercase ASCII for letters and digits; a few common letters without decompositions.
    private static func fold(_ scalar: Unicode.Scalar) -> String {
        switch scalar {
        case "a"..."z", "0"..."9": return String(scalar)
        case "A"..."Z": return String(scalar).lowercased()
        case "ß": return "ss"
        case "æ", "Æ": return "ae"
        case "ø", "Ø": return "o"
        case "œ", "Œ": return "oe"
        case "đ", "Đ": return "d"
        case "ł", "Ł": return "l"
        default: return ""
        }
    }
}

/// Hands out unique ids in a page: the second "Sources" heading becomes `sources-1`.
public struct SlugRegistry {
    private var used: Set<String> = []

    public init(reserved: [String] = []) { used = Set(reserved) }

    public mutating func unique(_ text: String, fallback: String = "section") -> String {
        let slug = Slug.make(text)
        let base = slug.isEmpty ? fallback : slug
        var candidate = base
        var counter = 0
        while used.contains(candidate) {
            counter += 1
            candidate = "\(base)-\(counter)"
        }
        used.insert(candidate)
        return candidate
    }
}
