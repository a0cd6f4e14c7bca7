import Foundation
import CCmarkGFM

/// Renders a page body: heading ids, rewritten link destinations, HTML.
public enum PageBodyRenderer {
    /// Marks a heading's first child so that the id can be written into its start tag afterwards.
    static let headingMarker = "\u{1}"

    /// - Parameters:
    ///   - lineOffset: lines before the Markdown body in its file (the front matter).
    ///   - rewrite: gets every link and image destination; returns the new destination, or nil
    ///     to leave it as written.
    public static func render(
        _ markdown: String, options: MarkdownOptions, lineOffset: Int = 0,
        rewrite: (LinkReference) -> String?
    ) -> RenderedMarkdown {
        let document = MarkdownDocument(markdown, options: options)
        let headings = markHeadings(in: document, lineOffset: lineOffset)
        rewriteLinks(in: document, lineOffset: lineOffset, rewrite: rewrite)
        var html = insertHeadingIDs(document.renderHTML(), headings: headings)
        if !options.allowRawHTML { html = replaceAlignAttributes(html) }
        return RenderedMarkdown(html: html, headings: headings)
    }

    static func markHeadings(in document: MarkdownDocument, lineOffset: Int) -> [Heading] {
        var registry = SlugRegistry()
        var headings: [Heading] = []
        for node in document.nodes(ofType: CMARK_NODE_HEADING) {
            let text = plainText(of: node).trimmingCharacters(in: .whitespaces)
            let id = registry.unique(text)
            headings.append(
                Heading(
                    level: Int(cmark_node_get_heading_level(node)), id: id, text: text,
                    line: Int(cmark_node_get_start_line(node)) + lineOffset))
            if let marker = cmark_node_new(CMARK_NODE_CUSTOM_INLINE) {
                cmark_node_set_on_enter(marker, headingMarker)
                cmark_node_prepend_child(node, marker)
            }
        }
        return headings
    }

    static func rewriteLinks(
        in document: MarkdownDocument, lineOffset: Int, rewrite: (LinkReference) -> String?
    ) {
        for type in [CMARK_NODE_LINK, CMARK_NODE_IMAGE] {
            for node in document.nodes(ofType: type) {
                guard let pointer = cmark_node_get_url(node) else { continue }
                var line = Int(cmark_node_get_start_line(node))
                var column = Int(cmark_node_get_start_column(node))
                if line == 0, let parent = enclosingBlock(of: node) {
                    line = Int(cmark_node_get_start_line(parent))
                    column = Int(cmark_node_get_start_column(parent))
                }
                let reference = LinkReference(
                    destination: String(cString: pointer), isImage: type == CMARK_NODE_IMAGE,
                    line: line + lineOffset, column: column)
                if let replacement = rewrite(reference) {
                    cmark_node_set_url(node, replacement)
                }
            }
        }
    }

    private static func enclosingBlock(of node: OpaquePointer) -> OpaquePointer? {
        var current = cmark_node_parent(node)
        while let candidate = current, Int(cmark_node_get_start_line(candidate)) == 0 {
            current = cmark_node_parent(candidate)
        }
        return current
    }

    /// `<h2>\u{1}Text` becomes `<h2 id="text">Text`, heading by heading in document order.
    static func insertHeadingIDs(_ html: String, headings: [Heading]) -> String {
        guard !headings.isEmpty else { return html }
        var output = ""
        output.reserveCapacity(html.utf8.count + headings.count * 24)
        var remaining = Substring(html)
        for heading in headings {
            let tag = "<h\(heading.level)>\(headingMarker)"
            guard let range = remaining.range(of: tag) else { break }
            output += remaining[..<range.lowerBound]
            output += "<h\(heading.level) id=\"\(heading.id)\">"
            remaining = remaining[range.upperBound...]
        }
        output += remaining
        return output
    }

    /// GFM tables write `align="center"`, obsolete in HTML; a class keeps the site valid and
    /// free of inline styles (the theme styles `.align-center`).
    static func replaceAlignAttributes(_ html: String) -> String {
        guard html.contains(" align=\"") else { return html }
        var result = html
        for alignment in ["left", "center", "right"] {
            result = result.replacingOccurrences(
                of: " align=\"\(alignment)\"", with: " class=\"align-\(alignment)\"")
        }
        return result
    }
}
