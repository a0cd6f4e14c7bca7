import Foundation

/// A Mustache template's tags as `CachedPartials` needs them: the names it looks up, where it
/// includes partials and parents, and whether those places are outside every section and block.
struct TemplateScan {
    struct Site {
        var name: String
        /// Outside every section, inverted section, block and parent.
        var atTop: Bool
        /// Alone on its line from the line's first character, so the line goes with it.
        var ownLine: Bool
        /// The tag.
        var range: Range<String.Index>
    }

    var names: Set<String> = []
    var partials: [Site] = []
    var parents: [Site] = []
    /// Blocks or parents: what it shows depends on the template that includes it.
    var usesBlocks = false
    /// A dynamic partial or a changed delimiter: nothing can be said about this theme.
    var unsupported = false

    init(_ text: String) {
        var depth = 0
        var rest = text[...]
        while let open = rest.range(of: "{{") {
            let triple = text[open.upperBound...].hasPrefix("{")
            let closing = triple ? "}}}" : "}}"
            let inner = triple ? text.index(after: open.upperBound) : open.upperBound
            guard let close = text[inner...].range(of: closing) else { break }
            rest = text[close.upperBound...]
            let tag = text[inner..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            let sigil = triple ? "&" : tag.first ?? " "
            let name = (triple ? tag : String(tag.dropFirst())).trimmingCharacters(in: .whitespaces)
            switch sigil {
            case "!", "%": continue
            case "=": unsupported = true
            case "#", "^":
                names.insert(name)
                depth += 1
            case "/": depth -= 1
            case "$":
                usesBlocks = true
                depth += 1
            case "<", ">":
                if name.hasPrefix("*") { unsupported = true }
                let before = open.lowerBound == text.startIndex || text[text.index(before: open.lowerBound)] == "\n"
                let after = close.upperBound < text.endIndex && text[close.upperBound] == "\n"
                let site = Site(
                    name: name,
                    atTop: depth == 0,
                    ownLine: before && after,
                    range: open.lowerBound..<close.upperBound
                )
                if sigil == ">" {
                    partials.append(site)
                } else {
                    usesBlocks = true
                    parents.append(site)
                    depth += 1
                }
            case "&": names.insert(name)
            default: names.insert(tag)
            }
        }
    }
}
