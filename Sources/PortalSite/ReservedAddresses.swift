import PortalConfig
import PortalContent
import PortalDiagnostics

/// Addresses a page cannot have because the build writes something else there: the site-wide
/// files, the theme's assets and the search index, and the pages 2, 3... of a long list. A page
/// placed there (by `url:`, `slug:` or a permalink pattern) would be overwritten, or would race
/// the list page for the same file; an alias there would replace a list page.
enum ReservedAddresses {
    /// Folders and files at the site's root (or a language's root, for `404.html`) the build writes.
    static let rootNames = [
        "assets", String(SearchIndex.folder.dropLast()), "sitemap.xml", "robots.txt", "_headers",
        "_headers.nginx", "_headers.caddy", ".htaccess", "404.html", "form-unavailable.html",
    ]

    /// Site paths of every list page beyond the first (and each `page/1/` redirect), with the page
    /// whose list they continue.
    static func listPages(_ content: ContentSite, config: SiteConfig) -> [String: Int] {
        var owners: [String: Int] = [:]
        for page in content.pages {
            for location in Pagination.extraLocations(page, config: config) { owners[location] = page.index }
        }
        return owners
    }

    /// Reports pages at reserved addresses as `duplicate-url`, which stops the build before it writes.
    static func check(
        _ content: ContentSite,
        listPages: [String: Int],
        config: SiteConfig,
        diagnostics: DiagnosticCollector
    ) {
        let languages = config.languages.map { $0.code + "/" }
        for page in content.pages where !page.isGenerated {
            var path = Substring(page.url)
            if let prefix = languages.first(where: { path.hasPrefix($0) }) { path = path.dropFirst(prefix.count) }
            let first = path.split(separator: "/").first.map(String.init) ?? ""
            if rootNames.contains(first) {
                diagnostics.report(
                    .error(
                        page.displayPath,
                        line: page.frontMatter.url?.line ?? 1,
                        rule: "duplicate-url",
                        "this page wants the address /\(page.url), where the build writes its own '\(first)'",
                        hint: "give the page another 'url:' or 'slug:'"
                    )
                )
            } else if let list = listPages[page.url] {
                diagnostics.report(
                    .error(
                        page.displayPath,
                        line: page.frontMatter.url?.line ?? 1,
                        rule: "duplicate-url",
                        "this page wants the address /\(page.url), which is a page of the list of \(content.pages[list].displayPath) ('paginate:')",
                        hint: "give the page another 'url:' or 'slug:', or change the list's 'paginate:'"
                    )
                )
            }
        }
    }
}
