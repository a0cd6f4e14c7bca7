import Foundation
/// Turns heading text into a stable, readable `id`: lowercase ASCII letters and digits joined by
/// `-`, accents folded (`¿Qué es?` becomes `que-es`).
public enum Slug {
    public static func make(_ text: String) -> String {
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
        let base = Slug.make(text).isEmpty ? fallback : Slug.make(text)
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
