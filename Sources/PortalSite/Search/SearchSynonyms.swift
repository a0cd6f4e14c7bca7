import PortalConfig
import PortalContent
import PortalDiagnostics
import PortalYAML

/// Words that mean the same to a reader ("CEU" and "continuing education"), kept by the content
/// team in `data/search-synonyms.yml`, per language (docs/editing.md):
///
///     en:
///       - [CEU, continuing education]
///
/// A query that contains one of a group's words also finds the pages with the others.
struct SearchSynonyms: Equatable, Sendable {
    static let dataName = "search-synonyms"

    /// Groups of words or phrases per language code, lower-cased, in the file's order.
    var groups: [String: [[String]]] = [:]

    /// Reads the file, if the site has one. Problems are reported with their line when
    /// `diagnostics` is given (the build's load step) and the entries at fault are skipped.
    static func load(
        _ content: ContentSite,
        config: SiteConfig,
        diagnostics: DiagnosticCollector? = nil
    ) -> SearchSynonyms {
        guard let file = content.data[dataName] else { return SearchSynonyms() }
        let codes = config.languages.map(\.code)
        func problem(_ node: YAMLNode, _ message: String, hint: String) {
            diagnostics?.report(
                .error(file.displayPath, line: node.line, column: node.column, rule: "data", message, hint: hint)
            )
        }
        guard file.root.isMapping else {
            problem(
                file.root,
                "the search synonyms must be listed per language",
                hint: "write 'en:' and under it lines such as '- [CEU, continuing education]'"
            )
            return SearchSynonyms()
        }
        var synonyms = SearchSynonyms()
        for pair in file.root.pairs {
            guard codes.contains(pair.key) else {
                let place = YAMLNode(.mapping([]), line: pair.keyLine, column: pair.keyColumn)
                problem(
                    place,
                    "'\(pair.key)' is not a language of this site",
                    hint: "use one of: \(codes.joined(separator: ", ")) (the codes under 'languages:' in site.yml)"
                )
                continue
            }
            guard pair.value.isSequence else {
                problem(
                    pair.value,
                    "the synonyms for '\(pair.key)' must be a list of groups",
                    hint: "write each group on its own line: '- [CEU, continuing education]'"
                )
                continue
            }
            var groups: [[String]] = []
            for group in pair.value.items {
                let words = group.isSequence ? group.items.compactMap { $0.text } : []
                let cleaned = words.map { SearchText.collapsed($0).lowercased() }.filter { !$0.isEmpty }
                guard group.isSequence, cleaned.count == group.items.count, cleaned.count >= 2 else {
                    problem(
                        group,
                        "a group of synonyms needs two or more words or phrases",
                        hint: "write them in square brackets, separated by commas: [CEU, continuing education]"
                    )
                    continue
                }
                groups.append(cleaned)
            }
            synonyms.groups[pair.key] = groups
        }
        return synonyms
    }
}
