import Foundation
import PortalDiagnostics
import PortalYAML

/// The referral directory, read from `data/referrals.yml` and checked: every entry has what a
/// worker needs to reach the service, in every language, and says when it was last verified.
public struct ReferralDirectory: Sendable {
    public struct Category: Sendable {
        public var id: String
        public var name: [String: String]
        public var description: [String: String]
    }

    public struct Entry: Sendable {
        public var id: String
        public var name: [String: String]
        public var category: String
        public var description: [String: String]
        public var phone: String?
        public var text: String?
        public var web: String?
        public var languages: [String]
        public var hours: [String: String]
        public var cost: [String: String]
        public var lastVerified: YAMLDate?
        /// Where the facts come from (shown with the date they were compared with it).
        public var source: String = ""
        public var line: Int
    }

    public var file: String
    public var categories: [Category]
    public var entries: [Entry]

    public func entries(in category: String) -> [Entry] {
        entries.filter { $0.category == category }
    }
}

extension ReferralDirectory {
    /// Reads and checks the directory. Problems go to `diagnostics`; entries with errors are kept
    /// out of the directory so the site never shows half an entry.
    public static func read(
        _ root: YAMLNode,
        file: String,
        languages: [String],
        today: YAMLDate,
        staleAfterYears: Int,
        diagnostics: DiagnosticCollector
    ) -> ReferralDirectory {
        var problems = ReferralProblems(file: file, diagnostics: diagnostics)
        var categories: [Category] = []
        for node in root["categories"]?.items ?? [] {
            guard let id = node["id"]?.text else {
                problems.error(node, "a category has no 'id'", "add 'id: crisis-line' (lowercase words joined by '-')")
                continue
            }
            categories.append(
                Category(
                    id: id,
                    name: problems.localized(node, "name", languages, required: true),
                    description: problems.localized(node, "description", languages, required: false)
                )
            )
        }
        let categoryIDs = Set(categories.map(\.id))
        let staleBefore = today.minusYears(staleAfterYears)
        var entries: [Entry] = []
        var seen: Set<String> = []
        for node in root["entries"]?.items ?? [] {
            let before = problems.errorCount
            let id = node["id"]?.text ?? ""
            if id.isEmpty {
                problems.error(node, "an entry has no 'id'", "add 'id: short-name' to the entry")
            } else if seen.contains(id) {
                problems.error(node["id"] ?? node, "two entries use the id '\(id)'", "give each entry its own id")
            }
            seen.insert(id)
            let category = node["category"]?.text ?? ""
            if !categoryIDs.contains(category) {
                problems.error(
                    node["category"] ?? node,
                    "entry '\(id)' has the category '\(category)', which is not listed under 'categories'",
                    "use one of: \(categories.map(\.id).joined(separator: ", "))"
                )
            }
            let phone = problems.phone(node, "phone")
            let text = problems.phone(node, "text")
            let web = problems.web(node)
            var lastVerified: YAMLDate?
            if let verified = node["last_verified"] {
                if let date = verified.date {
                    lastVerified = date
                    if date < staleBefore {
                        problems.warning(
                            verified,
                            "entry '\(id)' was last verified on \(date), more than \(staleAfterYears) year\(staleAfterYears == 1 ? "" : "s") ago",
                            "check the entry's phone, hours and address with the service, then set 'last_verified' to that day"
                        )
                    }
                } else {
                    problems.error(
                        verified,
                        "'last_verified' must be a date, found \(verified.kindDescription)",
                        "write it as YYYY-MM-DD"
                    )
                }
            } else {
                problems.error(
                    node,
                    "entry '\(id)' has no 'last_verified' date",
                    "add 'last_verified: YYYY-MM-DD', the day someone checked the entry"
                )
            }
            let languageList = node["languages"]?.items.compactMap(\.text) ?? []
            let entry = Entry(
                id: id,
                name: problems.localized(node, "name", languages, required: true),
                category: category,
                description: problems.localized(node, "description", languages, required: true),
                phone: phone,
                text: text,
                web: web,
                languages: languageList,
                hours: problems.localized(node, "hours", languages, required: false),
                cost: problems.localized(node, "cost", languages, required: false),
                lastVerified: lastVerified,
                source: node["source"]?.text ?? "",
                line: node.line
            )
            if problems.errorCount == before { entries.append(entry) }
        }
        return ReferralDirectory(file: file, categories: categories, entries: entries)
    }
}

/// Reports problems in the referral file with its line numbers.
struct ReferralProblems {
    let file: String
    let diagnostics: DiagnosticCollector
    var errorCount = 0

    mutating func error(_ node: YAMLNode, _ message: String, _ hint: String) {
        errorCount += 1
        diagnostics.report(.error(file, line: node.line, column: node.column, rule: "referral", message, hint: hint))
    }

    func warning(_ node: YAMLNode, _ message: String, _ hint: String) {
        diagnostics.report(
            .warning(file, line: node.line, column: node.column, rule: "stale-referral", message, hint: hint)
        )
    }

    /// `{en: ..., es: ...}`: every site language is needed when the field is required or present.
    mutating func localized(_ node: YAMLNode, _ key: String, _ languages: [String], required: Bool) -> [String: String]
    {
        guard let value = node[key] else {
            if required {
                error(
                    node,
                    "'\(key)' is missing",
                    "add '\(key): {\(languages.map { "\($0): ..." }.joined(separator: ", "))}'"
                )
            }
            return [:]
        }
        var texts: [String: String] = [:]
        for language in languages {
            if let text = value[language]?.text, !text.isEmpty {
                texts[language] = text
            } else {
                error(
                    value,
                    "'\(key)' has no '\(language)' text",
                    "write the text in every language: \(languages.joined(separator: ", "))"
                )
            }
        }
        return texts
    }

    /// Digits as dialled: `988`, `(855) 845-7415`, `1-800-...`.
    mutating func phone(_ node: YAMLNode, _ key: String) -> String? {
        guard let value = node[key] else { return nil }
        guard let text = value.text, PhoneNumber.isValid(text) else {
            error(
                value,
                "'\(key)' is not a phone number: \(value.kindDescription)",
                "write it as dialled, e.g. \"988\" or \"(855) 845-7415\", in quotes"
            )
            return nil
        }
        return text
    }

    mutating func web(_ node: YAMLNode) -> String? {
        guard let value = node["web"] else { return nil }
        guard let text = value.text, let url = URLComponents(string: text), url.scheme == "https",
            url.host?.isEmpty == false
        else {
            error(
                value,
                "'web' must be an https:// address, found \(value.kindDescription)",
                "write the full address, starting with https://"
            )
            return nil
        }
        return text
    }
}

public enum PhoneNumber {
    /// Three-digit service numbers (988, 211) or ten/eleven-digit North American numbers.
    public static func isValid(_ text: String) -> Bool {
        let allowed = text.allSatisfy { $0.isNumber || " ()-+.".contains($0) }
        let digits = digitsOnly(text)
        return allowed && (digits.count == 3 || digits.count == 10 || (digits.count == 11 && digits.hasPrefix("1")))
    }

    public static func digitsOnly(_ text: String) -> String {
        String(text.filter { $0.isASCII && $0.isNumber })
    }

    /// `tel:` / `sms:` target: `+18558457415`, or the short number itself.
    public static func uri(_ scheme: String, _ text: String) -> String {
        let digits = digitsOnly(text)
        switch digits.count {
        case 10: return "\(scheme):+1\(digits)"
        case 11: return "\(scheme):+\(digits)"
        default: return "\(scheme):\(digits)"
        }
    }
}
