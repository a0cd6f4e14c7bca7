import Foundation
import PortalCheck
import PortalDiagnostics
import PortalSite
import Testing

/// `check: rules:` in site.yml: each rule of the build and of the read-back check can be an
/// error, a warning or off; an unknown rule name is an error with "did you mean".
@Suite struct RuleSeverityTests {
    static func config(_ rules: String) -> String {
        TestSite.defaultConfig + "check:\n  rules:\n" + rules
    }

    static let files: [String: String] = [
        "content/_index.md": page("Home", "Hello."),
        "content/_index.es.md": page("Inicio", "Hola."),
        "content/a.md": page("A", "![](photo.png)\n\nSee [gone](gone.md).\n\nSome <b>raw</b> HTML."),
        "content/photo.png": "png",
    ]

    @Test func aCheckRuleMadeAWarningNoLongerFailsTheBuild() throws {
        let site = try TestSite(
            Self.files,
            config: Self.config("    img-alt-empty: warning\n    broken-link: warning\n")
        )
        defer { site.remove() }
        let report = try site.build()
        #expect(report.check?.warnings.contains { $0.rule == "img-alt-empty" && $0.file == "content/a.md" } == true)
        #expect(report.warnings.contains { $0.rule == "broken-link" })
    }

    @Test func offSilencesARuleOfEachStage() throws {
        let site = try TestSite(
            Self.files,
            config: Self.config(
                "    img-alt-empty: off\n    broken-link: off\n    raw-html: off\n    missing-translation: off\n    link-target: off\n"
            )
        )
        defer { site.remove() }
        let report = try site.build()
        let rules = Set(report.diagnostics.map(\.rule) + (report.check?.diagnostics.map(\.rule) ?? []))
        #expect(
            rules.isDisjoint(with: ["img-alt-empty", "broken-link", "raw-html", "missing-translation", "link-target"])
        )
    }

    @Test func aWarningMadeAnErrorFailsTheBuild() throws {
        let site = try TestSite(
            [
                "content/_index.md": page("Home", "Hello."),
                "content/_index.es.md": page("Inicio", "Hola."),
                "content/a.md": "---\ntitle: A\n---\n\nText.\n",
            ],
            config: Self.config("    missing-description: error\n")
        )
        defer { site.remove() }
        let found = site.failure()
        #expect(found.contains { $0.rule == "missing-description" && $0.severity == .error })
    }

    @Test func anUnknownRuleIsAnErrorAtItsLineWithDidYouMean() throws {
        let config = Self.config("    img-alt: warning\n    heading-ordr: off\n")
        let site = try TestSite(Self.files, config: config)
        defer { site.remove() }
        let found = site.failure()
        let line = config.split(separator: "\n", omittingEmptySubsequences: false).firstIndex {
            $0.contains("heading-ordr")
        }
        let error = try #require(found.first { $0.message.contains("heading-ordr") })
        #expect(error.file == "site.yml" && error.line == (line ?? -1) + 1 && error.column == 5)
        #expect(error.message.contains("did you mean 'heading-order'?"))
    }

    @Test func aRuleThatGuardsTheBuildCannotBeChangedAndAValueMustBeKnown() throws {
        let site = try TestSite(Self.files, config: Self.config("    yaml: off\n    img-alt: maybe\n"))
        defer { site.remove() }
        let found = site.failure()
        #expect(found.contains { $0.message.contains("'yaml' cannot be changed") })
        #expect(found.contains { $0.message.contains("'img-alt' must be one of error, warning, off") })
    }

    @Test func portalCheckInASiteFolderHonoursTheRules() async throws {
        // portal check knows nothing of the build's broken-link, so it reads link-target.
        let site = try TestSite(
            Self.files,
            config: Self.config("    img-alt-empty: warning\n    broken-link: warning\n    link-target: warning\n")
        )
        defer { site.remove() }
        _ = try site.build()
        let run = try await CommandLineTests().portal(["check"], in: site.root)
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("warning: img-alt-empty:"))
    }

    /// Every rule id the build and the checker use is in the catalogue (and so in docs/checker.md).
    @Test func everyRuleIsCatalogued() throws {
        let sources = TestSite.repositoryRoot.appendingPathComponent("Sources")
        var used: Set<String> = []
        let enumerator = FileManager.default.enumerator(atPath: sources.path)
        let pattern = try Regex(#"(?:rule: |\.(?:error|warning)\(\s*)"([a-z0-9]+(?:-[a-z0-9]+)*)""#)
        while let path = enumerator?.nextObject() as? String {
            guard path.hasSuffix(".swift") else { continue }
            let text = try String(contentsOf: sources.appendingPathComponent(path), encoding: .utf8)
            for match in text.matches(of: pattern) { if let id = match.output[1].substring { used.insert(String(id)) } }
        }
        let known = Set(RuleCatalogue.defaults.keys).union(RuleCatalogue.fixed)
        #expect(used.subtracting(known).isEmpty, "not catalogued: \(used.subtracting(known).sorted())")
        let doc = try String(
            contentsOf: TestSite.repositoryRoot.appendingPathComponent("docs/checker.md"),
            encoding: .utf8
        )
        let undocumented = known.filter { !doc.contains("| `\($0)` |") }
        #expect(undocumented.isEmpty, "not in docs/checker.md: \(undocumented.sorted())")
    }

    /// The collector keeps its sorted list between reports (a build asks for it several times):
    /// a finding reported, or a rule applied, after the list was read must still show in it.
    @Test func theSortedFindingsFollowEveryReport() {
        let collector = DiagnosticCollector()
        collector.report(.warning("b.md", line: 2, rule: "one", "second"))
        #expect(collector.all.map(\.file) == ["b.md"])
        collector.report(contentsOf: [.error("a.md", line: 1, rule: "two", "first")])
        #expect(collector.all.map(\.file) == ["a.md", "b.md"])
        collector.apply(RuleSeverities(["one": .off]))
        #expect(collector.all.map(\.file) == ["a.md"])
    }
}
