import Foundation
import XCTest

@testable import PortalIntake

/// `EmailChannel` against small shell programs standing in for `sendmail`: the message reaches
/// the program whole, several at once too; a failure says how the program ended; a relay that
/// hangs is ended at the deadline, and no process is left behind.
final class EmailChannelTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("email-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    /// A program made of `body`, run as `sendmail`.
    func program(_ body: String) throws -> String {
        let file = folder.appendingPathComponent("sendmail-\(UUID().uuidString)")
        try Data("#!/bin/sh\n\(body)\n".utf8).write(to: file)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: file.path)
        return file.path
    }

    func channel(_ program: String, deadline: Duration = .seconds(60)) -> EmailChannel {
        EmailChannel(
            recipients: ["team@example.org"],
            sender: "portal@example.org",
            command: [program, "-v"],
            deadline: deadline
        )
    }

    static func notice(_ id: String) -> Notice {
        Notice(requestID: id, language: "en", receivedAt: Date(timeIntervalSince1970: 1_796_000_000))
    }

    /// Eight at once: each program reads its own message to the end (with Foundation's `Process`,
    /// a concurrent start could inherit another's input and hold it open).
    func testEveryMessageReachesItsProgramWhole() async throws {
        let sendmail = try program("echo \"$@\" > \"\(folder.path)/arguments\"; cat > \"\(folder.path)/message-$$\"")
        let channel = channel(sendmail)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for number in 1...8 {
                group.addTask { try await channel.deliver(Self.notice("PS-TEST-000\(number)")) }
            }
            try await group.waitForAll()
        }
        let messages = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasPrefix("message-") }
            .map { try String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8) }
        XCTAssertEqual(messages.count, 8)
        for number in 1...8 {
            let id = "PS-TEST-000\(number)"
            let whole = Self.notice(id).text.replacingOccurrences(of: "\n", with: "\r\n")
            XCTAssertEqual(messages.filter { $0.contains("Subject: New peer support request \(id)\r\n") }.count, 1)
            XCTAssertEqual(messages.filter { $0.hasSuffix("\r\n\r\n" + whole) }.count, 1, id)
        }
        XCTAssertEqual(
            try String(contentsOf: folder.appendingPathComponent("arguments"), encoding: .utf8),
            "-v -t -oi\n"
        )
    }

    func testAFailingProgramIsAFailureThatSaysHowItEnded() async throws {
        let sendmail = try program("cat > /dev/null; exit 75")
        do {
            try await channel(sendmail).deliver(Self.notice("PS-TEST-0001"))
            XCTFail("accepted")
        } catch let failure as DeliveryFailure {
            XCTAssertEqual(failure.description, "\(sendmail) ended with exited(75)")
        }
        do {
            try await channel(folder.appendingPathComponent("missing").path).deliver(Self.notice("PS-TEST-0002"))
            XCTFail("accepted")
        } catch let failure as DeliveryFailure {
            XCTAssertTrue(failure.description.hasSuffix("could not be run or did not take the message"))
        }
    }

    /// A relay that ignores SIGTERM: ended with SIGKILL after the grace, and gone when the
    /// delivery returns.
    func testAHangingRelayIsEndedAtTheDeadline() async throws {
        let pidFile = folder.appendingPathComponent("pid")
        let sendmail = try program(
            "trap '' TERM; echo $$ > \"\(pidFile.path)\"; cat > /dev/null; while :; do sleep 1; done"
        )
        let started = Date()
        do {
            try await channel(sendmail, deadline: .seconds(1)).deliver(Self.notice("PS-TEST-0001"))
            XCTFail("accepted")
        } catch let failure as DeliveryFailure {
            XCTAssertEqual(failure.description, "\(sendmail) did not finish within 1.0 seconds")
        }
        let seconds = Date().timeIntervalSince(started)
        XCTAssertGreaterThan(seconds, 1)
        XCTAssertLessThan(seconds, 20, "the deadline (1 s) and the grace after SIGTERM (5 s)")
        let pid = try XCTUnwrap(
            Int32(try String(contentsOf: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines))
        )
        XCTAssertEqual(kill(pid, 0), -1, "the relay's process is gone")
    }
}
