import Foundation
import Hummingbird
import HummingbirdTesting
import PortalForms
import XCTest

@testable import PortalIntake

/// The plain-post journey as a person meets it: a mistake, the fix, the confirmation with the
/// reference in the page, failures in the form's own language, and every value escaped.
final class RequestJourneyTests: XCTestCase {
    /// Shells as the builder writes them: the summary slot opens `<main>`, the form's slot sits
    /// far below the page's long text; the confirmation shell has the reference slot in its text
    /// and its language switch.
    static func writeShells(_ fixture: IntakeFixture) throws {
        let site = URL(fileURLWithPath: fixture.configuration.siteDirectory)
        for (language, form, sent, other) in [
            ("en", "request/", "request/sent/", "es"), ("es", "es/pedir-apoyo/", "es/pedir-apoyo/enviado/", "en"),
        ] {
            try FileManager.default.createDirectory(
                at: site.appendingPathComponent(form),
                withIntermediateDirectories: true
            )
            try FileManager.default.createDirectory(
                at: site.appendingPathComponent(sent),
                withIntermediateDirectories: true
            )
            let shell = """
                <!doctype html><html lang="\(language)"><head><title><!--portal:title-prefix-->Form \(language)</title></head>
                <body><main id="main">
                <!--portal:summary-->
                <h1>Form \(language)</h1><p>A long explanation.</p>
                <!--portal:form--></main></body></html>
                """
            try shell.write(
                to: site.appendingPathComponent(form + FormDefinition.shellFileName),
                atomically: true,
                encoding: .utf8
            )
            let confirmation = """
                <!doctype html><html lang="\(language)"><head><title>Sent \(language)</title></head><body>
                <ul class="language-switch"><li><a href="https://intake.example.org/requests/sent?ref=PORTAL-REFERENCE-SLOT&amp;lang=\(other)#main" hreflang="\(other)">\(other)</a></li></ul>
                <main id="main"><p data-reference>Reference <strong data-reference-slot>PORTAL-REFERENCE-SLOT</strong>.</p></main></body></html>
                """
            try confirmation.write(
                to: site.appendingPathComponent(sent + FormDefinition.confirmationShellFileName),
                atomically: true,
                encoding: .utf8
            )
        }
    }

    static let formHeaders = IntakeFixture.headers("application/x-www-form-urlencoded")

    func testAMistakeThenTheFixLandsOnTheServicesConfirmationWithTheReferenceInThePage() async throws {
        let fixture = try IntakeFixture()
        try Self.writeShells(fixture)
        try await fixture.test { client in
            // The mistake: email chosen, none given. The summary opens the page, before the long text.
            let wrong = IntakeFixture.validForm.replacingOccurrences(
                of: "contact_method=phone",
                with: "contact_method=email"
            )
            let first = try await client.execute(
                uri: "/requests?lang=es",
                method: .post,
                headers: Self.formHeaders,
                body: ByteBuffer(string: wrong)
            )
            XCTAssertEqual(first.status, .unprocessableContent)
            let page = String(buffer: first.body)
            let summary = try XCTUnwrap(page.range(of: "id=\"error-summary\""))
            let explanation = try XCTUnwrap(page.range(of: "A long explanation"))
            XCTAssertLessThan(summary.lowerBound, explanation.lowerBound, "the error summary comes first")
            XCTAssertTrue(page.contains(">Hay un problema</h2>"))
            XCTAssertTrue(page.contains("action=\"http://localhost/requests?lang=es#error-summary\""))
            // The corrected post may be redirected to the site's page too: the policy allows it.
            let policy = try XCTUnwrap(first.headers[.contentSecurityPolicy])
            XCTAssertTrue(policy.contains("form-action 'self' http://localhost https://peers.example.org"), policy)

            let fixed = wrong + "&email=sam%40example.org"
            let second = try await client.execute(
                uri: "/requests?lang=es",
                method: .post,
                headers: Self.formHeaders,
                body: ByteBuffer(string: fixed)
            )
            XCTAssertEqual(second.status, .seeOther)
            let location = try XCTUnwrap(second.headers[.location])
            let stored = try fixture.store.all()
            XCTAssertEqual(stored.count, 1)
            XCTAssertEqual(location, "requests/sent?ref=\(stored[0].id)&lang=es#main")

            let confirmation = try await client.execute(
                uri: "/requests/sent?ref=\(stored[0].id)&lang=es",
                method: .get
            )
            XCTAssertEqual(confirmation.status, .ok)
            XCTAssertEqual(confirmation.headers[.cacheControl], "no-store")
            let text = String(buffer: confirmation.body)
            XCTAssertTrue(text.contains("<html lang=\"es\">"))
            XCTAssertTrue(text.contains("<strong data-reference-slot>\(stored[0].id)</strong>"))
            XCTAssertTrue(
                text.contains("requests/sent?ref=\(stored[0].id)&amp;lang=en#main"),
                "switching language keeps it"
            )
            XCTAssertTrue(text.contains("<base href=\"https://peers.example.org/es/pedir-apoyo/enviado/\">"))
            XCTAssertFalse(text.contains(FormDefinition.referenceSlot))
        }
    }

    /// Behind nginx with `Host $host` on a port other than 443, the Host header loses the port; the
    /// service's own error page must still be able to post back (found by tests/deployed).
    func testItsOwnPagesPostBackEvenWhenAProxyDropsThePortFromHost() async throws {
        let fixture = try IntakeFixture { $0.publicURL = "https://intake.example.org:8443/requests" }
        try await fixture.test { client in
            var headers = IntakeFixture.headers(
                "application/x-www-form-urlencoded",
                origin: "https://intake.example.org:8443"
            )
            let response = try await client.execute(
                uri: "/requests",
                method: .post,
                headers: headers,
                body: ByteBuffer(string: IntakeFixture.validForm)
            )
            XCTAssertEqual(response.status, .seeOther)
            XCTAssertEqual(try fixture.store.all().count, 1)
            headers[.origin] = "https://intake.example.org:9999"
            let other = try await client.execute(
                uri: "/requests",
                method: .post,
                headers: headers,
                body: ByteBuffer(string: IntakeFixture.validForm)
            )
            XCTAssertEqual(other.status, .forbidden, "another port is another origin")
        }
    }

    func testAConfirmationAddressWithoutAWellFormedReferenceShowsNothing() async throws {
        let fixture = try IntakeFixture()
        try Self.writeShells(fixture)
        try await fixture.test { client in
            for ref in ["", "PS-AAAA", "<script>", "PS-AAAA-AAAA%22%3E"] {
                let response = try await client.execute(uri: "/requests/sent?ref=\(ref)&lang=en", method: .get)
                XCTAssertEqual(response.status, .notFound, ref)
            }
        }
    }

    func testWithoutAConfirmationShellThePostGoesToTheSitesPage() async throws {
        let fixture = try IntakeFixture()
        try await fixture.test { client in
            let response = try await client.execute(
                uri: "/requests",
                method: .post,
                headers: Self.formHeaders,
                body: ByteBuffer(string: IntakeFixture.validForm)
            )
            XCTAssertEqual(response.status, .seeOther)
            XCTAssertTrue(
                response.headers[.location]?.hasPrefix("https://peers.example.org/es/pedir-apoyo/enviado/?ref=PS-")
                    ?? false
            )
        }
    }

    func testTooManyRequestsIsReadableByTheScriptAndKeepsAPlainPostsAnswersInItsLanguage() async throws {
        let fixture = try IntakeFixture { $0.rateLimitPerMinute = 1 }
        try Self.writeShells(fixture)
        try await fixture.test { client in
            let ok = try await client.execute(
                uri: "/requests",
                method: .post,
                headers: IntakeFixture.headers("application/json"),
                body: ByteBuffer(string: IntakeFixture.validJSON)
            )
            XCTAssertEqual(ok.status, .created)
            let json = try await client.execute(
                uri: "/requests",
                method: .post,
                headers: IntakeFixture.headers("application/json"),
                body: ByteBuffer(
                    string: IntakeFixture.validJSON.replacingOccurrences(of: "\"lang\":\"en\"", with: "\"lang\":\"es\"")
                )
            )
            XCTAssertEqual(json.status, .tooManyRequests)
            XCTAssertEqual(json.headers[.accessControlAllowOrigin], IntakeFixture.site, "the script can read it")
            XCTAssertNotNil(json.headers[.retryAfter])
            XCTAssertTrue(try IntakeFixture.json(json)["error"] as? String == fixture.form.text("too_many", "es"))

            let plain = try await client.execute(
                uri: "/requests?lang=es",
                method: .post,
                headers: Self.formHeaders,
                body: ByteBuffer(string: IntakeFixture.validForm)
            )
            XCTAssertEqual(plain.status, .tooManyRequests)
            let page = String(buffer: plain.body)
            XCTAssertTrue(page.contains("<html lang=\"es\">"))
            XCTAssertTrue(page.contains(Self.escapeForTest(fixture.form.text("too_many", "es"))))
            XCTAssertTrue(page.contains(">Un día difícil</textarea>"), "what was typed is kept")
            XCTAssertEqual(try fixture.store.all().count, 1)
        }
    }

    func testARefusedCrossSitePostDoesNotUseUpThePersonsAllowance() async throws {
        let fixture = try IntakeFixture { $0.rateLimitPerMinute = 1 }
        try await fixture.test { client in
            for _ in 0..<3 {
                let forged = try await client.execute(
                    uri: "/requests",
                    method: .post,
                    headers: IntakeFixture.headers("application/json", origin: "https://evil.example"),
                    body: ByteBuffer(string: IntakeFixture.validJSON)
                )
                XCTAssertEqual(forged.status, .forbidden)
            }
            let real = try await client.execute(
                uri: "/requests",
                method: .post,
                headers: IntakeFixture.headers("application/json"),
                body: ByteBuffer(string: IntakeFixture.validJSON)
            )
            XCTAssertEqual(real.status, .created)
        }
    }

    func testRefusalsBeforeTheBodyIsReadAreInTheFormsLanguageWithAWayBack() async throws {
        let fixture = try IntakeFixture()
        try Self.writeShells(fixture)
        try await fixture.test { client in
            let big = IntakeFixture.validForm + "&message=" + String(repeating: "a", count: 16 * 1024)
            let tooLarge = try await client.execute(
                uri: "/requests?lang=es",
                method: .post,
                headers: Self.formHeaders,
                body: ByteBuffer(string: big)
            )
            XCTAssertEqual(tooLarge.status, .contentTooLarge)
            let page = String(buffer: tooLarge.body)
            XCTAssertTrue(page.contains("<html lang=\"es\">"))
            XCTAssertTrue(page.contains(Self.escapeForTest(fixture.form.text("too_large", "es"))))
            XCTAssertTrue(
                page.contains("href=\"https://peers.example.org/es/pedir-apoyo/#request-form\">Volver al formulario")
            )

            let forged = try await client.execute(
                uri: "/requests?lang=es",
                method: .post,
                headers: IntakeFixture.headers("application/x-www-form-urlencoded", origin: "https://evil.example"),
                body: ByteBuffer(string: IntakeFixture.validForm)
            )
            XCTAssertEqual(forged.status, .forbidden)
            XCTAssertTrue(
                String(buffer: forged.body).contains(Self.escapeForTest(fixture.form.text("forbidden", "es")))
            )
        }
    }

    /// Values with combining marks after HTML-special characters, bidi controls and every special
    /// character come back escaped on every page that shows them, and intact.
    func testHostileValuesAreEscapedOnEveryPageThatShowsThem() async throws {
        let fixture = try IntakeFixture { $0.rateLimitPerMinute = 1 }
        try Self.writeShells(fixture)
        let hostile =
            "x\"\u{301} onfocus=alert(1) '\u{301}<\u{301}img src=x>\u{301}&amp; \u{202E}evil\u{202C} \u{2066}é\u{2069}"
        let escaped =
            "x&quot;\u{301} onfocus=alert(1) &#39;\u{301}&lt;\u{301}img src=x&gt;\u{301}&amp;amp; \u{202E}evil\u{202C} \u{2066}é\u{2069}"
        @Sendable func encoded(_ text: String) -> String {
            text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        }
        // A wrong email so that the answer is the error page, then the same again as the 429 page.
        let body =
            "contact_method=email&email=\(encoded(hostile))&message=\(encoded(hostile))&name=\(encoded(hostile))"
            + "&timing=asap&topic=stress&language=en&confirm=yes&lang=en"
        try await fixture.test { client in
            for expected in [HTTPResponse.Status.unprocessableContent, .tooManyRequests] {
                let response = try await client.execute(
                    uri: "/requests",
                    method: .post,
                    headers: Self.formHeaders,
                    body: ByteBuffer(string: body)
                )
                XCTAssertEqual(response.status, expected)
                let page = String(buffer: response.body)
                XCTAssertTrue(page.contains(">\(escaped)</textarea>"), "message, \(expected)")
                XCTAssertTrue(page.contains("value=\"\(escaped)\""), "name, \(expected)")
                XCTAssertFalse(page.contains("x\"\u{301}"), "no raw quote before a combining mark, \(expected)")
                XCTAssertFalse(page.contains("<\u{301}img"), "no raw tag opener, \(expected)")
                XCTAssertFalse(page.contains(" onfocus=alert(1) '"), "\(expected)")
            }
        }
    }

    private static func escapeForTest(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "'", with: "&#39;")
            .replacingOccurrences(of: "\"", with: "&quot;")
    }
}
