import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import XCTest

@testable import PortalIntake

final class TeamCommandsTests: XCTestCase {
    private func storeOne(
        _ fixture: IntakeFixture, _ answers: [String: [String]], at date: Date = Date(), notify: Bool = false
    )
        async throws -> String
    {
        try await fixture.store.store(
            answers: answers, language: "en", idempotencyKey: nil, now: date, dedupeWindow: 0, notify: notify
        ).id
    }

    func testCSVExportNeutralisesFormulasAndQuotesCells() async throws {
        let fixture = try IntakeFixture()
        _ = try await storeOne(
            fixture,
            ["name": ["=HYPERLINK(\"http://x\")"], "message": ["+1 then, \"quoted\""], "topic": ["stress", "role"]])
        _ = try await storeOne(fixture, ["name": ["-2"], "message": ["@SUM(A1)"], "preferred_time": ["\tTab"]])
        let csv = RequestExport.render(try fixture.store.all(), form: fixture.form, format: .csv)
        let lines = csv.components(separatedBy: "\r\n")
        XCTAssertEqual(
            lines[0],
            "\"id\",\"received_at\",\"handled_at\",\"language\",\"contact_method\",\"phone\",\"email\",\"language\",\"timing\",\"preferred_time\",\"topic\",\"message\",\"name\",\"confirm\""
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
        XCTAssertTrue(try fixture.store.markHandled(id))
        XCTAssertTrue(try fixture.store.markHandled(id), "marking twice is fine")
        XCTAssertFalse(try fixture.store.markHandled("PS-2222-2222"))
        XCTAssertNotNil(try fixture.store.all().first?.handledAt)
        XCTAssertEqual(try fixture.store.all(includeHandled: false).count, 0)
    }

    func testPurgeDeletesOnlyOlderRequests() async throws {
        let fixture = try IntakeFixture()
        let old = try await storeOne(
            fixture, ["name": ["Old"]], at: Date().addingTimeInterval(-40 * 86400), notify: true)
        let recent = try await storeOne(fixture, ["name": ["New"]], at: Date().addingTimeInterval(-2 * 86400))
        let cutoff = Date().addingTimeInterval(-(RetentionPeriod.seconds(RetentionPeriod.defaultPeriod) ?? 0))
        XCTAssertEqual(try fixture.store.purge(receivedBefore: cutoff), 1)
        XCTAssertEqual(try fixture.store.all().map(\.id), [recent])
        XCTAssertNil(try fixture.store.outboxState(old))
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

/// Answers a scripted list of statuses (or a thrown error for 0) and records what it was sent.
final class ScriptedSender: WebhookSender, @unchecked Sendable {
    private let lock = NSLock()
    private var statuses: [Int]
    private(set) var bodies: [String] = []
    init(_ statuses: [Int]) { self.statuses = statuses }
    func send(_ body: Data, to url: URL) async throws -> Int {
        let status: Int = lock.withLock {
            bodies.append(String(decoding: body, as: UTF8.self))
            return statuses.isEmpty ? 200 : statuses.removeFirst()
        }
        if status == 0 { throw URLError(.cannotConnectToHost) }
        return status
    }
}

final class WebhookOutboxTests: XCTestCase {
    func testFailedNotificationsAreRetriedWithGrowingWaitsAndNeverTouchTheRequest() async throws {
        let fixture = try IntakeFixture()
        let start = Date()
        let id = try await fixture.store.store(
            answers: ["message": ["private words"]], language: "es", idempotencyKey: nil, now: start, dedupeWindow: 0,
            notify: true
        ).id
        let sender = ScriptedSender([0, 500, 200])
        let notifier = WebhookNotifier(
            store: fixture.store, url: URL(string: "http://127.0.0.1:9/hook")!, sender: sender,
            logger: Logger(label: "test"))

        let delivered1 = await notifier.deliverDue(now: start)
        XCTAssertEqual(delivered1, 0)
        var state = try XCTUnwrap(try fixture.store.outboxState(id))
        XCTAssertEqual(state.attempts, 1)
        XCTAssertEqual(state.nextAttemptAt.timeIntervalSince(start), 30, accuracy: 0.01)
        let delivered2 = await notifier.deliverDue(now: start.addingTimeInterval(10))
        XCTAssertEqual(delivered2, 0, "not due yet")
        XCTAssertEqual(sender.bodies.count, 1)

        let delivered3 = await notifier.deliverDue(now: start.addingTimeInterval(31))
        XCTAssertEqual(delivered3, 0)
        state = try XCTUnwrap(try fixture.store.outboxState(id))
        XCTAssertEqual(state.attempts, 2)
        XCTAssertEqual(state.nextAttemptAt.timeIntervalSince(start), 31 + 60, accuracy: 0.01)

        let delivered4 = await notifier.deliverDue(now: start.addingTimeInterval(92))
        XCTAssertEqual(delivered4, 1)
        XCTAssertEqual(try fixture.store.outboxState(id)?.delivered, true)
        let delivered5 = await notifier.deliverDue(now: start.addingTimeInterval(5000))
        XCTAssertEqual(delivered5, 0, "delivered once")

        XCTAssertEqual(try fixture.store.all().map(\.id), [id], "the request itself is untouched")
        XCTAssertTrue(sender.bodies.allSatisfy { $0.contains(id) && !$0.contains("private words") })
    }

    func testBackoffIsCappedAtAnHour() {
        XCTAssertEqual(WebhookNotifier.backoff(afterAttempt: 1), 30)
        XCTAssertEqual(WebhookNotifier.backoff(afterAttempt: 3), 120)
        XCTAssertEqual(WebhookNotifier.backoff(afterAttempt: 12), 3600)
    }

    func testNoOutboxRowWithoutAWebhook() async throws {
        let fixture = try IntakeFixture()
        let id = try await fixture.store.store(
            answers: ["name": ["Sam"]], language: "en", idempotencyKey: nil, dedupeWindow: 0, notify: false
        ).id
        XCTAssertNil(try fixture.store.outboxState(id))
    }
}

final class WebhookOverHTTPTests: XCTestCase {
    /// The real sender against a real HTTP server on loopback.
    func testURLSessionSenderDeliversToALiveWebhook() async throws {
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
                answers: ["message": ["private words"]], language: "en", idempotencyKey: nil, dedupeWindow: 0,
                notify: true
            ).id
            let notifier = WebhookNotifier(
                store: fixture.store, url: try XCTUnwrap(URL(string: "http://127.0.0.1:\(port)/hook")),
                logger: Logger(label: "test"))
            let delivered = await notifier.deliverDue()
            XCTAssertEqual(delivered, 1)
            XCTAssertEqual(try fixture.store.outboxState(id)?.delivered, true)
            let body = try XCTUnwrap(received.all.first)
            XCTAssertTrue(body.contains(id))
            XCTAssertFalse(body.contains("private words"))
        }
    }
}
