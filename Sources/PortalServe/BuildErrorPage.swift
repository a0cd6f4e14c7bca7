import PortalDiagnostics
import PortalSupport

/// What the preview shows in place of every page while the site cannot be built: each problem
/// with its file, line and fix, as the terminal shows it. It reloads by itself once fixed.
enum BuildErrorPage {
    static func html(_ problems: [Diagnostic], basePath: String, generation: Int) -> String {
        let count = problems.count
        let items = problems.map { problem -> String in
            var location = problem.file
            if problem.line > 0 {
                location += ":\(problem.line)"
                if problem.column > 0 { location += ":\(problem.column)" }
            }
            var item = """
                <li>
                <p class="where"><code>\(escapeHTML(location))</code></p>
                <p><strong>\(problem.severity == .error ? "Error" : "Warning")</strong>: \(escapeHTML(problem.message)) <span class="rule">(\(escapeHTML(problem.rule)))</span></p>
                """
            if !problem.hint.isEmpty { item += "\n<p><strong>How to fix it</strong>: \(escapeHTML(problem.hint))</p>" }
            return item + "\n</li>"
        }
        let title = count == 1 ? "1 problem stops the preview" : "\(count) problems stop the preview"
        let page = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Error: \(title) - portal serve</title>
            <style>
            body { font: 1.125rem/1.5 system-ui, sans-serif; margin: 0; color: #0b0c0c; background: #fff; }
            main { max-width: 46rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
            h1 { font-size: 1.75rem; line-height: 1.2; }
            .summary { border: 4px solid #b10e1e; padding: 1rem 1.25rem; }
            ol { padding-left: 1.5rem; }
            li { margin-bottom: 1.25rem; }
            li p { margin: 0.25rem 0; }
            code { font: 1rem/1.4 ui-monospace, monospace; overflow-wrap: anywhere; background: #f3f2f1; padding: 0.1rem 0.25rem; }
            .rule { color: #505a5f; }
            @media (prefers-color-scheme: dark) {
              body { color: #f3f2f1; background: #0b0c0c; }
              .summary { border-color: #ff8f8f; }
              code { background: #2b2d2e; }
              .rule { color: #c4c9cc; }
            }
            </style>
            </head>
            <body>
            <main>
            <div class="summary" role="alert" aria-labelledby="error-title">
            <h1 id="error-title">\(title)</h1>
            <p>The site was not rebuilt. Fix \(count == 1 ? "it" : "them") in your editor and save: this page comes back by itself. The terminal running <code>portal serve</code> shows the same \(count == 1 ? "message" : "messages").</p>
            </div>
            <ol>
            \(items.joined(separator: "\n"))
            </ol>
            <p>Editing guide: <code>docs/editing.md</code>, "Reading an error message".</p>
            </main>
            </body>
            </html>

            """
        return LiveReloadScript.inject(into: page, basePath: basePath, generation: generation)
    }
}
