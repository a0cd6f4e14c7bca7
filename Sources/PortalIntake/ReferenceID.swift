/// Reference numbers people can read out on the phone: `PS-7K3M-Q9XD`. Random (40 bits), so they
/// reveal neither how many requests there are nor when one was made; no 0/O, 1/I/L or U to confuse.
enum ReferenceID {
    static let alphabet = Array("23456789ABCDEFGHJKMNPQRSTVWXYZ")

    static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        let characters = (0..<8).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] }
        return "PS-" + String(characters[0..<4]) + "-" + String(characters[4..<8])
    }

    static func isWellFormed(_ text: String) -> Bool {
        text.range(of: "^PS-[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}$", options: .regularExpression) != nil
    }
}

/// Keys the page's script (or the service's error page) puts in the form, one per form load.
enum IdempotencyKey {
    static func isWellFormed(_ text: String) -> Bool {
        text.range(of: "^[A-Za-z0-9_-]{8,64}$", options: .regularExpression) != nil
    }

    static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<2).map { _ in String(UInt64.random(in: .min ... .max, using: &generator), radix: 36) }
            .joined(separator: "-")
    }
}
