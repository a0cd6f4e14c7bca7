import PortalDiagnostics
import PortalForms
import XCTest

final class FormDefinitionLoadingTests: XCTestCase {
    func testShippedFormLoadsWithTheDefaultQuestionsInOrder() throws {
        let form = try FormFixtures.shipped()
        XCTAssertEqual(form.languages, ["en", "es"])
        XCTAssertEqual(
            form.fields.map(\.name),
            [
                "contact_method", "phone", "email", "language", "timing", "preferred_time", "topic",
                "message", "name", "confirm",
            ]
        )
        XCTAssertEqual(form.pages["es"], "es/pedir-apoyo/")
        XCTAssertEqual(form.confirmation["en"], "request/sent/")
        XCTAssertEqual(form.field(named: "message")?.maxLength, 1000)
    }

    func testYAMLSyntaxErrorNamesFileAndLine() {
        let yaml = "languages: [en]\nfields:\n  - name: a\n    type: [oops\n"
        let diagnostics = diagnosticsOf(yaml)
        XCTAssertEqual(diagnostics.count, 1)
        XCTAssertEqual(diagnostics.first?.file, "content/request-form.yml")
        XCTAssertGreaterThanOrEqual(diagnostics.first?.line ?? 0, 4)
        XCTAssertTrue(diagnostics.first?.headline.hasPrefix("content/request-form.yml:") ?? false)
        XCTAssertFalse(diagnostics.first?.hint.isEmpty ?? true)
    }

    func testUnknownFieldTypeIsReportedAtItsLineAndColumnWithTheKnownTypes() {
        let diagnostics = diagnosticsOf(
            Self.minimal(
                fields: """
                      - name: colour
                        type: dropdown
                        label: {en: "Colour"}
                    """
            )
        )
        let problem = diagnostics.first { $0.message.contains("unknown type 'dropdown'") }
        XCTAssertNotNil(problem, "\(diagnostics.map(\.formatted))")
        XCTAssertEqual(problem?.line, Self.fieldsLine + 2)
        XCTAssertEqual(problem?.column, 11)
        XCTAssertTrue(problem?.hint.contains("radios") ?? false)
    }

    func testMissingTranslationIsReportedWithItsLine() {
        let diagnostics = diagnosticsOf(
            Self.minimal(
                languages: "[en, es]",
                fields: """
                      - name: nickname
                        type: text
                        label: {en: "Nickname"}
                    """
            )
        )
        let problem = diagnostics.first { $0.message.contains("`label` has no 'es' wording") }
        XCTAssertNotNil(problem, "\(diagnostics.map(\.formatted))")
        XCTAssertEqual(problem?.line, Self.fieldsLine + 3)
    }

    func testRequiredWhenMustNameAnEarlierFieldAndItsOptions() {
        let diagnostics = diagnosticsOf(
            Self.minimal(
                fields: """
                      - name: method
                        type: radios
                        label: {en: "How"}
                        options:
                          - {value: phone, label: {en: "Phone"}}
                        errors: {required: {en: "Choose"}}
                        required: true
                      - name: number
                        type: tel
                        label: {en: "Number"}
                        required_when: {field: method, in: [fax]}
                        errors: {required: {en: "Enter"}, format: {en: "Bad"}}
                      - name: later
                        type: text
                        label: {en: "Later"}
                        required_when: {field: nowhere, in: [x]}
                        errors: {required: {en: "Enter"}}
                    """
            )
        )
        XCTAssertTrue(
            diagnostics.contains {
                $0.message == "'fax' is not an option of 'method'" && $0.line == Self.fieldsLine + 11
            }
        )
        XCTAssertTrue(
            diagnostics.contains {
                $0.message.contains("names 'nowhere'") && $0.line == Self.fieldsLine + 16
            }
        )
    }

    func testFieldThatCanBeRequiredNeedsARequiredMessage() {
        let diagnostics = diagnosticsOf(
            Self.minimal(
                fields: """
                      - name: nickname
                        type: text
                        required: true
                        label: {en: "Nickname"}
                    """
            )
        )
        XCTAssertTrue(diagnostics.contains { $0.message.contains("has no `errors.required` message") })
    }

    func testUnknownKeyIsATypoWithAHint() {
        let diagnostics = diagnosticsOf(
            Self.minimal(
                fields: """
                      - name: nickname
                        type: text
                        lable: {en: "Nickname"}
                        label: {en: "Nickname"}
                    """
            )
        )
        let problem = diagnostics.first { $0.message == "unknown field key 'lable'" }
        XCTAssertEqual(problem?.line, Self.fieldsLine + 3)
        XCTAssertTrue(problem?.hint.contains("label") ?? false)
    }

    func testMissingFileIsReportedWithAHint() {
        XCTAssertThrowsError(
            try FormDefinition.load(path: "/nonexistent/form.yml", displayPath: "content/form.yml")
        ) { error in
            let list = error as? DiagnosticList
            XCTAssertEqual(list?.errors.first?.file, "content/form.yml")
            XCTAssertTrue(list?.errors.first?.hint.contains("--form") ?? false)
        }
    }

    // MARK: - Helpers

    /// Line of `fields:` in `minimal(...)`, so tests can name the exact line of each problem.
    static var fieldsLine: Int {
        (minimal(fields: "").split(separator: "\n", omittingEmptySubsequences: false)
            .firstIndex { $0 == "fields:" } ?? -1) + 1
    }

    static func minimal(languages: String = "[en]", fields: String) -> String {
        let langs = languages == "[en]" ? ["en"] : ["en", "es"]
        func both(_ text: String) -> String {
            "{" + langs.map { "\($0): \"\(text)\"" }.joined(separator: ", ") + "}"
        }
        let keys = [
            "submit", "optional", "error_summary", "error_prefix", "privacy", "too_long", "invalid",
            "character_count", "characters_remaining", "characters_over", "unreachable", "sending",
            "contact_team", "too_many", "not_saved", "too_large", "forbidden", "not_sent_title", "back_to_form",
            "unavailable",
        ]
        var yaml =
            "languages: \(languages)\npages: {en: \"request/\"\(langs.count > 1 ? ", es: \"es/r/\"" : "")}\n"
        yaml +=
            "confirmation: {en: \"request/sent/\"\(langs.count > 1 ? ", es: \"es/r/sent/\"" : "")}\ntext:\n"
        for key in keys { yaml += "  \(key): \(both(key))\n" }
        for (key, text) in [
            ("sent", "s"), ("reference", "r"), ("sent_next", "n"), ("error_title_prefix", "E"),
        ] {
            yaml += "  \(key): \(both(text))\n"
        }
        return yaml + "fields:\n" + fields + "\n"
    }

    private func diagnosticsOf(_ yaml: String) -> [Diagnostic] {
        do {
            _ = try FormDefinition.parse(yaml: yaml, displayPath: "content/request-form.yml")
            XCTFail("expected the definition to be rejected")
            return []
        } catch let list as DiagnosticList {
            return list.diagnostics
        } catch {
            XCTFail("unexpected error \(error)")
            return []
        }
    }
}
