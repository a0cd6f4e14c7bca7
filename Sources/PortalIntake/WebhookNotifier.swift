import Foundation
import Logging

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Sends one notification; returns the HTTP status. A seam so tests need no network.
public protocol WebhookSender: Sendable {
    func send(_ body: Data, to url: URL) async throws -> Int
}

/// Tells the team's on-call channel that a request arrived, from the outbox table the request was
/// stored with. It runs beside the server, so a slow or failing channel never delays or loses a
/// request: failures are retried with growing waits (30 s, 1 min, 2 min, ... up to 1 hour).
/// The message carries the reference and language only; the answers stay in the database.
public struct WebhookNotifier: Sendable {
    let store: RequestStore
    let url: URL
    let sender: any WebhookSender
    let logger: Logger
    public static let maxAttempts = 20

    public init(store: RequestStore, url: URL, sender: any WebhookSender = URLSessionSender(), logger: Logger) {
        self.store = store
        self.url = url
        self.sender = sender
        self.logger = logger
    }

    /// Until cancelled: deliver what is due, then wait a moment.
    public func run(every interval: Duration = .seconds(2)) async {
        while !Task.isCancelled {
            _ = await deliverDue()
            try? await Task.sleep(for: interval)
        }
    }

    /// Delivers every due notification once; returns how many were delivered.
    @discardableResult
    public func deliverDue(now: Date = Date()) async -> Int {
        let due: [RequestStore.PendingNotification]
        do {
            due = try store.dueNotifications(now: now, maxAttempts: Self.maxAttempts)
        } catch {
            logger.error("outbox unreadable: \(error)")
            return 0
        }
        var delivered = 0
        for item in due {
            let body = Self.message(for: item)
            do {
                let status = try await sender.send(body, to: url)
                guard (200..<300).contains(status) else { throw WebhookFailure.status(status) }
                try store.notificationDelivered(item.requestID, now: now)
                delivered += 1
                logger.info("notified the team of \(item.requestID)")
            } catch {
                let wait = Self.backoff(afterAttempt: item.attempts + 1)
                try? store.notificationFailed(item.requestID, error: "\(error)", retryAt: now.addingTimeInterval(wait))
                logger.warning(
                    "notification for \(item.requestID) failed (attempt \(item.attempts + 1)); retry in \(Int(wait))s")
            }
        }
        return delivered
    }

    /// 30 s after the first failure, doubling, at most an hour.
    public static func backoff(afterAttempt attempt: Int) -> TimeInterval {
        min(3600, 30 * pow(2, Double(max(0, attempt - 1))))
    }

    /// Slack- and Mattermost-style `text`, plus the fields for anything else.
    static func message(for item: RequestStore.PendingNotification) -> Data {
        let payload: [String: String] = [
            "text":
                "New peer support request \(item.requestID) (language: \(item.language)). Open the intake export to read it.",
            "id": item.requestID, "language": item.language,
            "received_at": ISO8601DateFormatter().string(from: item.receivedAt),
        ]
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(payload)) ?? Data()
    }

    enum WebhookFailure: Error, CustomStringConvertible {
        case status(Int)
        var description: String {
            switch self {
            case .status(let code): return "HTTP \(code)"
            }
        }
    }
}

/// POSTs JSON with Foundation's URLSession, 10 s timeout.
public struct URLSessionSender: WebhookSender {
    public init() {}
    public func send(_ body: Data, to url: URL) async throws -> Int {
        var request = URLRequest(url: url, timeoutInterval: 10)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = body
        return try await withCheckedThrowingContinuation { continuation in
            URLSession.shared.dataTask(with: request) { _, response, error in
                if let error {
                    continuation.resume(throwing: error)
                } else {
                    continuation.resume(returning: (response as? HTTPURLResponse)?.statusCode ?? 0)
                }
            }.resume()
        }
    }
}
