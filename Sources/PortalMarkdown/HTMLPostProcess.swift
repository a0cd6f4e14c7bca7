import PortalSupport

/// Byte-level edits of rendered HTML. Foundation's string search is slow on Linux, and these run
/// on every page, so they work on UTF-8 bytes directly.
enum HTMLPostProcess {
    /// `<h2>\u{1}Text` becomes `<h2 id="text">Text`, heading by heading in document order;
    /// `extra` is the heading's other attributes (` class="..."`), already escaped.
    static func insertHeadingIDs(_ html: [UInt8], ids: [(level: Int, id: String, extra: String)]) -> [UInt8] {
        guard !ids.isEmpty else { return html }
        var output: [UInt8] = []
        output.reserveCapacity(html.count + ids.count * 24)
        var position = 0
        for (level, id, extra) in ids {
            let tag: [UInt8] = Array("<h\(level)>".utf8) + [1]
            guard let found = ByteSearch.firstIndex(of: tag, in: html, from: position) else { break }
            output.append(contentsOf: html[position..<found])
            output.append(contentsOf: Array("<h\(level) id=\"\(escapeHTML(id))\"\(extra)>".utf8))
            position = found + tag.count
        }
        output.append(contentsOf: html[position...])
        return output
    }

    /// GFM tables write `align="center"`, obsolete in HTML; a class keeps the page valid and
    /// free of inline styles (the theme styles `.align-center`).
    static func replaceAlignAttributes(_ html: [UInt8]) -> [UInt8] {
        let needle = Array(" align=\"".utf8)
        guard var found = ByteSearch.firstIndex(of: needle, in: html) else { return html }
        var output: [UInt8] = []
        output.reserveCapacity(html.count + 64)
        var position = 0
        let replacement = Array(" class=\"align-".utf8)
        while true {
            output.append(contentsOf: html[position..<found])
            output.append(contentsOf: replacement)
            position = found + needle.count
            guard let next = ByteSearch.firstIndex(of: needle, in: html, from: position) else { break }
            found = next
        }
        output.append(contentsOf: html[position...])
        return output
    }
}
