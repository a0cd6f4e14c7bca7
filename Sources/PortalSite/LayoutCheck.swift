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

    static func check(_ content: ContentSite, theme: Theme, diagnostics: DiagnosticCollector) {
        for name in required where !theme.hasLayout(name) {
            diagnostics.report(
                .error(
                    "themes/\(theme.name)/layouts", rule: "template", "the theme has no '\(name)' layout",
                    hint: "add layouts/\(name).mustache to the theme (or to its parent)"))
        }
        for page in content.pages {
            let name = layoutName(for: page)
            if !theme.hasLayout(name) || name.contains("/") {
                diagnostics.report(
                    .error(
                        page.displayPath, line: page.frontMatter.layoutLine, rule: "unknown-layout",
                        "there is no layout called '\(name)'",
                        hint: "use one of: \(theme.layoutNames.joined(separator: ", "))"))
            }
        }
    }
}
