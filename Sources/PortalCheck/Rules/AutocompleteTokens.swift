/// The `autocomplete` attribute's grammar from the HTML standard: optional `section-*`, optional
/// `shipping`/`billing`, then a field name (a contact field may be preceded by `home`, `work`,
/// `mobile`, `fax` or `pager`), optionally followed by `webauthn`; or `on`/`off` alone.
enum AutocompleteTokens {
    static let fieldNames: Set<Substring> = [
        "name", "honorific-prefix", "given-name", "additional-name", "family-name", "honorific-suffix", "nickname",
        "username", "new-password", "current-password", "one-time-code", "organization-title", "organization",
        "street-address", "address-line1", "address-line2", "address-line3", "address-level4", "address-level3",
        "address-level2", "address-level1", "country", "country-name", "postal-code", "cc-name", "cc-given-name",
        "cc-additional-name", "cc-family-name", "cc-number", "cc-exp", "cc-exp-month", "cc-exp-year", "cc-csc",
        "cc-type", "transaction-currency", "transaction-amount", "language", "bday", "bday-day", "bday-month",
        "bday-year", "sex", "url", "photo",
    ]
    static let contactFieldNames: Set<Substring> = [
        "tel", "tel-country-code", "tel-national", "tel-area-code", "tel-local", "tel-local-prefix",
        "tel-local-suffix", "tel-extension", "email", "impp",
    ]
    static let contactKinds: Set<Substring> = ["home", "work", "mobile", "fax", "pager"]

    static func isValid(_ value: String) -> Bool {
        var tokens = ArraySlice(value.lowercased().split(whereSeparator: \.isWhitespace))
        if tokens.count == 1, tokens[tokens.startIndex] == "on" || tokens[tokens.startIndex] == "off" { return true }
        if tokens.last == "webauthn" { tokens = tokens.dropLast() }
        if let first = tokens.first, first.hasPrefix("section-"), first.count > 8 { tokens = tokens.dropFirst() }
        if let first = tokens.first, first == "shipping" || first == "billing" { tokens = tokens.dropFirst() }
        guard let field = tokens.popLast() else { return false }
        if fieldNames.contains(field) { return tokens.isEmpty }
        guard contactFieldNames.contains(field) else { return false }
        if let kind = tokens.popLast(), !contactKinds.contains(kind) { return false }
        return tokens.isEmpty
    }
}
