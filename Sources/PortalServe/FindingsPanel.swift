import PortalDiagnostics
import PortalSite
import PortalSupport

/// What the preview adds to a page (never `portal build`'s output): a marked panel at the top
/// listing the page's own findings, from the build and the read-back check, with file:line and
/// the fix, and the site's totals with a link to the full list (`FindingsPanel.listPath`).
/// Styled by a file of its own, so it needs no inline style or script.
enum FindingsPanel {
    static let listPath = "__portal/findings"
    static let styleSheet = "__portal/findings.css"

    /// The panel after the page's `<body ...>` tag; nothing while the site has no finding.
    static func inject(into html: String, page: String, findings: PreviewFindings, basePath: String) -> String {
        guard !findings.all.isEmpty else { return html }
        let own = findings.byPage[page] ?? []
        guard let body = html.range(of: "<body"), let end = html[body.upperBound...].firstIndex(of: ">") else {
            return html
        }
        var result = html
        result.insert(contentsOf: "\n" + panel(own, findings: findings, basePath: basePath), at: html.index(after: end))
        return result
    }

    static func panel(_ own: [Diagnostic], findings: PreviewFindings, basePath: String) -> String {
        let errors = own.count { $0.severity == .error }
        let headline =
            own.isEmpty
            ? "Preview: no problems on this page"
            : "Preview: \(count(errors, "error")) and \(count(own.count - errors, "warning")) on this page"
        let kind = errors > 0 ? "portal-findings--error" : own.isEmpty ? "" : "portal-findings--warning"
        var html = """
            <aside class="portal-findings \(kind)" aria-labelledby="portal-findings-title" lang="en" dir="ltr">
            <link rel="stylesheet" href="\(escapeHTML(basePath + styleSheet))">
            <p id="portal-findings-title" class="portal-findings__title"><strong>\(headline)</strong></p>

            """
        if !own.isEmpty { html += "<ul class=\"portal-findings__list\">\n" + own.map(item).joined() + "</ul>\n" }
        html += """
            <p>Whole site: \(count(findings.errors, "error")), \(count(findings.warnings, "warning")). \
            <a href="\(escapeHTML(basePath + listPath))">Every finding</a>. Errors stop <code>portal build</code>; \
            this panel is shown by <code>portal serve</code> only.</p>
            </aside>

            """
        return html
    }

    /// One finding: where, what and how to fix it, as the terminal shows it.
    static func item(_ finding: Diagnostic) -> String {
        var location = finding.file
        if finding.line > 0 {
            location += ":\(finding.line)"
            if finding.column > 0 { location += ":\(finding.column)" }
        }
        let severity = finding.severity == .error ? "Error" : "Warning"
        var item = """
            <li><code>\(escapeHTML(location))</code> <strong>\(severity)</strong>: \(escapeHTML(finding.message)) \
            <span class="portal-findings__rule">(\(escapeHTML(finding.rule)))</span>
            """
        if !finding.hint.isEmpty { item += "<br>How to fix it: \(escapeHTML(finding.hint))" }
        return item + "</li>\n"
    }

    /// `__portal/findings`: every finding of the site, errors first.
    static func listPage(_ findings: PreviewFindings, basePath: String, generation: Int) -> String {
        let sorted = findings.all.filter { $0.severity == .error } + findings.all.filter { $0.severity == .warning }
        let title = "\(count(findings.errors, "error")), \(count(findings.warnings, "warning"))"
        let page = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Findings: \(title) - portal serve</title>
            <link rel="stylesheet" href="\(escapeHTML(basePath + styleSheet))">
            </head>
            <body class="portal-findings-page">
            <main>
            <h1>\(title)</h1>
            <p>What <code>portal build</code> would report for the site as the preview shows it now. \
            Errors stop the build; the severities come from <code>check: rules:</code> in <code>site.yml</code>. \
            <a href="\(escapeHTML(basePath))">Back to the site</a>.</p>
            \(sorted.isEmpty ? "<p>Nothing to report.</p>" : "<ul class=\"portal-findings__list\">\n" + sorted.map(item).joined() + "</ul>")
            </main>
            </body>
            </html>

            """
        return LiveReloadScript.inject(into: page, basePath: basePath, generation: generation)
    }

    private static func count(_ number: Int, _ noun: String) -> String {
        "\(number) \(noun)\(number == 1 ? "" : "s")"
    }

    static let css = """
        /* portal serve only: the findings panel and list. */
        .portal-findings { all: initial; display: block; box-sizing: border-box; margin: 0; padding: 0.75rem 1rem;
          border: 4px solid #505a5f; background: #fff; color: #0b0c0c; font: 1rem/1.5 system-ui, sans-serif; }
        .portal-findings--error { border-color: #b10e1e; }
        .portal-findings--warning { border-color: #8a5a00; }
        .portal-findings p, .portal-findings ul { margin: 0.25rem 0; }
        .portal-findings ul { padding-left: 1.5rem; }
        .portal-findings li { margin-bottom: 0.5rem; }
        .portal-findings a { color: #1d4f91; text-decoration: underline; }
        .portal-findings a:focus { outline: 3px solid #fd0; background: #fd0; color: #0b0c0c; }
        .portal-findings code, .portal-findings-page code { font: 0.95rem/1.4 ui-monospace, monospace;
          overflow-wrap: anywhere; background: #f3f2f1; color: #0b0c0c; padding: 0 0.2rem; }
        .portal-findings__rule { color: #505a5f; }
        .portal-findings-page { font: 1.125rem/1.5 system-ui, sans-serif; margin: 0; color: #0b0c0c; background: #fff; }
        .portal-findings-page main { max-width: 46rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
        .portal-findings-page li { margin-bottom: 1rem; }
        @media (prefers-color-scheme: dark) {
          .portal-findings, .portal-findings-page { background: #0b0c0c; color: #f3f2f1; }
          .portal-findings a { color: #8ab4f8; }
          .portal-findings code, .portal-findings-page code { background: #2b2d2e; color: #f3f2f1; }
          .portal-findings__rule { color: #c4c9cc; }
          .portal-findings--error { border-color: #ff8f8f; }
          .portal-findings--warning { border-color: #ffbf47; }
        }

        """
}
