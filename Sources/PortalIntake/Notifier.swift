import Foundation
import Logging

/// One way of telling the team: a chat webhook, email through `sendmail`.
public protocol NotificationChannel: Sendable {
    /// Stored with each notification (`webhook`, `email`).
    var name: String { get }
    /// Throws when the message was not accepted; the error text must name no answers.
    func deliver(_ notice: Notice) async throws
}

/// What a notification says: the reference, the form's language, when, a link to the inbox where
/// there is one, and the answers only where the deployer turned that on knowingly.
public struct Notice: Sendable, Equatable {
    public var requestID: String
    public var language: String
    public var receivedAt: Date
    public var inboxURL: String?
    public var answers: [String: [String]]?

    /// One line for a chat, or an email's first line.
    public var summary: String {
        "New peer support request \(requestID) (form language: \(language)), received "
            + ISO8601DateFormatter().string(from: receivedAt) + "."
    }

    /// The whole message as plain text.
    public var text: String {
        var text = summary + "\n"
        if let inboxURL {
            text += "Read and answer it in the team inbox: \(inboxURL)\n"
        } else {
            text += "Read it with: portal intake export --unhandled\n"
        }
        if let answers {
            text += "\n"
            for key in answers.keys.sorted() {
                text += "\(key): \(answers[key, default: []].joined(separator: "; "))\n"
            }
        }
        return text
    }
}

/// Tells the team about each new request, from the notifications stored with it. It runs beside
/// the server, so a slow or failing channel never delays or loses a request. A failure is retried
/// with growing waits (30 s, 1 min, 2 min, ... at most an hour apart) for as long as it takes,
/// never dropped; `/health` reports a notification that has waited too long.
public struct Notifier: Sendable {
    let store: RequestStore
    let channels: [any NotificationChannel]
    let logger: Logger
    let inboxURL: String?
    let includeAnswers: Bool
    /// This process, in the claims it takes on notifications.
    let claimant: String

    public init(
        store: RequestStore,
        channels: [any NotificationChannel],
        logger: Logger,
        inboxURL: String? = nil,
        includeAnswers: Bool = false,
        claimant: String = UUID().uuidString
    ) {
        self.store = store
        self.channels = channels
        self.logger = logger
        self.inboxURL = inboxURL
        self.includeAnswers = includeAnswers
        self.claimant = claimant
    }

    /// Until cancelled: deliver what is due, then wait a moment.
    public func run(every interval: Duration = .seconds(1)) async {
        while !Task.isCancelled {
            _ = await deliverDue()
            try? await Task.sleep(for: interval)
        }
    }

    /// Delivers every due notification this process could claim; returns how many went out.
    @discardableResult
    public func deliverDue(now: Date = Date()) async -> Int {
        var delivered = 0
        for channel in channels {
            // One claim at a time: a claim's lease (120 s) covers one send (sendmail is stopped
            // after 60 s, the webhook after 10 s), so it cannot run out while earlier items of a
            // batch are sent and let another process send the same notification again.
            while true {
                let item: RequestStore.PendingNotification
                do {
                    guard
                        let next = try store.claimNotifications(
                            channel: channel.name,
                            claimant: claimant,
                            now: now,
                            limit: 1
                        ).first
                    else { break }
                    item = next
                } catch {
                    logger.error("notifications unreadable: \(error)")
                    break
                }
                // The link only while the inbox is served (an account exists); else it leads nowhere.
                let inbox = inboxURL.flatMap { store.hasTeamMembers() ? $0 : nil }
                var notice = Notice(
                    requestID: item.requestID,
                    language: item.language,
                    receivedAt: item.receivedAt,
                    inboxURL: inbox.map { $0 + item.requestID }
                )
                if includeAnswers { notice.answers = try? store.answers(of: item.requestID) }
                do {
                    try await channel.deliver(notice)
                    try store.notificationDelivered(item, claimant: claimant)
                    delivered += 1
                    logger.info("told the team of \(item.requestID) by \(channel.name)")
                } catch {
                    let wait = Self.backoff(afterAttempt: item.attempts + 1)
                    try? store.notificationFailed(
                        item,
                        claimant: claimant,
                        error: "\(error)",
                        retryAt: now.addingTimeInterval(wait)
                    )
                    logger.warning(
                        "\(channel.name) notification for \(item.requestID) failed (attempt \(item.attempts + 1): \(error)); retry in \(Int(wait))s"
                    )
                }
            }
        }
        return delivered
    }

    /// 30 s after the first failure, doubling, at most an hour; never a last attempt.
    public static func backoff(afterAttempt attempt: Int) -> TimeInterval {
        min(3600, 30 * pow(2, Double(min(max(0, attempt - 1), 20))))
    }
}
