import Foundation
import Testing

/// What a build says at scale: `--quiet` is errors only, `--max-errors` caps what is printed (not
/// what is counted), every finding is counted by rule, and `--format json` is one document.
@Suite struct BuildMessagesTests {
    /// Three broken links and three pages without a translation (warnings).
    static func site() throws -> TestSite {
        var files: [String: String] = [
            "content/_index.md": "---\ntitle: Home\n---\n\nHello.\n",
            "content/_index.es.md": "---\ntitle: Inicio\n---\n\nHola.\n",
        ]
        for n in 1...3 {
            files["content/p\(n).md"] =
                "---\ntitle: Page \(n)\ndescription: Page \(n).\n---\n\nSee [nothing](gone-\(n).md).\n"
        }
        return try TestSite(files)
    }

    let cli = CommandLineTests()

    @Test func quietPrintsErrorsOnlyAndTheCountsByRule() async throws {
        let site = try Self.site()
        defer { site.remove() }
        let run = try await cli.portal(["build", "--quiet"], in: site.root)
        #expect(run.status == 1)
        let lines = run.stderr.split(separator: "\n").map(String.init)
        #expect(lines.filter { $0.contains(": error: ") }.count == 3)
        #expect(!lines.contains { $0.contains(": warning: ") }, "\(run.stderr)")
        #expect(lines.contains("By rule: 3 errors broken-link"), "\(run.stderr)")
    }

    @Test func maxErrorsCapsWhatIsPrintedNotWhatIsCounted() async throws {
        let site = try Self.site()
        defer { site.remove() }
        let run = try await cli.portal(["build", "--max-errors", "1"], in: site.root)
        #expect(run.status == 1)
        #expect(run.stderr.components(separatedBy: ": error: ").count - 1 == 1)
        #expect(run.stderr.contains("... and 2 more errors (--max-errors)"))
        #expect(run.stdout.contains("Build failed: 3 errors") || run.stderr.contains("Build failed: 3 errors"))
    }

    @Test func jsonIsOneDocumentWithEveryFindingAndTheCountsByRule() async throws {
        let site = try TestSite([
            "content/_index.md": "---\ntitle: Home\n---\n\nHello.\n",
            "content/_index.es.md": "---\ntitle: Inicio\n---\n\nHola.\n",
            "content/a.md": "---\ntitle: A\ndescription: A page.\n---\n\nText.\n",
        ])
        defer { site.remove() }
        let run = try await cli.portal(["build", "--format", "json"], in: site.root)
        #expect(run.status == 0)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let rules = try #require(document["rules"] as? [String: [String: Int]])
        #expect(rules["missing-translation"] == ["errors": 0, "warnings": 1])
        let findings = try #require(document["findings"] as? [[String: Any]])
        #expect(document["warnings"] as? Int == findings.count)
        #expect(
            findings.contains {
                $0["file"] as? String == "content/a.md" && $0["rule"] as? String == "missing-translation"
            }
        )
    }
}
