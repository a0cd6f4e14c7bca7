import Foundation
import PortalCheck
import PortalDiagnostics
import Testing

/// One fixture per rule: a page that is clean but for one violation, on a known line.
@Suite struct CheckRuleTests {
    struct Fixture: CustomTestStringConvertible, Sendable {
        var rule: String
        var body: String = ""
        var head: String = ""
        var lang = " lang=\"en\""
        var title = "A page"
        var heading: String?
        var description = "<meta name=\"description\" content=\"What the page is for.\">"
        /// Other files of the folder (a second page, an image...).
        var files: [String: String] = [:]
        var file = "index.html"
        var line = CheckFolder.bodyLine
        var severity: Diagnostic.Severity = .error
        var testDescription: String { rule }
    }

    static let other = CheckFolder.page(title: "Other page", body: "<h2 id=\"there\">There</h2>")
    static let otherFiles = ["other/index.html": other, "photo.png": "png"]

    static let fixtures: [Fixture] = [
        Fixture(rule: "link-target", body: "<p><a href=\"nowhere/\">Nowhere</a></p>"),
        Fixture(rule: "link-target", body: "<p><img src=\"missing.png\" alt=\"A missing photo\"></p>"),
        Fixture(
            rule: "link-fragment",
            body: "<p>See <a href=\"other/#nope\">the other page</a>.</p>",
            files: otherFiles
        ),
        Fixture(
            rule: "redirect-target",
            head: "<meta http-equiv=\"refresh\" content=\"0; url=gone/\">",
            files: otherFiles,
            line: 7
        ),
        Fixture(rule: "img-alt", body: "<p><img src=\"photo.png\"></p>", files: otherFiles),
        Fixture(rule: "img-alt-empty", body: "<p><img src=\"photo.png\" alt=\"\"></p>", files: otherFiles),
        Fixture(rule: "h1-count", body: "<h1>Second title</h1>"),
        Fixture(rule: "heading-order", body: "<h3>Too deep</h3>"),
        Fixture(
            rule: "heading-empty",
            body: "<h2><img src=\"photo.png\" alt=\"\" role=\"presentation\"></h2>",
            files: otherFiles
        ),
        Fixture(
            rule: "duplicate-id",
            body: "<p id=\"note\">One</p>\n<p id=\"note\">Two</p>",
            line: CheckFolder.bodyLine + 1
        ),
        Fixture(rule: "html-lang", lang: "", line: 2),
        Fixture(rule: "lang-valid", body: "<p lang=\"eng\">English words</p>"),
        Fixture(rule: "lang-valid", lang: " lang=\"em-US\"", line: 2),
        Fixture(rule: "title", title: "", heading: "A page", line: 5),
        Fixture(rule: "title-unique", title: "Other page", files: otherFiles, file: "other/index.html", line: 5),
        Fixture(rule: "meta-description", description: "", line: 2, severity: .warning),
        Fixture(rule: "control-name", body: "<form><input type=\"text\" name=\"q\"></form>"),
        Fixture(
            rule: "group-fieldset",
            body:
                "<form><label><input type=\"radio\" name=\"when\" value=\"am\"> Morning</label>\n<label><input type=\"radio\" name=\"when\" value=\"pm\"> Evening</label></form>"
        ),
        Fixture(
            rule: "autocomplete",
            body: "<form><label>Name <input name=\"n\" autocomplete=\"nmae\"></label></form>"
        ),
        Fixture(rule: "link-name", body: "<p><a href=\"other/\"></a></p>", files: otherFiles),
        Fixture(
            rule: "link-name",
            body: "<p><a href=\"other/\"><img src=\"photo.png\" alt=\"\" role=\"presentation\"></a></p>",
            files: otherFiles
        ),
        Fixture(
            rule: "link-text-vague",
            body: "<p>For more, <a href=\"other/\">click here</a>.</p>",
            files: otherFiles,
            severity: .warning
        ),
        Fixture(
            rule: "link-text-vague",
            body: "<p>Más información <a href=\"other/\">aquí</a>.</p>",
            files: otherFiles,
            severity: .warning
        ),
        Fixture(rule: "target-blank", body: "<p><a href=\"https://example.org/\" target=\"_blank\">Example</a></p>"),
        Fixture(rule: "iframe-title", body: "<iframe src=\"other/\"></iframe>", files: otherFiles),
        Fixture(rule: "third-party", body: "<p><img src=\"https://images.example.com/a.png\" alt=\"A lake\"></p>"),
        Fixture(rule: "third-party", head: "<link rel=\"stylesheet\" href=\"https://fonts.example.com/css\">", line: 7),
        Fixture(rule: "third-party", body: "<iframe title=\"Map\" src=\"https://maps.example.com/embed\"></iframe>"),
        Fixture(
            rule: "third-party",
            files: [
                "site.css": "body { color: black; }\n@font-face { src: url(https://fonts.example.com/a.woff2); }\n"
            ],
            file: "site.css",
            line: 2
        ),
        Fixture(
            rule: "link-target",
            files: [
                "sitemap.xml":
                    "<urlset>\n  <url><loc>https://example.org/</loc></url>\n  <url><loc>https://example.org/gone/</loc></url>\n</urlset>\n",
                "robots.txt": "Sitemap: https://example.org/sitemap.xml\n",
            ],
            file: "sitemap.xml",
            line: 3
        ),
    ]

    @Test(arguments: fixtures) func eachRuleNamesFileAndLine(_ fixture: Fixture) throws {
        let page = CheckFolder.page(
            title: fixture.title,
            heading: fixture.heading,
            lang: fixture.lang,
            head: fixture.head,
            body: fixture.body,
            description: fixture.description
        )
        let folder = try CheckFolder(fixture.files.merging(["index.html": page]) { $1 })
        defer { folder.remove() }
        let report = folder.check()
        let found = report.diagnostics.filter { $0.rule == fixture.rule }
        #expect(
            found.contains { $0.file == fixture.file && $0.line == fixture.line && $0.severity == fixture.severity },
            "\(report.lines)"
        )
        // Nothing else: each fixture breaks one rule only.
        #expect(Set(report.diagnostics.map(\.rule)) == [fixture.rule], "\(report.lines)")
    }

    @Test func aCleanPageHasNoFindings() throws {
        let body = """
            <p>Read <a href="other/#there">the other page</a> <img src="photo.png" alt="A calm lake"></p>
            <h2>Section</h2><h3>Part</h3><h2>Next</h2>
            <form><fieldset><legend>When?</legend><label><input type="radio" name="w"> Morning</label>
            <label><input type="radio" name="w"> Evening</label></fieldset>
            <label for="e">Email</label><input id="e" type="email" autocomplete="home email">
            <button>Send</button></form>
            <ul><li><input type="checkbox" disabled> Rest</li></ul>
            <p><a href="https://example.org/" target="_blank" rel="noopener">Example</a> <a href="mailto:a@example.org">Write</a></p>
            <img src="photo.png" alt="" role="presentation"><a href="#main">Top</a>
            """
        let folder = try CheckFolder(Self.otherFiles.merging(["index.html": CheckFolder.page(body: body)]) { $1 })
        defer { folder.remove() }
        let report = folder.check()
        #expect(report.diagnostics.isEmpty, "\(report.lines)")
        #expect(report.summary == "Checked 2 pages: 0 errors, 0 warnings")
    }

    /// Paths are looked up by their bytes; an accent written decomposed still finds the folder
    /// whose name has it composed, as String equality did.
    @Test func linkTargetsFoldersFilesAndAccents() throws {
        let body = """
            <p><a href="caf\u{E9}/">composed</a> <a href="cafe\u{301}/">decomposed</a> <a href="sub">folder</a>
            <a href="notes.txt">file</a> <a href="./sub/../notes.txt">dots</a> <a href="/sub/#top">root</a></p>
            <p><a href="cafe/">plain</a> <a href="notes">no file</a> <a href="../up/">above</a></p>
            """
        let folder = try CheckFolder([
            "index.html": CheckFolder.page(body: body),
            "caf\u{E9}/index.html": CheckFolder.page(title: "Cafe", body: ""),
            "sub/index.html": CheckFolder.page(title: "Sub", body: ""), "notes.txt": "notes",
        ])
        defer { folder.remove() }
        let report = folder.check()
        let messages = Set(report.diagnostics.filter { $0.rule == "link-target" }.map(\.message))
        #expect(
            messages == [
                "cafe/ is not in the built site", "notes is not in the built site",
                "../up/ points above the site's root folder",
            ],
            "\(report.lines)"
        )
    }

    @Test func findingsHaveTheColumnOfTheirElement() throws {
        let folder = try CheckFolder([
            "index.html": CheckFolder.page(body: "<p>x <img src=\"a.png\" alt=\"A\"> <img src=\"photo.png\"></p>"),
            "a.png": "", "photo.png": "",
        ])
        defer { folder.remove() }
        let line = try #require(folder.check().diagnostics.first { $0.rule == "img-alt" })
        #expect(
            line.checkLine
                == "index.html:\(CheckFolder.bodyLine):32: error: img-alt: the image photo.png has no text alternative"
        )
    }

    @Test func outputIsSortedAndTheSameEveryRun() throws {
        var files: [String: String] = [:]
        for index in 0..<40 {
            files["p\(index)/index.html"] = CheckFolder.page(
                title: "Page \(index)",
                body: "<p><a href=\"../gone\(index)/\">Gone</a><img src=\"x.png\"></p>"
            )
        }
        let folder = try CheckFolder(files)
        defer { folder.remove() }
        let report = folder.check()
        // Two missing files and a missing alt per page, found on two threads.
        #expect(report.lines.count == 120)
        #expect(report.lines == folder.check().lines)
        let places = report.diagnostics.map {
            [$0.file, String(format: "%06d", $0.line), String(format: "%06d", $0.column)].joined(separator: " ")
        }
        #expect(places == places.sorted())
    }

    @Test func jsonFormatCarriesEveryField() throws {
        let folder = try CheckFolder(["index.html": CheckFolder.page(body: "<p><a href=\"nowhere/\">Nowhere</a></p>")])
        defer { folder.remove() }
        let json = try #require(folder.check().json().data(using: .utf8))
        let decoded = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        #expect(decoded["errors"] as? Int == 1)
        #expect(decoded["pages"] as? Int == 1)
        let finding = try #require((decoded["findings"] as? [[String: Any]])?.first)
        #expect(finding["rule"] as? String == "link-target")
        #expect(finding["line"] as? Int == CheckFolder.bodyLine)
        #expect(finding["file"] as? String == "index.html")
    }

    @Test func voidMediaElementsDoNotSwallowTheirSiblings() throws {
        // libxml2 nests what follows <source> inside it; the repaired tree puts the h2 back at the top.
        let body =
            "<video controls><source src=\"a.mp4\"><track src=\"a.vtt\"></video>\n<h2>After</h2>\n<h4>Skipped</h4>"
        let folder = try CheckFolder(["index.html": CheckFolder.page(body: body), "a.mp4": "", "a.vtt": ""])
        defer { folder.remove() }
        let report = folder.check()
        #expect(
            report.diagnostics.map(\.checkLine) == [
                "index.html:\(CheckFolder.bodyLine + 2):1: error: heading-order: an h4 heading ('Skipped') follows an h2; h3 is skipped"
            ]
        )
    }

    @Test func languageTags() {
        for valid in ["en", "es", "FR", "es-MX", "en-US-GB", "zh-Hant", "haw", "x-private", "qaa"] {
            #expect(LanguageTagProbe.isValid(valid), "\(valid)")
        }
        for invalid in ["eng", "spa", "em-US", "#1", "i-lux", "", "en_US", "e", "english"] {
            #expect(!LanguageTagProbe.isValid(invalid), "\(invalid)")
        }
    }
}

/// The language tag rule seen from outside: a page with that `lang` and nothing else wrong.
enum LanguageTagProbe {
    static func isValid(_ tag: String) -> Bool {
        guard let folder = try? CheckFolder(["index.html": CheckFolder.page(lang: " lang=\"\(tag)\"", body: "")]) else {
            return false
        }
        defer { folder.remove() }
        return folder.check().diagnostics.isEmpty
    }
}
