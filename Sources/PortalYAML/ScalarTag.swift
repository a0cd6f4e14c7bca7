/// YAML 1.1 core tag resolution for plain (unquoted) scalars: the same answers as Yams'
/// default resolver for the values a site uses, without regular expressions.
enum ScalarTag {
    static func resolve(_ text: String) -> String {
        switch text {
        case "", "~", "null", "Null", "NULL": return "null"
        case "true", "True", "TRUE", "false", "False", "FALSE", "yes", "Yes", "YES", "no", "No",
            "NO", "on", "On", "ON", "off", "Off", "OFF", "y", "Y", "n", "N":
            return "bool"
        default: break
        }
        let bytes = Array(text.utf8)
        if isInteger(bytes) { return "int" }
        if isFloat(bytes, text) { return "float" }
        if isTimestamp(bytes) { return "timestamp" }
        return "str"
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }

    private static func isInteger(_ bytes: [UInt8]) -> Bool {
        var digits = bytes[...]
        if let first = digits.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty else { return false }
        return digits.allSatisfy { isDigit($0) || $0 == UInt8(ascii: "_") } && isDigit(digits[digits.startIndex])
    }

    private static func isFloat(_ bytes: [UInt8], _ text: String) -> Bool {
        if [".inf", ".Inf", ".INF", "-.inf", "+.inf", ".nan", ".NaN", ".NAN"].contains(text) { return true }
        guard
            bytes.contains(UInt8(ascii: ".")) || bytes.contains(UInt8(ascii: "e")) || bytes.contains(UInt8(ascii: "E"))
        else { return false }
        guard bytes.contains(where: isDigit) else { return false }
        let allowed = bytes.allSatisfy {
            isDigit($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E")
                || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "_")
        }
        return allowed && Double(text.replacingOccurrences(of: "_", with: "")) != nil
    }

    /// `2026-11-24`, optionally followed by a time.
    private static func isTimestamp(_ bytes: [UInt8]) -> Bool {
        guard bytes.count >= 10, bytes[4] == UInt8(ascii: "-") else { return false }
        let date = bytes[0..<10]
        for (index, byte) in date.enumerated() where index != 4 && index != 7 {
            if !isDigit(byte) { return false }
        }
        return bytes[7] == UInt8(ascii: "-")
            && (bytes.count == 10 || bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: "t")
                || bytes[10] == UInt8(ascii: " "))
    }
}
