import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import XCTest

@testable import PortalIntake

final class TeamCommandsTests: XCTestCase {
    private func storeOne(
        _ fixture: IntakeFixture,
        _ answers: [String: [String]],
        at date: Date = Date(),
        notify: [String] = []
    )
        async throws -> String
    {
        try await fixture.store.store(
            answers: answers,
            language: "en",
            idempotencyKey: nil,
            now: date,
            dedupeWindow: 0,
            notify: notify
        ).id
    }

    func testCSVExportNeutralisesFormulasAndQuotesCells() async throws {
        let fixture = try IntakeFixture()
        _ = try await storeOne(
            fixture,
            ["name": ["=HYPERLINK(\"http://x\")"], "message": ["+1 then, \"quoted\""], "topic": ["stress", "role"]]
        )
        _ = try await storeOne(fixture, ["name": ["-2"], "message": ["@SUM(A1)"], "preferred_time": ["\tTab"]])
        let csv = RequestExport.render(try fixture.store.all(), form: fixture.form, format: .csv)
        let lines = csv.components(separatedBy: "\r\n")
        XCTAssertEqual(
            lines[0],
            "\"id\",\"received_at\",\"handled_at\",\"form_language\",\"contact_method\",\"phone\",\"email\",\"language\",\"timing\",\"preferred_time\",\"topic\",\"message\",\"name\",\"confirm\""
        )
        XCTAssertTrue(csv.contains("\"'=HYPERLINK(\"\"http://x\"\")\""))
        XCTAssertTrue(csv.contains("\"'+1 then, \"\"quoted\"\"\""))
        XCTAssertTrue(csv.contains("\"stress; role\""))
        XCTAssertTrue(csv.contains("\"'-2\""))
        XCTAssertTrue(csv.contains("\"'@SUM(A1)\""))
        XCTAssertTrue(csv.contains("\"'\tTab\""))
        XCTAssertEqual(lines.count, 4, "header, two rows, final empty line")
    }

    func testJSONExportHasAnswersAsLists() async throws {
        let fixture = try IntakeFixture()
        let id = try await storeOne(fixture, ["topic": ["stress", "role"]])
        let json = RequestExport.render(try fixture.store.all(), form: fixture.form, format: .json)
        let items = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        XCTAssertEqual(items.first?["id"] as? String, id)
        XCTAssertEqual((items.first?["answers"] as? [String: [String]])?["topic"], ["stress", "role"])
    }

    func testMarkHandledAndUnknownReference() async throws {
        let fixture = try IntakeFixture()
        let id = try await storeOne(fixture, ["name": ["Sam"]])
        _ = try await storeOne(fixture, ["name": ["Ana"]])
        XCTAssertEqual(try fixture.store.counts().open, 2)
        XCTAssertTrue(try fixture.store.markHandled(id))
        XCTAssertTrue(try fixture.store.markHandled(id), "marking twice is fine")
        XCTAssertEqual(try fixture.store.counts().open, 1)
        XCTAssertEqual(try fixture.store.counts().handled, 1)
        XCTAssertFalse(try fixture.store.markHandled("PS-2222-2222"))
        XCTAssertEqual(try fixture.store.all().filter { $0.handledAt != nil }.map(\.id), [id])
        XCTAssertEqual(try fixture.store.all(includeHandled: false).count, 1)
    }

    func testPurgeDeletesOnlyOlderRequests() async throws {
        let fixture = try IntakeFixture()
        let old = try await storeOne(
            fixture,
            ["name": ["Old"]],
            at: Date().addingTimeInterval(-40 * 86400),
            notify: ["webhook"]
        )
        let recent = try await storeOne(fixture, ["name": ["New"]], at: Date().addingTimeInterval(-2 * 86400))
        let cutoff = Date().addingTimeInterval(-(RetentionPeriod.seconds(RetentionPeriod.defaultPeriod) ?? 0))
        let result = try fixture.store.purge(receivedBefore: cutoff)
        XCTAssertEqual(result.deleted, 1)
        XCTAssertTrue(result.forgotten)
        XCTAssertEqual(try fixture.store.all().map(\.id), [recent])
        XCTAssertNil(try fixture.store.notificationState(old, channel: "webhook"))
    }

    func testRetentionPeriods() {
        XCTAssertEqual(RetentionPeriod.seconds("30d"), 30 * 86400)
        XCTAssertEqual(RetentionPeriod.seconds("12h"), 12 * 3600)
        XCTAssertEqual(RetentionPeriod.seconds("2w"), 14 * 86400)
        XCTAssertEqual(RetentionPeriod.seconds("90m"), 90 * 60)
        XCTAssertNil(RetentionPeriod.seconds("30"))
        XCTAssertNil(RetentionPeriod.seconds("-3d"))
        XCTAssertNil(RetentionPeriod.seconds("d"))
    }
}

/// A channel that fails or succeeds as scripted (false = fails) and records what it was sent.
final class ScriptedChannel: NotificationChannel, @unchecked Sendable {
    let name: String
    private let lock = NSLock()
    private var outcomes: [Bool]
    private(set) var sent: [Notice] = []
    init(_ name: String = "webhook", _ outcomes: [Bool] = []) {
        self.name = name
        self.outcomes = outcomes
    }
    func deliver(_ notice: Notice) async throws {
        let ok: Bool = lock.withLock {
            sent.append(notice)
            return outcomes.isEmpty ? true : outcomes.removeFirst()
        }
        if !ok { throw DeliveryFailure("webhook answered HTTP 500") }
    }
    var count: Int { lock.withLock { sent.count } }
}

final class NotificationTests: XCTestCase {
    func store(
        _ fixture: IntakeFixture,
        at date: Date = Date(),
        channels: [String] = ["webhook"]
    ) async throws -> String {
        try await fixture.store.store(
            answers: ["message": ["private words"]],
            language: "es",
            idempotencyKey: nil,
            now: date,
            dedupeWindow: 0,
            notify: channels
        ).id
    }

    func testFailuresAreRetriedWithGrowingWaitsWithoutEndAndNeverTouchTheRequest() async throws {
        let fixture = try IntakeFixture()
        let start = Date()
        let id = try await store(fixture, at: start)
        let channel = ScriptedChannel("webhook", Array(repeating: false, count: 30) + [true])
        let notifier = Notifier(store: fixture.store, channels: [channel], logger: Logger(label: "test"))
        var now = start
        for attempt in 1...30 {
            let value1 = await notifier.deliverDue(now: now)
            XCTAssertEqual(value1, 0)
            let state = try XCTUnwrap(try fixture.store.notificationState(id, channel: "webhook"))
            XCTAssertEqual(state.attempts, attempt)
            XCTAssertEqual(state.lastError, "webhook answered HTTP 500")
            XCTAssertEqual(
                state.nextAttemptAt.timeIntervalSince(now),
                Notifier.backoff(afterAttempt: attempt),
                accuracy: 0.01
            )
            let value2 = await notifier.deliverDue(now: now.addingTimeInterval(1))
            XCTAssertEqual(value2, 0, "not due yet")
            now = state.nextAttemptAt
        }
        let value3 = await notifier.deliverDue(now: now)
        XCTAssertEqual(value3, 1, "still tried after 30 failures, and delivered")
        XCTAssertEqual(try fixture.store.notificationState(id, channel: "webhook")?.delivered, true)
        let value4 = await notifier.deliverDue(now: now.addingTimeInterval(99_999))
        XCTAssertEqual(value4, 0, "delivered once")
        XCTAssertEqual(try fixture.store.all().map(\.id), [id], "the request itself is untouched")
        XCTAssertTrue(channel.sent.allSatisfy { $0.requestID == id && $0.answers == nil })
        XCTAssertFalse(channel.sent[0].text.contains("private words"))
    }

    func testBackoffDoublesToAnHourAndStaysThere() {
        XCTAssertEqual(Notifier.backoff(afterAttempt: 1), 30)
        XCTAssertEqual(Notifier.backoff(afterAttempt: 3), 120)
        XCTAssertEqual(Notifier.backoff(afterAttempt: 12), 3600)
        XCTAssertEqual(Notifier.backoff(afterAttempt: 10_000), 3600)
    }

    func testTwoProcessesOnOneDatabaseNeverNotifyTwice() async throws {
        let fixture = try IntakeFixture()
        var ids: [String] = []
        for index in 0..<60 {
            ids.append(
                try await fixture.store.store(
                    answers: ["message": ["m\(index)"]],
                    language: "en",
                    idempotencyKey: nil,
                    dedupeWindow: 0,
                    notify: ["webhook", "email"]
                ).id
            )
        }
        // Two services, each with its own connection pool on the same file, as two processes would be.
        let other = try RequestStore(path: fixture.store.path)
        let first = (ScriptedChannel("webhook"), ScriptedChannel("email"))
        let second = (ScriptedChannel("webhook"), ScriptedChannel("email"))
        let a = Notifier(store: fixture.store, channels: [first.0, first.1], logger: Logger(label: "a"))
        let b = Notifier(store: other, channels: [second.0, second.1], logger: Logger(label: "b"))
        for _ in 0..<4 {
            async let x = a.deliverDue()
            async let y = b.deliverDue()
            _ = await (x, y)
        }
        for (one, two) in [(first.0, second.0), (first.1, second.1)] {
            let sent = (one.sent + two.sent).map(\.requestID)
            XCTAssertEqual(sent.count, 60, "\(one.name): each once")
            XCTAssertEqual(Set(sent), Set(ids))
        }
    }

    func testAnswersGoOutOnlyWhenTheDeployerSaysSo() async throws {
        let fixture = try IntakeFixture()
        let id = try await store(fixture)
        let channel = ScriptedChannel()
        let notifier = Notifier(
            store: fixture.store,
            channels: [channel],
            logger: Logger(label: "t"),
            includeAnswers: true
        )
        let value5 = await notifier.deliverDue()
        XCTAssertEqual(value5, 1)
        XCTAssertEqual(channel.sent.first?.answers?["message"], ["private words"])
        XCTAssertTrue(channel.sent.first?.text.contains("message: private words") ?? false)
        XCTAssertEqual(channel.sent.first?.requestID, id)
    }

    func testHealthSays503WithTheReasonWhileTheTeamIsNotHearing() async throws {
        let fixture = try IntakeFixture {
            $0.notificationChannels = ["webhook"]; $0.notificationStalledAfter = 60
        }
        let old = Date().addingTimeInterval(-600)
        _ = try await store(fixture, at: old)
        let channel = ScriptedChannel("webhook", [false])
        let notifier = Notifier(store: fixture.store, channels: [channel], logger: Logger(label: "t"))
        await notifier.deliverDue()
        try await fixture.test { client in
            let failing = try await client.execute(uri: "/health", method: .get)
            XCTAssertEqual(failing.status, .serviceUnavailable)
            let text = String(buffer: failing.body)
            XCTAssertEqual(text, "unavailable: notifications are not getting through\n")
            let detail = await fixture.store.healthProblem(stalledAfter: 60)
            XCTAssertTrue(
                detail?.contains("webhook: 1 waiting, the oldest for 10 min (last error: webhook answered HTTP 500)")
                    ?? false,
                "the detail is for portal intake status: \(detail ?? "")"
            )
            XCTAssertFalse(text.contains("PS-"), "no references in a public answer")
        }
        await notifier.deliverDue(now: Date().addingTimeInterval(3600))
        try await fixture.test { client in
            let recovered = try await client.execute(uri: "/health", method: .get)
            XCTAssertEqual(recovered.status, .ok)
            XCTAssertEqual(String(buffer: recovered.body), "ok\n")
        }
    }

    func testNoNotificationWithoutAChannel() async throws {
        let fixture = try IntakeFixture()
        let id = try await store(fixture, channels: [])
        XCTAssertNil(try fixture.store.notificationState(id, channel: "webhook"))
    }
}

final class WebhookOverHTTPTests: XCTestCase {
    /// The real channel against a real HTTP server on loopback.
    func testTheWebhookChannelDeliversToALiveServer() async throws {
        let received = LogCollector()
        let router = Router()
        router.post("/hook") { request, _ -> HTTPResponse.Status in
            let body = try await request.body.collect(upTo: 4096)
            received.append(String(buffer: body))
            return .noContent
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        let fixture = try IntakeFixture()
        try await app.test(.live) { client in
            let port = try XCTUnwrap(client.port)
            let id = try await fixture.store.store(
                answers: ["message": ["private words"]],
                language: "en",
                idempotencyKey: nil,
                dedupeWindow: 0,
                notify: ["webhook"]
            ).id
            let channel = WebhookChannel(url: try XCTUnwrap(URL(string: "http://127.0.0.1:\(port)/hook")))
            let notifier = Notifier(store: fixture.store, channels: [channel], logger: Logger(label: "test"))
            let delivered = await notifier.deliverDue()
            XCTAssertEqual(delivered, 1)
            XCTAssertEqual(try fixture.store.notificationState(id, channel: "webhook")?.delivered, true)
            let body = try XCTUnwrap(received.all.first)
            XCTAssertTrue(body.contains(id))
            XCTAssertFalse(body.contains("private words"))
        }
    }
}
