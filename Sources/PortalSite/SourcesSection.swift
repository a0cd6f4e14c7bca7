import PortalMarkdown
import PortalSupport

/// Every page ends with a "Sources" list (docs/editing.md). Templates get the body split there, so
/// a list page can show its list of pages before the citations rather than after them.
enum SourcesSection {
    static let ids = ["sources", "fuentes"]
    static let headings = ids.map { Array("<h2 id=\"\($0)\">".utf8) }

    /// The body before the last Sources heading, and the Sources part (empty when there is none).
    /// Only a body with a heading or raw HTML of such an id is searched (a search costs a copy and
    /// a scan of the whole page).
    static func split(_ rendered: RenderedMarkdown) -> (main: String, sources: String) {
        let html = rendered.html
        guard
            rendered.headings.contains(where: { ids.contains($0.id) })
                || rendered.rawHTMLIDs.contains(where: ids.contains)
        else { return (html, "") }
        let bytes = Array(html.utf8)
        for heading in headings {
            if let index = ByteSearch.lastIndex(of: heading, in: bytes) {
                return (
                    String(decoding: bytes[..<index], as: UTF8.self), String(decoding: bytes[index...], as: UTF8.self)
                )
            }
        }
        return (html, "")
    }
}
