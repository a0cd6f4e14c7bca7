import PortalSupport

/// GitHub's alert syntax, `> [!NOTE]` alone on a blockquote's first line, as a labelled note:
/// `<div class="callout callout--note" role="note"><p class="callout__label">Note</p>...</div>`.
/// cmark-gfm writes such a quote as `<blockquote>\n<p>[!NOTE]` followed by a line break or the
/// paragraph's end; with raw HTML left out, every `<blockquote>` in its output is its own, so the
/// closing tag is found by counting.
public enum Callouts {
    public static let kinds = ["note", "tip", "important", "warning", "caution"]

    static let open = Array("<blockquote>\n<p>[!".utf8)
    static let openTag = Array("<blockquote".utf8)
    static let closeTag = Array("</blockquote>".utf8)

    /// `labels`: each kind's visible label in the page's language (the kind, capitalised, without).
    static func render(_ html: [UInt8], labels: [String: String]) -> [UInt8] {
        guard var found = ByteSearch.firstIndex(of: open, in: html) else { return html }
        var output: [UInt8] = []
        output.reserveCapacity(html.count + 256)
        var position = 0
        while true {
            if let callout = parse(html, at: found) {
                let label = labels[callout.kind] ?? callout.kind.prefix(1).uppercased() + callout.kind.dropFirst()
                output.append(contentsOf: html[position..<found])
                output.append(
                    contentsOf: Array(
                        "<div class=\"callout callout--\(callout.kind)\" role=\"note\">\n<p class=\"callout__label\">\(escapeHTML(label))</p>\n"
                            .utf8
                    )
                )
                if callout.keepsParagraph { output.append(contentsOf: Array("<p>".utf8)) }
                // A quote inside a callout may be a callout too.
                output.append(contentsOf: render(Array(html[callout.contentStart..<callout.close]), labels: labels))
                output.append(contentsOf: Array("</div>".utf8))
                position = callout.close + closeTag.count
            }
            guard let next = ByteSearch.firstIndex(of: open, in: html, from: max(position, found + 1)) else { break }
            found = next
        }
        output.append(contentsOf: html[position...])
        return output
    }

    struct Callout {
        var kind: String
        /// Text followed the marker in the same paragraph (after a line break).
        var keepsParagraph: Bool
        var contentStart: Int
        var close: Int
    }

    static func parse(_ html: [UInt8], at start: Int) -> Callout? {
        var index = start + open.count
        var letters: [UInt8] = []
        while index < html.count,
            (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(html[index])
                || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(html[index])
        {
            letters.append(html[index])
            index += 1
        }
        let kind = String(decoding: letters, as: UTF8.self).lowercased()
        guard kinds.contains(kind), index < html.count, html[index] == UInt8(ascii: "]") else { return nil }
        index += 1
        let keepsParagraph: Bool
        if html[index...].starts(with: [UInt8(ascii: "\n")]) {
            keepsParagraph = true
            index += 1
        } else if html[index...].starts(with: Array("</p>\n".utf8)) {
            keepsParagraph = false
            index += 5
        } else {
            return nil  // text on the marker's line: a quote, as on GitHub
        }
        guard let close = matchingClose(html, after: start + openTag.count) else { return nil }
        return Callout(kind: kind, keepsParagraph: keepsParagraph, contentStart: index, close: close)
    }

    /// The `</blockquote>` that closes the one opened just before `position`.
    static func matchingClose(_ html: [UInt8], after position: Int) -> Int? {
        var depth = 1
        var index = position
        while depth > 0 {
            guard let close = ByteSearch.firstIndex(of: closeTag, in: html, from: index) else { return nil }
            if let nested = ByteSearch.firstIndex(of: openTag, in: html, from: index), nested < close {
                depth += 1
                index = nested + openTag.count
            } else {
                depth -= 1
                if depth == 0 { return close }
                index = close + closeTag.count
            }
        }
        return nil
    }
}
