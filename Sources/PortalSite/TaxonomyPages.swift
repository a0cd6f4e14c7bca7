import PortalConfig
import PortalContent
import PortalDiagnostics
import PortalMarkdown
import PortalTheme
import PortalYAML

/// Hugo's taxonomies: for every taxonomy of `site.yml` (`topics` unless it says otherwise) and
/// language, a page listing its terms with counts (`/topics/`) and one page per term listing the
/// pages that have it (`/topics/self-care/`). A page written at one of those addresses
/// (`content/topics/_index.md`) is kept, with the generated list, as in Hugo.
enum TaxonomyPages {
    static func add(
        to content: inout ContentSite,
        config: SiteConfig,
        theme: Theme,
        diagnostics: DiagnosticCollector
    ) {
        let defaultLanguage = config.defaultLanguage.code
        let realPages = content.pages.count
        for language in config.languages.map(\.code) {
            guard let home = content.homeByLanguage[language] else { continue }
            let prefix = language == defaultLanguage ? "" : language + "/"
            func string(_ key: String) -> String? {
                theme.strings[language]?[key]?.text ?? theme.strings[defaultLanguage]?[key]?.text
            }
            for (_, plural) in config.hugo.taxonomies {
                // Terms by slug, so `Self-care` and `self care` are one term (Hugo merges them too).
                var terms: [String: (name: String, pages: [Int])] = [:]
                // By index, and only pages that have the key are read whole (a page is a large value).
                for index in 0..<realPages
                where content.pages[index].language == language && content.pages[index].frontMatter.raw?[plural] != nil
                {
                    let page = content.pages[index]
                    for name in termNames(page, key: plural, diagnostics: diagnostics) {
                        let slug = Slug.make(name)
                        guard !slug.isEmpty else { continue }
                        // The first spelling in page order names the term, whatever the file order.
                        terms[slug, default: (name, [])].pages.append(page.index)
                    }
                }
                guard !terms.isEmpty else { continue }
                let listURL = prefix + plural + "/"
                let title = string("taxonomy_" + plural) ?? plural.prefix(1).uppercased() + plural.dropFirst()
                let list = place(
                    generated(
                        kind: .taxonomy,
                        title: title,
                        description: (string("taxonomy_description") ?? "{taxonomy}: every entry and its pages.")
                            .replacingOccurrences(of: "{taxonomy}", with: title),
                        language: language,
                        directory: plural,
                        baseName: "_taxonomy",
                        url: listURL,
                        parent: home,
                        theme: theme
                    ),
                    in: &content
                )
                var termPages: [Int] = []
                for slug in terms.keys.sorted() {
                    guard let term = terms[slug] else { continue }
                    let page = place(
                        generated(
                            kind: .term,
                            title: term.name,
                            description: (string("term_description") ?? "Pages on “{term}”.")
                                .replacingOccurrences(of: "{term}", with: term.name),
                            language: language,
                            directory: plural,
                            baseName: slug,
                            url: listURL + slug + "/",
                            parent: list,
                            theme: theme
                        ),
                        in: &content
                    )
                    // Sorted first: the pages must not be shared while one of them changes (a copy of them all).
                    let order = listingOrder(Array(Set(term.pages)), content.pages)
                    content.pages[page].children = order
                    termPages.append(page)
                }
                content.pages[list].children = termPages
            }
        }
        // Taxonomy and term pages of the same address in each language are translations.
        var byKey: [String: [Int]] = [:]
        for index in content.pages.indices.dropFirst(realPages) {
            byKey[content.pages[index].translationKey, default: []].append(index)
        }
        for group in byKey.values {
            for index in group {
                for other in group where other != index {
                    content.pages[index].translations[content.pages[other].language] = other
                }
            }
        }
    }

    /// A page's terms for one taxonomy: a list of words, or one word.
    static func termNames(_ page: Page, key: String, diagnostics: DiagnosticCollector) -> [String] {
        guard let node = page.frontMatter.raw?[key] else { return [] }
        if let names = termNames(page, key: key) { return names }
        // `topics` is checked with the rest of the front matter.
        if key != "topics" {
            diagnostics.report(
                .error(
                    page.displayPath,
                    line: node.line,
                    column: node.column,
                    rule: "front-matter",
                    "'\(key)' must be a list of words, found \(node.kindDescription)",
                    hint: "write e.g. '\(key): [first, second]'"
                )
            )
        }
        return []
    }

    /// A page's terms for one taxonomy, without a word on a wrong shape: nil then.
    static func termNames(_ page: Page, key: String) -> [String]? {
        guard let node = page.frontMatter.raw?[key] else { return [] }
        if let single = node.text { return [single] }
        if node.isSequence, node.items.allSatisfy({ $0.text != nil }) { return node.items.compactMap(\.text) }
        return nil
    }

    /// Site path of a term's page: `topics/self-care/`, under `es/` in Spanish.
    static func termURL(_ name: String, plural: String, language: String, config: SiteConfig) -> String? {
        let slug = Slug.make(name)
        guard !slug.isEmpty else { return nil }
        return (language == config.defaultLanguage.code ? "" : language + "/") + plural + "/" + slug + "/"
    }

    /// Newest first, as Hugo lists pages with dates; then by title, then by file.
    static func listingOrder(_ indices: [Int], _ pages: [Page]) -> [Int] {
        // Each page's keys once: comparing would otherwise copy two pages and lowercase two
        // titles for each of the n log n comparisons (a tenth of a second at 10,000 pages).
        let keyed = indices.map { index in
            (
                index: index, date: pages[index].frontMatter.date, title: pages[index].frontMatter.title.lowercased(),
                source: pages[index].sourcePath
            )
        }
        return keyed.sorted { left, right in
            if left.date != right.date {
                guard let leftDate = left.date else { return false }
                guard let rightDate = right.date else { return true }
                return leftDate > rightDate
            }
            if left.title != right.title { return left.title < right.title }
            return left.source < right.source
        }.map(\.index)
    }

    private static func generated(
        kind: PageKind,
        title: String,
        description: String,
        language: String,
        directory: String,
        baseName: String,
        url: String,
        parent: Int,
        theme: Theme
    ) -> Page {
        var matter = FrontMatter()
        matter.title = title
        matter.description = description
        // A theme without its own taxonomy or term layout shows them as sections.
        matter.layout = theme.hasLayout(kind.rawValue) ? kind.rawValue : "section"
        var page = Page(
            index: 0,
            sourcePath: "\(language):\(directory)/\(baseName)",
            displayPath: "site.yml",
            directory: directory,
            baseName: baseName,
            language: language,
            kind: kind,
            frontMatter: matter,
            body: "",
            bodyLineOffset: 0
        )
        page.url = url
        page.parentSection = parent
        return page
    }

    /// Appends the page, or, when a Markdown page already has its address, lends that page the
    /// generated list (its title, text and layout stay its own).
    private static func place(_ page: Page, in content: inout ContentSite) -> Int {
        if let existing = content.pageByURL[page.url] { return existing }
        var page = page
        page.index = content.pages.count
        content.pages.append(page)
        content.pageByURL[page.url] = page.index
        return page.index
    }
}
