import PortalConfig
import PortalContent
import PortalDiagnostics
import PortalForms

/// Pages the theme links to by name, set in `site.yml` (`links: {request: request.md}`), so a
/// template can write `{{links.request}}` and reach the page in the reader's language. A named page
/// that carries the request form is linked at the form itself (`request/#request-form`): a person
/// who chose "Request support" should not have to scroll past the whole page to find it.
enum NamedLinks {
    /// Site paths by language, then by name.
    static func resolve(
        config: SiteConfig,
        content: ContentSite,
        diagnostics: DiagnosticCollector
    )
        -> [String: [String: String]]
    {
        var result: [String: [String: String]] = [:]
        guard let links = config.raw["links"] else { return result }
        for pair in links.pairs {
            guard let source = pair.value.text, let index = content.pageBySource[source] else {
                let written = pair.value.text ?? ""
                let left =
                    content.expiredSources.contains(written)
                    ? "its expirydate has passed" : content.draftSources.contains(written) ? "it is a draft" : nil
                if let left {
                    diagnostics.report(
                        .error(
                            "site.yml",
                            line: pair.value.line,
                            column: pair.value.column,
                            rule: "broken-link",
                            "links.\(pair.key) names '\(written)', which is not built: \(left)",
                            hint: "name a published page; 'portal build --expired' or '--drafts' keeps such pages"
                        )
                    )
                    continue
                }
                diagnostics.report(
                    .error(
                        "site.yml",
                        line: pair.value.line,
                        column: pair.value.column,
                        rule: "broken-link",
                        "links.\(pair.key) names '\(pair.value.text ?? "")', which is not a page in the content folder",
                        hint: "write the page's file relative to the content folder, e.g. 'request.md'"
                    )
                )
                continue
            }
            let page = content.pages[index]
            for language in config.languages {
                let target = content.pages[
                    language.code == page.language ? index : (page.translations[language.code] ?? index)
                ]
                let anchor = FormPages.carriesForm(target) ? "#" + FormDefinition.formAnchor : ""
                result[language.code, default: [:]][pair.key] = target.url + anchor
            }
        }
        return result
    }
}
