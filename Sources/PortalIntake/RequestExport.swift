import Foundation
import PortalForms

/// `portal intake export`: the requests for the team, as CSV (for a spreadsheet) or JSON.
public enum RequestExport {
    public enum Format: String, Sendable, CaseIterable {
        case csv, json
    }

    public static func render(_ requests: [StoredRequest], form: FormDefinition?, format: Format) -> String {
        let fields = form?.fields.map(\.name) ?? Array(Set(requests.flatMap { $0.answers.keys })).sorted()
        switch format {
        case .csv: return csv(requests, fields: fields)
        case .json: return json(requests)
        }
    }

    static func csv(_ requests: [StoredRequest], fields: [String]) -> String {
        // `form_language`: the language the form was shown in; the form may ask a `language` of its own.
        let header = ["id", "received_at", "handled_at", "form_language"] + fields
        var lines = [header.map(cell).joined(separator: ",")]
        for request in requests {
            var row = [
                request.id, timestamp(request.receivedAt), request.handledAt.map(timestamp) ?? "", request.language,
            ]
            row += fields.map { (request.answers[$0] ?? []).joined(separator: "; ") }
            lines.append(row.map(cell).joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// Quoted per RFC 4180. A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, or a
    /// tab or carriage return first) gets a leading apostrophe, so what someone typed stays text.
    static func cell(_ value: String) -> String {
        var text = value
        if let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) {
            text = "'" + text
        }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func json(_ requests: [StoredRequest]) -> String {
        struct Item: Encodable {
            let id: String
            let received_at: String
            let handled_at: String?
            let language: String
            let answers: [String: [String]]
        }
        let items = requests.map {
            Item(
                id: $0.id,
                received_at: timestamp($0.receivedAt),
                handled_at: $0.handledAt.map(timestamp),
                language: $0.language,
                answers: $0.answers
            )
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(items)) ?? Data("[]".utf8), as: UTF8.self) + "\n"
    }

    /// Control characters (escape sequences and the like) written as visible `\u{1B}` text, for a
    /// terminal; line breaks and tabs stay.
    public static func visibleControls(_ text: String) -> String {
        var out = ""
        out.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            let value = scalar.value
            let control =
                (value < 0x20 && scalar != "\n" && scalar != "\r" && scalar != "\t") || (0x7F...0x9F).contains(value)
            if control {
                out += "\\u{" + String(value, radix: 16, uppercase: true) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static func timestamp(_ date: Date) -> String {
        ISO8601DateFormatter().string(from: date)
    }
}

/// `30d`, `12h`, `2w`, `90m`: how far back `purge --older-than` keeps requests.
public enum RetentionPeriod {
    /// Requests older than this are deleted by `purge` when no period is given.
    public static let defaultPeriod = "30d"

    public static func seconds(_ text: String) -> TimeInterval? {
        guard let unit = text.last, let number = Int(text.dropLast()), number > 0 else { return nil }
        switch unit {
        case "m": return TimeInterval(number) * 60
        case "h": return TimeInterval(number) * 3600
        case "d": return TimeInterval(number) * 86400
        case "w": return TimeInterval(number) * 7 * 86400
        default: return nil
        }
    }
}
