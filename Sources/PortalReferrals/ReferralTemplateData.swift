import PortalYAML

extension ReferralDirectory {
    /// The directory in one language, as templates see it (`referrals.categories[...]`).
    /// `url(category)` gives the category page's URL, or nil when it has none.
    public func templateValue(language: String, fallback: String, url: (String) -> String?) -> [String: Any] {
        func pick(_ texts: [String: String]) -> String { texts[language] ?? texts[fallback] ?? "" }
        let categoryValues: [[String: Any]] = categories.compactMap { category in
            let items = entries(in: category.id).map { entry -> [String: Any] in
                var value: [String: Any] = [
                    "id": entry.id, "name": pick(entry.name), "description": pick(entry.description),
                    "category": category.id, "languages": entry.languages.joined(separator: ", "),
                    "has_languages": !entry.languages.isEmpty,
                    "last_verified": entry.lastVerified?.description ?? "",
                ]
                if let phone = entry.phone { value["phone"] = phone; value["phone_href"] = PhoneNumber.uri("tel", phone) }
                if let text = entry.text { value["text"] = text; value["text_href"] = PhoneNumber.uri("sms", text) }
                if let web = entry.web { value["web"] = web }
                if !entry.hours.isEmpty { value["hours"] = pick(entry.hours) }
                if !entry.cost.isEmpty { value["cost"] = pick(entry.cost) }
                return value
            }
            var value: [String: Any] = [
                "id": category.id, "name": pick(category.name), "description": pick(category.description),
                "entries": items, "has_entries": !items.isEmpty, "count": items.count,
            ]
            if let link = url(category.id) { value["url"] = link }
            return items.isEmpty ? nil : value
        }
        return ["categories": categoryValues, "has_categories": !categoryValues.isEmpty]
    }
}
