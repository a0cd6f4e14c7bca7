import Foundation
import PortalSupport

/// One problem with one answer, worded for the person filling in the form.
public struct FormFieldError: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable {
        case required, format
        case tooLong = "too_long"
        /// Not one of the options offered, or more than one value where one is expected.
        case invalid
    }

    public var field: String
    public var kind: Kind
    public var message: String

    public init(field: String, kind: Kind, message: String) {
        self.field = field
        self.kind = kind
        self.message = message
    }
}

extension FormDefinition {
    /// Checks submitted values (each field's values, as a form post sends them) against the
    /// definition. Returns the problems in the order the questions are asked; empty means valid.
    /// Unknown names are ignored here; `answers(from:)` drops them before anything is stored.
    public func validate(_ values: [String: [String]], language: String) -> [FormFieldError] {
        let language = resolvedLanguage(language)
        var errors: [FormFieldError] = []
        for field in fields {
            let given = Self.cleaned(values[field.name] ?? [])
            if let kind = problem(field, given, all: values) {
                errors.append(
                    FormFieldError(field: field.name, kind: kind, message: message(kind, field, language))
                )
            }
        }
        return errors
    }

    /// True when the hidden honeypot field has anything in it: a bot, not a person.
    public static func isHoneypotFilled(_ values: [String: [String]]) -> Bool {
        !(cleaned(values[honeypotField] ?? []).isEmpty)
    }

    /// The answers worth storing: known fields only, trimmed, empty ones left out.
    public func answers(from values: [String: [String]]) -> [String: [String]] {
        var result: [String: [String]] = [:]
        for field in fields {
            let given = Self.cleaned(values[field.name] ?? [])
            if !given.isEmpty { result[field.name] = given }
        }
        return result
    }

    /// Whether `field` must be answered, given the other answers.
    public func isRequired(_ field: FormField, given values: [String: [String]]) -> Bool {
        if field.required { return true }
        guard let condition = field.requiredWhen else { return false }
        let chosen = Self.cleaned(values[condition.field] ?? [])
        return chosen.contains { condition.values.contains($0) }
    }

    func problem(
        _ field: FormField,
        _ given: [String],
        all values: [String: [String]]
    )
        -> FormFieldError.Kind?
    {
        if given.isEmpty { return isRequired(field, given: values) ? .required : nil }
        if !field.isMultiple && given.count > 1 { return .invalid }
        switch field.kind {
        case .radios, .checkboxes:
            let offered = Set(field.options.map(\.value))
            return given.allSatisfy(offered.contains) ? nil : .invalid
        case .confirm:
            return given == ["yes"] ? nil : .invalid
        case .text, .textarea, .email, .tel:
            let value = given[0]
            if let max = field.maxLength, value.count > max { return .tooLong }
            if field.kind == .email && !Self.looksLikeEmail(value) { return .format }
            if field.kind == .tel && !Self.looksLikePhone(value) { return .format }
            return nil
        }
    }

    /// The wording of one kind of problem with one field (e.g. a JSON number where text belongs).
    public func message(for kind: FormFieldError.Kind, field name: String, language: String) -> String {
        guard let field = field(named: name) else { return text("invalid", language) }
        return message(kind, field, resolvedLanguage(language))
    }

    func message(_ kind: FormFieldError.Kind, _ field: FormField, _ language: String) -> String {
        if let specific = field.errors[kind.rawValue] {
            return specific.in(language, fallback: languages.first)
        }
        let template: String
        switch kind {
        case .tooLong: template = text("too_long", language)
        case .format, .invalid, .required: template = text("invalid", language)
        }
        return
            template
            .replacingOccurrences(
                of: "{label}",
                with: field.label.in(language, fallback: languages.first)
            )
            .replacingOccurrences(of: "{max}", with: Self.grouped(field.maxLength ?? 0, language))
    }

    /// Something@something.tld, no spaces: strict enough to catch typos, loose enough for real
    /// addresses (the team replies by hand, so a strange but valid address still works).
    public static func looksLikeEmail(_ value: String) -> Bool { EmailAddress.looksValid(value) }

    /// Digits with the usual separators, 7 to 15 digits (E.164's maximum), an optional leading +.
    public static func looksLikePhone(_ value: String) -> Bool {
        guard value.range(of: #"^\+?[0-9 ().\-]+$"#, options: .regularExpression) != nil else {
            return false
        }
        let digits = value.filter(\.isASCII).filter(\.isNumber).count
        return (7...15).contains(digits)
    }

    static func cleaned(_ values: [String]) -> [String] {
        values.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    }

    /// 1000 -> "1,000" in English and "1000" in Spanish (RAE: no separator for four digits).
    static func grouped(_ number: Int, _ language: String) -> String {
        if language == "en" && number >= 1000 {
            return "\(number / 1000),\(String(format: "%03d", number % 1000))"
        }
        return "\(number)"
    }
}
