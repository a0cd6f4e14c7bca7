import PortalDiagnostics
import PortalYAML

/// A permalink pattern from `site.yml`, e.g. `/articles/:year/:month/:slug/`, with its line.
public struct PermalinkPattern: Sendable, Hashable {
    public var text: String
    public var line: Int

    /// The tokens a pattern may use, as Hugo names them.
    public static let tokens: Set<String> = [
        "year", "month", "day", "slug", "title", "section", "sections", "filename", "contentbasename",
        "slugorfilename", "slugorcontentbasename",
    ]
}

/// How a site migrated from Hugo lays out its addresses and lists: `permalinks:`, `taxonomies:`
/// and `paginate:` in `site.yml`, read as Hugo reads them.
public struct HugoSettings: Sendable {
    /// Patterns by page kind (`page`, `section`), then by top-level section folder (`/` for the top).
    public var permalinks: [String: [String: PermalinkPattern]] = [:]
    /// Taxonomies as Hugo declares them, singular to plural (`topic: topics`); the plural is the
    /// front matter key and the address.
    public var taxonomies: [(singular: String, plural: String)] = HugoSettings.defaultTaxonomies
    /// Items per list page for every section; nil lists everything on one page.
    public var paginate: Int?

    /// Hugo's own two, and this portal's `topics`.
    /// Folders the build writes its own files into: no taxonomy list may be published there.
    static let reservedFolders: Set<String> = ["assets", "search-index"]

    public static let defaultTaxonomies = [
        (singular: "topic", plural: "topics"), (singular: "tag", plural: "tags"),
        (singular: "category", plural: "categories"),
    ]

    public init() {}

    static func read(_ root: YAMLNode, file: String, problems: inout [Diagnostic]) -> HugoSettings {
        var settings = HugoSettings()
        if let node = root["permalinks"] {
            settings.permalinks = readPermalinks(node, file: file, problems: &problems)
        }
        if let node = root["taxonomies"] {
            if node.isMapping {
                settings.taxonomies = node.pairs.compactMap { pair in
                    guard let plural = pair.value.text, isSegment(plural), isSegment(pair.key) else {
                        problems.append(
                            .error(
                                file,
                                line: pair.value.line,
                                column: pair.value.column,
                                rule: "config",
                                "taxonomy '\(pair.key)' needs a plural name of letters, digits and '-'",
                                hint: "write e.g. 'taxonomies: {topic: topics, tag: tags}'"
                            )
                        )
                        return nil
                    }
                    // The list would take the place of a language's pages or of a folder the build writes.
                    let languages = root["languages"]?.pairs.map(\.key) ?? []
                    if languages.contains(plural) || reservedFolders.contains(plural) {
                        problems.append(
                            .error(
                                file,
                                line: pair.value.line,
                                column: pair.value.column,
                                rule: "config",
                                "the taxonomy '\(pair.key)' cannot be listed at /\(plural)/: that address is taken by "
                                    + (languages.contains(plural) ? "a language's pages" : "files the build writes"),
                                hint: "choose another plural name, e.g. '\(plural)-list'"
                            )
                        )
                        return nil
                    }
                    return (pair.key, plural)
                }
            } else if node.isNull {
                settings.taxonomies = []
            } else {
                problems.append(
                    .error(
                        file,
                        line: node.line,
                        column: node.column,
                        rule: "config",
                        "'taxonomies' must map each singular name to its plural",
                        hint: "write e.g. 'taxonomies: {topic: topics, tag: tags}', or 'taxonomies: {}' for none"
                    )
                )
            }
        }
        // Hugo's old `paginate: 10` and its newer `pagination: {pagerSize: 10}`.
        let size = root["paginate"] ?? root["pagination"]?["pagerSize"] ?? root["pagination"]?["pager_size"]
        if let size {
            if let number = size.int, number > 0 {
                settings.paginate = number
            } else {
                problems.append(
                    .error(
                        file,
                        line: size.line,
                        column: size.column,
                        rule: "config",
                        "'paginate' must be a whole number above 0, found \(size.kindDescription)",
                        hint: "write e.g. 'paginate: 20' (items per list page)"
                    )
                )
            }
        }
        return settings
    }

    /// `permalinks: {page: {posts: ...}, section: {...}}`, or Hugo's older `permalinks: {posts: ...}`
    /// for pages only.
    private static func readPermalinks(
        _ node: YAMLNode,
        file: String,
        problems: inout [Diagnostic]
    ) -> [String: [String: PermalinkPattern]] {
        var result: [String: [String: PermalinkPattern]] = [:]
        func add(kind: String, _ pair: YAMLPair) {
            guard let text = pair.value.text else {
                problems.append(
                    .error(
                        file,
                        line: pair.value.line,
                        column: pair.value.column,
                        rule: "config",
                        "the permalink for '\(pair.key)' must be a pattern, found \(pair.value.kindDescription)",
                        hint: "write e.g. '\(pair.key): /\(pair.key)/:year/:slug/'"
                    )
                )
                return
            }
            if let problem = patternProblem(text) {
                problems.append(
                    .error(
                        file,
                        line: pair.value.line,
                        column: pair.value.column,
                        rule: "config",
                        "the permalink '\(text)' \(problem)",
                        hint:
                            "use :year, :month, :day, :slug, :title, :section, :sections, :filename or :contentbasename between '/'"
                    )
                )
                return
            }
            let section = pair.key == "/" ? "/" : pair.key.trimmingSlashes
            result[kind, default: [:]][section] = PermalinkPattern(text: text, line: pair.value.line)
        }
        for pair in node.pairs {
            if ["page", "section"].contains(pair.key), pair.value.isMapping {
                for inner in pair.value.pairs { add(kind: pair.key, inner) }
            } else if ["taxonomy", "term"].contains(pair.key) {
                continue  // the taxonomy pages keep their `/topics/term/` addresses
            } else {
                add(kind: "page", pair)
            }
        }
        return result
    }

    /// Nil when every `:token` is known and no segment could leave the output folder.
    static func patternProblem(_ pattern: String) -> String? {
        for segment in pattern.split(separator: "/") {
            if segment == ".." || segment == "." { return "would leave the site's folder" }
            var rest = segment[...]
            while let colon = rest.firstIndex(of: ":") {
                let after = rest[rest.index(after: colon)...]
                let name = after.prefix { $0.isLetter }
                if !PermalinkPattern.tokens.contains(String(name)) { return "uses an unknown token ':\(name)'" }
                rest = after.dropFirst(name.count)
            }
        }
        return nil
    }

    private static func isSegment(_ text: String) -> Bool {
        !text.isEmpty
            && text.unicodeScalars.allSatisfy {
                ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "-"
                    || $0 == "_"
            }
    }
}

extension String {
    var trimmingSlashes: String {
        split(separator: "/").joined(separator: "/")
    }
}
