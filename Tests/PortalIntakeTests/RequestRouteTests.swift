import Foundation
import Hummingbird
import HummingbirdTesting
import PortalForms
import XCTest

@testable import PortalIntake

final class RequestRouteTests: XCTestCase {
    func testJSONRequestIsStoredThenAnswered201WithItsReference() async throws {
        let fixture = try IntakeFixture()
        try await fixture.test { client in
            let response = try await client.execute(
                uri: "/requests",
                method: .post,
                headers: IntakeFixture.headers("application/json"),
                body: ByteBuffer(string: IntakeFixture.validJSON)
            )
            XCTAssertEqual(response.status, .created)
            XCTAssertEqual(response.headers[.cacheControl], "no-store")
            let id = try XCTUnwrap(IntakeFixture.json(response)["id"] as? String)
            XCTAssertTrue(ReferenceID.isWellFormed(id), id)
            let stored = try fixture.store.all()
            XCTAssertEqual(stored.map(\.id), [id])
            XCTAssertEqual(stored.first?.answers["topic"], ["stress", "burnout"])
            XCTAssertEqual(stored.first?.answers["message"], ["A hard day"])
            XCTAssertEqual(stored.first?.language, "en")
        }
    }

    func testFormPostIsStoredThenRedirected303ToTheConfirmationInItsLanguage() async throws {
        let fixture = try IntakeFixture()
        try await fixture.test { client in
            let response = try await client.execute(
                uri: "/requests",
                method: .post,
                headers: IntakeFixture.headers("application/x-www-form-urlencoded"),
                body: ByteBuffer(string: IntakeFixture.validForm)
            )
            XCTAssertEqual(response.status, .seeOther)
            let location = try XCTUnwrap(response.headers[.location])
            XCTAssertTrue(location.hasPrefix("https://peers.example.org/es/pedir-apoyo/enviado/?ref=PS-"), location)
            let stored = try fixture.store.all()
            XCTAssertEqual(stored.count, 1)
            XCTAssertEqual(location, "https://peers.example.org/es/pedir-apoyo/enviado/?ref=\(stored[0].id)")
            XCTAssertEqual(stored[0].answers["message"], ["Un día difícil"])
            XCTAssertEqual(stored[0].language, "es")
            XCTAssertNil(stored[0].answers["website"])
            XCTAssertFalse(location.contains("650"), "answers never travel in a URL")
        }
    }

    func testSameIdempotencyKeyTwiceCreatesOneRequest() async throws {
        let fixture = try IntakeFixture()
        try await fixture.test { client in
            let body = IntakeFixture.validForm.replacingOccurrences(
                of: "idempotency_key=",
                with: "idempotency_key=k-4f9a8b7c6d5e"
            )
            var ids: [String] = []
            for _ in 0..<2 {
                let response = try await client.execute(
                    uri: "/requests",
                    method: .post,
                    headers: IntakeFixture.headers("application/x-www-form-urlencoded"),
                    body: ByteBuffer(string: body)
                )
                XCTAssertEqual(response.status, .seeOther)
                ids.append(response.headers[.location] ?? "")
            }
            XCTAssertEqual(ids[0], ids[1])
            XCTAssertEqual(try fixture.store.all().count, 1)
        }
    }

    func testIdempotencyKeyHeaderWorksForJSONClients() async throws {
        let fixture = try IntakeFixture()
        try await fixture.test { client in
            var headers = IntakeFixture.headers("application/json")
            headers[.init("Idempotency-Key")!] = "retry-after-timeout-1"
            var ids: Set<String> = []
            // A retry after a timeout sends the same answers again (other answers are a new request:
            // StorePromiseTests.testTheSameKeyWithOtherAnswersIsStoredNotDropped).
            for message in ["first try", "first try"] {
                let body = IntakeFixture.validJSON.replacingOccurrences(of: "A hard day", with: message)
                let response = try await client.execute(
                    uri: "/requests",
                    method: .post,
                    headers: headers,
                    body: ByteBuffer(string: body)
                )
                XCTAssertEqual(response.status, .created)
                ids.insert(try IntakeFixture.json(response)["id"] as? String ?? "")
            }
            XCTAssertEqual(ids.count, 1)
            XCTAssertEqual(try fixture.store.all().map { $0.answers["message"] ?? [] }, [["first try"]])
        }
    }

    func testWithoutKeyTheSameAnswersAgainSoonCreateOneRequest() async throws {
        let fixture = try IntakeFixture()
        try await fixture.test { client in
            for body in [IntakeFixture.validJSON, IntakeFixture.validJSON] {
                let response = try await client.execute(
                    uri: "/requests",
                    method: .post,
                    headers: IntakeFixture.headers("application/json"),
                    body: ByteBuffer(string: body)
                )
                XCTAssertEqual(response.status, .created)
            }
            XCTAssertEqual(try fixture.store.all().count, 1)
            let other = IntakeFixture.validJSON.replacingOccurrences(of: "A hard day", with: "Another day")
            _ = try await client.execute(
                uri: "/requests",
                method: .post,
                headers: IntakeFixture.headers("application/json"),
                body: ByteBuffer(string: other)
            )
            XCTAssertEqual(try fixture.store.all().count, 2, "different answers are a different request")
        }
    }

    func testInvalidJSONRequestGets422WithFieldErrorsAndStoresNothing() async throws {
        let fixture = try IntakeFixture()
        try await fixture.test { client in
            let response = try await client.execute(
                uri: "/requests",
                method: .post,
                headers: IntakeFixture.headers("application/json"),
                body: ByteBuffer(string: #"{"contact_method":"fax","lang":"es","topic":["stress"],"name":42}"#)
            )
            XCTAssertEqual(response.status, .unprocessableContent)
            let body = try IntakeFixture.json(response)
            let errors = try XCTUnwrap(body["errors"] as? [[String: String]])
            XCTAssertEqual(
                errors.map { $0["field"] ?? "" },
                ["contact_method", "language", "timing", "confirm", "name"]
            )
            XCTAssertEqual(errors.first?["kind"], "invalid")
            XCTAssertEqual(errors[1]["message"], "Seleccione el idioma en que prefiere hablar")
            XCTAssertEqual(body["title"] as? String, "Hay un problema")
            XCTAssertEqual(try fixture.store.all().count, 0)
        }
    }

    func testInvalidFormPostGetsTheSitePageWithErrorsAndEveryAnswerKept() async throws {
        let fixture = try IntakeFixture()
        let shellFolder = URL(fileURLWithPath: fixture.configuration.siteDirectory).appendingPathComponent("request")
        try FileManager.default.createDirectory(at: shellFolder, withIntermediateDirectories: true)
        let shell = """
            <!doctype html><html lang="en"><head><title><!--portal:title-prefix-->Ask for support</title>
            <link rel="stylesheet" href="../assets/css/site.css"></head><body><main><h1>Ask for support</h1>
            <!--portal:form--></main></body></html>
            """
        try shell.write(to: shellFolder.appendingPathComponent("form-shell.html"), atomically: true, encoding: .utf8)
        try await fixture.test { client in
            let body = "contact_method=email&email=sam%40example&timing=another_time&message=Hola+%3Cb%3E&lang=en"
            let response = try await client.execute(
                uri: "/requests",
                method: .post,
                headers: IntakeFixture.headers("application/x-www-form-urlencoded"),
                body: ByteBuffer(string: body)
            )
            XCTAssertEqual(response.status, .unprocessableContent)
            XCTAssertEqual(response.headers[.contentType], "text/html; charset=utf-8")
            XCTAssertTrue(
                response.headers[.contentSecurityPolicy]?.contains("script-src https://peers.example.org") ?? false
            )
            let page = String(buffer: response.body)
            XCTAssertTrue(page.contains("<title>Error: Ask for support</title>"))
            XCTAssertTrue(page.contains("<base href=\"https://peers.example.org/request/\">"))
            XCTAssertTrue(page.contains("<h1>Ask for support</h1>\n<div class=\"form-error-summary\""))
            XCTAssertTrue(page.contains(">There is a problem</h2>"))
            XCTAssertTrue(page.contains("<a href=\"#f-email\">Enter an email address in the correct format"))
            XCTAssertTrue(page.contains("<a href=\"#f-preferred_time\">Enter a day and time that suits you</a>"))
            XCTAssertTrue(page.contains("value=\"sam@example\""))
            XCTAssertTrue(page.contains("value=\"email\" checked"))
            XCTAssertTrue(page.contains("value=\"another_time\" checked"))
            XCTAssertTrue(page.contains(">Hola &lt;b&gt;</textarea>"))
            XCTAssertTrue(page.contains("action=\"http://localhost/requests?lang=en#error-summary\""))
            XCTAssertNotNil(
                page.range(of: #"name="idempotency_key" value="[A-Za-z0-9_-]{8,64}""#, options: .regularExpression),
                "the no-JS retry gets a fresh key so a double submit still makes one request"
            )
            XCTAssertEqual(try fixture.store.all().count, 0)
        }
    }

    func testBodyOver16KBGets413() async throws {
        let fixture = try IntakeFixture()
        try await fixture.test { client in
            let big = IntakeFixture.validForm + "&message=" + String(repeating: "a", count: 16 * 1024)
            let response = try await client.execute(
                uri: "/requests",
                method: .post,
                headers: IntakeFixture.headers("application/x-www-form-urlencoded"),
                body: ByteBuffer(string: big)
            )
            XCTAssertEqual(response.status, .contentTooLarge)
            XCTAssertEqual(try fixture.store.all().count, 0)
        }
    }

    func testOtherContentTypesGet415() async throws {
        let fixture = try IntakeFixture()
        try await fixture.test { client in
            for type in ["text/plain", "multipart/form-data; boundary=x", "application/json; charset=latin1"] {
                let response = try await client.execute(
                    uri: "/requests",
                    method: .post,
                    headers: IntakeFixture.headers(type),
                    body: ByteBuffer(string: IntakeFixture.validJSON)
                )
                XCTAssertEqual(response.status, .unsupportedMediaType, type)
            }
            XCTAssertEqual(try fixture.store.all().count, 0)
        }
    }

    func testInvalidUTF8AndMalformedBodiesGet400() async throws {
        let fixture = try IntakeFixture()
        try await fixture.test { client in
            let cases: [(String, ByteBuffer)] = [
                ("application/x-www-form-urlencoded", ByteBuffer(bytes: Array("name=".utf8) + [0xFF, 0xFE])),
                ("application/x-www-form-urlencoded", ByteBuffer(string: "name=%C3%28")),
                ("application/x-www-form-urlencoded", ByteBuffer(string: "name=100%")),
                ("application/json", ByteBuffer(bytes: [0x7B, 0xC3, 0x28, 0x7D])),
                ("application/json", ByteBuffer(string: "{\"contact_method\": ")),
                ("application/json", ByteBuffer(string: "[1, 2]")),
            ]
            for (type, body) in cases {
                let response = try await client.execute(
                    uri: "/requests",
                    method: .post,
                    headers: IntakeFixture.headers(type),
                    body: body
                )
                XCTAssertEqual(response.status, .badRequest, "\(type) \(String(buffer: body))")
            }
            XCTAssertEqual(try fixture.store.all().count, 0)
        }
    }

    func testPostFromAnotherOriginOrWithNoneGets403() async throws {
        let fixture = try IntakeFixture()
        try await fixture.test { client in
            var cases: [HTTPFields] = [
                IntakeFixture.headers("application/json", origin: "https://evil.example"),
                IntakeFixture.headers("application/json", origin: nil),
                IntakeFixture.headers("application/json", origin: "null"),
                IntakeFixture.headers("application/json", origin: "http://peers.example.org"),
            ]
            var refererOnly = IntakeFixture.headers("application/json", origin: nil)
            refererOnly[.referer] = "https://evil.example/request/"
            cases.append(refererOnly)
            for headers in cases {
                let response = try await client.execute(
                    uri: "/requests",
                    method: .post,
                    headers: headers,
                    body: ByteBuffer(string: IntakeFixture.validJSON)
                )
                XCTAssertEqual(response.status, .forbidden, "\(headers)")
                XCTAssertNil(response.headers[.accessControlAllowOrigin])
            }
            XCTAssertEqual(try fixture.store.all().count, 0)
        }
    }

    func testRefererOfAnAllowedPageOrOwnPageIsAccepted() async throws {
        let fixture = try IntakeFixture()
        try await fixture.test { client in
            var refererOnly = IntakeFixture.headers("application/json", origin: nil)
            refererOnly[.referer] = "https://peers.example.org/request/"
            let first = try await client.execute(
                uri: "/requests",
                method: .post,
                headers: refererOnly,
                body: ByteBuffer(string: IntakeFixture.validJSON)
            )
            XCTAssertEqual(first.status, .created)
            // The service's own error page posts back with the service's origin (the test host).
            let own = try await client.execute(
                uri: "/requests",
                method: .post,
                headers: IntakeFixture.headers("application/x-www-form-urlencoded", origin: "http://localhost"),
                body: ByteBuffer(string: IntakeFixture.validForm)
            )
            XCTAssertEqual(own.status, .seeOther)
            XCTAssertNil(own.headers[.accessControlAllowOrigin], "no CORS for same-origin posts")
        }
    }

    func testCORSAnswersOnlyAllowedOrigins() async throws {
        let fixture = try IntakeFixture()
        try await fixture.test { client in
            let allowed = try await client.execute(
                uri: "/requests",
                method: .options,
                headers: [
                    .origin: IntakeFixture.site, .accessControlRequestMethod: "POST",
                    .accessControlRequestHeaders: "content-type",
                ]
            )
            XCTAssertEqual(allowed.status, .noContent)
            XCTAssertEqual(allowed.headers[.accessControlAllowOrigin], IntakeFixture.site)
            XCTAssertEqual(allowed.headers[.accessControlAllowMethods], "POST")
            XCTAssertTrue(allowed.headers[.accessControlAllowHeaders]?.contains("Content-Type") ?? false)

            let denied = try await client.execute(
                uri: "/requests",
                method: .options,
                headers: [.origin: "https://evil.example", .accessControlRequestMethod: "POST"]
            )
            XCTAssertEqual(denied.status, .forbidden)
            XCTAssertNil(denied.headers[.accessControlAllowOrigin])

            let post = try await client.execute(
                uri: "/requests",
                method: .post,
                headers: IntakeFixture.headers("application/json"),
                body: ByteBuffer(string: IntakeFixture.validJSON)
            )
            XCTAssertEqual(post.headers[.accessControlAllowOrigin], IntakeFixture.site)
            XCTAssertEqual(post.headers[.vary], "Origin")
        }
    }

    func testTooManyRequestsFromOneAddressGet429WithRetryAfter() async throws {
        let fixture = try IntakeFixture { $0.rateLimitPerMinute = 2 }
        try await fixture.test { client in
            var statuses: [HTTPResponse.Status] = []
            var retryAfter: String?
            for index in 0..<3 {
                let body = IntakeFixture.validJSON.replacingOccurrences(of: "A hard day", with: "day \(index)")
                let response = try await client.execute(
                    uri: "/requests",
                    method: .post,
                    headers: IntakeFixture.headers("application/json"),
                    body: ByteBuffer(string: body)
                )
                statuses.append(response.status)
                retryAfter = response.headers[.retryAfter]
            }
            XCTAssertEqual(statuses, [.created, .created, .tooManyRequests])
            XCTAssertEqual(
                retryAfter.flatMap(Int.init).map { (1...60).contains($0) },
                true,
                "\(String(describing: retryAfter))"
            )
            XCTAssertEqual(try fixture.store.all().count, 2)
        }
    }

    func testRateLimitZeroIsOff() async throws {
        let limiter = RateLimiter(perMinute: 0)
        for _ in 0..<1000 {
            let wait = await limiter.check("10.0.0.1")
            XCTAssertNil(wait)
        }
    }

    func testHoneypotGetsTheSuccessAnswerButNothingIsStored() async throws {
        let fixture = try IntakeFixture()
        try await fixture.test { client in
            let json = try await client.execute(
                uri: "/requests",
                method: .post,
                headers: IntakeFixture.headers("application/json"),
                body: ByteBuffer(
                    string: IntakeFixture.validJSON.replacingOccurrences(
                        of: "\"lang\":\"en\"",
                        with: "\"lang\":\"en\",\"website\":\"http://spam\""
                    )
                )
            )
            XCTAssertEqual(json.status, .created)
            XCTAssertTrue(ReferenceID.isWellFormed(try IntakeFixture.json(json)["id"] as? String ?? ""))
            let form = try await client.execute(
                uri: "/requests",
                method: .post,
                headers: IntakeFixture.headers("application/x-www-form-urlencoded"),
                body: ByteBuffer(
                    string: IntakeFixture.validForm.replacingOccurrences(of: "website=", with: "website=buy")
                )
            )
            XCTAssertEqual(form.status, .seeOther)
            XCTAssertTrue(form.headers[.location]?.contains("/es/pedir-apoyo/enviado/?ref=PS-") ?? false)
            XCTAssertEqual(try fixture.store.all().count, 0)
            let caught = await fixture.counters.honeypotCaught
            XCTAssertEqual(caught, 2)
        }
    }

    func testHealthSaysOnlyOK() async throws {
        let fixture = try IntakeFixture()
        try await fixture.test { client in
            let response = try await client.execute(uri: "/health", method: .get)
            XCTAssertEqual(response.status, .ok)
            XCTAssertEqual(String(buffer: response.body), "ok\n")
            XCTAssertNil(response.headers[.server])
        }
    }

    func testLogsCarryIdsAndStatusButNeverAnswers() async throws {
        let fixture = try IntakeFixture()
        try await fixture.test { client in
            let secret = IntakeFixture.validJSON.replacingOccurrences(of: "A hard day", with: "ZEBRA-SECRET-42")
            let response = try await client.execute(
                uri: "/requests",
                method: .post,
                headers: IntakeFixture.headers("application/json"),
                body: ByteBuffer(string: secret)
            )
            let id = try IntakeFixture.json(response)["id"] as? String ?? "?"
            _ = try await client.execute(
                uri: "/requests",
                method: .post,
                headers: IntakeFixture.headers("application/json"),
                body: ByteBuffer(string: #"{"message":"ZEBRA-SECRET-43","phone":"650 555 0199"}"#)
            )
        }
        let logs = fixture.logs.all
        XCTAssertTrue(logs.contains { $0.contains("POST /requests 201") })
        XCTAssertTrue(logs.contains { $0.contains("POST /requests 422") })
        XCTAssertTrue(logs.contains { $0.contains("stored PS-") })
        // Both phone numbers, written or normalised: "555" alone turns up in the random hex request ids.
        XCTAssertFalse(
            logs.contains {
                $0.contains("ZEBRA") || $0.contains("650 555") || $0.contains("6505550") || $0.contains("stress")
            },
            "\(logs)"
        )
    }

    func testDatabaseFilesAreOwnerOnly() throws {
        let fixture = try IntakeFixture()
        _ = try fixture.store.all()
        for suffix in ["", "-wal"] {
            let path = fixture.store.path + suffix
            let mode = try XCTUnwrap(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
            XCTAssertEqual(mode & 0o777, 0o600, path)
        }
    }
}
