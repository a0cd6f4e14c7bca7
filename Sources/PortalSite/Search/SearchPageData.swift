import Foundation
import PortalConfig
import PortalContent

/// What the `search` layout sees besides the usual data (`search` in docs/ARCHITECTURE.md):
/// the index files to load, the reader's language first, and the list of every findable page
/// of the reader's language from A to Z, which is the search page without JavaScript.
enum SearchPageData {
    static func value(
        for page: Page,
        content: ContentSite,
        config: SiteConfig,
        excluded: Set<Int>,
        link: (String) -> String
    ) -> [String: Any] {
        // The reader's language first: its results come first.
        let ordered =
            config.languages.filter { $0.code == page.language } + config.languages.filter { $0.code != page.language }
        let indexes = ordered.map { language in
            ["lang": language.code, "name": language.name, "url": link(SearchIndex.path(language: language.code))]
        }
        let pages = content.pages.filter {
            $0.language == page.language && SearchIndex.isFindable($0, excluded: excluded)
        }
        return [
            "indexes": indexes,
            "a_to_z": aToZ(pages, content: content, link: link),
            "page_count": pages.count,
        ]
    }

    /// Pages grouped by the first letter of their title, letters and titles compared without
    /// case or accents ("Ética" under E), ties broken by address so the order never varies.
    static func aToZ(_ pages: [Page], content: ContentSite, link: (String) -> String) -> [[String: Any]] {
        let keyed = pages.map { page in (key: sortKey(page.frontMatter.title), page: page) }
            .sorted { ($0.key, $0.page.url) < ($1.key, $1.page.url) }
        var groups: [[String: Any]] = []
        var letter = ""
        var entries: [[String: Any]] = []
        func flush() {
            guard !entries.isEmpty else { return }
            let id = letter == "#" ? "az-other" : "az-" + letter.lowercased()
            groups.append(["letter": letter, "id": id, "pages": entries])
            entries = []
        }
        for (key, page) in keyed {
            let first = key.first.map { $0.isLetter ? String($0).uppercased() : "#" } ?? "#"
            if first != letter {
                flush()
                letter = first
            }
            let section = page.parentSection.flatMap { index -> String? in
                content.pages[index].kind == .home ? nil : content.pages[index].frontMatter.title
            }
            var entry: [String: Any] = ["title": page.frontMatter.title, "url": link(page.url)]
            if let section { entry["section"] = section }
            entries.append(entry)
        }
        flush()
        return groups
    }

    static func sortKey(_ title: String) -> String {
        title.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
            .drop { !$0.isLetter && !$0.isNumber }.description
    }
}
