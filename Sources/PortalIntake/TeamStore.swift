import Foundation
import GRDB

/// The team's accounts, made on the server by `portal intake team`. Passwords are kept as bcrypt
/// hashes; the TOTP secret must be kept as it is (the server computes the same codes as the phone),
/// which is one more reason the database file is owner-only.
extension RequestStore {
    /// The team inbox's tables. Claims and notes belong to a request and go with it when it is
    /// purged (`ON DELETE CASCADE`, and explicitly in `purge`); audit rows hold only names,
    /// actions and references, and are kept.
    static func registerTeamMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v3-team-inbox") { db in
            try db.execute(
                sql: """
                    CREATE TABLE team_member (
                      name TEXT PRIMARY KEY NOT NULL,
                      password_hash TEXT NOT NULL,
                      totp_secret TEXT NOT NULL,
                      totp_last_step INTEGER,
                      failed_attempts INTEGER NOT NULL DEFAULT 0,
                      locked_until REAL,
                      created_at REAL NOT NULL
                    );
                    CREATE TABLE team_session (
                      id_hash TEXT PRIMARY KEY NOT NULL,
                      member TEXT NOT NULL REFERENCES team_member(name) ON DELETE CASCADE,
                      csrf_token TEXT NOT NULL,
                      language TEXT NOT NULL,
                      created_at REAL NOT NULL,
                      last_seen_at REAL NOT NULL
                    );
                    CREATE INDEX team_session_member ON team_session(member);
                    CREATE TABLE request_state (
                      request_id TEXT PRIMARY KEY NOT NULL REFERENCES request(id) ON DELETE CASCADE,
                      claimed_by TEXT NOT NULL,
                      claimed_at REAL NOT NULL
                    );
                    CREATE TABLE request_note (
                      id INTEGER PRIMARY KEY AUTOINCREMENT,
                      request_id TEXT NOT NULL REFERENCES request(id) ON DELETE CASCADE,
                      author TEXT NOT NULL,
                      written_at REAL NOT NULL,
                      text TEXT NOT NULL
                    );
                    CREATE INDEX request_note_request ON request_note(request_id, written_at);
                    CREATE TABLE audit (
                      id INTEGER PRIMARY KEY AUTOINCREMENT,
                      at REAL NOT NULL,
                      member TEXT,
                      action TEXT NOT NULL,
                      reference TEXT
                    );
                    """
            )
        }
    }

    public struct TeamMember: Sendable, Equatable {
        public var name: String
        public var createdAt: Date
        public var lockedUntil: Date?
        public var failedAttempts: Int
    }

    /// A new account; its TOTP secret is returned once, for the authenticator URI.
    public func addTeamMember(name: String, password: String, cost: UInt8? = nil, now: Date = Date()) throws -> String {
        try checkAccount(name: name, password: password)
        let secret = TeamCredentials.newTOTPSecret()
        let hash = TeamCredentials.hashPassword(password, cost: cost ?? TeamCredentials.defaultCost)
        try pool.write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM team_member WHERE name = ?", arguments: [name]) == true {
                throw IntakeError.usage("there is already an account named \(name) (use 'team reset')")
            }
            try db.execute(
                sql: "INSERT INTO team_member (name, password_hash, totp_secret, created_at) VALUES (?, ?, ?, ?)",
                arguments: [name, hash, secret, now.timeIntervalSince1970]
            )
            try Self.audit(db, member: name, action: "account added", at: now)
        }
        return secret
    }

    /// A new password and a new TOTP secret; the lock is lifted and every session of the account ends.
    public func resetTeamMember(name: String, password: String, cost: UInt8? = nil, now: Date = Date()) throws -> String
    {
        try checkAccount(name: name, password: password)
        let secret = TeamCredentials.newTOTPSecret()
        let hash = TeamCredentials.hashPassword(password, cost: cost ?? TeamCredentials.defaultCost)
        try pool.write { db in
            try db.execute(
                sql: """
                    UPDATE team_member SET password_hash = ?, totp_secret = ?, totp_last_step = NULL,
                      failed_attempts = 0, locked_until = NULL WHERE name = ?
                    """,
                arguments: [hash, secret, name]
            )
            guard db.changesCount == 1 else { throw IntakeError.usage("no account named \(name)") }
            try db.execute(sql: "DELETE FROM team_session WHERE member = ?", arguments: [name])
            try Self.audit(db, member: name, action: "account reset", at: now)
        }
        return secret
    }

    /// Removes the account and its sessions; its claims and notes keep the name they were made under.
    public func removeTeamMember(name: String, now: Date = Date()) throws {
        try pool.write { db in
            try db.execute(sql: "DELETE FROM team_session WHERE member = ?", arguments: [name])
            try db.execute(sql: "DELETE FROM team_member WHERE name = ?", arguments: [name])
            guard db.changesCount == 1 else { throw IntakeError.usage("no account named \(name)") }
            try Self.audit(db, member: name, action: "account removed", at: now)
        }
    }

    public func teamMembers() throws -> [TeamMember] {
        try pool.read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT name, created_at, locked_until, failed_attempts FROM team_member ORDER BY name"
            ).map { row in
                TeamMember(
                    name: row["name"],
                    createdAt: Date(timeIntervalSince1970: row["created_at"]),
                    lockedUntil: (row["locked_until"] as Double?).map(Date.init(timeIntervalSince1970:)),
                    failedAttempts: row["failed_attempts"]
                )
            }
        }
    }

    /// The inbox is served only while this is true.
    public func hasTeamMembers() -> Bool {
        (try? pool.read { db in try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM team_member)") }) == true
    }

    private func checkAccount(name: String, password: String) throws {
        guard TeamCredentials.isValidName(name) else {
            throw IntakeError.usage(
                "'\(name)' cannot be an account name: use 1 to 40 letters, digits, '.', '_' or '-', starting with a letter or digit"
            )
        }
        if let problem = TeamCredentials.passwordProblem(password) { throw IntakeError.usage(problem) }
    }
}
