import Foundation
import PortalConfig
import PortalContent
import PortalSupport

/// `sitemap.xml` with `hreflang` alternates, and `robots.txt` pointing at it.
enum SitemapWriter {
    static func sitemap(_ content: ContentSite, config: SiteConfig) -> String {
        var xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">

            """
        // Indexes sorted, not pages: sorting copies of twelve thousand pages cost more than the file.
        let pages = content.pages
        for page in pages.indices.sorted(by: { pages[$0].url < pages[$1].url }).lazy.map({ pages[$0] }) {
            xml += "  <url>\n    <loc>\(escapeHTML(config.baseURL + page.url))</loc>\n"
            if let date = page.frontMatter.updated ?? page.frontMatter.date {
                xml += "    <lastmod>\(date)</lastmod>\n"
            }
            if !page.translations.isEmpty {
                for language in config.languages {
                    let index = language.code == page.language ? page.index : page.translations[language.code]
                    guard let index else { continue }
                    xml +=
                        "    <xhtml:link rel=\"alternate\" hreflang=\"\(language.code)\" href=\"\(escapeHTML(config.baseURL + content.pages[index].url))\"/>\n"
                }
            }
            xml += "  </url>\n"
        }
        return xml + "</urlset>\n"
    }

    static func robots(config: SiteConfig) -> String {
        "User-agent: *\nAllow: /\n\nSitemap: \(config.baseURL)sitemap.xml\n"
    }
}
