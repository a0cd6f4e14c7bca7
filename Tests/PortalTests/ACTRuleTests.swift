import Foundation
import PortalCheck
import Testing

/// The W3C ACT rules' own test cases (../shared/testdata/act-rules): for each case, the checker's
/// verdict (a finding of the matching rule = failed) agrees with the expected outcome. Passed and
/// inapplicable both mean "no finding". docs/checker.md explains the cases listed as undecidable.
@Suite struct ACTRuleTests {
    static let data = TestSite.repositoryRoot.deletingLastPathComponent().appendingPathComponent(
        "shared/testdata/act-rules"
    )

    /// ACT rule id to the checker rule that decides it.
    static let rules: [String: String] = [
        "23a2a8": "img-alt", "b5c3f8": "html-lang", "bf051a": "lang-valid", "2779a5": "title",
        "c487ae": "link-name", "ffd0e9": "heading-empty", "cae760": "iframe-title",
    ]

    /// Cases whose outcome depends on what static HTML cannot show (see docs/checker.md).
    static let undecidable: Set<String> = []

    struct Case: Decodable {
        var file: String
        var expected: String
        var fragment: Bool?
    }

    struct Rule: Decodable {
        var id: String
        var testcases: [Case]
    }

    struct Manifest: Decodable { var rules: [Rule] }

    /// ACT wraps fragments in a minimal page before testing; so does this test.
    static func page(_ text: String, fragment: Bool) -> String {
        fragment
            ? "<!DOCTYPE html>\n<html lang=\"en\">\n<head><title>ACT test case</title></head>\n<body>\n\(text)\n</body>\n</html>\n"
            : text
    }

    @Test func verdictsMatchTheExpectedOutcomes() throws {
        let manifestData = try Data(contentsOf: Self.data.appendingPathComponent("manifest.json"))
        let manifest = try JSONDecoder().decode(Manifest.self, from: manifestData)
        let folder = try CheckFolder()
        defer { folder.remove() }
        for rule in manifest.rules {
            for testCase in rule.testcases {
                let text = try String(contentsOf: Self.data.appendingPathComponent(testCase.file), encoding: .utf8)
                try folder.write(testCase.file, Self.page(text, fragment: testCase.fragment ?? false))
            }
        }
        let report = folder.check()
        var agree = 0
        var disagree: [String] = []
        for rule in manifest.rules {
            let checkerRule = try #require(Self.rules[rule.id])
            for testCase in rule.testcases {
                let failed = report.diagnostics.contains { $0.file == testCase.file && $0.rule == checkerRule }
                if failed == (testCase.expected == "failed") {
                    agree += 1
                } else {
                    disagree.append(
                        "\(testCase.file) (expected \(testCase.expected), checker \(failed ? "failed" : "no finding"))"
                    )
                }
            }
        }
        let total = manifest.rules.reduce(0) { $0 + $1.testcases.count }
        print("ACT: \(agree) of \(total) cases agree; disagree: \(disagree)")
        #expect(Set(disagree.map { String($0.prefix { $0 != " " }) }) == Self.undecidable, "\(disagree)")
        #expect(total == 97)
    }
}
