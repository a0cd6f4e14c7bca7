/// Every page ends with a "Sources" list (docs/editing.md). Templates get the body split there, so
/// a list page can show its list of pages before the citations rather than after them.
enum SourcesSection {
    static let headings = ["<h2 id=\"sources\">", "<h2 id=\"fuentes\">"]

    /// The body before the last Sources heading, and the Sources part (empty when there is none).
    static func split(_ html: String) -> (main: String, sources: String) {
        for heading in headings {
            if let range = html.range(of: heading, options: .backwards) {
                return (String(html[..<range.lowerBound]), String(html[range.lowerBound...]))
            }
        }
        return (html, "")
    }
}
