import Foundation
import PortalSupport

/// Addresses the checker does not follow but can still see are broken: an empty or malformed
/// `mailto:` or `tel:`, an `http(s):` address with no host or with spaces. A person who follows
/// one gets an error from their phone or mail program, or nothing at all.
enum AddressSyntax {
    struct Problem {
        let message: String
        let hint: String
    }

    static func problem(_ raw: String) -> Problem? {
        let address = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let colon = address.firstIndex(of: ":") else { return nil }
        let scheme = address[..<colon].lowercased()
        let rest = address[address.index(after: colon)...]
        switch scheme {
        case "mailto":
            let parts = rest.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
            let recipients = parts.first ?? ""
            let decoded = String(recipients).removingPercentEncoding ?? String(recipients)
            let addresses = decoded.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            // `mailto:?subject=...` (no recipient, the mail program asks) is valid (RFC 6068).
            let hasQuery = parts.count > 1 && !(parts.last ?? "").isEmpty
            guard addresses.allSatisfy(EmailAddress.looksValid), !addresses.isEmpty || hasQuery else {
                return Problem(
                    message: "the email link '\(raw)' has no valid address",
                    hint: "write it as mailto:name@example.org"
                )
            }
            return nil
        case "tel":
            // Parameters after ';' (`;ext=12`, RFC 3966) are not part of the number.
            let number = String(rest.prefix { $0 != ";" }).removingPercentEncoding ?? String(rest)
            let digits = number.filter(\.isASCIIDigit)
            let allowed = number.allSatisfy { $0.isASCIIDigit || " +-().".contains($0) }
            guard allowed, (3...15).contains(digits.count) else {
                return Problem(
                    message: "the phone link '\(raw)' is not a phone number",
                    hint: "write it as tel: followed by the number's digits, e.g. tel:988 or tel:+1-650-555-0100"
                )
            }
            return nil
        case "http", "https":
            guard address.contains(where: \.isWhitespace) || URL(string: address)?.host?.isEmpty != false else {
                return nil
            }
            return Problem(
                message: "'\(raw)' is not a valid web address",
                hint: "check it in a browser; write it as https://example.org/path, without spaces"
            )
        default:
            return nil
        }
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
