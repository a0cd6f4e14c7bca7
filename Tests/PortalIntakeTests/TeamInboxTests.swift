import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import XCTest

@testable import PortalIntake

/// The inbox once signed in: what the team sees and does, and what a forged post, a hostile answer
/// or a guessed reference can do (nothing).
final class TeamInboxTests: XCTestCase {
    func testClaimNoteAndHandleAsTheTeamWouldWhileAColleagueSeesTheClaim() async throws {
        let fixture = try Team.fixture()
        let maria = try Team.add("maria", to: fixture)
        let jose = try Team.add("jose", to: fixture)
        let older = try await Team.request(fixture, message: "Older one", at: Date().addingTimeInterval(-3 * 3600))
        let newer = try await Team.request(fixture, message: "Newer one", at: Date().addingTimeInterval(-12 * 60))
        try await fixture.test { client in
            let mine = try await Team.signIn(client, name: "maria", secret: maria)
            let list = String(buffer: try await Team.get(client, "/team/", cookie: mine).body)
            let first = try XCTUnwrap(list.range(of: newer)), second = try XCTUnwrap(list.range(of: older))
            XCTAssertLessThan(first.lowerBound, second.lowerBound, "newest first")
            for shown in [
                "12 minutes ago", "3 hours ago", "Phone call", "As soon as possible", "Español (Spanish)",
                "Stress at work", "Burnout or compassion fatigue", "Newer one", "New",
            ] {
                XCTAssertTrue(list.contains(shown), shown)
            }
            let token = try XCTUnwrap(Team.token(in: list))
            let claim = try await client.execute(
                uri: "/team/requests/\(newer)/claim",
                method: .post,
                headers: Team.headers(cookie: mine),
                body: Team.formBody([("csrf", token)])
            )
            XCTAssertEqual(claim.status, .seeOther)
            XCTAssertEqual(claim.headers[.location], "/team/requests/\(newer)")
            let note = try await client.execute(
                uri: "/team/requests/\(newer)/note",
                method: .post,
                headers: Team.headers(cookie: mine),
                body: Team.formBody([("csrf", token), ("note", "Called back, follow up Friday")])
            )
            XCTAssertEqual(note.status, .seeOther)

            let theirs = try await Team.signIn(client, name: "jose", secret: jose)
            let seen = String(buffer: try await Team.get(client, "/team/requests/\(newer)", cookie: theirs).body)
            XCTAssertTrue(seen.contains("Claimed by maria"))
            XCTAssertTrue(seen.contains("Called back, follow up Friday"))
            XCTAssertFalse(seen.contains("Claim this request"), "taken: no claim button for others")
            let theirToken = try XCTUnwrap(Team.token(in: seen))
            let grab = try await client.execute(
                uri: "/team/requests/\(newer)/claim",
                method: .post,
                headers: Team.headers(cookie: theirs),
                body: Team.formBody([("csrf", theirToken)])
            )
            XCTAssertEqual(grab.status, .seeOther)
            XCTAssertEqual(
                try fixture.store.inboxRequest(newer)?.claimedBy,
                "maria",
                "a claim stays with whoever made it"
            )

            let handled = try await client.execute(
                uri: "/team/requests/\(newer)/handled",
                method: .post,
                headers: Team.headers(cookie: mine),
                body: Team.formBody([("csrf", token)])
            )
            XCTAssertEqual(handled.status, .seeOther)
            XCTAssertEqual(handled.headers[.location], "/team/")
            let after = String(buffer: try await Team.get(client, "/team/", cookie: mine).body)
            XCTAssertFalse(after.contains(newer), "handled requests leave the list")
            XCTAssertTrue(after.contains(older))
            XCTAssertNotNil(try fixture.store.all().first { $0.id == newer }?.handledAt)
        }
        let actions = try fixture.store.auditLog().map { "\($0.member ?? "-") \($0.action) \($0.reference ?? "")" }
        for expected in [
            "maria signed in", "maria claimed \(newer)", "maria noted \(newer)", "jose viewed \(newer)",
            "maria handled \(newer)",
        ] {
            XCTAssertTrue(actions.contains { $0.hasPrefix(expected) }, "\(expected) in \(actions)")
        }
    }

    /// OWASP CSRF: a post must carry the session's token AND come from this service's own origin.
    func testAForgedPostChangesNothing() async throws {
        let fixture = try Team.fixture()
        let maria = try Team.add("maria", to: fixture)
        let id = try await Team.request(fixture)
        try await fixture.test { client in
            let session = try await Team.signIn(client, name: "maria", secret: maria)
            let listed = try await Team.get(client, "/team/", cookie: session)
            let token = try XCTUnwrap(Team.token(in: String(buffer: listed.body)))
            let forgeries: [(String, HTTPFields, [(String, String)])] = [
                ("no token", Team.headers(cookie: session), []),
                ("wrong token", Team.headers(cookie: session), [("csrf", String(token.reversed()))]),
                ("another site", Team.headers(cookie: session, origin: "https://evil.example"), [("csrf", token)]),
                ("the site itself", Team.headers(cookie: session, origin: IntakeFixture.site), [("csrf", token)]),
                ("no origin", Team.headers(cookie: session, origin: nil), [("csrf", token)]),
                ("null origin", Team.headers(cookie: session, origin: "null"), [("csrf", token)]),
                ("http, not https", Team.headers(cookie: session, origin: "http://evil.example"), [("csrf", token)]),
            ]
            for (what, headers, fields) in forgeries {
                for action in ["claim", "handled", "note"] {
                    let response = try await client.execute(
                        uri: "/team/requests/\(id)/\(action)",
                        method: .post,
                        headers: headers,
                        body: Team.formBody(fields + [("note", "forged")])
                    )
                    XCTAssertEqual(response.status, .forbidden, "\(what), \(action)")
                }
                let out = try await client.execute(
                    uri: "/team/logout",
                    method: .post,
                    headers: headers,
                    body: Team.formBody(fields)
                )
                XCTAssertEqual(out.status, .forbidden, "\(what), sign out")
            }
            let item = try XCTUnwrap(try fixture.store.inboxRequest(id))
            XCTAssertNil(item.claimedBy)
            XCTAssertNil(item.request.handledAt)
            XCTAssertTrue(item.notes.isEmpty)
            do {
                let status = try await Team.get(client, "/team/", cookie: session).status
                XCTAssertEqual(status, .ok, "still signed in")
            }
            let login = try await client.execute(
                uri: "/team/login",
                method: .post,
                headers: Team.headers(origin: "https://evil.example"),
                body: Team.formBody([
                    ("name", "maria"), ("password", Team.password), ("code", Team.code(maria, steps: 1)),
                ])
            )
            XCTAssertEqual(login.status, .forbidden, "no sign-in from another site either")
            XCTAssertNil(login.headers[.setCookie])
        }
    }

    func testWithoutASessionAReferenceGivesTheSignInPageNeverTheRequest() async throws {
        let fixture = try Team.fixture()
        let maria = try Team.add("maria", to: fixture)
        let id = try await Team.request(fixture, message: "only for the team")
        try await fixture.test { client in
            for cookie in [nil, "forged-session-id", String(repeating: "A", count: 43)] {
                for uri in ["/team/requests/\(id)", "/team/requests/PS-2345-6789", "/team/"] {
                    let response = try await Team.get(client, uri, cookie: cookie)
                    XCTAssertEqual(response.status, .seeOther, uri)
                    XCTAssertEqual(response.headers[.location], "/team/login", uri)
                    XCTAssertFalse(String(buffer: response.body).contains("only for the team"))
                }
            }
            let session = try await Team.signIn(client, name: "maria", secret: maria)
            do {
                let status = try await Team.get(client, "/team/requests/PS-2345-6789", cookie: session).status
                XCTAssertEqual(status, .notFound)
            }
            do {
                let status = try await Team.get(client, "/team/requests/not-a-ref", cookie: session).status
                XCTAssertEqual(status, .notFound)
            }
            let page = String(buffer: try await Team.get(client, "/team/requests/\(id)", cookie: session).body)
            XCTAssertTrue(page.contains("only for the team"))
        }
    }

    func testEveryTeamAnswerIsUncacheableWithThePolicyAndNoInlineScriptOrStyle() async throws {
        let fixture = try Team.fixture()
        let maria = try Team.add("maria", to: fixture)
        let id = try await Team.request(fixture)
        try await fixture.test { client in
            let session = try await Team.signIn(client, name: "maria", secret: maria)
            var answers: [(String, TestResponse)] = []
            for (uri, cookie) in [
                ("/team/login", nil), ("/team/", session), ("/team/", nil), ("/team", nil),
                ("/team/requests/\(id)", session), ("/team/requests/PS-2345-6789", session), ("/team/style.css", nil),
            ] {
                answers.append((uri, try await Team.get(client, uri, cookie: cookie)))
            }
            answers.append(
                (
                    "forged",
                    try await client.execute(
                        uri: "/team/requests/\(id)/claim",
                        method: .post,
                        headers: Team.headers(cookie: session),
                        body: Team.formBody([])
                    )
                )
            )
            answers.append(
                (
                    "failed sign-in",
                    try await client.execute(
                        uri: "/team/login",
                        method: .post,
                        headers: Team.headers(),
                        body: Team.formBody([("name", "x")])
                    )
                )
            )
            for (what, response) in answers {
                XCTAssertEqual(response.headers[.cacheControl], "no-store", what)
                XCTAssertEqual(
                    response.headers[.contentSecurityPolicy],
                    "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
                    what
                )
                XCTAssertEqual(response.headers[.xContentTypeOptions], "nosniff", what)
                XCTAssertEqual(response.headers[HTTPField.Name("Referrer-Policy")!], "same-origin", what)
                let body = String(buffer: response.body)
                XCTAssertFalse(body.contains("<script"), what)
                XCTAssertFalse(body.contains("style="), what)
                XCTAssertFalse(body.contains("<style"), what)
            }
        }
    }

    /// The request journey's hostile values: quotes and `<` followed by combining marks, bidi
    /// controls, markup. Escaped through `escapeHTML`, each inside its own `<bdi>`.
    func testHostileAnswersAndNotesAreEscapedAndIsolated() async throws {
        let fixture = try Team.fixture()
        let maria = try Team.add("maria", to: fixture)
        let hostile =
            "x\"\u{301} onfocus=alert(1) '\u{301}<\u{301}img src=x>\u{301}&amp; \u{202E}evil\u{202C} \u{2066}é\u{2069}"
        let escaped =
            "x&quot;\u{301} onfocus=alert(1) &#39;\u{301}&lt;\u{301}img src=x&gt;\u{301}&amp;amp; \u{202E}evil\u{202C} \u{2066}é\u{2069}"
        let id = try await Team.request(
            fixture,
            message: hostile,
            extra: ["name": [hostile], "timing": ["another_time"], "preferred_time": [hostile]]
        )
        try await fixture.test { client in
            let session = try await Team.signIn(client, name: "maria", secret: maria)
            let list = String(buffer: try await Team.get(client, "/team/", cookie: session).body)
            let token = try XCTUnwrap(Team.token(in: list))
            let note = try await client.execute(
                uri: "/team/requests/\(id)/note",
                method: .post,
                headers: Team.headers(cookie: session),
                body: Team.formBody([("csrf", token), ("note", hostile)])
            )
            XCTAssertEqual(note.status, .seeOther)
            let page = String(buffer: try await Team.get(client, "/team/requests/\(id)", cookie: session).body)
            for (what, html, count) in [("list", list, 2), ("request", page, 4)] {
                XCTAssertEqual(
                    html.components(separatedBy: "<bdi lang=\"en\">\(escaped)</bdi>").count - 1
                        + html.components(separatedBy: "<bdi>\(escaped)</bdi>").count - 1,
                    count,
                    what
                )
                XCTAssertFalse(html.contains("x\"\u{301}"), "no raw quote before a combining mark, \(what)")
                XCTAssertFalse(html.contains("<\u{301}img"), "no raw tag opener, \(what)")
                XCTAssertFalse(html.contains(" onfocus=alert(1) '"), what)
            }
        }
    }

    func testNoAnswerNoteOrPasswordReachesTheLogsOrTheAudit() async throws {
        let fixture = try Team.fixture()
        let maria = try Team.add("maria", to: fixture)
        let id = try await Team.request(fixture, message: "secret words 7391")
        try await fixture.test { client in
            _ = try await client.execute(
                uri: "/team/login",
                method: .post,
                headers: Team.headers(),
                body: Team.formBody([("name", Team.password), ("password", "maria"), ("code", "1")])
            )
            let session = try await Team.signIn(client, name: "maria", secret: maria)
            let page = String(buffer: try await Team.get(client, "/team/requests/\(id)", cookie: session).body)
            let token = try XCTUnwrap(Team.token(in: page))
            _ = try await client.execute(
                uri: "/team/requests/\(id)/note",
                method: .post,
                headers: Team.headers(cookie: session),
                body: Team.formBody([("csrf", token), ("note", "note words 5521")])
            )
            _ = try await Team.get(client, "/team/", cookie: session)
        }
        let logs = fixture.logs.all.joined(separator: "\n")
        let audit = try fixture.store.auditLog().map(\.line).joined(separator: "\n")
        XCTAssertTrue(logs.contains("/team/requests/\(id)"), "the access log names paths")
        for secret in ["secret words", "7391", "note words", "5521", Team.password, "650 555"] {
            XCTAssertFalse(logs.contains(secret), "log: \(secret)")
            XCTAssertFalse(audit.contains(secret), "audit: \(secret)")
        }
        XCTAssertTrue(audit.contains("sign-in failed (no such account)"))
    }

    func testANoteMustSaySomethingShortAndTheFormKeepsIt() async throws {
        let fixture = try Team.fixture()
        let maria = try Team.add("maria", to: fixture)
        let id = try await Team.request(fixture)
        try await fixture.test { client in
            let session = try await Team.signIn(client, name: "maria", secret: maria)
            let listed = try await Team.get(client, "/team/", cookie: session)
            let token = try XCTUnwrap(Team.token(in: String(buffer: listed.body)))
            for (text, message) in [
                ("   ", "Write a note"), (String(repeating: "n", count: 501), "500 characters or fewer"),
            ] {
                let response = try await client.execute(
                    uri: "/team/requests/\(id)/note",
                    method: .post,
                    headers: Team.headers(cookie: session),
                    body: Team.formBody([("csrf", token), ("note", text)])
                )
                XCTAssertEqual(response.status, .unprocessableContent)
                let page = String(buffer: response.body)
                XCTAssertTrue(page.contains(message))
                XCTAssertTrue(page.contains("<title>Error: "))
                XCTAssertTrue(page.contains("aria-invalid=\"true\""))
            }
            XCTAssertEqual(try fixture.store.inboxRequest(id)?.notes, [])
        }
    }

    func testSpanishIsChosenOnceAndKeptInTheSession() async throws {
        let fixture = try Team.fixture()
        let maria = try Team.add("maria", to: fixture)
        let id = try await Team.request(fixture)
        try await fixture.test { client in
            let login = String(buffer: try await Team.get(client, "/team/login?lang=es", cookie: nil).body)
            XCTAssertTrue(login.contains("<html lang=\"es\">"))
            XCTAssertTrue(login.contains("Código de su aplicación de autenticación"))
            let session = try await Team.signIn(client, name: "maria", secret: maria)
            let page = String(buffer: try await Team.get(client, "/team/requests/\(id)", cookie: session).body)
            XCTAssertTrue(page.contains("<html lang=\"en\">"))
            let token = try XCTUnwrap(Team.token(in: page))
            let switched = try await client.execute(
                uri: "/team/language",
                method: .post,
                headers: Team.headers(cookie: session),
                body: Team.formBody([("csrf", token), ("lang", "es"), ("back", "requests/\(id)")])
            )
            XCTAssertEqual(switched.headers[.location], "/team/requests/\(id)")
            let spanish = String(buffer: try await Team.get(client, "/team/", cookie: session).body)
            XCTAssertTrue(spanish.contains("<html lang=\"es\">"))
            XCTAssertTrue(spanish.contains("Solicitudes abiertas"))
            XCTAssertTrue(spanish.contains("Llamada telefónica"), "option labels in the inbox's language")
            let away = try await client.execute(
                uri: "/team/language",
                method: .post,
                headers: Team.headers(cookie: session),
                body: Team.formBody([("csrf", token), ("lang", "en"), ("back", "https://evil.example/")])
            )
            XCTAssertEqual(away.headers[.location], "/team/", "never redirected off the inbox")
        }
    }

    func testUnderPortalServesMountTheInboxLinksStayUnderTheMount() async throws {
        let fixture = try Team.fixture()
        let maria = try Team.add("maria", to: fixture)
        let router = Router(context: IntakeContext.self)
        router.addRoutes(
            IntakeApplication.routes(configuration: fixture.configuration, form: fixture.form, store: fixture.store),
            atPath: "/__portal/intake"
        )
        try await Application(router: router).test(.router) { client in
            let login = try await Team.get(client, "/__portal/intake/team/login", cookie: nil)
            XCTAssertTrue(String(buffer: login.body).contains("action=\"/__portal/intake/team/login\""))
            let response = try await client.execute(
                uri: "/__portal/intake/team/login",
                method: .post,
                headers: Team.headers(),
                body: Team.formBody([("name", "maria"), ("password", Team.password), ("code", Team.code(maria))])
            )
            XCTAssertEqual(response.headers[.location], "/__portal/intake/team/")
        }
    }

    func testPurgeTakesNotesAndClaimsWithTheRequestAndKeepsTheAuditsReferences() async throws {
        let fixture = try Team.fixture()
        try Team.add("maria", to: fixture)
        let old = try await Team.request(fixture, message: "old", at: Date().addingTimeInterval(-40 * 86400))
        XCTAssertEqual(try fixture.store.claim(old, by: "maria"), .claimed)
        XCTAssertTrue(try fixture.store.addNote(old, by: "maria", text: "about the person"))
        let result = try fixture.store.purge(receivedBefore: Date().addingTimeInterval(-30 * 86400))
        XCTAssertEqual(result.deleted, 1)
        XCTAssertEqual(try Team.count(fixture, "SELECT COUNT(*) FROM request_note"), 0)
        XCTAssertEqual(try Team.count(fixture, "SELECT COUNT(*) FROM request_state"), 0)
        XCTAssertTrue(try fixture.store.auditLog().contains { $0.reference == old && $0.action == "noted" })
    }

    func testTheNotificationLinksToTheRequestInTheInboxOnceAnAccountExists() async throws {
        var configuration = IntakeConfiguration(allowedOrigins: ["https://peers.example.org"])
        configuration.publicURL = "https://intake.example.org/requests"
        XCTAssertEqual(configuration.teamInboxURL, "https://intake.example.org/team/requests/")
        let fixture = try Team.fixture()
        let channel = RecordingChannel()
        let notifier = Notifier(
            store: fixture.store,
            channels: [channel],
            logger: Logger(label: "test"),
            inboxURL: configuration.teamInboxURL
        )
        _ = try await fixture.store.store(
            answers: ["message": ["a"]],
            language: "en",
            idempotencyKey: nil,
            dedupeWindow: 0,
            notify: ["recording"]
        )
        await notifier.deliverDue()
        try Team.add("maria", to: fixture)
        let id = try await fixture.store.store(
            answers: ["message": ["b"]],
            language: "en",
            idempotencyKey: nil,
            dedupeWindow: 0,
            notify: ["recording"]
        ).id
        await notifier.deliverDue()
        let texts = await channel.texts
        XCTAssertEqual(texts.count, 2)
        XCTAssertTrue(texts[0].contains("portal intake export"), "no inbox yet: no link that leads nowhere")
        XCTAssertTrue(
            texts[1].contains("Read and answer it in the team inbox: https://intake.example.org/team/requests/\(id)")
        )
    }
}

actor RecordingChannelStore {
    var texts: [String] = []
    func add(_ text: String) { texts.append(text) }
}

struct RecordingChannel: NotificationChannel {
    let name = "recording"
    let store = RecordingChannelStore()
    var texts: [String] { get async { await store.texts } }
    func deliver(_ notice: Notice) async throws { await store.add(notice.text) }
}
