import Foundation
import PortalSite
import Testing

/// Drives the `portal` program as an editor would, checking output and exit status.
@Suite struct CommandLineTests {
    static var binary: URL {
        TestSite.repositoryRoot.appendingPathComponent(".build/debug/portal")
    }

    func portal(_ arguments: [String], in folder: URL) async throws -> ProgramRun {
        try #require(
            FileManager.default.isExecutableFile(atPath: Self.binary.path),
            "build the portal program first (swift build)"
        )
        return try await ProgramRun(Self.binary, arguments, in: folder)
    }

    @Test func successfulBuildEndsWithOneSummaryLine() async throws {
        let site = try TestSite(SiteBuildTests.files)
        defer { site.remove() }
        let run = try await portal(["build"], in: site.root)
        #expect(run.status == 0)
        // The check's warnings (three pages without a translation) are counted with the build's.
        #expect(run.stdout.hasPrefix("Built 9 pages (en 6, es 3) with 3 warnings in "))
        #expect(run.stdout.hasSuffix(" s into public/\n"))
    }

    /// A quiet build prints nothing, so it skips measuring readability; `--readability` still
    /// lists every page's figure, quiet or not, and a plain build prints the summary.
    @Test func readabilityIsMeasuredWhenSomethingShowsIt() async throws {
        let sentence = "Take a short walk after a hard call and drink some water before the next one. "
        let site = try TestSite([
            "content/_index.md": page("Home"),
            "content/rest.md": page("Rest", String(repeating: sentence, count: 4)),
        ])
        defer { site.remove() }
        let plain = try await portal(["build"], in: site.root)
        #expect(plain.status == 0)
        #expect(plain.stdout.hasPrefix("Readability (en): median grade "))
        let quiet = try await portal(["build", "--quiet"], in: site.root)
        #expect(quiet.status == 0)
        #expect(quiet.stdout.isEmpty)
        let listed = try await portal(["build", "--quiet", "--readability"], in: site.root)
        #expect(listed.stdout.hasPrefix("content/rest.md: grade "))
        #expect(!listed.stdout.contains("Built "))
        // What the quiet build skips, seen in the build's report.
        let configFile = site.root.appendingPathComponent("site.yml")
        let skipped = try Site.build(BuildOptions(configFile: configFile, measureReadability: false))
        #expect(skipped.readability.isEmpty)
        let measured = try Site.build(BuildOptions(configFile: configFile))
        #expect(measured.readability.map(\.page) == ["content/rest.md"])
    }

    @Test func contentErrorsExitWithOneAndReadLikeACompiler() async throws {
        let site = try TestSite([
            "content/_index.md": page("Home"), "content/a.md": "---\ntitle: A\nweight: first\n---\n",
        ])
        defer { site.remove() }
        let run = try await portal(["build"], in: site.root)
        #expect(run.status == 1)
        #expect(run.stderr.contains("content/a.md:3:9: error: 'weight' must be a number, found \"first\"\n  hint: "))
        #expect(run.stderr.contains("Build failed: 1 error."))
    }

    @Test func usageErrorsExitWithTwo() async throws {
        let folder = FileManager.default.temporaryDirectory
        #expect(try await portal(["build", "--no-such-option"], in: folder).status == 2)
        let missing = try await portal(["build", "--config", "nowhere/site.yml"], in: folder)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("portal init"))
    }

    @Test func strictTurnsWarningsIntoFailure() async throws {
        let site = try TestSite(["content/_index.md": "---\ntitle: Home\n---\n"])
        defer { site.remove() }
        #expect(try await portal(["build"], in: site.root).status == 0)
        let strict = try await portal(["build", "--strict"], in: site.root)
        #expect(strict.status == 1)
        #expect(strict.stderr.contains("content/_index.md:1: warning: the page has no 'description'"))
    }

    @Test func initMakesASiteThatBuildsAndNewAddsADraftPage() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("portal-init-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let made = try await portal(["init", folder.path], in: FileManager.default.temporaryDirectory)
        #expect(made.status == 0)
        let built = try await portal(["build"], in: folder)
        #expect(built.status == 0)
        #expect(built.stdout.hasPrefix("Built 6 pages (en 3, es 3)"))  // home, first page, search
        #expect(try await portal(["new", "self-care/rest.md"], in: folder).status == 0)
        let text = try String(contentsOf: folder.appendingPathComponent("content/self-care/rest.md"), encoding: .utf8)
        #expect(text.contains("title: Rest") && text.contains("draft: true"))
        #expect(try await portal(["new", "self-care/rest.md"], in: folder).status == 2)
        #expect(try await portal(["new", "self-care/rest.es.md"], in: folder).status == 0)
        let spanish = try String(
            contentsOf: folder.appendingPathComponent("content/self-care/rest.es.md"),
            encoding: .utf8
        )
        #expect(
            spanish.contains("## Fuentes") && spanish.contains("Escriba aquí la página")
                && spanish.contains("draft: true")
        )
        #expect(!spanish.contains("Sources") && !spanish.contains("Write the page"))
        #expect(try await portal(["build", "--drafts"], in: folder).stdout.contains("Built 8 pages"))
    }

    @Test func versionAndHelp() async throws {
        let folder = FileManager.default.temporaryDirectory
        #expect(try await portal(["--version"], in: folder).stdout.hasPrefix("0."))
        let help = try await portal(["build", "--help"], in: folder)
        for option in ["--config", "--output", "--base-url", "--drafts", "--strict", "--quiet"] {
            #expect(help.stdout.contains(option))
        }
    }
}

/// `portal check` and `portal build --no-check` as an editor runs them.
@Suite struct CheckCommandLineTests {
    @Test func checkPrintsOneLinePerFindingAndASummary() async throws {
        let site = try TestSite(CheckSourceMapTests.files.merging(["content/help.md": page("Help", "Fine.")]) { $1 })
        defer { site.remove() }
        let built = try await CommandLineTests().portal(["build"], in: site.root)
        #expect(built.status == 0)
        #expect(built.stderr.contains("Checked 6 pages: 0 errors, 0 warnings in "))
        // Break the built page by hand: the standalone check names the HTML file and line.
        let page = try #require(site.read("help/index.html"))
        try page.replacingOccurrences(of: "Fine.", with: "Fine. <a href=\"../gone/\">Gone</a>")
            .write(to: site.output.appendingPathComponent("help/index.html"), atomically: true, encoding: .utf8)
        let line = (page.components(separatedBy: "\n").firstIndex { $0.contains("Fine.") } ?? -1) + 1
        let run = try await CommandLineTests().portal(["check"], in: site.root)
        #expect(run.status == 1)
        #expect(run.stdout.hasPrefix("public/help/index.html:\(line):"))
        #expect(run.stdout.contains(": error: link-target: ../gone/ is not in the built site\n"))
        // The build's results for the five pages not touched are reused (the build checked the
        // same files before they were moved into public/).
        #expect(run.stdout.hasSuffix("Checked 6 pages: 1 error, 0 warnings (5 unchanged since the last check)\n"))
        let fresh = try await CommandLineTests().portal(["check", "--no-cache"], in: site.root)
        #expect(fresh.stdout.hasSuffix("Checked 6 pages: 1 error, 0 warnings\n"))
        #expect(fresh.stdout == run.stdout.replacingOccurrences(of: " (5 unchanged since the last check)", with: ""))
        let json = try await CommandLineTests().portal(["check", "public", "--format", "json"], in: site.root)
        #expect(json.status == 1)
        #expect(json.stdout.contains("\"rule\" : \"link-target\""))
    }

    @Test func buildFailsOnCheckErrorsUnlessNoCheck() async throws {
        let site = try TestSite(CheckSourceMapTests.files, config: CheckSourceMapTests.rawHTMLConfig)
        defer { site.remove() }
        let failed = try await CommandLineTests().portal(["build"], in: site.root)
        #expect(failed.status == 1)
        #expect(
            failed.stderr.contains("content/help.md:8:14: error: link-target: ../nowhere/ is not in the built site\n")
        )
        #expect(failed.stderr.contains("Build failed: 3 errors."))
        #expect(!site.exists("index.html"))
        let skipped = try await CommandLineTests().portal(["build", "--no-check"], in: site.root)
        #expect(skipped.status == 0)
        #expect(!skipped.stderr.contains("Checked"))
    }
}
