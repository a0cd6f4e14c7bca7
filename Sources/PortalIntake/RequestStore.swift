import Foundation
import GRDB

/// The requests, in one SQLite file. A request is acknowledged only after `store` returns, and
/// `store` returns only after the transaction is committed with `synchronous=FULL` in WAL mode:
/// the commit is on disk, so a crash right after the answer loses nothing.
public final class RequestStore: Sendable {
    public let path: String
    let pool: DatabasePool

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

    /// Opens (creating with owner-only permissions when missing, unless `mustExist`) and migrates
    /// the database. The team's commands pass `mustExist`: a mistyped `--db` must not quietly
    /// make an empty database and report nothing to do.
    public init(path: String, mustExist: Bool = false) throws {
        self.path = path
        if mustExist && !FileManager.default.fileExists(atPath: path) {
            throw IntakeError.usage("no database at \(path): check --db (it is the file 'portal intake serve' uses)")
        }
        try Self.createPrivately(path)
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            // Deleted rows are overwritten, not just unlinked from the b-tree.
            try db.execute(sql: "PRAGMA secure_delete = ON")
        }
        pool = try DatabasePool(path: path, configuration: configuration)
        // GRDB's pool sets `synchronous = NORMAL` on its writer when it turns WAL on, after
        // `prepareDatabase` has run; NORMAL does not sync the WAL at each commit, so a power cut
        // could lose acknowledged requests. Set FULL on the writer itself, then read it back.
        try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        let level = try writerSynchronousLevel()
        guard level == 2 else {
            throw IntakeError.storage("SQLite refused synchronous=FULL on \(path) (it says \(level)); not serving")
        }
        try Self.migrator.migrate(pool)
        Self.tightenCompanions(path)
    }

    /// `PRAGMA synchronous` as the writer connection, the one that commits requests, runs it
    /// (2 = FULL: the WAL is synced before each commit returns).
    public func writerSynchronousLevel() throws -> Int {
        try pool.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1 }
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
                    """
            )
        }
        // One notification per request and channel (webhook, email), claimed by the process that
        // sends it; a heartbeat row that /health writes to prove the database takes writes.
        migrator.registerMigration("v2-notifications") { db in
            try db.execute(
                sql: """
                    CREATE TABLE notification (
                      request_id TEXT NOT NULL REFERENCES request(id) ON DELETE CASCADE,
                      channel TEXT NOT NULL,
                      created_at REAL NOT NULL,
                      attempts INTEGER NOT NULL DEFAULT 0,
                      next_attempt_at REAL NOT NULL,
                      last_error TEXT,
                      delivered_at REAL,
                      claimed_by TEXT,
                      claimed_until REAL,
                      PRIMARY KEY (request_id, channel)
                    );
                    CREATE INDEX notification_due ON notification(delivered_at, next_attempt_at);
                    INSERT INTO notification
                      (request_id, channel, created_at, attempts, next_attempt_at, last_error, delivered_at)
                      SELECT o.request_id, 'webhook', r.received_at, o.attempts, o.next_attempt_at, o.last_error,
                        o.delivered_at
                      FROM outbox o JOIN request r ON r.id = o.request_id;
                    DROP TABLE outbox;
                    CREATE TABLE heartbeat (id INTEGER PRIMARY KEY CHECK (id = 1), at REAL NOT NULL);
                    INSERT INTO heartbeat (id, at) VALUES (1, 0);
                    """
            )
        }
        registerTeamMigrations(&migrator)
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
        tightenCompanions(path)
    }

    /// A `-wal` or `-shm` file left by an earlier run keeps its own mode; make it owner-only too.
    static func tightenCompanions(_ path: String) {
        for suffix in ["-wal", "-shm"] { chmod(path + suffix, 0o600) }
    }

    // MARK: - Storing

    /// Stores a valid request, or finds the one it repeats. Returns once committed to disk.
    public func store(
        answers: [String: [String]],
        language: String,
        idempotencyKey: String?,
        now: Date = Date(),
        dedupeWindow: TimeInterval,
        notify channels: [String]
    ) async throws -> Outcome {
        let canonical = try Self.canonicalJSON(answers)
        let hash = Self.contentHash(language + "\u{0}" + canonical)
        return try await pool.write { db in
            var idempotencyKey = idempotencyKey
            if let key = idempotencyKey,
                let row = try Row.fetchOne(
                    db,
                    sql: "SELECT id, language, answers FROM request WHERE idempotency_key = ?",
                    arguments: [key]
                )
            {
                if row["language"] == language && row["answers"] == canonical { return .duplicate(row["id"]) }
                // The same page sent again with other answers (Back, an edit, Send): a new request,
                // not the old reference with the edit dropped. Its own repeats are caught below.
                idempotencyKey = nil
            }
            if idempotencyKey == nil,
                let id = try String.fetchOne(
                    db,
                    sql: """
                        SELECT id FROM request WHERE content_hash = ? AND received_at >= ?
                          AND language = ? AND answers = ? AND idempotency_key IS NULL LIMIT 1
                        """,
                    arguments: [hash, now.timeIntervalSince1970 - dedupeWindow, language, canonical]
                )
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
                arguments: [id, now.timeIntervalSince1970, language, canonical, idempotencyKey, hash]
            )
            // In the same transaction: a stored request always has its notifications waiting.
            for channel in channels {
                try db.execute(
                    sql:
                        "INSERT INTO notification (request_id, channel, created_at, next_attempt_at) VALUES (?, ?, ?, ?)",
                    arguments: [id, channel, now.timeIntervalSince1970, now.timeIntervalSince1970]
                )
            }
            return .created(id)
        }
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

    /// How many requests are open and how many handled, counted by SQLite (`status` reads no answers).
    public func counts() throws -> (open: Int, handled: Int) {
        try pool.read { db in
            let row = try Row.fetchOne(
                db,
                sql: "SELECT count(*) FILTER (WHERE handled_at IS NULL), count(handled_at) FROM request"
            )
            return (row?[0] ?? 0, row?[1] ?? 0)
        }
    }

    /// Marks a request handled; false when there is no request with that reference.
    public func markHandled(_ id: String, now: Date = Date()) throws -> Bool {
        try pool.write { db in
            try db.execute(
                sql: "UPDATE request SET handled_at = ? WHERE id = ? AND handled_at IS NULL",
                arguments: [now.timeIntervalSince1970, id]
            )
            if db.changesCount > 0 { return true }
            return try Bool.fetchOne(db, sql: "SELECT 1 FROM request WHERE id = ?", arguments: [id]) == true
        }
    }

    /// What `purge` did: how many requests it deleted, and whether their answers have left the
    /// disk (`forgotten`), or why not yet.
    public struct PurgeResult: Sendable, Equatable {
        public var deleted: Int
        public var forgotten: Bool
        public var reason: String?
    }

    /// Deletes requests received before `cutoff` (with their notifications, claims and notes), then moves every page
    /// out of the WAL and truncates it, so no copy of the answers stays in the `-wal` file.
    /// `secure_delete` zeroes the freed space in the database file itself. A reader holding an
    /// old snapshot (an export, a backup) keeps the checkpoint from finishing: then `forgotten` is
    /// false and the reason says so; run it again once that reader is done.
    public func purge(receivedBefore cutoff: Date) throws -> PurgeResult {
        let count = try pool.write { db in
            // Notifications, and the team's claims and notes (written about the person), go with the
            // request; the audit keeps only references, so its rows stay.
            for table in ["notification", "request_state", "request_note"] {
                try db.execute(
                    sql: "DELETE FROM \(table) WHERE request_id IN (SELECT id FROM request WHERE received_at < ?)",
                    arguments: [cutoff.timeIntervalSince1970]
                )
            }
            try db.execute(sql: "DELETE FROM request WHERE received_at < ?", arguments: [cutoff.timeIntervalSince1970])
            return db.changesCount
        }
        let unforgotten = try checkpointProblem()
        return PurgeResult(deleted: count, forgotten: unforgotten == nil, reason: unforgotten)
    }

    /// Runs `PRAGMA wal_checkpoint(TRUNCATE)`; nil when every frame was moved and the `-wal` file
    /// is empty, else why not (a reader holding an older snapshot blocks it).
    func checkpointProblem() throws -> String? {
        let row = try pool.writeWithoutTransaction { db in
            try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)")
        }
        let (busy, logFrames, moved): (Int, Int, Int) = (row?[0] ?? 1, row?[1] ?? -1, row?[2] ?? -1)
        let walBytes = (try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) ?? 0
        guard busy != 0 || moved < logFrames || walBytes > 0 else { return nil }
        return "another connection is reading the database (an export, a backup, the service's own reader), "
            + "so the write-ahead log still holds \(walBytes) bytes that may contain deleted answers"
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
