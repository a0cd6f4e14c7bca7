import Foundation
import PortalHTML

/// `link-name`: a link has words (or an image's alt) a screen reader can announce.
/// `link-text-vague` (warning): "click here", "aquí"... alone say nothing out of context.
/// `target-blank`: a link that opens a new tab has `rel="noopener"` (or `noreferrer`).
enum LinkRules {
    /// Link texts that say nothing when a screen reader lists the page's links (lower case).
    static let vague: Set<String> = [
        "click here", "here", "click", "this link", "link", "read more", "more", "learn more",
        "aquí", "aqui", "haga clic aquí", "haga clic aqui", "haz clic aquí", "pulse aquí", "clic aquí", "click aquí",
        "este enlace", "enlace", "más", "leer más", "lea más", "ver más",
    ]

    /// Without surrounding punctuation or spaces ("aquí." is "aquí"); no Foundation, it runs per link.
    static let edges: Set<Character> = [
        " ", ".", ",", ";", ":", "!", "?", "¡", "¿", "(", ")", "[", "]", "\"", "'", "…", "»", "«",
    ]

    static func trimmed(_ text: String) -> String {
        var characters = Substring(text)
        while let first = characters.first, edges.contains(first) { characters = characters.dropFirst() }
        while let last = characters.last, edges.contains(last) { characters = characters.dropLast() }
        return String(characters)
    }

    /// Whether a link's words are one of `vague`, ignoring case and surrounding punctuation.
    static func isVague(_ name: String) -> Bool {
        let utf8 = name.utf8
        guard utf8.count <= 24 else { return false }
        guard utf8.allSatisfy({ $0 < 0x80 }) else { return vague.contains(trimmed(name.lowercased())) }
        // Most link texts are ASCII: lower case and trim on bytes (one Character per byte), without
        // hashing Characters for every link of the site.
        var start = utf8.startIndex
        var end = utf8.endIndex
        while start < end, isASCIIEdge(utf8[start]) { start = utf8.index(after: start) }
        while start < end, isASCIIEdge(utf8[utf8.index(before: end)]) { end = utf8.index(before: end) }
        let trimmed = utf8[start..<end]
        let lower = String(unsafeUninitializedCapacity: trimmed.count) { buffer in
            for (offset, byte) in trimmed.enumerated() { buffer[offset] = byte >= 65 && byte <= 90 ? byte + 32 : byte }
            return trimmed.count
        }
        return vague.contains(lower)
    }

    /// The ASCII members of `edges`.
    private static func isASCIIEdge(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: " "), UInt8(ascii: "."), UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: ":"),
            UInt8(ascii: "!"), UInt8(ascii: "?"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "["),
            UInt8(ascii: "]"), UInt8(ascii: "\""), UInt8(ascii: "'"):
            return true
        default:
            return false
        }
    }

    static func check(_ element: HTMLElement, _ page: PageContext, _ names: AccessibleName, hidden: Bool) {
        // A link needs an href or a role: most elements have no attribute at all.
        guard element.hasAttributes else { return }
        let role = Roles.role(element)
        let isLink: Bool
        switch element.name {
        // A link keeps its role when marked presentational: it can still be focused.
        case "a", "area":
            isLink =
                element.has("href")
                && (role.map { Roles.linkRoles.contains($0) || $0 == "none" || $0 == "presentation" } ?? true)
        default: isLink = role.map(Roles.linkRoles.contains) ?? false
        }
        guard isLink, !hidden else { return }
        let name = names.name(of: element)
        // The address is only wanted for a message.
        var href: String { element["href"] ?? "" }
        if name.isEmpty {
            page.error(
                "link-name",
                at: element,
                "a link to \(href.isEmpty ? "somewhere" : href) has no text",
                hint: element.name == "area"
                    ? "give the <area> an alt text"
                    : "put words between the brackets: [what the page is](\(href)), or give an image link an alt text",
                clues: [href, "](", "<a"]
            )
        } else if Self.isVague(name) {
            page.warning(
                "link-text-vague",
                at: element,
                "the link text '\(name)' says nothing on its own",
                hint: "name where the link goes: 'read [the boundaries worksheet](...)' instead of '[click here](...)'",
                clues: ["[\(name)]", href, name]
            )
        }
        if element["target"]?.lowercased() == "_blank" {
            let rel = Set((element["rel"] ?? "").lowercased().split(whereSeparator: \.isWhitespace))
            if !rel.contains("noopener") && !rel.contains("noreferrer") {
                page.error(
                    "target-blank",
                    at: element,
                    "a link that opens a new tab (\(href)) lacks rel=\"noopener\"",
                    hint: "add rel=\"noopener\", or better, let the link open in the same tab",
                    clues: ["target=\"_blank\"", href]
                )
            }
        }
    }
}
