import PortalYAML

/// A date as a reader writes it ("24 November 2026", "24 de noviembre de 2026"), without the
/// system's locale data, so every build writes the same bytes; other languages get YYYY-MM-DD.
enum DateText {
    static let months: [String: [String]] = [
        "en": [
            "January", "February", "March", "April", "May", "June", "July", "August", "September",
            "October", "November", "December",
        ],
        "es": [
            "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
            "octubre", "noviembre", "diciembre",
        ],
    ]

    static func long(_ date: YAMLDate, language: String) -> String {
        guard let names = months[language], names.indices.contains(date.month - 1) else { return date.description }
        let month = names[date.month - 1]
        return language == "es" ? "\(date.day) de \(month) de \(date.year)" : "\(date.day) \(month) \(date.year)"
    }
}
