import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import XCTest

@testable import PortalIntake

/// Accounts, signing in and sessions: each rule of issue 16 that guards the door.
final class TeamSignInTests: XCTestCase {
    func testPasswordsAreKeptAsBcryptAndTheAuthenticatorURIIsStandard() throws {
        let fixture = try Team.fixture()
        let secret = try Team.add("maria", to: fixture)
        let hash = try Team.strings(fixture, "SELECT password_hash FROM team_member WHERE name = 'maria'").first
        XCTAssertTrue(hash?.hasPrefix("$2") == true, "a bcrypt hash: \(hash ?? "nil")")
        XCTAssertTrue(TeamCredentials.verifyPassword(Team.password, hash: hash ?? ""))
        let file =
            try Data(contentsOf: URL(fileURLWithPath: fixture.store.path))
            + ((try? Data(contentsOf: URL(fileURLWithPath: fixture.store.path + "-wal"))) ?? Data())
        XCTAssertNil(file.range(of: Data(Team.password.utf8)), "the password itself is nowhere on disk")

        let uri = TeamAuthenticator.uri(name: "maria", secret: secret)
        let pattern = "^otpauth://totp/Peer%20Portal:maria\\?secret=[A-Z2-7]+&issuer=Peer%20Portal&digits=6&period=30$"
        XCTAssertNotNil(uri.range(of: pattern, options: .regularExpression), uri)
        XCTAssertEqual(TeamCredentials.defaultCost, 12)
    }

    func testShortPasswordsOddNamesAndDoubleAccountsAreRefused() throws {
        let fixture = try Team.fixture()
        XCTAssertThrowsError(try fixture.store.addTeamMember(name: "ana", password: "elevenchars", cost: 4))
        XCTAssertNoThrow(try fixture.store.addTeamMember(name: "ana", password: "twelve chars", cost: 4))
        XCTAssertThrowsError(try fixture.store.addTeamMember(name: "ana", password: "twelve chars", cost: 4))
        for name in ["", "a b", "<x>", "../x", "a:b", String(repeating: "a", count: 41)] {
            XCTAssertThrowsError(try fixture.store.addTeamMember(name: name, password: Team.password, cost: 4), name)
        }
        XCTAssertThrowsError(
            try fixture.store.addTeamMember(name: "long", password: String(repeating: "x", count: 73), cost: 4),
            "bcrypt would ignore the end of it"
        )
        XCTAssertEqual(try fixture.store.teamMembers().map(\.name), ["ana"])
    }

    func testTheInboxIsServedOnlyOnceAnAccountExists() async throws {
        let fixture = try Team.fixture()
        try await fixture.test { client in
            for uri in ["/team/", "/team/login", "/team/style.css", "/team/requests/PS-2345-6789"] {
                let response = try await Team.get(client, uri, cookie: nil)
                XCTAssertEqual(response.status, .notFound, uri)
                XCTAssertFalse(String(buffer: response.body).contains("<form"), uri)
            }
            try Team.add("maria", to: fixture)
            let login = try await Team.get(client, "/team/login", cookie: nil)
            XCTAssertEqual(login.status, .ok)
            XCTAssertTrue(String(buffer: login.body).contains("name=\"code\""))
        }
    }

    func testSigningInSetsAHostOnlySecureHttpOnlyStrictCookieAndStoresOnlyItsHash() async throws {
        let fixture = try Team.fixture()
        let secret = try Team.add("maria", to: fixture)
        try await fixture.test { client in
            let response = try await client.execute(
                uri: "/team/login",
                method: .post,
                headers: Team.headers(),
                body: Team.formBody([("name", "maria"), ("password", Team.password), ("code", Team.code(secret))])
            )
            XCTAssertEqual(response.status, .seeOther)
            XCTAssertEqual(response.headers[.location], "/team/")
            let cookie = try XCTUnwrap(response.headers[.setCookie])
            let id = try XCTUnwrap(Team.sessionCookie(response))
            XCTAssertEqual(cookie, "__Host-portal-team=\(id); Path=/; Secure; HttpOnly; SameSite=Strict")
            XCTAssertGreaterThanOrEqual(id.count, 43, "32 random bytes")
            let stored = try Team.strings(fixture, "SELECT id_hash FROM team_session")
            XCTAssertEqual(stored, [TeamCredentials.sessionHash(id)], "only a SHA-256 of the id is kept")
            XCTAssertFalse(stored.contains(id))
            let inbox = try await Team.get(client, "/team/", cookie: id)
            XCTAssertEqual(inbox.status, .ok)
            XCTAssertTrue(String(buffer: inbox.body).contains("Signed in as maria"))
        }
    }

    /// Wrong name, wrong password, wrong code: one status, one page, and no hint of which.
    func testAFailedSignInNeverSaysWhichFieldWasWrong() async throws {
        let fixture = try Team.fixture()
        let secret = try Team.add("maria", to: fixture)
        try Team.add("jose", to: fixture)
        try await fixture.test { client in
            var bodies: Set<String> = []
            let wrongCode = String(format: "%06d", ((Int(Team.code(secret)) ?? 0) + 500_000) % 1_000_000)
            for (name, password, code) in [
                ("nobody", Team.password, Team.code(secret)), ("maria", "wrong password!", Team.code(secret)),
                ("maria", Team.password, wrongCode), ("maria", Team.password, ""),
            ] {
                let response = try await client.execute(
                    uri: "/team/login",
                    method: .post,
                    headers: Team.headers(),
                    body: Team.formBody([("name", name), ("password", password), ("code", code)])
                )
                XCTAssertEqual(response.status, .forbidden)
                XCTAssertNil(response.headers[.setCookie])
                bodies.insert(String(buffer: response.body).replacingOccurrences(of: "value=\"\(name)\"", with: ""))
            }
            XCTAssertEqual(bodies.count, 1, "the same page whatever was wrong")
            let page = try XCTUnwrap(bodies.first)
            XCTAssertTrue(page.contains("Check your name, password and code"))
            XCTAssertFalse(page.contains(Team.password), "a password is never sent back")
        }
    }

    func testEveryFailedSignInIsAnsweredOnlyAfterASecond() async throws {
        let fixture = try Team.fixture(delay: TeamPolicy.failureDelay)
        try Team.add("maria", to: fixture)
        try await fixture.test { client in
            let start = ContinuousClock.now
            let response = try await client.execute(
                uri: "/team/login",
                method: .post,
                headers: Team.headers(),
                body: Team.formBody([("name", "maria"), ("password", "a guess at it"), ("code", "123456")])
            )
            XCTAssertEqual(response.status, .forbidden)
            XCTAssertGreaterThanOrEqual(ContinuousClock.now - start, .milliseconds(950))
        }
        XCTAssertEqual(TeamPolicy.failureDelay, .seconds(1))
    }

    func testFiveFailuresLockTheAccountForFifteenMinutesEvenForTheRightPassword() async throws {
        let fixture = try Team.fixture()
        let secret = try Team.add("maria", to: fixture)
        try await fixture.test { client in
            for guess in 1...TeamPolicy.maxFailures {
                let response = try await client.execute(
                    uri: "/team/login",
                    method: .post,
                    headers: Team.headers(),
                    body: Team.formBody([("name", "maria"), ("password", "guess number \(guess)"), ("code", "000000")])
                )
                XCTAssertEqual(response.status, .forbidden)
            }
            let right = try await client.execute(
                uri: "/team/login",
                method: .post,
                headers: Team.headers(),
                body: Team.formBody([("name", "maria"), ("password", Team.password), ("code", Team.code(secret))])
            )
            XCTAssertEqual(right.status, .forbidden, "locked: the right password does not open it")
            XCTAssertNil(right.headers[.setCookie])
        }
        XCTAssertEqual(TeamPolicy.maxFailures, 5)
        XCTAssertEqual(TeamPolicy.lockDuration, 15 * 60)
        let member = try XCTUnwrap(fixture.store.teamMembers().first)
        let until = try XCTUnwrap(member.lockedUntil)
        XCTAssertEqual(until.timeIntervalSinceNow, 15 * 60, accuracy: 30)
        // Still locked a minute before the end; open again after it (with a fresh code).
        let locked = try fixture.store.signIn(
            name: "maria",
            password: Team.password,
            code: Team.code(secret, steps: 1),
            language: "en",
            now: until.addingTimeInterval(-60)
        )
        XCTAssertEqual(locked, .failed)
        let later = until.addingTimeInterval(1)
        let code = Team.code(secret, at: later)
        guard
            case .signedIn = try fixture.store.signIn(
                name: "maria",
                password: Team.password,
                code: code,
                language: "en",
                now: later
            )
        else { return XCTFail("the lock ends after 15 minutes") }
        XCTAssertEqual(try fixture.store.teamMembers().first?.failedAttempts, 0)
    }

    func testParallelGuessesCannotSlipPastTheLock() async throws {
        let fixture = try Team.fixture()
        try Team.add("maria", to: fixture)
        let store = fixture.store
        await withTaskGroup(of: Void.self) { group in
            for guess in 0..<12 {
                group.addTask {
                    _ = try? store.signIn(
                        name: "maria",
                        password: "parallel guess \(guess)",
                        code: "000000",
                        language: "en"
                    )
                }
            }
        }
        let attempts = try Team.count(fixture, "SELECT COUNT(*) FROM audit WHERE action = 'sign-in failed'")
        XCTAssertEqual(attempts, TeamPolicy.maxFailures, "only 5 guesses were checked; the rest met the lock")
    }

    func testACodeWorksOnlyOnce() async throws {
        let fixture = try Team.fixture()
        let secret = try Team.add("maria", to: fixture)
        let code = Team.code(secret)
        guard
            case .signedIn = try fixture.store.signIn(
                name: "maria",
                password: Team.password,
                code: code,
                language: "en"
            )
        else { return XCTFail("first use") }
        XCTAssertEqual(
            try fixture.store.signIn(name: "maria", password: Team.password, code: code, language: "en"),
            .failed,
            "a code seen over a shoulder cannot be used again"
        )
    }

    func testSessionsEndWhenIdleForThirtyMinutesOrTwelveHoursAfterSignIn() throws {
        let fixture = try Team.fixture()
        let secret = try Team.add("maria", to: fixture)
        let start = Date()
        guard
            case .signedIn(let id, _) = try fixture.store.signIn(
                name: "maria",
                password: Team.password,
                code: Team.code(secret),
                language: "en",
                now: start
            )
        else { return XCTFail("sign in") }
        XCTAssertNotNil(try fixture.store.teamSession(id: id, now: start.addingTimeInterval(29 * 60)))
        XCTAssertNil(try fixture.store.teamSession(id: id, now: start.addingTimeInterval(29 * 60 + 31 * 60)), "idle")
        XCTAssertNil(try fixture.store.teamSession(id: id, now: start), "and its row is gone")

        guard
            case .signedIn(let busy, _) = try fixture.store.signIn(
                name: "maria",
                password: Team.password,
                code: Team.code(secret, steps: 1),
                language: "en",
                now: start
            )
        else { return XCTFail("sign in again") }
        var time = start
        while time.timeIntervalSince(start) < 12 * 3600 - 20 * 60 {
            time.addTimeInterval(20 * 60)
            XCTAssertNotNil(try fixture.store.teamSession(id: busy, now: time), "used every 20 minutes")
        }
        XCTAssertNil(try fixture.store.teamSession(id: busy, now: start.addingTimeInterval(12 * 3600 + 1)), "absolute")
        XCTAssertEqual(TeamPolicy.idleTimeout, 30 * 60)
        XCTAssertEqual(TeamPolicy.absoluteTimeout, 12 * 3600)
    }

    func testSigningInGivesANewIdAndEndsTheSessionTheBrowserHad() async throws {
        let fixture = try Team.fixture()
        let secret = try Team.add("maria", to: fixture)
        try await fixture.test { client in
            let first = try await Team.signIn(client, name: "maria", secret: secret)
            let second = try await Team.signIn(client, name: "maria", secret: secret, steps: 1, cookie: first)
            XCTAssertNotEqual(first, second)
            do {
                let status = try await Team.get(client, "/team/", cookie: first).status
                XCTAssertEqual(status, .seeOther, "the old id is dead")
            }
            do {
                let status = try await Team.get(client, "/team/", cookie: second).status
                XCTAssertEqual(status, .ok)
            }
        }
    }

    func testSigningOutEndsTheSessionOnTheServer() async throws {
        let fixture = try Team.fixture()
        let secret = try Team.add("maria", to: fixture)
        try await fixture.test { client in
            let id = try await Team.signIn(client, name: "maria", secret: secret)
            let page = String(buffer: try await Team.get(client, "/team/", cookie: id).body)
            let token = try XCTUnwrap(Team.token(in: page))
            let out = try await client.execute(
                uri: "/team/logout",
                method: .post,
                headers: Team.headers(cookie: id),
                body: Team.formBody([("csrf", token)])
            )
            XCTAssertEqual(out.status, .seeOther)
            XCTAssertEqual(out.headers[.location], "/team/login")
            XCTAssertTrue(out.headers[.setCookie]?.contains("Max-Age=0") == true)
            XCTAssertEqual(try Team.count(fixture, "SELECT COUNT(*) FROM team_session"), 0)
            // A copy of the cookie kept by someone else opens nothing now.
            let stolen = try await Team.get(client, "/team/", cookie: id)
            XCTAssertEqual(stolen.status, .seeOther)
            XCTAssertEqual(stolen.headers[.location], "/team/login")
        }
    }

    func testResetAndRemoveEndTheAccountsSessions() async throws {
        let fixture = try Team.fixture()
        let secret = try Team.add("maria", to: fixture)
        try Team.add("jose", to: fixture)
        try await fixture.test { client in
            let id = try await Team.signIn(client, name: "maria", secret: secret)
            _ = try fixture.store.resetTeamMember(name: "maria", password: "a new password here", cost: 4)
            do {
                let status = try await Team.get(client, "/team/", cookie: id).status
                XCTAssertEqual(status, .seeOther)
            }
            try fixture.store.removeTeamMember(name: "maria")
            XCTAssertEqual(try fixture.store.teamMembers().map(\.name), ["jose"])
            XCTAssertThrowsError(try fixture.store.removeTeamMember(name: "maria"))
        }
    }
}
