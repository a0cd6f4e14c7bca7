import PortalForms
import XCTest

final class FormValidationTests: XCTestCase {
    var form: FormDefinition!

    override func setUpWithError() throws { form = try FormFixtures.shipped() }

    private func errors(
        _ changes: [String: [String]?],
        language: String = "en"
    ) -> [String:
        FormFieldError.Kind]
    {
        var values = FormFixtures.validValues
        for (key, value) in changes { values[key] = value }
        return Dictionary(
            uniqueKeysWithValues: form.validate(values, language: language).map { ($0.field, $0.kind) }
        )
    }

    func testCompleteRequestHasNoErrors() {
        XCTAssertEqual(form.validate(FormFixtures.validValues, language: "en"), [])
    }

    func testEmptySubmissionListsEveryRequiredQuestionInOrder() {
        let found = form.validate([:], language: "en")
        XCTAssertEqual(
            found.map(\.field),
            ["contact_method", "language", "timing", "topic", "confirm"]
        )
        XCTAssertTrue(found.allSatisfy { $0.kind == .required })
        XCTAssertEqual(found.first?.message, "Select how you would like us to contact you")
    }

    func testErrorsAreWordedInSpanishForSpanishForms() {
        let found = form.validate([:], language: "es")
        XCTAssertEqual(found.first?.message, "Seleccione cómo prefiere que nos comuniquemos con usted")
    }

    func testUnknownLanguageFallsBackToEnglish() {
        XCTAssertEqual(
            form.validate([:], language: "fr").first?.message,
            "Select how you would like us to contact you"
        )
    }

    func testPhoneRequiredOnlyForCallOrText() {
        XCTAssertEqual(errors(["phone": nil]), ["phone": .required])
        XCTAssertEqual(errors(["contact_method": ["text"], "phone": ["   "]]), ["phone": .required])
        XCTAssertEqual(
            errors(["contact_method": ["email"], "phone": nil, "email": ["a@example.org"]]),
            [:]
        )
    }

    func testEmailRequiredForEmailOrVideo() {
        XCTAssertEqual(errors(["contact_method": ["video"], "phone": nil]), ["email": .required])
        XCTAssertEqual(errors(["contact_method": ["email"], "email": ["a@example.org"]]), [:])
    }

    func testPreferredTimeRequiredOnlyForAnotherTime() {
        XCTAssertEqual(errors(["timing": ["another_time"]]), ["preferred_time": .required])
        XCTAssertEqual(
            errors(["timing": ["another_time"], "preferred_time": ["Tuesday after 5"]]),
            [:]
        )
    }

    func testChoicesMustBeOnesOffered() {
        XCTAssertEqual(errors(["contact_method": ["fax"]]), ["contact_method": .invalid])
        XCTAssertEqual(errors(["topic": ["stress", "taxes"]]), ["topic": .invalid])
        XCTAssertEqual(errors(["language": ["en", "es"]]), ["language": .invalid])
    }

    func testConfirmationMustBeTicked() {
        XCTAssertEqual(errors(["confirm": ["no"]]), ["confirm": .invalid])
        XCTAssertEqual(errors(["confirm": nil]), ["confirm": .required])
    }

    func testMessageMayBeUpTo1000Characters() {
        XCTAssertEqual(errors(["message": [String(repeating: "é", count: 1000)]]), [:])
        XCTAssertEqual(
            errors(["message": [String(repeating: "a", count: 1001)]]),
            ["message": .tooLong]
        )
        let tooLong = form.validate(
            FormFixtures.validValues.merging(["message": [String(repeating: "a", count: 1001)]]) { $1 },
            language: "en"
        )
        XCTAssertEqual(tooLong.first?.message, "Your message must be 1,000 characters or fewer")
    }

    func testEmailFormat() {
        for bad in ["name", "name@", "@example.org", "a b@example.org", "name@example"] {
            XCTAssertEqual(
                errors(["contact_method": ["email"], "email": [bad]]),
                ["email": .format],
                bad
            )
        }
        XCTAssertEqual(
            errors(["contact_method": ["email"], "email": ["first.last+peer@mail.example.org"]]),
            [:]
        )
    }

    func testPhoneFormat() {
        for bad in ["call me", "12345", "650-555-0123 ext 4", "+1 (650) 555 0123 0000 0000"] {
            XCTAssertEqual(errors(["phone": [bad]]), ["phone": .format], bad)
        }
        for good in ["(650) 555-0123", "+1 650 555 0123", "650.555.0123"] {
            XCTAssertEqual(errors(["phone": [good]]), [:], good)
        }
    }

    func testHoneypotIsSeparateFromValidation() {
        var values = FormFixtures.validValues
        XCTAssertFalse(FormDefinition.isHoneypotFilled(values))
        values["website"] = ["http://spam.example"]
        XCTAssertTrue(FormDefinition.isHoneypotFilled(values))
        XCTAssertEqual(
            form.validate(values, language: "en"),
            [],
            "a bot must not learn from the answer"
        )
    }

    func testStoredAnswersKeepOnlyKnownNonEmptyFieldsTrimmed() {
        var values = FormFixtures.validValues
        values["name"] = ["  Sam  "]
        values["message"] = [""]
        values["website"] = ["x"]
        values["idempotency_key"] = ["abc12345"]
        values["surprise"] = ["y"]
        let answers = form.answers(from: values)
        XCTAssertEqual(answers["name"], ["Sam"])
        XCTAssertNil(answers["message"])
        XCTAssertNil(answers["website"])
        XCTAssertNil(answers["surprise"])
        XCTAssertEqual(answers["topic"], ["stress", "burnout"])
    }
}
