import Foundation

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

    public init(recipients: [String], sender: String, command: [String]) {
        self.recipients = recipients
        self.sender = sender
        self.command = command
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
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program.hasPrefix("/") ? program : "/usr/bin/env")
        process.arguments = (program.hasPrefix("/") ? [] : [program]) + command.dropFirst() + ["-t", "-oi"]
        let input = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: DeliveryFailure("cannot run \(program)"))
                return
            }
            // The throwing write: a sendmail that exits before reading gives an error (SIGPIPE is
            // ignored), which the exit status then reports; the non-throwing one would trap.
            try? input.fileHandleForWriting.write(contentsOf: Data(message(notice).utf8))
            try? input.fileHandleForWriting.close()
            // A relay that hangs must not hold the notification forever: the claim's lease is 120 s.
            DispatchQueue.global().asyncAfter(deadline: .now() + 60) { if process.isRunning { process.terminate() } }
        }
        guard status == 0 else { throw DeliveryFailure("\(program) exited with status \(status)") }
    }
}

/// Why a notification was not accepted: never an answer, only what the channel said.
public struct DeliveryFailure: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
