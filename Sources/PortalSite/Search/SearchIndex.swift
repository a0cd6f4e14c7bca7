import Foundation
import PortalConfig
import PortalContent

/// The search index `portal build` writes: one JSON file per language, `search-index/<lang>.json`,
/// with each findable page's address, title, section, description and words. The browser builds
/// its lunr index from it on first use (`themes/default/assets/js/search/search.js`); the whole
/// file loads at once, so what a reader types never leaves the browser.
///
/// Written only when a page uses the `search` layout. Left out: drafts, pages with
/// `noindex: true`, the form's confirmation pages, the search pages themselves and the lists the
/// build makes (taxonomy and term pages); alias redirects and 404 pages are not content pages,
/// so they never come in.
enum SearchIndex {
    static let layout = "search"
    static let folder = "search-index/"

    static func path(language: String) -> String { folder + language + ".json" }

    /// The words one language's index holds in all, at most: the whole file loads before the
    /// first search, so on a large site each page keeps the start of its text (at least
    /// `minimumWords`) rather than the file growing without bound. This site's pages are far
    /// below it; at 10,000 pages a page keeps its first 40 words (`make bench` says the sizes).
    static let wordBudget = 250_000
    static let minimumWords = 40

    static func wordsPerPage(findable pages: Int) -> Int { max(minimumWords, wordBudget / max(1, pages)) }

    struct Entry: Codable, Equatable {
        /// Site path, relative to the site's root (`self-care/boundaries/`): the file does not
        /// depend on the base URL, and the script resolves it against the root it was given.
        var url: String
        var title: String
        var section: String
        var description: String
        var text: String
    }

    struct File: Codable, Equatable {
        var language: String
        var pages: [Entry]
        /// Groups of words that mean the same (`data/search-synonyms.yml`).
        var synonyms: [[String]]
    }

    /// Whether the site has a search page at all.
    static func isWanted(_ content: ContentSite) -> Bool {
        content.pages.contains { $0.frontMatter.layout == layout }
    }

    /// Whether a page can be found: not a draft, not marked `noindex`, not a confirmation page
    /// (`excluded`), not a search page.
    static func isFindable(_ page: Page, excluded: Set<Int>) -> Bool {
        !page.frontMatter.draft && page.frontMatter.raw?["noindex"]?.bool != true && !page.isGenerated
            && page.frontMatter.layout != layout && !excluded.contains(page.index)
    }

    /// One language's findable pages, by address (a stable order).
    static func entries(
        language: String,
        content: ContentSite,
        bodies: [RenderedBody],
        excluded: Set<Int>,
        kept: IndexedWords? = nil
    ) -> [Entry] {
        let home = content.homeByLanguage[language]
        let findable = content.pages
            .filter { $0.language == language && isFindable($0, excluded: excluded) }
            .sorted { $0.url < $1.url }
        let wordsPerPage = wordsPerPage(findable: findable.count)
        // Each page's words on all cores: reading every body is most of the index's time.
        return findable.parallelMap { page in
            let text = page.index < bodies.count ? words(of: bodies[page.index], page.index, wordsPerPage, kept) : ""
            // Top-level pages and areas have no section but the home page: none is shown.
            let section = page.parentSection.flatMap { $0 == home ? nil : content.pages[$0].frontMatter.title }
            return Entry(
                url: page.url,
                title: page.frontMatter.title,
                section: section ?? "",
                description: page.frontMatter.description,
                text: text
            )
        }
    }

    /// A page's words: from its HTML, or those the last build kept of a body it did not render
    /// again. Twice the page's share is kept for the next build (`BuildMemo`), so that a site
    /// with somewhat fewer pages next time still finds each page's words there.
    static func words(of body: RenderedBody, _ page: Int, _ wordsPerPage: Int, _ kept: IndexedWords?) -> String {
        if !body.hasHTML, let restored = body.restored, let words = restored.searchWords {
            kept?.keep(page, words: words, limit: restored.searchLimit)
            return SearchText.prefix(words, words: wordsPerPage)
        }
        let limit = wordsPerPage * 2
        let words = SearchText.plain(html: body.main, maximumWords: limit)
        kept?.keep(page, words: words, limit: limit)
        return SearchText.prefix(words, words: wordsPerPage)
    }

    /// The index files, one per language, or none when no page uses the search layout.
    static func files(
        content: ContentSite,
        bodies: [RenderedBody],
        config: SiteConfig,
        excluded: Set<Int>,
        kept: IndexedWords? = nil
    ) -> [(path: String, data: Data)] {
        guard isWanted(content) else { return [] }
        let timer = StepTimer()
        defer { timer.lap("search-index") }
        let synonyms = SearchSynonyms.load(content, config: config)
        let encoder = JSONEncoder()
        // Sorted keys and a stable page order: the same input gives the same bytes.
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return config.languages.compactMap { language in
            let file = File(
                language: language.code,
                pages: entries(
                    language: language.code,
                    content: content,
                    bodies: bodies,
                    excluded: excluded,
                    kept: kept
                ),
                synonyms: synonyms.groups[language.code] ?? []
            )
            guard let data = try? encoder.encode(file) else { return nil }
            return (path(language: language.code), data)
        }
    }
}

extension FormPages {
    /// Confirmation pages say "we received your request": nobody should land there from search.
    var searchExcluded: Set<Int> { Set(confirmations.keys) }
}

/// The words the search index took of each page (by page index), for `BuildMemo` to keep.
final class IndexedWords: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var pages: [Int: (words: String, limit: Int)] = [:]

    func keep(_ page: Int, words: String, limit: Int) {
        lock.withLock { pages[page] = (words, limit) }
    }

    /// Whether `words`, kept with `limit`, still hold a page's share of `wordsPerPage` words.
    static func suffice(_ words: String, limit: Int, wordsPerPage: Int) -> Bool {
        let count = words.isEmpty ? 0 : words.utf8.count { $0 == 0x20 } + 1
        return limit >= wordsPerPage || count < limit
    }
}
