import CCmarkGFM
import Foundation

/// Renders a page body: heading ids, rewritten link destinations, HTML.
public enum PageBodyRenderer {
    /// Marks a heading's first child so that the id can be written into its start tag afterwards.
    static let headingMarker = "\u{1}"

    /// - Parameters:
    ///   - lineOffset: lines before the Markdown body in its file (the front matter).
    ///   - rewrite: gets every link and image destination; returns the new destination, or nil
    ///     to leave it as written.
    ///   - language: the page's language, for the callouts' labels.
    public static func render(
        _ markdown: String,
        options: MarkdownOptions,
        lineOffset: Int = 0,
        language: String = "",
        rewrite: (LinkReference) -> String?
    ) -> RenderedMarkdown {
        // The document, its tree and its HTML live in this thread's arena and are gone (copied
        // into Swift values) before it is rewound.
        MarkdownArena.withArena {
            renderDocument(markdown, options: options, lineOffset: lineOffset, language: language, rewrite: rewrite)
        }
    }

    private static func renderDocument(
        _ markdown: String,
        options: MarkdownOptions,
        lineOffset: Int,
        language: String,
        rewrite: (LinkReference) -> String?
    ) -> RenderedMarkdown {
        let document = MarkdownDocument(markdown, options: options)
        let nodes = document.nodes(ofTypes: [
            CMARK_NODE_HEADING, CMARK_NODE_LINK, CMARK_NODE_IMAGE, CMARK_NODE_HTML_BLOCK, CMARK_NODE_HTML_INLINE,
        ])
        let headings = markHeadings(nodes[CMARK_NODE_HEADING] ?? [], lineOffset: lineOffset)
        rewriteLinks(
            nodes[CMARK_NODE_LINK] ?? [],
            nodes[CMARK_NODE_IMAGE] ?? [],
            lineOffset: lineOffset,
            rewrite: rewrite
        )
        let htmlNodes = (nodes[CMARK_NODE_HTML_BLOCK] ?? []) + (nodes[CMARK_NODE_HTML_INLINE] ?? [])
        let rawIDs =
            options.allowRawHTML
            ? RawHTMLLinks.process(htmlNodes, lineOffset: lineOffset, rewrite: rewrite) : []
        var html = HTMLPostProcess.insertHeadingIDs(
            document.renderHTMLBytes(),
            ids: headings.map { ($0.level, $0.id, $0.attributesHTML) }
        )
        if !options.allowRawHTML {
            html = HTMLPostProcess.replaceAlignAttributes(html)
            // With raw HTML allowed, a page's own <blockquote> tags would confuse the counting.
            html = Callouts.render(html, labels: options.calloutLabels[language] ?? [:])
        }
        var dropped: [Int] = []
        if !options.allowRawHTML {
            for node in htmlNodes {
                let literal = cmark_node_get_literal(node).map { String(cString: $0) } ?? ""
                if literal.trimmingCharacters(in: .whitespacesAndNewlines).hasPrefix("<!--") { continue }
                dropped.append(Int(cmark_node_get_start_line(node)) + lineOffset)
            }
        }
        return RenderedMarkdown(
            html: String(decoding: html, as: UTF8.self),
            headings: headings,
            droppedHTMLLines: Array(Set(dropped)).sorted(),
            rawHTMLIDs: rawIDs
        )
    }

    static func markHeadings(_ nodes: [OpaquePointer], lineOffset: Int) -> [Heading] {
        // `{#id .class}` first: ids written by hand are reserved, so no made-up id takes one.
        let attributes = nodes.map { HeadingAttributes.take(from: $0) }
        var registry = SlugRegistry(reserved: attributes.compactMap { $0?.id })
        var headings: [Heading] = []
        for (node, written) in zip(nodes, attributes) {
            let text = plainText(of: node).trimmingCharacters(in: .whitespaces)
            let id = written?.id ?? registry.unique(text)
            headings.append(
                Heading(
                    level: Int(cmark_node_get_heading_level(node)),
                    id: id,
                    text: text,
                    line: Int(cmark_node_get_start_line(node)) + lineOffset,
                    attributesHTML: written?.extraHTML ?? "",
                    refusedAttributes: written?.refused ?? []
                )
            )
            if let marker = cmark_node_new_with_mem(CMARK_NODE_CUSTOM_INLINE, MarkdownArena.mem) {
                cmark_node_set_on_enter(marker, headingMarker)
                cmark_node_prepend_child(node, marker)
            }
        }
        return headings
    }

    static func rewriteLinks(
        _ links: [OpaquePointer],
        _ images: [OpaquePointer],
        lineOffset: Int,
        rewrite: (LinkReference) -> String?
    ) {
        for (type, nodes) in [(CMARK_NODE_LINK, links), (CMARK_NODE_IMAGE, images)] {
            for node in nodes {
                guard let pointer = cmark_node_get_url(node) else { continue }
                var line = Int(cmark_node_get_start_line(node))
                var column = Int(cmark_node_get_start_column(node))
                if line == 0, let parent = enclosingBlock(of: node) {
                    line = Int(cmark_node_get_start_line(parent))
                    column = Int(cmark_node_get_start_column(parent))
                }
                let reference = LinkReference(
                    destination: String(cString: pointer),
                    isImage: type == CMARK_NODE_IMAGE,
                    line: line + lineOffset,
                    column: column
                )
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

}
