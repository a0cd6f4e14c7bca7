/// A page's words for the search index: its rendered body (cmark-gfm's HTML, without the
/// Sources list) as plain text. Tags become spaces where they end a block, so that words of two
/// paragraphs never run together; cmark-gfm writes only `&amp; &lt; &gt; &quot;` and numeric
/// references, which are decoded.
enum SearchText {
    static func plain(html: String, maximumWords: Int = .max) -> String {
        var text = ""
        text.reserveCapacity(html.utf8.count)
        var index = html.startIndex
        while index < html.endIndex {
            let character = html[index]
            if character == "<", let close = html[index...].firstIndex(of: ">") {
                let tag = html[html.index(after: index)..<close]
                if !isInline(tag) { text.append(" ") }
                index = html.index(after: close)
            } else if character == "&", let semicolon = html[index...].prefix(12).firstIndex(of: ";"),
                let decoded = entity(html[html.index(after: index)..<semicolon])
            {
                text.append(decoded)
                index = html.index(after: semicolon)
            } else {
                text.append(character)
                index = html.index(after: index)
            }
        }
        return collapsed(text, maximumWords: maximumWords)
    }

    /// Runs of white space as one space, none at the ends; the first `maximumWords` words.
    static func collapsed(_ text: String, maximumWords: Int = .max) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).prefix(maximumWords).joined(separator: " ")
    }

    /// Tags inside a line of text: no space is added where they stand (`<em>word</em>s`).
    private static let inlineTags: Set<String> = [
        "a", "em", "strong", "code", "del", "s", "span", "sup", "sub", "abbr", "mark", "kbd", "b", "i", "u", "small",
    ]

    private static func isInline(_ tag: Substring) -> Bool {
        let name = tag.drop { $0 == "/" }.prefix { $0.isLetter || $0.isNumber }.lowercased()
        return inlineTags.contains(name)
    }

    private static func entity(_ name: Substring) -> String? {
        switch name {
        case "amp": return "&"
        case "lt": return "<"
        case "gt": return ">"
        case "quot": return "\""
        case "apos", "#39": return "'"
        case "nbsp": return " "
        default:
            guard name.first == "#" else { return nil }
            let digits = name.dropFirst()
            let value =
                digits.first == "x" || digits.first == "X"
                ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits, radix: 10)
            return value.flatMap(Unicode.Scalar.init).map { String(Character($0)) }
        }
    }
}
