import PortalContent
import PortalDiagnostics
import PortalTheme

/// Every page's layout must exist in the theme, and the theme must have the layouts the
/// builder itself needs.
enum LayoutCheck {
    static let required = ["home", "section", "page", "404"]

    static func layoutName(for page: Page) -> String {
        page.frontMatter.layout ?? page.kind.rawValue
    }

    /// A page asking for a layout the theme lacks falls back to its kind's layout (`page`,
    /// `section`, `home`) with a warning, as Hugo does; a name with `/` stays an error.
    static func check(_ content: inout ContentSite, theme: Theme, diagnostics: DiagnosticCollector) {
        for name in required where !theme.hasLayout(name) {
            diagnostics.report(
                .error(
                    "themes/\(theme.name)/layouts",
                    rule: "template",
                    "the theme has no '\(name)' layout",
                    hint: "add layouts/\(name).mustache to the theme (or to its parent)"
                )
            )
        }
        for page in content.pages {
            let name = layoutName(for: page)
            guard !theme.hasLayout(name) || name.contains("/") else { continue }
            let fallback = page.kind.rawValue
            if page.frontMatter.layout != nil, !name.contains("/"), theme.hasLayout(fallback) {
                diagnostics.report(
                    .warning(
                        page.displayPath,
                        line: page.frontMatter.layoutLine,
                        rule: "unknown-layout",
                        "there is no layout called '\(name)'; the page uses the '\(fallback)' layout",
                        hint:
                            "use one of: \(theme.layoutNames.joined(separator: ", ")), or add layouts/\(name).mustache to the theme"
                    )
                )
                content.pages[page.index].frontMatter.layout = nil
            } else {
                diagnostics.report(
                    .error(
                        page.displayPath,
                        line: page.frontMatter.layoutLine,
                        rule: "unknown-layout",
                        "there is no layout called '\(name)'",
                        hint: "use one of: \(theme.layoutNames.joined(separator: ", "))"
                    )
                )
            }
        }
    }
}
