import Foundation
import PortalConfig
import PortalContent
import PortalDiagnostics
import PortalSupport

/// The HTTP headers the published site needs, made from `site.yml` so that they cannot drift from
/// it: the Content Security Policy names the intake service (`intake_url`) in `form-action` and
/// `connect-src`, or the browser blocks the request form. One list of headers, written in the
/// formats hosts read (`docs/deploy.md`): `_headers` (Netlify, Cloudflare Pages), `_headers.nginx`
/// (an nginx include), `_headers.caddy` (a Caddy import) and `.htaccess` (Apache).
struct SecurityHeaders {
    /// Headers for every response, in order.
    let common: [(name: String, value: String)]
    /// Extra headers for the fingerprinted assets (their names change with their bytes).
    let assets: [(name: String, value: String)]
    /// The base URL's path, `/` or `/peer/`.
    let basePath: String
    /// Not-found pages by path prefix, most specific first (`/es/` before `/`).
    let notFound: [(prefix: String, page: String)]

    /// The files written into the output folder; none of them is a page, and each server config
    /// refuses to serve them.
    static let fileNames = ["_headers", "_headers.nginx", "_headers.caddy", ".htaccess"]

    init(config: SiteConfig, intakeURL: String, hasForm: Bool) {
        let intake = hasForm ? webOrigin(intakeURL) : nil
        let target = intake.map { " " + $0 } ?? ""
        let policy = [
            "default-src 'self'", "base-uri 'self'", "object-src 'none'", "frame-ancestors 'none'",
            "form-action 'self'\(target)", "connect-src 'self'\(target)",
        ].joined(separator: "; ")
        var common: [(String, String)] = [
            ("Content-Security-Policy", policy),
            ("Referrer-Policy", "no-referrer"),
            ("X-Content-Type-Options", "nosniff"),
            ("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()"),
        ]
        if config.baseURL.lowercased().hasPrefix("https://") {
            common.append(("Strict-Transport-Security", "max-age=31536000"))
        }
        self.common = common
        assets = [("Cache-Control", "public, max-age=31536000, immutable")]
        basePath = config.basePath
        // Every language but the first lives under its code (`es/`), with its own 404 page.
        notFound =
            config.languages.dropFirst().map {
                (config.basePath + $0.code + "/", config.basePath + $0.code + "/404.html")
            }
            + [(config.basePath, config.basePath + "404.html")]
    }

    static let banner = "Written by `portal build` from site.yml. Do not edit: change site.yml and build again."

    func files() -> [(path: String, text: String)] {
        [("_headers", netlify()), ("_headers.nginx", nginx()), ("_headers.caddy", caddy()), (".htaccess", apache())]
    }

    /// Netlify and Cloudflare Pages read `_headers` at the site's root.
    func netlify() -> String {
        var text = "# \(Self.banner)\n\(basePath)*\n"
        for (name, value) in common { text += "  \(name): \(value)\n" }
        text += "\n\(basePath)assets/*\n"
        for (name, value) in assets { text += "  \(name): \(value)\n" }
        return text
    }

    /// Included inside the site's `server { }` block (`deploy/nginx/site.conf`).
    func nginx() -> String {
        func addHeaders(_ headers: [(name: String, value: String)], indent: String) -> String {
            headers.map { "\(indent)add_header \($0.name) \"\($0.value)\" always;\n" }.joined()
        }
        var text = "# \(Self.banner)\n# Include it inside the site's server { } block: see deploy/nginx/site.conf.\n"
        text += addHeaders(common, indent: "")
        for (prefix, page) in notFound.reversed() where prefix == basePath { text += "error_page 404 \(page);\n" }
        for (prefix, page) in notFound where prefix != basePath {
            text += "location \(prefix) {\n    error_page 404 \(page);\n}\n"
        }
        text += "location \(basePath)assets/ {\n"
        text += "    # add_header in a location replaces the server's headers: all of them again.\n"
        text += addHeaders(assets + common, indent: "    ")
        text += "}\n"
        let hidden = Self.fileNames.map { NSRegularExpression.escapedPattern(for: $0) }.joined(separator: "|")
        text += "# These files configure servers; they are not pages.\n"
        text += "location ~ ^\(NSRegularExpression.escapedPattern(for: basePath))(\(hidden))$ {\n    return 404;\n}\n"
        return text
    }

    /// Imported inside the site's block of a Caddyfile (`import /srv/peer-portal/_headers.caddy`).
    func caddy() -> String {
        var text = "# \(Self.banner)\n# Import it inside the site's block of a Caddyfile, after root and file_server.\n"
        text += "header {\n"
        for (name, value) in common { text += "\t\(name) \"\(value)\"\n" }
        text += "}\n@portal_assets path \(basePath)assets/*\n"
        for (name, value) in assets { text += "header @portal_assets \(name) \"\(value)\"\n" }
        text += "@portal_config path \(Self.fileNames.map { basePath + $0 }.joined(separator: " "))\n"
        text += "respond @portal_config 404\n"
        text += "handle_errors {\n"
        for (index, (prefix, page)) in notFound.enumerated() {
            text += "\t@portal_404_\(index) {\n\t\texpression {err.status_code} == 404\n\t\tpath \(prefix)*\n\t}\n"
            text += "\thandle @portal_404_\(index) {\n\t\trewrite * \(page)\n\t\tfile_server\n\t}\n"
        }
        return text + "}\n"
    }

    /// Apache reads `.htaccess` in the web root where `AllowOverride FileInfo` is on (mod_headers).
    func apache() -> String {
        var text = "# \(Self.banner)\n<IfModule mod_headers.c>\n"
        for (name, value) in common { text += "Header always set \(name) \"\(value)\"\n" }
        text += "<If \"%{REQUEST_URI} =~ m#^\(basePath)assets/#\">\n"
        for (name, value) in assets { text += "Header always set \(name) \"\(value)\"\n" }
        text += "</If>\n</IfModule>\n"
        for (prefix, page) in notFound.reversed() where prefix == basePath { text += "ErrorDocument 404 \(page)\n" }
        for (prefix, page) in notFound where prefix != basePath {
            text += "<If \"%{REQUEST_URI} =~ m#^\(prefix)#\">\nErrorDocument 404 \(page)\n</If>\n"
        }
        let hidden = Self.fileNames.map { NSRegularExpression.escapedPattern(for: $0) }.joined(separator: "|")
        text += "<FilesMatch \"^(\(hidden))$\">\nRequire all denied\n</FilesMatch>\n"
        return text
    }

    /// A hand-written copy in `static/` wins over the generated file, but can drift from site.yml.
    /// `staticFiles`: what the build copies (hidden files such as `.htaccess` are not, so a
    /// hand-written one is never published and needs no warning).
    static func reportHandWritten(
        config: SiteConfig,
        staticFiles: [(source: URL, path: String)],
        diagnostics: DiagnosticCollector
    ) {
        let prefix = ContentLoader.displayPrefix(for: config.staticDirectory, in: config.rootDirectory)
        let published = Set(staticFiles.map(\.path))
        for name in fileNames where published.contains(name) {
            diagnostics.report(
                .warning(
                    prefix + name,
                    rule: "headers",
                    "this hand-written file is published instead of the \(name) that portal build writes from site.yml",
                    hint:
                        "delete it: the generated one names the intake service from intake_url, so it cannot drift from the site (docs/deploy.md)"
                )
            )
        }
    }
}
