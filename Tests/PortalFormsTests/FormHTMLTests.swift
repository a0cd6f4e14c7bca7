import PortalForms
import XCTest

final class FormHTMLTests: XCTestCase {
    var form: FormDefinition!
    override func setUpWithError() throws { form = try FormFixtures.shipped() }

    func testEveryControlHasAVisibleLabelAndGroupsHaveLegends() {
        let html = form.renderHTML(language: "en", action: "https://intake.example.org/requests")
        for id in [
            "f-phone", "f-email", "f-preferred_time", "f-message", "f-name", "f-confirm",
            "f-contact_method", "f-topic-burnout",
        ] {
            XCTAssertTrue(html.contains("for=\"\(id)\""), "no label for \(id)")
            XCTAssertTrue(html.contains("id=\"\(id)\""), "no control \(id)")
        }
        XCTAssertEqual(
            html.components(separatedBy: "<legend").count - 1,
            4,
            "contact, language, timing, topic"
        )
        XCTAssertFalse(html.contains("placeholder"))
        XCTAssertTrue(
            html.hasPrefix(
                "<form class=\"portal-form\" id=\"request-form\" method=\"post\""
                    + " action=\"https://intake.example.org/requests?lang=en#error-summary\" novalidate"
            )
        )
    }

    func testOptionalFieldsAreMarkedAndNothingIsPreselected() {
        let html = form.renderHTML(language: "en", action: "/requests")
        XCTAssertEqual(
            html.components(separatedBy: "(optional)</span>").count - 1,
            2,
            "message and name"
        )
        XCTAssertFalse(html.contains(" checked"))
        XCTAssertFalse(html.contains("*"))
    }

    func testInputsCarryTypeAutocompleteAndInputmode() {
        let html = form.renderHTML(language: "en", action: "/requests")
        XCTAssertTrue(
            html.contains(
                "id=\"f-phone\" name=\"phone\" autocomplete=\"tel\" inputmode=\"tel\" spellcheck=\"false\""
            )
        )
        XCTAssertTrue(html.contains("type=\"tel\""))
        XCTAssertTrue(html.contains("name=\"email\" autocomplete=\"email\""))
        XCTAssertTrue(html.contains("type=\"email\""))
        XCTAssertTrue(html.contains("name=\"name\" autocomplete=\"given-name\""))
    }

    func testNoInlineStyleOrScriptForTheContentSecurityPolicy() {
        let html = form.renderHTML(
            language: "en",
            action: "/requests",
            errors: form.validate([:], language: "en")
        )
        XCTAssertFalse(html.contains("style="))
        XCTAssertFalse(html.contains("<script"))
        XCTAssertNil(
            html.range(of: #"\son[a-z]+="#, options: .regularExpression),
            "no event handler attributes"
        )
    }

    func testHoneypotIsHiddenFromEveryone() throws {
        let html = form.renderHTML(language: "en", action: "/requests")
        let start = try XCTUnwrap(html.range(of: "<div class=\"form-hp\""))
        let block = html[start.lowerBound...].prefix { $0 != "\n" }
        XCTAssertTrue(block.contains("aria-hidden=\"true\""))
        XCTAssertTrue(block.contains("tabindex=\"-1\""))
        XCTAssertTrue(block.contains("autocomplete=\"off\""))
        XCTAssertTrue(block.contains("name=\"website\""))
    }

    func testErrorSummaryComesFirstAndLinksToEachField() throws {
        let errors = form.validate([:], language: "en")
        let html = form.renderHTML(language: "en", action: "/requests", errors: errors)
        XCTAssertTrue(html.hasPrefix("<div class=\"form-error-summary\""))
        XCTAssertTrue(html.contains(">There is a problem</h2>"))
        XCTAssertTrue(
            html.contains(
                "<li><a href=\"#f-contact_method\">Select how you would like us to contact you</a></li>"
            )
        )
        XCTAssertTrue(html.contains("<li><a href=\"#f-confirm\">"))
        XCTAssertTrue(
            html.contains(
                "id=\"f-contact_method-error\"><span class=\"visually-hidden\">Error:</span> Select how"
            )
        )
        XCTAssertTrue(
            html.contains("aria-describedby=\"f-contact_method-hint f-contact_method-error\"")
        )
        XCTAssertEqual(html.components(separatedBy: "form-group--error").count - 1, errors.count)
    }

    func testNoErrorSummaryWithoutErrors() {
        XCTAssertFalse(
            form.renderHTML(language: "en", action: "/requests").contains("form-error-summary\"")
        )
    }

    func testEveryValueIsKeptAndEscaped() {
        let values: [String: [String]] = [
            "contact_method": ["email"], "email": ["sam\"<x>@example.org"], "language": ["other"],
            "timing": ["another_time"], "preferred_time": ["Tues & Weds"],
            "topic": ["boundaries", "other"],
            "message": ["</textarea><script>alert(1)</script>"], "name": ["Sam"], "confirm": ["yes"],
        ]
        let html = form.renderHTML(
            language: "en",
            action: "/requests",
            values: values,
            errors: form.validate(values, language: "en")
        )
        XCTAssertTrue(html.contains("value=\"sam&quot;&lt;x&gt;@example.org\""))
        XCTAssertTrue(
            html.contains(
                "id=\"f-contact_method-email\" name=\"contact_method\" type=\"radio\" value=\"email\" checked"
            )
        )
        XCTAssertTrue(html.contains("value=\"other\" checked"))
        XCTAssertTrue(html.contains("value=\"another_time\" checked"))
        XCTAssertTrue(html.contains("value=\"Tues &amp; Weds\""))
        XCTAssertTrue(html.contains("value=\"boundaries\" checked"))
        XCTAssertTrue(
            html.contains("&lt;/textarea&gt;&lt;script&gt;alert(1)&lt;/script&gt;</textarea>")
        )
        XCTAssertTrue(html.contains("value=\"Sam\""))
        XCTAssertTrue(html.contains("value=\"yes\" checked"))
        XCTAssertFalse(html.contains("<script>"))
    }

    func testSpanishFormIsFullyInSpanish() {
        let html = form.renderHTML(
            language: "es",
            action: "/requests",
            errors: form.validate([:], language: "es")
        )
        XCTAssertTrue(html.contains(">Hay un problema</h2>"))
        XCTAssertTrue(html.contains(">Enviar solicitud</button>"))
        XCTAssertTrue(html.contains("(opcional)"))
        XCTAssertTrue(html.contains("¿Cómo prefiere que nos comuniquemos con usted?"))
        XCTAssertTrue(html.contains("name=\"lang\" value=\"es\""))
        XCTAssertFalse(html.contains("(optional)"))
    }

    func testCharacterCountIsAnnouncedPolitely() {
        let html = form.renderHTML(language: "en", action: "/requests")
        XCTAssertTrue(
            html.contains(
                "id=\"f-message-count\" aria-live=\"polite\" data-character-count>You can enter up to 1,000 characters</p>"
            )
        )
        XCTAssertTrue(html.contains("aria-describedby=\"f-message-hint f-message-error f-message-count\""))
    }

    func testCrisisLineIsBesideTheConfirmationAndReadWithIt() {
        let html = form.renderHTML(language: "en", action: "/requests")
        XCTAssertTrue(html.contains("aria-describedby=\"f-confirm-error f-confirm-aside\""))
        XCTAssertTrue(html.contains("id=\"f-confirm-aside\">In a crisis, call or text 988"))
    }

    func testScriptGetsTheRulesContactAndKey() {
        let html = form.renderHTML(
            language: "en",
            action: "/requests",
            contactPhone: "650-555-0100",
            contactEmail: "peers@example.org",
            idempotencyKey: "k3y-0123456789"
        )
        XCTAssertTrue(
            html.contains("data-contact-phone=\"650-555-0100\" data-contact-email=\"peers@example.org\"")
        )
        XCTAssertTrue(html.contains("name=\"idempotency_key\" value=\"k3y-0123456789\""))
        XCTAssertTrue(
            html.contains(
                "data-field=\"phone\" data-kind=\"tel\" data-required-when=\"contact_method:phone text\" data-maxlength=\"30\""
            )
        )
        XCTAssertTrue(
            html.contains("data-error-required=\"Enter a phone number, so that we can call or text you\"")
        )
        XCTAssertTrue(html.contains("data-text-error-summary=\"There is a problem\""))
    }

    func testShellIsFilledWithTitlePrefixFormAndBase() {
        let shell =
            "<html><head><title><!--portal:title-prefix-->Ask for support</title></head><body><!--portal:form--></body></html>"
        let page = FormShell.fill(
            shell,
            form: "<form></form>",
            titlePrefix: "Error: ",
            baseHref: "https://site.example/request/"
        )
        XCTAssertEqual(
            page,
            "<html><head>\n<base href=\"https://site.example/request/\"><title>Error: Ask for support</title></head><body><form></form></body></html>"
        )
    }
}
