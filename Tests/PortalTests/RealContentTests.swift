import Foundation
import PortalConfig
import PortalContent
import PortalDiagnostics
import Testing

/// The portal's own content: every page in English and Spanish, each with a title, a
/// description and a Sources section, and no content problems at all.
@Suite struct RealContentTests {
    func load() throws -> (ContentSite, [Diagnostic]) {
        let config = try SiteConfigLoader.load(file: TestSite.repositoryRoot.appendingPathComponent("site.yml"))
        let diagnostics = DiagnosticCollector()
        let content = ContentLoader.load(config: config, diagnostics: diagnostics)
        return (content, diagnostics.all)
    }

    @Test func everyPageHasBothLanguagesTitleDescriptionAndSources() throws {
        let (content, problems) = try load()
        #expect(problems.isEmpty, "\(problems.map(\.formatted))")
        #expect(content.pages.count >= 70)
        for page in content.pages {
            let other = page.language == "en" ? "es" : "en"
            #expect(page.translations[other] != nil, "\(page.displayPath) has no \(other) translation")
            #expect(!page.frontMatter.title.isEmpty && !page.frontMatter.description.isEmpty, "\(page.displayPath)")
            // The search page states no facts, so it cites none.
            guard page.frontMatter.layout != "search" else { continue }
            let sources = page.language == "es" ? "## Fuentes" : "## Sources"
            #expect(page.body.contains(sources), "\(page.displayPath) has no '\(sources)' section")
        }
    }

    @Test func theRequiredAreasExistInBothLanguages() throws {
        let (content, _) = try load()
        for url in [
            "", "recovery/", "self-care/", "compassion-fatigue/", "referrals/", "certification/", "request/", "about/",
            "supervisors/",
        ] {
            let page = try #require(content.pageByURL[url].map { content.pages[$0] }, "no page at /\(url)")
            #expect(page.translations["es"] != nil, "/\(url) has no Spanish page")
        }
    }
}
