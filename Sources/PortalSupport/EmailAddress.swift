/// Whether text looks like an email address, by one rule for the request form's email field and
/// the checker's `mailto:` links: at most 254 characters, one `@` with something before it, a
/// domain with a dot neither first nor last, and no spaces. Not RFC 5322: enough to catch a
/// typing slip, without refusing any address a person really has.
public enum EmailAddress {
    public static func looksValid(_ text: String) -> Bool {
        guard text.utf8.count <= 254, !text.contains(where: \.isWhitespace) else { return false }
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty else { return false }
        let domain = parts[1]
        return domain.contains(".") && !domain.hasPrefix(".") && !domain.hasSuffix(".")
    }
}
