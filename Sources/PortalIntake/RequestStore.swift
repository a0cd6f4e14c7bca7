import Foundation
import GRDB

/// The requests, in one SQLite file. A request is acknowledged only after `store` returns, and
/// `store` returns only after the transaction is committed with `synchronous=FULL` in WAL mode:
/// the commit is on disk, so a crash right after the answer loses nothing.
public final class RequestStore: Sendable {
    public let path: String
    private let pool: DatabasePool

    public enum Outcome: Sendable, Equatable {
        case created(String)
        /// The same request was already stored (same idempotency key, or the same answers within
        /// the dedupe window when there was no key): its reference, nothing new stored.
        case duplicate(String)
        public var id: String {
            switch self {
            case .created(let id), .duplicate(let id): return id
            }
        }
    }

    /// Opens (creating with owner-only permissions when missing) and migrates the database.
    public init(path: String) throws {
        self.path = path
        try Self.createPrivately(path)
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            // Every commit reaches the disk before the answer is sent; deleted rows are overwritten.
            try db.execute(sql: "PRAGMA synchronous = FULL; PRAGMA secure_delete = ON")
        }
        pool = try DatabasePool(path: path, configuration: configuration)
        try Self.migrator.migrate(pool)
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE request (
                      id TEXT PRIMARY KEY NOT NULL,
                      received_at REAL NOT NULL,
                      language TEXT NOT NULL,
                      answers TEXT NOT NULL,
                      idempotency_key TEXT UNIQUE,
                      content_hash TEXT NOT NULL,
                      handled_at REAL
                    );
                    CREATE INDEX request_content ON request(content_hash, received_at);
                    CREATE INDEX request_received ON request(received_at);
                    CREATE TABLE outbox (
                      request_id TEXT PRIMARY KEY NOT NULL REFERENCES request(id) ON DELETE CASCADE,
                      attempts INTEGER NOT NULL DEFAULT 0,
                      next_attempt_at REAL NOT NULL,
                      last_error TEXT,
                      delivered_at REAL
                    );
                    CREATE INDEX outbox_due ON outbox(delivered_at, next_attempt_at);
                    """)
        }
        return migrator
    }

    /// SQLite gives the `-wal` and `-shm` files the database file's mode, so creating the database
    /// as 0600 keeps all three private; an existing file that others can read is tightened.
    static func createPrivately(_ path: String) throws {
        let descriptor = open(path, O_CREAT | O_WRONLY | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw IntakeError.storage("cannot create the database file \(path): \(String(cString: strerror(errno)))")
        }
        fchmod(descriptor, 0o600)
        close(descriptor)
    }

    // MARK: - Storing

    /// Stores a valid request, or finds the one it repeats. Returns once committed to disk.
    public func store(
        answers: [String: [String]], language: String, idempotencyKey: String?, now: Date = Date(),
        dedupeWindow: TimeInterval, notify: Bool
    ) async throws -> Outcome {
        let canonical = try Self.canonicalJSON(answers)
        let hash = Self.contentHash(language + "\u{0}" + canonical)
        return try await pool.write { db in
            if let key = idempotencyKey,
                let id = try String.fetchOne(
                    db, sql: "SELECT id FROM request WHERE idempotency_key = ?", arguments: [key])
            {
                return .duplicate(id)
            }
            if idempotencyKey == nil,
                let id = try String.fetchOne(
                    db,
                    sql: """
                        SELECT id FROM request WHERE content_hash = ? AND received_at >= ?
                          AND language = ? AND answers = ? AND idempotency_key IS NULL LIMIT 1
                        """,
                    arguments: [hash, now.timeIntervalSince1970 - dedupeWindow, language, canonical])
            {
                return .duplicate(id)
            }
            var id = ReferenceID.make()
            while try Bool.fetchOne(db, sql: "SELECT 1 FROM request WHERE id = ?", arguments: [id]) == true {
                id = ReferenceID.make()
            }
            try db.execute(
                sql: """
                    INSERT INTO request (id, received_at, language, answers, idempotency_key, content_hash)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [id, now.timeIntervalSince1970, language, canonical, idempotencyKey, hash])
            if notify {
                try db.execute(
                    sql: "INSERT INTO outbox (request_id, next_attempt_at) VALUES (?, ?)",
                    arguments: [id, now.timeIntervalSince1970])
            }
            return .created(id)
        }
    }

    /// Cheap liveness check for `/health`.
    public func isReadable() async -> Bool {
        (try? await pool.read { db in try Int.fetchOne(db, sql: "SELECT 1") }) == 1
    }

    // MARK: - The team's commands

    public func all(includeHandled: Bool = true) throws -> [StoredRequest] {
        try pool.read { db in
            let sql =
                "SELECT id, received_at, language, answers, handled_at FROM request"
                + (includeHandled ? "" : " WHERE handled_at IS NULL") + " ORDER BY received_at, id"
            return try Row.fetchAll(db, sql: sql).map(StoredRequest.init(row:))
        }
    }

    /// Marks a request handled; false when there is no request with that reference.
    public func markHandled(_ id: String, now: Date = Date()) throws -> Bool {
        try pool.write { db in
            try db.execute(
                sql: "UPDATE request SET handled_at = ? WHERE id = ? AND handled_at IS NULL",
                arguments: [now.timeIntervalSince1970, id])
            if db.changesCount > 0 { return true }
            return try Bool.fetchOne(db, sql: "SELECT 1 FROM request WHERE id = ?", arguments: [id]) == true
        }
    }

    /// Deletes requests received before `cutoff` (with their notifications); returns how many.
    public func purge(receivedBefore cutoff: Date) throws -> Int {
        let count = try pool.write { db in
            try db.execute(
                sql: "DELETE FROM outbox WHERE request_id IN (SELECT id FROM request WHERE received_at < ?)",
                arguments: [cutoff.timeIntervalSince1970])
            try db.execute(sql: "DELETE FROM request WHERE received_at < ?", arguments: [cutoff.timeIntervalSince1970])
            return db.changesCount
        }
        // Move the deleted pages out of the WAL too, so the old answers leave the disk now.
        try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        return count
    }

    // MARK: - Outbox

    public struct PendingNotification: Sendable, Equatable {
        public var requestID: String
        public var language: String
        public var receivedAt: Date
        public var attempts: Int
    }

    public func dueNotifications(now: Date = Date(), maxAttempts: Int, limit: Int = 20) throws -> [PendingNotification]
    {
        try pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT o.request_id, o.attempts, r.language, r.received_at FROM outbox o
                    JOIN request r ON r.id = o.request_id
                    WHERE o.delivered_at IS NULL AND o.next_attempt_at <= ? AND o.attempts < ?
                    ORDER BY o.next_attempt_at LIMIT ?
                    """,
                arguments: [now.timeIntervalSince1970, maxAttempts, limit]
            ).map { row in
                PendingNotification(
                    requestID: row["request_id"], language: row["language"],
                    receivedAt: Date(timeIntervalSince1970: row["received_at"]), attempts: row["attempts"])
            }
        }
    }

    public func notificationDelivered(_ id: String, now: Date = Date()) throws {
        try pool.write { db in
            try db.execute(
                sql:
                    "UPDATE outbox SET delivered_at = ?, attempts = attempts + 1, last_error = NULL WHERE request_id = ?",
                arguments: [now.timeIntervalSince1970, id])
        }
    }

    public func notificationFailed(_ id: String, error: String, retryAt: Date) throws {
        try pool.write { db in
            try db.execute(
                sql:
                    "UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE request_id = ?",
                arguments: [String(error.prefix(200)), retryAt.timeIntervalSince1970, id])
        }
    }

    public struct OutboxState: Sendable, Equatable {
        public var attempts: Int
        public var delivered: Bool
        public var nextAttemptAt: Date
    }

    public func outboxState(_ id: String) throws -> OutboxState? {
        try pool.read { db in
            try Row.fetchOne(
                db, sql: "SELECT attempts, delivered_at, next_attempt_at FROM outbox WHERE request_id = ?",
                arguments: [id]
            )
            .map { row in
                OutboxState(
                    attempts: row["attempts"], delivered: (row["delivered_at"] as Double?) != nil,
                    nextAttemptAt: Date(timeIntervalSince1970: row["next_attempt_at"]))
            }
        }
    }

    // MARK: - Helpers

    static func canonicalJSON(_ answers: [String: [String]]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(answers), as: UTF8.self)
    }

    /// FNV-1a, 64 bits: only narrows the search; the dedupe query compares the answers themselves.
    static func contentHash(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return String(hash, radix: 16)
    }
}

/// One request as the team sees it in an export.
public struct StoredRequest: Sendable, Equatable {
    public var id: String
    public var receivedAt: Date
    public var language: String
    public var answers: [String: [String]]
    public var handledAt: Date?

    init(row: Row) {
        id = row["id"]
        receivedAt = Date(timeIntervalSince1970: row["received_at"])
        language = row["language"]
        let text: String = row["answers"]
        answers = (try? JSONDecoder().decode([String: [String]].self, from: Data(text.utf8))) ?? [:]
        handledAt = (row["handled_at"] as Double?).map(Date.init(timeIntervalSince1970:))
    }
}

public enum IntakeError: Error, CustomStringConvertible, Sendable {
    case storage(String)
    case usage(String)
    public var description: String {
        switch self {
        case .storage(let message), .usage(let message): return message
        }
    }
}
