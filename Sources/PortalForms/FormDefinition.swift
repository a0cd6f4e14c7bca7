/// The request form, defined once in a YAML file under `content/`, and used three ways: rendered into
/// the site's page (`renderHTML`), published as a JSON Schema (`jsonSchema`), and enforced by the
/// intake service (`validate`). Changing a question is a content edit, not a code change.
public struct FormDefinition: Sendable, Equatable {
    /// Languages the form is written in, in the order the file lists them; the first is the fallback.
    public var languages: [String]
    /// Output path of the form page per language, relative to the site root (e.g. `request/`).
    public var pages: [String: String]
    /// Path of the confirmation page per language, relative to the site root (e.g. `request/sent/`).
    public var confirmation: [String: String]
    /// Questions in the order they are asked.
    public var fields: [FormField]
    /// Shared wording: submit button, "(optional)", error summary title, privacy note, ...
    public var text: [String: LocalizedText]

    /// Name of the hidden field that people never see and bots fill in.
    public static let honeypotField = "website"
    /// Name of the hidden field carrying the per-page-load key that makes a double submit harmless.
    public static let idempotencyField = "idempotency_key"
    /// Name of the hidden field telling the service which language the form was shown in.
    public static let languageField = "lang"
    /// Where the builder's `form-shell.html` has the form removed; the intake service puts the
    /// re-rendered form (with its errors) back there.
    public static let shellSlot = "<!--portal:form-->"
    /// Put at the start of the shell's `<title>` text; the service replaces it with "Error: ".
    public static let titlePrefixSlot = "<!--portal:title-prefix-->"
    /// Where the builder's shell has the start of `<main>`: the intake service puts the error
    /// summary (or a notice) there, so it is the first thing a person sees, not thousands of
    /// pixels down a long page on a phone.
    public static let summarySlot = "<!--portal:summary-->"
    /// Stands for the reference number in the confirmation shell (text and the language switch's
    /// addresses); only characters that need no escaping anywhere.
    public static let referenceSlot = "PORTAL-REFERENCE-SLOT"
    /// Name of the shell file the builder writes next to each form page.
    public static let shellFileName = "form-shell.html"
    /// Name of the shell file the builder writes next to each confirmation page: the built page
    /// with `referenceSlot` where the reference goes, filled in by the service after a plain post.
    public static let confirmationShellFileName = "confirmation-shell.html"
    /// Page written at the site's root that a proxy serves when the service is down
    /// (`deploy/nginx/intake.conf`), in every language of the form.
    public static let unavailablePageName = "form-unavailable.html"
    /// The form's `id`: every "Request support" link goes straight to it (`page/#request-form`).
    public static let formAnchor = "request-form"
    /// The error summary's (or failure notice's) `id`: the form's action ends with it, so the
    /// page that answers a plain post with mistakes opens scrolled to the summary.
    public static let summaryAnchor = "error-summary"
    /// Name of the JSON Schema file the builder writes next to each form page.
    public static let schemaFileName = "form.schema.json"

    public init(
        languages: [String],
        pages: [String: String],
        confirmation: [String: String],
        fields: [FormField],
        text: [String: LocalizedText]
    ) {
        self.languages = languages
        self.pages = pages
        self.confirmation = confirmation
        self.fields = fields
        self.text = text
    }

    public func field(named name: String) -> FormField? {
        fields.first { $0.name == name }
    }

    /// The language to use for `requested`: itself when the form has it, otherwise the first one.
    public func resolvedLanguage(_ requested: String) -> String {
        languages.contains(requested) ? requested : (languages.first ?? "en")
    }

    /// Shared wording in one language, empty when the file does not define it.
    public func text(_ key: String, _ language: String) -> String {
        text[key]?.in(language, fallback: languages.first) ?? ""
    }
}

/// One question on the form.
public struct FormField: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case text, email, tel, textarea
        /// Pick exactly one option.
        case radios
        /// Pick one or more options.
        case checkboxes
        /// A single box that must be ticked (its value is "yes").
        case confirm
    }

    public var name: String
    public var kind: Kind
    public var label: LocalizedText
    public var hint: LocalizedText?
    /// Why the question is asked, shown under the hint.
    public var why: LocalizedText?
    /// Shown beside a `confirm` box (e.g. the 988 line).
    public var aside: LocalizedText?
    public var required: Bool
    /// Required only when another field has one of these values.
    public var requiredWhen: Condition?
    public var maxLength: Int?
    public var options: [FormOption]
    /// HTML `autocomplete` token, e.g. `tel`, `email`, `given-name`.
    public var autocomplete: String?
    /// HTML `inputmode`, e.g. `tel`, `email`.
    public var inputmode: String?
    /// Error messages by kind (`required`, `format`, `too_long`, `invalid`).
    public var errors: [String: LocalizedText]

    public init(
        name: String,
        kind: Kind,
        label: LocalizedText,
        hint: LocalizedText? = nil,
        why: LocalizedText? = nil,
        aside: LocalizedText? = nil,
        required: Bool = false,
        requiredWhen: Condition? = nil,
        maxLength: Int? = nil,
        options: [FormOption] = [],
        autocomplete: String? = nil,
        inputmode: String? = nil,
        errors: [String: LocalizedText] = [:]
    ) {
        self.name = name
        self.kind = kind
        self.label = label
        self.hint = hint
        self.why = why
        self.aside = aside
        self.required = required
        self.requiredWhen = requiredWhen
        self.maxLength = maxLength
        self.options = options
        self.autocomplete = autocomplete
        self.inputmode = inputmode
        self.errors = errors
    }

    /// Checkbox lists send several values; everything else sends one.
    public var isMultiple: Bool { kind == .checkboxes }
    /// Radio and checkbox groups are wrapped in a fieldset with a legend.
    public var isGroup: Bool { kind == .radios || kind == .checkboxes }
    /// Whether the person may leave it empty in every case (shown as "(optional)").
    public var isOptional: Bool { !required && requiredWhen == nil }
}

public struct FormOption: Sendable, Equatable {
    public var value: String
    public var label: LocalizedText
    public init(value: String, label: LocalizedText) {
        self.value = value
        self.label = label
    }
}

/// "This field is required when `field` is one of `values`."
public struct Condition: Sendable, Equatable {
    public var field: String
    public var values: [String]
    public init(field: String, values: [String]) {
        self.field = field
        self.values = values
    }
}

/// The same words in several languages, keyed by language code (`en`, `es`).
public struct LocalizedText: Sendable, Equatable {
    public var values: [String: String]
    public init(_ values: [String: String]) { self.values = values }

    public func `in`(_ language: String, fallback: String? = nil) -> String {
        if let text = values[language] { return text }
        if let fallback, let text = values[fallback] { return text }
        return values["en"] ?? values.sorted { $0.key < $1.key }.first?.value ?? ""
    }
}
