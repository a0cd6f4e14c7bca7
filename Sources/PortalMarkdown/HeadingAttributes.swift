import CCmarkGFM
import PortalSupport

/// Hugo's (Goldmark's) heading attributes: `## Title {#custom-id .warning lang=fr}`. The block is
/// taken off the heading's text on cmark-gfm's tree, so the table of contents, the id and the
/// fragment check all see the heading as a reader does.
struct HeadingAttributes: Sendable, Hashable {
    var id: String?
    var classes: [String] = []
    /// Other attributes, in the order written (`lang=fr`).
    var others: [(name: String, value: String)] = []
    /// Attributes written but left out: only `allowed` reach the page.
    var refused: [String] = []

    /// What a heading may carry besides its id and classes. An allow list, because the theme's
    /// scripts act on `data-*` attributes and `hidden`, `tabindex`, `popover`... change what readers
    /// can reach; these four only describe the heading's words.
    static let allowed: Set<String> = ["lang", "dir", "title", "translate"]
    /// Quotes around a value, straight or as smart punctuation left them (`lang="fr"` reads
    /// `lang=“fr”` by then).
    private static let closingQuote: [Character: Character] = ["\"": "\"", "'": "'", "“": "”", "‘": "’"]

    static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.id == rhs.id && lhs.classes == rhs.classes && lhs.others.map(\.name) == rhs.others.map(\.name)
            && lhs.others.map(\.value) == rhs.others.map(\.value) && lhs.refused == rhs.refused
    }
    func hash(into hasher: inout Hasher) { hasher.combine(id) }

    var isEmpty: Bool { id == nil && classes.isEmpty && others.isEmpty }

    /// ` class="a b" lang="fr"`, escaped; the id is written by the caller.
    var extraHTML: String {
        var html = ""
        if !classes.isEmpty { html += " class=\"\(escapeHTML(classes.joined(separator: " ")))\"" }
        for (name, value) in others { html += " \(name)=\"\(escapeHTML(value))\"" }
        return html
    }

    /// Removes a trailing `{...}` from the heading's last text and returns what it said; nil
    /// (and the text untouched) when the heading does not end with a valid attribute block.
    static func take(from heading: OpaquePointer) -> HeadingAttributes? {
        // cmark-gfm may split the end of a line into several text nodes (at `_`, `*`, `[`...).
        var tail: [OpaquePointer] = []
        var node = cmark_node_last_child(heading)
        while let current = node, cmark_node_get_type(current) == CMARK_NODE_TEXT {
            tail.insert(current, at: 0)
            node = cmark_node_previous(current)
        }
        guard !tail.isEmpty else { return nil }
        let text = tail.map { cmark_node_get_literal($0).map { String(cString: $0) } ?? "" }.joined()
        let trimmed = text.trimmingTrailingSpaces
        guard trimmed.hasSuffix("}"), let open = trimmed.lastIndex(of: "{"),
            let attributes = parse(
                String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
            )
        else { return nil }
        let before = String(trimmed[..<open]).trimmingTrailingSpaces
        // An attribute block alone is not a heading's text (Goldmark keeps it too).
        if before.isEmpty && cmark_node_previous(tail[0]) == nil { return nil }
        cmark_node_set_literal(tail[0], before)
        for extra in tail.dropFirst() { cmark_node_free(extra) }
        return attributes
    }

    /// The inside of `{...}`: `#id`, `.class`, `name=value` or `name="value"`, separated by spaces.
    static func parse(_ inside: String) -> HeadingAttributes? {
        var result = HeadingAttributes()
        var rest = Substring(inside)
        func skipSpaces() { rest = rest.drop { $0 == " " || $0 == "\t" } }
        func word() -> Substring {
            let end = rest.firstIndex { $0 == " " || $0 == "\t" || $0 == "=" } ?? rest.endIndex
            defer { rest = rest[end...] }
            return rest[..<end]
        }
        skipSpaces()
        guard !rest.isEmpty else { return nil }
        while !rest.isEmpty {
            if rest.first == "#" {
                rest = rest.dropFirst()
                let id = word()
                guard !id.isEmpty else { return nil }
                result.id = String(id)
            } else if rest.first == "." {
                rest = rest.dropFirst()
                let name = word()
                guard !name.isEmpty else { return nil }
                result.classes.append(String(name))
            } else {
                let name = String(word())
                guard isAttributeName(name), rest.first == "=" else { return nil }
                rest = rest.dropFirst()
                let value: String
                if let quote = rest.first, let closing = closingQuote[quote] {
                    rest = rest.dropFirst()
                    guard let close = rest.firstIndex(of: closing) else { return nil }
                    value = String(rest[..<close])
                    rest = rest[rest.index(after: close)...]
                } else {
                    value = String(word())
                }
                switch name.lowercased() {
                case "id": result.id = value
                case "class": result.classes += value.split(separator: " ").map(String.init)
                case let lower where allowed.contains(lower): result.others.append((lower, value))
                default: result.refused.append(name)
                }
            }
            guard rest.isEmpty || rest.first == " " || rest.first == "\t" else { return nil }
            skipSpaces()
        }
        if let id = result.id, id.isEmpty || id.contains(where: \.isWhitespace) { return nil }
        return result
    }

    private static func isAttributeName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first.properties.isAlphabetic || first == "_" else { return false }
        return name.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
                || "-_:.".unicodeScalars.contains($0)
        }
    }
}

extension String {
    fileprivate var trimmingTrailingSpaces: String {
        var text = self
        while let last = text.last, last == " " || last == "\t" { text.removeLast() }
        return text
    }
}
