import PortalConfig
import PortalContent
import PortalDiagnostics
import PortalReferrals
import PortalYAML

/// The referral directory and the pages that show it: each category page names its category
/// with `referral_category:` in its front matter.
struct ReferralPages: Sendable {
    var directory: ReferralDirectory
    /// Site path of each category's page, by language then category id.
    var categoryPages: [String: [String: String]]

    static let dataName = "referrals"

    static func load(
        _ content: ContentSite,
        config: SiteConfig,
        today: YAMLDate,
        diagnostics: DiagnosticCollector
    ) -> ReferralPages? {
        guard let file = content.data[dataName] else { return nil }
        let directory = ReferralDirectory.read(
            file.root,
            file: file.displayPath,
            languages: config.languages.map(\.code),
            today: today,
            staleAfterYears: config.staleAfterYears,
            diagnostics: diagnostics
        )
        let known = Set(directory.categories.map(\.id))
        var pages: [String: [String: String]] = [:]
        for index in content.pages.indices {
            guard let node = content.pages[index].frontMatter.raw?["referral_category"] else { continue }
            let page = content.pages[index]
            guard let category = node.text, known.contains(category) else {
                diagnostics.report(
                    .error(
                        page.displayPath,
                        line: node.line,
                        column: node.column,
                        rule: "referral",
                        "'referral_category' names \(node.kindDescription), which is not a category in \(file.displayPath)",
                        hint: "use one of: \(directory.categories.map(\.id).joined(separator: ", "))"
                    )
                )
                continue
            }
            pages[page.language, default: [:]][category] = page.url
        }
        return ReferralPages(directory: directory, categoryPages: pages)
    }

    func templateValue(language: String, fallback: String, link: (String) -> String) -> [String: Any] {
        directory.templateValue(language: language, fallback: fallback) { category in
            categoryPages[language]?[category].map(link)
        }
    }
}
