import PortalConfig
import PortalDiagnostics

/// Decides each page's address: the language prefix, then each folder (renamed by its section's
/// `slug` in that language), then the page's own slug or file name. As in Hugo, a section's
/// `permalinks:` pattern in `site.yml` replaces that, and a page's `url:` replaces both.
enum URLPlanner {
    static func assignURLs(to pages: inout [Page], config: SiteConfig, diagnostics: DiagnosticCollector) {
        let defaultLanguage = config.defaultLanguage.code
        // A section's slug in a language renames that folder for the language's pages.
        var folderSlug: [String: String] = [:]  // "lang|dir" -> slug
        for index in pages.indices where pages[index].kind == .section {
            if let slug = pages[index].frontMatter.slug {
                folderSlug[pages[index].language + "|" + pages[index].directory] = slug
            }
        }
        for index in pages.indices {
            let page = pages[index]
            var segments: [String] = []
            if page.language != defaultLanguage { segments.append(page.language) }
            var walked: [String] = []
            for folder in page.directory.split(separator: "/").map(String.init) {
                walked.append(folder)
                let key = page.language + "|" + walked.joined(separator: "/")
                segments.append(folderSlug[key] ?? folder)
            }
            if page.kind == .page {
                let name = page.frontMatter.slug ?? page.baseName
                if page.frontMatter.slug == nil, let problem = SlugRules.problem(with: name) {
                    diagnostics.report(
                        .error(
                            page.displayPath,
                            rule: "slug",
                            "the file name \(problem)",
                            hint: "rename the file with lowercase letters, digits and '-', or set 'slug:'"
                        )
                    )
                }
                if name == "index" || name == "_index" {
                    diagnostics.report(
                        .error(
                            page.displayPath,
                            rule: "slug",
                            "'\(name)' cannot be a page's name",
                            hint: "name a folder's list page '_index.md'; give other pages another name"
                        )
                    )
                }
                segments.append(name)
            }
            if let written = page.frontMatter.url {
                segments = written.fromSiteRoot || page.language == defaultLanguage ? [] : [page.language]
                segments.append(written.path)
            } else if let pattern = Permalinks.pattern(for: page, config: config) {
                segments = page.language == defaultLanguage ? [] : [page.language]
                switch Permalinks.expand(pattern, for: page) {
                case .success(let path): segments.append(path)
                case .failure(let problem):
                    diagnostics.report(
                        .error(
                            page.displayPath,
                            line: 1,
                            rule: "permalink",
                            problem.message,
                            hint: problem.hint + " (site.yml line \(pattern.line): '\(pattern.text)')"
                        )
                    )
                }
            }
            let path = segments.filter { !$0.isEmpty }.joined(separator: "/")
            pages[index].url = path.isEmpty ? "" : path + "/"
        }
    }
}
