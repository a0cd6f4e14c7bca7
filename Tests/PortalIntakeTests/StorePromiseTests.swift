import Foundation
import GRDB
import XCTest

@testable import PortalIntake

/// What the store promises, checked on the live thing: the writer's own setting, the raw files
/// after a purge, the files' modes.
final class StorePromiseTests: XCTestCase {
    func testTheWriterThatCommitsRequestsSyncsEachCommit() throws {
        let fixture = try IntakeFixture()
        XCTAssertEqual(try fixture.store.writerSynchronousLevel(), 2, "synchronous=FULL on the writer itself")
        // Reopening an existing file (a restart) keeps it too.
        let again = try RequestStore(path: fixture.store.path)
        XCTAssertEqual(try again.writerSynchronousLevel(), 2)
    }

    func testAPurgeWithAReaderOpenSaysTheAnswersAreNotYetGoneThenForgetsThem() async throws {
        let fixture = try IntakeFixture()
        let secret = "lighthouse-\(UUID().uuidString)"
        for index in 0..<20 {
            _ = try await fixture.store.store(
                answers: ["message": ["\(secret) \(index)"]],
                language: "en",
                idempotencyKey: nil,
                now: Date().addingTimeInterval(-40 * 86400),
                dedupeWindow: 0,
                notify: []
            )
        }
        // Another reader (an export, a backup) holds a snapshot from before the purge.
        let reader = try DatabaseQueue(path: fixture.store.path)
        let blocked: RequestStore.PurgeResult = try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                do {
                    try reader.read { db in
                        _ = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM request")
                        continuation.resume(returning: try fixture.store.purge(receivedBefore: Date()))
                    }
                } catch { continuation.resume(throwing: error) }
            }
        }
        XCTAssertEqual(blocked.deleted, 20)
        XCTAssertFalse(blocked.forgotten, "a reader kept the log from being emptied: say so")
        XCTAssertNotNil(blocked.reason)
        try reader.close()

        let done = try fixture.store.purge(receivedBefore: Date())
        XCTAssertTrue(done.forgotten, done.reason ?? "")
        for suffix in ["", "-wal"] {
            let bytes = FileManager.default.contents(atPath: fixture.store.path + suffix) ?? Data()
            XCTAssertNil(
                bytes.range(of: Data(secret.utf8)),
                "answers still in \(suffix.isEmpty ? "the database" : suffix)"
            )
        }
    }

    func testLeftoverLogFilesBecomeOwnerOnly() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("requests.sqlite").path
        let running = try RequestStore(path: path)  // keeps its -wal file while open
        XCTAssertEqual(chmod(path + "-wal", 0o644), 0)
        _ = try RequestStore(path: path)
        withExtendedLifetime(running) {}
        let mode = (try FileManager.default.attributesOfItem(atPath: path + "-wal")[.posixPermissions] as? Int) ?? 0
        XCTAssertEqual(mode & 0o077, 0, String(mode, radix: 8))
    }

    func testTheTeamsCommandsDoNotCreateAMistypedDatabase() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("no-\(UUID().uuidString).sqlite").path
        XCTAssertThrowsError(try RequestStore(path: path, mustExist: true))
        XCTAssertFalse(FileManager.default.fileExists(atPath: path))
    }

    func testTheSameKeyWithOtherAnswersIsStoredNotDropped() async throws {
        let fixture = try IntakeFixture()
        func send(_ message: String) async throws -> RequestStore.Outcome {
            try await fixture.store.store(
                answers: ["message": [message]],
                language: "en",
                idempotencyKey: "key-1234567",
                dedupeWindow: 600,
                notify: []
            )
        }
        let first = try await send("first words")
        let value1 = try await send("first words")
        XCTAssertEqual(value1, .duplicate(first.id), "a double click is one request")
        let edited = try await send("edited after going back")
        guard case .created(let id) = edited else { return XCTFail("the edit was dropped: \(edited)") }
        XCTAssertNotEqual(id, first.id)
        let value2 = try await send("edited after going back")
        XCTAssertEqual(value2, .duplicate(id), "and its own repeat is one request")
        XCTAssertEqual(try fixture.store.all().count, 2)
    }

    func testIPv6ClientsAreCountedByTheirSlash64() {
        XCTAssertEqual(RateLimitKey.of("2001:db8:1:2:aaaa::1"), RateLimitKey.of("2001:db8:1:2:bbbb:cccc:dddd:eeee"))
        XCTAssertNotEqual(RateLimitKey.of("2001:db8:1:2::1"), RateLimitKey.of("2001:db8:1:3::1"))
        XCTAssertEqual(RateLimitKey.of("2001:db8:1:2::1"), "2001:db8:1:2::/64")
        XCTAssertEqual(RateLimitKey.of("::ffff:192.0.2.7"), "192.0.2.7")
        XCTAssertEqual(RateLimitKey.of("192.0.2.7"), "192.0.2.7")
        XCTAssertEqual(RateLimitKey.of("fe80::1%eth0"), "fe80:0:0:0::/64")
    }

    func testControlCharactersReachATerminalOnlyAsVisibleText() {
        XCTAssertEqual(
            RequestExport.visibleControls("a\u{1B}[31mred\u{7}\nnext\tcol"),
            "a\\u{1B}[31mred\\u{7}\nnext\tcol"
        )
    }
}
