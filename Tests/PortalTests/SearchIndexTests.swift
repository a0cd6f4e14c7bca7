import Foundation
import PortalDiagnostics
import Testing

@testable import PortalSite

/// The search index `portal build` writes (`search-index/<lang>.json`), the search page's A-Z
/// list, and the synonyms file's checks. The searching itself is tested in Chromium
/// (tests/browser/test_search.py).
@Suite struct SearchIndexTests {
    static let files: [String: String] = [
        "content/_index.md": page("Home", "Welcome."),
        "content/_index.es.md": page("Inicio", "Bienvenida."),
        "content/search.md": page("Search", "Find a page.", extra: "layout: search\nin_menu: false\n"),
        "content/search.es.md": page("Buscar", "Busque.", extra: "layout: search\nslug: buscar\nin_menu: false\n"),
        "content/self-care/_index.md": page("Self-care", "Tools."),
        "content/self-care/_index.es.md": page("Autocuidado", "Herramientas.", extra: "slug: autocuidado\n"),
        "content/self-care/boundaries.md": page(
            "Boundaries",
            "## Say no *kindly*\n\nA limit &amp; a **script**: \"no\" <is> fine.\n\n## Sources\n\n- A citation nobody searches.",
        ),
        "content/self-care/boundaries.es.md": page(
            "Límites",
            "Poner límites con amabilidad.",
            extra: "slug: limites\n"
        ),
        "content/self-care/ethics.md": page("Ética at work", "Accents sort as plain letters."),
        "content/self-care/hidden.md": page("Hidden", "Not for search.", extra: "noindex: true\n"),
        "content/self-care/draft.md": page("Draft", "Unfinished.", extra: "draft: true\n"),
        "data/search-synonyms.yml": "en:\n  - [CEU, Continuing  Education]\nes:\n  - [CEU, educación continua]\n",
    ]

    static let config = TestSite.defaultConfig + "links:\n  search: search.md\n"

    struct IndexFile: Decodable {
        struct Entry: Decodable {
            var url: String
            var title: String
            var section: String
            var description: String
            var text: String
        }
        var language: String
        var pages: [Entry]
        var synonyms: [[String]]
    }

    func index(_ site: TestSite, _ language: String) throws -> IndexFile {
        let data = try #require(site.read("search-index/\(language).json")).data(using: .utf8) ?? Data()
        return try JSONDecoder().decode(IndexFile.self, from: data)
    }

    @Test func eachLanguageGetsItsPagesWordsTitleAndSection() throws {
        let site = try TestSite(Self.files, config: Self.config)
        defer { site.remove() }
        _ = try site.build(drafts: true)
        let english = try index(site, "en")
        #expect(english.language == "en")
        let boundaries = try #require(english.pages.first { $0.url == "self-care/boundaries/" })
        #expect(boundaries.title == "Boundaries")
        #expect(boundaries.section == "Self-care")
        #expect(boundaries.description == "About Boundaries.")
        // Plain text: entities decoded, inline tags joined, blocks apart, the Sources list left out.
        #expect(boundaries.text == "Say no kindly A limit & a script: \u{201C}no\u{201D} fine.")
        // A top-level section has no section of its own to show.
        #expect(english.pages.first { $0.url == "self-care/" }?.section == "")
        let spanish = try index(site, "es")
        #expect(spanish.pages.map(\.url) == ["es/", "es/autocuidado/", "es/autocuidado/limites/"])
        #expect(spanish.pages.last?.title == "Límites")
    }

    @Test func draftsNoindexAndSearchPagesAreLeftOut() throws {
        let site = try TestSite(Self.files, config: Self.config)
        defer { site.remove() }
        _ = try site.build(drafts: true)
        #expect(site.exists("self-care/draft/index.html"))
        let urls = try index(site, "en").pages.map(\.url)
        #expect(urls == ["", "self-care/", "self-care/boundaries/", "self-care/ethics/"])
    }

    @Test func topicListsAreLeftOut() throws {
        var files = Self.files
        files["content/self-care/ethics.md"] = page("Ética at work", "Accents.", extra: "topics: [work]\n")
        let site = try TestSite(files, config: Self.config)
        defer { site.remove() }
        _ = try site.build()
        #expect(site.read("topics/work/index.html") != nil, "the term page is built")
        #expect(!(try index(site, "en").pages.contains { $0.url.hasPrefix("topics/") }), "but not searched")
    }

    @Test func aLargeSiteKeepsTheStartOfEachPage() {
        #expect(SearchIndex.wordsPerPage(findable: 90) > 2_000, "this site's pages keep all their words")
        #expect(SearchIndex.wordsPerPage(findable: 10_000) == SearchIndex.minimumWords)
        #expect(SearchText.plain(html: "<p>one <em>two</em></p><p>three four</p>", maximumWords: 3) == "one two three")
    }

    @Test func formConfirmationPagesAreLeftOut() throws {
        let site = try DeploymentTests.formSite(intake: "https://intake.example.org")
        defer { site.remove() }
        try site.write("content/search.md", page("Search", "", extra: "layout: search\n"))
        _ = try site.build()
        let urls = try index(site, "en").pages.map(\.url)
        #expect(urls.contains("request/"))
        #expect(!urls.contains { $0.hasPrefix("request/sent") })
        #expect(!(site.read("search/index.html") ?? "").contains("request/sent/"))
    }

    @Test func theSameInputGivesTheSameBytesWhateverTheBaseURL() throws {
        let site = try TestSite(Self.files, config: Self.config)
        defer { site.remove() }
        _ = try site.build()
        let first = site.read("search-index/en.json")
        _ = try site.build()
        #expect(site.read("search-index/en.json") == first)
        _ = try site.build(baseURL: "https://example.org/portal/")
        #expect(site.read("search-index/en.json") == first)
        #expect(site.read("search-index/es.json") != nil)
    }

    @Test func synonymsTravelWithTheirLanguageLowerCased() throws {
        let site = try TestSite(Self.files, config: Self.config)
        defer { site.remove() }
        _ = try site.build()
        #expect(try index(site, "en").synonyms == [["ceu", "continuing education"]])
        #expect(try index(site, "es").synonyms == [["ceu", "educación continua"]])
    }

    @Test func noSearchPageNoIndex() throws {
        var files = Self.files
        files["content/search.md"] = nil
        files["content/search.es.md"] = nil
        let site = try TestSite(files)
        defer { site.remove() }
        _ = try site.build()
        #expect(!site.exists("search-index/en.json"))
    }

    @Test func theSearchPageListsEveryFindablePageFromAToZWithoutJavaScript() throws {
        let site = try TestSite(Self.files, config: Self.config)
        defer { site.remove() }
        _ = try site.build(drafts: true)
        let html = try #require(site.read("search/index.html"))
        let titles = ["Boundaries", "Ética at work", "Home", "Self-care"]
        let list = String(html[(html.range(of: "class=\"a-to-z\"")?.upperBound ?? html.endIndex)...])
        let positions = titles.map { list.range(of: ">\($0)</a>")?.lowerBound }
        #expect(positions.allSatisfy { $0 != nil }, "\(titles)")
        #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted(), "A-Z order, accents ignored")
        #expect(html.contains("<h3 id=\"az-e\">E</h3>"))
        #expect(!list.contains(">Hidden</a>") && !list.contains(">Draft</a>"))
        // The index addresses are relative to the page, the reader's language first.
        #expect(html.contains("data-index-en=\"../search-index/en.json\""))
        #expect(html.contains("data-langs=\"en es \""))
        let spanish = try #require(site.read("es/buscar/index.html"))
        #expect(spanish.contains("data-langs=\"es en \""))
        #expect(spanish.contains(">Límites</a>"))
        // The search page is kept out of the menu; the header links to it.
        #expect(!html.contains("<li><a href=\"./\" aria-current=\"page\">Search</a></li>"))
        #expect(html.contains("class=\"site-search-link\" href=\"../search/\""))
    }

    @Test func aBadSynonymsFileNamesItsLineAndStopsTheBuild() throws {
        var files = Self.files
        files["data/search-synonyms.yml"] = "en:\n  - [CEU]\nfr:\n  - [a, b]\n"
        let site = try TestSite(files, config: Self.config)
        defer { site.remove() }
        let problems = site.failure()
        #expect(
            problems.contains {
                $0.file == "data/search-synonyms.yml" && $0.line == 2 && $0.message.contains("two or more")
            },
            "\(problems.map(\.formatted))"
        )
        #expect(problems.contains { $0.line == 3 && $0.message.contains("'fr' is not a language of this site") })
    }
}
