import Foundation
import GRDB

/// The notifications waiting to be sent, one per request and channel. A process sends only what it
/// has claimed (a lease, renewed by nobody), so two services on one database never send the same
/// notification twice; a process that dies mid-send leaves its claim to expire and be retried.
extension RequestStore {
    public struct PendingNotification: Sendable, Equatable {
        public var requestID: String
        public var channel: String
        public var language: String
        public var receivedAt: Date
        public var attempts: Int
    }

    /// Claims up to `limit` due notifications of `channel` for `claimant`, for `lease` seconds.
    public func claimNotifications(
        channel: String,
        claimant: String,
        now: Date = Date(),
        lease: TimeInterval = 120,
        limit: Int = 20
    ) throws -> [PendingNotification] {
        let time = now.timeIntervalSince1970
        return try pool.write { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT n.request_id, n.attempts, r.language, r.received_at FROM notification n
                    JOIN request r ON r.id = n.request_id
                    WHERE n.channel = ? AND n.delivered_at IS NULL AND n.next_attempt_at <= ?
                      AND (n.claimed_until IS NULL OR n.claimed_until < ?)
                    ORDER BY n.next_attempt_at, n.request_id LIMIT ?
                    """,
                arguments: [channel, time, time, limit]
            )
            for row in rows {
                try db.execute(
                    sql:
                        "UPDATE notification SET claimed_by = ?, claimed_until = ? WHERE request_id = ? AND channel = ?",
                    arguments: [claimant, time + lease, row["request_id"] as String, channel]
                )
            }
            return rows.map { row in
                PendingNotification(
                    requestID: row["request_id"],
                    channel: channel,
                    language: row["language"],
                    receivedAt: Date(timeIntervalSince1970: row["received_at"]),
                    attempts: row["attempts"]
                )
            }
        }
    }

    /// Records a delivery; false when the claim was no longer this claimant's.
    @discardableResult
    public func notificationDelivered(_ item: PendingNotification, claimant: String, now: Date = Date()) throws -> Bool
    {
        try pool.write { db in
            try db.execute(
                sql: """
                    UPDATE notification SET delivered_at = ?, attempts = attempts + 1, last_error = NULL,
                      claimed_by = NULL, claimed_until = NULL
                    WHERE request_id = ? AND channel = ? AND claimed_by = ?
                    """,
                arguments: [now.timeIntervalSince1970, item.requestID, item.channel, claimant]
            )
            return db.changesCount == 1
        }
    }

    /// Records a failure (the error names no answers: a status, an exit code) and when to retry.
    public func notificationFailed(
        _ item: PendingNotification,
        claimant: String,
        error: String,
        retryAt: Date
    ) throws {
        try pool.write { db in
            try db.execute(
                sql: """
                    UPDATE notification SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?,
                      claimed_by = NULL, claimed_until = NULL
                    WHERE request_id = ? AND channel = ? AND claimed_by = ?
                    """,
                arguments: [
                    String(error.prefix(200)), retryAt.timeIntervalSince1970, item.requestID, item.channel, claimant,
                ]
            )
        }
    }

    public struct NotificationState: Sendable, Equatable {
        public var attempts: Int
        public var delivered: Bool
        public var nextAttemptAt: Date
        public var lastError: String?
    }

    public func notificationState(_ id: String, channel: String) throws -> NotificationState? {
        try pool.read { db in
            try Row.fetchOne(
                db,
                sql: """
                    SELECT attempts, delivered_at, next_attempt_at, last_error FROM notification
                    WHERE request_id = ? AND channel = ?
                    """,
                arguments: [id, channel]
            )
            .map { row in
                NotificationState(
                    attempts: row["attempts"],
                    delivered: (row["delivered_at"] as Double?) != nil,
                    nextAttemptAt: Date(timeIntervalSince1970: row["next_attempt_at"]),
                    lastError: row["last_error"]
                )
            }
        }
    }

    /// What waits to be sent, per channel, for `status` and `/health`.
    public struct Backlog: Sendable, Equatable {
        public var channel: String
        public var waiting: Int
        public var oldest: Date?
        public var lastError: String?
    }

    public func backlog() throws -> [Backlog] {
        try pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT channel, COUNT(*) AS waiting, MIN(created_at) AS oldest,
                      (SELECT last_error FROM notification m WHERE m.channel = n.channel AND m.delivered_at IS NULL
                         AND m.last_error IS NOT NULL ORDER BY m.next_attempt_at DESC LIMIT 1) AS last_error
                    FROM notification n WHERE delivered_at IS NULL GROUP BY channel ORDER BY channel
                    """
            ).map { row in
                Backlog(
                    channel: row["channel"],
                    waiting: row["waiting"],
                    oldest: (row["oldest"] as Double?).map(Date.init(timeIntervalSince1970:)),
                    lastError: row["last_error"]
                )
            }
        }
    }

    /// Why the service is not well, or nil: the database does not take a write, or a notification
    /// has waited longer than `stalledAfter` (the team is not hearing about a request).
    public func healthProblem(now: Date = Date(), stalledAfter: TimeInterval = 120) async -> String? {
        do {
            try await pool.write { db in
                try db.execute(sql: "UPDATE heartbeat SET at = ? WHERE id = 1", arguments: [now.timeIntervalSince1970])
            }
        } catch {
            return "the database does not accept writes"
        }
        guard let backlog = try? backlog() else { return "the database cannot be read" }
        let stalled = backlog.filter { ($0.oldest.map { now.timeIntervalSince($0) } ?? 0) > stalledAfter }
        guard !stalled.isEmpty else { return nil }
        return "notifications are not getting through: "
            + stalled.map { item in
                let minutes = Int(now.timeIntervalSince(item.oldest ?? now) / 60)
                return "\(item.channel): \(item.waiting) waiting, the oldest for \(minutes) min"
                    + (item.lastError.map { " (last error: \($0))" } ?? "")
            }.joined(separator: "; ")
    }

    /// The answers of one request, for a notification that a deployer chose to send them in.
    public func answers(of id: String) throws -> [String: [String]]? {
        try pool.read { db in
            try String.fetchOne(db, sql: "SELECT answers FROM request WHERE id = ?", arguments: [id])
                .flatMap { try? JSONDecoder().decode([String: [String]].self, from: Data($0.utf8)) }
        }
    }
}
