import Foundation
import PortalSite

/// Answers a GET for a path of the preview from the live site in memory, as a static host
/// would serve `public/` at the base path: `folder/` gives `folder/index.html`, `folder` redirects
/// to `folder/`, and a missing page gets the language's 404 page. HTML gets the live reload
/// script and the findings panel (`FindingsPanel`); while the site cannot be built, every page
/// is the error page.
struct PreviewFiles: Sendable {
    struct Reply: Equatable {
        var status: Int
        var contentType: String
        var body: Data
        var location: String?
    }

    let live: LiveSite

    func reply(to requestPath: String) -> Reply {
        let snapshot = live.snapshot()
        let base = snapshot.basePath
        let path = requestPath.removingPercentEncoding ?? requestPath
        guard path.hasPrefix(base) else {
            if base.hasPrefix(path) || path == "/" { return redirect(to: base) }
            return text(404, "Not found. The preview serves the site at \(base)\n")
        }
        var relative = String(path.dropFirst(base.count))
        if relative.split(separator: "/").contains(where: { $0 == ".." || $0 == "." }) {
            return text(400, "Bad request.\n")
        }
        let isPage =
            relative.isEmpty || relative.hasSuffix("/") || relative.hasSuffix(".html")
            || !(relative.split(separator: "/").last ?? "").contains(".")
        if !snapshot.errors.isEmpty && isPage {
            let html = BuildErrorPage.html(snapshot.errors, basePath: base, generation: snapshot.generation)
            return Reply(status: 500, contentType: MediaType.forPath("error.html"), body: Data(html.utf8))
        }
        if relative.isEmpty || relative.hasSuffix("/") { relative += "index.html" }
        // Copied files first: a build copies them last, over generated ones (static/robots.txt).
        if let source = snapshot.copies[relative] {
            guard let data = FileManager.default.contents(atPath: source.path) else {
                return text(404, "Not found.\n")
            }
            return file(relative, data, snapshot: snapshot)
        }
        if let data = snapshot.files[relative] {
            return file(relative, data, snapshot: snapshot)
        }
        if snapshot.files[relative + "/index.html"] != nil {
            return redirect(to: base + relative + "/")
        }
        return notFound(relative, snapshot: snapshot)
    }

    private func file(_ path: String, _ data: Data, snapshot: LiveSite.Snapshot, status: Int = 200) -> Reply {
        let type = MediaType.forPath(path)
        guard type.hasPrefix("text/html") else { return Reply(status: status, contentType: type, body: data) }
        let page = FindingsPanel.inject(
            into: String(decoding: data, as: UTF8.self),
            page: path,
            findings: snapshot.findings,
            basePath: snapshot.basePath
        )
        let html = LiveReloadScript.inject(into: page, basePath: snapshot.basePath, generation: snapshot.generation)
        return Reply(status: status, contentType: type, body: Data(html.utf8))
    }

    /// The 404 page of the language the path is under (`es/...`), else the default language's.
    private func notFound(_ relative: String, snapshot: LiveSite.Snapshot) -> Reply {
        if let first = relative.split(separator: "/").first, let page = snapshot.files["\(first)/404.html"] {
            return file("404.html", page, snapshot: snapshot, status: 404)
        }
        if let page = snapshot.files["404.html"] { return file("404.html", page, snapshot: snapshot, status: 404) }
        return text(404, "Not found.\n")
    }

    private func redirect(to location: String) -> Reply {
        Reply(
            status: 302,
            contentType: "text/plain; charset=utf-8",
            body: Data("Moved to \(location)\n".utf8),
            location: location
        )
    }

    private func text(_ status: Int, _ message: String) -> Reply {
        Reply(status: status, contentType: "text/plain; charset=utf-8", body: Data(message.utf8))
    }
}
