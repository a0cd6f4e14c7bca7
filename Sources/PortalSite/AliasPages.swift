import Foundation
import PortalContent
import PortalDiagnostics
import PortalSupport

/// Redirect pages for old addresses listed in a page's `aliases`.
enum AliasPages {
    struct Alias: Sendable {
        var path: String
        var target: Int
    }

    /// `listPages`: the pages 2, 3... of long lists (`ReservedAddresses.listPages`), which a
    /// redirect must not replace.
    static func collect(
        _ content: ContentSite,
        listPages: [String: Int] = [:],
        diagnostics: DiagnosticCollector
    ) -> [Alias] {
        var claimed: [String: Int] = [:]
        var aliases: [Alias] = []
        for index in content.pages.indices where !content.pages[index].frontMatter.aliases.isEmpty {
            let page = content.pages[index]
            for (path, line) in page.frontMatter.aliases {
                // As in Hugo, a page wins over an alias and the first alias over a later one: the
                // site still builds, and the warning says which redirect was not written.
                if let owner = content.pageByURL[path] ?? listPages[path] {
                    diagnostics.report(
                        .warning(
                            page.displayPath,
                            line: line,
                            rule: "alias-collision",
                            "the alias /\(path) is the address of \(content.pages[owner].displayPath); that page is published there, no redirect",
                            hint: "remove the alias; an alias must be an old address no page uses"
                        )
                    )
                } else if let other = claimed[path] {
                    diagnostics.report(
                        .warning(
                            page.displayPath,
                            line: line,
                            rule: "alias-collision",
                            "the alias /\(path) is also an alias of \(content.pages[other].displayPath), which keeps it",
                            hint: "keep the alias on one page only"
                        )
                    )
                } else {
                    claimed[path] = page.index
                    aliases.append(Alias(path: path, target: page.index))
                }
            }
        }
        return aliases.sorted { $0.path < $1.path }
    }

    /// A plain page that works without the theme: meta refresh plus a link people can follow.
    static func html(title: String, language: String, relativeURL: String, absoluteURL: String) -> String {
        let safeTitle = escapeHTML(title)
        let url = escapeHTML(relativeURL)
        return """
            <!DOCTYPE html>
            <html lang="\(language)">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(safeTitle)</title>
            <meta name="robots" content="noindex">
            <link rel="canonical" href="\(escapeHTML(absoluteURL))">
            <meta http-equiv="refresh" content="0; url=\(url)">
            </head>
            <body>
            <main>
            <h1>\(safeTitle)</h1>
            <p><a href="\(url)">\(safeTitle)</a></p>
            </main>
            </body>
            </html>

            """
    }
}
