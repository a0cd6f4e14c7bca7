import Foundation
import GRDB

/// The rules of signing in to the team inbox, in one place (docs/deploy.md and docs/team-inbox.md
/// state the same numbers).
public enum TeamPolicy {
    /// Failed sign-ins in a row before the account locks (OWASP Authentication Cheat Sheet: lock
    /// out after a small number, for a limited time, so the owner is not shut out for good).
    public static let maxFailures = 5
    public static let lockDuration: TimeInterval = 15 * 60
    /// Every failed sign-in is answered only after this wait, slowing guessing from one address.
    public static let failureDelay: Duration = .seconds(1)
    /// A session not used for this long ends (OWASP Session Management: idle timeout).
    public static let idleTimeout: TimeInterval = 30 * 60
    /// A session ends this long after sign-in however busy it is (absolute timeout).
    public static let absoluteTimeout: TimeInterval = 12 * 60 * 60
}

extension RequestStore {
    /// A session as the inbox sees it; the id itself is only in the person's cookie.
    public struct TeamSession: Sendable, Equatable {
        public var member: String
        public var csrfToken: String
        public var language: String
        let idHash: String
    }

    public enum SignInOutcome: Sendable, Equatable {
        /// The new session's id (for the cookie) and the session.
        case signedIn(id: String, session: TeamSession)
        /// Wrong name, password or code, or a locked account: one answer for all, on purpose.
        case failed
    }

    /// Checks name, password and code. The attempt is counted before the checks run (in one
    /// transaction with the lock test), so parallel guesses cannot slip past the lock; a success
    /// clears the count. A new session id is made at every sign-in.
    public func signIn(
        name: String,
        password: String,
        code: String,
        language: String,
        now: Date = Date()
    ) throws -> SignInOutcome {
        let time = now.timeIntervalSince1970
        let account = try pool.write { db -> (hash: String, secret: String, lastStep: Int?)? in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT password_hash, totp_secret, totp_last_step, failed_attempts, locked_until
                        FROM team_member WHERE name = ?
                        """,
                    arguments: [name]
                )
            else {
                // The typed name is not recorded: it may be a password typed in the wrong box.
                try Self.audit(db, member: nil, action: "sign-in failed (no such account)", at: now)
                return nil
            }
            if let until = row["locked_until"] as Double?, until > time {
                try Self.audit(db, member: name, action: "sign-in refused (account locked)", at: now)
                return nil
            }
            let failures = ((row["locked_until"] as Double?) != nil ? 0 : row["failed_attempts"] as Int) + 1
            let lockUntil: Double? = failures >= TeamPolicy.maxFailures ? time + TeamPolicy.lockDuration : nil
            try db.execute(
                sql: "UPDATE team_member SET failed_attempts = ?, locked_until = ? WHERE name = ?",
                arguments: [failures, lockUntil, name]
            )
            return (row["password_hash"], row["totp_secret"], row["totp_last_step"])
        }
        guard let account else {
            _ = TeamCredentials.verifyPassword(password, hash: TeamCredentials.decoyHash)
            return .failed
        }
        let passwordMatches = TeamCredentials.verifyPassword(password, hash: account.hash)
        let step = TeamCredentials.matchingStep(
            code: code,
            secret: account.secret,
            now: now,
            usedStep: account.lastStep
        )
        return try pool.write { db in
            guard passwordMatches, let step else {
                try Self.audit(db, member: name, action: "sign-in failed", at: now)
                let locked = try Double.fetchOne(
                    db,
                    sql: "SELECT locked_until FROM team_member WHERE name = ?",
                    arguments: [name]
                )
                if locked != nil { try Self.audit(db, member: name, action: "account locked", at: now) }
                return .failed
            }
            // The step is taken only if no other sign-in took it meanwhile: each code works once.
            try db.execute(
                sql: """
                    UPDATE team_member SET failed_attempts = 0, locked_until = NULL, totp_last_step = ?
                    WHERE name = ? AND (totp_last_step IS NULL OR totp_last_step < ?)
                    """,
                arguments: [step, name, step]
            )
            guard db.changesCount == 1 else {
                try Self.audit(db, member: name, action: "sign-in failed", at: now)
                return .failed
            }
            let id = TeamCredentials.randomToken()
            let session = TeamSession(
                member: name,
                csrfToken: TeamCredentials.randomToken(),
                language: language,
                idHash: TeamCredentials.sessionHash(id)
            )
            try db.execute(
                sql: """
                    INSERT INTO team_session (id_hash, member, csrf_token, language, created_at, last_seen_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [session.idHash, name, session.csrfToken, language, time, time]
            )
            try Self.audit(db, member: name, action: "signed in", at: now)
            return .signedIn(id: id, session: session)
        }
    }

    /// The live session with this id, its last use moved to now; nil (and the row deleted) when it
    /// has been idle too long or is older than the absolute limit.
    public func teamSession(id: String, now: Date = Date()) throws -> TeamSession? {
        let hash = TeamCredentials.sessionHash(id)
        let time = now.timeIntervalSince1970
        return try pool.write { db in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql:
                        "SELECT member, csrf_token, language, created_at, last_seen_at FROM team_session WHERE id_hash = ?",
                    arguments: [hash]
                )
            else { return nil }
            let created: Double = row["created_at"]
            let lastSeen: Double = row["last_seen_at"]
            if time - lastSeen > TeamPolicy.idleTimeout || time - created > TeamPolicy.absoluteTimeout {
                try db.execute(sql: "DELETE FROM team_session WHERE id_hash = ?", arguments: [hash])
                return nil
            }
            try db.execute(sql: "UPDATE team_session SET last_seen_at = ? WHERE id_hash = ?", arguments: [time, hash])
            return TeamSession(
                member: row["member"],
                csrfToken: row["csrf_token"],
                language: row["language"],
                idHash: hash
            )
        }
    }

    /// Signing out deletes the session's row: the cookie is worth nothing afterwards.
    public func endTeamSession(_ session: TeamSession, now: Date = Date()) throws {
        try pool.write { db in
            try db.execute(sql: "DELETE FROM team_session WHERE id_hash = ?", arguments: [session.idHash])
            try Self.audit(db, member: session.member, action: "signed out", at: now)
        }
    }

    public func setTeamSessionLanguage(_ session: TeamSession, language: String) throws {
        try pool.write { db in
            try db.execute(
                sql: "UPDATE team_session SET language = ? WHERE id_hash = ?",
                arguments: [language, session.idHash]
            )
        }
    }
}
