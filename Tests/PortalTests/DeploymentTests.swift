import Foundation
import PortalDiagnostics
import PortalSite
import Testing

/// What a deployer publishes besides the pages: the host's security headers from site.yml, the
/// shells the intake service fills, and the build refusing a form that could not work.
@Suite struct DeploymentTests {
    /// A two-language site with the shipped request form, its pages and confirmation pages.
    static func formSite(intake: String, base: String = "https://example.org/", extra: String = "") throws -> TestSite {
        let repo = TestSite.repositoryRoot.appendingPathComponent("content")
        var files: [String: String] = [
            "content/_index.md": "---\ntitle: Home\n---\n\n[Request support](request/_index.md#request-form)\n",
            "content/_index.es.md": "---\ntitle: Inicio\n---\n\nHola.\n",
        ]
        for path in [
            "request-form.yml", "request/_index.md", "request/_index.es.md", "request/sent.md", "request/sent.es.md",
        ] {
            files["content/" + path] = try String(contentsOf: repo.appendingPathComponent(path), encoding: .utf8)
        }
        // The shipped pages link to the About page; this site has none.
        for (path, text) in files where path.hasPrefix("content/request/") {
            files[path] = text.replacingOccurrences(
                of: #"\]\(\.\./about(\.es)?\.md#[a-z]+\)"#,
                with: "]",
                options: .regularExpression
            )
        }
        let config =
            TestSite.defaultConfig.replacingOccurrences(of: "base_url: https://example.org/", with: "base_url: \(base)")
            + "intake_url: \(intake)\nlinks:\n  request: request/_index.md\n" + extra
        return try TestSite(files, config: config)
    }

    @Test func theHeadersNameTheIntakeServiceInEveryFormat() throws {
        let site = try Self.formSite(intake: "https://intake.example.org:8443/", base: "https://example.org/peer/")
        defer { site.remove() }
        _ = try site.build()
        let policy =
            "form-action 'self' https://intake.example.org:8443; connect-src 'self' https://intake.example.org:8443"
        let netlify = try #require(site.read("_headers"))
        #expect(
            netlify.contains(
                "/peer/*\n  Content-Security-Policy: default-src 'self'; base-uri 'self'; object-src 'none'; frame-ancestors 'none'; \(policy)\n"
            )
        )
        #expect(netlify.contains("/peer/assets/*\n  Cache-Control: public, max-age=31536000, immutable"))
        #expect(netlify.contains("Strict-Transport-Security: max-age=31536000"))
        let nginx = try #require(site.read("_headers.nginx"))
        #expect(
            nginx.contains(
                "add_header Content-Security-Policy \"default-src 'self'; base-uri 'self'; object-src 'none'; frame-ancestors 'none'; \(policy)\" always;"
            )
        )
        #expect(
            nginx.contains(
                "error_page 404 /peer/404.html;\nlocation /peer/es/ {\n    error_page 404 /peer/es/404.html;\n}"
            )
        )
        #expect(nginx.contains("location /peer/assets/ {"))
        // Inside the assets location every security header is repeated (nginx drops the server's).
        let assets = try #require(nginx.components(separatedBy: "location /peer/assets/ {").last)
        #expect(assets.contains("Content-Security-Policy") && assets.contains("nosniff"))
        let caddy = try #require(site.read("_headers.caddy"))
        #expect(
            caddy.contains(
                "\tContent-Security-Policy \"default-src 'self'; base-uri 'self'; object-src 'none'; frame-ancestors 'none'; \(policy)\""
            )
        )
        #expect(caddy.contains("path /peer/es/*"))
        let apache = try #require(site.read(".htaccess"))
        #expect(
            apache.contains(
                "Header always set Content-Security-Policy \"default-src 'self'; base-uri 'self'; object-src 'none'; frame-ancestors 'none'; \(policy)\""
            )
        )
        #expect(apache.contains("ErrorDocument 404 /peer/404.html"))
    }

    @Test func aSiteWithoutAFormNamesNoIntakeService() throws {
        let site = try TestSite(["content/_index.md": "---\ntitle: Home\n---\n\nHi.\n"])
        defer { site.remove() }
        _ = try site.build()
        let netlify = try #require(site.read("_headers"))
        #expect(netlify.contains("form-action 'self'; connect-src 'self'\n"))
        #expect(!site.exists("form-unavailable.html"))
    }

    @Test func aFormThatCouldNotWorkOnceFublishedIsAnErrorAtItsLine() throws {
        for intake in ["http://127.0.0.1:8787", "https://localhost:8443", "http://intake.example.org", "\"\""] {
            let site = try Self.formSite(intake: intake)
            defer { site.remove() }
            let problems = site.failure().filter { $0.rule == "intake-url" }
            #expect(problems.count == 1, "\(intake)")
            let problem = try #require(problems.first)
            #expect(problem.severity == .error)
            let written = try String(contentsOf: site.root.appendingPathComponent("site.yml"), encoding: .utf8)
            let line =
                try #require(written.components(separatedBy: "\n").firstIndex { $0.hasPrefix("intake_url:") }) + 1
            #expect(
                problem.file == "site.yml" && problem.line == line,
                "\(problem.file):\(problem.line), expected \(line)"
            )
            #expect(problem.hint.contains("--local-intake"))
            #expect(!site.exists("index.html"), "nothing published")
        }
    }

    @Test func aStagingBuildMayUseALocalIntakeWhenItSaysSo() throws {
        let site = try Self.formSite(intake: "http://127.0.0.1:8787")
        defer { site.remove() }
        var options = BuildOptions(configFile: site.root.appendingPathComponent("site.yml"))
        options.allowLocalIntake = true
        _ = try Site.build(options)
        #expect(
            site.read("request/index.html")?.contains("action=\"http://127.0.0.1:8787/requests?lang=en#error-summary\"")
                == true
        )
        // An http site (a preview, an intranet test) is not refused either.
        let plain = try Self.formSite(intake: "http://127.0.0.1:8787", base: "http://staging.example.org/")
        defer { plain.remove() }
        #expect(plain.failure().isEmpty)
    }

    @Test func emptyContactDetailsAreAWarningNamingTheirLines() throws {
        let site = try Self.formSite(
            intake: "https://intake.example.org",
            extra: "contact:\n  phone: \"\"\n  email: \"\"\n"
        )
        defer { site.remove() }
        let report = try site.build()
        let warning = try #require(
            report.diagnostics.first { $0.rule == "form" && $0.message.contains("contact details") }
        )
        #expect(warning.severity == .warning && warning.file == "site.yml")
        let lines = try String(contentsOf: site.root.appendingPathComponent("site.yml"), encoding: .utf8)
            .components(separatedBy: "\n")
        let phone = try #require(lines.firstIndex { $0.hasPrefix("  phone:") }) + 1
        #expect(warning.message.contains("lines \(phone) and \(phone + 1)"), "\(warning.message)")
        // Without contact details the form's script has no contact to append: no dangling sentence.
        let page = try #require(site.read("request/index.html"))
        #expect(!page.contains("data-contact-phone") && !page.contains("data-contact-email"))
        let unreachable = try #require(page.range(of: #"data-text-unreachable="[^"]*""#, options: .regularExpression))
        #expect(page[unreachable].hasSuffix("988 now.\""), "\(page[unreachable])")
    }

    @Test func theServiceGetsShellsWithTheSummaryFirstAndTheReferenceInTheConfirmation() throws {
        let site = try Self.formSite(intake: "https://intake.example.org")
        defer { site.remove() }
        _ = try site.build()
        let shell = try #require(site.read("request/form-shell.html"))
        let summary = try #require(shell.range(of: "<!--portal:summary-->"))
        let form = try #require(shell.range(of: "<!--portal:form-->"))
        let heading = try #require(shell.range(of: "<h1"))
        #expect(summary.lowerBound < heading.lowerBound && heading.lowerBound < form.lowerBound)
        let confirmation = try #require(site.read("es/pedir-apoyo/enviado/confirmation-shell.html"))
        #expect(confirmation.contains("<strong data-reference-slot=\"\">PORTAL-REFERENCE-SLOT</strong>"))
        #expect(
            confirmation.contains(
                "href=\"https://intake.example.org/requests/sent?ref=PORTAL-REFERENCE-SLOT&amp;lang=en#main\" hreflang=\"en\""
            )
        )
        // The published confirmation page is unchanged: the script fills ?ref= there.
        let published = try #require(site.read("es/pedir-apoyo/enviado/index.html"))
        #expect(
            published.contains("<strong data-reference-slot=\"\"></strong>")
                && !published.contains("PORTAL-REFERENCE-SLOT")
        )
        let unavailable = try #require(site.read("form-unavailable.html"))
        #expect(unavailable.contains("<section lang=\"es\">") && unavailable.contains("988"))
        #expect(unavailable.contains("href=\"https://example.org/es/pedir-apoyo/#request-form\""))
    }

    @Test func requestSupportLinksGoToTheFormItself() throws {
        let site = try Self.formSite(intake: "https://intake.example.org")
        defer { site.remove() }
        _ = try site.build()
        let home = try #require(site.read("index.html"))
        #expect(home.contains("href=\"request/#request-form\""), "the theme's named link and the Markdown link")
        #expect(site.read("es/index.html")?.contains("pedir-apoyo/#request-form\"") == true)
        #expect(site.read("request/index.html")?.contains("<form class=\"portal-form\" id=\"request-form\"") == true)
    }

    @Test func aHandWrittenHeadersFileWinsWithAWarning() throws {
        let site = try Self.formSite(intake: "https://intake.example.org")
        defer { site.remove() }
        try site.write("static/_headers", "/*\n  X-Custom: 1\n")
        let report = try site.build()
        #expect(report.diagnostics.contains { $0.rule == "headers" && $0.file == "static/_headers" })
        #expect(site.read("_headers") == "/*\n  X-Custom: 1\n")
        #expect(site.read("_headers.nginx")?.contains("intake.example.org") == true)
    }
}
