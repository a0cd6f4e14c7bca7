import Foundation
import PortalCheck
import PortalDiagnostics

/// A throwaway folder of built HTML for checker tests. `page(...)` writes a page that passes
/// every rule, with `body` lines starting at line `CheckFolder.bodyLine`.
struct CheckFolder {
    let root: URL

    /// The line of a page's first body line, as written by `page(...)`.
    static let bodyLine = 11

    init(_ files: [String: String] = [:]) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("portal-check-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        for (path, text) in files { try write(path, text) }
    }

    func write(_ path: String, _ text: String) throws {
        let file = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: file)
    }

    func check(_ options: CheckOptions = CheckOptions()) -> CheckReport {
        SiteChecker.check(folder: root, options: options)
    }

    func remove() { try? FileManager.default.removeItem(at: root) }

    static func page(
        title: String = "A page",
        heading: String? = nil,
        lang: String = " lang=\"en\"",
        head: String = "",
        body: String,
        description: String = "<meta name=\"description\" content=\"What the page is for.\">"
    ) -> String {
        """
        <!DOCTYPE html>
        <html\(lang)>
        <head>
        <meta charset="utf-8">
        <title>\(title)</title>
        \(description)
        \(head)</head>
        <body>
        <main id="main">
        <h1>\(heading ?? title)</h1>
        \(body)
        </main>
        </body>
        </html>

        """
    }
}
