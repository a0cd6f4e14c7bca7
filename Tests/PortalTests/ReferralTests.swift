import Foundation
import PortalDiagnostics
import PortalReferrals
import PortalYAML
import Testing

/// The referral directory only lists complete, reachable entries, and says when one is stale.
@Suite struct ReferralTests {
    static let valid = """
        categories:
          - id: warmline
            name: {en: Warm lines, es: Líneas de apoyo}
        entries:
          - id: warm
            name: {en: Warm line, es: Línea}
            category: warmline
            description: {en: Talk to a peer., es: Hable con un par.}
            phone: "(855) 845-7415"
            web: https://example.org/warm
            last_verified: 2026-06-01
        """

    func read(
        _ yaml: String,
        today: YAMLDate = YAMLDate(year: 2026, month: 11, day: 24)
    ) throws -> (ReferralDirectory, [Diagnostic]) {
        let collector = DiagnosticCollector()
        let root = try #require(try YAMLReader.parse(yaml, file: "data/referrals.yml"))
        let directory = ReferralDirectory.read(
            root,
            file: "data/referrals.yml",
            languages: ["en", "es"],
            today: today,
            staleAfterYears: 1,
            diagnostics: collector
        )
        return (directory, collector.all)
    }

    @Test func validEntryIsListedWithTelAndLocalizedText() throws {
        let (directory, problems) = try read(Self.valid)
        #expect(problems.isEmpty)
        let value = directory.templateValue(language: "es", fallback: "en") { _ in "warm/" }
        let categories = try #require(value["categories"] as? [[String: Any]])
        let entry = try #require((categories.first?["entries"] as? [[String: Any]])?.first)
        #expect(entry["phone_href"] as? String == "tel:+18558457415")
        #expect(entry["name"] as? String == "Línea")
        #expect(categories.first?["url"] as? String == "warm/")
        #expect(entry["text"] as? Bool == false)
        #expect(entry["languages"] as? String == nil)
    }

    @Test func staleEntryIsAWarningNamingFileAndLine() throws {
        let (directory, problems) = try read(Self.valid, today: YAMLDate(year: 2027, month: 6, day: 2))
        let warning = try #require(problems.first)
        #expect(warning.severity == .warning && warning.rule == "stale-referral")
        #expect(warning.file == "data/referrals.yml" && warning.line == 11)
        #expect(directory.entries.count == 1)
    }

    @Test func badPhoneHttpURLMissingTranslationAndUnknownCategoryAreErrors() throws {
        let yaml = Self.valid
            .replacingOccurrences(of: "\"(855) 845-7415\"", with: "\"call us\"")
            .replacingOccurrences(of: "https://example.org/warm", with: "http://example.org/warm")
            .replacingOccurrences(of: ", es: Hable con un par.", with: "")
            .replacingOccurrences(of: "category: warmline", with: "category: hotline")
        let (directory, problems) = try read(yaml)
        let messages = problems.filter { $0.severity == .error }.map(\.message)
        #expect(messages.contains { $0.contains("'phone' is not a phone number") })
        #expect(messages.contains { $0.contains("https://") })
        #expect(messages.contains { $0.contains("'description' has no 'es' text") })
        #expect(messages.contains { $0.contains("'hotline'") })
        #expect(problems.allSatisfy { $0.line > 0 })
        #expect(directory.entries.isEmpty)
    }

    @Test func phoneNumbers() {
        #expect(PhoneNumber.isValid("988"))
        #expect(PhoneNumber.isValid("1-800-555-0100"))
        #expect(!PhoneNumber.isValid("98"))
        #expect(!PhoneNumber.isValid("call 988"))
        #expect(PhoneNumber.uri("sms", "988") == "sms:988")
    }

    @Test func theRealDirectoryHasNoErrors() throws {
        let text = try String(
            contentsOf: TestSite.repositoryRoot.appendingPathComponent("data/referrals.yml"),
            encoding: .utf8
        )
        let (directory, problems) = try read(text, today: .today())
        // Staleness is a build warning that grows with time; errors are what must never ship.
        #expect(problems.filter { $0.severity == .error }.isEmpty, "\(problems.map(\.formatted))")
        #expect(directory.entries.count >= 10)
        #expect(directory.entries.contains { $0.phone == "988" })
    }
}
