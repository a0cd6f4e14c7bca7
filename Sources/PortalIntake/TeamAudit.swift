import Foundation
import GRDB

/// Who signed in, viewed, claimed, noted and handled which reference, and when. It holds names,
/// actions and references only: never an answer, a note's text, a typed password or name. Rows
/// outlive the requests they name (a reference alone says nothing about a person).
extension RequestStore {
    public struct AuditEntry: Sendable, Equatable {
        public var at: Date
        public var member: String?
        public var action: String
        public var reference: String?

        /// `2025-03-01T10:12:03Z  maria  claimed  PS-7K3M-Q9XD`
        public var line: String {
            [ISO8601DateFormatter().string(from: at), member ?? "-", action, reference ?? ""]
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
    }

    static func audit(_ db: Database, member: String?, action: String, reference: String? = nil, at: Date) throws {
        try db.execute(
            sql: "INSERT INTO audit (at, member, action, reference) VALUES (?, ?, ?, ?)",
            arguments: [at.timeIntervalSince1970, member, action, reference]
        )
    }

    /// The whole log, oldest first.
    public func auditLog() throws -> [AuditEntry] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT at, member, action, reference FROM audit ORDER BY at, id").map { row in
                AuditEntry(
                    at: Date(timeIntervalSince1970: row["at"]),
                    member: row["member"],
                    action: row["action"],
                    reference: row["reference"]
                )
            }
        }
    }
}
