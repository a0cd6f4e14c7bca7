/// A page's words for the search index: its rendered body (cmark-gfm's HTML, without the
/// Sources list) as plain text. Tags become spaces where they end a block, so that words of two
/// paragraphs never run together; cmark-gfm writes only `&amp; &lt; &gt; &quot;` and numeric
/// references, which are decoded.
enum SearchText {
    static func plain(html: String, maximumWords: Int = .max) -> String {
        // Bytes, not Characters: the index reads every page of the site (a 10,000-page site's
        // bodies are about 100 MB), and it stops at the page's last kept word.
        var words = WordCollector(maximumWords: maximumWords)
        var html = html
        html.withUTF8 { bytes in
            var index = 0
            while index < bytes.count, !words.isFull {
                let byte = bytes[index]
                if byte == UInt8(ascii: "<"), let close = bytes[index...].firstIndex(of: UInt8(ascii: ">")) {
                    if !isInline(bytes[(index + 1)..<close]) { words.space() }
                    index = close + 1
                } else if byte == UInt8(ascii: "&"),
                    let semicolon = bytes[index..<min(bytes.count, index + 12)].firstIndex(of: UInt8(ascii: ";")),
                    let decoded = entity(String(decoding: bytes[(index + 1)..<semicolon], as: UTF8.self))
                {
                    for decodedByte in decoded.utf8 { words.add(decodedByte) }
                    index = semicolon + 1
                } else if byte == 0xC2, index + 1 < bytes.count, bytes[index + 1] == 0xA0 {
                    words.space()  // a no-break space separates words too
                    index += 2
                } else {
                    words.add(byte)
                    index += 1
                }
            }
        }
        return String(decoding: words.text, as: UTF8.self)
    }

    /// Words joined by single spaces, none at the ends, up to a count.
    private struct WordCollector {
        let maximumWords: Int
        var text: [UInt8] = []
        var count = 0
        var inWord = false
        var isFull: Bool { count == maximumWords && !inWord }

        mutating func space() { inWord = false }

        mutating func add(_ byte: UInt8) {
            if byte == 0x20 || (0x09...0x0D).contains(byte) { return space() }
            if !inWord {
                guard count < maximumWords else { return }
                if count > 0 { text.append(0x20) }
                count += 1
                inWord = true
            }
            text.append(byte)
        }
    }

    /// The first `count` words of a text made by `plain` (words joined by single spaces).
    static func prefix(_ text: String, words count: Int) -> String {
        guard count > 0 else { return "" }
        var spaces = 0
        for (offset, byte) in text.utf8.enumerated() where byte == 0x20 {
            spaces += 1
            if spaces == count { return String(decoding: text.utf8.prefix(offset), as: UTF8.self) }
        }
        return text
    }

    /// Runs of white space as one space, none at the ends; the first `maximumWords` words.
    static func collapsed(_ text: String, maximumWords: Int = .max) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).prefix(maximumWords).joined(separator: " ")
    }

    /// Tags inside a line of text: no space is added where they stand (`<em>word</em>s`).
    private static let inlineTags: Set<String> = [
        "a", "em", "strong", "code", "del", "s", "span", "sup", "sub", "abbr", "mark", "kbd", "b", "i", "u", "small",
    ]

    private static func isInline(_ tag: UnsafeBufferPointer<UInt8>.SubSequence) -> Bool {
        let name = tag.drop { $0 == UInt8(ascii: "/") }.prefix {
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0 | 0x20)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
        }
        return name.count <= 6 && inlineTags.contains(String(decoding: name, as: UTF8.self).lowercased())
    }

    private static func entity(_ name: String) -> String? {
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
