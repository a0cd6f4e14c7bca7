import PortalSupport

/// Every page ends with a "Sources" list (docs/editing.md). Templates get the body split there, so
/// a list page can show its list of pages before the citations rather than after them.
enum SourcesSection {
    static let headings = ["<h2 id=\"sources\">", "<h2 id=\"fuentes\">"].map { Array($0.utf8) }

    /// The body before the last Sources heading, and the Sources part (empty when there is none).
    static func split(_ html: String) -> (main: String, sources: String) {
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
