import Foundation
import PortalYAML

extension ReferralDirectory {
    /// The directory in one language, as templates see it (`referrals.categories[...]`).
    /// `url(category)` gives the category page's URL, or nil when it has none. Every key is
    /// present and absent values are `false`: Mustache would otherwise take an entry's missing
    /// `description` from its category, and it treats an empty string as true.
    public func templateValue(language: String, fallback: String, url: (String) -> String?) -> [String: Any] {
        func pick(_ texts: [String: String]) -> Any {
            texts[language] ?? texts[fallback] ?? false
        }
        let categoryValues: [[String: Any]] = categories.compactMap { category in
            let items = entries(in: category.id).map { entry -> [String: Any] in
                let languages = entry.languages.map { LanguageNames.name(of: $0, in: language) }
                return [
                    "id": entry.id, "name": pick(entry.name), "description": pick(entry.description),
                    "category": category.id,
                    "phone": entry.phone ?? false,
                    "phone_href": entry.phone.map { PhoneNumber.uri("tel", $0) } ?? false,
                    "text": entry.text ?? false, "text_href": entry.text.map { PhoneNumber.uri("sms", $0) } ?? false,
                    "web": entry.web ?? false,
                    "web_label": entry.web.flatMap { URLComponents(string: $0)?.host } ?? false,
                    "languages": languages.isEmpty ? false : languages.joined(separator: ", "),
                    "has_languages": !languages.isEmpty,
                    "hours": entry.hours.isEmpty ? false : pick(entry.hours),
                    "cost": entry.cost.isEmpty ? false : pick(entry.cost),
                    "last_verified": entry.lastVerified?.description ?? false,
                    "source": entry.source.isEmpty ? false : entry.source,
                ]
            }
            guard !items.isEmpty else { return nil }
            return [
                "id": category.id, "name": pick(category.name), "description": pick(category.description),
                "entries": items, "has_entries": true, "count": items.count,
                "url": url(category.id) ?? false,
            ]
        }
        return ["categories": categoryValues, "has_categories": !categoryValues.isEmpty]
    }
}

/// Language names as a reader of each site language writes them.
enum LanguageNames {
    static let names: [String: [String: String]] = [
        "en": ["en": "English", "es": "Spanish"],
        "es": ["en": "inglés", "es": "español"],
    ]

    static func name(of code: String, in language: String) -> String {
        names[language]?[code] ?? code
    }
}
