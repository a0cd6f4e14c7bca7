import CCmarkGFM
import Foundation
import PortalSupport

/// Raw HTML kept in a page (`markdown: unsafe_html: true`) is read like the Markdown around it:
/// an `href` or `src` to a `.md` file or a `#fragment` goes through the same link rewriting (so
/// `<a href="other.md">` works and a broken one is reported at its line), and `id`s count as
/// anchors for the fragment check.
/// Works on the literal of cmark-gfm's HTML nodes, tag by tag, not on the rendered page.
enum RawHTMLLinks {
    struct Attribute {
        var name: String
        var value: String
        /// Byte range of the value in the literal, quotes included.
        var range: Range<Int>
        /// Lines before it in the literal.
        var line: Int
        var column: Int
        var tag: String
    }

    /// Rewrites link attributes in every HTML node and returns the ids written there.
    static func process(
        _ nodes: [OpaquePointer],
        lineOffset: Int,
        rewrite: (LinkReference) -> String?
    ) -> [String] {
        var ids: [String] = []
        for node in nodes {
            guard let pointer = cmark_node_get_literal(node) else { continue }
            let literal = Array(String(cString: pointer).utf8)
            var (line, column) = (Int(cmark_node_get_start_line(node)), Int(cmark_node_get_start_column(node)))
            if line == 0, let block = enclosingBlock(of: node) {
                (line, column) = (Int(cmark_node_get_start_line(block)), Int(cmark_node_get_start_column(block)))
            }
            var replacements: [(Range<Int>, String)] = []
            for attribute in attributes(in: literal) {
                switch attribute.name {
                case "id":
                    ids.append(attribute.value)
                case "name" where attribute.tag == "a":
                    ids.append(attribute.value)
                case "href", "src":
                    // HTML written for Hugo has addresses relative to the page's address, not its
                    // file: only links to `.md` files and to `#fragments` are the resolver's; the
                    // rest stay as written, and the read-back check follows them in the built site.
                    guard refersToMarkdown(decodeEntities(attribute.value)) else { continue }
                    let reference = LinkReference(
                        destination: decodeEntities(attribute.value),
                        isImage: attribute.name == "src",
                        line: line + attribute.line + lineOffset,
                        column: attribute.line == 0 ? column + attribute.column : attribute.column + 1
                    )
                    if let replacement = rewrite(reference) {
                        replacements.append((attribute.range, "\"" + escapeHTML(replacement) + "\""))
                    }
                default:
                    break
                }
            }
            guard !replacements.isEmpty else { continue }
            var output: [UInt8] = []
            var position = 0
            for (range, text) in replacements {
                output += literal[position..<range.lowerBound]
                output += Array(text.utf8)
                position = range.upperBound
            }
            output += literal[position...]
            cmark_node_set_literal(node, String(decoding: output, as: UTF8.self))
        }
        return ids
    }

    /// Every attribute of every start tag in a piece of HTML, skipping comments.
    static func attributes(in html: [UInt8]) -> [Attribute] {
        var found: [Attribute] = []
        var index = 0
        var line = 0
        var lineStart = 0
        func isSpace(_ byte: UInt8) -> Bool {
            byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C
        }
        func advance() {
            if html[index] == 0x0A {
                line += 1
                lineStart = index + 1
            }
            index += 1
        }
        while index < html.count {
            guard html[index] == UInt8(ascii: "<") else {
                advance()
                continue
            }
            if html[index...].starts(with: Array("<!--".utf8)) {
                while index < html.count, !html[..<index].suffix(3).elementsEqual(Array("-->".utf8)) { advance() }
                continue
            }
            advance()
            guard index < html.count, (html[index] | 0x20) >= UInt8(ascii: "a"),
                (html[index] | 0x20) <= UInt8(ascii: "z")
            else { continue }
            let tagStart = index
            while index < html.count, !isSpace(html[index]), html[index] != UInt8(ascii: ">"),
                html[index] != UInt8(ascii: "/")
            {
                advance()
            }
            let tag = String(decoding: html[tagStart..<index], as: UTF8.self).lowercased()
            // Attributes up to the end of the tag.
            while index < html.count, html[index] != UInt8(ascii: ">") {
                if isSpace(html[index]) || html[index] == UInt8(ascii: "/") {
                    advance()
                    continue
                }
                let nameStart = index
                while index < html.count, !isSpace(html[index]), html[index] != UInt8(ascii: "="),
                    html[index] != UInt8(ascii: ">")
                {
                    advance()
                }
                let name = String(decoding: html[nameStart..<index], as: UTF8.self).lowercased()
                while index < html.count, isSpace(html[index]) { advance() }
                guard index < html.count, html[index] == UInt8(ascii: "=") else { continue }
                advance()
                while index < html.count, isSpace(html[index]) { advance() }
                guard index < html.count else { break }
                let valueStart = index
                let (valueLine, valueColumn) = (line, index - lineStart)
                var value: ArraySlice<UInt8>
                if html[index] == UInt8(ascii: "\"") || html[index] == UInt8(ascii: "'") {
                    let quote = html[index]
                    advance()
                    let inner = index
                    while index < html.count, html[index] != quote { advance() }
                    value = html[inner..<index]
                    if index < html.count { advance() }
                } else {
                    while index < html.count, !isSpace(html[index]), html[index] != UInt8(ascii: ">") { advance() }
                    value = html[valueStart..<index]
                }
                found.append(
                    Attribute(
                        name: name,
                        value: String(decoding: value, as: UTF8.self),
                        range: valueStart..<index,
                        line: valueLine,
                        column: valueColumn,
                        tag: tag
                    )
                )
            }
        }
        return found
    }

    /// `other.md`, `../a/b.md#part?x`, or `#part`.
    static func refersToMarkdown(_ destination: String) -> Bool {
        if destination.hasPrefix("#") { return destination.count > 1 }
        let path = destination.prefix { $0 != "?" && $0 != "#" }
        return path.lowercased().hasSuffix(".md") && !path.contains("://")
    }

    /// The few character references that appear in addresses (`&amp;` between query parts).
    static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        return text.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    private static func enclosingBlock(of node: OpaquePointer) -> OpaquePointer? {
        var current = cmark_node_parent(node)
        while let candidate = current, Int(cmark_node_get_start_line(candidate)) == 0 {
            current = cmark_node_parent(candidate)
        }
        return current
    }
}
