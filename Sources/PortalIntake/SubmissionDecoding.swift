import Foundation

/// What a POST carried, decoded strictly: a body that is not valid UTF-8 or not well-formed is
/// refused (400) rather than guessed at.
struct Submission {
    enum Encoding: Equatable {
        /// A plain HTML form post: answered with a redirect or an HTML page.
        case form
        /// The page's script: answered with JSON.
        case json
    }

    var encoding: Encoding
    var values: [String: [String]]
    /// JSON members whose type is wrong (a number where text was expected, ...).
    var wrongTypes: [String] = []

    enum Failure: Error, Equatable {
        case unsupportedMediaType
        case malformed(String)
    }

    /// Which encoding a `Content-Type` names; anything else (or a charset other than UTF-8) is 415.
    static func encoding(forContentType header: String?) throws(Failure) -> Encoding {
        guard let header else { throw .unsupportedMediaType }
        let parts = header.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        for parameter in parts.dropFirst() where parameter.hasPrefix("charset=") {
            let charset = parameter.dropFirst("charset=".count).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            if charset != "utf-8" && charset != "utf8" { throw .unsupportedMediaType }
        }
        switch parts.first {
        case "application/x-www-form-urlencoded": return .form
        case "application/json": return .json
        default: throw .unsupportedMediaType
        }
    }

    static func decode(_ body: [UInt8], as encoding: Encoding) throws(Failure) -> Submission {
        guard let text = String(validating: body, as: UTF8.self) else {
            throw .malformed("the body is not valid UTF-8")
        }
        switch encoding {
        case .form: return Submission(encoding: .form, values: try decodeForm(text))
        case .json: return try decodeJSON(body)
        }
    }

    /// `application/x-www-form-urlencoded`: `+` is a space, `%XX` a byte; the decoded bytes must
    /// be UTF-8 too. Repeated names (checkboxes) collect their values in order.
    static func decodeForm(_ text: String) throws(Failure) -> [String: [String]] {
        var values: [String: [String]] = [:]
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = try percentDecoded(parts[0])
            let value = parts.count > 1 ? try percentDecoded(parts[1]) : ""
            values[name, default: []].append(value)
        }
        return values
    }

    static func percentDecoded(_ text: Substring) throws(Failure) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "+"): bytes.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                    throw .malformed("a % escape is not followed by two hex digits")
                }
                bytes.append(high << 4 | low)
            default: bytes.append(byte)
            }
        }
        guard let decoded = String(validating: bytes, as: UTF8.self) else {
            throw .malformed("a %-escaped value is not valid UTF-8")
        }
        return decoded
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// A JSON object whose members are text, lists of text, or null.
    static func decodeJSON(_ body: [UInt8]) throws(Failure) -> Submission {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(body), options: [])
        } catch {
            throw .malformed("the body is not well-formed JSON")
        }
        guard let members = object as? [String: Any] else { throw .malformed("the body must be a JSON object") }
        var submission = Submission(encoding: .json, values: [:])
        for (name, value) in members {
            switch value {
            case let text as String:
                submission.values[name] = [text]
            case let list as [Any] where list.allSatisfy({ $0 is String }):
                submission.values[name] = list.compactMap { $0 as? String }
            case is NSNull:
                continue
            default:
                submission.wrongTypes.append(name)
            }
        }
        submission.wrongTypes.sort()
        return submission
    }
}
