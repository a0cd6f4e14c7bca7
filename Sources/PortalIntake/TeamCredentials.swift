import Crypto
import Foundation
import HummingbirdBcrypt
import HummingbirdOTP

/// The team's secrets, all from kept libraries: bcrypt (hummingbird-auth) for passwords, TOTP
/// (hummingbird-auth, RFC 6238: 6 digits, 30 s, SHA-1 as authenticator apps expect) for codes,
/// the system's random generator for ids and tokens, SHA-256 (swift-crypto) for stored session ids.
enum TeamCredentials {
    static let minimumPasswordLength = 12
    /// bcrypt reads at most 72 bytes: a longer password would silently lose its end.
    static let maximumPasswordBytes = 72
    static let issuer = "Peer Portal"
    static let codeDigits = 6
    static let codePeriod = 30
    /// bcrypt's work factor: 2^12 rounds, about a quarter of a second per check on a server core.
    static let defaultCost: UInt8 = 12

    /// A name the team signs in with: short, and safe in a URL label, a log line and a terminal.
    static func isValidName(_ name: String) -> Bool {
        name.range(of: "^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$", options: .regularExpression) != nil
    }

    /// Why a password is refused, or nil.
    static func passwordProblem(_ password: String) -> String? {
        if password.count < minimumPasswordLength {
            return "the password must be \(minimumPasswordLength) characters at least"
        }
        if password.utf8.count > maximumPasswordBytes {
            return "the password must be \(maximumPasswordBytes) bytes at most (bcrypt ignores the rest)"
        }
        if password.utf8.contains(0) { return "the password must not contain a NUL character" }
        return nil
    }

    static func hashPassword(_ password: String, cost: UInt8 = defaultCost) -> String {
        Bcrypt.hash(password, cost: cost)
    }

    static func verifyPassword(_ password: String, hash: String) -> Bool {
        Bcrypt.verify(password, hash: hash)
    }

    /// Checked against when the name is unknown, so that a guess at a name takes as long as a guess
    /// at a password and the timing does not tell which names exist.
    static let decoyHash = Bcrypt.hash(randomToken(), cost: defaultCost)

    /// 32 random bytes, base64url without padding (43 characters).
    static func randomToken(bytes count: Int = 32) -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// What the database keeps of a session id: a stolen copy of the database opens no session.
    static func sessionHash(_ id: String) -> String {
        SHA256.hash(data: Data(id.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// The TOTP secret as hummingbird-auth takes it (a string whose UTF-8 bytes are the key):
    /// 24 random bytes in base64url, 192 bits.
    static func newTOTPSecret() -> String { randomToken(bytes: 24) }

    /// `otpauth://totp/Peer%20Portal:NAME?secret=...&issuer=Peer%20Portal&digits=6&period=30`, for an
    /// authenticator app (most read it from a QR code: `qrencode -t ansiutf8 'URI'`).
    static func authenticatorURI(name: String, secret: String) -> String {
        TOTP(secret: secret, length: codeDigits, timeStep: codePeriod)
            .createAuthenticatorURL(label: "\(issuer):\(name)", issuer: issuer)
            + "&digits=\(codeDigits)&period=\(codePeriod)"
    }

    /// The time step a code belongs to: this one, or the one before or after (a phone's clock may
    /// be a little off); nil when it matches none. A step at or before `usedStep` is refused, so a
    /// code seen over someone's shoulder cannot be used again.
    static func matchingStep(code: String, secret: String, now: Date, usedStep: Int?) -> Int? {
        let digits = code.filter { !$0.isWhitespace }
        guard digits.count == codeDigits, digits.allSatisfy(\.isASCII), let value = Int(digits) else { return nil }
        let totp = TOTP(secret: secret, length: codeDigits, timeStep: codePeriod)
        let current = Int(now.timeIntervalSince1970) / codePeriod
        for step in [current, current - 1, current + 1] where step > (usedStep ?? Int.min) {
            let date = Date(timeIntervalSince1970: TimeInterval(step * codePeriod))
            if totp.compute(date: date) == value { return step }
        }
        return nil
    }

    /// Compares without stopping at the first difference (CSRF tokens).
    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for index in x.indices { difference |= x[index] ^ y[index] }
        return difference == 0
    }
}

/// The authenticator URI for `portal intake team add` and `reset`.
public enum TeamAuthenticator {
    public static func uri(name: String, secret: String) -> String {
        TeamCredentials.authenticatorURI(name: name, secret: secret)
    }
}
