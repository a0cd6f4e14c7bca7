import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdOTP
import HummingbirdTesting
import XCTest

@testable import PortalIntake

/// The team inbox as a browser meets it: the service's own origin, a cookie jar of one cookie,
/// accounts made with a cheap bcrypt cost (the rules are the same; only the tests run faster).
enum Team {
    static let own = "https://intake.example.org"
    static let password = "correct horse battery"

    static func fixture(delay: Duration = .zero) throws -> IntakeFixture {
        try IntakeFixture {
            $0.publicURL = own + "/requests"
            $0.teamFailureDelay = delay
        }
    }

    /// An account; returns its TOTP secret.
    @discardableResult
    static func add(_ name: String, to fixture: IntakeFixture) throws -> String {
        try fixture.store.addTeamMember(name: name, password: password, cost: 4)
    }

    /// The code an authenticator app shows now (or `steps` periods later).
    static func code(_ secret: String, steps: Int = 0, at date: Date = Date()) -> String {
        let value = TOTP(secret: secret).compute(date: date.addingTimeInterval(TimeInterval(30 * steps)))
        return String(format: "%06d", value)
    }

    static func formBody(_ fields: [(String, String)]) -> ByteBuffer {
        ByteBuffer(
            string: fields.map { name, value in
                "\(name)=\(value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")"
            }.joined(separator: "&")
        )
    }

    static func headers(cookie: String? = nil, origin: String? = own) -> HTTPFields {
        var fields: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
        if let origin { fields[.origin] = origin }
        if let cookie { fields[.cookie] = "\(TeamInboxHandler.cookieName)=\(cookie)" }
        return fields
    }

    /// Signs in and returns the session id from the cookie (fails the test otherwise).
    static func signIn(
        _ client: any TestClientProtocol,
        name: String,
        secret: String,
        steps: Int = 0,
        cookie: String? = nil
    ) async throws -> String {
        let response = try await client.execute(
            uri: "/team/login",
            method: .post,
            headers: headers(cookie: cookie),
            body: formBody([
                ("name", name), ("password", password), ("code", code(secret, steps: steps)), ("lang", "en"),
            ])
        )
        XCTAssertEqual(response.status, .seeOther, String(buffer: response.body))
        return try XCTUnwrap(sessionCookie(response))
    }

    static func sessionCookie(_ response: TestResponse) -> String? {
        guard let header = response.headers[.setCookie], header.hasPrefix(TeamInboxHandler.cookieName + "=") else {
            return nil
        }
        let value = header.dropFirst(TeamInboxHandler.cookieName.count + 1).prefix { $0 != ";" }
        return value.isEmpty ? nil : String(value)
    }

    static func get(_ client: any TestClientProtocol, _ uri: String, cookie: String?) async throws -> TestResponse {
        var fields: HTTPFields = [:]
        if let cookie { fields[.cookie] = "\(TeamInboxHandler.cookieName)=\(cookie)" }
        return try await client.execute(uri: uri, method: .get, headers: fields)
    }

    /// The CSRF token in a page's forms.
    static func token(in page: String) -> String? {
        guard let range = page.range(of: "name=\"csrf\" value=\"") else { return nil }
        return String(page[range.upperBound...].prefix { $0 != "\"" })
    }

    /// Reads straight from the database (synchronously, whatever the caller).
    static func count(_ fixture: IntakeFixture, _ sql: String) throws -> Int {
        try fixture.store.pool.read { db in try Int.fetchOne(db, sql: sql) ?? -1 }
    }

    static func strings(_ fixture: IntakeFixture, _ sql: String) throws -> [String] {
        try fixture.store.pool.read { db in try String.fetchAll(db, sql: sql) }
    }

    /// A stored request with these answers; returns its reference.
    static func request(
        _ fixture: IntakeFixture,
        message: String = "A hard day",
        extra: [String: [String]] = [:],
        at: Date = Date()
    ) async throws -> String {
        var answers: [String: [String]] = [
            "contact_method": ["phone"], "phone": ["650 555 0123"], "language": ["es"], "timing": ["asap"],
            "topic": ["stress", "burnout"], "confirm": ["yes"], "message": [message],
        ]
        answers.merge(extra) { $1 }
        return try await fixture.store.store(
            answers: answers,
            language: "en",
            idempotencyKey: nil,
            now: at,
            dedupeWindow: 0,
            notify: []
        ).id
    }
}
