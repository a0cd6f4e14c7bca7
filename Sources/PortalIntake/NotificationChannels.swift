import Foundation
import Subprocess

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// POSTs Slack- and Mattermost-style JSON (`text`, plus the fields for anything else) to a URL.
public struct WebhookChannel: NotificationChannel {
    public let name = "webhook"
    let url: URL

    public init(url: URL) { self.url = url }

    public func deliver(_ notice: Notice) async throws {
        var payload: [String: String] = [
            "text": notice.text.trimmingCharacters(in: .newlines), "id": notice.requestID,
            "language": notice.language, "received_at": ISO8601DateFormatter().string(from: notice.receivedAt),
        ]
        if let inbox = notice.inboxURL { payload["url"] = inbox }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var request = URLRequest(url: url, timeoutInterval: 10)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = try encoder.encode(payload)
        let status: Int = try await withCheckedThrowingContinuation { continuation in
            URLSession.shared.dataTask(with: request) { _, response, error in
                if let error {
                    continuation.resume(
                        throwing: DeliveryFailure("no answer from the webhook (\(error.localizedDescription))")
                    )
                } else {
                    continuation.resume(returning: (response as? HTTPURLResponse)?.statusCode ?? 0)
                }
            }.resume()
        }
        guard (200..<300).contains(status) else { throw DeliveryFailure("webhook answered HTTP \(status)") }
    }
}

/// Email through the system's `sendmail` interface (Postfix, msmtp, the county's relay...): the
/// message goes to `COMMAND -t -oi` on standard input, and exit status 0 means accepted.
public struct EmailChannel: NotificationChannel {
    public let name = "email"
    let recipients: [String]
    let sender: String
    /// The program and its own arguments, e.g. `["/usr/sbin/sendmail"]` or `["msmtp", "-C", "file"]`.
    let command: [String]
    /// A relay that hangs must not hold the notification forever (the claim's lease is 120 s).
    let deadline: Duration

    public init(recipients: [String], sender: String, command: [String], deadline: Duration = .seconds(60)) {
        self.recipients = recipients
        self.sender = sender
        self.command = command
        self.deadline = deadline
    }

    /// The RFC 5322 message: plain text, UTF-8, marked as sent by a program (no auto-replies).
    public func message(_ notice: Notice, date: Date = Date()) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        let headers = [
            "From: \(sender)", "To: \(recipients.joined(separator: ", "))",
            "Subject: New peer support request \(notice.requestID)", "Date: \(formatter.string(from: date))",
            "Message-ID: <\(notice.requestID).\(Int(date.timeIntervalSince1970))@portal-intake>",
            "Auto-Submitted: auto-generated", "MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: 8bit",
        ]
        return headers.joined(separator: "\r\n") + "\r\n\r\n"
            + notice.text.replacingOccurrences(of: "\n", with: "\r\n")
    }

    public func deliver(_ notice: Notice) async throws {
        guard let program = command.first else { throw DeliveryFailure("no sendmail command") }
        let executable: Executable = program.hasPrefix("/") ? .path(.init(program)) : .name(program)
        let arguments = Arguments(Array(command.dropFirst()) + ["-t", "-oi"])
        let message = Data(message(notice).utf8)
        // Past the deadline the run is cancelled, and swift-subprocess ends the program (TERM, 5 s, KILL).
        let options = {
            var options = PlatformOptions()
            options.teardownSequence = [.gracefulShutDown(allowedDurationToNextStep: .seconds(5))]
            return options
        }()
        let deadline = deadline
        let status = try await withThrowingTaskGroup(of: TerminationStatus?.self) { group in
            group.addTask {
                do {
                    return try await Subprocess.run(
                        executable,
                        arguments: arguments,
                        platformOptions: options,
                        input: .data(message),
                        output: .discarded,
                        error: .discarded
                    ).terminationStatus
                } catch let error as CancellationError {
                    throw error
                } catch {
                    // Not found, not executable, or gone before it read the whole message.
                    throw DeliveryFailure("\(program) could not be run or did not take the message")
                }
            }
            group.addTask {
                try await Task.sleep(for: deadline)
                return nil
            }
            defer { group.cancelAll() }
            return try await group.next() ?? nil
        }
        guard let status else { throw DeliveryFailure("\(program) did not finish within \(deadline)") }
        guard status.isSuccess else { throw DeliveryFailure("\(program) ended with \(status)") }
    }
}

/// Why a notification was not accepted: never an answer, only what the channel said.
public struct DeliveryFailure: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
