import Foundation

/// A parsed YAML value that remembers where it was written, so that every complaint about it
/// can name the file, line and column. Sendable, unlike Yams' own node.
public struct YAMLNode: Sendable, Hashable {
    public enum Value: Sendable, Hashable {
        /// `tag` is the resolved YAML tag name (`str`, `int`, `float`, `bool`, `null`, `timestamp`).
        case scalar(String, tag: String)
        case sequence([YAMLNode])
        case mapping([YAMLPair])
    }

    public var value: Value
    public var line: Int
    public var column: Int

    public init(_ value: Value, line: Int, column: Int) {
        self.value = value
        self.line = line
        self.column = column
    }

    public subscript(key: String) -> YAMLNode? {
        pair(key)?.value
    }

    public func pair(_ key: String) -> YAMLPair? {
        guard case .mapping(let pairs) = value else { return nil }
        return pairs.first { $0.key == key }
    }

    /// A mapping without its keys whose value is empty (`weight:`), which mean "not set".
    public var withoutEmptyValues: YAMLNode {
        guard case .mapping(let pairs) = value else { return self }
        return YAMLNode(.mapping(pairs.filter { !$0.value.isNull }), line: line, column: column)
    }

    public var pairs: [YAMLPair] {
        if case .mapping(let pairs) = value { return pairs }
        return []
    }

    public var items: [YAMLNode] {
        if case .sequence(let items) = value { return items }
        return []
    }

    public var isMapping: Bool { if case .mapping = value { true } else { false } }
    public var isSequence: Bool { if case .sequence = value { true } else { false } }
    public var isNull: Bool { if case .scalar(_, "null") = value { true } else { false } }

    /// Any scalar as text (numbers and dates too); nil for lists, maps and null.
    public var text: String? {
        if case .scalar(let text, let tag) = value, tag != "null" { return text }
        return nil
    }

    /// Only a scalar that YAML reads as a string (quoted, or plain words).
    public var string: String? {
        if case .scalar(let text, "str") = value { return text }
        return nil
    }

    public var int: Int? {
        if case .scalar(let text, "int") = value { return Int(text) }
        return nil
    }

    public var double: Double? {
        if case .scalar(let text, let tag) = value, tag == "int" || tag == "float" {
            return Double(text)
        }
        return nil
    }

    public var bool: Bool? {
        guard case .scalar(let text, "bool") = value else { return nil }
        return ["true", "yes", "on", "y"].contains(text.lowercased())
    }

    /// A calendar date written `YYYY-MM-DD` (a timestamp's date part is accepted too).
    public var date: YAMLDate? {
        guard let text = text else { return nil }
        return YAMLDate(text)
    }

    /// A short description of the kind of value, for error messages.
    public var kindDescription: String {
        switch value {
        case .sequence: return "a list"
        case .mapping: return "a map of keys"
        case .scalar(let text, let tag):
            switch tag {
            case "null": return "nothing"
            case "str": return "\"\(text)\""
            default: return text
            }
        }
    }

    /// A plain Swift value for templates: String, Int, Double, Bool, arrays and `[String: Any]`.
    public var templateValue: Any {
        switch value {
        case .scalar(let text, let tag):
            switch tag {
            case "int": return Int(text) ?? text
            case "float": return Double(text) ?? text
            case "bool": return bool ?? false
            case "null": return false
            default: return text
            }
        case .sequence(let items): return items.map(\.templateValue)
        case .mapping(let pairs):
            var dictionary: [String: Any] = [:]
            for pair in pairs { dictionary[pair.key] = pair.value.templateValue }
            return dictionary
        }
    }
}

public struct YAMLPair: Sendable, Hashable {
    public var key: String
    public var keyLine: Int
    public var keyColumn: Int
    public var value: YAMLNode

    public init(key: String, keyLine: Int, keyColumn: Int, value: YAMLNode) {
        self.key = key
        self.keyLine = keyLine
        self.keyColumn = keyColumn
        self.value = value
    }
}

/// A date without a time or zone: what editors mean by `date: 2026-11-24`.
public struct YAMLDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init?(_ text: String) {
        let datePart = text.prefix(10)
        let parts = datePart.split(separator: "-")
        guard datePart.count == 10, parts.count == 3, let year = Int(parts[0]),
            let month = Int(parts[1]), let day = Int(parts[2]), (1...12).contains(month),
            (1...31).contains(day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Today's date in UTC.
    public static func today(now: Date = Date()) -> YAMLDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: now)
        return YAMLDate(year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1)
    }

    public var description: String {
        String(format: "%04d-%02d-%02d", year, month, day)
    }

    public static func < (lhs: YAMLDate, rhs: YAMLDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// The same day `years` years earlier (29 February falls back to the 28th).
    public func minusYears(_ years: Int) -> YAMLDate {
        YAMLDate(year: year - years, month: month, day: (month == 2 && day == 29) ? 28 : day)
    }
}

extension YAMLNode {
    /// This map with `other`'s keys added or replacing: a child theme's strings over its parent's.
    public func overlaid(with other: YAMLNode) -> YAMLNode {
        guard case .mapping(var pairs) = value, case .mapping(let newPairs) = other.value else {
            return other
        }
        for pair in newPairs {
            if let index = pairs.firstIndex(where: { $0.key == pair.key }) {
                pairs[index] = pair
            } else {
                pairs.append(pair)
            }
        }
        return YAMLNode(.mapping(pairs), line: line, column: column)
    }
}
