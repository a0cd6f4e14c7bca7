import Foundation
import GRDB

/// What the team inbox reads and changes: open requests with their claims, private notes, handled.
/// Each change writes its audit row in the same transaction.
extension RequestStore {
    public struct TeamNote: Sendable, Equatable {
        public var author: String
        public var writtenAt: Date
        public var text: String
    }

    public struct InboxItem: Sendable, Equatable {
        public var request: StoredRequest
        public var claimedBy: String?
        public var claimedAt: Date?
        public var notes: [TeamNote] = []
    }

    /// Requests not yet handled, newest first.
    public func openRequests() throws -> [InboxItem] {
        try pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT r.id, r.received_at, r.language, r.answers, r.handled_at, s.claimed_by, s.claimed_at
                    FROM request r LEFT JOIN request_state s ON s.request_id = r.id
                    WHERE r.handled_at IS NULL ORDER BY r.received_at DESC, r.id
                    """
            ).map(Self.inboxItem)
        }
    }

    /// One request with its claim and notes (oldest note first); nil when there is none.
    public func inboxRequest(_ id: String) throws -> InboxItem? {
        try pool.read { db in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT r.id, r.received_at, r.language, r.answers, r.handled_at, s.claimed_by, s.claimed_at
                        FROM request r LEFT JOIN request_state s ON s.request_id = r.id WHERE r.id = ?
                        """,
                    arguments: [id]
                )
            else { return nil }
            var item = Self.inboxItem(row)
            item.notes = try Row.fetchAll(
                db,
                sql: "SELECT author, written_at, text FROM request_note WHERE request_id = ? ORDER BY written_at, id",
                arguments: [id]
            ).map {
                TeamNote(
                    author: $0["author"],
                    writtenAt: Date(timeIntervalSince1970: $0["written_at"]),
                    text: $0["text"]
                )
            }
            return item
        }
    }

    public enum ClaimOutcome: Sendable, Equatable {
        case claimed
        /// Someone (perhaps the same person) had it already; nothing changed.
        case alreadyClaimed(by: String)
        case notFound
    }

    /// Takes an unclaimed request; a request someone has claimed stays theirs.
    public func claim(_ id: String, by member: String, now: Date = Date()) throws -> ClaimOutcome {
        try pool.write { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM request WHERE id = ?", arguments: [id]) == true else {
                return .notFound
            }
            if let holder = try String.fetchOne(
                db,
                sql: "SELECT claimed_by FROM request_state WHERE request_id = ?",
                arguments: [id]
            ) {
                return .alreadyClaimed(by: holder)
            }
            try db.execute(
                sql: "INSERT INTO request_state (request_id, claimed_by, claimed_at) VALUES (?, ?, ?)",
                arguments: [id, member, now.timeIntervalSince1970]
            )
            try Self.audit(db, member: member, action: "claimed", reference: id, at: now)
            return .claimed
        }
    }

    /// Adds a private note; false when there is no such request. The audit row says a note was
    /// written, never what it says.
    public func addNote(_ id: String, by member: String, text: String, now: Date = Date()) throws -> Bool {
        try pool.write { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM request WHERE id = ?", arguments: [id]) == true else {
                return false
            }
            try db.execute(
                sql: "INSERT INTO request_note (request_id, author, written_at, text) VALUES (?, ?, ?, ?)",
                arguments: [id, member, now.timeIntervalSince1970, text]
            )
            try Self.audit(db, member: member, action: "noted", reference: id, at: now)
            return true
        }
    }

    /// Marks a request handled from the inbox: it leaves the list, and is purged with the others.
    public func markHandled(_ id: String, by member: String, now: Date = Date()) throws -> Bool {
        try pool.write { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM request WHERE id = ?", arguments: [id]) == true else {
                return false
            }
            try db.execute(
                sql: "UPDATE request SET handled_at = ? WHERE id = ? AND handled_at IS NULL",
                arguments: [now.timeIntervalSince1970, id]
            )
            if db.changesCount > 0 { try Self.audit(db, member: member, action: "handled", reference: id, at: now) }
            return true
        }
    }

    /// Records that a member saw a request (or the list, with the references it showed).
    public func recordView(by member: String, action: String, reference: String?, now: Date = Date()) throws {
        try pool.write { db in try Self.audit(db, member: member, action: action, reference: reference, at: now) }
    }

    private static func inboxItem(_ row: Row) -> InboxItem {
        InboxItem(
            request: StoredRequest(row: row),
            claimedBy: row["claimed_by"],
            claimedAt: (row["claimed_at"] as Double?).map(Date.init(timeIntervalSince1970:))
        )
    }
}
