import Foundation
import PortalDiagnostics
import PortalYAML

/// The settings at the top of a page, between the `---` lines.
public struct FrontMatter: Sendable {
    public var title: String = ""
    public var description: String = ""
    public var weight: Int = 0
    public var draft: Bool = false
    /// The last part of the address; `a/b` (Hugo accepts it) makes nested folders.
    public var slug: String?
    /// Hugo's `url`: the whole address. From the site's root when it starts with `/`, else from
    /// the language's root (`es/`).
    public var url: (path: String, fromSiteRoot: Bool, line: Int)?
    public var date: YAMLDate?
    public var updated: YAMLDate?
    /// Hugo's `expirydate`: from that day on the page is left out (`portal build --expired` keeps it).
    public var expiry: YAMLDate?
    /// When an editor last checked the page's facts; pages show it, or `updated` without it.
    public var reviewed: YAMLDate?
    /// Old site paths that must redirect to this page, with the line each was written on.
    public var aliases: [(path: String, line: Int)] = []
    public var layout: String?
    public var layoutLine: Int = 0
    public var topics: [String] = []
    /// Every key, known or not, for templates (`page.params.anything`).
    public var raw: YAMLNode?

    public init() {}
}

/// Reads and checks front matter keys, collecting every problem rather than stopping at the first.
enum FrontMatterReader {
    static let knownKeys: Set<String> = [
        "title", "description", "weight", "draft", "slug", "date", "updated", "reviewed", "aliases", "layout",
        "topics", "expirydate", "expiryDate", "url",
    ]

    static func read(_ written: YAMLNode?, file: String, firstLine: Int) -> (FrontMatter, [Diagnostic]) {
        var matter = FrontMatter()
        var problems: [Diagnostic] = []
        guard let written, written.isMapping else {
            problems.append(
                .error(
                    file,
                    line: firstLine,
                    rule: "front-matter",
                    "the front matter must be keys and values, such as 'title: My page'",
                    hint: "write one 'key: value' per line between the two '---' lines"
                )
            )
            return (matter, problems)
        }
        // An empty key (`weight:`) is as if it were not written, as in Hugo.
        let node = written.withoutEmptyValues
        matter.raw = node
        problems += Self.typos(in: node, file: file)

        func wrongType(_ key: String, _ value: YAMLNode, expected: String, hint: String) {
            problems.append(
                .error(
                    file,
                    line: value.line,
                    column: value.column,
                    rule: "front-matter",
                    "'\(key)' must be \(expected), found \(value.kindDescription)",
                    hint: hint
                )
            )
        }

        if let title = node["title"] {
            // Not `trimmingCharacters`, which goes through NSString for every page.
            if let text = title.text, text.unicodeScalars.contains(where: { !CharacterSet.whitespaces.contains($0) }) {
                matter.title = text
            } else {
                wrongType("title", title, expected: "text", hint: "write the page title after 'title: '")
            }
        } else {
            problems.append(
                .error(
                    file,
                    line: firstLine,
                    rule: "front-matter",
                    "the page has no 'title'",
                    hint: "add a line 'title: Your page title' between the '---' lines"
                )
            )
        }
        if let description = node["description"], let text = description.text {
            matter.description = text
        } else {
            problems.append(
                .warning(
                    file,
                    line: firstLine,
                    rule: "missing-description",
                    "the page has no 'description'",
                    hint:
                        "add 'description: One plain sentence about the page'; listings, search and link previews show it"
                )
            )
        }
        if let weight = node["weight"] {
            if let number = weight.int {
                matter.weight = number
            } else {
                wrongType(
                    "weight",
                    weight,
                    expected: "a number",
                    hint: "write a whole number such as 10; pages with lower numbers come first"
                )
            }
        }
        if let draft = node["draft"] {
            if let flag = draft.bool {
                matter.draft = flag
            } else {
                wrongType("draft", draft, expected: "true or false", hint: "write 'draft: true' or 'draft: false'")
            }
        }
        if let slug = node["slug"] {
            if let text = slug.text, let problem = SlugRules.problem(withPath: text) {
                problems.append(
                    .error(
                        file,
                        line: slug.line,
                        column: slug.column,
                        rule: "slug",
                        "'slug' \(problem)",
                        hint: "use lowercase letters, digits and '-' only, e.g. 'slug: my-page'"
                    )
                )
            } else if let text = slug.text {
                matter.slug = text.split(separator: "/").joined(separator: "/")
            } else {
                wrongType("slug", slug, expected: "text", hint: "write e.g. 'slug: my-page'")
            }
        }
        if let url = node["url"] {
            if let text = url.text, let problem = SlugRules.problem(withPath: text) {
                problems.append(
                    .error(
                        file,
                        line: url.line,
                        column: url.column,
                        rule: "url",
                        "'url' \(problem)",
                        hint: "write the page's address as folders, e.g. 'url: /about/team/'"
                    )
                )
            } else if let text = url.text {
                matter.url = (text.split(separator: "/").joined(separator: "/"), text.hasPrefix("/"), url.line)
            } else {
                wrongType("url", url, expected: "an address", hint: "write e.g. 'url: /about/team/'")
            }
        }
        for key in ["date", "updated", "reviewed", "expirydate", "expiryDate"] {
            guard let value = node[key] else { continue }
            if let date = value.date {
                switch key {
                case "date": matter.date = date
                case "updated": matter.updated = date
                case "reviewed": matter.reviewed = date
                default: matter.expiry = date
                }
            } else {
                wrongType(
                    key,
                    value,
                    expected: "a date",
                    hint: "write the date as YYYY-MM-DD, e.g. '\(key): 2026-11-24'"
                )
            }
        }
        if let aliases = node["aliases"] {
            let items = aliases.isSequence ? aliases.items : [aliases]
            for item in items {
                guard let path = item.text, let normalized = SlugRules.normalizedAlias(path) else {
                    wrongType(
                        "aliases",
                        item,
                        expected: "a list of old paths on this site",
                        hint: "write e.g. 'aliases: [/old/page/]'; paths may not contain '..'"
                    )
                    continue
                }
                matter.aliases.append((normalized, item.line))
            }
        }
        if let paginate = node["paginate"], (paginate.int ?? 0) < 1 {
            wrongType(
                "paginate",
                paginate,
                expected: "a whole number above 0",
                hint: "write e.g. 'paginate: 20' (items per list page)"
            )
        }
        if let layout = node["layout"] {
            if let text = layout.text {
                matter.layout = text
                matter.layoutLine = layout.line
            } else {
                wrongType("layout", layout, expected: "a layout name", hint: "write e.g. 'layout: page'")
            }
        }
        if let topics = node["topics"] {
            if topics.isSequence, topics.items.allSatisfy({ $0.text != nil }) {
                matter.topics = topics.items.compactMap(\.text)
            } else if let single = topics.text {
                matter.topics = [single]
            } else {
                wrongType(
                    "topics",
                    topics,
                    expected: "a list of words",
                    hint: "write e.g. 'topics: [boundaries, stress]'"
                )
            }
        }
        return (matter, problems)
    }
}

extension FrontMatterReader {
    /// Keys the builder or the default theme reads besides `knownKeys`.
    static let allKnownKeys = knownKeys.union(otherKnownKeys)
    /// In a fixed order, so that the closest of two equally close keys is always the same one.
    static let sortedKnownKeys = allKnownKeys.sorted()
    static let otherKnownKeys: Set<String> = [
        "paginate", "tags", "categories", "form", "menu_title", "referral_category", "urgent_signs", "many_signs",
    ]

    /// A key close to a known one is most likely a typo (`descripton:`): say which one was meant.
    /// Other unknown keys are the theme's own (`page.params.anything`) and pass.
    static func typos(in node: YAMLNode, file: String) -> [Diagnostic] {
        node.pairs.compactMap { pair in
            guard !allKnownKeys.contains(pair.key), pair.key.count >= 4,
                let close = EditDistance.closest(to: pair.key, among: sortedKnownKeys, within: 2)
            else { return nil }
            return .warning(
                file,
                line: pair.keyLine,
                column: pair.keyColumn,
                rule: "unknown-key",
                "unknown key '\(pair.key)': did you mean '\(close)'?",
                hint: "rename it to '\(close)'; as written, the build ignores it"
            )
        }
    }
}

/// What a slug may be: one safe path segment that cannot leave the output folder.
public enum SlugRules {
    public static func problem(with slug: String) -> String? {
        if slug.isEmpty { return "is empty" }
        if slug == "." || slug == ".." || slug.contains("/") || slug.contains("\\") {
            return "'\(slug)' would escape the page's folder"
        }
        let allowed = slug.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
                || $0 == "-" || $0 == "_" || $0 == "."
        }
        return allowed ? nil : "'\(slug)' has characters that do not belong in a web address"
    }

    /// A path of slugs (`guides/first-steps`, Hugo's nested `slug` or `url`); `/` alone is the root.
    public static func problem(withPath path: String) -> String? {
        if path.trimmingCharacters(in: .whitespaces).isEmpty { return "is empty" }
        if path.contains("://") || path.contains("?") || path.contains("#") {
            return "'\(path)' must be an address on this site, without '?' or '#'"
        }
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        for (index, segment) in segments.enumerated() {
            // Leading and trailing slashes are fine (`/about/`); `a//b` is not.
            if segment.isEmpty && index != 0 && index != segments.count - 1 {
                return "'\(path)' has an empty folder ('//')"
            }
            if segment.isEmpty { continue }
            if segment.hasSuffix(".html") || segment.hasSuffix(".htm") {
                return "'\(path)' names a file; portal writes every page as a folder with an index.html"
            }
            if let problem = problem(with: segment) {
                return problem.replacingOccurrences(of: "'\(segment)'", with: "'\(path)'")
            }
        }
        return nil
    }

    /// `/old/page` becomes `old/page/`; nil for paths with `..` or a scheme.
    public static func normalizedAlias(_ path: String) -> String? {
        let segments = path.split(separator: "/").map(String.init)
        guard !segments.isEmpty, !path.contains("://"),
            segments.allSatisfy({ $0 != ".." && $0 != "." && !$0.isEmpty })
        else { return nil }
        return segments.joined(separator: "/") + "/"
    }
}
